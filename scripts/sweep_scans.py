"""The whole scan sweep (issue 24): report layouts scanned under random draws, scored per field.

    python scripts/sweep_scans.py --set measure --layouts 30 --draws 2     # the figure to report
    python scripts/sweep_scans.py --set dev --layouts 10 --draws 2 -v     # while fixing: every mismatch
    python scripts/sweep_scans.py --set dev --only v103_grid_p41_d1006 --keep /tmp/scans

Cases are built by tests/corpus/scan_sweep.py (seed sets fixed there: development variant seeds
100-199 and draw seeds 1000-1999 plus the sample layouts; measuring variant seeds 500-599 and draw
seeds 5000-5999). Each scan is extracted in a worker process (``--jobs``). Prints one line per
case (accuracy, wrong fields flagged/SILENT, unexplained nulls, the draw), then the figure: fields
right, SILENT wrong values, and the draws' distribution. ``--json`` writes every case's result.
Exit 1 when any field is SILENT or any null is unexplained.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.scan_sweep import ScanCase, ScanResult, SeedSet, build_sources, cases, run_case  # noqa: E402


def _run(args: tuple[ScanCase, Path, dict[str, Any], Path, float | None]) -> ScanResult:
    return run_case(*args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=[s.value for s in SeedSet], default=SeedSet.DEV.value)
    parser.add_argument("--layouts", type=int, default=30, help="variant layouts of the set")
    parser.add_argument("--draws", type=int, default=2, help="scan draws per layout")
    parser.add_argument("--samples", action=argparse.BooleanOptionalAction, default=None,
                        help="add the bundled sample layouts (default: with --set dev only)")
    parser.add_argument("--only", nargs="*", help="case names to run (as printed)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds for one scan's extraction (default: extract's own limit); raise it on a busy machine")
    parser.add_argument("--keep", type=Path, help="keep the sources and scans in this folder")
    parser.add_argument("--json", type=Path, help="write every case's result here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args()
    selected = cases(SeedSet(args.set), args.layouts, args.draws, args.samples)
    if args.only:
        selected = [c for c in selected if c.name in args.only]
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        sources = build_sources(selected, workdir)
        jobs = [(c, *sources[c.layout_name], workdir, args.timeout) for c in selected]
        results: list[ScanResult] = []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for r in pool.map(_run, jobs):
                results.append(r)
                _print_case(r, args.verbose)
    return _summary(results, args, time.monotonic() - start)


def _print_case(r: ScanResult, verbose: bool) -> None:
    res = r.result
    if res.error:
        print(f"  ERROR  {r.case.name}: {res.error}  [{r.draw.describe()}]", flush=True)
        return
    wrong = len(res.mismatches)
    print(f"{res.accuracy:7.2%}  {res.correct:4d}/{res.fields:<4d} {r.case.name}  wrong {wrong} "
          f"(silent {len(res.silent)}), unexplained nulls {len(res.unexplained_nulls)}, "
          f"{r.pages}p {r.seconds:.0f}s  [{r.draw.describe()}]", flush=True)
    shown = res.mismatches if verbose else [m for m in res.mismatches if m.endswith("[SILENT]")]
    for m in shown:
        print(f"           {m}")
    if verbose and res.unexplained_nulls:
        print(f"           unexplained nulls: {res.unexplained_nulls}")


def _summary(results: list[ScanResult], args: argparse.Namespace, seconds: float) -> int:
    fields = sum(r.result.fields for r in results if not r.result.error)
    correct = sum(r.result.correct for r in results if not r.result.error)
    errors = [r for r in results if r.result.error]
    silent = sum(len(r.result.silent) for r in results)
    wrong = sum(len(r.result.mismatches) for r in results)
    nulls = sum(len(r.result.unexplained_nulls) for r in results)
    pages = sum(r.pages for r in results)
    draws = [r.draw for r in results]
    print()
    print(f"set {args.set}: {len(results)} scans ({len({r.case.layout_name for r in results})} layouts), "
          f"{len(errors)} not read; {correct}/{fields} table fields right ({correct / max(fields, 1):.2%}); "
          f"{wrong} wrong: {wrong - silent} flagged, {silent} SILENT; {nulls} unexplained nulls; "
          f"{pages} pages, {sum(r.seconds for r in results) / max(pages, 1):.2f} s a page (extract), {seconds:.0f} s")
    print("draws: dpi " + _counts(d.dpi for d in draws) + "; " + _counts(d.colour.value for d in draws)
          + f"; photo {sum(d.photo for d in draws)}; turned page {sum(d.turned_page is not None for d in draws)}"
          + f"; seal {sum(bool(d.seals) for d in draws)}; skew≤ " + _spread(d.max_skew for d in draws)
          + "; jpeg " + _spread(d.jpeg for d in draws) + "; blur px " + _spread(d.blur for d in draws)
          + "; noise " + _spread(d.noise for d in draws) + "; rule wear " + _spread(d.rule_wear for d in draws))
    codes: Counter[str] = Counter()
    for r in results:
        codes.update(r.warnings)
    print("warnings: " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
    if args.json:
        args.json.write_text(json.dumps([{"case": r.case.name, "draw": asdict(r.draw), "pages": r.pages,
                                          "seconds": r.seconds, "fields": r.result.fields,
                                          "correct": r.result.correct, "mismatches": r.result.mismatches,
                                          "silent": r.result.silent, "unexplained_nulls": r.result.unexplained_nulls,
                                          "error": r.result.error, "warnings": r.warnings} for r in results],
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if silent or nulls else 0


def _counts(values: Iterable[object]) -> str:
    return " ".join(f"{k}×{v}" for k, v in sorted(Counter(values).items()))


def _spread(values: Iterable[float]) -> str:
    v = sorted(values)
    return f"{v[0]:.3g}–{v[-1]:.3g} (median {v[len(v) // 2]:.3g})" if v else "-"


if __name__ == "__main__":
    sys.exit(main())
