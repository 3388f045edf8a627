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
        for el in _HIDDEN_CANDIDATES(root):
            if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
                drop(el)
    return root, warnings


# What a browser does not show is not report text: a page's second, hidden copy of the article
# (a print or mobile version), hidden widgets, Word's hidden text (mso-hide).
_HIDDEN_CANDIDATES = etree.XPath("//*[@hidden or @style]")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)


def text_of(el: etree._Element) -> str:
    """All the text inside ``el`` (not its tail), as lxml.html's ``text_content``: serialised
    as text in C, several times faster than joining ``itertext()`` piece by piece."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def visible_len(text: str | None) -> int:
    return len(text.strip()) if text else 0


def drop(el: etree._Element) -> None:
    """Remove ``el`` and what it holds, keeping its tail (the parent's text after it)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


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
