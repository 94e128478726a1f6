"""Plain-text articles (``.txt``) with an optional ``NAME.meta.json`` sidecar.

Title heuristic: the first non-empty line is the title when it is short (at
most :data:`MAX_TITLE_CHARS` characters and :data:`MAX_TITLE_WORDS` words),
more text follows it, and it does not end like a sentence (a final period,
colon, semicolon, comma or ellipsis, ignoring closing quotes and brackets).
The title line is then removed from the article text, as it is for HTML pages,
so that the same story read from a ``.txt`` and from a page gets the same id.

A sidecar ``NAME.meta.json`` next to ``NAME.txt`` (or ``NAME.html``) may give
``id``, ``title``, ``url``, ``outlet``, ``published``, ``language`` and
``author``; what it gives takes precedence over what the file itself shows.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.model import Skipped
from sitrep.sources.clean import normalise_text
from sitrep.sources.files import decode_utf8, read_limited
from sitrep.sources.records import Draft, Meta, meta_from_mapping, skipped

MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 25
SIDECAR_SUFFIX = ".meta.json"
_SIDECAR_MAX_BYTES = 1_000_000
_SENTENCE_END = (".", "…", ":", ";", ",")
_CLOSERS = "\"'”’»)]} "


def sidecar_path(path: Path) -> Path:
    """``dir/NAME.txt`` → ``dir/NAME.meta.json``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Meta | str:
    """The sidecar metadata of ``path`` (empty when there is none), or a problem."""
    side = sidecar_path(path)
    if not side.is_file():
        return Meta()
    try:
        data = read_limited(side, _SIDECAR_MAX_BYTES)
        if isinstance(data, int):
            return f"sidecar {side.name} too large"
        parsed = json.loads(data.decode("utf-8-sig"))
    except OSError as exc:
        return f"unreadable sidecar {side.name}: {exc.strerror or exc}"
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"malformed sidecar {side.name}: {exc}"
    if not isinstance(parsed, dict):
        return f"malformed sidecar {side.name}: not a JSON object"
    return meta_from_mapping(parsed)


def looks_like_title(line: str) -> bool:
    """A short line that does not end like a sentence."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_TITLE_CHARS:
        return False
    if len(stripped.split()) > MAX_TITLE_WORDS:
        return False
    core = stripped.rstrip(_CLOSERS)
    return bool(core) and not core.endswith(_SENTENCE_END)


def split_title(text: str, known_title: str | None = None) -> tuple[str | None, str]:
    """Split a normalised text into (title or None, body) by the title heuristic."""
    first, sep, rest = text.partition("\n")
    if not sep or not rest.strip():
        return None, text
    same_as_known = known_title is not None and first.casefold() == known_title.casefold()
    if same_as_known or looks_like_title(first):
        return first.strip(), rest.strip()
    return None, text


def read_text_file(path: Path, source: str, max_chars: int) -> Draft | Skipped:
    """One ``.txt`` file as a draft article, or the reason it is skipped.

    Raises ``OSError`` when the file itself cannot be read.
    """
    side = read_sidecar(path)
    meta = side if isinstance(side, Meta) else Meta()
    if isinstance(side, str):
        return skipped(source, side, meta)
    data = read_limited(path, 4 * max_chars)
    if isinstance(data, int):
        return skipped(source, f"too large: {data} bytes", meta)
    decoded = decode_utf8(data)
    if decoded.text is None:
        return skipped(source, decoded.problem or "unreadable", meta)
    if len(decoded.text) > max_chars:
        return skipped(source, f"too large: {len(decoded.text)} chars", meta)
    text = normalise_text(decoded.text)
    title, body = split_title(text, meta.title)
    if meta.title is None and title is not None:
        meta = Meta(
            input_id=meta.input_id,
            title=title,
            url=meta.url,
            outlet=meta.outlet,
            published=meta.published,
            language=meta.language,
            author=meta.author,
        )
    return Draft(source=source, text=body, meta=meta)
