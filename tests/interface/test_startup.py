"""The console script loads its modules with the garbage collector paused (extractor/startup.py):
the collector runs again, with the loaded modules frozen, before any document is read, so a long
document collects its cycles as usual; a process that merely calls the app keeps its collector
as it set it. Each console case runs in a fresh interpreter."""

from __future__ import annotations

import gc
import subprocess
import sys

from typer.testing import CliRunner

from extractor import startup
from extractor.cli import app
from tests.helpers import ROOT

SAMPLE = ROOT / "samples" / "000_zibo_guofang_2024.txt"

# Runs the console entry point with the pipeline's extract spied on: the collector's state while
# the document is read, and the frozen count, are printed.
_SPY = """
import gc, sys
import extractor.pipeline as pipeline
real = pipeline.extract
seen = []
def spy(*args, **kwargs):
    seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
    return real(*args, **kwargs)
pipeline.extract = spy
from extractor.startup import main
sys.argv = ["govreport", "extract", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(seen, gc.isenabled())
"""


def test_console_reads_the_document_with_the_collector_running_and_modules_frozen(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-c", _SPY, str(SAMPLE), str(tmp_path / "out.json")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[(True,", "True)]", "True"]
    assert (tmp_path / "out.json").stat().st_size > 0


def test_a_host_process_keeps_its_collector_untouched(tmp_path) -> None:
    assert not startup._console  # the test runner is a host, not the console script
    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(app, ["extract", str(SAMPLE), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_loading_leaves_a_collector_turned_off_by_the_host_off(monkeypatch) -> None:
    monkeypatch.setattr(startup, "_console", True)
    gc.disable()
    try:
        frozen = gc.get_freeze_count()
        with startup.loading():
            pass
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.enable()


def test_loading_resumes_the_collector_when_an_import_fails(monkeypatch) -> None:
    monkeypatch.setattr(startup, "_console", True)
    try:
        with startup.loading():
            assert not gc.isenabled()
            import extractor.no_such_module  # noqa: F401
    except ImportError:
        pass
    finally:
        gc.unfreeze()  # loading froze the test runner's objects: give them back to the collector
    assert gc.isenabled()


def test_python_m_extractor_is_the_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "extractor", "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("govreport ") and "schema_version" in proc.stdout
