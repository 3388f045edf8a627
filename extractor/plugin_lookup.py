"""pydantic's plugin lookup, skipped without its import when plugins are switched off.

pydantic builds every model's validator through ``pydantic.plugin._schema_validator``, which
first imports ``pydantic.plugin._loader`` and asks it for plugins. That module imports
``importlib.metadata`` (with ``email``, ``zipfile``, ``csv`` …: ≈ 20 ms, 6% of a one-shot
``govreport extract``) before it reads ``PYDANTIC_DISABLE_PLUGINS``, so switching plugins off
saved the scan of installed packages but not the import.

``skip_discovery`` puts a small module under that name for the command-line process when the
variable switches every plugin off (the command line sets it unless the user has): its
``get_plugins`` answers "none" while the variable still says so, and anything else pydantic may
want from the module (``get_plugins`` with plugins back on, a name a later pydantic adds) is
served by loading the real module then, so a pydantic that changes its loader costs the import
again, never an error. Only the console script calls this; a host process importing the package
(a notebook, the service under another server) keeps pydantic as it is.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"
_ALL_OFF = ("__all__", "1", "true")  # pydantic's own spellings for "no plugins at all"


def skip_discovery() -> bool:
    """Stand in for pydantic's plugin loader if every plugin is off and the loader is not
    loaded yet; returns whether it did."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _ALL_OFF or LOADER in sys.modules:
        return False
    module = types.ModuleType(LOADER, __doc__)
    module.get_plugins = _get_plugins  # type: ignore[attr-defined]
    module.__getattr__ = _from_real_loader  # type: ignore[attr-defined]
    sys.modules[LOADER] = module
    return True


def _get_plugins() -> Iterable[Any]:
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _ALL_OFF:
        return ()
    return _real_loader().get_plugins()


def _from_real_loader(name: str) -> Any:
    if name.startswith("__"):
        # The import system asks modules for __path__ and the like (is it a package?): a
        # plain module has none, and asking must not load the real one.
        raise AttributeError(name)
    return getattr(_real_loader(), name)


@functools.cache
def _real_loader() -> types.ModuleType:
    """pydantic's own loader, executed once from its file (found on the package's path, not
    through ``sys.modules``, where this module's stand-in is)."""
    import pydantic.plugin

    spec = importlib.machinery.PathFinder.find_spec(LOADER, list(pydantic.plugin.__path__))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot find {LOADER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
