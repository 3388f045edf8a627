"""The ``govreport`` command line (see ../shared/spec/contract.md for the contract).

Exit codes: 0 success; 1 read but not a report; 2 usage error; 3 cannot be read at all.
Errors are one line on stderr naming the file and the reason.
"""

# No ``from __future__ import annotations`` here: typer reads every command's parameter
# annotations when the app is built, and string annotations cost an eval each (≈ 15 ms a run).
import contextlib
import importlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from extractor import plugin_lookup, startup
from extractor.errors import GovReportError
from extractor.limits import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_UNZIPPED_MB,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Limits,
    OcrMode,
    PdfBackend,
    memory_limit,
)
from extractor.names import shown

SUFFIXES = ".pdf, .docx, .doc, .wps, .txt, .md, .html, .htm, .shtml, .xhtml"


def _no_flag_types(params: list[object]) -> None:
    # A flag takes no value: typer's help would print its type as `<bool>`. An empty metavar
    # leaves the type column blank.
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""  # type: ignore[attr-defined]


class _NoFlagTypes:
    """Help that shows no `<bool>` for flags (--help included), for commands and the group."""

    params: list[Any]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        _no_flag_types(self.params)

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.metavar = ""
        return option  # type: ignore[no-any-return]


class _Command(_NoFlagTypes, TyperCommand):
    pass


class _Group(_NoFlagTypes, TyperGroup):
    pass


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    cls=_Group,
    # Rich markup: [brackets] are tags, so every literal one in a help text is written \[ ].
    rich_markup_mode="rich",
    help="Turn Chinese government information disclosure annual reports (政府信息公开工作年度报告) into "
    "validated JSON: metadata, sections, the three standard tables, checks and warnings.",
    epilog="Exit codes: 0 success; 1 not an annual report (batch: some files failed); 2 usage error; "
    "3 the input cannot be read.\n\nExample: govreport extract report.pdf -o report.json",
)


def _say(line: str) -> None:
    # One line, whatever the file name or message holds (newlines in names are legal, and
    # names need not be UTF-8: see extractor.names).
    typer.echo(shown(line).replace("\r", "\\r").replace("\n", "\\n"), err=True)


# -v / -q of the running command: 1 normal, 0 quiet (errors only), 2 verbose.
_verbosity = 1


def _set_verbosity(verbose: bool, quiet: bool) -> None:
    global _verbosity
    if verbose and quiet:
        raise typer.BadParameter("use -v or -q, not both", param_hint="'--verbose' / '--quiet'")
    _verbosity = 2 if verbose else 0 if quiet else 1


Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Say more: each failed check and warning, every failed file")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only")]


def _fail(path: Path | str, message: str, code: int) -> typer.Exit:
    _say(f"govreport: {path}: {message}")
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from extractor.contract import SCHEMA_VERSION

        try:
            number = version("govreport")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        typer.echo(f"govreport {number} (schema_version {SCHEMA_VERSION})")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """Turn government information disclosure annual reports into validated JSON."""


# True when the console script runs this process: process-wide limits (address space) are
# set only then, never on a host process (a test runner, a notebook) that calls the app.
_OWN_PROCESS = False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """The console script: usage errors are one line and exit 2, like every other error."""
    # Typer ships its own copy of click; its exception classes live beside typer.BadParameter.
    errors = importlib.import_module(typer.BadParameter.__module__)
    no_args = getattr(errors, "NoArgsIsHelpError", ())
    global _OWN_PROCESS
    _OWN_PROCESS = True
    # numpy (the OCR reader's images) only indexes arrays: OpenBLAS's thread pool, started on
    # import, costs a one-shot command tens of milliseconds and a batch worker a thread per core
    # for nothing. A user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pydantic looks for plugins (observability hooks) by scanning the entry points of every
    # installed package when the contract's first model is built: tens of milliseconds for
    # nothing in a command line run. PYDANTIC_DISABLE_PLUGINS set by the user (even empty) wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # ... and, with plugins off, the import of the machinery that would look for them.
    plugin_lookup.skip_discovery()
    with startup.loading():
        command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="govreport", standalone_mode=False)
    except no_args as exc:
        typer.echo(exc.format_message())  # bare `govreport`: the help, as click shows it
        code = 2
    except errors.UsageError as exc:
        where = f" (see: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
        _say(f"govreport: usage: {exc.format_message()}{where}")
        code = 2
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _say("govreport: interrupted")
        code = 130
    except errors.ClickException as exc:
        _say(f"govreport: {exc.format_message()}")
        code = exc.exit_code
    sys.exit(code if isinstance(code, int) else 0)


