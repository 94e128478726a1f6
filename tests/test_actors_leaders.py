"""World leaders in the KB, and the country of actors outside the KB from their context."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

from sitrep.evaluation.actors import _locate
from sitrep.knowledge.actors import load_actor_kb
from sitrep.mentions.actors import FACTORY
from sitrep.model import Actor, Article
from sitrep.resolve.actors import resolve_actors


@pytest.fixture(scope="module")
def blank() -> Language:
    import sitrep.mentions.actors  # noqa: F401  (registers the factory)

    blank = spacy.blank("en")
    blank.add_pipe(FACTORY)
    return blank


def actors(nlp: Language, text: str, day: dt.date | None = None) -> dict[str, Actor]:
    doc = nlp(text)
    found, _ = resolve_actors(doc, Article(id="t", text=text, published=day), load_actor_kb())
    return {doc.text[a.mentions[0][0] : a.mentions[0][1]]: a for a in found}


def test_every_person_has_dated_roles_in_their_country() -> None:
    kb = load_actor_kb()
    people = [e for e in kb.entries if e.kind == "person"]
    assert len(people) > 300
    for e in people:
        assert e.country, e.id
        for role in e.roles:
            assert role.since or role.until, (e.id, role.office)


def test_leaders_take_the_country_and_office_of_the_day(blank: Language) -> None:
    text = "President Yoweri Museveni met Francois Mitterrand."
    found = actors(blank, text, dt.date(1990, 6, 1))
    assert (
        found["President Yoweri Museveni"].country,
        found["President Yoweri Museveni"].sector,
    ) == ("UGA", "GOV")
    assert found["Francois Mitterrand"].country == "FRA"
    later = actors(blank, text, dt.date(2005, 6, 1))
    assert (later["Francois Mitterrand"].country, later["Francois Mitterrand"].sector) == (
        "FRA",
        "ELI",
    )


def test_office_in_an_organisation_codes_the_organisation(blank: Language) -> None:
    found = actors(blank, "Mark Rutte spoke.", dt.date(2025, 1, 10))
    assert found["Mark Rutte"].country == "IGO"
    assert actors(blank, "Mark Rutte spoke.", dt.date(2015, 1, 10))["Mark Rutte"].country == "NLD"


def test_an_international_organisation_outside_the_kb_is_igo(nlp: Language) -> None:
    found = actors(nlp, "The Inter-Parliamentary Forum of African Lawyers said on Monday.")
    assert [a.country for a in found.values()] == ["IGO"]


def test_a_rights_group_is_an_ngo(blank: Language) -> None:
    found = actors(blank, "A human rights group protested on Wednesday.")
    assert [a.country for a in found.values()] == ["NGO"]


def test_agents_anchored_in_a_capital_or_after_a_quantity(blank: Language) -> None:
    found = actors(blank, "Demonstrators in Baghdad blocked a road.")
    assert found["Demonstrators"].country == "IRQ"
    found = actors(blank, "Doctors from two American aid groups delivered goods.")
    assert found["Doctors"].country == "USA"


def test_opposition_parties_take_the_country_they_are_in(blank: Language) -> None:
    found = actors(blank, "Seven opposition parties in Nepal organized a strike.")
    assert [a.country for a in found.values()] == ["NPL"]


def test_a_person_takes_the_country_of_the_apposition(nlp: Language) -> None:
    found = actors(nlp, "John Mensah, a Ghanaian lawmaker, said on Monday.")
    assert found["John Mensah"].country == "GHA"


def test_president_administration_is_the_us_executive(blank: Language) -> None:
    found = actors(blank, "The Clinton administration declared on Tuesday.")
    assert found["The Clinton administration"].id == "white_house"


def test_gold_actor_text_with_ellipsis_and_spacing_is_located() -> None:
    text = "U.S. and Russian negotiators return to Geneva."
    assert _locate(text, "U.S. ... negotiators") == (0, 4)
    assert _locate("The pro-Iranian Hizbollah (Party of God) group", "Hizbollah  (Party") == (
        16,
        32,
    )
    assert _locate(text, "French warships") is None


def test_a_side_is_a_party_unless_it_is_the_side_of_a_border(blank: Language) -> None:
    found = actors(blank, "The Israeli side rejected the proposal.")
    assert found["The Israeli side"].id == "isr"
    assert actors(blank, "Shells landed on the Syrian side of the border.") == {}


def test_national_news_agencies_carry_their_country(blank: Language) -> None:
    found = actors(blank, "Kyodo reported that Yonhap had said so.")
    assert {a.country for a in found.values()} == {"JPN", "KOR"}


def test_an_ethnic_minority_takes_the_state_it_lives_in(blank: Language) -> None:
    found = actors(blank, "Ethnic Russians rallied on Sunday, Latvian officials said.")
    assert found["Russians"].country == "LVA"
    found = actors(blank, "Ethnic Russians rallied on Sunday.")
    assert found["Russians"].country is None
