"""Where and when: the event's place and time, attached through the parse.

Place: a location (never a place standing for an actor) attached to the trigger or its
clause by a locative preposition ("in", "near", "north of"), else the nearest location
in the sentence; countries in "the border with X" and names in agent positions ("US
airstrikes") are not event places. Time: the time expression in the trigger's subtree
or its clause, else one in the same sentence. A sentence with neither that sets its
event in an earlier one ("In the current operation, ...") takes that event's place and
time (:mod:`sitrep.resolve.event_anaphora`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from sitrep.eventing.arguments import (
    CLAUSE_DEPS,
    GEO_NOUNS,
    LOCATIVE_PREPS,
    LOCATIVE_WORDS,
    MentionIndex,
    first_word,
)
from sitrep.model import TimeValue
from sitrep.resolve.event_anaphora import (
    after_reference_phrase,
    antecedent_of,
    antecedent_time,
    in_reference_phrase,
)
from sitrep.syntax import governed_by


def clause_head(tok: Token) -> Token:
    """The verb that heads the trigger's clause (the trigger itself when verbal)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _in_border_with(tok: Token) -> bool:
    """True for X in "the border with X" / "borders with X and Y" (not the event place)."""
    cur = tok
    for _ in range(5):
        if cur.dep_ == "pobj" and cur.head.lower_ == "with":
            return cur.head.head.lemma_.lower() in ("border", "frontier", "boundary")
        if cur.dep_ not in ("conj", "compound", "appos", "pobj", "cc"):
            return False
        cur = cur.head
    return False


def _agentive(tok: Token) -> bool:
    if tok.dep_ in ("compound", "poss", "nmod", "nsubj", "nsubjpass"):
        return tok.head.lemma_.lower() not in GEO_NOUNS
    return False


def _after_locative(tok: Token) -> bool:
    """ "Near Abu Kamal, ..." mis-parsed as a subject is still a location."""
    first = first_word(tok)
    if first.lower_ in LOCATIVE_WORDS:
        return True
    return first.i > 0 and first.nbor(-1).lower_ in LOCATIVE_PREPS


def attach_place(head: Token, index: MentionIndex) -> tuple[str | None, bool]:
    """(place id, attached-by-parse) for the trigger; nearest location as fallback."""
    sent = head.sent
    clause = clause_head(head)
    targets = {head.i, clause.i}
    best: tuple[int, int, str] | None = None  # (rank, distance, id)
    for i in range(sent.start, sent.end):
        pid = index.place_at.get(i)
        if pid is None or i in index.actor_at:
            continue
        tok = sent.doc[i]
        if i > 0 and index.place_at.get(i - 1) == pid:
            continue  # only the first token of a mention
        root = tok
        while root.head.i != root.i and index.place_at.get(root.head.i) == pid:
            root = root.head
        if _in_border_with(root):
            continue
        if root.dep_ in ("amod",) or tok.pos_ == "ADJ":
            continue
        if _agentive(root) and not _after_locative(root):
            continue  # "US airstrikes", "Turkey shelled": a state acting, not a location
        attached = governed_by(root, targets)
        locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
        rank = 0 if attached and locative else (1 if attached else (2 if locative else 3))
        cand = (rank, abs(i - head.i), pid)
        if best is None or cand < best:
            best = cand
    if best is None:
        ante = antecedent_of(head)  # "In the current operation, ...": where that operation was
        if ante is not None and ante.i != head.i:
            return attach_place(ante, index)[0], False
        return None, False
    return best[2], best[0] <= 1


def attach_time(head: Token, times: Sequence[TimeValue], doc: Doc) -> tuple[TimeValue | None, bool]:
    """The time expression governing the trigger's clause, else one in its sentence."""
    sent = head.sent
    clause = clause_head(head)
    best: tuple[int, int, int] | None = None
    for n, tv in enumerate(times):
        if tv.span is None:
            continue
        span = doc.char_span(tv.span[0], tv.span[1], alignment_mode="expand")
        if span is None or span.start < sent.start or span.end > sent.end:
            continue
        root = span.root
        if in_reference_phrase(root, head):
            continue  # "detained after the attack on Saturday": the attack's date
        first = root.head if root.dep_ == "pobj" and root.head.i < span.start else doc[span.start]
        if after_reference_phrase(first, head):
            continue  # "... after a grenade attack on a bank on Saturday", parsed flat
        if governed_by(root, {head.i}):
            rank = 0
        elif governed_by(root, {clause.i}) and not any(
            t.dep_ in CLAUSE_DEPS and t.i != clause.i for t in _path(root, clause.i)
        ):
            rank = 1
        else:
            rank = 2
        cand = (rank, abs(root.i - head.i), n)
        if best is None or cand < best:
            best = cand
    if best is None:
        # "In the current operation, ...": the time of the operation mentioned before
        return antecedent_time(head, times), False
    return times[best[2]], best[0] <= 1


def _path(tok: Token, stop: int) -> list[Token]:
    out: list[Token] = []
    cur = tok
    for _ in range(30):
        if cur.i == stop or cur.head is cur:
            break
        out.append(cur)
        cur = cur.head
    return out
