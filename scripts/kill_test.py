"""Kill a batch's supervisor at random moments; nothing may be lost, doubled or left behind.

    python scripts/kill_test.py [--kills 30] [--copies 2] [--seed 0] [--jobs 2]

A mixed folder (the samples' PDF, DOCX, DOC and TXT files, ``--copies`` times) is converted
once cleanly. Then a second OUT is built by batches whose supervisor is killed with SIGKILL
at ``--kills`` random moments (each run resumes the last), and finally by one run left to
finish. Checked:

* after every kill, within 10 s: no worker, no LibreOffice and no temporary folder left;
* at the end: every JSON equals the clean run's byte for byte, the manifest has exactly one
  line per input (all ``ok``), and no temporary file is left in OUT.

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


def processes_naming(*texts: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z" and any(t.encode() in cmdline for t in texts):
            found.append(int(entry))
    return found


def leftovers(inp: Path, tmp: Path) -> tuple[list[int], list[str]]:
    return processes_naming(str(inp), str(tmp)), [p.name for p in tmp.iterdir()]


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}


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
        inp, clean, out, tmp = base / "in", base / "clean", base / "out", base / "tmp"
        tmp.mkdir()
        inputs = make_inputs(inp, args.copies)
        start = time.perf_counter()
        code = run_batch(inp, clean, args.jobs, tmp).wait()
        clean_wall = time.perf_counter() - start
        print(f"{len(inputs)} inputs; clean run {clean_wall:.1f} s (exit {code})", flush=True)
        interrupted = 0
        for k in range(args.kills):
            proc = run_batch(inp, out, args.jobs, tmp)
            delay = rng.uniform(0.0, clean_wall)
            try:
                proc.wait(timeout=delay)
                finished = True
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                finished = False
                interrupted += 1
            deadline = time.monotonic() + SETTLE
            while time.monotonic() < deadline and any(leftovers(inp, tmp)):
                time.sleep(0.1)
            pids, files = leftovers(inp, tmp)
            if pids or files:
                problems.append(f"kill {k + 1}: left processes {pids} and temporary files {files}")
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            done = len(list(out.rglob("*.json")))
            print(f"kill {k + 1:2}/{args.kills} at {delay:5.2f} s: "
                  f"{'finished before the kill' if finished else 'killed'}; {done} outputs", flush=True)
        final = run_batch(inp, out, args.jobs, tmp).wait()
        got, want = outputs(out), outputs(clean)
        if final != 0:
            problems.append(f"the final run exited {final}")
        if got != want:
            differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            problems.append(f"{len(differ)} outputs differ from the clean run: {differ[:5]}")
        lines = (out / "manifest.jsonl").read_bytes().splitlines()
        entries = [json.loads(line) for line in lines]
        names = [e["path"] for e in entries]
        expected = sorted(str(p.relative_to(inp)) for p in inputs)
        if sorted(names) != expected:
            problems.append(f"manifest has {len(names)} lines for {len(expected)} inputs")
        if any(e["status"] != "ok" for e in entries):
            problems.append("manifest lines not ok: " + ", ".join(e["path"] for e in entries if e["status"] != "ok"))
        temporary = [str(p) for p in out.rglob("*.tmp")]
        if temporary:
            problems.append(f"temporary files in OUT: {temporary[:5]}")
        print(f"\n{args.kills} kills ({interrupted} mid-run), {len(inputs)} inputs: outputs "
              f"{'byte-identical' if got == want else 'DIFFERENT'} ({len(got)} files), manifest {len(lines)} lines; "
              f"{len(problems)} problems")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
