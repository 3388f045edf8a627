"""DOC and WPS files, converted to DOCX by LibreOffice headless and read as DOCX.

Each conversion runs with its own throwaway user profile (``-env:UserInstallation``):
LibreOffice refuses to start a second instance on a shared profile, so parallel
conversions would otherwise collide or hang. The process group is killed on timeout so no
soffice process outlives the call.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from extractor.contract import Warning
from extractor.errors import ConversionFailed, ConverterMissing, LimitExceeded
from extractor.layout import Document
from extractor.limits import DEFAULT_TIMEOUT, Limits, lift_memory_limit
from extractor.readers.docx_reader import read_docx
from extractor.warning_codes import WarningCode


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(sources: Sequence[Path], to: str, outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Convert files with one LibreOffice run; the results in ``outdir``, named for their sources.

    ``to`` is a LibreOffice filter ("pdf", "doc", "docx:MS Word 2007 XML"); the part before
    the colon is the new suffix. The one way the product, the sample builder and the tests
    run LibreOffice: a throwaway profile, HOME and TMPDIR, plain ASCII copy names
    (LibreOffice mangles some others), and no soffice process left behind."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing("LibreOffice (soffice) is needed and was not found on PATH")
    suffix = to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="govreport-lo-") as tmp:
        work = Path(tmp)
        copies = []
        for i, source in enumerate(sources):
            copies.append(work / f"input{i}{source.suffix.lower()}")
            shutil.copyfile(source, copies[-1])
        out = work / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, copies),
        ]
        _run(cmd, timeout, home=work)
        results = []
        for source, copy in zip(sources, copies, strict=True):
            produced = out / f"{copy.stem}.{suffix}"
            if not produced.exists():
                raise ConversionFailed(f"LibreOffice could not convert the {source.suffix} file")
            outdir.mkdir(parents=True, exist_ok=True)
            results.append(Path(shutil.move(produced, outdir / f"{source.stem}.{suffix}")))
    return results


def read_via_libreoffice(path: Path, fmt: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    if find_soffice() is None:
        raise ConverterMissing(f"LibreOffice (soffice) is needed to read .{fmt} files and was not found on PATH")
    with tempfile.TemporaryDirectory(prefix="govreport-lo-") as tmp:
        source = Path(tmp) / f"input.{fmt}"
        shutil.copyfile(path, source)
        # Even without a document limit, a conversion never waits forever.
        (converted,) = convert([source], "docx:MS Word 2007 XML", Path(tmp), limits.timeout or DEFAULT_TIMEOUT)
        document = read_docx(converted, fmt=fmt, limits=limits)
    document.warnings.append(Warning(code=WarningCode.CONVERTED, message=f".{fmt} converted to DOCX by LibreOffice"))
    return document


def _run(cmd: list[str], timeout: float, home: Path) -> None:
    # LibreOffice also writes under $HOME and leaves lu*.tmp folders in $TMPDIR when it is
    # killed; keep both inside the throwaway directory, which is removed whatever happens.
    tmp = home / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env,
        preexec_fn=lift_memory_limit,
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise ConversionFailed(f"LibreOffice did not finish within {timeout:.0f} s") from exc
    except LimitExceeded as exc:
        # The document's deadline: some damaged files make LibreOffice spin for minutes.
        _kill_group(proc)
        raise LimitExceeded(f"{exc}; LibreOffice was still converting the file") from exc
    except BaseException:
        # Ctrl-C and the like: no soffice may outlive the call.
        _kill_group(proc)
        raise
    if proc.returncode != 0:
        message = (err or b"").decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(f"LibreOffice failed: {message[-1] if message else proc.returncode}")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
