"""ACLED and UCDP derivation rules over a PLOVER coding (the logic behind ``Codebook.code``).

The tables come from ``sitrep/data/codebook/acled.yaml`` and ``ucdp.yaml`` (see
:mod:`sitrep.knowledge.codebook`); this module only holds the decision order that
ACLED's and UCDP's definitions impose:

1. PROTEST -> Protests / Riots by mode; ACLED protest actors are always inter 6, rioters 5.
2. COERCE on protesters with a dispersal mode (arrest, restrict, ...) -> Protest with
   intervention; a seizure of their property is not one.
3. ASSAULT: a remote weapon (mode or cbrn context) -> Explosions/Remote violence, except
   artillery in two-sided fighting; a protester, rioter or civilian attacker -> Riots;
   destruction without victims -> Looting/property destruction; an armed attacker on
   protesters -> Protest with intervention (crowd control, nobody killed) or Excessive
   force; on civilians -> Violence against civilians (by mode); on rioters -> Violent
   demonstration; a victim-only mode (abduct, torture, ...) with an unknown victim or an
   unnamed perpetrator -> Violence against civilians; neither side known in one-sided
   violence -> Violence against civilians (ACLED's unidentified armed group on unnamed
   victims); otherwise Battles, which needs two organised armed sides to be an Armed clash
   (territory regained/captured -> the territory sub-event types; an unnamed side that
   regains a place is taken to be the government). An unknown attacker counts as an
   unidentified armed group.
4. COERCE, MOBILIZE, RETREAT withdraw with a territory change -> Non-violent transfer.
5. Everything else -> the Strategic developments table of its PLOVER type, or None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sitrep.model import AcledCode, Magnitude

NO_MODE = "-"  # key for "no mode" in the rule tables of acled.yaml
ANY_MODE = "*"  # key for "any other mode"
TERRITORY = ("regained", "captured", "transferred")
BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
RIOTER, PROTESTER, CIVILIAN = 5, 6, 7


@dataclass(frozen=True, slots=True)
class AcledRules:
    subtypes: Mapping[str, str]  # sub-event type -> event type
    organised: frozenset[int]
    state: frozenset[int]
    sector_inters: Mapping[str, int]
    remote_modes: Mapping[str, str]
    remote_contexts: Mapping[str, str]
    two_sided_battle_modes: frozenset[str]
    civilian_modes: Mapping[str, str]
    civilian_default: str
    victim_modes: frozenset[str]
    intervention_modes: frozenset[str]
    intervention_coerce_modes: frozenset[str]
    protest_modes: Mapping[str, str | None]
    strategic: Mapping[str, Mapping[str, str | None]]
    notes: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class UcdpRules:
    names: Mapping[int, str]
    violent_types: frozenset[str]
    state: frozenset[int]
    non_state: frozenset[int]
    civilian: frozenset[int]


@dataclass(frozen=True, slots=True)
class Sides:
    """ACLED actor types of the two sides of an event (unknown inters kept as None)."""

    a1: int | None  # the actor's inter
    other: tuple[int | None, ...]  # the recipients (or, two-sided, the other actors)

    @property
    def known(self) -> tuple[int, ...]:
        return tuple(i for i in self.other if i is not None)

    def inter2(self) -> int | None:
        """The first known inter of the other side; None if unknown, 0 if there is none."""
        known = self.known
        if known:
            return known[0]
        return None if self.other else 0


def make_sides(
    rules: AcledRules,
    actor_inters: Sequence[int | None],
    recipient_inters: Sequence[int | None],
    recipient_sectors: Sequence[str | None],
    two_sided: bool,
) -> Sides:
    """Pair actors and recipients; a recipient's unknown inter comes from its sector."""
    recipients: list[int | None] = []
    for i in range(max(len(recipient_inters), len(recipient_sectors))):
        inter = recipient_inters[i] if i < len(recipient_inters) else None
        sector = recipient_sectors[i] if i < len(recipient_sectors) else None
        if inter is None and sector is not None:
            inter = rules.sector_inters.get(sector.upper())
        recipients.append(inter)
    if two_sided and actor_inters:
        a1 = actor_inters[0]
        rest = [*actor_inters[1:], *recipients]
        rest.sort(key=lambda i: (i is None, i == a1))  # the opposing side's telling inter first
        return Sides(a1, tuple(rest))
    return Sides(next((i for i in actor_inters if i is not None), None), tuple(recipients))


def _lookup(table: Mapping[str, str | None], mode: str | None, pmode: str | None) -> str | None:
    if mode is None:
        return table.get(NO_MODE)
    for key in (mode, pmode):
        if key is not None and key in table:
            return table[key]
    return table.get(ANY_MODE)


def _make(rules: AcledRules, sub: str | None, i1: int | None, i2: int | None) -> AcledCode | None:
    return None if sub is None else AcledCode(rules.subtypes[sub], sub, i1, i2)


