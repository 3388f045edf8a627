"""Loose text cut into (label, run) pairs: what is left of a table whose cells were joined.

Knows nothing of the template. A run is what a row prints after its label: digits, with the
decimal points and signs between them; placeholders for a blank cell ("—", "－", "-", "/",
"／", "无", "——"); glue between numbers (a thousands separator "1,234" / "1，234", a space or
full-width space "12 345"). A line break between two of these is a wrap (a fixed-width copy),
not a separator. Item numbering glued to the previous row's last digit ("…31" + "2.没有现成信息…"
read as the run "312") is given back to the label: a digit followed by ".", "、" or ")" and then
no digit is a row's own number, never part of a value.

A run is handed on as tokens (``Segment.tokens``), one character per token, for the cutter:

- ``0``–``9``, ``.``, ``+``, ``-``: digits, a decimal point, a sign (``-`` is also a placeholder);
- ``—``, ``/``, ``无``: a placeholder (its cell is blank);
- ``,``: a thousands separator, binding: a comma between a digit and three more is inside one
  number, whose group ends three digits after it (what follows at once is the next cell:
  "34,7870" is 34,787|0);
- ``_``: a space between a digit and three more: a cell boundary, or a thousands separator
  ("12 345" is 12|345 or 12345); the cut decides;
- ``|``: any other comma or space: a cell boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters of a run, as printed (full-width forms too).
_DIGIT = "0-9０-９"
_MARK = "—―–/／\\-－+＋"  # placeholders, and signs
_GLUE = ",，"
_SPACE = " \u3000\u00a0"
# "无" is a placeholder only next to another run character: elsewhere it is a word ("无正当理由").
_NEIGHBOUR = f"[{_DIGIT}{_MARK}无]"
_ATOM = rf"(?:[{_DIGIT}{_MARK}]|无(?={_NEIGHBOUR})|(?<={_NEIGHBOUR})无)"
_WRAP = r"\s*\n\s*"
# Between two atoms: a decimal point (between digits only), a comma or spaces (glue), a wrap.
# A decimal point or a comma stands between two digits, a wrap possibly on either side of it
# ("946." / "8", "39，" / "698").
_BETWEEN = (rf"(?:(?<=[{_DIGIT}])(?:{_WRAP})?[.．{_GLUE}](?:{_WRAP})?(?=[{_DIGIT}])"
            rf"|[{_SPACE}]+|{_WRAP})")
_RUN = re.compile(rf"{_ATOM}(?:(?:{_BETWEEN})?{_ATOM})*")
# What a row's own number ends with ("2.", "2、", "2）"), right after the run it is glued to;
# never a decimal point (a digit after it, on this line or the next).
_NUMBER_END = re.compile(rf"^[.、．)）](?!(?:{_WRAP})?\d)")
# Full-width digits and marks read as their ASCII forms, one character for one (so positions
# in the printed text stay valid); the dashes and slashes as one placeholder each.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．＋－／―–，", "0123456789.+-/——,")
# Tokens that stand for a blank cell.
PLACEHOLDERS = "—/无-"
DIGITS = "0123456789"


@dataclass(frozen=True)
class Segment:
    """A label as printed (possibly several labels and headings run together) and the run
    after it as printed ("" at the end of the text)."""

    label: str
    run: str

    @property
    def tokens(self) -> str:
        """The run as tokens (see the module's docstring); wraps left out."""
        return tokenize(self.run)[0]

    @property
    def printed(self) -> tuple[str, ...]:
        """For each token, the characters printed for it."""
        return tokenize(self.run)[1]

    @property
    def has_digits(self) -> bool:
        return any(ch in DIGITS for ch in self.tokens)

    @property
    def has_cells(self) -> bool:
        """The run holds a number or a placeholder."""
        return bool(self.tokens)


def tokenize(run: str) -> tuple[str, tuple[str, ...]]:
    """``run`` as tokens, and the characters printed for each."""
    chars: list[str] = []
    printed: list[str] = []
    i = 0
    while i < len(run):
        ch = run[i]
        if ch.isspace():
            j = i
            while j < len(run) and run[j].isspace():
                j += 1
            if "\n" not in run[i:j]:  # a wrap leaves nothing; spaces are glue
                chars.append("_")
                printed.append(run[i:j])
            i = j
            continue
        chars.append(ch.translate(_HALF_WIDTH))
        printed.append(ch)
        i += 1
    return _glue("".join(chars)), tuple(printed)


def _glue(text: str) -> str:
    """Commas and spaces as binding (``,``), optional (``_``) or a boundary (``|``)."""
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in ",_":
            continue
        before = text[i - 1] if i else ""
        group = text[i + 1 : i + 4]
        thousands = before in DIGITS and len(group) == 3 and all(ch in DIGITS for ch in group)
        out[i] = ch if thousands else "|"
    return "".join(out)


def segments(text: str) -> list[Segment]:
    """``text`` cut at every run, with glued item numbers returned to their labels."""
    pairs: list[list[str]] = []
    last = 0
    for match in _RUN.finditer(text):
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
            pairs[i - 1][1] = previous[:-1].rstrip()
