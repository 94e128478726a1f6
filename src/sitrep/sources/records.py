"""The reader-side record (a draft article) and metadata coercion.

Readers turn one input (a file, a JSONL line, a CSV row) into a :class:`Draft`
or a :class:`sitrep.model.Skipped`. :func:`sitrep.sources.read_inputs` then
cleans the draft's text, checks its language, computes the id and merges
duplicates into :class:`sitrep.model.Article` records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sitrep.model import Skipped

METADATA_FIELDS = ("id", "title", "url", "outlet", "published", "language", "author")
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:$|[T ]\S*|\s)")


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata an input states about an article (all optional)."""

    input_id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    author: str | None = None

    def over(self, fallback: Meta) -> Meta:
        """This metadata, with gaps filled from ``fallback``."""
        return Meta(
            input_id=self.input_id if self.input_id is not None else fallback.input_id,
            title=self.title if self.title is not None else fallback.title,
            url=self.url if self.url is not None else fallback.url,
            outlet=self.outlet if self.outlet is not None else fallback.outlet,
            published=self.published if self.published is not None else fallback.published,
            language=self.language if self.language is not None else fallback.language,
            author=self.author if self.author is not None else fallback.author,
        )


@dataclass(frozen=True, slots=True)
class Draft:
    """An input's raw article text and metadata, before cleaning and id."""

    source: str
    text: str
    meta: Meta

    def skip(self, reason: str, article_id: str | None = None) -> Skipped:
        return skipped(self.source, reason, self.meta, article_id)


def skipped(
    source: str, reason: str, meta: Meta | None = None, article_id: str | None = None
) -> Skipped:
    """A Skipped record carrying whatever metadata is known."""
    m = meta if meta is not None else Meta()
    return Skipped(
        source=source,
        reason=reason,
        input_id=m.input_id,
        article_id=article_id,
        title=m.title,
        url=m.url,
        outlet=m.outlet,
        published=m.published,
    )


def parse_date(value: Any) -> dt.date | None:
    """An ISO date or datetime (string, date or datetime) as a date; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _text_field(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        text = " ".join(str(value).split())
        return text or None
    return None


def meta_from_mapping(data: Mapping[str, Any]) -> Meta:
    """Metadata from a JSON object / CSV row / sidecar (unknown keys ignored)."""
    return Meta(
        input_id=_text_field(data.get("id")),
        title=_text_field(data.get("title")),
        url=_text_field(data.get("url")),
        outlet=_text_field(data.get("outlet")),
        published=parse_date(data.get("published")),
        language=_text_field(data.get("language")),
        author=_text_field(data.get("author")),
    )


def with_input_id(meta: Meta, default: str) -> Meta:
    """``meta`` with ``input_id`` set to ``default`` when the input gave none."""
    return meta if meta.input_id is not None else replace(meta, input_id=default)
