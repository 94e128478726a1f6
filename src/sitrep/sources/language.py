"""A small, honest language identifier for deciding whether an article is English.

Two steps, both cheap and linear in a bounded sample of the text:

1. Script: letters are counted per Unicode script. When most letters are not
   Latin, the script names the language (Arabic → ``ar``, or ``fa``/``ur`` when
   their own letters are frequent; Cyrillic → ``ru`` or ``uk``; Hebrew → ``he``;
   Greek → ``el``; Devanagari → ``hi``; kana → ``ja``; Hangul → ``ko``; Han →
   ``zh``; Thai, Armenian, Georgian). Text mostly in another script is
   ``und`` (undetermined, but certainly not English).
2. Latin script: share of word tokens that are frequent function words of each
   language (lists in ``sitrep/data/language/stopwords.yaml``). The best-scoring
   language wins when its share is high enough and clearly above English;
   a non-English verdict also needs :data:`MIN_FOREIGN_TOKENS` words and
   :data:`MIN_FOREIGN_HITS` function-word hits, so that a short line full of
   transliterated names is never called Spanish.

It returns ``None`` when there is too little evidence (very short text, or
text that is mostly names and numbers); callers treat that as English, since
the pipeline is English-only and such text is usually a headline or a strike
report line. It does not tell apart languages it has no list for.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import KnowledgeError

SAMPLE_CHARS = 4000
STOPWORD_SAMPLE_CHARS = 1200
MIN_LETTERS = 20
MIN_TOKENS = 8
MIN_SHARE = 0.12
MIN_FOREIGN_TOKENS = 20
MIN_FOREIGN_HITS = 5
UNDETERMINED = "und"
"""ISO 639-2 code for text in a script this module has no language for."""
MARGIN = 1.5

# (first code point, last code point, script). Sorted; Latin covers Latin-1,
# Latin Extended A/B and Additional.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "latin"),
    (0x0061, 0x007A, "latin"),
    (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x3040, 0x309F, "kana"),
    (0x30A0, 0x30FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
_SCRIPT_LANGUAGE = {
    "greek": "el",
    "cyrillic": "ru",
    "armenian": "hy",
    "hebrew": "he",
    "arabic": "ar",
    "devanagari": "hi",
    "thai": "th",
    "georgian": "ka",
    "kana": "ja",
    "han": "zh",
    "hangul": "ko",
}
# Letters that Persian / Urdu / Ukrainian use and Arabic / Russian do not.
_PERSIAN = frozenset("پچژگکی")
_URDU = frozenset("ٹڈڑںےہ")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A detected language with the evidence share that decided it."""

    language: str | None
    score: float
    method: str  # "script", "stopwords" or "none"


def parse_stopwords(data: Any) -> dict[str, frozenset[str]]:
    """Validate the parsed stopword YAML; raise KnowledgeError if invalid."""
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
        raise KnowledgeError("stopwords.yaml: expected a mapping with 'languages'")
    out: dict[str, frozenset[str]] = {}
    for code, words in data["languages"].items():
        if not (isinstance(code, str) and re.fullmatch(r"[a-z]{2}", code)):
            raise KnowledgeError(f"stopwords.yaml: {code!r} is not an ISO 639-1 code")
        if not isinstance(words, str):
            raise KnowledgeError(f"stopwords.yaml: {code} must be a string of words")
        listed = words.split()
        if len(listed) < 20 or len(set(listed)) != len(listed):
            raise KnowledgeError(f"stopwords.yaml: {code} needs at least 20 distinct words")
        if words != words.lower():
            raise KnowledgeError(f"stopwords.yaml: {code} words must be lower-case")
        out[code] = frozenset(listed)
    if "en" not in out:
        raise KnowledgeError("stopwords.yaml: an English list ('en') is required")
    return out


@functools.lru_cache(maxsize=1)
def load_stopwords() -> dict[str, frozenset[str]]:
    """Load the packaged stopword lists once."""
    path = resources.files("sitrep") / "data" / "language" / "stopwords.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read stopwords.yaml: {exc}") from exc
    return parse_stopwords(data)


