"""The PDF and the OCR reader do not import each other (issue 24): both fill the page layer's
``PageScan`` (``readers/page``), and ``readers/pdf_document.py``, above both, decides which
pages need OCR and puts the reads together.

Checked twice: statically (every import statement of each package's files, function-level
imports included) and in a fresh interpreter (every module of a package imported, then the
modules Python loaded listed), so an import hidden behind another module is caught too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READERS = ROOT / "extractor" / "readers"

_PDF_ENTRY = (
    "extractor.readers.pdf.reader",
    "extractor.readers.pdf.pdfium_pages",
    "extractor.readers.pdf.plumber_pages",
    # The PDF back end's page module: the OCR renderer shares only ``readers.pdfium_lock``.
    "extractor.readers.pdf.pdfium_page",
)
_ABOVE = ("extractor.readers.pdf_document",)
# Per package under extractor/readers: the modules (and everything under them) it must not import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "pdf": ("extractor.readers.ocr", *_ABOVE),
    "ocr": (*_PDF_ENTRY, *_ABOVE),
    "page": ("extractor.readers.ocr", *_PDF_ENTRY, *_ABOVE),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names, at any depth of the file (inside
    functions and ``if TYPE_CHECKING`` blocks too); ``from a import b`` counts as ``a`` and
    ``a.b``, since ``b`` may be a module."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _violations(names: set[str] | list[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))


def _package_modules(package: str) -> list[str]:
    return sorted(_module_name(path) for path in (READERS / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_statement_crosses_the_layers(package: str) -> None:
    found = {
        str(path.relative_to(ROOT)): bad
        for path in sorted((READERS / package).rglob("*.py"))
        if (bad := _violations(imported_names(path), FORBIDDEN[package]))
    }
    assert found == {}


def test_the_static_check_sees_lazy_and_package_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The check can fail: the imports the PDF reader used to make lazily are all caught.
    fake = tmp_path / "extractor" / "readers" / "pdf" / "fake.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "def read():\n"
        "    from extractor.readers.ocr.reader import mark_cells\n"
        "    from extractor.readers import ocr\n"
        "    from ..ocr import pdf_pages\n"
        "    import extractor.readers.pdf_document\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations(imported_names(fake), FORBIDDEN["pdf"]) == [
        "extractor.readers.ocr",
        "extractor.readers.ocr.pdf_pages",
        "extractor.readers.ocr.reader",
        "extractor.readers.ocr.reader.mark_cells",
        "extractor.readers.pdf_document",
    ]


def _loaded_after_importing(modules: list[str]) -> list[str]:
    """The ``extractor.readers`` modules a fresh interpreter holds after importing ``modules``."""
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('extractor.readers'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.split()


def test_the_pdf_reader_loads_no_ocr_module() -> None:
    loaded = _loaded_after_importing(_package_modules("pdf"))
    assert "extractor.readers.pdf.plumber_pages" in loaded  # every module of the reader, back ends too
    assert _violations(loaded, FORBIDDEN["pdf"]) == []


def test_the_ocr_reader_loads_no_pdf_entry_point() -> None:
    pytest.importorskip("numpy")  # the OCR modules need numpy at import; the rest only when reading
    loaded = _loaded_after_importing(_package_modules("ocr"))
    # The probe sees what the OCR reader does use: the page layer and the geometric steps.
    assert {"extractor.readers.page.scan", "extractor.readers.page.blocks", "extractor.readers.pdf.ruled"} <= set(loaded)
    assert _violations(loaded, FORBIDDEN["ocr"]) == []


def test_the_page_layer_loads_neither_reader() -> None:
    loaded = _loaded_after_importing(_package_modules("page"))
    assert _violations(loaded, FORBIDDEN["page"]) == []
