"""Find time expressions in text: the spaCy component ``sitrep_times_v1``.

(The design calls it ``sitrep.times.v1``; spaCy rejects dots in factory names,
so the registered name is :data:`FACTORY`.)

The lexicon (``data/lexicons/time.yaml``) and the regex grammar built from it
live here and are shared with :mod:`sitrep.resolve.times`, which normalises the
mentions against the publication date. Both are loaded once, on first use.

``doc.spans["times"]`` holds one span per mention, labelled ``DATE`` (a
calendar or relative date), ``DURATION`` ("three days", "12 months"), ``TIME``
(a time of day) or ``ANAPHORIC`` (anchored to another event: "the following
day", "later that week"). All four are kept because they are time expressions
(the re3d ``Temporal`` annotations include them); only ``DATE`` spans normalise,
and :func:`sitrep.resolve.times.resolve_times` drops the rest. The words
"since" and "between" stay outside a span; ``resolve_times`` reads them back
from the preceding token.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

LEXICON_RESOURCE = "data/lexicons/time.yaml"
FACTORY = "sitrep_times_v1"

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """Surface forms for months, weekdays, number words, seasons and parts."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    seasons: Mapping[str, tuple[int, int]]
    parts: Mapping[str, str]
    day_parts: tuple[str, ...]