MaxPages = Annotated[int, typer.Option("--max-pages", min=1, help="Refuse documents with more pages")]
MaxFileMb = Annotated[float, typer.Option("--max-file-mb", min=0.001, help="Refuse files larger than this (MB)")]
MaxUnzippedMb = Annotated[
    float, typer.Option("--max-unzipped-mb", min=0.001, help="Refuse Word files that unpack to more than this (MB)")
]
Ocr = Annotated[
    OcrMode,
    typer.Option(
        "--ocr",
        case_sensitive=False,
        help="Read scanned pages and pictures of tables by OCR: auto (pages and pictures without text), "
        "never, always (every PDF page from its image). Needs: pip install 'govreport\\[ocr]'",
    ),
]

PdfBackendOption = Annotated[
    PdfBackend,
    typer.Option(
        "--pdf-backend",
        case_sensitive=False,
        help="Library that reads a PDF's characters and rules: pdfium (fast) or pdfplumber (the reference)",
    ),
]


Aliases = Annotated[
    Path | None,
    typer.Option("--aliases", envvar="GOVREPORT_ALIASES", show_envvar=True,
                 help="File of agency aliases, one 'old = new' a line (人民防空办公室 = 国防动员办公室); docs/identity.md"),
]


def _use_aliases(path: Path | None) -> None:
    """Check the alias file once here (a usage error, exit 2), and hand it to the pipeline and a
    batch's workers by the environment."""
    if path is None:
        return
    from extractor.identity.aliases import ENV, AliasFileError, read_aliases

    try:
        read_aliases(path)
    except AliasFileError as exc:
        raise _fail(path, str(exc).removeprefix(f"{path}: "), 2) from None
    os.environ[ENV] = str(path.resolve())


