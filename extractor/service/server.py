"""Start the service: one server per data folder (held by a lock), uvicorn on the app."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from pathlib import Path

from extractor.batch.store import pid_lock
from extractor.service.settings import ServiceSettings

LOCK_NAME = ".govreport-serve.lock"
# Seconds a graceful stop (SIGTERM, Ctrl-C) waits for open requests, long polls included,
# before closing them; documents in progress are queued again at the next start anyway.
_GRACEFUL_STOP = 5


class DataDirBusy(Exception):
    """Another server uses this data folder."""


@contextlib.contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[None]:
    """One server per data folder: its queue and results are this process's to drive. A
    process-only lock: the forked workers must not hold it after a killed server."""
    with pid_lock(data_dir / LOCK_NAME,
                  lambda pid: DataDirBusy(f"another govreport serve (PID {pid}) uses this data folder"),
                  process_only=True):
        yield


def serve(settings: ServiceSettings) -> None:
    """Run until SIGTERM or Ctrl-C. Raises ``DataDirBusy`` when another server holds the
    folder, ``OSError`` when the folder cannot be made or the port is taken."""
    import uvicorn

    from extractor.service.app import create_app
    from extractor.service.connections import uvicorn_config

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # uvicorn's logging, plus the service's own lines (start-up summary, cleanup, errors).
    logging_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging_config["loggers"]["govreport"] = {"handlers": ["default"], "level": settings.log_level.upper(),
                                              "propagate": False}
    with data_dir_lock(settings.data_dir):
        config = uvicorn_config(
            create_app(settings),
            settings.host,
            settings.port,
            settings.connections,
            log_config=logging_config,
            log_level=settings.log_level,
            timeout_graceful_shutdown=_GRACEFUL_STOP,
        )
        server = uvicorn.Server(config)
        server.run()
        if not server.started:
            raise OSError(f"could not listen on {settings.host}:{settings.port} (in use, or not an address here)")
