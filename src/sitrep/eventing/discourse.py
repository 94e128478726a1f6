"""Implied arguments: what the article, not the sentence, says about who acts on whom.

Two general rules, applied only where the parse found nothing:

1. Discourse carry-over: an ASSAULT/COERCE/SANCTION event with actors but no recipient
   takes the recipient that the same actors' other events of that type in the article
   name most often (a report on one campaign keeps its adversary implicit).
2. Source defaults (``source_defaults`` in ``triggers.yaml``): an outlet that is itself
   a party reporting its own operations (a military command's strike report) is the
   implied actor of its events of the listed types that name no actor, with the
   listed default mode; its adversary is the implied recipient if rule 1 finds none.

Events that received an implied argument are returned by ``id()`` so that their
confidence is lowered.

3. Restatement (:func:`restates_earlier`): a later, agentless, anaphoric mention of an
   event ("the vehicle was hit", "the strike killed three") is the article's one earlier
   event of that type told again, not a second action.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.eventing.assemble import Candidate
from sitrep.eventing.lexicon import SourceDefault

CARRY_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})


def apply_implied_arguments(cands: Sequence[Candidate], default: SourceDefault | None) -> set[int]:
    implied: set[int] = set()
    if default is not None:
        for c in cands:
            if c.type not in default.types:
                continue
            if not c.args.actors or c.args.fallback:
                c.args.actors = [default.actor]
                c.args.recipients = [r for r in c.args.recipients if r != default.actor]
                c.args.fallback = False
                implied.add(id(c))
            if c.mode is None and default.mode is not None:
                c.mode = default.mode
    tallies: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}
    for c in cands:
        if c.type in CARRY_TYPES and c.args.actors and c.args.recipients:
            key = (c.type, tuple(sorted(c.args.actors)))
            tallies.setdefault(key, Counter()).update(c.args.recipients)
    for c in cands:
        if c.type not in CARRY_TYPES or not c.args.actors or c.args.recipients:
            continue
        tally = tallies.get((c.type, tuple(sorted(c.args.actors))))
        if tally:
            top, count = tally.most_common(1)[0]
            if count >= 2 and top not in c.args.actors:
                c.args.recipients = [top]
                implied.add(id(c))
                continue
        if default is not None and default.adversary and default.actor in c.args.actors:
            c.args.recipients = [default.adversary]
            implied.add(id(c))
    return implied


ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
# words that announce a further action rather than the one already told
NEW_ACTION_WORDS = frozenset(
    {
        "another", "other", "second", "third", "fourth", "new", "further", "separate",
        "fresh", "additional", "subsequent", "later", "latest", "previous", "earlier",
        "first", "again", "also", "too", "more", "similar", "renewed", "repeated",
    }
)  # fmt: skip


def _definite(noun: Token) -> bool:
    """ "the vehicle", "this attack": a definite phrase with no count or sequence word."""
    kids = list(noun.children)
    if any(c.lower_ in NEW_ACTION_WORDS or c.dep_ == "nummod" for c in kids):
        return False
    return any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in kids)


def anaphoric_trigger(head: Token) -> bool:
    """A trigger that refers back rather than introduces: a definite event noun ("the
    strike") or an agentless passive with a definite subject ("the vehicle was hit")."""
    if head.pos_ in ("VERB", "AUX"):
        kids = list(head.children)
        if any(c.dep_ in ("nsubj", "agent", "csubj") or c.lower_ in NEW_ACTION_WORDS for c in kids):
            return False
        subjects = [c for c in kids if c.dep_ == "nsubjpass"]
        return len(subjects) == 1 and _definite(subjects[0])
    return head.pos_ == "NOUN" and _definite(head)


def restates_earlier(
    earlier: Candidate, later: Candidate, head: Token, blocked: frozenset[str]
) -> bool:
    """``later`` (whose trigger head is ``head``) retells ``earlier``: same type, no actor
    of its own, an anaphoric trigger, recipients the earlier event allows, and the same
    occurrence status (``blocked``: modalities that say an event did not happen)."""
    if later.type != earlier.type or later.args.two_sided or earlier.args.two_sided:
        return False
    if later.args.actors and not later.args.fallback:
        return False
    mine, theirs = set(later.args.recipients), set(earlier.args.recipients)
    if mine and theirs and not mine <= theirs:
        return False
    if blocked & set(later.modality) != blocked & set(earlier.modality):
        return False
    return anaphoric_trigger(head)
