"""A date attached to the speech act is not the reported event's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sitrep.model import Article, Event

PUB = dt.date(2021, 3, 10)  # a Wednesday


def _event(nlp: Any, resources: Any, text: str, trigger: str) -> Event:
    from sitrep.extract import extract_article

    ex = extract_article(nlp(text), Article(id="t", text=text, published=PUB), resources)
    return next(e for e in ex.events if text[e.trigger[0] : e.trigger[1]] == trigger)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        (
            "Iraqi officials said on Tuesday that a drone strike had killed two guards.",
            "drone strike",
        ),
        ("On Monday, the army said rebels had attacked a convoy.", "attacked"),
        ("Gunmen killed a farmer near Kirkuk overnight, police said on Wednesday.", "killed"),
    ],
)
def test_speech_date_does_not_date_the_event(
    nlp: Any, resources: Any, text: str, trigger: str
) -> None:
    event = _event(nlp, resources, text, trigger)
    assert "reported" in event.modality
    assert (event.date.start, event.date.end, event.date.precision) == (
        None,
        PUB.isoformat(),
        "unknown",
    )


def test_the_events_own_time_is_kept(nlp: Any, resources: Any) -> None:
    text = "Police said on Tuesday that gunmen had kidnapped an engineer in Kirkuk on Sunday."
    event = _event(nlp, resources, text, "kidnapped")
    assert (event.date.start, event.date.precision) == ("2021-03-07", "day")


def test_a_time_after_an_accusation_is_the_events(nlp: Any, resources: Any) -> None:
    text = "Washington blamed Iran for the missile strikes on two oil facilities on Saturday."
    event = _event(nlp, resources, text, "missile strikes")
    assert (event.date.start, event.date.precision) == ("2021-03-06", "day")


def test_an_ongoing_state_holds_at_the_time_of_speaking(nlp: Any, resources: Any) -> None:
    text = "A report on Monday noted that the militia was continuing to attack border posts."
    event = _event(nlp, resources, text, "attack")
    assert (event.date.start, event.date.precision) == ("2021-03-08", "day")
