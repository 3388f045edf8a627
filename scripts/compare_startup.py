"""Whole-process start-up of this checkout against another revision, interleaved.

    python scripts/compare_startup.py REVISION [--rounds 21]

Start-up times on a shared machine drift by tens of percent within minutes, so two separate runs
of ``scripts/benchmark_process.py`` cannot show a 10% change. This checks REVISION out into a
temporary git worktree and runs ``govreport extract`` on the TXT, DOCX and PDF sample in both
trees in turn, round after round (bytecode cached, the same interpreter and installed packages),
and prints each tree's median and the difference. Each tree's command is its own console entry
point, as its ``pyproject.toml`` declares it, called the way the installed script calls it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from benchmark_process import STARTUP_FILES, child_env, timed_run

ROOT = Path(__file__).resolve().parents[1]
FILES = tuple(f"samples/{name}" for name in STARTUP_FILES)  # relative: each tree reads its own


def entry_point(tree: Path) -> list[str]:
    """``python -c`` arguments that run TREE's ``govreport`` script as the installed wrapper does."""
    spec = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["govreport"]
    module, _, function = spec.partition(":")
    return [sys.executable, "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


def _run(command: list[str], tree: Path, sample: str, out: Path, env: dict[str, str]) -> float:
    return timed_run([*command, "extract", sample, "-o", str(out)], env, cwd=tree)


def compare(revision: str, rounds: int) -> dict[str, tuple[float, float]]:
    """Per sample: (median seconds at REVISION, median seconds here)."""
    env = child_env()
    with tempfile.TemporaryDirectory(prefix="govreport-startup-") as tmp:
        other = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), revision], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            trees = {"then": other, "now": ROOT}
            commands = {name: entry_point(tree) for name, tree in trees.items()}
            out = Path(tmp) / "out.json"
            for name, tree in trees.items():  # warm-up: bytecode written, files in the page cache
                for sample in FILES:
                    _run(commands[name], tree, sample, out, env)
            times: dict[tuple[str, str], list[float]] = {(t, s): [] for t in trees for s in FILES}
            for _ in range(rounds):
                for sample in FILES:
                    for name, tree in trees.items():
                        times[(name, sample)].append(_run(commands[name], tree, sample, out, env))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {s: (statistics.median(times[("then", s)]), statistics.median(times[("now", s)])) for s in FILES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision", help="a git revision of this repository (commit, tag, branch)")
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    for sample, (then, now) in compare(args.revision, args.rounds).items():
        print(f"{Path(sample).suffix[1:]:5s} {args.revision}: {then:.3f} s   this checkout: {now:.3f} s   "
              f"difference {now - then:+.3f} s")


if __name__ == "__main__":
    main()