@app.command(
    cls=_Command,
    epilog="Examples:\n\n"
    "govreport extract report.pdf -o report.json\n\n"
    "govreport extract scan.pdf --ocr always -o scan.json   (needs pip install 'govreport\\[ocr]')\n\n"
    "For a folder of reports: govreport batch FOLDER -o OUT",
)
def extract(
    file: Annotated[Path, typer.Argument(help=f"A report: {SUFFIXES}")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the JSON here instead of stdout")] = None,
    timeout: Annotated[float, typer.Option(min=0, help="Seconds allowed for the document (0: no limit)")] = DEFAULT_TIMEOUT,
    max_pages: MaxPages = DEFAULT_MAX_PAGES,
    max_file_mb: MaxFileMb = DEFAULT_MAX_FILE_MB,
    max_unzipped_mb: MaxUnzippedMb = DEFAULT_MAX_UNZIPPED_MB,
    max_memory_mb: Annotated[
        float, typer.Option("--max-memory-mb", min=0, help="Memory (RSS) allowed to the process, MB (0: no limit)")
    ] = DEFAULT_MEMORY_MB,
    ocr: Ocr = OcrMode.AUTO,
    pdf_backend: PdfBackendOption = PdfBackend.PDFIUM,
    aliases: Aliases = None,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Extract one report to one JSON document (stdout, or the file -o names)."""
    _set_verbosity(verbose, quiet)
    _use_aliases(aliases)
    with startup.loading():
        from extractor.pipeline import extract as run_extract
        from extractor.pipeline import to_json

    _input_file(file)
    limits = Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb,
                    timeout=timeout or None, ocr=ocr, pdf_backend=pdf_backend)
    try:
        with memory_limit(max_memory_mb if _OWN_PROCESS else None, f"govreport: {shown(str(file))}"), \
                _progress_line(file):
            document = run_extract(file, limits)
    except GovReportError as exc:
        raise _fail(file, f"{exc.reason}: {exc}", exc.exit_code) from None
    except KeyboardInterrupt:
        raise _fail(file, "interrupted", 130) from None
    except MemoryError:
        raise _fail(file, f"limit exceeded: needs more than {max_memory_mb:g} MB (--max-memory-mb)", 3) from None
    except OSError as exc:
        raise _fail(file, f"cannot be read: {exc.strerror or exc}", 3) from None
    except Exception as exc:  # noqa: BLE001 - the contract forbids bare tracebacks
        raise _fail(file, f"cannot be read: internal error {type(exc).__name__}: {exc}", 3) from None
    text = to_json(document)
    if output is None:
        sys.stdout.buffer.write((text + "\n").encode("utf-8"))
        sys.stdout.flush()
        return
    from extractor.outputs import OutputError, write_text

    try:
        write_text(output, text + "\n")
    except OutputError as exc:
        raise _fail(output, str(exc), 2) from None
    if _verbosity:
        _said_of(document, output)


def _input_file(file: Path) -> None:
    """A usage error (exit 2) naming what to do when FILE is not a file to read."""
    if file.is_file():
        return
    text = str(file)
    # Path() folds the `//` of a URL into `/`: "https:/example.org/a.pdf".
    if not file.exists() and text.lower().startswith(("http:/", "https:/", "ftp:/")):
        url = text.replace(":/", "://", 1)
        raise _fail(url, "URLs are not fetched; download the file first (curl -fLO URL), then extract it", 2)
    if file.is_dir():
        raise _fail(file, f"a folder; for every report in it: govreport batch {file} -o OUT", 2)
    raise _fail(file, "not a regular file" if file.exists() else "no such file", 2)


def _said_of(document: object, output: Path) -> None:
    """One line on stderr after `extract -o`: what was found and what to look at."""
    data = document.model_dump(mode="json")  # type: ignore[attr-defined]
    missing = {w["where"].get("table") for w in data["warnings"]
               if w["code"] == "table_missing" and isinstance(w.get("where"), dict)}
    tables = len(data["tables"]) - len(missing - {None})
    failed = [c for c in data["checks"] if c["status"] == "fail"]
    warned = len(data["warnings"])
    _say(f"govreport: {output}: {tables} of {len(data['tables'])} tables, {len(failed)} of {len(data['checks'])} "
         f"checks failed, {warned} warning{'s' if warned != 1 else ''}")
    if _verbosity < 2:
        return
    for check in failed:
        _say(f"  FAIL {check['rule']}: {check['message']}")
    for warning in data["warnings"]:
        _say(f"  {warning['code']}: {warning['message']}")


@contextlib.contextmanager
def _progress_line(file: Path) -> Iterator[None]:
    """On a terminal, one line on stderr saying how far a long step is (pages read by OCR),
    rewritten in place and cleared at the end; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty() or not _verbosity:
        yield
        return
    from extractor.progress import listening

    shown = False

    def show(what: str, done: int, total: int) -> None:
        nonlocal shown
        sys.stderr.write(f"\r\x1b[Kgovreport: {file}: {done}/{total} {what}")
        sys.stderr.flush()
        shown = True

    try:
        with listening(show):
            yield
    finally:
        if shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@app.command(cls=_Command, epilog="Example: govreport schema > govreport.schema.json")
def schema(verbose: Verbose = False, quiet: Quiet = False) -> None:
    """Print the JSON Schema of the output document."""
    _set_verbosity(verbose, quiet)  # accepted as on every command; the schema is all it prints
    with startup.loading():
        from extractor.schema import labelled_schema

    typer.echo(json.dumps(labelled_schema(), ensure_ascii=False, indent=2))


@app.command(cls=_Command, epilog="Exit 1 when a check fails.\n\nExample: govreport check report.json")
def check(
    file: Annotated[Path, typer.Argument(help="A JSON document written by `govreport extract`")],
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Re-run the consistency checks on a JSON document and print the failures."""
    _set_verbosity(verbose, quiet)
    with startup.loading():
        from extractor.checks import document_checks
        from extractor.contract import ReportDocument

    if not file.is_file():
        raise _fail(file, "not a regular file" if file.exists() else "no such file", 2)
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
        tables = data["tables"]
        if not isinstance(tables, dict):
            raise TypeError
    except OSError as exc:
        raise _fail(file, f"cannot be read: {exc.strerror or exc}", 2) from None
    except UnicodeDecodeError:
        raise _fail(file, "not a govreport JSON document: not UTF-8 text (a report? use govreport extract)", 2) from None
    except ValueError as exc:
        raise _fail(file, f"not a govreport JSON document: not JSON ({exc})", 2) from None
    except (KeyError, TypeError):
        raise _fail(file, "not a govreport JSON document: no \"tables\" object", 2) from None
    from pydantic import ValidationError

    try:
        ReportDocument.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _fail(file, f"not a govreport JSON document: {where}: {first['msg']}", 2) from None
    # Every rule extract ran, the narrative ones too (on the paragraphs the document holds).
    results = document_checks(data)
    failed = [c for c in results if c.status == "fail"]
    for c in failed:
        typer.echo(f"FAIL {c.rule}: {c.message}")
    if _verbosity > 1:
        for c in results:
            if c.status != "fail":
                typer.echo(f"{c.status.upper()} {c.rule}: {c.message}")
    skipped = sum(1 for c in results if c.status == "skipped")
    passed = len(results) - len(failed) - skipped
    if _verbosity:
        typer.echo(f"{passed} passed, {len(failed)} failed, {skipped} skipped", err=True)
    raise typer.Exit(1 if failed else 0)


@app.command(
    cls=_Command,
    epilog="Run it again to continue after a stop: finished files are kept.\n\nExamples:\n\n"
    "govreport batch reports/ -o out/ --jobs 4\n\n"
    "govreport batch reports/ -o out/ --scheduler tcp://HEAD:8786   (needs pip install 'govreport\\[cluster]')",
)
def batch(
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the JSON documents and manifest.jsonl")],
    input_dir: Annotated[
        Path | None,
        typer.Argument(metavar="INPUT_DIR", help="Folder of reports, searched recursively (or give --input-list)"),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count; on Dask: its workers)"),
    ] = None,
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
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Follow links to folders and links that lead outside INPUT_DIR")
    ] = False,
    input_list: Annotated[
        Path | None,
        typer.Option("--input-list", help="File naming the inputs, one path or URL (s3://…) a line, read by the workers"),
    ] = None,
    ocr: Ocr = OcrMode.AUTO,
    pdf_backend: PdfBackendOption = PdfBackend.PDFIUM,
    aliases: Aliases = None,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Extract every report under INPUT_DIR to OUT: resumable, parallel, one JSON per report."""
    from collections import Counter

    _set_verbosity(verbose, quiet)
    _use_aliases(aliases)
    with startup.loading():
        from extractor.batch.input_list import InputListError
        from extractor.batch.progress import reporter
        from extractor.batch.runner import BatchOptions, run_batch
        from extractor.batch.store import OutLocked
        from extractor.outputs import OutputError

    if (input_dir is None) == (input_list is None):
        raise _fail(Path("batch"), "give INPUT_DIR or --input-list FILE (one of them)", 2)
    if input_list is not None and not input_list.is_file():
        raise _fail(input_list, "not a file" if input_list.exists() else "no such file", 2)
    if input_dir is not None and not input_dir.is_dir():
        raise _fail(input_dir, "not a folder" if input_dir.exists() else "no such folder", 2)
    options = BatchOptions(
        input=input_dir or input_list or Path(),
        input_list=input_list,
        out=out,
        jobs=jobs,
        timeout=timeout,
        memory_mb=memory_mb or None,
        force=force,
        scheduler=scheduler,
        upload=not shared_input,
        limits=Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb, ocr=ocr,
                      pdf_backend=pdf_backend),
        follow_links=follow_links,
    )
    # `kill PID` stops a batch like Ctrl-C: workers and their LibreOffice killed, temp files
    # removed, finished outputs and the manifest kept.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with reporter(quiet=not _verbosity) as progress:
            summary = run_batch(options, progress)
    except KeyboardInterrupt:
        _say("govreport: interrupted; finished files are kept, run again to continue")
        raise typer.Exit(130) from None
    except OutLocked as exc:
        raise _fail(out, str(exc), 2) from None
    except OutputError as exc:
        raise _fail(out, str(exc), 2) from None
    except InputListError as exc:
        raise _fail(options.input, str(exc), 2) from None
    except RuntimeError as exc:  # e.g. the cluster extra is not installed
        raise _fail(options.input, str(exc), 2) from None
    if _verbosity:
        _summarise(summary, out)
    for error, n in Counter(summary.write_errors).items():
        _say(f"govreport: {error}" + (f" ({n} times)" if n > 1 else ""))
    raise typer.Exit(0 if summary.ok else 1)


# Files a batch summary names before it says "and N more" (the manifest has them all).
_FILES_SHOWN = 20


def _summarise(summary: object, out: Path) -> None:
    """Counts, failures by reason, then the files that did not give a document and why."""
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items()))  # type: ignore[attr-defined]
    wall = summary.wall  # type: ignore[attr-defined]
    rate = summary.processed / wall if wall else 0.0  # type: ignore[attr-defined]
    _say(f"{counts or 'no input files'}; {wall:.1f} s, {rate:.2f} files/s")
    for reason, n in summary.reasons.most_common():  # type: ignore[attr-defined]
        _say(f"  {n} × {reason}")
    if summary.corpus:  # type: ignore[attr-defined]
        _say(summary.corpus)  # type: ignore[attr-defined]
    problems = summary.problems  # type: ignore[attr-defined]
    shown_here = problems if _verbosity > 1 else problems[:_FILES_SHOWN]
    for path, why in shown_here:
        _say(f"  {path}: {why}")
    if len(problems) > len(shown_here):
        _say(f"  … and {len(problems) - len(shown_here)} more (-v lists them all; {out}/manifest.jsonl has each outcome)")


