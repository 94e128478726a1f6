"""The sitrep_times_v1 component and resolve_times, on a blank English pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from sitrep.mentions.times import FACTORY, find_time_mentions
from sitrep.resolve.times import resolve_times

PUB = dt.date(2020, 4, 13)


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    return nlp


def _spans(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["times"]]


def test_factory_name_is_pinned() -> None:
    assert FACTORY == "sitrep_times_v1"
    assert FACTORY in Language.factories


def test_finds_dates_durations_and_times(blank: Language) -> None:
    text = (
        "An operation was conducted over the weekend. Another article on April 10 said "
        "leaders served in the 1980s and fought between 2005 and 2009; missiles came in "
        "2018 and 2019. The raid lasted three days and began at 10 a.m. the following day."
    )
    assert _spans(blank, text) == [
        ("the weekend", "DATE"),
        ("April 10", "DATE"),
        ("the 1980s", "DATE"),
        ("2005 and 2009", "DATE"),
        ("2018 and 2019", "DATE"),
        ("three days", "DURATION"),
        ("10 a.m.", "TIME"),
        ("the following day", "ANAPHORIC"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Protesters march on the ministry.",  # verb, not a month
        "Officials may announce a deal.",  # modal, not a month
        "He is in his 30s.",  # age
        "A 35-year-old man and a woman aged 40, two years old.",  # ages
        "About 2000 troops were deployed.",  # quantity, not a year
        "They reached the 5th Division headquarters.",  # ordinal, not a day
        "After the fall of Mosul the group expanded.",  # not a season
        "The sun rose.",  # abbreviation of Sunday only in dated contexts
    ],
)
def test_does_not_fire_on_look_alikes(blank: Language, text: str) -> None:
    assert _spans(blank, text) == []


def test_cued_month_and_ordinal_day(blank: Language) -> None:
    assert _spans(blank, "Fighting resumed in March and again on the 5th.") == [
        ("March", "DATE"),
        ("the 5th", "DATE"),
    ]


def test_offsets_match_text() -> None:
    text = "Since 2014, and on Tuesday, April 7, 2020, and from 10 to 12 April."
    for start, end, _ in find_time_mentions(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
    assert [text[s:e] for s, e, _ in find_time_mentions(text)] == [
        "2014",
        "Tuesday, April 7, 2020",
        "10 to 12 April",
    ]


def test_resolve_times_reads_back_since_and_between(blank: Language) -> None:
    doc = blank("Iran has armed them since 2014. Others fought between 2005 and 2009.")
    values = resolve_times(doc, PUB)
    assert [(v.start, v.end, v.precision) for v in values] == [
        ("2014-01-01", "2020-04-13", "range"),
        ("2005-01-01", "2009-12-31", "range"),
    ]
    assert values[1].background and not values[0].background
    for v in values:
        assert v.span is not None and doc.text[v.span[0] : v.span[1]] == v.text


def test_resolve_times_drops_durations_and_sorts(blank: Language) -> None:
    doc = blank("For three days after April 10 the PMU raided villages, yesterday too.")
    values = resolve_times(doc, PUB)
    assert [v.text for v in values] == ["April 10", "yesterday"]
    assert [v.start for v in values] == ["2020-04-10", "2020-04-12"]


def test_resolve_times_without_publication(blank: Language) -> None:
    values = resolve_times(blank("It happened yesterday, not on 10 April 2019."), None)
    assert [(v.start, v.precision) for v in values] == [(None, "unknown"), ("2019-04-10", "day")]


def test_resolve_times_without_span_group() -> None:
    assert resolve_times(spacy.blank("en")("April 10"), PUB) == ()


def test_ner_entities_are_filtered() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    doc = nlp.make_doc("The 35 years old man came on Thanksgiving, and 70 others.")
    from spacy.tokens import Span

    doc.ents = [
        Span(doc, 1, 4, label="DATE"),  # an age
        Span(doc, 7, 8, label="DATE"),  # a named day
        Span(doc, 10, 11, label="DATE"),  # a stray number
    ]
    doc = nlp.get_pipe(FACTORY)(doc)
    assert [(s.text, s.label_) for s in doc.spans["times"]] == [("Thanksgiving", "DATE")]


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=120))
def test_mentions_are_inside_the_text(text: str) -> None:
    for start, end, label in find_time_mentions(text):
        assert 0 <= start < end <= len(text)
        assert label in {"DATE", "DURATION", "TIME", "ANAPHORIC"}