def acled_code(
    rules: AcledRules,
    type: str,
    mode: str | None,
    pmode: str | None,
    sides: Sides,
    *,
    contexts: Sequence[str],
    magnitude: Magnitude | None,
    two_sided: bool,
    territory: str | None,
) -> AcledCode | None:
    """The ACLED code of a PLOVER (type, mode); ``pmode`` is the PLOVER mode of ``mode``."""
    known = sides.known
    if type == "PROTEST":
        sub = _lookup(rules.protest_modes, mode, pmode)
        if sub == "Peaceful protest":
            return _make(rules, sub, PROTESTER, 0)
        return _make(rules, sub, RIOTER, sides.inter2())
    if (
        type == "COERCE"
        and PROTESTER in known
        and not any(i in rules.organised for i in known)
        and (pmode or NO_MODE) in rules.intervention_coerce_modes
    ):
        return _make(rules, "Protest with intervention", PROTESTER, sides.a1)
    if type == "ASSAULT":
        return _assault(rules, mode, pmode, sides, contexts, magnitude, two_sided, territory)
    if territory is not None and (
        type in ("COERCE", "MOBILIZE") or (type == "RETREAT" and pmode in (None, "withdraw"))
    ):
        return _make(rules, "Non-violent transfer of territory", sides.a1, sides.inter2())
    sub = _lookup(rules.strategic.get(type, {}), mode, pmode)
    return _make(rules, sub, sides.a1, sides.inter2())


def _assault(
    rules: AcledRules,
    mode: str | None,
    pmode: str | None,
    sides: Sides,
    contexts: Sequence[str],
    magnitude: Magnitude | None,
    two_sided: bool,
    territory: str | None,
) -> AcledCode | None:
    a1, known, inter2 = sides.a1, sides.known, sides.inter2()
    remote = rules.remote_modes.get(mode or "") or next(
        (rules.remote_contexts[c] for c in contexts if c in rules.remote_contexts), None
    )
    if remote is not None and not (two_sided and pmode in rules.two_sided_battle_modes):
        return _make(rules, remote, a1, inter2)
    if a1 == PROTESTER:
        return _make(rules, "Violent demonstration", RIOTER, inter2)
    if a1 in (RIOTER, CIVILIAN):
        return _make(rules, "Mob violence", RIOTER, inter2)
    killed = magnitude.killed if magnitude is not None else None
    injured = magnitude.injured if magnitude is not None else None
    if pmode == "destroy" and not two_sided and not killed and not injured:
        return _make(rules, _lookup(rules.strategic["ASSAULT"], mode, pmode), a1, inter2)
    civilian_sub = rules.civilian_modes.get(pmode or "", rules.civilian_default)
    if known and not any(i in rules.organised for i in known):
        if PROTESTER in known:
            gentle = pmode in rules.intervention_modes and not killed
            sub = "Protest with intervention" if gentle else "Excessive force against protesters"
            return _make(rules, sub, PROTESTER, a1)
        if CIVILIAN in known:
            return _make(rules, civilian_sub, a1, CIVILIAN)
        if RIOTER in known:
            return _make(rules, "Violent demonstration", RIOTER, a1)
    if (
        (not known or a1 is None)
        and not two_sided
        and territory is None
        and pmode in rules.victim_modes
    ):
        # abductions, executions, beatings by someone unnamed: the victims are defenceless
        return _make(rules, civilian_sub, a1, CIVILIAN)
    if a1 is None and not known and not two_sided and territory is None:
        # "a man was found shot dead": an unidentified armed group on unnamed victims
        return _make(rules, civilian_sub, a1, CIVILIAN)
    if territory in ("regained", "captured"):
        # an unnamed side that "retakes" a place is, in news usage, the government
        state = a1 in rules.state or (a1 is None and territory == "regained")
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return _make(rules, sub, a1, inter2)
    return _make(rules, "Armed clash", a1, inter2)


def ucdp_type(rules: UcdpRules, type: str, sides: Sides, acled: AcledCode | None) -> int | None:
    """UCDP type of violence: 1 state-based, 2 non-state, 3 one-sided, None otherwise."""
    a1, known = sides.a1, sides.known
    if type not in rules.violent_types or a1 is None:
        return None
    if acled is not None and (
        acled.event_type == STRATEGIC or acled.sub_event_type == "Protest with intervention"
    ):
        return None  # no lethal violence: destruction without victims, dispersal
    if a1 not in rules.state and a1 not in rules.non_state:
        return None
    armed = [i for i in known if i in rules.state or i in rules.non_state]
    if armed:
        return 1 if a1 in rules.state or any(i in rules.state for i in armed) else 2
    if any(i in rules.civilian for i in known):
        return 3
    return None
