"""Shared markers and fixtures.

``@pytest.mark.needs_soffice``: the test runs LibreOffice (to make a PDF or read a .doc);
skipped, with the reason, where it is not installed. CI installs it, so there every such
test runs.

``@pytest.mark.slow``: a full sweep that takes minutes (its sampled version runs always, and
``scripts/`` has the full one as a script); skipped unless pytest runs with ``--run-slow``.
"""

from __future__ import annotations

import pytest

from extractor.readers.office_convert import find_soffice


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_soffice: runs LibreOffice; skipped where soffice is not installed")
    config.addinivalue_line("markers", "slow: takes minutes; skipped unless --run-slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skips: dict[str, pytest.MarkDecorator] = {}
    if find_soffice() is None:
        skips["needs_soffice"] = pytest.mark.skip(reason="LibreOffice (soffice) not installed")
    if not config.getoption("--run-slow"):
        skips["slow"] = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        for marker, skip in skips.items():
            if marker in item.keywords:
                item.add_marker(skip)
