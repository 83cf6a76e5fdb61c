"""Stage 2, parse: text to one Lexbor tree. The only module that constructs a parser.

Why Lexbor (selectolax) and not lxml: see docs/architecture.md ("The tree").
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from .errors import InputError

__all__ = ["parse_html"]


def parse_html(text: str) -> LexborHTMLParser:
    """Parse a page the way an HTML5 browser does (markup after ``</html>`` goes into body)."""
    try:
        return LexborHTMLParser(text)
    except Exception as exc:  # lexbor raises bare RuntimeError/ValueError on allocation failure
        raise InputError(f"the HTML parser could not read the page: {exc}") from None
