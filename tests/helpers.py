"""What tests share: the repository's folders, and small builders for layout objects so
mapping tests read like the tables they describe."""

from __future__ import annotations

from pathlib import Path

from extractor.layout import Cell, ColumnPositions, Table

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# The shared corpus sits next to the repository checkout (../shared), not inside it.
SHARED = ROOT.parent / "shared"


def grid_table(rows: list[list[str | tuple[str, int, int]]], page: int | None = None, loose: bool = False) -> Table:
    """A table from rows of cell specs; ``(text, rowspan, colspan)`` for a merged cell.

    Positions covered by a merged cell from an earlier row or column are skipped, as in a
    Word grid, so specs list only the cells that start in each row.
    """
    cells: list[Cell] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            while (r, c) in covered:
                c += 1
            text, rowspan, colspan = (spec, 1, 1) if isinstance(spec, str) else spec
            cells.append(Cell(text, r, c, rowspan, colspan, page=page))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered.add((rr, cc))
            c += colspan
    return Table(cells=cells, page=page, positions=ColumnPositions.HINTS if loose else ColumnPositions.EXACT)


def processes_naming(*texts: str) -> list[int]:
    """Live (not zombie) processes other than this one whose command line holds any of
    ``texts``: a batch's workers (forked, so they carry its command line) or a LibreOffice
    started with a profile under a given folder."""
    import os
    from pathlib import Path

    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z" and any(t.encode() in cmdline for t in texts):
            found.append(int(entry))
    return found


def assemble_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file from its numbered objects' bodies (object 1 the catalog), with a correct
    cross-reference table; ``trailer`` adds entries to the trailer (" /ID [...]", " /Encrypt ...")."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def on_a_terminal(args: list[str], cwd: object = None, timeout: float = 300) -> tuple[int, str]:
    """Run ``args`` with a pseudo-terminal as stdout and stderr: its exit code and all it showed
    (progress lines are drawn only on a terminal)."""
    import os
    import pty
    import subprocess

    main, child = pty.openpty()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=child, stderr=child, cwd=cwd)  # type: ignore[arg-type]
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return proc.wait(timeout=timeout), b"".join(chunks).decode("utf-8", "replace")


REAL = SHARED / "corpus" / "real"


def batch_of_samples_and_real(folder: Path) -> Path:
    """``govreport batch`` over every sample report (each format; not the scans) and the real
    reports of the shared corpus, both read in place (links in INPUT_DIR, followed); the OUT
    folder. The .doc sample needs LibreOffice and is left out where it is missing."""
    from extractor.batch.runner import BatchOptions, run_batch
    from extractor.readers.office_convert import find_soffice

    inputs, out = folder / "in", folder / "out"
    inputs.mkdir(parents=True)
    for sample in sorted(SAMPLES.iterdir()):
        if sample.is_file() and sample.suffix != ".md" and (sample.suffix != ".doc" or find_soffice()):
            (inputs / sample.name).symlink_to(sample)
    if REAL.is_dir():
        (inputs / "real").symlink_to(REAL)
    run_batch(BatchOptions(inputs, out, jobs=2, follow_links=True))
    return out
