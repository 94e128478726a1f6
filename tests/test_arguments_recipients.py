"""Recipient rules of event arguments on real parses: complements, light verbs, "from"
phrases, the territory an act is done in, grievances, addressees of demands."""

from __future__ import annotations

from typing import Any

from sitrep.eventing.arguments import Args, build_index, extract_arguments
from sitrep.model import Article
from sitrep.resolve.actors import resolve_actors
from sitrep.resolve.places import resolve_places


def args_of(nlp: Any, resources: Any, text: str, trigger: str, typ: str) -> Args:
    doc = nlp(text)
    article = Article(id="t", text=text)
    actors, _ = resolve_actors(doc, article, resources.kb)
    places = resolve_places(doc, article, resources.gazetteer, actors)
    index = build_index(doc, actors, places)
    head = next(t for t in doc if t.text == trigger)
    return extract_arguments(head, typ, False, index)


def test_recipient_of_a_complement_verb(nlp: Any, resources: Any) -> None:
    text = "Turkey offered to hand over to Germany three suspects wanted for fraud."
    assert args_of(nlp, resources, text, "offered", "AGREE").recipients == ["deu"]


def test_with_phrase_of_a_lodged_complaint(nlp: Any, resources: Any) -> None:
    text = "Greece lodged a formal protest with Turkey on Monday."
    assert "tur" in args_of(nlp, resources, text, "protest", "PROTEST").recipients


def test_withdrawal_from_a_country(nlp: Any, resources: Any) -> None:
    text = "Russia announced the withdrawal of its troops from Georgia."
    assert args_of(nlp, resources, text, "withdrawal", "RETREAT").recipients == ["geo"]


def test_country_an_act_is_done_in_is_a_weak_recipient(nlp: Any, resources: Any) -> None:
    args = args_of(nlp, resources, "Ethiopia lifted the curfew in Somalia.", "lifted", "CONCEDE")
    assert args.recipients == ["som"] and args.recipient_fallback


def test_place_of_an_attack_is_not_its_victim(nlp: Any, resources: Any) -> None:
    text = "Rebels attacked a convoy in Mali on Sunday."
    assert "mli" not in args_of(nlp, resources, text, "attacked", "ASSAULT").recipients


def test_protest_targets_the_author_of_the_decision(nlp: Any, resources: Any) -> None:
    text = "Farmers began a hunger strike to protest against Canada's decision to close the port."
    assert args_of(nlp, resources, text, "strike", "PROTEST").recipients == ["can"]


def test_addressee_of_a_demand_is_the_subject_of_the_demanded_clause(
    nlp: Any, resources: Any
) -> None:
    text = "Egypt demanded that Israel withdraw its forces."
    assert args_of(nlp, resources, text, "demanded", "REQUEST").recipients == ["isr"]


def test_the_reporter_is_no_fallback_recipient(nlp: Any, resources: Any) -> None:
    text = "The union demanded higher wages, the Kenyan labour ministry said."
    assert args_of(nlp, resources, text, "demanded", "REQUEST").recipients == []


def test_protest_targets_the_signer_of_the_law(nlp: Any, resources: Any) -> None:
    text = "Teachers went on strike over a pay law signed by Kenya's president."
    assert args_of(nlp, resources, text, "strike", "PROTEST").recipients == ["ken"]


def test_protest_targets_the_one_it_sets_out_to_sway(nlp: Any, resources: Any) -> None:
    text = "Activists staged a rally to urge Kenya to release the prisoners."
    assert args_of(nlp, resources, text, "rally", "PROTEST").recipients == ["ken"]
