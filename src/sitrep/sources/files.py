"""Reading one document file safely: size first, then binary sniffing, then decoding.

A file larger than its byte limit is rejected from ``stat`` alone, without
reading it. Binary content is recognised by well-known magic numbers, NUL bytes
or a high share of control bytes in the first 8 KiB. Text is decoded as UTF-8
(a UTF-8 byte-order mark is dropped; a UTF-16 BOM selects UTF-16); any other
encoding is reported as invalid UTF-8 with the offending byte offset, except
that an HTML page may declare its charset in a ``<meta>`` tag.

``OSError`` is not caught here: the caller decides whether an unreadable path
is a usage error (a path the user named) or a skipped file (inside a folder).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 8192
_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"\x7fELF",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"OggS",
    b"\x00\x00\x01\x00",
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded file (``text``) or the reason it cannot be used (``problem``)."""

    text: str | None
    problem: str | None = None


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text (images, archives, executables...)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.startswith(_MAGIC) or b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > 0.05 * len(head)


def decode_utf8(data: bytes) -> Decoded:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); report binary or invalid input."""
    if looks_binary(data[:SNIFF_BYTES]):
        return Decoded(None, "binary content")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            return Decoded(None, f"invalid UTF-16 at byte {exc.start}")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        return Decoded(None, f"invalid UTF-8 at byte {offset}")


def decode_html(data: bytes) -> Decoded:
    """Like :func:`decode_utf8`, but honours a charset declared in the page head."""
    first = decode_utf8(data)
    if first.text is not None or first.problem == "binary content":
        return first
    match = _CHARSET.search(data[:4096])
    if match is not None:
        name = match.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            return first
        if codec not in {"utf-8", "utf-8-sig"}:
            try:
                return Decoded(data.decode(codec))
            except UnicodeDecodeError:
                return first
    return first


def read_limited(path: Path, max_bytes: int) -> bytes | int:
    """The file's bytes, or its size in bytes when it is larger than ``max_bytes``.

    The size is taken from ``stat`` so that a huge file is never read.
    """
    size = path.stat().st_size
    if size > max_bytes:
        return size
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return data if len(data) <= max_bytes else len(data)
