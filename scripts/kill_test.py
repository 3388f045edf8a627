"""Kill a batch's supervisor at random moments; nothing may be lost, doubled or left behind.

    python scripts/kill_test.py [--kills 30] [--copies 2] [--seed 0] [--jobs 2]

A mixed folder (the samples' PDF, DOCX, DOC and TXT files, ``--copies`` times) is converted
once cleanly. Then, in rounds, a fresh OUT is built by batches whose supervisor is killed
with SIGKILL at a random moment (each run resuming the last) until one run finishes on its
own; rounds go on until ``--kills`` runs were killed mid-work. Checked:

* after every kill, within 10 s: no worker, no LibreOffice and no temporary folder left;
* after every round: every JSON equals the clean run's byte for byte, the manifest has
  exactly one line per input (``ok``, or ``skipped`` for one done by an earlier run), and no
  temporary file is left in OUT.

Exit 1 when any check fails. Needs LibreOffice for the .doc files.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import processes_naming  # noqa: E402

SAMPLES = ROOT / "samples"
GOVREPORT = [sys.executable, "-c", "from extractor.cli import main; main()"]
SETTLE = 10.0  # seconds allowed for orphans to go after a kill


def make_inputs(folder: Path, copies: int) -> list[Path]:
    made = []
    for i in range(copies):
        sub = folder / f"copy{i}"
        sub.mkdir(parents=True)
        for src in sorted(SAMPLES.iterdir()):
            if src.suffix in (".pdf", ".docx", ".doc", ".txt"):
                made.append(sub / src.name)
                shutil.copy(src, made[-1])
    return made


def run_batch(inp: Path, out: Path, jobs: int, tmp: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*GOVREPORT, "batch", str(inp), "-o", str(out), "--jobs", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(tmp)})


def leftovers(inp: Path, tmp: Path) -> tuple[list[int], list[str]]:
    return processes_naming(str(inp), str(tmp)), [p.name for p in tmp.iterdir()]


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}


def check_round(n: int, code: int, out: Path, clean: Path, inp: Path, inputs: list[Path]) -> list[str]:
    problems = []
    got, want = outputs(out), outputs(clean)
    if code != 0:
        problems.append(f"round {n}: the last run exited {code}")
    if got != want:
        differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        problems.append(f"round {n}: {len(differ)} outputs differ from the clean run: {differ[:5]}")
    lines = (out / "manifest.jsonl").read_bytes().splitlines()
    entries = [json.loads(line) for line in lines]
    expected = sorted(str(p.relative_to(inp)) for p in inputs)
    if sorted(e["path"] for e in entries) != expected:
        problems.append(f"round {n}: manifest has {len(entries)} lines for {len(expected)} inputs")
    # The latest outcome per input: done in this run, or done earlier and skipped now.
    bad = [e["path"] for e in entries if e["status"] not in ("ok", "skipped")]
    if bad:
        problems.append(f"round {n}: manifest lines neither ok nor skipped: {bad[:5]}")
    temporary = [str(p) for p in out.rglob("*.tmp")]
    if temporary:
        problems.append(f"round {n}: temporary files in OUT: {temporary[:5]}")
    print(f"round {n}: outputs {'byte-identical' if got == want else 'DIFFERENT'} ({len(got)} files), "
          f"manifest {len(lines)} lines", flush=True)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed for the .doc inputs", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="govreport-kill-test-") as base_name:
        base = Path(base_name)
        inp, clean, tmp = base / "in", base / "clean", base / "tmp"
        tmp.mkdir()
        inputs = make_inputs(inp, args.copies)
        start = time.perf_counter()
        code = run_batch(inp, clean, args.jobs, tmp).wait()
        clean_wall = time.perf_counter() - start
        print(f"{len(inputs)} inputs; clean run {clean_wall:.1f} s (exit {code})", flush=True)
        kills = rounds = 0
        while kills < args.kills:
            # A round: batches into a fresh OUT, each killed at a random moment and resumed by
            # the next, until one finishes on its own; then its outputs are checked.
            rounds += 1
            out = base / f"out{rounds}"
            while True:
                proc = run_batch(inp, out, args.jobs, tmp)
                delay = rng.uniform(0.0, clean_wall)
                try:
                    proc.wait(timeout=delay)
                    break  # finished before the kill: the round is complete
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                kills += 1
                deadline = time.monotonic() + SETTLE
                while time.monotonic() < deadline and any(leftovers(inp, tmp)):
                    time.sleep(0.1)
                pids, files = leftovers(inp, tmp)
                if pids or files:
                    problems.append(f"kill {kills}: left processes {pids} and temporary files {files}")
                    for pid in pids:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                print(f"round {rounds}, kill {kills:2}/{args.kills} at {delay:5.2f} s: "
                      f"{len(list(out.rglob('*.json')))} outputs so far", flush=True)
            problems.extend(check_round(rounds, proc.returncode, out, clean, inp, inputs))
        print(f"\n{kills} kills mid-run over {rounds} rounds, {len(inputs)} inputs each: "
              f"{len(problems)} problems")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
