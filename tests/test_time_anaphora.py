"""Event anaphora: a definite event noun that points back gives the event its time and place."""

from __future__ import annotations

import datetime as dt
from importlib import resources as ir
from typing import Any

import pytest
import yaml

from sitrep.mentions.times import LEXICON_RESOURCE
from sitrep.model import Article, Event
from sitrep.resolve.event_anaphora import load_anaphora_lexicon, parse_anaphora_lexicon

PUB = dt.date(2021, 3, 10)  # a Wednesday


def _events(nlp: Any, resources: Any, text: str) -> dict[str, Event]:
    from sitrep.extract import extract_article

    ex = extract_article(nlp(text), Article(id="t", text=text, published=PUB), resources)
    return {text[e.trigger[0] : e.trigger[1]]: e for e in ex.events}


def test_definite_subject_takes_the_antecedent_verbs_time(nlp: Any, resources: Any) -> None:
    events = _events(
        nlp,
        resources,
        "Gunmen attacked a checkpoint near Baquba on Monday. The attack killed three soldiers.",
    )
    killed = events["killed"]
    assert (killed.date.start, killed.date.end, killed.date.precision) == (
        "2021-03-08",
        "2021-03-08",
        "day",
    )
    assert killed.place == events["attacked"].place is not None


def test_during_the_operation_takes_its_time_and_place(nlp: Any, resources: Any) -> None:
    text = (
        "Turkish forces conducted an operation against the PKK in Duhok province last week. "
        "During the operation, warplanes struck several villages."
    )
    struck = _events(nlp, resources, text)["struck"]
    assert (struck.date.start, struck.date.end, struck.date.precision) == (
        "2021-03-01",
        "2021-03-07",
        "week",
    )
    assert struck.place is not None


def test_another_operation_is_a_different_event(nlp: Any, resources: Any) -> None:
    text = (
        "Turkish forces conducted an operation against the PKK in Duhok province last week. "
        "In another operation, warplanes struck several villages."
    )
    struck = _events(nlp, resources, text)["struck"]
    assert struck.date.precision == "unknown" and struck.date.start is None


def test_plural_antecedent_does_not_match_a_singular_anaphor(nlp: Any, resources: Any) -> None:
    text = (
        "Troops carried out similar operations in March. "
        "In the current operation, soldiers attacked a militant hideout."
    )
    attacked = _events(nlp, resources, text)["attacked"]
    assert attacked.date.precision == "unknown"


def test_lexicon_section_loads() -> None:
    lex = load_anaphora_lexicon()
    assert "operation" in lex.nouns and "the" in lex.determiners
    assert "another" in lex.other_event and 1 <= lex.window <= 10


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s.pop("nouns"),
        lambda s: s.update({"window": 0}),
        lambda s: s.update({"prepositions": []}),
    ],
)
def test_bad_anaphora_lexicon_is_rejected(mutate: Any) -> None:
    text = ir.files("sitrep").joinpath(LEXICON_RESOURCE).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    mutate(raw["event_anaphora"])
    with pytest.raises(ValueError):
        parse_anaphora_lexicon(raw)


def test_time_of_a_reference_event_does_not_date_the_event(nlp: Any, resources: Any) -> None:
    text = "The army will deploy more troops to Kirkuk ahead of the elections in October."
    deploy = _events(nlp, resources, text)["deploy"]
    assert deploy.date.precision == "unknown"


def test_weekday_modifying_the_reference_noun_still_dates(nlp: Any, resources: Any) -> None:
    text = "Police clashed with protesters in Basra after Friday prayers."
    events = _events(nlp, resources, text)
    clashed = events["clashed"]
    assert (clashed.date.start, clashed.date.precision) == ("2021-03-05", "day")


def test_own_time_wins_over_a_reference_phrase(nlp: Any, resources: Any) -> None:
    text = "Troops withdrew from the town on Friday after heavy fighting."
    withdrew = _events(nlp, resources, text)["withdrew"]
    assert (withdrew.date.start, withdrew.date.precision) == ("2021-03-05", "day")


def test_parenthetical_report_takes_the_incident_time(nlp: Any, resources: Any) -> None:
    text = (
        "Witnesses said police fired tear gas at marchers in the capital on Monday. "
        "Several marchers were beaten with batons, they said."
    )
    beaten = _events(nlp, resources, text)["beaten"]
    assert (beaten.date.start, beaten.date.precision) == ("2021-03-08", "day")


def test_a_new_report_of_another_act_stays_undated(nlp: Any, resources: Any) -> None:
    text = (
        "A spokesman said troops killed four militants near Kirkuk on Monday. "
        "He added that the army had also destroyed a weapons depot."
    )
    destroyed = _events(nlp, resources, text)["destroyed"]
    assert destroyed.date.precision == "unknown"


def test_time_right_after_a_reference_phrase_dates_that_event(nlp: Any, resources: Any) -> None:
    text = "Police detained two suspects after a bomb attack on a market in Basra on Saturday."
    detained = _events(nlp, resources, text)["detained"]
    assert detained.date.precision == "unknown"


def test_time_before_a_reference_phrase_dates_the_event(nlp: Any, resources: Any) -> None:
    text = "Police detained two suspects on Saturday after a bomb attack on a market in Basra."
    detained = _events(nlp, resources, text)["detained"]
    assert (detained.date.start, detained.date.precision) == ("2021-03-06", "day")


def test_a_follow_up_with_a_place_of_its_own_stays_undated(nlp: Any, resources: Any) -> None:
    text = (
        "Gunmen killed three soldiers at a checkpoint near Baquba on Monday. "
        "Police arrested five men in Basra, the ministry added."
    )
    assert _events(nlp, resources, text)["arrested"].date.precision == "unknown"


def test_also_on_a_passive_clause_continues_the_incident(nlp: Any, resources: Any) -> None:
    text = (
        "Gunmen killed three soldiers at a checkpoint near Baquba on Monday. "
        "Two civilians were also wounded."
    )
    wounded = _events(nlp, resources, text)["wounded"]
    assert (wounded.date.start, wounded.date.precision) == ("2021-03-08", "day")
