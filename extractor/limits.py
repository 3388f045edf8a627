"""Bounds on the work one document may cause, so hostile or huge input ends in a clear error.

Each limit is an option of ``govreport extract`` and ``govreport batch``. The defaults sit
far above any real annual report (a few to a few dozen pages, a DOCX of well under 10 MB
unpacked) and far below what would exhaust a worker.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from extractor.errors import LimitExceeded

DEFAULT_MAX_PAGES = 200
DEFAULT_MAX_FILE_MB = 200.0
DEFAULT_MAX_UNZIPPED_MB = 300.0
DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048.0  # RSS of one batch worker

# Structural limits that are not options: no report comes near them, and past them the
# readers' cost grows without bound (a gridSpan of 10⁹ columns, tables nested 500 deep).
MAX_GRID_SPAN = 64
MAX_TABLE_NESTING = 8
MAX_ZIP_MEMBERS = 5000
MAX_TEXT_LINES = 200_000
MAX_TEXT_BYTES = 20_000_000  # a text copy of a report is tens of kB; 20 MB is a thousand reports
# A report's web page is tens to a few hundred kB (LibreOffice's export, inline styles and
# all, about 130 kB); lxml's tree costs several times the bytes.
MAX_HTML_BYTES = 20_000_000
# Pixels of one image read by OCR (a scanned page as drawn, a picture in a Word file): one
# byte each in grey. A4 at 300 dpi is 8.7 M, A3 17 M; a page or picture past it is drawn at a
# lower dpi (pages) or refused before decoding (pictures: a 45 KB PNG declaring 20000 × 20000
# peaked at 2.6 GB).
MAX_IMAGE_PIXELS = 40_000_000


class OcrMode(StrEnum):
    """When images are read by OCR (``--ocr``; needs the ``govreport[ocr]`` extra)."""

    AUTO = "auto"  # PDF pages without text, and pictures where a page or a Word file has no text
    NEVER = "never"  # never: a scan is refused as having no text layer
    ALWAYS = "always"  # every PDF page read from its image, its text layer ignored


class PdfBackend(StrEnum):
    """The library that reads a PDF's characters and drawings (``--pdf-backend``). Everything
    after that first pass is the same; ``tests/read/test_pdf_backends.py`` keeps them equal."""

    PDFIUM = "pdfium"  # PDFium through pypdfium2: C speed, pages read and freed one at a time
    PDFPLUMBER = "pdfplumber"  # pdfminer in pure Python: slower; the reference the reader was built on


@dataclass(frozen=True)
class Limits:
    """What one document may cost, and the reading options that decide the cost (one object
    for the command line, batch workers and the service)."""

    max_pages: int = DEFAULT_MAX_PAGES  # PDF pages (and Word pages where the file counts them)
    max_file_mb: float = DEFAULT_MAX_FILE_MB  # size of the file as downloaded
    max_unzipped_mb: float = DEFAULT_MAX_UNZIPPED_MB  # a Word file's parts, unpacked
    timeout: float | None = DEFAULT_TIMEOUT  # seconds for one document; None: no limit
    ocr: OcrMode = OcrMode.AUTO
    pdf_backend: PdfBackend = PdfBackend.PDFIUM


def check_file_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_mb * 1e6:
        raise LimitExceeded(
            f"the file is {size / 1e6:.1f} MB, over the limit of {limits.max_file_mb:g} MB (--max-file-mb)"
        )


def check_pages(pages: int, limits: Limits) -> None:
    if pages > limits.max_pages:
        raise LimitExceeded(f"{pages} pages, over the limit of {limits.max_pages} (--max-pages)")


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``LimitExceeded`` in this thread when ``seconds`` have passed.

    A real-time timer signal interrupts pure-Python work (pdfminer's parser, the mapping)
    and blocking waits on a subprocess (LibreOffice; its process group is killed on the
    way out). Only the main thread receives signals, so elsewhere this is a no-op and
    the caller's own limit applies (the batch pool kills a worker that overruns).
    """
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    message = f"not finished within {seconds:g} s (--timeout)"
    fired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal fired
        fired = True
        raise LimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, expire)
    # Repeats every second: should some library swallow the first exception, the next
    # one still ends the document.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    except LimitExceeded:
        raise
    except Exception as exc:
        # A library that wraps what it catches (rapidocr turns our exception, raised inside
        # its model run, into its own ONNXRuntimeError) still ran out of time: say that.
        if fired:
            raise LimitExceeded(message) from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_MEMORY_CHECK_EVERY = 0.05  # seconds of CPU time between two looks at the RSS
# The watchdog's look at the RSS, seconds of wall time, and how far past the limit it lets a
# C call go before ending the process (the in-Python check ends it first whenever it can).
_WATCH_EVERY = 0.1
_HARD_MARGIN = 1.25
_LIMIT_EXIT = 3  # the command line's exit code for a file over a limit


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (Linux /proc; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


@contextmanager
def memory_limit(megabytes: float | None, label: str = "govreport") -> Iterator[None]:
    """Raise ``LimitExceeded`` in this thread once the process's resident memory passes
    ``megabytes`` (``govreport extract --max-memory-mb``; batch workers are watched by their
    supervisor instead).

    The RSS is read every few CPU milliseconds (a profiling timer: a process waiting on
    LibreOffice uses no CPU and grows no memory), and the error is raised between Python
    steps, so it ends as one clear line. A long call into C (lxml parsing a page of a million
    paragraphs) runs no Python step: a watchdog thread reads the RSS on its own clock, and
    past ``_HARD_MARGIN`` times the limit prints the same line (``label``: the file) and
    ends the process with the exit code of a limit (3). As a last backstop against one huge
    allocation, the address space is capped at four times the limit (a MemoryError)."""
    if not megabytes or megabytes <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def check(signum: int, frame: object) -> None:
        if rss_mb() > megabytes:
            raise LimitExceeded(f"needs more than {megabytes:g} MB of memory (--max-memory-mb)")

    previous = signal.signal(signal.SIGPROF, check)
    signal.setitimer(signal.ITIMER_PROF, _MEMORY_CHECK_EVERY, _MEMORY_CHECK_EVERY)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(_WATCH_EVERY):
            if rss_mb() > megabytes * _HARD_MARGIN:
                line = f"{label}: limit exceeded: needs more than {megabytes:g} MB of memory (--max-memory-mb)\n"
                os.write(2, line.encode("utf-8", "backslashreplace"))
                os._exit(_LIMIT_EXIT)

    watchdog = threading.Thread(target=watch, name="govreport-memory-watchdog", daemon=True)
    watchdog.start()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    backstop = int(megabytes * 4 * 2**20)
    if hard != resource.RLIM_INFINITY:
        backstop = min(backstop, hard)
    resource.setrlimit(resource.RLIMIT_AS, (backstop, hard))
    try:
        yield
    finally:
        stop.set()
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def lift_memory_limit() -> None:
    """In a child about to exec another program (LibreOffice maps far more address space
    than it uses): back to the hard limit. Its own time limit still applies."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
