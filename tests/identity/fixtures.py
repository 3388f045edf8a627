"""Report fixtures for identity and corpus tests: a sample's text with its agency line, region,
year and publication date varied (the numbers and narrative stay the sample's)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SAMPLES

# The sample the fixtures are made from, and what it prints that a fixture replaces.
SOURCE = SAMPLES / "001_zibo_zfb_2024.txt"
_AGENCY = "淄博市人民政府办公室"
_ADDRESS = "淄博市张店区人民西路8号"
_YEAR = "2024"


def varied_report(agency: str, year: int, address: str | None = None, published: str | None = None) -> str:
    """The sample as ``agency``'s report of ``year``: its agency line and contact sentence name
    ``agency``, its address ``address`` (kept when None), a date line ``published`` at the end."""
    text = SOURCE.read_text(encoding="utf-8").replace(_AGENCY, agency).replace(_YEAR, str(year))
    if address is not None:
        text = text.replace(_ADDRESS, address)
    if published is not None:
        y, m, d = published.split("-")
        text = text.rstrip() + f"\n\n{agency}\n{y}年{int(m)}月{int(d)}日\n"
    return text


def write_report(folder: Path, name: str, agency: str, year: int, **kwargs: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(varied_report(agency, year, **kwargs), encoding="utf-8")
    return path
