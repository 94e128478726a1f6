"""Narratives across articles and contested claims within one (plain records, no model)."""

from __future__ import annotations

from typing import Any

from sitrep.claims import Narrative, contested_claims, group_claims
from sitrep.model import Claim


def claim(cid: str, claimant: str | None, stance: Any, about: tuple[str, ...]) -> Claim:
    return Claim(
        id=cid, claimant=claimant, cue="x", stance=stance, about=about, content=(0, 1), events=()
    )


def test_group_by_target_and_predicate_across_articles() -> None:
    items = [
        ("a1", claim("c1", "x:state_tv", "accuse", ("usa",)), "the US is arming ISIS"),
        ("a2", claim("c4", "x:news_agency", "assert", ("usa",)), "Washington supports ISIS"),
        ("a2", claim("c5", "usa", "deny", ("usa",)), "denied it supplied the group"),
        ("a3", claim("c2", "reuters", "report", ("usa",)), "US jets struck a depot"),
        ("a3", claim("c3", None, "report", ("tur",)), "Turkey is arming the rebels"),
    ]
    narratives = group_claims(items)
    assert all(isinstance(n, Narrative) for n in narratives)
    usa_aid = next(n for n in narratives if n.about == ("usa",) and n.predicate == "aid")
    assert usa_aid.claims == (("a1", "c1"), ("a2", "c4"), ("a2", "c5"))
    assert usa_aid.contested
    assert usa_aid.claimants == ("x:state_tv", "x:news_agency", "usa")
    attack = next(n for n in narratives if n.predicate == "attack")
    assert attack.claims == (("a3", "c2"),) and not attack.contested
    tur = next(n for n in narratives if n.about == ("tur",))
    assert tur.predicate == "aid" and tur.claims == (("a3", "c3"),)
    assert len({n.id for n in narratives}) == len(narratives)


def test_unknown_predicates_group_by_similarity() -> None:
    items = [
        ("a1", claim("c1", "x:a", "assert", ("irn",)), "Iran is keeping an eye on the border"),
        ("a2", claim("c1", "x:b", "assert", ("irn",)), "Iran keeping an eye on the border"),
        ("a3", claim("c1", "x:c", "assert", ("irn",)), "the weather in Tehran was mild"),
    ]
    narratives = group_claims(items)
    assert [n.claims for n in narratives] == [(("a1", "c1"), ("a2", "c1")), (("a3", "c1"),)]
    assert all(n.predicate == "other" and not n.contested for n in narratives)


def test_author_denial_contests_a_narrative_about_several_actors() -> None:
    items = [
        ("a1", claim("c1", "x:media", "accuse", ("pmu",)), "the militia of aiding the insurgents"),
        (
            "a1",
            claim("c2", None, "deny", ("usa", "pmu")),
            "Neither the US nor the militia aid them",
        ),
    ]
    narratives = group_claims(items)
    pmu = next(n for n in narratives if n.about == ("pmu",))
    assert pmu.contested and pmu.claimants == ("x:media", None)
    usa = next(n for n in narratives if n.about == ("usa",))
    assert not usa.contested


def test_contested_claims_within_an_article() -> None:
    text = "A accuses B of aiding C. D says B attacked E. B does not aid C."
    c1 = Claim("c1", "a", "accuse", "accuse", ("b",), (11, 23), ())
    c2 = Claim("c2", "d", "say", "assert", ("b",), (32, 43), ())
    c3 = Claim("c3", None, "not", "deny", ("b",), (45, 60), ())
    assert contested_claims((c1, c2, c3), text) == {"c1", "c3"}
    assert contested_claims((c1, c2, c3)) == {"c1", "c3"}
    same_voice = Claim("c4", "a", "deny", "deny", ("b",), (45, 60), ())
    assert contested_claims((c1, same_voice), text) == set()
    assert contested_claims(()) == set()


def test_claims_report_filters_and_renders() -> None:
    from sitrep.claiming.report import claims_report
    from sitrep.model import Article, Extraction

    text = "A accuses B of aiding C. D says B attacked E. B does not aid C."
    claims = (
        Claim("c1", "a", "accuse", "accuse", ("b",), (11, 23), ()),
        Claim("c2", "d", "say", "assert", ("e",), (32, 43), ()),
        Claim("c3", None, "not", "deny", ("b",), (45, 60), ()),
    )
    ex = Extraction(article=Article(id="art1", text=text), skipped=None, claims=claims)
    report = claims_report([ex])
    assert [r.claim.id for r in report.rows] == ["c1", "c2", "c3"]
    assert [r.contested for r in report.rows] == [True, False, True]
    assert report.rows[0].text == text[11:23]
    only = claims_report([ex], contested=True, about="b")
    assert [r.claim.id for r in only.rows] == ["c1", "c3"]
    assert all(n.contested and n.about == ("b",) for n in only.narratives)
    rendered = only.render()
    assert "CONTESTED" in rendered and "(author/unnamed)" in rendered and "c2" not in rendered
    assert claims_report([]).render() == "no claims"


def test_unrelated_wordings_in_other_articles_stay_apart() -> None:
    items = [
        ("a1", claim("c1", None, "deny", ("irn",)), "Neither the US nor Iran aid the insurgents"),
        (
            "a2",
            claim("c1", "x:treasury", "assert", ("irn",)),
            "militias exploit banks to fund attacks",
        ),
    ]
    narratives = group_claims(items)
    assert len(narratives) == 2 and not any(n.contested for n in narratives)
