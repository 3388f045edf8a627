"""The console script's entry point: modules load with the cyclic garbage collector paused.

Loading typer, pydantic, the contract and the pipeline creates about 40,000 objects that the
collector tracks, nearly all of which live until the process ends. With the collector running,
they are scanned by the collections that the allocations keep triggering, and all of them once
more by the collections of the interpreter's shutdown: about a tenth of a one-shot command's
time, spent finding no garbage. So, in the console script's own process only, modules load inside
:func:`loading`: the collector is paused, and what exists at the end moves to the permanent
generation (``gc.freeze``), which no collection scans; then the collector runs again for the
command's real work, so a 200-page document or a long-running service collects its cycles as
usual. (The batch pool freezes once more before it forks its workers, and thaws the supervisor
after: extractor/batch/pool.py.)
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# True once the console script runs: a host process (a test runner, a notebook) that calls the
# app keeps its collector as it set it.
_console = False


@contextmanager
def loading() -> Iterator[None]:
    """Import modules inside: in the console script's process, with the collector paused."""
    if not _console or not gc.isenabled():  # a host's process, or already paused by an outer block
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main() -> None:
    """``govreport``: the command line, its modules loaded with the collector paused."""
    global _console
    _console = True
    with loading():
        from extractor.cli import main as run
    run()