def _env(name: str) -> dict[str, object]:
    # Every serve option has a GOVREPORT_* variable (containers and unit files set those); an
    # option given on the command line wins.
    return {"envvar": f"GOVREPORT_{name}", "show_envvar": True}


@app.command(
    cls=_Command,
    epilog="Needs pip install 'govreport\\[service]'. Every option can be set by its GOVREPORT_* variable.\n\n"
    "Examples:\n\n"
    "govreport serve --port 8000 --data-dir service-data\n\n"
    "curl --fail-with-body -F file=@report.pdf http://127.0.0.1:8000/v1/extract -o report.json\n\n"
    "API documentation: http://127.0.0.1:8000/docs once it runs; the review page at /",
)
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; beyond loopback an API key is required",
                                      **_env("HOST"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on", **_env("PORT"))] = 8000,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count)", **_env("JOBS"))
    ] = None,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Jobs, uploads, results and the job database (SQLite)", **_env("DATA_DIR"))
    ] = Path("govreport-data"),
    api_key: Annotated[
        str | None,
        typer.Option("--api-key", help="Require Authorization: Bearer KEY (prefer the environment variable: ps shows "
                     "options)", **_env("API_KEY")),
    ] = None,
    keep_days: Annotated[float, typer.Option("--keep-days", min=0.00001, help="Remove finished jobs after this many days",
                                             **_env("KEEP_DAYS"))] = 7.0,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds allowed per document (requests may ask for less)",
                                           **_env("TIMEOUT"))] = DEFAULT_TIMEOUT,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="Refuse documents with more pages",
                                           **_env("MAX_PAGES"))] = DEFAULT_MAX_PAGES,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", min=0.001, help="Refuse files larger than this (MB)",
                                               **_env("MAX_FILE_MB"))] = DEFAULT_MAX_FILE_MB,
    max_unzipped_mb: Annotated[
        float, typer.Option("--max-unzipped-mb", min=0.001, help="Refuse Word files that unpack to more than this (MB)",
                            **_env("MAX_UNZIPPED_MB"))
    ] = DEFAULT_MAX_UNZIPPED_MB,
    ocr: Annotated[OcrMode, typer.Option("--ocr", case_sensitive=False, help="The most OCR a request may ask for: auto, "
                                         "never, always. Needs pip install 'govreport\\[ocr]'", **_env("OCR"))
                   ] = OcrMode.AUTO,
    pdf_backend: Annotated[PdfBackend, typer.Option("--pdf-backend", case_sensitive=False,
                                                    help="Library that reads a PDF: pdfium (fast) or pdfplumber",
                                                    **_env("PDF_BACKEND"))] = PdfBackend.PDFIUM,
    memory_mb: Annotated[float, typer.Option("--memory-mb", help="Memory (RSS) allowed per worker, MB",
                                             **_env("MEMORY_MB"))] = DEFAULT_MEMORY_MB,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", min=0.001, help="Largest request body, MB",
                                                 **_env("MAX_UPLOAD_MB"))] = 1000.0,
    max_queue: Annotated[int, typer.Option("--max-queue", min=1, help="Documents waiting before new work gets 429",
                                           **_env("MAX_QUEUE"))] = 1000,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow browser calls from this origin (repeatable; in "
                                       "the variable, separated by spaces)", **_env("CORS_ORIGIN"))
    ] = None,
    public_name: Annotated[
        list[str] | None, typer.Option("--public-name", help="A name the server is reached by (a proxy's); "
                                       "other Host names are refused (repeatable; in the variable, separated by "
                                       "spaces)", **_env("PUBLIC_NAME"))
    ] = None,
    job_list: Annotated[
        bool, typer.Option("--job-list/--no-job-list", help="List the newest jobs on the review page's index",
                           **_env("JOB_LIST"))
    ] = True,
    store_retry_seconds: Annotated[
        float, typer.Option("--store-retry-seconds", min=0, help="Seconds a result that cannot be stored (full "
                            "disk) is tried again before its document is marked failed",
                            **_env("STORE_RETRY_SECONDS"))] = 60.0,
    max_connections: Annotated[
        int, typer.Option("--max-connections", min=1, help="Open connections at once (also kept under the "
                          "descriptor limit)", **_env("MAX_CONNECTIONS"))] = 1000,
    max_connections_per_client: Annotated[
        int, typer.Option("--max-connections-per-client", min=1, help="Open connections from one address "
                          "(behind a proxy: raise to --max-connections)", **_env("MAX_CONNECTIONS_PER_CLIENT"))] = 200,
    header_timeout: Annotated[
        float, typer.Option("--header-timeout", min=0.1, help="Seconds a client has to send a request's headers",
                            **_env("HEADER_TIMEOUT"))] = 10.0,
    min_body_rate: Annotated[
        float, typer.Option("--min-body-rate", min=0, help="Bytes/s a request body must average over each 10 s "
                            "window", **_env("MIN_BODY_RATE"))] = 1000.0,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Serve the extraction over HTTP: an API for scripts, and the review page at /."""
    _set_verbosity(verbose, quiet)
    from extractor.service.settings import ConnectionLimits, ServiceSettings, is_loopback

    if not is_loopback(host) and not api_key:
        raise _fail("serve", f"--host {host} is reachable from other machines: set --api-key or GOVREPORT_API_KEY", 2)
    try:
        with startup.loading():
            import jinja2  # noqa: F401 - the review page at / (a dependency of the extra, checked here to fail early)

            from extractor.service.server import DataDirBusy
            from extractor.service.server import serve as run_server
    except ImportError as exc:
        raise _fail("serve", f"the service needs FastAPI and uvicorn: pip install 'govreport[service]' ({exc.name})", 2) from None
    settings = ServiceSettings(
        data_dir=data_dir.absolute(), host=host, port=port, api_key=api_key or None, keep_days=keep_days,
        memory_mb=memory_mb or None, max_upload_mb=max_upload_mb, max_queue=max_queue,
        limits=Limits(max_pages=max_pages, max_file_mb=max_file_mb, max_unzipped_mb=max_unzipped_mb, timeout=timeout,
                      ocr=ocr, pdf_backend=pdf_backend),
        cors_origins=tuple(cors_origin or ()),
        log_level=("warning", "info", "debug")[_verbosity],
        public_names=tuple(public_name or ()), list_jobs=job_list, store_retry_seconds=store_retry_seconds,
        connections=ConnectionLimits(max_connections=max_connections, max_per_client=max_connections_per_client,
                                     header_timeout=header_timeout, min_body_rate=min_body_rate),
        **({"jobs": jobs} if jobs else {}),
    )
    try:
        run_server(settings)
    except DataDirBusy as exc:
        raise _fail(data_dir, str(exc), 2) from None
    except OSError as exc:
        raise _fail("serve", str(exc) if not exc.strerror else f"{data_dir}: {exc.strerror}", 2) from None


@app.command(
    cls=_Command,
    epilog="Needs pip install 'govreport\\[service]'.\n\n"
    "Example: govreport review out/ --sources reports/   then open http://127.0.0.1:8000/",
)
def review(
    out: Annotated[Path, typer.Argument(help="A folder written by `govreport batch`")],
    sources: Annotated[
        Path | None, typer.Option("--sources", help="The batch's INPUT_DIR: show each number in its original")
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback only: the page has no login)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Serve the review page over a batch's output folder, read-only (each number beside its original)."""
    _set_verbosity(verbose, quiet)
    from extractor.service.settings import is_loopback

    if not out.is_dir():
        raise _fail(out, "not a folder" if out.exists() else "no such folder", 2)
    if sources is not None and not sources.is_dir():
        raise _fail(sources, "not a folder" if sources.exists() else "no such folder", 2)
    if not is_loopback(host):
        raise _fail("review", f"--host {host}: the read-only review has no login; keep it on loopback "
                    "(use govreport serve with an API key to share a review)", 2)
    try:
        with startup.loading():
            import uvicorn

            from extractor.review.pages import review_app
            from extractor.service.connections import uvicorn_config
            from extractor.service.settings import ConnectionLimits
    except ImportError as exc:
        raise _fail("review", f"the review page needs FastAPI, uvicorn and Jinja2: pip install 'govreport[service]' "
                    f"({exc.name})", 2) from None
    application = review_app(out.absolute(), sources.absolute() if sources else None, host)
    if _verbosity:
        _say(f"govreport review: http://{host}:{port}/ (read-only, {out})")
    log_level = ("error", "warning", "info")[_verbosity]
    server = uvicorn.Server(uvicorn_config(application, host, port, ConnectionLimits(), log_level=log_level))
    server.run()
    if not server.started:
        raise _fail("review", f"could not listen on {host}:{port} (in use, or not an address here)", 2)


