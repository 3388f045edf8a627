"""The page as an lxml tree, and the few operations on it the other steps share."""

from __future__ import annotations

import re

from lxml import etree

from extractor.contract import Warning
from extractor.errors import UnreadableInput
from extractor.warning_codes import WarningCode

# Never report text: removed with their contents before anything is measured or read.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "button", "input", "textarea", "head", "map")


def parse_html(text: str) -> tuple[etree._Element, list[Warning]]:
    """The page as a tree (lxml's HTML parser, plain elements: lxml.html's per-element class
    lookup costs more than the parse): no network, comments and processing instructions
    dropped, scripts, styles and widgets removed.

    libxml2 stops reading a page that nests elements more than 256 deep (a guard against
    hostile input no real page reaches); what it could not read is said in a warning."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput(f"not an HTML page: {exc}") from exc
    if root is None:
        raise UnreadableInput("not an HTML page: no markup")
    warnings = [
        Warning(code=WarningCode.NESTING_LIMIT,
                message=f"the page nests elements too deep to read (line {e.line}: {e.message}); the rest was not read")
        for e in parser.error_log
        if e.type_name == "ERR_RESOURCE_LIMIT"
    ][:1]
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    lowered = text.lower()
    if "display" in lowered or "visibility" in lowered or "hidden" in lowered:  # most pages hide nothing
        drop_hidden(root)
    return root, warnings


# What a browser does not show is not report text: a page's second, hidden copy of the article
# (a print or mobile version), hidden widgets, Word's hidden text (mso-hide).
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)


def drop_hidden(root: etree._Element) -> None:
    """Remove what a browser would not show: one pass over the elements with two attribute
    look-ups each (no XPath over the whole tree), then ``drop_all``."""
    drop_all([el for el in root.iter(etree.Element)
              if el.get("hidden") is not None or _is_hidden_style(el.get("style"))])


def drop_all(elements: list[etree._Element]) -> None:
    """Remove ``elements`` and what they hold, keeping their tails, in time linear in the page:
    one pass over the children of each parent that loses some.

    Removing them one by one appended each tail to the kept text before it, copying
    that text again for every removed sibling; leaving the tails as separate text nodes
    (``strip_elements``) makes lxml join them with a quadratic concatenation at every read.
    Either way 200k hidden divs took minutes."""
    # Held in the list, an element keeps its one proxy object, so id() names it for the whole pass.
    ids = {id(el) for el in elements}
    parents: dict[int, etree._Element] = {}
    for el in elements:
        parent = el.getparent()
        if parent is not None and id(parent) not in ids:  # inside a removed one: goes with it
            parents[id(parent)] = parent
    for parent in parents.values():
        _drop_children(parent, ids)


def _drop_children(parent: etree._Element, ids: set[int]) -> None:
    """Remove the listed children of ``parent``; the tails of a run of them are joined once and
    given to the text before the run (the previous kept child's tail, or the parent's text)."""
    receiver: etree._Element | None = None  # None: the parent's own text
    pieces = [parent.text or ""]
    for child in list(parent):
        if id(child) in ids:
            pieces.append(child.tail or "")
            parent.remove(child)  # the tail leaves with it: it is in pieces
            continue
        _give_text(parent, receiver, pieces)
        receiver, pieces = child, [child.tail or ""]
    _give_text(parent, receiver, pieces)


def _give_text(parent: etree._Element, receiver: etree._Element | None, pieces: list[str]) -> None:
    if len(pieces) == 1:
        return  # no hidden run after it: the text is as it was
    text = "".join(pieces) or None
    if receiver is None:
        parent.text = text
    else:
        receiver.tail = text


def _is_hidden_style(style: str | None) -> bool:
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def text_of(el: etree._Element) -> str:
    """All the text inside ``el`` (not its tail), as lxml.html's ``text_content``: serialised
    as text in C, several times faster than joining ``itertext()`` piece by piece."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def visible_len(text: str | None) -> int:
    return len(text.strip()) if text else 0


# Elements that start and end a line of text where they stand.
BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
     "main", "header", "blockquote", "pre", "center", "address", "form", "fieldset", "figure", "figcaption",
     "hr", "caption", "body", "html", "tr", "td", "th", "tbody", "thead", "tfoot"}
)
# HTML whitespace in source text is one space when rendered; no-break and ideographic spaces
# are kept here and blanked by the shared text clean-up.
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def collapse(text: str | None) -> str:
    return HTML_SPACE.sub(" ", text) if text else ""