def _class(ranges: list[tuple[int, int]]) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_LATIN_LETTERS = re.compile(
    "[" + _class([(a, b) for a, b, name in _SCRIPT_RANGES if name == "latin"]) + "]"
)
_OTHER_LETTERS = re.compile(
    "[" + _class([(a, b) for a, b, name in _SCRIPT_RANGES if name != "latin"]) + "]"
)
_SCRIPT_LETTERS = {
    script: re.compile("[" + _class([(a, b) for a, b, n in _SCRIPT_RANGES if n == script]) + "]")
    for script in _SCRIPT_LANGUAGE
}


def _by_script(sample: str) -> LanguageGuess | None:
    """A guess from a non-Latin script, or None when the text is mostly Latin."""
    if sample.isascii():
        return None
    other = len(_OTHER_LETTERS.findall(sample))
    if other < MIN_LETTERS:
        # Mostly Latin (cheap test first), or a script this module does not list.
        if len(sample.encode("ascii", "ignore")) > 0.5 * len(sample):
            return None
        letters = sum(map(str.isalpha, sample))
        latin = len(_LATIN_LETTERS.findall(sample))
        if letters >= MIN_LETTERS and latin + other < 0.5 * letters:
            return LanguageGuess(UNDETERMINED, 1 - (latin + other) / letters, "script")
        return None
    latin = len(_LATIN_LETTERS.findall(sample))
    if other <= latin:
        return None
    counts = {script: len(p.findall(sample)) for script, p in _SCRIPT_LETTERS.items()}
    script = max(sorted(counts), key=lambda name: counts[name])
    top = counts[script]
    if script in {"han", "kana"} and counts["kana"] > 0.05 * other:
        script = "kana"
    language = _SCRIPT_LANGUAGE[script]
    if script == "arabic":
        persian = sum(sample.count(ch) for ch in _PERSIAN)
        urdu = sum(sample.count(ch) for ch in _URDU)
        if urdu > 0.02 * top:
            language = "ur"
        elif persian > 0.03 * top:
            language = "fa"
    elif script == "cyrillic" and sum(sample.count(ch) for ch in _UKRAINIAN) > 0.01 * top:
        language = "uk"
    return LanguageGuess(language, top / (latin + other), "script")


def _by_stopwords(sample: str, lists: dict[str, frozenset[str]]) -> LanguageGuess:
    tokens = _WORD.findall(sample[:STOPWORD_SAMPLE_CHARS].lower())
    if len(tokens) < MIN_TOKENS:
        return LanguageGuess(None, 0.0, "none")
    index = _word_index(lists)
    hits = dict.fromkeys(lists, 0)
    for token in tokens:
        for code in index.get(token.replace("’", "'"), ()):
            hits[code] += 1
    shares = {code: n / len(tokens) for code, n in hits.items()}
    best = max(sorted(shares), key=lambda code: shares[code])
    score = shares[best]
    if score < MIN_SHARE:
        return LanguageGuess(None, score, "none")
    if best != "en" and (
        score < MARGIN * shares["en"]
        or len(tokens) < MIN_FOREIGN_TOKENS
        or score * len(tokens) < MIN_FOREIGN_HITS
    ):
        # Too little evidence against English: short lines full of names.
        return LanguageGuess("en" if shares["en"] >= MIN_SHARE else None, shares["en"], "stopwords")
    return LanguageGuess(best, score, "stopwords")


def _word_index(lists: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """word -> languages listing it (cached for the packaged lists)."""
    if lists is load_stopwords():
        return _packaged_index()
    return _build_index(lists)


def _build_index(lists: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code in sorted(lists):
        for word in lists[code]:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


@functools.lru_cache(maxsize=1)
def _packaged_index() -> dict[str, tuple[str, ...]]:
    return _build_index(load_stopwords())


def detect_language(text: str, stopwords: dict[str, frozenset[str]] | None = None) -> LanguageGuess:
    """Guess the language of ``text`` from a bounded sample (see module docstring)."""
    sample = text[:SAMPLE_CHARS]
    guess = _by_script(sample)
    if guess is not None:
        return guess
    return _by_stopwords(sample, stopwords if stopwords is not None else load_stopwords())


def normalise_language_tag(tag: str) -> str | None:
    """``"EN-us"`` → ``"en"``; ``None`` for an empty or non-alphabetic tag."""
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
