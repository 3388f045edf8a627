"""Loose text cut into (label, digit run) pairs: what is left of a table whose cells were joined.

Knows nothing of the template. A run is digits with the decimal points and signs between
them; a line break between two digits is a wrap (a fixed-width copy), not a separator. Item
numbering glued to the previous row's last digit ("…31" + "2.没有现成信息…" read as the run
"312") is given back to the label: a digit followed by ".", "、" or ")" and then no digit is a
row's own number, never part of a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A run: digits, with "." or a sign only between digits (96171.6, 12-2); a line break inside
# it where the number goes on on the next line ("946." / "8", "946" / ".8").
_WRAP = r"\s*\n\s*"
_RUN = re.compile(rf"[-+]?\d(?:\d|[.+-](?=(?:{_WRAP})?\d)|{_WRAP}(?=\d|[.+-]\d))*")
# What a row's own number ends with ("2.", "2、", "2）"), right after the run it is glued to;
# never a decimal point (a digit after it, on this line or the next).
_NUMBER_END = re.compile(rf"^[.、．)）](?!(?:{_WRAP})?\d)")
# Full-width digits and marks read as their ASCII forms, one character for one (so positions
# in the printed text stay valid).
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．＋－", "0123456789.+-")


@dataclass(frozen=True)
class Segment:
    """A label as printed (possibly several labels and headings run together) and the digit
    run after it as printed ("" at the end of the text)."""

    label: str
    run: str

    @property
    def digits(self) -> str:
        """The run without the line breaks a wrap put into it."""
        return re.sub(r"\s+", "", self.run.translate(_HALF_WIDTH))


def segments(text: str) -> list[Segment]:
    """``text`` cut at every digit run, with glued item numbers returned to their labels."""
    normal = text.translate(_HALF_WIDTH)
    pairs: list[list[str]] = []
    last = 0
    for match in _RUN.finditer(normal):
        pairs.append([text[last : match.start()], text[match.start() : match.end()]])
        last = match.end()
    pairs.append([text[last:], ""])
    _return_glued_numbers(pairs)
    out: list[Segment] = []
    carry = ""
    for i, (label, run) in enumerate(pairs):
        if not run.strip() and i < len(pairs) - 1:
            # A run given back whole to the next label ("（" "2" "）属于…"): the labels are one.
            carry += label + run
            continue
        out.append(Segment(carry + label, run))
        carry = ""
    return out


def _return_glued_numbers(pairs: list[list[str]]) -> None:
    """Where a label opens with the end of an item number ("." of "2."), the run before it
    gives its last digit back: that digit is the label's number."""
    for i in range(1, len(pairs)):
        label = pairs[i][0]
        previous = pairs[i - 1][1].rstrip()
        # A wrap may fall between the number and its mark ("2" / "．没有现成…").
        if previous and _NUMBER_END.match(label.lstrip().translate(_HALF_WIDTH)) \
                and previous[-1].translate(_HALF_WIDTH).isdigit():
            pairs[i][0] = previous[-1] + label
            pairs[i - 1][1] = previous[:-1]
