"""Shared markers and fixtures.

``@pytest.mark.needs_soffice``: the test runs LibreOffice (to make a PDF or read a .doc);
skipped, with the reason, where it is not installed. CI installs it, so there every such
test runs.
"""

from __future__ import annotations

import pytest

from extractor.readers.office_convert import find_soffice


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_soffice: runs LibreOffice; skipped where soffice is not installed")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if find_soffice() is not None:
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) not installed")
    for item in items:
        if "needs_soffice" in item.keywords:
            item.add_marker(skip)
