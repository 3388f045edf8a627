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


def read_via_libreoffice(path: Path, fmt: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    # Even without a document limit, a conversion never waits forever.
    timeout = limits.timeout or DEFAULT_TIMEOUT
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(f"LibreOffice (soffice) is needed to read .{fmt} files and was not found on PATH")
    with tempfile.TemporaryDirectory(prefix="govreport-lo-") as tmp:
        work = Path(tmp)
        # A plain ASCII copy name: LibreOffice mangles some non-ASCII or odd names.
        source = work / f"input.{fmt}"
        shutil.copyfile(path, source)
        outdir = work / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        _run(cmd, timeout, home=work)
        produced = outdir / "input.docx"
        if not produced.exists():
            raise ConversionFailed(f"LibreOffice could not convert the .{fmt} file")
        document = read_docx(produced, fmt=fmt, limits=limits)
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
