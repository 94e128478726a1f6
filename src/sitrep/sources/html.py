"""HTML pages (``.html``/``.htm`` files and the ``html`` field of JSONL/CSV rows).

The article body comes from trafilatura in precision mode
(``favor_precision=True``), which drops navigation, related-article boxes,
comments and footers; comments and tables are not extracted. Page metadata
gives the title, date (from the page's own markup only: no guessing from the
text), author, URL and site name (→ ``outlet``). When the extracted text starts
with the title (an ``<h1>`` repeating it), that line is removed, so the text is
the body alone, as for ``.txt`` files. A page with no extractable body is
skipped with "no article body"; so is one whose body has fewer than
:data:`MIN_BODY_WORDS` words (a paywall, cookie wall or error page, where the
extractor falls back to stray buttons and links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import trafilatura

from sitrep.model import Skipped
from sitrep.sources.clean import clean_text, normalise_text
from sitrep.sources.files import decode_html, read_limited
from sitrep.sources.records import Draft, Meta, parse_date, skipped
from sitrep.sources.text import read_sidecar

HTML_BYTES_PER_CHAR = 5
"""A page may weigh this many bytes per character of ``max_chars`` (markup)."""

MIN_BODY_WORDS = 12
"""An extracted body shorter than this is not an article."""

_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def _clean_field(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def extract_html(html: str, given: Meta | None = None) -> tuple[str, Meta] | None:
    """(body text, page metadata) of an HTML page, or None when it has no body.

    ``given`` metadata (a sidecar, a JSONL row) takes precedence over the page's.
    """
    if not html.strip():
        return None
    try:
        doc = trafilatura.bare_extraction(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None
    if doc is None:
        return None
    raw = getattr(doc, "text", None)
    if not isinstance(raw, str) or not raw.strip():
        return None
    page = Meta(
        title=_clean_field(getattr(doc, "title", None)),
        url=_clean_field(getattr(doc, "url", None)),
        outlet=_clean_field(getattr(doc, "sitename", None)),
        published=parse_date(getattr(doc, "date", None)),
        author=_clean_field(getattr(doc, "author", None)),
    )
    meta = given.over(page) if given is not None else page
    # trafilatura puts one block element per line: each is a paragraph.
    text = normalise_text(raw.replace("\n", "\n\n"))
    first, sep, rest = text.partition("\n\n")
    titles = {t.casefold() for t in (page.title, meta.title) if t}
    if sep and first.casefold() in titles:
        text = rest
    if len(clean_text(text).split()) < MIN_BODY_WORDS:
        return None
    return text, meta


def read_html_file(path: Path, source: str, max_chars: int) -> Draft | Skipped:
    """One ``.html``/``.htm`` file as a draft article, or the reason it is skipped.

    Raises ``OSError`` when the file itself cannot be read.
    """
    side = read_sidecar(path)
    if isinstance(side, str):
        return skipped(source, side)
    data = read_limited(path, HTML_BYTES_PER_CHAR * max_chars)
    if isinstance(data, int):
        return skipped(source, f"too large: {data} bytes", side)
    decoded = decode_html(data)
    if decoded.text is None:
        return skipped(source, decoded.problem or "unreadable", side)
    return draft_from_html(decoded.text, source, side)


def draft_from_html(html: str, source: str, meta: Meta) -> Draft | Skipped:
    """A draft from an HTML string (file or JSONL/CSV ``html`` field)."""
    extracted = extract_html(html, meta)
    if extracted is None:
        return skipped(source, "no article body", meta)
    text, full = extracted
    return Draft(source=source, text=text, meta=full)
