"""The HTML reader (see ``reader``): web pages to the layout model."""

from extractor.readers.html.reader import read_html

__all__ = ["read_html"]
