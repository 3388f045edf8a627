"""A wheel install is complete: every package, and the trained paragraph model."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import tomllib
from pathlib import Path

from setuptools import find_packages

from tests.helpers import ROOT


def test_every_extractor_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set(find_packages(str(ROOT), include=["extractor*"]))
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_wheel_install_carries_the_paragraph_model(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = wheels.glob("govreport-*.whl")
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
        cwd=elsewhere, capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    assert where.startswith(str(fresh_site)), where
    # The review page's templates and static files (no CDN: everything the browser loads ships).
    for name in ("templates/report.html", "templates/base.html", "static/review.js", "static/review.css"):
        assert (fresh_site / "extractor" / "review" / name).is_file(), name
    sample = ROOT / "samples" / "000_zibo_guofang_2024.docx"
    run = subprocess.run(
        [str(python), "-c", "from extractor.cli import main; main()", "extract", str(sample)],
        cwd=elsewhere, capture_output=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode()
    codes = {w["code"] for w in json.loads(run.stdout)["warnings"]}
    assert "labels_rules_only" not in codes
