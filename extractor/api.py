"""The Python API: ``from extractor import extract``.

A small surface over the same pipeline the command line runs, so a notebook or a script gets
the document ``govreport extract`` would write, and the same errors (``extractor.errors``)::

    from extractor import extract, to_json
    document = extract("samples/000_zibo_guofang_2024.pdf")
    document.report.agency, document.tables["applications"]["new_received"]["total"]

Nothing is fetched: a URL is refused with a ``ValueError`` (download the file first). Work is
sequential in the calling process; for hundreds of files in parallel, with time and memory
caps per file and resumable outputs, use ``govreport batch``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.contract import ReportDocument
from extractor.errors import GovReportError
from extractor.limits import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_UNZIPPED_MB,
    DEFAULT_TIMEOUT,
    Limits,
    OcrMode,
    PdfBackend,
)

PathLike = str | os.PathLike[str]
_URL_SCHEMES = ("http://", "https://", "ftp://", "file://")


@dataclass(frozen=True)
class Result:
    """One file of :func:`extract_many`: its document, or the error that stopped it."""

    path: Path
    document: ReportDocument | None
    error: GovReportError | None

    @property
    def ok(self) -> bool:
        return self.document is not None


def extract(
    source: PathLike,
    *,
    ocr: OcrMode | str = OcrMode.AUTO,
    pdf_backend: PdfBackend | str = PdfBackend.PDFIUM,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    max_unzipped_mb: float = DEFAULT_MAX_UNZIPPED_MB,
) -> ReportDocument:
    """Read one report (.pdf, .docx, .doc, .wps, .txt, .md, .html) into its validated document.

    The options are ``govreport extract``'s (``--ocr``, ``--pdf-backend``, ``--timeout``, the
    ``--max-*`` limits). Raises ``NotAReport`` (the command line's exit 1), another
    ``GovReportError`` such as ``LimitExceeded`` or ``EncryptedInput`` (exit 3),
    ``FileNotFoundError``, ``IsADirectoryError`` (use :func:`extract_many`) or ``ValueError``
    for a URL. ``timeout`` is enforced only in the main thread (a signal timer).
    """
    from extractor.pipeline import extract as run

    path = _file(source)
    limits = Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb,
                    timeout=timeout or None, ocr=OcrMode(ocr), pdf_backend=PdfBackend(pdf_backend))
    return run(path, limits)


def extract_many(sources: PathLike | Iterable[PathLike], **options: Any) -> Iterator[Result]:
    """Every report in a folder (searched recursively, the suffixes ``govreport batch`` reads,
    in name order) or in a list of files, one :class:`Result` at a time; a file that fails
    does not stop the others. ``options`` are :func:`extract`'s."""
    for path in _inputs(sources):
        try:
            yield Result(path, extract(path, **options), None)
        except GovReportError as exc:
            yield Result(path, None, exc)


def to_json(document: ReportDocument) -> str:
    """The document as the JSON ``govreport extract`` writes (the output contract)."""
    from extractor.pipeline import to_json as dump

    return dump(document)


def to_dict(document: ReportDocument) -> dict[str, Any]:
    """The document as plain Python data, exactly the JSON's content."""
    data: dict[str, Any] = json.loads(to_json(document))
    return data


def to_rows(document: ReportDocument, source_file: str | None = None) -> list[dict[str, Any]]:
    """One row per number, the columns of ``govreport export``'s long table (``source_file``,
    ``agency``, ``year``, ``template``, ``table``, ``row``, ``column``, ``value``, ``raw``):
    ``pandas.DataFrame(rows)`` makes it a data frame. ``source_file`` defaults to the file's name."""
    from extractor.batch.export import document_rows

    return list(document_rows(to_dict(document), source_file or document.source.file))


def _file(source: PathLike) -> Path:
    text = os.fspath(source)
    if text.lower().startswith(_URL_SCHEMES):
        raise ValueError(f"{text}: URLs are not fetched; download the file first and pass its path")
    path = Path(text)
    if path.is_dir():
        raise IsADirectoryError(f"{path}: a folder; use extract_many() for every report in it")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    return path


def _inputs(sources: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(sources, str | os.PathLike):
        folder = Path(sources)
        if not folder.is_dir():
            return [Path(sources)]
        from extractor.readers.dispatch import SUPPORTED_SUFFIXES

        return sorted(p for p in folder.rglob("*")
                      if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith("~$"))
    return [Path(s) for s in sources]
