"""The ``govreport`` command line (see ../shared/spec/contract.md for the contract).

Exit codes: 0 success; 1 read but not a report; 2 usage error; 3 cannot be read at all.
Errors are one line on stderr naming the file and the reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import GovReportError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn government information disclosure annual reports into validated JSON.",
)


def _fail(path: Path, message: str, code: int) -> typer.Exit:
    typer.echo(f"govreport: {path}: {message}", err=True)
    return typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .pdf, .docx, .doc, .wps, .txt or .md")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the JSON here instead of stdout")] = None,
) -> None:
    """Extract one report to one JSON document."""
    from extractor.pipeline import extract as run_extract
    from extractor.pipeline import to_json

    if not file.is_file():
        raise _fail(file, "no such file", 2)
    try:
        document = run_extract(file)
    except GovReportError as exc:
        raise _fail(file, f"{exc.reason}: {exc}", exc.exit_code) from None
    except Exception as exc:  # noqa: BLE001 - the contract forbids bare tracebacks
        raise _fail(file, f"cannot be read: {type(exc).__name__}: {exc}", 3) from None
    text = to_json(document)
    if output is None:
        sys.stdout.write(text + "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(output)


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


if __name__ == "__main__":
    app()