class ExportFormat(StrEnum):
    # extractor.batch.export.Format's values (a test holds them equal), here so that `--help`
    # lists the choices without importing the exporter.
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"
    XLSX = "xlsx"


class ExportHeaders(StrEnum):
    WORDS = "words"
    KEYS = "keys"


@app.command(
    "export",
    cls=_Command,
    epilog="Parquet and xlsx need pip install 'govreport\\[export]'.\n\nExamples:\n\n"
    "govreport export out/ -o numbers.csv\n\n"
    "govreport export out/ -o by-report.parquet --wide\n\n"
    "govreport export out/ -o data.xlsx",
)
def export_cmd(
    out: Annotated[Path, typer.Argument(help="A folder written by `govreport batch`")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write (.csv, .parquet, .jsonl, .xlsx)")],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", case_sensitive=False, help="Default: from the -o suffix"),
    ] = None,
    wide: Annotated[bool, typer.Option("--wide", help="One row per report, a column per field (csv, parquet, jsonl)")] = False,
    headers: Annotated[
        ExportHeaders | None,
        typer.Option("--headers", case_sensitive=False,
                     help="xlsx only: the template's Chinese words over the keys (words, the default), or the keys alone"),
    ] = None,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Turn a batch's JSON folder into one table (long: one row per number), or a workbook (.xlsx)."""
    _set_verbosity(verbose, quiet)
    with startup.loading():
        from extractor.batch.export import SUFFIXES, Format, NothingToExport, export
        from extractor.outputs import OutputError

    if not out.is_dir():
        raise _fail(out, "not a folder" if out.exists() else "no such folder", 2)
    by_suffix = Format.from_suffix(output)
    if fmt is None and by_suffix is None:
        known = ", ".join(SUFFIXES)
        raise _fail(output, f"unknown suffix {output.suffix or '(none)'!r}: use one of {known}, or --format", 2)
    chosen = Format(fmt.value) if fmt is not None else by_suffix
    if by_suffix is not None and by_suffix != chosen:
        raise _fail(output, f"--format {chosen} conflicts with the file's suffix ({output.suffix})", 2)
    if chosen == Format.XLSX and wide:
        raise _fail(output, "--wide is for csv, parquet and jsonl (a workbook has its tables wide already)", 2)
    if chosen != Format.XLSX and headers is not None:
        raise _fail(output, "--headers is for .xlsx (csv, parquet and jsonl are headed by the keys)", 2)
    from extractor.batch.workbook import WorkbookTooLarge

    try:
        n = export(out, chosen, output, wide=wide, keys_only=headers == ExportHeaders.KEYS)
    except NothingToExport as exc:
        raise _fail(out, str(exc), 1) from None
    except (OutputError, WorkbookTooLarge) as exc:
        raise _fail(output, str(exc), 2) from None
    except RuntimeError as exc:
        raise _fail(output, str(exc), 3) from None
    if _verbosity:
        unit = "reports" if chosen == Format.XLSX else "rows"
        typer.echo(f"{n} {unit} written to {shown(str(output))}", err=True)


if __name__ == "__main__":
    main()
