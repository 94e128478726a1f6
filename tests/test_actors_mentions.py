"""Actor recognition on a blank pipeline: dictionary, case rules, composition, references."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

from sitrep.knowledge.actors import load_actor_kb
from sitrep.mentions.actors import FACTORY, slug
from sitrep.model import Article
from sitrep.resolve.actors import resolve_actors


@pytest.fixture(scope="module")
def nlp() -> Language:
    import sitrep.mentions.actors  # noqa: F401  (registers the factory)

    blank = spacy.blank("en")
    blank.add_pipe(FACTORY)
    return blank


def spans(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.kb_id_, s.label_) for s in doc.spans["actors"]]


def ids(nlp: Language, text: str) -> list[str]:
    return [kb_id for _, kb_id, _ in spans(nlp, text)]


def test_factory_name_is_pinned() -> None:
    assert FACTORY == "sitrep_actors_v1"


def test_aliases_and_transliterations_link_to_one_actor(nlp: Language) -> None:
    text = (
        "Fighters of al-Hashd al-Sha’abi moved north. The Popular Mobilisation Forces denied it, "
        "and a PMF spokesman said Hashd al-Shaabi units stayed."
    )
    assert [i for i in ids(nlp, text) if i == "pmu"] == ["pmu"] * 4


def test_case_rules_for_short_acronyms(nlp: Language) -> None:
    assert ids(nlp, "Let us see what is left, he told us.") == []
    assert "usa" in ids(nlp, "The US said IS fighters fled.")
    assert "isis" in ids(nlp, "The US said IS fighters fled.")
    assert ids(nlp, "The un-named man") == []


def test_country_as_place_is_not_an_actor(nlp: Language) -> None:
    assert "irq" not in ids(nlp, "Fighting continued in Iraq and across Iraq's borders.")
    assert ids(nlp, "Iran sent drones.")[:1] == ["irn"]
    found = ids(nlp, "The convoy moved from Syria to Lebanon after Turkey shelled the town.")
    assert found == ["tur"]


def test_compositional_actors(nlp: Language) -> None:
    got = {
        t: (k, lab)
        for t, k, lab in spans(
            nlp,
            "Iraqi army units and US troops met Turkish officials while Iranian media and "
            "Syrian civilians watched. Unknown gunmen fired on protesters.",
        )
    }
    assert got["Iraqi army units"] == ("iraqi_army", "MIL")
    assert got["US troops"] == ("us_military", "MIL")
    assert got["Turkish officials"] == ("tur", "GOV")
    assert got["Iranian media"] == ("x:iranian_media", "JRN")
    assert got["Syrian civilians"] == ("x:syrian_civilians", "CVL")
    assert got["Unknown gunmen"] == ("x:unknown_gunmen", "UAF")
    assert got["protesters"] == ("x:protesters", "OPP")


def test_coordinated_demonyms_share_the_agent(nlp: Language) -> None:
    got = spans(nlp, "Jordanian and Egyptian officials met on Monday.")
    assert [k for _, k, _ in got] == ["jor", "egy"]


def test_group_nouns_extend_kb_mentions(nlp: Language) -> None:
    got = spans(nlp, "Hezbollah fighters and ISIS cells clashed.")
    assert ("Hezbollah fighters", "hezbollah", "PRM") in got
    assert ("ISIS cells", "isis", "REB") in got


def test_acronym_binding_for_unknown_and_known_actors(nlp: Language) -> None:
    text = (
        "The Anbar Tribal Defence Council (ATDC) said on Sunday that ATDC patrols were attacked. "
        "Later the ATDC blamed the Syrian Democratic Forces (SDF)."
    )
    got = spans(nlp, text)
    atdc = [k for t, k, _ in got if "ATDC" in t or "Council" in t]
    assert len(atdc) == 4 and len(set(atdc)) == 1 and atdc[0].startswith("x:")
    assert [k for t, k, _ in got if "SDF" in t or "Syrian" in t] == ["sdf", "sdf"]


def test_definite_descriptions_and_possessives(nlp: Language) -> None:
    text = (
        "Kataib Hezbollah fired rockets at the base. The group later said its fighters had "
        "withdrawn, but the militia denied losses."
    )
    got = spans(nlp, text)
    assert [k for _, k, _ in got] == ["kataib_hezbollah"] * 4
    assert [t for t, _, _ in got][1:] == ["The group", "its fighters", "the militia"]


def test_outlet_names_that_are_places_need_a_media_cue(nlp: Language) -> None:
    assert "al_ain" in ids(nlp, "According to Al-Ain, the talks failed.")
    assert "al_ain" not in ids(nlp, "The convoy reached Al-Ain at noon.")


def test_unknown_actors_are_kept_with_inferred_country(nlp: Language) -> None:
    text = "Kuwaiti smugglers and Lebanese journalists were detained by Qatari police."
    doc = nlp(text)
    actors, _ = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    coded = {a.id: (a.in_kb, a.country, a.sector) for a in actors}
    assert coded["x:kuwaiti_smugglers"] == (False, "KWT", "CRM")
    assert coded["x:lebanese_journalists"] == (False, "LBN", "JRN")
    assert coded["x:qatari_police"] == (False, "QAT", "COP")


def test_resolution_groups_mentions_and_dates_roles(nlp: Language) -> None:
    text = "Haider al-Abadi met PMU leaders. Abadi said the PMU would stay. The PMU agreed."
    doc = nlp(text)
    kb = load_actor_kb()
    actors, _ = resolve_actors(doc, Article(id="t", text=text, published=dt.date(2016, 5, 1)), kb)
    by_id = {a.id: a for a in actors}
    assert len(by_id["pmu"].mentions) == 3
    assert list(by_id["pmu"].mentions) == sorted(by_id["pmu"].mentions)
    assert by_id["haider_al_abadi"].sector == "GOV"
    later, _ = resolve_actors(doc, Article(id="t", text=text, published=dt.date(2021, 5, 1)), kb)
    assert {a.id: a for a in later}["haider_al_abadi"].sector == "ELI"


def test_text_stated_relations(nlp: Language) -> None:
    text = (
        "The Valley Brigades, a paramilitary group of the Syrian Arab Army, fought on. "
        "Washington has designated the Houthis. "
        "The Saraya Coalition is made up of groups such as Kataib Hezbollah and Badr. "
        "Iranian-backed Liwa Fatemiyoun fighters arrived."
    )
    doc = nlp(text)
    _, rels = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    found = {(r.type, r.subject, r.object) for r in rels if r.source == "text"}
    assert ("backed_by", "liwa_fatemiyoun", "irn") in found
    for r in rels:
        if r.evidence is not None:
            assert 0 <= r.evidence[0] < r.evidence[1] <= len(text)


def test_designation_and_part_of_patterns(nlp: Language) -> None:
    text = (
        "Harakat al-Nujaba, a militia within the Popular Mobilization Forces, fought. "
        "The US has sanctioned parts of Harakat al-Nujaba."
    )
    doc = nlp(text)
    _, rels = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    found = {(r.type, r.subject, r.object, r.source) for r in rels}
    assert ("part_of", "harakat_al_nujaba", "pmu", "text") in found
    assert ("designated_by", "harakat_al_nujaba", "usa", "text") in found


def test_slug() -> None:
    assert slug("the Unknown  Gunmen") == "x:unknown_gunmen"
    assert slug("Iran’s proxies") == "x:iran_proxies"


def test_former_officials_are_eli(nlp: Language) -> None:
    text = "A former Iraqi minister met the Iraqi minister."
    doc = nlp(text)
    actors, _ = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    coded = {a.id: (a.country, a.sector) for a in actors}
    assert coded["x:former_iraqi_minister"] == ("IRQ", "ELI")
    assert coded["irq"] == ("IRQ", "GOV")


def test_capitals_only_as_metonyms(nlp: Language) -> None:
    assert ids(nlp, "Washington said it would respond.") == ["usa"]
    assert ids(nlp, "The talks in Washington ended.") == []
    got = spans(nlp, "The Baghdad government and Cairo's security chief met.")
    assert [k for _, k, _ in got] == ["irq", "egy"]


def test_title_descriptions_resolve_to_office_holders(nlp: Language) -> None:
    text = (
        "Foreign Secretary Philip Hammond arrived. The Foreign Secretary said the Minister agreed."
    )
    got = spans(nlp, text)
    assert got[0] == ("Foreign Secretary Philip Hammond", "philip_hammond", "GOV")
    assert got[1] == ("The Foreign Secretary", "philip_hammond", "GOV")
    assert got[2] == ("the Minister", "x:minister", "GOV")


def test_description_heads_must_match_the_antecedent(nlp: Language) -> None:
    got = spans(nlp, "US-led coalition jets struck ISIS. The coalition said the group lost ground.")
    assert [(t, k) for t, k, _ in got][2:] == [("The coalition", "cjtf_oir"), ("the group", "isis")]


def test_unknown_actor_counts(nlp: Language) -> None:
    from sitrep.resolve.actors import unknown_actor_counts

    text = "Masked men attacked a checkpoint. Later masked men fled and civilians returned."
    doc = nlp(text)
    actors, _ = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    counts = unknown_actor_counts(actors)
    assert counts[0][0] == "x:masked_men" and counts[0][2] == 2


def test_short_acronyms_in_capitalised_headlines_are_words(nlp: Language) -> None:
    assert ids(nlp, "WHAT IS NEXT FOR US AND THEM") == []
    assert "isis" in ids(nlp, "Iraqi forces said IS fighters fled")
