"""The long fuzzing run: mutated samples through every reader, in a supervised pool.

    python scripts/fuzz.py [--cases 10000] [--jobs 2] [--seed 0] [--formats pdf,docx,txt,doc]

Each case is a sample with mutated bytes (``tests/corpus/fuzzing.py``), extracted by the batch
worker pool with a 30 s limit per file, so a hang, an interpreter crash or memory runaway
is caught as well as an exception. A case passes when it ends in a document or a
documented error (``extractor.errors``). Findings are copied to ``--findings`` with the
error, for reproduction with ``govreport extract``. Exit 1 when there are findings.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import extractor.pipeline  # noqa: E402, F401 - loaded before forking: workers share it, edits mid-run don't mix
from extractor.batch.pool import WorkerPool  # noqa: E402
from extractor.batch.work import Task  # noqa: E402
from extractor.limits import Limits  # noqa: E402
from tests.corpus.fuzzing import mutate  # noqa: E402

# LibreOffice takes ~1.5 s per .doc, the rest well under 1 s: weight the formats so the
# run spends its time across all readers.
WEIGHTS = {"pdf": 30, "docx": 35, "txt": 30, "doc": 5}
# Failure kinds (``Result.reason``) that are ours to fix: a crash, hang or memory runaway.
FINDINGS = {"internal error", "worker crashed", "time limit", "memory limit"}


def outcome(status: str, error: str | None, reason: str | None) -> tuple[str, bool]:
    """(reason to count, is it a finding: a crash, hang or memory runaway of ours).

    LibreOffice spinning on a damaged .doc until the time limit stops it is the documented
    outcome, counted apart as ``converter_timeout``."""
    if status != "failed":
        return status, False
    error = error or "?"
    if "LibreOffice was still converting" in error:
        return "converter_timeout", False
    finding = reason in FINDINGS or "not finished within" in error
    return reason or error.split(":", 1)[0], finding


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--formats", default=",".join(WEIGHTS))
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--chunk", type=int, default=200, help="cases written to disk at a time")
    args = parser.parse_args()

    formats = [f for f in args.formats.split(",") if f in WEIGHTS]
    rng = random.Random(args.seed)
    outcomes: Counter[tuple[str, str]] = Counter()
    findings: list[tuple[str, str]] = []
    start = time.perf_counter()
    limits = Limits(timeout=args.timeout)
    with tempfile.TemporaryDirectory(prefix="govreport-fuzz-") as tmp:
        done = 0
        while done < args.cases:
            batch = min(args.chunk, args.cases - done)
            tasks, kinds = [], {}
            for i in range(done, done + batch):
                fmt = rng.choices(formats, weights=[WEIGHTS[f] for f in formats])[0]
                source, mutator, data = mutate(fmt, rng)
                path = Path(tmp) / f"case{i:06d}{source.suffix}"
                path.write_bytes(data)
                tasks.append(Task(str(path), path.name, "", limits))
                kinds[path.name] = (fmt, f"{source.name} {mutator}")
            pool = WorkerPool(args.jobs, args.timeout, 4096, kill_grace=5.0)
            for result in pool.run(tasks):
                fmt, origin = kinds[result.rel]
                reason, finding = outcome(result.status, result.error, result.reason)
                outcomes[(fmt, reason)] += 1
                if finding:
                    args.findings.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(Path(tmp) / result.rel, args.findings / result.rel)
                    findings.append((result.rel, f"{origin}: {result.error}"))
                    print(f"FINDING {result.rel} ({origin}): {result.error}", flush=True)
            for task in tasks:
                Path(task.path).unlink(missing_ok=True)
            done += batch
            rate = done / (time.perf_counter() - start)
            print(f"{done}/{args.cases} cases, {len(findings)} findings, {rate:.1f} cases/s", flush=True)

    wall = time.perf_counter() - start
    print(f"\n{args.cases} cases in {wall:.0f} s ({args.cases / wall:.1f} cases/s), seed {args.seed}, "
          f"jobs {args.jobs}: {len(findings)} findings")
    for fmt in formats:
        row = {reason: n for (f, reason), n in sorted(outcomes.items()) if f == fmt}
        print(f"  {fmt:5} {sum(row.values()):6} cases: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    for name, error in findings:
        print(f"  finding {name}: {error}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
