"""Text cleaning shared by every reader, and the article id.

The cleaned text is ``Article.text``: every offset downstream points into it.
Cleaning is deliberately conservative:

1. Unicode NFC; ``\\r\\n`` and ``\\r`` become ``\\n``; control and zero-width
   characters are removed; non-breaking and other Unicode spaces become a space.
2. Runs of spaces and tabs collapse to one space; lines are trimmed.
3. Two or more line breaks become exactly one blank line (a paragraph break);
   single line breaks are kept.
4. Ad slugs ("Advertisement") are dropped wherever they stand; a trailing
   boilerplate block (a related-article box, sharing widgets, comments, a
   copyright footer) is cut, from its marker line to the end. The markers are
   generic web-publishing phrases kept as data in ``sitrep/data/boilerplate.yaml``.

The article id is the sha256 hex digest of :func:`id_normal_form` of the
cleaned text: NFKC, casefolded, typographic quotes and dashes mapped to ASCII,
all whitespace runs collapsed to one space and trimmed. Two texts that differ
only in case, spacing, line breaking or quote style therefore share an id.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import KnowledgeError

# Horizontal whitespace that needs rewriting: a run of two or more, or one that is not " ".
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S \n]")
# C0/C1 controls except \t, \n, \v, \f (spaces), zero-width characters, BOM, soft hyphen.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_PARAGRAPHS = re.compile(r"\n{2,}")
_ALL_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
_MARKER_TRIM = " \t:;.,-–—|»«›>…*•#=_"
_ID_CHARS: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}


_ID_CHAR = re.compile("[" + "".join(_ID_CHARS) + "]")


@dataclass(frozen=True, slots=True)
class BoilerplateMarkers:
    """The boilerplate lexicon (see ``sitrep/data/boilerplate.yaml``)."""

    exact: frozenset[str]
    prefix: tuple[str, ...]
    drop_lines: frozenset[str]
    min_position: float
    max_prefix_line: int
    max_prefix_tail: int


def _str_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"boilerplate.yaml: {key!r} must be a list of non-empty strings")
    return [v.strip().casefold() for v in value]


def parse_boilerplate(data: Any) -> BoilerplateMarkers:
    """Validate the parsed YAML of a boilerplate lexicon; raise KnowledgeError if invalid."""
    if not isinstance(data, dict):
        raise KnowledgeError("boilerplate.yaml: top level must be a mapping")
    min_position = data.get("min_position", 0.4)
    max_prefix_line = data.get("max_prefix_line", 200)
    if not isinstance(min_position, int | float) or not 0.0 <= min_position < 1.0:
        raise KnowledgeError("boilerplate.yaml: min_position must be a number in [0, 1)")
    max_prefix_tail = data.get("max_prefix_tail", 800)
    for name, value in (("max_prefix_line", max_prefix_line), ("max_prefix_tail", max_prefix_tail)):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise KnowledgeError(f"boilerplate.yaml: {name} must be a positive integer")
    return BoilerplateMarkers(
        exact=frozenset(_str_list(data, "exact")),
        prefix=tuple(_str_list(data, "prefix")),
        drop_lines=frozenset(_str_list(data, "drop_lines")),
        min_position=float(min_position),
        max_prefix_line=max_prefix_line,
        max_prefix_tail=max_prefix_tail,
    )


@functools.lru_cache(maxsize=1)
def load_boilerplate() -> BoilerplateMarkers:
    """Load the packaged boilerplate lexicon once."""
    path = resources.files("sitrep") / "data" / "boilerplate.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read boilerplate.yaml: {exc}") from exc
    return parse_boilerplate(data)


def normalise_text(raw: str) -> str:
    """Unicode NFC, unified line breaks, collapsed spaces, blank-line paragraph breaks."""
    text = unicodedata.normalize("NFC", raw)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _PARAGRAPHS.sub("\n\n", text)
    return text.strip()


def _marker_key(line: str) -> str:
    return line.strip().strip(_MARKER_TRIM).casefold()


def _is_block_marker(line: str, tail: int, markers: BoilerplateMarkers) -> bool:
    """Does ``line``, followed by ``tail`` more characters, open a boilerplate block?"""
    key = _marker_key(line)
    if not key:
        return False
    if key in markers.exact:
        return True
    if len(line) > markers.max_prefix_line or tail > markers.max_prefix_tail:
        return False
    lowered = line.strip().casefold()
    return any(lowered.startswith(p) for p in markers.prefix)


def strip_boilerplate(text: str, markers: BoilerplateMarkers | None = None) -> str:
    """Drop ad slug lines and a trailing boilerplate block from normalised text.

    A block marker counts only when it starts after ``min_position`` of the text
    and some article text precedes it, so a short line such as "Related" in the
    lede never truncates an article. A prefix marker (weaker evidence, e.g. "©")
    also needs to be followed by at most ``max_prefix_tail`` characters.
    """
    m = markers if markers is not None else load_boilerplate()
    original = text.split("\n")
    lines = [ln for ln in original if not ln or _marker_key(ln) not in m.drop_lines]
    changed = len(lines) != len(original)
    total = sum(len(ln) + 1 for ln in lines)
    position = 0
    for index, line in enumerate(lines):
        tail = total - position - len(line) - 1
        if position >= m.min_position * total and position > 0 and _is_block_marker(line, tail, m):
            lines = lines[:index]
            changed = True
            break
        position += len(line) + 1
    return normalise_text("\n".join(lines)) if changed else text


def clean_text(raw: str, markers: BoilerplateMarkers | None = None) -> str:
    """Normalise ``raw`` and strip boilerplate: the result is ``Article.text``."""
    return strip_boilerplate(normalise_text(raw), markers)


def id_normal_form(text: str) -> str:
    """The form of a text that is hashed for its id (see module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _ID_CHAR.sub(lambda m: _ID_CHARS[m.group()], folded)
    return _ALL_WHITESPACE.sub(" ", _INVISIBLE.sub("", folded)).strip()


def article_id(text: str) -> str:
    """sha256 hex of the id normal form of a cleaned text."""
    return hashlib.sha256(id_normal_form(text).encode("utf-8")).hexdigest()
