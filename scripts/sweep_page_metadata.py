"""Crawler metadata around every text copy, many draws each: the full sweep of issue 25.

    python scripts/sweep_page_metadata.py               # 40 draws of every sample and real text
    python scripts/sweep_page_metadata.py --draws 5 -v  # fewer, printing every difference

Each draw (``tests/corpus/page_meta.py``) puts a random crawler header (标题/题名, 发布时间 in
several date forms, 文号, 发布机构, 来源, 栏目, 索引号, 主题分类, 原文链接, 浏览次数; colons of
either width, 【】 brackets, one field a line or several on one, sometimes a trailer) around a
copy. The document must equal the plain copy's (title, agency, year, paragraphs and labels,
tables, checks, warnings) but for the date, and the title and agency where the report names
none (then with a ``from_page_metadata`` warning). Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.page_meta import sweep_text, texts_to_wrap  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=40, help="random headers per text copy")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    args = parser.parse_args()
    cases = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in texts_to_wrap():
            for draw in range(args.draws):
                problems = sweep_text(path, 10_000 + draw, Path(tmp))
                cases += 1
                failed += bool(problems)
                for problem in problems if args.verbose else problems[:1]:
                    print(problem)
    print(f"{cases} crawled copies of {len(texts_to_wrap())} texts: {cases - failed} unchanged "
          f"({100 * (cases - failed) / max(cases, 1):.1f}%)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
