"""Progress of a batch: a rich bar with rate and ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def reporter(quiet: bool = False) -> Iterator[Callable[[str, str, int, int], None]]:
    if quiet:  # -q: errors only; the outcomes are in the manifest
        yield lambda status, rel, done, total: None
        return
    if not sys.stderr.isatty():
        def line(status: str, rel: str, done: int, total: int) -> None:
            print(f"[{done}/{total}] {status:10s} {rel}", file=sys.stderr, flush=True)

        yield line
        return
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]govreport[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("batch", total=None, rate="")

        def update(status: str, rel: str, done: int, total: int) -> None:
            speed = bar.tasks[0].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:.1f} files/s" if speed else "")
            if status not in ("ok", "skipped"):
                console.print(f"{status}: {rel}")

        yield update
