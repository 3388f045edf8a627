"""The ``govreport`` command line (see ../shared/spec/contract.md for the contract).

Exit codes: 0 success; 1 read but not a report; 2 usage error; 3 cannot be read at all.
Errors are one line on stderr naming the file and the reason.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import GovReportError
from extractor.limits import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_UNZIPPED_MB,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Limits,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn government information disclosure annual reports into validated JSON.",
)


def _fail(path: Path, message: str, code: int) -> typer.Exit:
    # One line, whatever the file name or message holds (newlines in names are legal).
    line = f"govreport: {path}: {message}".replace("\r", "\\r").replace("\n", "\\n")
    typer.echo(line, err=True)
    return typer.Exit(code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


MaxPages = Annotated[int, typer.Option("--max-pages", min=1, help="Refuse documents with more pages")]
MaxFileMb = Annotated[float, typer.Option("--max-file-mb", min=0.001, help="Refuse files larger than this (MB)")]
MaxUnzippedMb = Annotated[
    float, typer.Option("--max-unzipped-mb", min=0.001, help="Refuse Word files that unpack to more than this (MB)")
]


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .pdf, .docx, .doc, .wps, .txt or .md")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the JSON here instead of stdout")] = None,
    timeout: Annotated[float, typer.Option(min=0, help="Seconds allowed for the document (0: no limit)")] = DEFAULT_TIMEOUT,
    max_pages: MaxPages = DEFAULT_MAX_PAGES,
    max_file_mb: MaxFileMb = DEFAULT_MAX_FILE_MB,
    max_unzipped_mb: MaxUnzippedMb = DEFAULT_MAX_UNZIPPED_MB,
) -> None:
    """Extract one report to one JSON document."""
    from extractor.pipeline import extract as run_extract
    from extractor.pipeline import to_json

    if not file.is_file():
        raise _fail(file, "not a regular file" if file.exists() else "no such file", 2)
    limits = Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb,
                    timeout=timeout or None)
    try:
        document = run_extract(file, limits)
    except GovReportError as exc:
        raise _fail(file, f"{exc.reason}: {exc}", exc.exit_code) from None
    except KeyboardInterrupt:
        raise _fail(file, "interrupted", 130) from None
    except MemoryError:
        raise _fail(file, "cannot be read: out of memory", 3) from None
    except OSError as exc:
        raise _fail(file, f"cannot be read: {exc.strerror or exc}", 3) from None
    except Exception as exc:  # noqa: BLE001 - the contract forbids bare tracebacks
        raise _fail(file, f"cannot be read: internal error {type(exc).__name__}: {exc}", 3) from None
    text = to_json(document)
    if output is None:
        sys.stdout.write(text + "\n")
        return
    from extractor.batch.manifest import write_atomic

    try:
        write_atomic(output, text + "\n")
    except OSError as exc:
        raise _fail(output, f"cannot write the output: {exc.strerror or exc}", 2) from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    from extractor.contract import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A JSON document written by `govreport extract`")],
) -> None:
    """Re-run the consistency checks on a JSON document and print the failures."""
    from extractor.checks import run_checks

    if not file.is_file():
        raise _fail(file, "no such file", 2)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        tables = data["tables"]
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(file, f"not a govreport JSON document: {exc}", 3) from None
    results = run_checks(tables)
    failed = [c for c in results if c["status"] == "fail"]
    for c in failed:
        typer.echo(f"FAIL {c['rule']}: {c['message']}")
    skipped = sum(1 for c in results if c["status"] == "skipped")
    passed = len(results) - len(failed) - skipped
    typer.echo(f"{passed} passed, {len(failed)} failed, {skipped} skipped", err=True)
    raise typer.Exit(1 if failed else 0)


@app.command()
def batch(
    input_dir: Annotated[Path, typer.Argument(help="Folder of reports, searched recursively")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the JSON documents and manifest.jsonl")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count)")] = 0,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds allowed per file")] = DEFAULT_TIMEOUT,
    max_pages: MaxPages = DEFAULT_MAX_PAGES,
    max_file_mb: MaxFileMb = DEFAULT_MAX_FILE_MB,
    max_unzipped_mb: MaxUnzippedMb = DEFAULT_MAX_UNZIPPED_MB,
    memory_mb: Annotated[float, typer.Option("--memory-mb", help="Memory (RSS) allowed per worker, MB")] = DEFAULT_MEMORY_MB,
    force: Annotated[bool, typer.Option("--force", help="Redo files whose JSON is already up to date")] = False,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://HOST:8786) to run on a cluster")
    ] = None,
    shared_input: Annotated[
        bool, typer.Option("--shared-input", help="Cluster workers read INPUT_DIR themselves (shared file system)")
    ] = False,
) -> None:
    """Extract every report under INPUT_DIR to OUT: resumable, parallel, one JSON per report."""
    import os

    from extractor.batch.progress import reporter
    from extractor.batch.runner import BatchOptions, run_batch

    if not input_dir.is_dir():
        raise _fail(input_dir, "not a folder", 2)
    options = BatchOptions(
        input=input_dir,
        out=out,
        jobs=jobs or os.cpu_count() or 1,
        timeout=timeout,
        memory_mb=memory_mb or None,
        force=force,
        scheduler=scheduler,
        upload=not shared_input,
        limits=Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb),
    )
    # `kill PID` stops a batch like Ctrl-C: workers and their LibreOffice killed, temp files
    # removed, finished outputs and the manifest kept.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with reporter() as progress:
            summary = run_batch(options, progress)
    except KeyboardInterrupt:
        typer.echo("govreport: interrupted; finished files are kept, run again to continue", err=True)
        raise typer.Exit(130) from None
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items()))
    rate = summary.processed / summary.wall if summary.wall else 0.0
    typer.echo(f"{counts or 'no input files'}; {summary.wall:.1f} s, {rate:.2f} files/s", err=True)
    for reason, n in summary.reasons.most_common():
        typer.echo(f"  {n} × {reason}", err=True)
    raise typer.Exit(0 if summary.ok else 1)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="A folder written by `govreport batch`")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write")],
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or jsonl")] = "csv",
    wide: Annotated[bool, typer.Option("--wide", help="One row per report, a column per field")] = False,
) -> None:
    """Turn a batch's JSON folder into one table (long: one row per number)."""
    from extractor.batch.export import export

    if not out.is_dir():
        raise _fail(out, "not a folder", 2)
    if fmt not in ("csv", "parquet", "jsonl"):
        raise _fail(output, f"unknown format {fmt!r} (csv, parquet, jsonl)", 2)
    try:
        n = export(out, fmt, output, wide=wide)
    except RuntimeError as exc:
        raise _fail(output, str(exc), 3) from None
    typer.echo(f"{n} rows written to {output}", err=True)


if __name__ == "__main__":
    app()
