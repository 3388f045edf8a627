"""The README is a front door and the docs are a site: short README, every page reachable,
every link resolving, the site building offline (where mkdocs is installed: the `docs` extra)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

DOCS = ROOT / "docs"
_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def test_the_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    listed = set(re.findall(r":\s+([\w/.-]+\.md)\s*$", nav, flags=re.M))
    assert pages == listed


@pytest.mark.parametrize("page", ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in DOCS.rglob("*.md"))])
def test_every_relative_link_resolves(page: str) -> None:
    source = ROOT / page
    for target, _ in _LINK.findall(source.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (source.parent / target).exists(), f"{page}: {target}"


def test_the_scan_accuracy_figures_have_a_stable_home() -> None:
    # Other work updates these figures in place: one page, one heading.
    text = (DOCS / "accuracy.md").read_text(encoding="utf-8")
    assert "\n## Scan OCR accuracy\n" in text and "python scripts/sweep_scans.py --set measure" in text


def test_the_site_builds_offline(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                          "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "python-api" / "index.html").is_file()
