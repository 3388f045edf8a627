"""Print a govreport JSON document as readable tables (used by `make demo`).

    python scripts/show_summary.py OUT.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table


def _fmt(value: object) -> str:
    return "—" if value is None else str(value)


def main(path: str) -> None:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    # Not a terminal (make demo in CI logs): wide enough for the applications table.
    console = Console(width=None if sys.stdout.isatty() else 140)
    report = doc["report"]
    console.print(f"[bold]{report['title']}[/bold]")
    console.print(f"agency {report['agency']} · year {report['year']} · template {report['template']} · "
                  f"{doc['source']['format']} {doc['source']['pages'] or '?'} pages")
    tables = doc["tables"]
    for name in ("proactive_disclosure", "review_litigation"):
        grid = Table(title=name, show_header=False)
        for item, values in tables[name].items():
            grid.add_row(item, "  ".join(f"{k}={_fmt(v)}" for k, v in values.items()))
        console.print(grid)
    apps = tables["applications"]
    columns = list(next(iter(apps.values())).keys())
    grid = Table(title="applications")
    grid.add_column("row", no_wrap=True)
    for col in columns:
        grid.add_column(col, justify="right")
    for row, values in apps.items():
        grid.add_row(row, *(_fmt(values[c]) for c in columns))
    console.print(grid)
    statuses = Counter(c["status"] for c in doc["checks"])
    console.print(f"checks: {dict(statuses)}")
    for check in doc["checks"]:
        if check["status"] == "fail":
            console.print(f"  [red]FAIL[/red] {check['rule']}: {check['message']}")
    console.print(f"warnings: {len(doc['warnings'])} ({dict(Counter(w['code'] for w in doc['warnings']))})")


if __name__ == "__main__":
    main(sys.argv[1])
