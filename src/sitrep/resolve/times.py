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
* Without a publication date, relative expressions (and dates without a year)
  give ``TimeValue(None, None, "unknown")``; explicit ones still resolve.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from sitrep.mentions.times import TimeGrammar, TimeLexicon, load_time_grammar
from sitrep.model import TimePrecision, TimeValue

BACKGROUND_DAYS = 365
FUTURE_SLACK = dt.timedelta(days=30)
_LOOKBACK = frozenset({"since", "between"})
_WEEKEND_REL_PAST = {None, "the", "this past", "the past"}

# --------------------------------------------------------------------------- windows


@dataclass(frozen=True, slots=True)
class _Win:
    start: dt.date
    end: dt.date | None
    precision: TimePrecision


@dataclass(frozen=True, slots=True)
class _Atom:
    """A calendar expression that may lack its year (or month, for bare days)."""

    kind: str  # day, days, month, season, year, decade
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    part: str | None = None
    season: str | None = None


_UNKNOWN = "unknown"
_Result = _Win | str | None  # str is _UNKNOWN


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_win(y: int, m: int, part: str | None) -> _Win:
    if part == "early":
        return _Win(dt.date(y, m, 1), dt.date(y, m, 10), "month")
    if part == "mid":
        return _Win(dt.date(y, m, 11), dt.date(y, m, 20), "month")
    if part == "late":
        return _Win(dt.date(y, m, 21), _month_end(y, m), "month")
    return _Win(dt.date(y, m, 1), _month_end(y, m), "month")


def _year_win(y: int, part: str | None) -> _Win:
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part or "", (1, 12))
    return _Win(dt.date(y, first, 1), _month_end(y, last), "year")


def _week_win(d: dt.date, part: str | None = None) -> _Win:
    mon = d - dt.timedelta(days=d.weekday())
    lo, hi = {"early": (0, 2), "mid": (2, 4), "late": (4, 6)}.get(part or "", (0, 6))
    return _Win(mon + dt.timedelta(days=lo), mon + dt.timedelta(days=hi), "week")


def _season_win(lex: TimeLexicon, name: str, y: int) -> _Win:
    first, last = lex.seasons[name]
    start_year = y - 1 if first > last else y
    return _Win(dt.date(start_year, first, 1), _month_end(y, last), "month")


def _atom_win(lex: TimeLexicon, a: _Atom, y: int) -> _Win | None:
    try:
        if a.kind in ("day", "days"):
            if a.month is None or a.day is None:
                return None
            first = dt.date(y, a.month, a.day)
            if a.day2 is None:
                return _Win(first, first, "day")
            return _Win(first, dt.date(y, a.month, a.day2), "range")
        if a.kind == "month":
            if a.month is None:
                return None
            return _month_win(y, a.month, a.part)
        if a.kind == "season":
            if a.season is None:
                return None
            return _season_win(lex, a.season, y)
        if a.kind == "decade":
            lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(a.part or "", (0, 9))
            return _Win(dt.date(y + lo, 1, 1), dt.date(y + hi, 12, 31), "decade")
        return _year_win(y, a.part)
    except ValueError:
        return None


def _infer_year(lex: TimeLexicon, a: _Atom, pub: dt.date) -> int | None:
    """The latest year in which the atom starts no later than publication + slack."""
    for y in range(pub.year + 1, pub.year - 9, -1):
        w = _atom_win(lex, a, y)
        if w is not None and w.start <= pub + FUTURE_SLACK:
            return y
    return None


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


def _parse_atom(g: TimeGrammar, t: str) -> _Atom | None:
    m = g.patterns["atom"].fullmatch(t)
    if m is None:
        return None
    lex = g.lexicon
    gd = m.groupdict()
    if gd["iso"]:
        return _Atom("day", _int(gd["iy"]), _int(gd["im"]), _int(gd["id"]))
    for mk, dk, d2k, yk in (("m1", "d1", "d1b", "y1"), ("m2", "d2", "d2b", "y2")):
        if gd[mk]:
            year = _int(gd[yk]) if gd[yk] else None
            d2 = _int(gd[d2k]) if gd[d2k] else None
            return _Atom("days" if d2 else "day", year, _month(lex, gd[mk]), _int(gd[dk]), d2)
    if gd["m3"]:
        part = lex.parts[gd["mpart"]] if gd["mpart"] else None
        year = _int(gd["y3"]) if gd["y3"] else None
        return _Atom("month", year, _month(lex, gd["m3"]), part=part)
    if gd["season"]:
        part = lex.parts[gd["spart"]] if gd["spart"] else None
        return _Atom("season", _int(gd["y4"]), season=gd["season"], part=part)
    if gd["dec"]:
        digits = _int(gd["dec"])
        year = digits if digits >= 1000 else 1900 + digits
        part = lex.parts[gd["dpart"]] if gd["dpart"] else None
        return _Atom("decade", year, part=part)
    part = lex.parts[gd["ypart"]] if gd["ypart"] else None
    return _Atom("year", _int(gd["y5"]), part=part)


