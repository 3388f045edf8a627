"""Fuzzing every reader: mutated sample bytes end in a document or a documented error.

A few hundred cases, deterministic (``derandomize``) so the test run is stable;
``python scripts/fuzz.py --cases 10000`` runs the long, random campaign in a supervised
pool that also catches hangs and crashes of the interpreter.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.contract import ReportDocument
from extractor.errors import GovReportError, LimitExceeded
from extractor.limits import Limits
from extractor.pipeline import extract
from tests.corpus.fuzzing import mutate

# Far above what any sample takes (< 1 s, LibreOffice ~2 s): reaching it means a hang.
LIMITS = Limits(timeout=30)
CASES = {"txt": 80, "docx": 120, "pdf": 80, "doc": 6}


def _run_case(fmt: str, seed: int, folder: Path) -> None:
    source, mutator, data = mutate(fmt, random.Random(seed))
    path = folder / f"case-{seed}{source.suffix}"
    path.write_bytes(data)
    try:
        document = extract(path, LIMITS)
    except LimitExceeded as exc:
        if "not finished" in str(exc):
            pytest.fail(f"hang: {fmt} {mutator} seed {seed}: {exc}")
    except GovReportError:
        pass  # a documented outcome: the CLI maps it to its exit code and one line
    else:
        assert isinstance(document, ReportDocument)
        document.model_dump_json()
    finally:
        path.unlink()


def _fuzz(fmt: str):  # noqa: ANN202 - a hypothesis-decorated test
    @settings(max_examples=CASES[fmt], deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(seed=st.integers(min_value=0, max_value=2**32 - 1))
    def test(seed: int, tmp_path: Path) -> None:
        _run_case(fmt, seed, tmp_path)

    return test


test_fuzz_txt = _fuzz("txt")
test_fuzz_docx = _fuzz("docx")
test_fuzz_pdf = _fuzz("pdf")
test_fuzz_doc = pytest.mark.needs_soffice(_fuzz("doc"))
