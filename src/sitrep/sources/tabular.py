"""Article rows: JSON Lines (a file or standard input) and CSV, per CONTRACT.md.

Each row has ``text`` or ``html`` (``text`` wins when both are present) and
optional ``id``, ``title``, ``url``, ``outlet``, ``published``, ``language``
and ``author``. A row's source is ``PATH:LINE`` (JSONL, 1-based physical line)
or ``PATH:ROW`` (CSV, 1-based data row after the header); its ``input_id`` is
the row's ``id`` or, when absent, that source.

Lines are read with a length limit, so one enormous line is skipped as too
large without being held in memory. Blank lines are ignored. A bad line or
row becomes a Skipped record and reading goes on with the next one; only an
unrecoverable CSV error (which loses the reader's place) ends that file, with
a Skipped record saying where.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from sitrep.model import Skipped
from sitrep.sources.html import HTML_BYTES_PER_CHAR, draft_from_html
from sitrep.sources.records import Draft, Meta, meta_from_mapping, skipped, with_input_id

_CHUNK = 1 << 16


def _long_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line bytes) or (line number, length) for lines over ``limit``."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        length = len(line)
        while True:  # drain the rest of an over-long line without keeping it
            more = handle.readline(_CHUNK)
            length += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield number, length


def row_draft(row: Mapping[str, Any], source: str, max_chars: int) -> Draft | Skipped:
    """One JSON object / CSV row as a draft article, or the reason it is skipped."""
    meta = with_input_id(meta_from_mapping(row), source)
    text = row.get("text")
    html = row.get("html")
    if isinstance(text, str) and text.strip():
        if len(text) > max_chars:
            return skipped(source, f"too large: {len(text)} chars", meta)
        return Draft(source=source, text=text, meta=meta)
    if isinstance(html, str) and html.strip():
        if len(html) > HTML_BYTES_PER_CHAR * max_chars:
            return skipped(source, f"too large: {len(html)} chars of HTML", meta)
        return draft_from_html(html, source, meta)
    return skipped(source, "no text or html", meta)


def read_jsonl(handle: IO[bytes], name: str, max_chars: int) -> Iterator[Draft | Skipped]:
    """Draft articles from a binary JSONL stream; ``name`` labels the sources."""
    limit = HTML_BYTES_PER_CHAR * max_chars + 1024
    for number, line in _long_lines(handle, limit):
        source = f"{name}:{number}"
        if isinstance(line, int):
            yield skipped(
                source, f"too large: {line} bytes on line {number}", Meta(input_id=source)
            )
            continue
        if not line.strip():
            continue
        try:
            decoded = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            reason = f"invalid UTF-8 on line {number} at byte {exc.start}"
            yield skipped(source, reason, Meta(input_id=source))
            continue
        try:
            row = json.loads(decoded)
        except json.JSONDecodeError:
            yield skipped(source, f"malformed JSON on line {number}", Meta(input_id=source))
            continue
        if not isinstance(row, dict):
            reason = f"malformed JSON on line {number}: not an object"
            yield skipped(source, reason, Meta(input_id=source))
            continue
        yield row_draft(row, source, max_chars)


def read_jsonl_text(handle: IO[str], name: str, max_chars: int) -> Iterator[Draft | Skipped]:
    """Like :func:`read_jsonl` for a text stream (e.g. a replaced ``sys.stdin``)."""
    buffer = getattr(handle, "buffer", None)
    if buffer is not None:
        yield from read_jsonl(buffer, name, max_chars)
        return
    encoded = io.BytesIO(handle.read().encode("utf-8", "surrogateescape"))
    yield from read_jsonl(encoded, name, max_chars)


def read_csv(handle: IO[bytes], name: str, max_chars: int) -> Iterator[Draft | Skipped]:
    """Draft articles from a binary CSV stream with a header row."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, HTML_BYTES_PER_CHAR * max_chars + 1))
    try:
        reader = csv.DictReader(text)
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                where = f"{name}:{number + 1}"
                yield skipped(
                    where, f"malformed CSV after row {number}: {exc}", Meta(input_id=where)
                )
                return
            number += 1
            source = f"{name}:{number}"
            clean_row = {k.strip().lower(): v for k, v in row.items() if isinstance(k, str)}
            yield row_draft(clean_row, source, max_chars)
    finally:
        csv.field_size_limit(previous)
        text.detach()
