"""How far a long step has got, told to whoever listens (the command line on a terminal).

A reader deep in the pipeline says where it is with ``step``; nothing listens unless a caller
installs a listener with ``listening``. A context variable rather than a parameter threaded
through every layer: the readers stay free of any idea of who shows progress, and a batch
worker or the service, which do not listen, pay one lookup per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# what (a few words), steps done, steps in all
Listener = Callable[[str, int, int], None]

_listener: ContextVar[Listener | None] = ContextVar("govreport_progress", default=None)


def step(what: str, done: int, total: int) -> None:
    """``done`` of ``total`` steps of ``what`` are finished."""
    listener = _listener.get()
    if listener is not None:
        listener(what, done, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
