"""Batch throughput: files/s at --jobs 1 and 2, the scaling ratio, peak memory per worker.

    python scripts/benchmark_batch.py [--files 300] [--rounds 3]

Builds a folder of copies of the samples (TXT, DOCX, PDF; each copy's bytes differ so none
is skipped as already done), then runs the batch with one and two jobs, alternated, each into a
fresh output folder, and compares the medians. Targets
(issue 4): scaling ≥ 1.8 from one to two jobs, peak RSS per worker < 400 MB; issue 15: ≥ 1.85.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import tempfile
import zipfile
from pathlib import Path

from extractor.batch.runner import BatchOptions, run_batch

SUFFIXES = (".txt", ".docx", ".pdf")


def build(folder: Path, files: int, samples: Path) -> None:
    sources = sorted(p for p in samples.iterdir() if p.suffix in SUFFIXES)
    for i, src in zip(range(files), itertools.cycle(sources), strict=False):
        target = folder / f"{i:05d}_{src.name}"
        shutil.copyfile(src, target)
        if src.suffix == ".docx":
            with zipfile.ZipFile(target, "a") as zf:
                zf.comment = f"copy {i}".encode()
        else:
            with target.open("ab") as fh:
                fh.write(f"\n%copy {i}\n".encode() if src.suffix == ".pdf" else b"\n" * (i + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--samples", type=Path, default=Path("samples"))
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each --jobs value, alternated so a busy moment hits both alike")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        build(inputs, args.files, args.samples)
        rates: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(args.rounds):
            for jobs in (1, 2):
                summary = run_batch(BatchOptions(inputs, Path(tmp) / f"out{jobs}-{round_}", jobs=jobs))
                rates[jobs].append(summary.processed / summary.wall)
                print(
                    f"--jobs {jobs}: {summary.processed} files in {summary.wall:.1f} s = {rates[jobs][-1]:.2f} files/s; "
                    f"peak RSS per worker {summary.peak_rss_mb:.0f} MB; {dict(summary.counts)}"
                )
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        print(f"median of {args.rounds}: {one:.2f} files/s with --jobs 1, {two:.2f} with --jobs 2; "
              f"scaling 1 → 2 jobs: {two / one:.2f}×")


if __name__ == "__main__":
    main()
