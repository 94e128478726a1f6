"""Normalise time expressions against the publication date.

:func:`normalise` turns one expression into a :class:`~sitrep.model.TimeValue`
(inclusive ISO ``start``..``end`` and a precision) or ``None`` when the text is
not a date: durations ("for three days", "more than two years after", "12
months"), ages and times anchored to another event ("the previous day", "two
years later"). :func:`resolve_times` does this for every ``doc.spans["times"]``.

Conventions (the gold file ``tests/gold/time_normalisation.jsonl`` pins them):

* Weeks run Monday-Sunday. "this/last/next week|month|year" are calendar units;
  "earlier this X" runs from the unit's start to publication; "early/mid/late"
  split a month into days 1-10/11-20/21-end, a year into Jan-Apr/May-Aug/Sep-Dec
  and a decade into years 0-3/4-6/7-9, keeping the unit's precision.
* "on Tuesday" / "Tuesday" is the last Tuesday on or before publication;
  "last Tuesday" is strictly before; "next Tuesday" strictly after.
* "(over) the weekend" / "this past weekend" is the last Saturday-Sunday whose
  Saturday is on or before publication (precision week). "last weekend" is the
  weekend of the previous calendar week. "this weekend" is the weekend just
  passed when published on Monday, the current one on Saturday/Sunday and the
  coming one otherwise.
* A date or month without a year takes the latest year in which it starts no
  more than 30 days after publication ("April 20" published 2020-04-13 is
  2020-04-20; "May 20" is 2019-05-20). A bare ordinal ("on the 20th") is the most
  recent such day on or before publication.
* Seasons are meteorological (northern hemisphere) with month precision; winter
  Y runs from December Y-1 to February Y. "last <season>" is the latest one that
  ended before publication.
* "N days ago" is a day; "N weeks ago" the calendar week containing that day;
  months and years likewise. "the past N units" runs from publication minus N
  units to publication (precision of the unit when N is 1, else range); "in
  recent days" is the past 7 days (week), "in recent weeks" the past 28 (month).
* "since X" runs from the start of X to publication (range); "earlier in X" from
  the start of X to publication when X contains it.
* "the first/second/third/fourth/last week of <month>" is a 7-day window (week);
  "the first/second half" and "the first..fourth quarter of <year>" are month
  windows with month precision, like seasons.
* Ranges ("between 2005 and 2009", "from March to May", "2014-2017",
  "October 25-26") have precision ``range``. A list ("in 2018 and 2019", "in the
  1980s and 1990s") gives the covering span with the precision of its items.
* Ahead of publication (written in ``tests/gold/time_future.jsonl`` first):
  "in the coming days" / "the next few days" / "the days ahead" run from
  publication to 7 days later (week), weeks to 28 days (month), months to 6 months
  and years to 5 years (range); "the next N units" / "the coming unit" from
  publication to N units later (precision of the unit when N is 1, else range;
  hours give day precision). "(this) coming Friday|weekend" is strictly after.
* ``tense="future"`` (see :func:`clause_tense`): a weekday ("on Friday", "this
  Friday"), "(over) the weekend", a month-day without a year and a bare ordinal
  take the next one on or after publication. Past and no tense keep the rules above.
* Without a publication date, relative expressions (and dates without a year)
  give ``TimeValue(None, None, "unknown")``; explicit ones still resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from sitrep.mentions.times import TimeGrammar, TimeLexicon, load_time_grammar
from sitrep.model import TimeValue
from sitrep.resolve.time_windows import (
    Atom,
    Win,
    ago,
    ahead_window,
    atom_win,
    bare_day,
    coming_window,
    cover,
    day_word,
    infer_year,
    month_rel,
    recent,
    season_rel,
    sub_window,
    unit_rel,
    weekday,
    weekend,
    window,
)

BACKGROUND_DAYS = 365
Tense = Literal["past", "future"] | None
_LOOKBACK = frozenset({"since", "between"})

_UNKNOWN = "unknown"
_Result = Win | str | None  # str is _UNKNOWN


# --------------------------------------------------------------------------- parsing

_PREFIX = re.compile(
    r"^(?:(?:in|on|at|during|over|around|throughout|by|as of|sometime in|some time in"
    r"|(?:the )?(?:morning|afternoon|evening|night|early hours|weekend) of)\s+)+"
)
_RANGE = re.compile(
    r"^(?P<kw>between|from)?\s*(?P<a>.+?)\s*(?:(?<=\S)-(?=\S)|\s(?:to|until|till|through|thru|and)\s)"
    r"\s*(?P<b>.+)$"
)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _clean(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"[\u2010-\u2015]", "-", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\s+", " ", t).strip(' \t\n.,;:!?()"')
    t = re.sub(r"'s$", "", t)
    return _PREFIX.sub("", t)


def _int(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _month(lex: TimeLexicon, s: str) -> int:
    return lex.months[s.rstrip(".")]


def _parse_atom(g: TimeGrammar, t: str) -> Atom | None:
    m = g.patterns["atom"].fullmatch(t)
    if m is None:
        return None
    lex = g.lexicon
    gd = m.groupdict()
    if gd["iso"]:
        return Atom("day", _int(gd["iy"]), _int(gd["im"]), _int(gd["id"]))
    for mk, dk, d2k, yk in (("m1", "d1", "d1b", "y1"), ("m2", "d2", "d2b", "y2")):
        if gd[mk]:
            year = _int(gd[yk]) if gd[yk] else None
            d2 = _int(gd[d2k]) if gd[d2k] else None
            return Atom("days" if d2 else "day", year, _month(lex, gd[mk]), _int(gd[dk]), d2)
    if gd["m3"]:
        part = lex.parts[gd["mpart"]] if gd["mpart"] else None
        year = _int(gd["y3"]) if gd["y3"] else None
        return Atom("month", year, _month(lex, gd["m3"]), part=part)
    if gd["season"]:
        part = lex.parts[gd["spart"]] if gd["spart"] else None
        return Atom("season", _int(gd["y4"]), season=gd["season"], part=part)
    if gd["dec"]:
        digits = _int(gd["dec"])
        year = digits if digits >= 1000 else 1900 + digits
        part = lex.parts[gd["dpart"]] if gd["dpart"] else None
        return Atom("decade", year, part=part)
    part = lex.parts[gd["ypart"]] if gd["ypart"] else None
    return Atom("year", _int(gd["y5"]), part=part)


def _resolve_atom(g: TimeGrammar, a: Atom, pub: dt.date | None, future: bool) -> _Result:
    if a.year is not None:
        return atom_win(g.lexicon, a, a.year)
    if pub is None:
        return _UNKNOWN
    y = infer_year(g.lexicon, a, pub, future)
    return None if y is None else atom_win(g.lexicon, a, y)


def _composite_parts(g: TimeGrammar, parts: list[str]) -> list[Atom] | None:
    atoms: list[Atom | None] = []
    for p in parts:
        p = _PREFIX.sub("", p)
        a = _parse_atom(g, p)
        if a is None and re.fullmatch(r"\d\d", p) and atoms and atoms[-1] is not None:
            prev = atoms[-1]
            if prev.kind == "year" and prev.year is not None and prev.part is None:
                a = Atom("year", prev.year // 100 * 100 + _int(p))  # "2014-15"
        if a is None and re.fullmatch(r"(?:the )?\d{1,2}(?:st|nd|rd|th)?", p):
            a = Atom("day", day=_int(p))
        if a is None:
            return None
        atoms.append(a)
    done = [a for a in atoms if a is not None]
    # bare days borrow a month (and year) from a neighbour
    with_month = [a for a in done if a.month is not None]
    if with_month:
        ref = with_month[0]
        done = [
            replace(a, month=ref.month, year=a.year or ref.year) if a.month is None else a
            for a in done
        ]
    years = [a.year for a in done if a.year is not None]
    if years and len(years) < len(done):
        done = [a if a.year is not None else replace(a, year=years[-1]) for a in done]
    return done


def _relative_list(
    g: TimeGrammar, parts: list[str], pub: dt.date | None, rng: bool, future: bool
) -> _Result:
    """Lists and ranges of relative items ("Monday and Tuesday")."""
    rs = [_single(g, _PREFIX.sub("", p), pub, future) for p in parts]
    if any(r is None for r in rs):
        return None
    wins = [r for r in rs if isinstance(r, Win)]
    if len(wins) < len(rs):
        return _UNKNOWN
    return cover(wins, rng)


def _composite(g: TimeGrammar, t: str, pub: dt.date | None, future: bool = False) -> _Result:
    m = _RANGE.match(t)
    is_range = m is not None and (m["kw"] is not None or " and " not in t)
    if m is not None and is_range:
        parts = [m["a"], m["b"]]
    else:
        parts = [p for p in _LIST_SPLIT.split(t) if p]
        if len(parts) < 2:
            return None
    atoms = _composite_parts(g, parts)
    if atoms is None:
        return _relative_list(g, parts, pub, is_range, future)
    if not all(a.year is not None for a in atoms):
        if pub is None:
            return _UNKNOWN
        y = infer_year(g.lexicon, atoms[-1], pub, future)
        if y is None:
            return None
        atoms = [replace(a, year=y) for a in atoms]
    wins = [atom_win(g.lexicon, a, a.year or 0) for a in atoms]
    if any(w is None for w in wins):
        return None
    ws = [w for w in wins if w is not None]
    if is_range and ws[0].start > ws[-1].start:  # "from November to February"
        first = atom_win(g.lexicon, atoms[0], (atoms[0].year or 1) - 1)
        if first is None:
            return None
        ws[0] = first
    return cover(ws, is_range)


def _number(g: TimeGrammar, s: str | None) -> int:
    if s is None:
        return 1
    return int(s) if s.isdigit() else g.lexicon.numbers[s]


def _relative(g: TimeGrammar, t: str, pub: dt.date | None, future: bool = False) -> _Result:
    """Expressions anchored to publication; ``None`` when none matches."""
    p = g.patterns
    lex = g.lexicon
    m = p["day_word"].fullmatch(t)
    kind = "day_word"
    if m is None:
        kinds = ("weekend", "weekday", "unit_rel", "unit_part", "month_rel", "ago", "window")
        for kind in (*kinds, "recent", "soon", "ahead", "next_n"):
            m = p[kind].fullmatch(t)
            if m is not None:
                break
        else:
            return None
    if pub is None:
        return _UNKNOWN
    if kind == "day_word":
        return day_word(m["w"], pub)
    if kind == "weekend":
        return weekend(m["rel"], pub, future)
    if kind == "weekday":
        return weekday(m["rel"], lex.weekdays[m["wd"].rstrip(".")], pub, future)
    if kind == "unit_rel":
        rel = m["rel"].replace("the ", "")
        return unit_rel(m["part"], rel, m["unit"], pub, lex)
    if kind == "unit_part":
        return unit_rel(m["part"], "this", m["unit"], pub, lex)
    if kind == "month_rel":
        return month_rel(m["rel"], _month(lex, m["m"]), pub)
    if kind == "ago":
        return ago(_number(g, m["n"]), m["unit"], pub)
    if kind == "window":
        return window(_number(g, m["n"]), m["unit"], pub)
    if kind == "recent":
        return recent(m["unit"], pub)
    if kind == "next_n":
        return ahead_window(_number(g, m["n"]), m["unit"], pub)
    return coming_window(m["unit"], pub)  # soon, ahead


def _single(g: TimeGrammar, t: str, pub: dt.date | None, future: bool = False) -> _Result:
    r = _relative(g, t, pub, future)
    if r is not None:
        return r
    a = _parse_atom(g, t)
    if a is not None:
        return _resolve_atom(g, a, pub, future)
    m = g.patterns["season_rel"].fullmatch(t)
    if m is not None:
        if pub is None:
            return _UNKNOWN
        return season_rel(g.lexicon, m["rel"], m["season"], pub)
    m = g.patterns["bare_day"].fullmatch(t)
    if m is not None:
        return _UNKNOWN if pub is None else bare_day(pub, _int(m["d"]), future)
    return None


def _sub_unit(g: TimeGrammar, m: re.Match[str], pub: dt.date | None) -> _Result:
    """ "the first week of May", "the second half of 2018", "the last quarter of 2019"."""
    outer = _single(g, m["rest"], pub)
    if not isinstance(outer, Win) or outer.end is None:
        return outer
    return sub_window(outer, m["ord"], m["sub"])


def _last_year(r: Win) -> Win:
    def back(day: dt.date) -> dt.date:
        return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)

    return Win(back(r.start), back(r.end) if r.end is not None else None, r.precision)


def _value(r: _Result, text: str) -> TimeValue | None:
    if r is None:
        return None
    if isinstance(r, str):
        return TimeValue(None, None, "unknown", text=text)
    end = r.end.isoformat() if r.end is not None else None
    return TimeValue(r.start.isoformat(), end, r.precision, text=text)


def normalise(text: str, published: dt.date | None, *, tense: Tense = None) -> TimeValue | None:
    """Normalise one time expression against the publication date.

    Returns ``None`` for durations and anything that is not a date. ``tense``
    "future" (the expression's clause is about the future) makes a weekday, "the
    weekend", a month-day without a year and a bare ordinal the next one on or after
    publication; ``None`` and "past" keep the default (past-leaning) rules.
    """
    g = load_time_grammar()
    t = _clean(text)
    if not t:
        return None
    if t.startswith("since "):
        r = _single(g, t[6:], published)
        if isinstance(r, Win) and published is not None and r.start > published:
            if re.search(r"\d{4}", t):
                return _value(r, text)  # "since 2030" before 2030: the year, not a range
            r = _last_year(r)  # "since May" written in April: last year's May
        if isinstance(r, Win):
            return _value(Win(r.start, published, "range"), text)
        return _value(r, text)
    m = re.match(r"(earlier|later) in (.+)", t)
    if m is not None:  # "earlier in November": clip the window at publication
        r = _single(g, _PREFIX.sub("", m[2]), published)
        if (
            isinstance(r, Win)
            and published is not None
            and r.start <= published <= (r.end or r.start)
        ):
            r = (
                Win(r.start, published, r.precision)
                if m[1] == "earlier"
                else Win(published, r.end, r.precision)
            )
        return _value(r, text)
    future = tense == "future"
    r = _single(g, t, published, future)
    if r is None:
        sub = g.patterns["sub_unit"].fullmatch(t)
        r = _sub_unit(g, sub, published) if sub is not None else _composite(g, t, published, future)
    return _value(r, text)


def is_background(value: TimeValue, published: dt.date | None) -> bool:
    """True when the value ends more than a year before publication."""
    if published is None or value.end is None:
        return False
    end = dt.date.fromisoformat(value.end)
    return (published - end).days > BACKGROUND_DAYS


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_VERBS = frozenset(
    {"plan", "intend", "expect", "schedule", "set", "due", "aim", "prepare", "vow", "pledge"}
)
_TENSE_WORDS = re.compile(r"\b(?:[a-z]+day|weekend|\d{1,2}(?:st|nd|rd|th)?)\b")
_MAX_HOPS = 6
_NOUN_MODIFIER = frozenset({"compound", "nmod", "amod", "poss", "nummod"})


def clause_tense(span: Span) -> Tense:
    """ "future" when the clause governing ``span`` is about the future, else "past".

    Walks from the span's root up to its verb and on through ``xcomp`` links: an
    auxiliary "will"/"shall", "going to" or a governing plan/intend/expect/schedule/
    set to/due to (not in the simple past) marks the future. ``None`` without a parse
    or when the expression modifies a noun.
    """
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return None
    tok: Token = span.root
    if tok.dep_ in _NOUN_MODIFIER and tok.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the September 17 airstrike", "Friday's attack": dates the noun
    for _ in range(_MAX_HOPS):
        if tok.pos_ in ("VERB", "AUX", "ADJ") and tok.dep_ != "amod":
            break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if (
        tok.dep_ == "ccomp"
        and tok.head.i < span.start
        and any(c.dep_.startswith("nsubj") and c.i >= span.end for c in tok.children)
    ):  # "said on Tuesday it will ...": the date belongs to the reporting verb
        tok = tok.head
    for _ in range(_MAX_HOPS):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in tok.children):
            return "future"
        if tok.lemma_.lower() in _FUTURE_VERBS and tok.tag_ != "VBD":
            return "future"
        if tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in tok.children):
            return "future"
        if tok.dep_ not in ("xcomp", "acomp") or tok.head.i == tok.i:
            break
        tok = tok.head
    return "past"


def resolve_times(doc: Doc, published: dt.date | None) -> tuple[TimeValue, ...]:
    """One value per ``doc.spans["times"]`` mention that is a date, sorted by offset.

    Weekdays, weekends, month-days and ordinals in a future clause (see
    :func:`clause_tense`) resolve to the next such day on or after publication.
    """
    if "times" not in doc.spans:
        return ()
    out: list[TimeValue] = []
    for span in sorted(doc.spans["times"], key=lambda s: (s.start_char, -s.end_char)):
        text = span.text
        if span.start > 0 and doc[span.start - 1].lower_ in _LOOKBACK:
            text = f"{doc[span.start - 1].lower_} {text}"  # "since 2014", "between 2005 and 2009"
        tense = clause_tense(span) if _TENSE_WORDS.search(span.text.lower()) else None
        value = normalise(text, published, tense=tense)
        if value is None:
            continue
        out.append(
            replace(
                value,
                text=span.text,
                span=(span.start_char, span.end_char),
                background=is_background(value, published),
            )
        )
    return tuple(out)
