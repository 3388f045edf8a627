"""File names as the file system holds them (bytes) and as JSON and terminals can show them.

Linux allows any bytes in a name; zips made on Chinese Windows carry GBK names that are not
UTF-8. Python hands such a name over with "surrogate escapes", which work for opening the
file but are not valid UTF-8 text. Everything we write for people or other programs (the
JSON's ``source.file``, the manifest, error lines) uses ``shown(name)``: the name with every
byte that is not part of valid UTF-8 written as ``\\xNN`` (Python's ``backslashreplace``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from extractor.warning_codes import WarningCode

if TYPE_CHECKING:
    from extractor.contract import Warning


def raw_bytes(name: str) -> bytes:
    """The bytes the file system holds for ``name``."""
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:
        # A lone surrogate that did not come from the file system (e.g. typed in JSON).
        return name.encode("utf-8", "surrogatepass")


def shown(name: str) -> str:
    """``name`` as valid UTF-8 text: undecodable bytes as ``\\xNN``."""
    return raw_bytes(name).decode("utf-8", "backslashreplace")


def shortened(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` bytes of UTF-8, never inside a character (file
    systems bound a name in bytes, 255 on most; 85 Chinese characters fill it)."""
    data = raw_bytes(name)
    if len(data) <= limit:
        return name
    return data[:limit].decode("utf-8", "ignore")


def is_utf8(name: str) -> bool:
    try:
        raw_bytes(name).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def gb18030_reading(name: str) -> str | None:
    """The name read as GB18030 (what a Chinese Windows zip tool meant), if it decodes."""
    try:
        return raw_bytes(name).decode("gb18030")
    except UnicodeDecodeError:
        return None


def name_warnings(name: str) -> list[Warning]:
    """A warning for a name that is not UTF-8 (its bytes, and what GB18030 makes of them)."""
    if is_utf8(name):
        return []
    # Here, not at the top: the CLI imports this module for every command, and the contract's
    # pydantic models cost a quarter of a second to build (`--help` needs none of them).
    from extractor.contract import Warning

    guess = gb18030_reading(name)
    message = "the file name is not UTF-8; its odd bytes are shown as \\xNN in source.file" + (
        f" (read as GB18030: {guess})" if guess else ""
    )
    return [Warning(code=WarningCode.FILE_NAME_NOT_UTF8, message=message, where={"name_bytes_hex": raw_bytes(name).hex()})]
