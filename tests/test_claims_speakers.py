"""Speakers that no actor covers are credited as actors not in the KB (attribute_speakers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sitrep.claims import attribute, attribute_speakers
from sitrep.model import Actor, Article, Claim, Event

PUB = dt.date(2022, 6, 6)


def _run(
    nlp: Any, resources: Any, text: str, speakers: bool = True
) -> tuple[tuple[Actor, ...], tuple[Event, ...], tuple[Claim, ...]]:
    from sitrep.events import extract_events
    from sitrep.resolve.actors import resolve_actors
    from sitrep.resolve.places import resolve_places
    from sitrep.resolve.times import resolve_times

    doc = nlp(text)
    article = Article(id="t", text=text, published=PUB)
    actors, _ = resolve_actors(doc, article, resources.kb)
    places = resolve_places(doc, article, resources.gazetteer, actors)
    times = resolve_times(doc, article.published)
    events = extract_events(doc, article, actors, places, times, resources.codebook)
    if not speakers:
        out_events, claims = attribute(doc, article, actors, events)
        return actors, out_events, claims
    return attribute_speakers(doc, article, actors, events, resources.kb)


def _claimant_text(text: str, actors: tuple[Actor, ...], claimant: str | None) -> str | None:
    by_id = {a.id: a for a in actors}
    if claimant is None:
        return None
    s, e = by_id[claimant].mentions[0]
    return text[s:e]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Gunmen killed two farmers near Kirkuk on Sunday, a party spokesman said.",
            "party spokesman",
        ),
        (
            "Witnesses told AFP that fighters had stormed a hospital in Khartoum on Sunday.",
            "Witnesses",
        ),
        (
            "Rockets were fired at Erbil early on Sunday, the monitoring group said.",
            "monitoring group",
        ),
    ],
)
def test_unnamed_speaker_becomes_the_claimant(
    nlp: Any, resources: Any, text: str, speaker: str
) -> None:
    actors, events, claims = _run(nlp, resources, text)
    assert claims and all(c.claimant is not None for c in claims)
    assert _claimant_text(text, actors, claims[0].claimant) == speaker
    new = [a for a in actors if a.component == "sitrep.claims"]
    assert new and all(not a.in_kb and a.id.startswith("x:") for a in new)
    assert any(e.claimant == claims[0].claimant and "reported" in e.modality for e in events)


def test_pronoun_speaker_follows_the_credited_one(nlp: Any, resources: Any) -> None:
    text = (
        "Witnesses in Omdurman said security forces fired tear gas at marchers on Monday. "
        "Some protesters were hit by live bullets, they said."
    )
    actors, _events, claims = _run(nlp, resources, text)
    assert len(claims) >= 2
    assert claims[1].claimant == claims[0].claimant is not None
    assert _claimant_text(text, actors, claims[0].claimant) == "Witnesses"


def test_documents_are_not_speakers(nlp: Any, resources: Any) -> None:
    text = "Media reports indicate that Iran sent missiles to the militias in 2019."
    actors, _events, claims = _run(nlp, resources, text)
    assert claims and claims[0].claimant is None
    assert not [a for a in actors if a.component == "sitrep.claims"]


def test_plain_attribute_credits_no_new_actor(nlp: Any, resources: Any) -> None:
    text = "Gunmen killed two farmers near Kirkuk on Sunday, a party spokesman said."
    actors, _events, claims = _run(nlp, resources, text, speakers=False)
    ids = {a.id for a in actors}
    assert all(c.claimant is None or c.claimant in ids for c in claims)


def test_every_claimant_is_an_actor(nlp: Any, resources: Any) -> None:
    text = (
        "Saraya Awliya al-Dam, an Iran-aligned militia, claimed a rocket attack on a base "
        "in Bashiqa on Monday. Analysts say more attacks could follow, a senior officer said."
    )
    actors, events, claims = _run(nlp, resources, text)
    ids = {a.id for a in actors}
    assert all(c.claimant in ids for c in claims if c.claimant is not None)
    assert all(e.claimant in ids for e in events if e.claimant is not None)
    assert _claimant_text(text, actors, claims[0].claimant) == "Saraya Awliya al-Dam"


def test_document_sources_lexicon() -> None:
    from sitrep.claiming.lexicon import load_cues

    docs = load_cues().document_sources
    assert {"report", "article", "footage"} <= docs
    assert all(w == w.lower() and w for w in docs)
    assert not docs & {"spokesman", "witness", "ministry"}


def test_a_documents_author_speaks_for_it(nlp: Any, resources: Any) -> None:
    text = "A report by the monitoring group said rebels shelled the town last week."
    actors, _events, claims = _run(nlp, resources, text)
    assert claims and _claimant_text(text, actors, claims[0].claimant) == "monitoring group"


def test_a_group_called_x_is_credited_by_its_name(nlp: Any, resources: Any) -> None:
    text = "A militia known as Saraya Thar said it fired rockets at the base on Monday."
    actors, _events, claims = _run(nlp, resources, text)
    assert claims and _claimant_text(text, actors, claims[0].claimant) == "Saraya Thar"


def test_sentence_final_source_scopes_over_the_main_clause(nlp: Any, resources: Any) -> None:
    text = (
        "Militants stormed a village in Borno state on Saturday, killing at least 20 people, "
        "according to a local leader."
    )
    actors, events, _claims = _run(nlp, resources, text)
    stormed = next(e for e in events if text[e.trigger[0] : e.trigger[1]] == "stormed")
    assert "reported" in stormed.modality
    assert _claimant_text(text, actors, stormed.claimant) == "local leader"


def test_a_denial_of_the_claim_keeps_the_claims_source(nlp: Any, resources: Any) -> None:
    text = "Residents said the army shelled the village, an allegation the army denied."
    actors, events, _claims = _run(nlp, resources, text)
    shelled = next(e for e in events if text[e.trigger[0] : e.trigger[1]] == "shelled")
    assert "denied" in shelled.modality
    assert _claimant_text(text, actors, shelled.claimant) == "Residents"


def test_passive_accusation_with_an_agent(nlp: Any, resources: Any) -> None:
    text = "The militia has been accused by rights groups of executing prisoners near Fallujah."
    actors, events, _claims = _run(nlp, resources, text)
    executing = next(e for e in events if text[e.trigger[0] : e.trigger[1]] == "executing")
    assert "alleged" in executing.modality
    assert _claimant_text(text, actors, executing.claimant) == "rights groups"


def test_a_speakers_possessor_gives_its_country(nlp: Any, resources: Any) -> None:
    text = (
        "A Turkish drone strike on a car killed three people on Saturday, the Kurdistan "
        "Region's counter-terrorism service said."
    )
    actors, events, _ = _run(nlp, resources, text)
    service = next(a for a in actors if "counter-terrorism service" in a.name)
    assert service.country == "IRQ"
    assert any(e.claimant == service.id for e in events)
