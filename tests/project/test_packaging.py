"""A wheel install is complete: every package, and the trained paragraph model."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from setuptools import find_packages

from scripts.install_size import closure
from tests.helpers import ROOT

# The fresh venvs must see only what is installed in them: a PYTHONPATH (a checkout run in
# place) would hand them this tree's extractor instead of the wheel's.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def test_every_extractor_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set(find_packages(str(ROOT), include=["extractor*"]))
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (built,) = wheels.glob("govreport-*.whl")
    return built


def test_wheel_install_carries_the_paragraph_model(tmp_path: Path, wheel: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    fresh_site = next(venv.glob("lib/python*/site-packages"))
    # The dependencies come from this environment's site-packages as a plain path entry:
    # its .pth files (among them the editable install of this checkout) are not processed,
    # so `extractor` can only come from the wheel.
    (fresh_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(fresh_site), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    python = venv / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import extractor, govreport_models; print(extractor.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, check=True, timeout=60, env=CLEAN_ENV,
    ).stdout
    assert where.startswith(str(fresh_site)), where
    # The review page's templates and static files (no CDN: everything the browser loads ships).
    for name in ("templates/report.html", "templates/base.html", "static/review.js", "static/review.css",
                 "static/charts.js", "static/echarts/echarts.min.js", "static/echarts/LICENSE", "static/echarts/NOTICE"):
        assert (fresh_site / "extractor" / "review" / name).is_file(), name
    sample = ROOT / "samples" / "000_zibo_guofang_2024.docx"
    run = subprocess.run(
        [str(python), "-c", "from extractor.cli import main; main()", "extract", str(sample)],
        cwd=elsewhere, capture_output=True, timeout=120, env=CLEAN_ENV,
    )
    assert run.returncode == 0, run.stderr.decode()
    codes = {w["code"] for w in json.loads(run.stdout)["warnings"]}
    assert "labels_rules_only" not in codes


# What only an extra brings: none of it may be needed to read a report with a text layer.
EXTRA_ONLY = ("spacy", "thinc", "numpy", "fastapi", "uvicorn", "httpx", "jinja2", "rapidocr", "onnxruntime", "cv2",
              "dask", "distributed", "pyarrow", "pandas", "docx", "mkdocs", "xlsxwriter", "openpyxl")


def test_the_core_dependencies_carry_no_training_or_numeric_stack() -> None:
    core = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]).lower()
    for name in ("spacy", "thinc", "numpy", "pandas", "pyarrow", "onnxruntime", "fastapi"):
        assert name not in core, f"{name} is a core dependency: move it to an extra"


def _plain_site(target: Path) -> None:
    """Links to exactly the packages a plain `pip install govreport` brings (the core
    requirements followed through this environment's metadata), nothing else."""
    dists, missing = closure(set())
    assert not missing, missing
    target.mkdir()
    for name in sorted(dists - {"govreport"}):
        dist = metadata.distribution(name)
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in tops:
            source = Path(str(dist.locate_file(top)))
            if source.exists() and not (target / top).exists():
                (target / top).symlink_to(source)


def test_a_plain_install_reads_every_format_without_any_extra(tmp_path: Path, wheel: Path) -> None:
    # A new user's path: the wheel and its core dependencies only, in a venv of its own, run
    # from another folder on copies of the samples: PDF, DOCX, HTML and TXT, and the Python API.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    fresh_site = next(venv.glob("lib/python*/site-packages"))
    _plain_site(tmp_path / "deps")
    (fresh_site / "deps.pth").write_text(str(tmp_path / "deps") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(fresh_site), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for suffix in ("pdf", "docx", "html", "txt"):
        (elsewhere / f"report.{suffix}").write_bytes((ROOT / "samples" / f"000_zibo_guofang_2024.{suffix}").read_bytes())
    python = str(venv / "bin" / "python")
    probe = (
        "import sys\n"
        "from extractor.cli import main\n"
        "sys.argv = ['govreport', 'extract', sys.argv[1], '-o', sys.argv[1] + '.json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        f"extra = sorted({{m.split('.')[0] for m in sys.modules}} & set({EXTRA_ONLY!r}))\n"
        "print('EXTRA=' + ','.join(extra), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    for suffix in ("pdf", "docx", "html", "txt"):
        run = subprocess.run([python, "-c", probe, f"report.{suffix}"], cwd=elsewhere, capture_output=True, text=True,
                             timeout=120, env=CLEAN_ENV)
        assert run.returncode == 0, run.stderr
        assert "EXTRA=\n" in run.stderr + "\n", run.stderr  # nothing from an extra was imported
        document = json.loads((elsewhere / f"report.{suffix}.json").read_text(encoding="utf-8"))
        assert document["report"]["agency"] == "淄博市国防动员办公室"
        assert "labels_rules_only" not in {w["code"] for w in document["warnings"]}
    api = subprocess.run(
        [python, "-c", "from extractor import extract, to_rows; d = extract('report.docx'); "
         "print(d.report.year, len(to_rows(d)))"],
        cwd=elsewhere, capture_output=True, text=True, timeout=120, env=CLEAN_ENV,
    )
    assert api.returncode == 0, api.stderr
    assert api.stdout.split()[0] == "2024" and int(api.stdout.split()[1]) > 100
    # Only the core packages were there: an extra's package cannot be imported.
    spacy = subprocess.run([python, "-c", "import spacy"], cwd=elsewhere, capture_output=True, timeout=60, env=CLEAN_ENV)
    assert spacy.returncode != 0
