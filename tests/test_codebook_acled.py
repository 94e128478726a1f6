"""ACLED and UCDP crosswalks of Codebook.code: a decision table over constructed arguments."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sitrep.knowledge.codebook import Codebook, load_codebook
from sitrep.model import AcledCode, Magnitude

STATE, REBEL, MILITIA, IDENTITY, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook()


@dataclass(frozen=True)
class Case:
    type: str
    mode: str | None
    actors: tuple[int | None, ...] = ()
    recipients: tuple[int | None, ...] = ()
    sectors: tuple[str | None, ...] = ()
    contexts: tuple[str, ...] = ()
    magnitude: Magnitude | None = None
    two_sided: bool = False
    territory: str | None = None
    expected: tuple[str, int | None, int | None] | None = None  # sub-event type, inter1, inter2
    ucdp: int | None = None


def run(cb: Codebook, c: Case) -> tuple[AcledCode | None, int | None]:
    coding = cb.code(
        c.type,
        c.mode,
        actor_inters=c.actors,
        recipient_inters=c.recipients or (None,) * len(c.sectors),
        recipient_sectors=c.sectors,
        contexts=c.contexts,
        magnitude=c.magnitude,
        two_sided=c.two_sided,
        territory=c.territory,
    )
    return coding.acled, coding.ucdp_type


CASES: dict[str, Case] = {
    # Battles: two organised armed groups
    "armed clash, two-sided": Case(
        "ASSAULT", None, (STATE, REBEL), two_sided=True, expected=("Armed clash", 1, 2), ucdp=1
    ),
    "armed clash, militia on rebels": Case(
        "ASSAULT", "firearms", (MILITIA,), (REBEL,), expected=("Armed clash", 3, 2), ucdp=2
    ),
    "armed clash, rebels on troops by sector": Case(
        "ASSAULT", "firearms", (REBEL,), sectors=("MIL",), expected=("Armed clash", 2, 1), ucdp=1
    ),
    "armed clash, legacy FIGHT": Case(
        "FIGHT", None, (IDENTITY, MILITIA), two_sided=True, expected=("Armed clash", 4, 3), ucdp=2
    ),
    "government regains territory": Case(
        "ASSAULT",
        None,
        (STATE, REBEL),
        two_sided=True,
        territory="regained",
        expected=("Government regains territory", 1, 2),
        ucdp=1,
    ),
    "non-state actor overtakes territory": Case(
        "ASSAULT",
        "firearms",
        (REBEL,),
        (STATE,),
        territory="captured",
        expected=("Non-state actor overtakes territory", 2, 1),
        ucdp=1,
    ),
    # Explosions/Remote violence: the weapon decides, before Battles and VAC
    "air strike on rebels": Case(
        "ASSAULT", "aerial", (EXTERNAL,), (REBEL,), expected=("Air/drone strike", 8, 2), ucdp=1
    ),
    "drone strike on civilians": Case(
        "ASSAULT", "drone", (STATE,), (CIVILIANS,), expected=("Air/drone strike", 1, 7), ucdp=3
    ),
    "suicide bomb": Case(
        "ASSAULT",
        "suicide-attack",
        (REBEL,),
        sectors=("CVL",),
        expected=("Suicide bomb", 2, 7),
        ucdp=3,
    ),
    "shelling": Case(
        "ASSAULT",
        "heavy-weapons",
        (STATE,),
        (REBEL,),
        expected=("Shelling/artillery/missile attack", 1, 2),
        ucdp=1,
    ),
    "IED, no recipient": Case(
        "ASSAULT", "explosives", (None,), expected=("Remote explosive/landmine/IED", None, 0)
    ),
    "grenade refinement": Case(
        "ASSAULT", "grenade", (MILITIA,), (CIVILIANS,), expected=("Grenade", 3, 7), ucdp=3
    ),
    "chemical weapon by mode": Case(
        "ASSAULT",
        "unconventional",
        (STATE,),
        (REBEL,),
        expected=("Chemical weapon", 1, 2),
        ucdp=1,
    ),
    "chemical weapon by cbrn context": Case(
        "ASSAULT",
        None,
        (STATE,),
        (CIVILIANS,),
        contexts=("military", "cbrn"),
        expected=("Chemical weapon", 1, 7),
        ucdp=3,
    ),
    "artillery exchanged in a two-sided fight stays a battle": Case(
        "ASSAULT",
        "heavy-weapons",
        (STATE, STATE),
        two_sided=True,
        expected=("Armed clash", 1, 1),
        ucdp=1,
    ),
    "air strike in a two-sided fight is still remote": Case(
        "ASSAULT",
        "aerial",
        (STATE, REBEL),
        two_sided=True,
        expected=("Air/drone strike", 1, 2),
        ucdp=1,
    ),
    # Violence against civilians: organised (or unidentified) attacker, civilian victims
    "attack on civilians": Case(
        "ASSAULT", "firearms", (REBEL,), (CIVILIANS,), expected=("Attack", 2, 7), ucdp=3
    ),
    "attack on journalists by sector": Case(
        "ASSAULT", "targeted", (STATE,), sectors=("JRN",), expected=("Attack", 1, 7), ucdp=3
    ),
    "unidentified gunmen kill civilians": Case(
        "ASSAULT", "firearms", (None,), sectors=("CVL",), expected=("Attack", None, 7), ucdp=None
    ),
    "abduction": Case(
        "ASSAULT",
        "abduct",
        (IDENTITY,),
        (CIVILIANS,),
        expected=("Abduction/forced disappearance", 4, 7),
        ucdp=3,
    ),
    "sexual violence": Case(
        "ASSAULT", "sexual", (STATE,), (CIVILIANS,), expected=("Sexual violence", 1, 7), ucdp=3
    ),
    "torture, victim unknown": Case(
        "ASSAULT", "torture", (MILITIA,), expected=("Attack", 3, 7), ucdp=None
    ),
    "combatants captured are not an abduction": Case(
        "ASSAULT", "abduct", (STATE,), (REBEL,), expected=("Armed clash", 1, 2), ucdp=1
    ),
    "soldiers and civilians hit: organised target wins": Case(
        "ASSAULT", "firearms", (REBEL,), (STATE, CIVILIANS), expected=("Armed clash", 2, 1), ucdp=1
    ),
    # Protests and Riots
    "peaceful protest": Case(
        "PROTEST", "demo", (PROTESTERS,), (STATE,), expected=("Peaceful protest", 6, 0)
    ),
    "peaceful protest, no mode, actor type unknown": Case(
        "PROTEST", None, (None,), expected=("Peaceful protest", 6, 0)
    ),
    "strike is a protest": Case("PROTEST", "strike", (None,), expected=("Peaceful protest", 6, 0)),
    "protest dispersed by arrests": Case(
        "COERCE",
        "arrest",
        (STATE,),
        (PROTESTERS,),
        expected=("Protest with intervention", 6, 1),
    ),
    "protest dispersed with tear gas": Case(
        "ASSAULT",
        "crowd-control",
        (STATE,),
        (PROTESTERS,),
        expected=("Protest with intervention", 6, 1),
        ucdp=None,
    ),
    "tear gas that kills is excessive force": Case(
        "ASSAULT",
        "crowd-control",
        (STATE,),
        (PROTESTERS,),
        magnitude=Magnitude(killed=2),
        expected=("Excessive force against protesters", 6, 1),
        ucdp=3,
    ),
    "live fire on protesters": Case(
        "ASSAULT",
        "firearms",
        (STATE,),
        (PROTESTERS,),
        expected=("Excessive force against protesters", 6, 1),
        ucdp=3,
    ),
    "riot": Case("PROTEST", "riot", (RIOTERS,), expected=("Violent demonstration", 5, 0)),
    "vandalism is a violent demonstration": Case(
        "PROTEST", "vandalize", (None,), expected=("Violent demonstration", 5, 0)
    ),
    "protesters attack police": Case(
        "ASSAULT", "primitive", (PROTESTERS,), (STATE,), expected=("Violent demonstration", 5, 1)
    ),
    "police against rioters": Case(
        "ASSAULT", "beat", (STATE,), (RIOTERS,), expected=("Violent demonstration", 5, 1)
    ),
    "mob violence": Case(
        "ASSAULT", "primitive", (RIOTERS,), (CIVILIANS,), expected=("Mob violence", 5, 7)
    ),
    "civilians lynch a man": Case(
        "ASSAULT", "beat", (CIVILIANS,), (CIVILIANS,), expected=("Mob violence", 5, 7)
    ),
    # Strategic developments
    "agreement": Case("AGREE", None, (STATE,), (REBEL,), expected=("Agreement", 1, 2)),
    "prisoner release": Case("RETREAT", "release", (REBEL,), expected=("Agreement", 2, 0)),
    "implemented ceasefire": Case(
        "RETREAT", "ceasefire", (STATE, REBEL), two_sided=True, expected=("Agreement", 1, 2)
    ),
    "arrests": Case("COERCE", "arrest", (STATE,), (REBEL,), expected=("Arrests", 1, 2)),
    "arrest of a civilian": Case(
        "COERCE", "arrest", (STATE,), sectors=("JRN",), expected=("Arrests", 1, 7)
    ),
    "deployment": Case("MOBILIZE", "troops", (STATE,), expected=("Change to group/activity", 1, 0)),
    "militia mobilises, no mode": Case(
        "MOBILIZE", None, (MILITIA,), expected=("Change to group/activity", 3, 0)
    ),
    "base established": Case(
        "MOBILIZE", "base", (EXTERNAL,), expected=("Headquarters or base established", 8, 0)
    ),
    "weapons seized": Case("COERCE", "defuse", (STATE,), expected=("Disrupted weapons use", 1, 0)),
    "looting": Case(
        "COERCE",
        "seize",
        (MILITIA,),
        sectors=("BUS",),
        expected=("Looting/property destruction", 3, 7),
    ),
    "destruction without victims": Case(
        "ASSAULT",
        "destroy",
        (REBEL,),
        expected=("Looting/property destruction", 2, 0),
        ucdp=None,
    ),
    "destruction that kills is violence": Case(
        "ASSAULT",
        "destroy",
        (REBEL,),
        (CIVILIANS,),
        magnitude=Magnitude(killed=3),
        expected=("Attack", 2, 7),
        ucdp=3,
    ),
    "withdrawal hands over territory": Case(
        "RETREAT",
        "withdraw",
        (STATE,),
        territory="transferred",
        expected=("Non-violent transfer of territory", 1, 0),
    ),
    "troops move into a ceded town": Case(
        "MOBILIZE",
        "troops",
        (REBEL,),
        territory="captured",
        expected=("Non-violent transfer of territory", 2, 0),
    ),
    "withdrawal without territory": Case("RETREAT", "withdraw", (STATE,), expected=("Other", 1, 0)),
    "curfew": Case("COERCE", "curfew", (STATE,), expected=("Other", 1, 0)),
    # refinements and rules added for the ACLED definitions (issue 5)
    "signed ceasefire is an agreement": Case(
        "SUPPORT", "sign", (STATE,), (REBEL,), expected=("Agreement", 1, 2)
    ),
    "group suspends its operations": Case(
        "RETREAT", "suspend", (MILITIA,), expected=("Change to group/activity", 3, 0)
    ),
    "unnamed side retakes a town": Case(
        "ASSAULT",
        None,
        (None,),
        (REBEL,),
        territory="regained",
        expected=("Government regains territory", None, 2),
        ucdp=None,
    ),
    "unnamed kidnappers of armed men": Case(
        "ASSAULT",
        "abduct",
        (None,),
        (MILITIA,),
        expected=("Abduction/forced disappearance", None, 7),
        ucdp=None,
    ),
    "seizure of protesters' property is not a dispersal": Case(
        "COERCE", "seize", (REBEL,), (PROTESTERS,), expected=("Looting/property destruction", 2, 6)
    ),
    "arrest of protesters is an intervention": Case(
        "COERCE", "arrest", (STATE,), (PROTESTERS,), expected=("Protest with intervention", 6, 1)
    ),
    "chemical agent in any delivery": Case(
        "ASSAULT",
        "unconventional",
        (REBEL,),
        sectors=("MIL",),
        expected=("Chemical weapon", 2, 1),
        ucdp=1,
    ),
    "machete killing of unnamed victims": Case(
        "ASSAULT", "primitive", (REBEL,), expected=("Attack", 2, 7), ucdp=None
    ),
}

NOT_CODED = {
    "talks": Case("CONSULT", "visit", (STATE,), (STATE,)),
    "support": Case("SUPPORT", None, (STATE,), (STATE,)),
    "concession": Case("CONCEDE", None, (STATE,)),
    "cooperation": Case("COOPERATE", None, (STATE,), (STATE,)),
    "aid": Case("AID", None, (EXTERNAL,), (STATE,)),
    "demand": Case("REQUEST", "yield", (STATE,), (REBEL,)),
    "legacy demand": Case("DEMAND", None, (STATE,), (REBEL,)),
    "accusation": Case("ACCUSE", "allege", (STATE,), (REBEL,)),
    "investigation": Case("INVESTIGATE", None, (STATE,)),
    "refusal": Case("REJECT", "meet", (REBEL,), (STATE,)),
    "threat": Case("THREATEN", "violence", (REBEL,), (STATE,)),
    "sanction": Case("SANCTION", "discontinue", (STATE,), (STATE,)),
    "boycott": Case("PROTEST", "boycott", (PROTESTERS,)),
    "censorship": Case("COERCE", "censor", (STATE,)),
    "resignation": Case("RETREAT", "resign", (STATE,)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_acled_decision_table(cb: Codebook, name: str) -> None:
    case = CASES[name]
    acled, ucdp = run(cb, case)
    assert case.expected is not None
    sub, inter1, inter2 = case.expected
    assert acled is not None, name
    assert (acled.sub_event_type, acled.inter1, acled.inter2) == (sub, inter1, inter2)
    assert acled.event_type == cb.acled_subtypes[sub]
    assert ucdp == case.ucdp


def test_decision_table_covers_all_25_sub_event_types(cb: Codebook) -> None:
    covered = {c.expected[0] for c in CASES.values() if c.expected is not None}
    assert covered == set(cb.acled_subtypes)


@pytest.mark.parametrize("name", list(NOT_CODED))
def test_verbal_and_uncoded_types_have_no_acled_code(cb: Codebook, name: str) -> None:
    acled, ucdp = run(cb, NOT_CODED[name])
    assert acled is None
    assert ucdp is None


def test_coding_carries_plover_crosswalks(cb: Codebook) -> None:
    coding = cb.code(
        "ASSAULT", "aerial", actor_inters=[8], recipient_inters=[2], recipient_sectors=["REB"]
    )
    assert (coding.cameo, coding.quad, coding.score) == ("19", 4, -9.5)
    demand = cb.code("DEMAND", None, actor_inters=[1], recipient_inters=[], recipient_sectors=[])
    assert (demand.cameo, demand.quad, demand.score, demand.acled) == ("10", 3, 0.0, None)


def test_inter2_zero_without_recipient_and_none_when_unknown(cb: Codebook) -> None:
    def inter2(recipients: list[int | None], sectors: list[str | None]) -> int | None:
        coding = cb.code(
            "ASSAULT",
            "aerial",
            actor_inters=[1],
            recipient_inters=recipients,
            recipient_sectors=sectors,
        )
        assert coding.acled is not None
        return coding.acled.inter2

    assert inter2([], []) == 0
    assert inter2([None], [None]) is None
    assert inter2([None], ["GOV"]) is None  # a government as target: ACLED type unknown
    assert inter2([None], ["UAF"]) == 3  # unidentified armed group
    assert inter2([None, 2], [None, "REB"]) == 2  # first known


def test_recipient_inter_wins_over_sector(cb: Codebook) -> None:
    coding = cb.code(
        "ASSAULT", "firearms", actor_inters=[2], recipient_inters=[1], recipient_sectors=["CVL"]
    )
    assert coding.acled is not None and coding.acled.event_type == "Battles"


@pytest.mark.parametrize(
    ("actors", "recipients", "two_sided", "expected"),
    [
        ([1], [2], False, 1),  # state vs rebels
        ([8], [3], False, 1),  # foreign forces vs militia
        ([1, 1], [], True, 1),  # interstate
        ([2], [4], False, 2),  # rebels vs identity militia
        ([3, 2], [], True, 2),
        ([2], [7], False, 3),  # one-sided
        ([1], [6], False, 3),  # lethal force on protesters
        ([None], [7], False, None),  # perpetrator unknown
        ([5], [7], False, None),  # rioters are not an organised group
        ([1, None], [], True, None),  # other side unknown
        ([1], [], False, None),  # no recipient
    ],
)
def test_ucdp_type_of_violence(
    cb: Codebook,
    actors: list[int | None],
    recipients: list[int | None],
    two_sided: bool,
    expected: int | None,
) -> None:
    coding = cb.code(
        "ASSAULT",
        "firearms",
        actor_inters=actors,
        recipient_inters=recipients,
        recipient_sectors=[None] * len(recipients),
        two_sided=two_sided,
    )
    assert coding.ucdp_type == expected


def test_non_violent_types_have_no_ucdp_type(cb: Codebook) -> None:
    for t in cb.types:
        if t == "ASSAULT":
            continue
        coding = cb.code(t, None, actor_inters=[1], recipient_inters=[2], recipient_sectors=[None])
        assert coding.ucdp_type is None, t


def test_bad_arguments_raise(cb: Codebook) -> None:
    with pytest.raises(ValueError, match="territory"):
        cb.code(
            "ASSAULT",
            None,
            actor_inters=[1],
            recipient_inters=[],
            recipient_sectors=[],
            territory="lost",
        )
    with pytest.raises(ValueError, match="unknown PLOVER event type"):
        cb.code("PARTY", None, actor_inters=[], recipient_inters=[], recipient_sectors=[])


def test_no_actor_at_all(cb: Codebook) -> None:
    # one-sided violence by and on nobody named: ACLED's unidentified armed group attacking
    # unnamed victims ("a man was found shot dead")
    coding = cb.code("ASSAULT", None, actor_inters=[], recipient_inters=[], recipient_sectors=[])
    assert coding.acled == AcledCode("Violence against civilians", "Attack", None, 7)
    assert coding.ucdp_type is None
    # fighting between sides nobody named is still a battle
    fight = cb.code(
        "ASSAULT", None, actor_inters=[], recipient_inters=[], recipient_sectors=[], two_sided=True
    )
    assert fight.acled == AcledCode("Battles", "Armed clash", None, 0)
