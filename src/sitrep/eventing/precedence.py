"""ACLED context of one sentence: crowd attackers and which code a sentence's events share.

ACLED codes one event per interaction, and its definitions rank the sub-event types
that a single report can support:

* a change of territorial control outranks the fighting that brought it ("retook the town
  after days of fighting" is Government regains territory, not an Armed clash);
* violent demonstrators make the whole demonstration a riot, whatever the police then
  did ("rioters hurled stones at troops, who responded with tear gas");
* otherwise a peaceful protest met by force is coded as the intervention.

A crowd noun as the subject of violence ("a crowd beat ...", "supporters of X set fire
to ...") gives the attacker's ACLED actor type when the actor stage typed nobody:
rioters (5, a spontaneous mob) or protesters (6, demonstrators).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from sitrep.eventing.arguments import np_tokens
from sitrep.eventing.nouns import NounLexicon
from sitrep.model import AcledCode, Event

RIOTER, PROTESTER = 5, 6
PROTEST_VERBS = frozenset({"protest", "demonstrate", "riot", "rally", "march"})
PROTEST_SUBS = frozenset(
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
)
INTERVENTION_SUBS = frozenset({"Protest with intervention", "Excessive force against protesters"})
RIOT_SUB = "Violent demonstration"
TERRITORY_SUBS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
CLASH_SUB = "Armed clash"


def _subject(tok: Token) -> Token | None:
    """The subject of the clause of ``tok`` (up through coordinated verbs)."""
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ == "nsubj":
                return c
        if cur.dep_ != "conj" or cur.head is cur:
            return None
        cur = cur.head
    return None


def crowd_inter(head: Token, nouns: NounLexicon, at_protest: bool) -> int | None:
    """ACLED actor type of a crowd acting as the subject of ``head``, or None.

    Demonstrators ("youths protesting a curfew", "supporters of X") are protesters (6); a
    mob, crowd or vigilantes are rioters (5), or protesters where the sentence reports a
    protest.
    """
    subject = _subject(head)
    if subject is None:
        return None
    best: int | None = None
    for t in np_tokens(subject, with_clauses=True):
        if t.pos_ == "VERB" and t.lemma_.lower() in PROTEST_VERBS:
            return PROTESTER
        inter = nouns.crowd(t)
        if inter is not None and (best is None or inter > best):
            best = inter
    if best == RIOTER and at_protest:
        return PROTESTER
    return best


def _code(event: Event) -> str | None:
    return event.acled.sub_event_type if event.acled is not None else None


def _first(events: Iterable[Event], subs: frozenset[str]) -> AcledCode | None:
    return next((e.acled for e in events if e.acled is not None and _code(e) in subs), None)


def sentence_precedence(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Events of one sentence that describe one ACLED interaction share its code."""
    by_sent: dict[tuple[int, int], list[Event]] = {}
    for e in events:
        by_sent.setdefault(e.evidence, []).append(e)
    rewrite: dict[str, AcledCode] = {}
    for group in by_sent.values():
        if len(group) < 2:
            continue
        riot = _first(group, frozenset({RIOT_SUB}))
        protest_code = riot or _first(group, INTERVENTION_SUBS)
        territory = _first(group, TERRITORY_SUBS)
        for e in group:
            sub = _code(e)
            if protest_code is not None and (
                (e.type == "PROTEST" and sub in PROTEST_SUBS)
                or (riot is not None and sub in INTERVENTION_SUBS)
            ):
                rewrite[e.id] = protest_code
            elif territory is not None and sub == CLASH_SUB:
                rewrite[e.id] = territory
    if not rewrite:
        return events
    return tuple(replace(e, acled=rewrite[e.id]) if e.id in rewrite else e for e in events)