def parse_time_lexicon(raw: Mapping[str, Any]) -> TimeLexicon:
    """Validate and convert the YAML mapping; raises ``ValueError`` on a bad schema."""
    try:
        months = {str(w).lower(): int(k) for k, ws in raw["months"].items() for w in ws}
        weekdays = {str(w).lower(): int(k) for k, ws in raw["weekdays"].items() for w in ws}
        numbers = {str(k).lower(): int(v) for k, v in raw["numbers"].items()}
        seasons = {str(k).lower(): (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()}
        parts = {str(k).lower(): str(v) for k, v in raw["parts"].items()}
        day_parts = tuple(str(w).lower() for w in raw["day_parts"])
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
        raise ValueError(f"bad time lexicon: {exc!r}") from exc
    if sorted(set(months.values())) != list(range(1, 13)):
        raise ValueError("time lexicon: months must cover 1..12")
    if sorted(set(weekdays.values())) != list(range(7)):
        raise ValueError("time lexicon: weekdays must cover 0..6")
    if not all(1 <= a <= 12 and 1 <= b <= 12 for a, b in seasons.values()):
        raise ValueError("time lexicon: season months must be in 1..12")
    if not set(parts.values()) <= {"early", "mid", "late"}:
        raise ValueError("time lexicon: parts map to early, mid or late")
    return TimeLexicon(months, weekdays, numbers, seasons, parts, day_parts)


@lru_cache(maxsize=1)
def load_time_lexicon() -> TimeLexicon:
    """Read ``data/lexicons/time.yaml`` (once)."""
    text = resources.files("sitrep").joinpath(LEXICON_RESOURCE).read_text(encoding="utf-8")
    return parse_time_lexicon(yaml.safe_load(text))


# --------------------------------------------------------------------------- grammar

YEAR = r"(?:1[5-9]\d\d|20\d\d)(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class TimeGrammar:
    """Regex fragments and compiled patterns over lower-cased, cleaned text."""

    lexicon: TimeLexicon
    mon: str
    wd: str
    num: str
    season: str
    part: str
    day_part: str
    patterns: Mapping[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def load_time_grammar() -> TimeGrammar:
    """Compile the patterns from the lexicon (once)."""
    lex = load_time_lexicon()
    mon = rf"(?:{_alt(lex.months)})\.?"
    wd = rf"(?:{_alt(lex.weekdays)})\.?"
    num = rf"(?:\d+|{_alt(lex.numbers)})"
    season = rf"(?:{_alt(lex.seasons)})"
    part = rf"(?:{_alt(lex.parts)})"
    dp = rf"(?:{_alt(lex.day_parts)})"

    def pfx(group: str) -> str:
        return rf"(?:(?:the )?(?P<{group}>{part})(?: of)?(?: the)?[- ]?)?"

    src = {
        "atom": (
            rf"(?P<iso>(?P<iy>{YEAR})(?P<sep>[-/])(?P<im>[01]?\d)(?P=sep)(?P<id>[0-3]?\d))"
            rf"|(?:{wd},? )?(?P<m1>{mon}) ?(?P<d1>{DAY})(?:-(?P<d1b>{DAY}))?(?:,? (?P<y1>{YEAR}))?"
            rf"|(?:{wd},? )?(?:the )?(?P<d2>{DAY})(?:-(?P<d2b>{DAY}))? (?:of )?(?P<m2>{mon})"
            rf"(?:,? (?P<y2>{YEAR}))?"
            rf"|{pfx('mpart')}(?P<m3>{mon})(?:,? (?:of )?(?P<y3>{YEAR}))?"
            rf"|(?:the )?(?:(?P<spart>{part}) )?(?P<season>{season}),?(?: of)? (?P<y4>{YEAR})"
            rf"|(?:the )?(?:(?P<dpart>{part})[- ]?(?:of the )?)?"
            rf"(?P<dec>(?:1[5-9]|20)?\d0|'\d0)'?s\b"
            rf"|(?:the year )?{pfx('ypart')}(?P<y5>{YEAR})"
        ),
        "bare_day": r"(?:the )?(?P<d>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))",
        "weekday": (
            rf"(?:(?:early|late|earlier|later)(?: on)? )?"
            rf"(?:(?P<rel>last|this past|past|this coming|coming|this|next) )?"
            rf"(?P<wd>{wd})(?:'s)?(?: {dp})?"
        ),
        "unit_rel": (
            rf"(?:(?:the )?(?P<part>{part}|earlier|later)(?: in)?(?: of)?(?: the)?[- ])?"
            r"(?P<rel>this|last|next|the current|current)[- ](?P<unit>week|month|year)"
        ),
        "unit_part": rf"(?:the )?(?P<part>{part})(?: of)? the (?P<unit>week|month|year)",
        "month_rel": rf"(?P<rel>last|this|next|this past) (?P<m>{mon})",
        "sub_unit": (
            r"(?:the )?(?P<ord>first|second|third|fourth|last|final) "
            r"(?P<sub>week|half|quarter) of (?P<rest>.+)"
        ),
        "season_rel": rf"(?:(?P<rel>last|this|next|this past|the) )?(?P<season>{season})",
        "ago": rf"(?P<n>{num}) (?P<unit>day|week|month|year)s? ago",
        "window": rf"(?:the )?(?:past|last) (?:(?P<n>{num}) )?(?P<unit>hour|day|week|month|year)s?",
        "recent": (
            r"(?:recent|(?:the )?(?:past|last) (?:few|several|couple of))"
            r" (?P<unit>day|week|month|year)s"
        ),
        "weekend": (
            r"(?:(?P<rel>this past|the past|last|this coming|the coming|coming|this|next|the) )?"
            r"weekend"
        ),
        "soon": (
            r"(?:the )?(?:(?:next|coming) (?:few|several|couple of)|coming)"
            r" (?:(?:day|week|month)s (?:and|or) )?(?P<unit>day|week|month|year)s"
        ),
        "ahead": (
            r"(?:the )?(?:(?:day|week|month)s (?:and|or) )?(?P<unit>day|week|month|year)s"
            r" (?:ahead|to come)"
        ),
        "next_n": (
            rf"(?:the )?(?:(?:next|coming) (?P<n>{num})|coming)"
            r" (?P<unit>hour|day|week|month|year)s?"
        ),
        "day_word": (
            rf"(?P<w>today|tonight|yesterday|tomorrow|last night|the day before yesterday"
            rf"|(?:earlier |later )?today|(?:earlier |later )?this {dp})(?: {dp})?"
        ),
    }
    patterns = {k: re.compile(v) for k, v in src.items()}
    return TimeGrammar(lex, mon, wd, num, season, part, dp, patterns)


# --------------------------------------------------------------------------- detection

_AGE = re.compile(r"\bold\b|\baged?\b|year-old", re.IGNORECASE)
_YEAR_NOUN = re.compile(
    r"\s+(?:people|persons|troops|soldiers|fighters|militants|civilians|men|women|children|"
    r"families|members|refugees|residents|migrants|casualties|deaths|dead|rockets|missiles|"
    r"shells|km|kilometers|kilometres|meters|metres|miles|tons|tonnes|dollars|usd)\b"
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|until|till|by|during|of|early|late|mid|last|this|next|and|or|to|"
    r"through|between|before|after|each|every|on)[\s-]*|[,(]\s*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeDetector:
    """The compiled detection pattern and the word patterns used to filter matches."""

    pattern: re.Pattern[str]
    month_word: re.Pattern[str]
    weekday_word: re.Pattern[str]


@lru_cache(maxsize=1)
def load_time_detector() -> TimeDetector:
    """Compile the detection pattern over lower-cased text (once)."""
    g = load_time_grammar()
    lex = g.lexicon
    full_months = [w for w in lex.months if len(w) > 3 or w == "may"]
    abbr = [w for w in lex.months if w not in full_months]
    mon = rf"(?:{_alt(full_months)}|(?:{_alt(abbr)})(?:\.|(?= ?\d)))"
    wd = rf"(?:{_alt(w for w in lex.weekdays if len(w) > 5)})"
    part, season, num, dp = g.part, g.season, g.num, g.day_part
    year = r"(?:19\d\d|20\d\d)(?![\d,.]\d)"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
    pfx = rf"(?:(?:the )?{part}(?: of)?(?: the)?[- ]?)?"
    atom = (
        rf"(?:{year}-[01]?\d-[0-3]?\d|{year}/[01]?\d/[0-3]?\d"
        rf"|(?:{wd},? )?{mon} ?{day}(?: ?- ?{day})?(?:,? {year})?"
        rf"|(?:{wd},? )?(?:the {day} of|{day}(?: ?- ?{day})?) {mon}(?:,? {year})?"
        rf"|{pfx}{mon}(?:,? (?:of )?{year})?"
        rf"|(?:the )?(?:{part} )?{season},?(?: of)? {year}"
        rf"|(?:the )?(?:{part}[- ]?(?:of the )?)?(?:(?:19|20)?\d0|'\d0)'?s\b"
        rf"|{pfx}{year})"
    )
    sep = r"(?: ?- ?| to | until | till | through | and |, (?:and )?)"
    rel = (
        rf"(?:the day before yesterday|(?:earlier |later )?today|tonight|yesterday|tomorrow"
        rf"|last night|(?:earlier |later )?this {dp})(?: {dp})?"
        rf"|(?:(?:this past|the past|last|this coming|the coming|this|next|the) )?weekend"
        rf"|(?:(?:early|late|earlier|later)(?: on)? )?"
        rf"(?:(?:last|this past|this coming|this|next) )?"
        rf"{wd}(?:'s)?(?: {dp})?"
        rf"|(?:(?:the )?(?:{part}|earlier|later)(?: in)?(?: of)?(?: the)?[- ])?"
        rf"(?:this|last|next|the current)[- ](?:week|month|year)"
        rf"|(?:last|this|next) {mon}"
        rf"|{num} (?:day|week|month|year)s? ago"
        rf"|(?:(?:the )?past|the last) (?:{num} )?(?:hour|day|week|month|year)s?"
        rf"|(?:recent|(?:the )?(?:past|last) (?:few|several|couple of)) (?:day|week|month|year)s"
        rf"|(?:last|this|next|this past) {season}|the {season}(?! of)"
        rf"|the (?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b"
        rf"|(?:the )?(?:(?:next|coming) (?:few|several|couple of)|coming)"
        rf" (?:(?:day|week|month)s (?:and|or) )?(?:day|week|month|year)s"
        rf"|the (?:(?:day|week|month)s (?:and|or) )?(?:day|week|month|year)s (?:ahead|to come)"
        rf"|(?:the )?(?:next|coming) {num} (?:hour|day|week|month|year)s?"
        rf"|the coming (?:week|month|year)"
    )
    duration = (
        rf"(?:{num}|several|a few|many)(?:-plus)?[- ](?:minute|hour|day|week|month|year|decade)s?"
    )
    clock = r"(?:[01]?\d|2[0-3])(?::[0-5]\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)"
    dated = (
        rf"(?:between|from) (?:{day}|{atom})(?: and | to | until | through |-){atom}"
        rf"|{atom}(?:{sep}(?:{atom}))+"
        rf"|{atom} and {day}\b(?!,? \d)"
        rf"|since (?:{rel}|{atom})"
        rf"|(?:earlier|later) in (?:{atom})"
        rf"|(?:the )?(?:first|second|third|fourth|last|final) (?:week|half|quarter) of "
        rf"(?:(?:this|last|next) (?:month|year)|{atom})"
        rf"|(?:the )?{part}(?: of)? the (?:week|month|year)"
    )
    anaphoric = (
        r"(?:the )?(?:following|previous|next|same|preceding) (?:day|night|morning|week|month|year)"
        r"|later (?:in|that) (?:the )?(?:day|week|month|year)|that (?:day|night|morning)"
    )
    src = (
        rf"(?<![\w'])(?:(?P<date>{dated}|{atom}|{rel})|(?P<ana>{anaphoric})|(?P<clock>{clock})"
        rf"|(?P<dur>{duration}))"
        r"(?!\w)"
    )
    return TimeDetector(
        re.compile(src),
        re.compile(rf"\b(?:{_alt(lex.months)})\b"),
        re.compile(rf"\b(?:{_alt(lex.weekdays)})\b"),
    )


_AGE_AFTER = re.compile(r"[- ]old\b")
_KEYWORD = re.compile(r"(?:since|between|from) ")
_UNIT_WORD = re.compile(
    r"\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century)s?\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"\d|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"hundred|several|few|many|couple)\b",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:their|his|her|its|our|my|your)\s+(?:early |mid-?|late )?$")
_ON_BEFORE = re.compile(r"\bon\s+$", re.IGNORECASE)
_REF_DATE = dt.date(2000, 6, 15)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] if len(c.lower()) == 1 else c for c in text)


def _keep(det: TimeDetector, text: str, low: str, start: int, end: int) -> bool:
    """Filters that need the original case or the left context."""
    body = low[start:end]
    before = text[max(0, start - 30) : start]
    for word_re in (det.month_word, det.weekday_word):
        for m in word_re.finditer(body):
            if not text[start + m.start()].isupper():
                return False
    if not any(ch.isdigit() for ch in body) and det.month_word.search(body):
        # a month on its own ("in March") needs a cue word before it
        only_month = det.month_word.fullmatch(body.rstrip("."))
        if only_month and not _CUE_BEFORE.search(before):
            return False
    bare_year = re.fullmatch(r"\d{4}", body) is not None
    if bare_year and (_YEAR_NOUN.match(low, end) or re.search(r"[$£€#]\s*$|\d[,.]$", before)):
        return False
    if re.fullmatch(r"the \d{1,2}(?:st|nd|rd|th)", body) and not _ON_BEFORE.search(before):
        return False
    return not (re.search(r"\d0'?s$", body) and _POSSESSIVE_BEFORE.search(before.lower()))


def find_time_mentions(text: str) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, label)`` of time expressions found by the rules."""
    det = load_time_detector()
    low = _lower_same_length(text)
    out: list[tuple[int, int, str]] = []
    for m in det.pattern.finditer(low):
        start, end = m.span()
        label = (
            "DATE"
            if m["date"]
            else "ANAPHORIC"
            if m["ana"]
            else "TIME"
            if m["clock"]
            else "DURATION"
        )
        if not _keep(det, text, low, start, end):
            continue
        if label == "DURATION" and _AGE_AFTER.match(low, end):
            continue
        kw = _KEYWORD.match(low, start, end)
        if kw is not None:  # "since", "between", "from" stay outside the span
            start = kw.end()
        out.append((start, end, label))
    return out


def _ner_label(span: Span) -> str | None:
    """Label for a model DATE/TIME entity, or ``None`` to drop it (ages, stray numbers)."""
    if span.label_ == "TIME":
        return "TIME"
    if span.label_ != "DATE" or _AGE.search(span.text):
        return None
    from sitrep.resolve.times import normalise  # local: resolve imports this module

    if normalise(span.text, _REF_DATE) is not None:
        return "DATE"
    if _UNIT_WORD.search(span.text):
        return "DURATION" if _QUANTITY.search(span.text) else None
    if not any(c.isdigit() for c in span.text) and span.text[:1].isupper():
        return "DATE"  # a named day ("Thanksgiving", "Ramadan"); it does not normalise
    return None


class TimeMentions:
    """Writes ``doc.spans["times"]``: rule matches plus the model's DATE/TIME entities."""

    def __init__(self, nlp: Language, name: str, use_ner: bool = True) -> None:
        self.name = name
        self.use_ner = use_ner
        load_time_detector()

    def __call__(self, doc: Doc) -> Doc:
        cands: list[tuple[int, int, int, str]] = []  # (rank, start, end, label)
        for start, end, label in find_time_mentions(doc.text):
            cands.append((0 if label == "DATE" else 2, start, end, label))
        if self.use_ner:
            for ent in doc.ents:
                ner = _ner_label(ent)
                if ner is not None:
                    rank = 1 if ner == "DATE" else 3
                    cands.append((rank, ent.start_char, ent.end_char, ner))
        # dates first, the longest first; then durations and times, rule matches first
        cands.sort(key=lambda c: (c[0] // 2, c[1] - c[2] if c[0] < 2 else c[0], c[1] - c[2], c[1]))
        taken: list[Span] = []
        used: set[int] = set()
        for _, start, end, label in cands:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is None or len(span) == 0:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or any(i in used for i in range(span.start, span.end)):
                continue
            used.update(range(span.start, span.end))
            taken.append(span)
        doc.spans["times"] = sorted(taken, key=lambda s: s.start)
        return doc


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    default_config={"use_ner": True},
)
def make_time_mentions(nlp: Language, name: str, use_ner: bool) -> TimeMentions:
    """Time-expression rules plus NER DATE/TIME entities (ages dropped)."""
    return TimeMentions(nlp, name, use_ner)
