"""Calendar windows for :mod:`sitrep.resolve.times`.

Pure date arithmetic on a publication date: weeks (Monday-Sunday), weekends,
months, years, seasons, decades and their early/mid/late parts, weekdays, "N
units ago", "the past N units" and the windows ahead of publication. The
conventions are documented in :mod:`sitrep.resolve.times`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sitrep.mentions.times import TimeLexicon
from sitrep.model import TimePrecision

FUTURE_SLACK = dt.timedelta(days=30)
WEEKEND_REL_PAST = {None, "the", "this past", "the past"}
COMING = frozenset({"this coming", "the coming", "coming"})


@dataclass(frozen=True, slots=True)
class Win:
    """An inclusive date window; ``end`` is ``None`` when open."""

    start: dt.date
    end: dt.date | None
    precision: TimePrecision


@dataclass(frozen=True, slots=True)
class Atom:
    """A calendar expression that may lack its year (or month, for bare days)."""

    kind: str  # day, days, month, season, year, decade
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    part: str | None = None
    season: str | None = None


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def month_win(y: int, m: int, part: str | None) -> Win:
    if part == "early":
        return Win(dt.date(y, m, 1), dt.date(y, m, 10), "month")
    if part == "mid":
        return Win(dt.date(y, m, 11), dt.date(y, m, 20), "month")
    if part == "late":
        return Win(dt.date(y, m, 21), month_end(y, m), "month")
    return Win(dt.date(y, m, 1), month_end(y, m), "month")


def year_win(y: int, part: str | None) -> Win:
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part or "", (1, 12))
    return Win(dt.date(y, first, 1), month_end(y, last), "year")


def week_win(d: dt.date, part: str | None = None) -> Win:
    mon = d - dt.timedelta(days=d.weekday())
    lo, hi = {"early": (0, 2), "mid": (2, 4), "late": (4, 6)}.get(part or "", (0, 6))
    return Win(mon + dt.timedelta(days=lo), mon + dt.timedelta(days=hi), "week")


def season_win(lex: TimeLexicon, name: str, y: int) -> Win:
    first, last = lex.seasons[name]
    start_year = y - 1 if first > last else y
    return Win(dt.date(start_year, first, 1), month_end(y, last), "month")


def atom_win(lex: TimeLexicon, a: Atom, y: int) -> Win | None:
    try:
        if a.kind in ("day", "days"):
            if a.month is None or a.day is None:
                return None
            first = dt.date(y, a.month, a.day)
            if a.day2 is None:
                return Win(first, first, "day")
            return Win(first, dt.date(y, a.month, a.day2), "range")
        if a.kind == "month":
            if a.month is None:
                return None
            return month_win(y, a.month, a.part)
        if a.kind == "season":
            if a.season is None:
                return None
            return season_win(lex, a.season, y)
        if a.kind == "decade":
            lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(a.part or "", (0, 9))
            return Win(dt.date(y + lo, 1, 1), dt.date(y + hi, 12, 31), "decade")
        return year_win(y, a.part)
    except ValueError:
        return None


def infer_year(lex: TimeLexicon, a: Atom, pub: dt.date, future: bool = False) -> int | None:
    """The latest year in which the atom starts no later than publication + slack.

    With ``future`` a day (or day range) takes the first year in which it starts on
    or after publication instead.
    """
    if future and a.kind in ("day", "days"):
        for y in range(pub.year, pub.year + 9):
            w = atom_win(lex, a, y)
            if w is not None and w.start >= pub:
                return y
        return None
    for y in range(pub.year + 1, pub.year - 9, -1):
        w = atom_win(lex, a, y)
        if w is not None and w.start <= pub + FUTURE_SLACK:
            return y
    return None


def bare_day(pub: dt.date, day: int, future: bool = False) -> Win | None:
    """The most recent such day on or before publication (``future``: the next on or after)."""
    for step in range(0, 3):
        first = add_months(pub.replace(day=1), step if future else -step)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            d = first.replace(day=day)
            if (d >= pub) if future else (d <= pub):
                return Win(d, d, "day")
    return None


def day_word(w: str, pub: dt.date) -> Win:
    if w.startswith("the day before"):
        shift = -2
    elif w.startswith(("yesterday", "last night")):
        shift = -1
    elif w.startswith("tomorrow"):
        shift = 1
    else:
        shift = 0
    d = pub + dt.timedelta(days=shift)
    return Win(d, d, "day")


def weekend(rel: str | None, pub: dt.date, future: bool = False) -> Win:
    wd = pub.weekday()
    monday = pub - dt.timedelta(days=wd)
    if rel in COMING:  # strictly after publication
        sat = pub + dt.timedelta(days=(5 - wd) % 7 or 7)
    elif future and rel in (None, "the"):  # on or after publication
        sat = pub + dt.timedelta(days=(5 - wd) % 7)
    elif rel in WEEKEND_REL_PAST or (rel == "this" and wd in (0, 5, 6)):
        sat = pub - dt.timedelta(days=(wd - 5) % 7)
    elif rel == "last":
        sat = monday - dt.timedelta(days=2)
    elif rel == "next":
        sat = monday + dt.timedelta(days=12)
    else:  # "this" from Tuesday to Friday: the coming weekend
        sat = monday + dt.timedelta(days=5)
    return Win(sat, sat + dt.timedelta(days=1), "week")


def weekday(rel: str | None, wd: int, pub: dt.date, future: bool = False) -> Win:
    if rel in ("last", "this past", "past"):
        back = (pub.weekday() - wd) % 7 or 7
        d = pub - dt.timedelta(days=back)
    elif rel == "next" or rel in COMING:
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    elif future and rel in (None, "this"):
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    else:
        d = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    return Win(d, d, "day")


def unit_rel(part: str | None, rel: str, unit: str, pub: dt.date, lex: TimeLexicon) -> Win:
    shift = {"last": -1, "next": 1}.get(rel, 0)
    fine = None if part in (None, "earlier", "later") else lex.parts[part]
    if unit == "week":
        w = week_win(pub + dt.timedelta(weeks=shift), fine)
    elif unit == "month":
        ref = add_months(pub.replace(day=1), shift)
        w = month_win(ref.year, ref.month, fine)
    else:
        w = year_win(pub.year + shift, fine)
    if part == "earlier" and shift == 0:
        return Win(w.start, pub, w.precision)
    if part == "later" and shift == 0:
        return Win(pub, w.end, w.precision)
    return w


def month_rel(rel: str, month: int, pub: dt.date) -> Win:
    if rel == "this":
        y = pub.year
    elif rel == "next":
        y = pub.year if month > pub.month else pub.year + 1
    else:
        y = pub.year if month < pub.month else pub.year - 1
    return month_win(y, month, None)


def season_rel(lex: TimeLexicon, rel: str | None, name: str, pub: dt.date) -> Win:
    cands = [season_win(lex, name, y) for y in range(pub.year + 2, pub.year - 3, -1)]
    if rel in ("last", "this past"):
        return next(w for w in cands if w.end is not None and w.end < pub)
    if rel == "next":
        return [w for w in cands if w.start > pub][-1]
    if rel == "this":
        current = [w for w in cands if w.start <= pub <= (w.end or pub)]
        return current[0] if current else [w for w in cands if w.start > pub][-1]
    return next(w for w in cands if w.start <= pub + FUTURE_SLACK)


def ago(n: int, unit: str, pub: dt.date) -> Win:
    if unit == "day":
        d = pub - dt.timedelta(days=n)
        return Win(d, d, "day")
    if unit == "week":
        return week_win(pub - dt.timedelta(weeks=n))
    if unit == "month":
        ref = add_months(pub.replace(day=1), -n)
        return month_win(ref.year, ref.month, None)
    return year_win(pub.year - n, None)


def window(n: int, unit: str, pub: dt.date) -> Win:
    if unit == "hour":
        return Win(pub - dt.timedelta(days=max(1, -(-n // 24))), pub, "day")
    if unit == "day":
        start = pub - dt.timedelta(days=n)
    elif unit == "week":
        start = pub - dt.timedelta(weeks=n)
    elif unit == "month":
        start = add_months(pub, -n)
    else:
        start = add_months(pub, -12 * n)
    precision: TimePrecision = "range" if n != 1 else unit  # type: ignore[assignment]
    return Win(start, pub, precision)


def recent(unit: str, pub: dt.date) -> Win:
    if unit == "day":
        return Win(pub - dt.timedelta(days=7), pub, "week")
    if unit == "week":
        return Win(pub - dt.timedelta(days=28), pub, "month")
    if unit == "month":
        return Win(add_months(pub, -6), pub, "range")
    return Win(add_months(pub, -60), pub, "range")


def _ahead(pub: dt.date, n: int, unit: str) -> dt.date:
    if unit == "hour":
        return pub + dt.timedelta(days=max(1, -(-n // 24)))
    if unit == "day":
        return pub + dt.timedelta(days=n)
    if unit == "week":
        return pub + dt.timedelta(weeks=n)
    return add_months(pub, n if unit == "month" else 12 * n)


def ahead_window(n: int, unit: str, pub: dt.date) -> Win:
    """ "the next N units": publication to N units later (unit precision when N is 1)."""
    precision: TimePrecision = "range" if n != 1 else unit  # type: ignore[assignment]
    if unit == "hour":
        precision = "day"
    return Win(pub, _ahead(pub, n, unit), precision)


def coming_window(unit: str, pub: dt.date) -> Win:
    """ "in the coming days": the 7 days from publication (week); weeks: 28 days (month);
    months: 6 months and years: 5 years (range). Mirrors :func:`recent`."""
    if unit == "day":
        return Win(pub, pub + dt.timedelta(days=7), "week")
    if unit == "week":
        return Win(pub, pub + dt.timedelta(days=28), "month")
    if unit == "month":
        return Win(pub, add_months(pub, 6), "range")
    return Win(pub, add_months(pub, 60), "range")


def cover(ws: list[Win], is_range: bool) -> Win | None:
    """The window covering ``ws``: precision ``range`` for a range or mixed items."""
    ends = [w.end for w in ws if w.end is not None]
    if not ends:
        return None
    start = min(w.start for w in ws)
    if is_range:
        return Win(start, max(ends), "range")
    precs = {w.precision for w in ws}
    return Win(start, max(ends), precs.pop() if len(precs) == 1 else "range")


_ORDINAL = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}


def sub_window(outer: Win, ordinal: str, sub: str) -> Win | None:
    """The first..fourth/last ``week`` of a month or ``half``/``quarter`` of a year."""
    if outer.end is None:
        return None
    k = _ORDINAL[ordinal]
    if sub == "week" and outer.precision == "month":
        first = outer.start.replace(day=1)
        start = (
            first + dt.timedelta(days=7 * k)
            if k >= 0
            else month_end(first.year, first.month) - dt.timedelta(days=6)
        )
        return Win(start, start + dt.timedelta(days=6), "week")
    if sub in ("half", "quarter") and outer.precision == "year":
        size = 6 if sub == "half" else 3
        count = 12 // size
        if k >= count:
            return None
        first_month = (k % count) * size + 1
        y = outer.start.year
        return Win(dt.date(y, first_month, 1), month_end(y, first_month + size - 1), "month")
    return None
