"""Behaviour unchanged? Every sample's JSON, byte for byte, before and after a refactor.

    python scripts/compare_outputs.py --save before/          # on the old code
    python scripts/compare_outputs.py --compare before/       # on the new code: exit 1 on any difference

Extracts every report under ``samples/`` (and ``--extra`` folders, e.g. ../shared/corpus/real)
in this process and writes or compares ``<name>.json`` (the exact bytes ``govreport extract``
prints). Errors are kept as ``<name>.error`` so a changed outcome counts as a difference too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import GovReportError  # noqa: E402
from extractor.pipeline import extract, to_json  # noqa: E402
from extractor.readers.dispatch import SUPPORTED_SUFFIXES  # noqa: E402


def outputs(folders: list[Path]) -> dict[str, bytes]:
    results: dict[str, bytes] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.name.lower() == "readme.md":
                continue
            try:
                results[f"{path.name}.json"] = (to_json(extract(path)) + "\n").encode("utf-8")
            except GovReportError as exc:
                results[f"{path.name}.error"] = f"{exc.reason}: {exc}\n".encode()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the outputs to this folder")
    action.add_argument("--compare", type=Path, help="compare the outputs with this folder")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="another folder of reports")
    args = parser.parse_args()
    got = outputs([ROOT / "samples", *args.extra])
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, data in got.items():
            (args.save / name).write_bytes(data)
        print(f"{len(got)} outputs saved to {args.save}")
        return 0
    want = {p.name: p.read_bytes() for p in sorted(args.compare.iterdir())}
    differ = sorted(n for n in set(got) | set(want) if got.get(n) != want.get(n))
    for name in differ:
        print(f"DIFFERENT {name}" if name in got and name in want else f"ONLY {'now' if name in got else 'before'} {name}")
    print(f"{len(got)} outputs, {len(differ)} different")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