def _resolve_atom(g: TimeGrammar, a: _Atom, pub: dt.date | None) -> _Result:
    if a.year is not None:
        return _atom_win(g.lexicon, a, a.year)
    if pub is None:
        return _UNKNOWN
    y = _infer_year(g.lexicon, a, pub)
    return None if y is None else _atom_win(g.lexicon, a, y)


def _bare_day(pub: dt.date, day: int) -> _Win | None:
    for back in range(0, 3):
        first = _add_months(pub.replace(day=1), -back)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            d = first.replace(day=day)
            if d <= pub:
                return _Win(d, d, "day")
    return None


def _composite_parts(g: TimeGrammar, parts: list[str]) -> list[_Atom] | None:
    atoms: list[_Atom | None] = []
    for p in parts:
        p = _PREFIX.sub("", p)
        a = _parse_atom(g, p)
        if a is None and re.fullmatch(r"\d\d", p) and atoms and atoms[-1] is not None:
            prev = atoms[-1]
            if prev.kind == "year" and prev.year is not None and prev.part is None:
                a = _Atom("year", prev.year // 100 * 100 + _int(p))  # "2014-15"
        if a is None and re.fullmatch(r"(?:the )?\d{1,2}(?:st|nd|rd|th)?", p):
            a = _Atom("day", day=_int(p))
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


def _cover(ws: list[_Win], is_range: bool) -> _Win | None:
    ends = [w.end for w in ws if w.end is not None]
    if not ends:
        return None
    start = min(w.start for w in ws)
    if is_range:
        return _Win(start, max(ends), "range")
    precs = {w.precision for w in ws}
    return _Win(start, max(ends), precs.pop() if len(precs) == 1 else "range")


def _relative_list(g: TimeGrammar, parts: list[str], pub: dt.date | None, rng: bool) -> _Result:
    """Lists and ranges of relative items ("Monday and Tuesday")."""
    rs = [_single(g, _PREFIX.sub("", p), pub) for p in parts]
    if any(r is None for r in rs):
        return None
    wins = [r for r in rs if isinstance(r, _Win)]
    if len(wins) < len(rs):
        return _UNKNOWN
    return _cover(wins, rng)


def _composite(g: TimeGrammar, t: str, pub: dt.date | None) -> _Result:
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
        return _relative_list(g, parts, pub, is_range)
    if not all(a.year is not None for a in atoms):
        if pub is None:
            return _UNKNOWN
        y = _infer_year(g.lexicon, atoms[-1], pub)
        if y is None:
            return None
        atoms = [replace(a, year=y) for a in atoms]
    wins = [_atom_win(g.lexicon, a, a.year or 0) for a in atoms]
    if any(w is None for w in wins):
        return None
    ws = [w for w in wins if w is not None]
    if is_range and ws[0].start > ws[-1].start:  # "from November to February"
        first = _atom_win(g.lexicon, atoms[0], (atoms[0].year or 1) - 1)
        if first is None:
            return None
        ws[0] = first
    return _cover(ws, is_range)


def _number(g: TimeGrammar, s: str | None) -> int:
    if s is None:
        return 1
    return int(s) if s.isdigit() else g.lexicon.numbers[s]


def _day_word(w: str, pub: dt.date) -> _Win:
    if w.startswith("the day before"):
        shift = -2
    elif w.startswith(("yesterday", "last night")):
        shift = -1
    elif w.startswith("tomorrow"):
        shift = 1
    else:
        shift = 0
    d = pub + dt.timedelta(days=shift)
    return _Win(d, d, "day")


def _weekend(rel: str | None, pub: dt.date) -> _Win:
    wd = pub.weekday()
    monday = pub - dt.timedelta(days=wd)
    if rel in _WEEKEND_REL_PAST or (rel == "this" and wd in (0, 5, 6)):
        sat = pub - dt.timedelta(days=(wd - 5) % 7)
    elif rel == "last":
        sat = monday - dt.timedelta(days=2)
    elif rel == "next":
        sat = monday + dt.timedelta(days=12)
    else:  # "this" from Tuesday to Friday: the coming weekend
        sat = monday + dt.timedelta(days=5)
    return _Win(sat, sat + dt.timedelta(days=1), "week")


def _weekday(rel: str | None, wd: int, pub: dt.date) -> _Win:
    if rel in ("last", "this past", "past"):
        back = (pub.weekday() - wd) % 7 or 7
        d = pub - dt.timedelta(days=back)
    elif rel == "next":
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    else:
        d = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    return _Win(d, d, "day")


def _unit_rel(part: str | None, rel: str, unit: str, pub: dt.date, lex: TimeLexicon) -> _Win:
    shift = {"last": -1, "next": 1}.get(rel, 0)
    fine = None if part in (None, "earlier", "later") else lex.parts[part]
    if unit == "week":
        w = _week_win(pub + dt.timedelta(weeks=shift), fine)
    elif unit == "month":
        ref = _add_months(pub.replace(day=1), shift)
        w = _month_win(ref.year, ref.month, fine)
    else:
        w = _year_win(pub.year + shift, fine)
    if part == "earlier" and shift == 0:
        return _Win(w.start, pub, w.precision)
    if part == "later" and shift == 0:
        return _Win(pub, w.end, w.precision)
    return w


def _month_rel(rel: str, month: int, pub: dt.date) -> _Win:
    if rel == "this":
        y = pub.year
    elif rel == "next":
        y = pub.year if month > pub.month else pub.year + 1
    else:
        y = pub.year if month < pub.month else pub.year - 1
    return _month_win(y, month, None)


def _season_rel(lex: TimeLexicon, rel: str | None, name: str, pub: dt.date) -> _Win:
    cands = [_season_win(lex, name, y) for y in range(pub.year + 2, pub.year - 3, -1)]
    if rel in ("last", "this past"):
        return next(w for w in cands if w.end is not None and w.end < pub)
    if rel == "next":
        return [w for w in cands if w.start > pub][-1]
    if rel == "this":
        current = [w for w in cands if w.start <= pub <= (w.end or pub)]
        return current[0] if current else [w for w in cands if w.start > pub][-1]
    return next(w for w in cands if w.start <= pub + FUTURE_SLACK)


def _ago(n: int, unit: str, pub: dt.date) -> _Win:
    if unit == "day":
        d = pub - dt.timedelta(days=n)
        return _Win(d, d, "day")
    if unit == "week":
        return _week_win(pub - dt.timedelta(weeks=n))
    if unit == "month":
        ref = _add_months(pub.replace(day=1), -n)
        return _month_win(ref.year, ref.month, None)
    return _year_win(pub.year - n, None)


def _window(n: int, unit: str, pub: dt.date) -> _Win:
    if unit == "hour":
        return _Win(pub - dt.timedelta(days=max(1, -(-n // 24))), pub, "day")
    if unit == "day":
        start = pub - dt.timedelta(days=n)
    elif unit == "week":
        start = pub - dt.timedelta(weeks=n)
    elif unit == "month":
        start = _add_months(pub, -n)
    else:
        start = _add_months(pub, -12 * n)
    precision: TimePrecision = "range" if n != 1 else unit  # type: ignore[assignment]
    return _Win(start, pub, precision)


def _recent(unit: str, pub: dt.date) -> _Win:
    if unit == "day":
        return _Win(pub - dt.timedelta(days=7), pub, "week")
    if unit == "week":
        return _Win(pub - dt.timedelta(days=28), pub, "month")
    if unit == "month":
        return _Win(_add_months(pub, -6), pub, "range")
    return _Win(_add_months(pub, -60), pub, "range")


def _relative(g: TimeGrammar, t: str, pub: dt.date | None) -> _Result:
    """Expressions anchored to publication; ``None`` when none matches."""
    p = g.patterns
    lex = g.lexicon
    m = p["day_word"].fullmatch(t)
    kind = "day_word"
    if m is None:
        kinds = ("weekend", "weekday", "unit_rel", "unit_part", "month_rel", "ago", "window")
        for kind in (*kinds, "recent"):
            m = p[kind].fullmatch(t)
            if m is not None:
                break
        else:
            return None
    if pub is None:
        return _UNKNOWN
    if kind == "day_word":
        return _day_word(m["w"], pub)
    if kind == "weekend":
        return _weekend(m["rel"], pub)
    if kind == "weekday":
        return _weekday(m["rel"], lex.weekdays[m["wd"].rstrip(".")], pub)
    if kind == "unit_rel":
        rel = m["rel"].replace("the ", "")
        return _unit_rel(m["part"], rel, m["unit"], pub, lex)
    if kind == "unit_part":
        return _unit_rel(m["part"], "this", m["unit"], pub, lex)
    if kind == "month_rel":
        return _month_rel(m["rel"], _month(lex, m["m"]), pub)
    if kind == "ago":
        return _ago(_number(g, m["n"]), m["unit"], pub)
    if kind == "window":
        return _window(_number(g, m["n"]), m["unit"], pub)
    return _recent(m["unit"], pub)


def _single(g: TimeGrammar, t: str, pub: dt.date | None) -> _Result:
    r = _relative(g, t, pub)
    if r is not None:
        return r
    a = _parse_atom(g, t)
    if a is not None:
        return _resolve_atom(g, a, pub)
    m = g.patterns["season_rel"].fullmatch(t)
    if m is not None:
        if pub is None:
            return _UNKNOWN
        return _season_rel(g.lexicon, m["rel"], m["season"], pub)
    m = g.patterns["bare_day"].fullmatch(t)
    if m is not None:
        return _UNKNOWN if pub is None else _bare_day(pub, _int(m["d"]))
    return None


_ORDINAL = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}


def _sub_unit(g: TimeGrammar, m: re.Match[str], pub: dt.date | None) -> _Result:
    """ "the first week of May", "the second half of 2018", "the last quarter of 2019"."""
    outer = _single(g, m["rest"], pub)
    if not isinstance(outer, _Win) or outer.end is None:
        return outer
    k = _ORDINAL[m["ord"]]
    if m["sub"] == "week" and outer.precision == "month":
        first = outer.start.replace(day=1)
        start = (
            first + dt.timedelta(days=7 * k)
            if k >= 0
            else _month_end(first.year, first.month) - dt.timedelta(days=6)
        )
        return _Win(start, start + dt.timedelta(days=6), "week")
    if m["sub"] in ("half", "quarter") and outer.precision == "year":
        size = 6 if m["sub"] == "half" else 3
        count = 12 // size
        if k >= count:
            return None
        first_month = (k % count) * size + 1
        y = outer.start.year
        return _Win(dt.date(y, first_month, 1), _month_end(y, first_month + size - 1), "month")
    return None


def _value(r: _Result, text: str) -> TimeValue | None:
    if r is None:
        return None
    if isinstance(r, str):
        return TimeValue(None, None, "unknown", text=text)
    end = r.end.isoformat() if r.end is not None else None
    return TimeValue(r.start.isoformat(), end, r.precision, text=text)


def normalise(text: str, published: dt.date | None) -> TimeValue | None:
    """Normalise one time expression against the publication date.

    Returns ``None`` for durations and anything that is not a date.
    """
    g = load_time_grammar()
    t = _clean(text)
    if not t:
        return None
    if t.startswith("since "):
        r = _single(g, t[6:], published)
        if isinstance(r, _Win):
            return _value(_Win(r.start, published, "range"), text)
        return _value(r, text)
    m = re.match(r"(earlier|later) in (.+)", t)
    if m is not None:  # "earlier in November": clip the window at publication
        r = _single(g, _PREFIX.sub("", m[2]), published)
        if (
            isinstance(r, _Win)
            and published is not None
            and r.start <= published <= (r.end or r.start)
        ):
            r = (
                _Win(r.start, published, r.precision)
                if m[1] == "earlier"
                else _Win(published, r.end, r.precision)
            )
        return _value(r, text)
    r = _single(g, t, published)
    if r is None:
        sub = g.patterns["sub_unit"].fullmatch(t)
        r = _sub_unit(g, sub, published) if sub is not None else _composite(g, t, published)
    return _value(r, text)


def is_background(value: TimeValue, published: dt.date | None) -> bool:
    """True when the value ends more than a year before publication."""
    if published is None or value.end is None:
        return False
    end = dt.date.fromisoformat(value.end)
    return (published - end).days > BACKGROUND_DAYS


def resolve_times(doc: Doc, published: dt.date | None) -> tuple[TimeValue, ...]:
    """One value per ``doc.spans["times"]`` mention that is a date, sorted by offset."""
    if "times" not in doc.spans:
        return ()
    out: list[TimeValue] = []
    for span in sorted(doc.spans["times"], key=lambda s: (s.start_char, -s.end_char)):
        text = span.text
        if span.start > 0 and doc[span.start - 1].lower_ in _LOOKBACK:
            text = f"{doc[span.start - 1].lower_} {text}"  # "since 2014", "between 2005 and 2009"
        value = normalise(text, published)
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
