"""Normalisation of time expressions against the publication date."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.resolve.times import is_background, normalise

GOLD = Path(__file__).resolve().parent / "gold" / "time_normalisation.jsonl"
# The gold file was written before the rules were tuned; a change to it must be deliberate.
GOLD_SHA256 = "0a1f2bb503ef14f7742071f9247a9be72cc481e89559e0dab8602289b3f0ac6f"
PUB = dt.date(2020, 4, 13)  # a Monday


def _triple(text: str, pub: dt.date | None = PUB) -> tuple[str | None, str | None, str] | None:
    v = normalise(text, pub)
    return None if v is None else (v.start, v.end, v.precision)


# -- seed checks from the brief ---------------------------------------------------------


def test_over_the_weekend_is_the_last_weekend_with_week_precision() -> None:
    assert _triple("over the weekend") == ("2020-04-11", "2020-04-12", "week")


def test_month_day_takes_the_publication_year() -> None:
    assert _triple("April 10") == ("2020-04-10", "2020-04-10", "day")


def test_list_of_years_covers_the_span_with_year_precision() -> None:
    assert _triple("in 2018 and 2019") == ("2018-01-01", "2019-12-31", "year")


def test_decade() -> None:
    assert _triple("in the 1980s") == ("1980-01-01", "1989-12-31", "decade")


def test_between_years_is_a_range() -> None:
    assert _triple("between 2005 and 2009") == ("2005-01-01", "2009-12-31", "range")


@pytest.mark.parametrize(
    "text",
    [
        "more than two years after",
        "for three days",
        "two years later",
        "35 years old",
        "within 48 hours",
        "the previous day",
        "12 months",
        "",
        "the army",
    ],
)
def test_durations_and_non_dates_are_not_dates(text: str) -> None:
    assert normalise(text, PUB) is None


# -- conventions ------------------------------------------------------------------------


def test_weekday_on_publication_day_is_publication_day() -> None:
    assert _triple("on Monday") == ("2020-04-13", "2020-04-13", "day")
    assert _triple("last Monday") == ("2020-04-06", "2020-04-06", "day")
    assert _triple("next Monday") == ("2020-04-20", "2020-04-20", "day")


def test_date_without_year_allows_a_month_in_the_future_only() -> None:
    assert _triple("April 30") == ("2020-04-30", "2020-04-30", "day")
    assert _triple("May 20") == ("2019-05-20", "2019-05-20", "day")


def test_range_wrapping_a_new_year() -> None:
    assert _triple("from November to February") == ("2019-11-01", "2020-02-29", "range")


def test_since_runs_to_publication() -> None:
    assert _triple("since 2014") == ("2014-01-01", "2020-04-13", "range")
    assert _triple("since 2014", None) == ("2014-01-01", None, "range")


def test_since_a_month_not_yet_reached_is_last_years() -> None:
    # published 2020-04-13: "since May" can only mean May 2019
    assert _triple("since May") == ("2019-05-01", "2020-04-13", "range")
    assert _triple("since March") == ("2020-03-01", "2020-04-13", "range")
    assert _triple("since 2030") == ("2030-01-01", "2030-12-31", "year")


def test_without_publication_relative_is_unknown_and_explicit_resolves() -> None:
    assert _triple("yesterday", None) == (None, None, "unknown")
    assert _triple("April 10", None) == (None, None, "unknown")
    assert _triple("April 10, 2020", None) == ("2020-04-10", "2020-04-10", "day")


def test_text_is_kept() -> None:
    v = normalise("Over the weekend,", PUB)
    assert v is not None and v.text == "Over the weekend,"


def test_background_is_more_than_a_year_before_publication() -> None:
    old = normalise("the 1980s", PUB)
    recent = normalise("in 2018 and 2019", PUB)
    assert old is not None and recent is not None
    assert is_background(old, PUB)
    assert not is_background(recent, PUB)
    assert not is_background(old, None)


# -- the gold file ----------------------------------------------------------------------


def _gold_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_gold_file_is_pinned_and_large_enough() -> None:
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() == GOLD_SHA256
    rows = _gold_rows()
    assert len(rows) >= 150
    for row in rows:
        assert set(row) == {"text", "published", "expected"}
        exp = row["expected"]
        assert exp is None or set(exp) == {"start", "end", "precision"}


def test_gold_normalisation_accuracy_floor() -> None:
    rows = _gold_rows()
    correct = 0
    for row in rows:
        pub = dt.date.fromisoformat(str(row["published"])) if row["published"] else None
        v = normalise(str(row["text"]), pub)
        got = None if v is None else {"start": v.start, "end": v.end, "precision": v.precision}
        correct += got == row["expected"]
    assert correct / len(rows) >= 0.9


# -- invariants -------------------------------------------------------------------------

EXPRESSIONS = [
    "over the weekend", "this weekend", "last weekend", "on Tuesday", "last Sunday", "yesterday",
    "this month", "earlier this month", "late last year", "early March",
    "on the 31st", "on the 29th", "February 29", "in December", "last winter", "this winter",
    "next summer", "two months ago", "the past month", "in recent weeks", "from March to May",
    "April 10 and 11", "since last year", "three weeks ago", "next week",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.sampled_from(EXPRESSIONS),
    pub=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_values_are_ordered_iso_dates(text: str, pub: dt.date) -> None:
    v = normalise(text, pub)
    assert v is not None
    assert v.start is not None and v.end is not None
    start, end = dt.date.fromisoformat(v.start), dt.date.fromisoformat(v.end)
    assert start <= end
    assert (start - pub).days <= 400  # nothing resolves far into the future


TIME_WORDS = [
    "the", "of", "and", "-", "to", "between", "from", "since", "in", "on", "last", "this",
    "next", "early", "mid", "late", "earlier", "week", "weekend", "month", "year", "years",
    "ago", "two", "a", "April", "May", "10", "10th", "2019", "2020", "1980s", "'90s",
    "Monday", "summer", "winter", "half", "first", "quarter", "past", "recent", "days", ",",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(TIME_WORDS), min_size=1, max_size=7),
    pub=st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1))),
)
def test_normalise_never_raises_and_values_are_consistent(
    words: list[str], pub: dt.date | None
) -> None:
    v = normalise(" ".join(words), pub)
    if v is None:
        return
    if v.precision == "unknown":
        assert v.start is None and v.end is None
    else:
        assert v.start is not None
        if v.end is not None:
            assert dt.date.fromisoformat(v.start) <= dt.date.fromisoformat(v.end)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80))
def test_normalise_never_raises_on_any_text(text: str) -> None:
    normalise(text, PUB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the first week of March", ("2020-03-01", "2020-03-07", "week")),
        ("the second half of 2018", ("2018-07-01", "2018-12-31", "month")),
        ("the end of the year", ("2020-09-01", "2020-12-31", "year")),
        ("earlier in April", ("2020-04-01", "2020-04-13", "month")),
        ("the night of April 9", ("2020-04-09", "2020-04-09", "day")),
        ("2019/11/12", ("2019-11-12", "2019-11-12", "day")),
        ("in 2014-15", ("2014-01-01", "2015-12-31", "range")),
    ],
)
def test_more_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert _triple(text) == expected
