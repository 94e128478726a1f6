"""Acts embedded in frames and results: which trigger shows an act, which acts inside a
frame stay events of their own, and which future attacks are threats.

* "strikes killed three", "were killed in a drone strike": the strike is the act, the
  killing its result (the merged event shows the act's trigger, keeps the magnitude);
* "rejected claims that ...", "spread rumours that ...", "denied that X had supplied
  ...": the reported act stays an event (the claims stage marks it denied/rumored);
* "warned that any attack would ...": a warning about someone else's act is no threat;
* a future attack is a THREAT only when whoever would carry it out announces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from sitrep.eventing.arguments import MentionIndex, subject_ids
from sitrep.eventing.modality import governor

if TYPE_CHECKING:
    from sitrep.eventing.assemble import Candidate

DENYING = frozenset({"deny", "denial"})

ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
# verbs that report casualties, the result of an act rather than the act itself
OUTCOME_LEMMAS = frozenset({"kill", "wound", "injure", "die", "slay", "maim"})


def is_outcome(doc: Doc, cand: Candidate) -> bool:
    """Is the candidate's shown trigger only a casualty outcome ("killed", "wounded")?"""
    return doc[cand.trigger.head].lemma_.lower() in OUTCOME_LEMMAS


def outcome_of(doc: Doc, into: Candidate, other: Candidate) -> bool:
    """Are ``into``'s casualties the result of the act ``other`` names, with no agent of
    their own ("strikes killed three", "were killed in a drone strike", "were killed when
    an IED struck")? Then the act is the event's trigger. "Fighters killed three in an
    attack" keeps its verb: the killing has its own agent."""
    if not is_outcome(doc, into) or is_outcome(doc, other):
        return False
    head = doc[into.trigger.head]
    act = range(other.trigger.start, other.trigger.end)
    noun = doc[other.trigger.head]
    if noun.dep_ == "nsubj" and any(
        c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in noun.children
    ):
        return False  # "The attack killed three": the act was told before; this tells the toll
    for child in head.children:
        if child.dep_ in ("nsubj", "agent") and child.i not in act:
            return False
    return True


# nouns naming what someone says happened: an act inside "rejected claims that ...",
# "spread rumours that ..." is a reported act (its own event), not the frame's content
CLAIM_NOUNS = frozenset(
    {
        "claim",
        "report",
        "allegation",
        "accusation",
        "rumour",
        "rumor",
        "suggestion",
        "assertion",
        "speculation",
        "story",
        "charge",
    }
)
# frames that announce a danger without committing the speaker to act
WARNING_LEMMAS = frozenset({"warn", "warning", "caution"})


def claimed(doc: Doc, frame: Candidate, inner: Candidate) -> bool:
    """Is the act reached from the frame through a claim noun ("denied reports that"), or
    a clause whose act is denied ("denied that Tehran had supplied the drones")?"""
    if inner.hit.entry.governs:
        return False
    tok = doc[inner.hit.head]
    if (
        frame.hit.entry.lemmas[0] in DENYING
        and tok.pos_ in ("VERB", "AUX")
        and tok.dep_ in ("ccomp", "xcomp", "pcomp")
    ):
        return True
    cur = doc[inner.hit.head]
    for _ in range(8):
        if cur.head is cur or cur.i == frame.hit.head:
            return False
        cur = cur.head
        if cur.i != frame.hit.head and cur.lemma_.lower() in CLAIM_NOUNS:
            return True
    return False


def warned_about(doc: Doc, frame: Candidate, inner: Candidate) -> bool:
    """A warning about an act that is not the speaker's own ("warned that any attack would
    cut off the port", "X warned that Y would invade") is no threat by the speaker: PLOVER
    keeps the act as a (hypothetical) event of its own."""
    if doc[frame.hit.head].lemma_.lower() not in WARNING_LEMMAS or inner.hit.entry.governs:
        return False
    tok = doc[inner.hit.head]
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    a, f = inner.args, frame.args
    return bool(
        a.has_subject
        and a.actors
        and not a.fallback
        and f.actors
        and not f.fallback
        and not set(a.actors) & set(f.actors)
    )


def voiced_by_actor(doc: Doc, tok: Token, cand: Candidate, index: MentionIndex) -> bool:
    """Is a future or hypothetical attack announced by whoever would carry it out ("X said
    it would strike Y", "X plans to attack")? Only then is it a threat of violence (PLOVER
    THREATEN is a communicated warning); the author's or a third party's speculation ("the
    militias might resume attacks", "analysts said Israel could expand ...") is the attack
    itself with a future/hypothetical modality. (PLOVER's gold codes announced non-violent
    coercion, "may halt mediation", as THREATEN whoever reports it.)"""
    clause = governor(tok)
    for _ in range(4):
        if clause.dep_ != "conj" or clause.head is clause:
            break
        clause = clause.head
    if clause.dep_ == "xcomp":
        return True  # shared subject: "plans to impose", "is preparing to send"
    if clause.dep_ not in ("ccomp", "parataxis") or clause.head is clause:
        return False
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.pos_ == "PRON" for s in subjects):
        return True  # "X said it would ...": the speaker speaks of itself
    speaker, _ = subject_ids(clause.head, index)
    return bool(set(speaker) & set(cand.args.actors))
