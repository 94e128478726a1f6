"""Modality of one event from the dependency parse around its trigger.

The cues (``modality.yaml``) count only on the event's own verb chain:

- the *auxiliary chain*: the clause verb of the trigger and the verbs it is an
  infinitival complement of ("could try to attack"): modals -> hypothetical,
  "will" -> future, "not"/"never" -> negated, "reportedly" -> reported;
- the *governors*: the word each step of the chain hangs from ("enables them to
  help ...", "plans to attack", "failed to capture", "if the army withdraws",
  "fears of an attack");
- the *date*: an event that ended more than ``historical_days`` before
  publication, or in a decade or year long past, is historical.

Climbing stops at a reporting verb, so "X said ISIS will attack" makes the
attack future but "X will say ISIS attacked" does not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.claiming.lexicon import ModalityLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from sitrep.model import TimeValue

_NOMINAL_DEPS = frozenset(
    {
        "pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "compound", "amod", "appos",
        "conj", "npadvmod", "pcomp", "agent", "oprd", "dative", "poss", "nmod", "nummod",
    }
)  # fmt: skip
_GOVERNOR_DEPS = frozenset({"xcomp", "ccomp", "acl", "advcl", "conj", "relcl", "pcomp", "prep"})
_VERBAL = frozenset({"VERB", "AUX"})
_CLAUSE_DEPS = frozenset({"advcl", "acl", "ccomp", "relcl"})
_DECADE = re.compile(r"^(1[0-9]|20)[0-9]0s$")
_YEAR = re.compile(r"^(1[89][0-9]{2}|20[0-9]{2})$")
_MAX_CLIMB = 6


def clause_verb(token: Token) -> Token:
    """The verb whose clause holds ``token`` (the token itself when it is a verb)."""
    current = token
    for _ in range(_MAX_CLIMB):
        if current.pos_ in _VERBAL or current.dep_ not in _NOMINAL_DEPS:
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


def _has_own_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in token.children)


def _aux_chain(verb: Token) -> list[Token]:
    chain = [verb]
    current = verb
    for _ in range(_MAX_CLIMB):
        if current.head.i == current.i:
            break
        if current.dep_ == "xcomp" or (
            current.dep_ == "conj"
            and current.pos_ in _VERBAL
            and not _has_own_subject(current)
            and not any(c.dep_ in {"aux", "auxpass"} for c in current.children)
        ):
            current = current.head
            chain.append(current)
        else:
            break
    return chain


def _under_modal(noun: Token, lex: ModalityLexicon) -> bool:
    """True when the clause holding ``noun`` has a hypothetical modal ("could see X")."""
    verb = clause_verb(noun)
    return verb.pos_ in _VERBAL and any(
        c.dep_ == "aux" and c.lower_ in lex.hypothetical_modals for c in verb.children
    )


def _scheduled(verb: Token, lex: ModalityLexicon) -> bool:
    """A scheduling verb in the present or future passive ("is scheduled", "will be held")."""
    if verb.lemma_.lower() not in lex.scheduling_verbs:
        return False
    return any(
        (c.dep_ == "auxpass" and c.tag_ in {"VBZ", "VBP"})
        or (c.dep_ == "aux" and c.lower_ in lex.future_auxiliaries)
        for c in verb.children
    )


def _after_conditional_phrase(clause: Token, lex: ModalityLexicon) -> bool:
    """Does a multi-word conditional ("as long as", "in case") open the clause or sit right
    before it?"""
    doc = clause.doc
    edge = clause.left_edge.i
    for phrase in lex.conditional_phrases:
        k = len(phrase)
        for end in (edge, edge - 1):
            start = end - k + 1
            if start >= 0 and all(doc[start + j].lower_ == w for j, w in enumerate(phrase)):
                return True
    return False


def _is_present_or_modal(verb: Token, lex: ModalityLexicon) -> bool:
    if verb.tag_ in {"VBZ", "VBP"}:
        return True
    return any(
        c.dep_ == "aux" and c.lower_ in lex.hypothetical_modals | lex.future_auxiliaries
        for c in verb.children
    )


def parse_modality(trigger: Token, lex: ModalityLexicon, reporting: frozenset[str]) -> set[str]:
    """Modalities the parse gives the event whose trigger (head) token is ``trigger``."""
    found: set[str] = set()
    # a nominal trigger: "no attack", "without a fight", "fears of an attack"
    current = trigger
    for _ in range(_MAX_CLIMB):
        if current.pos_ in _VERBAL:
            break
        for child in current.children:
            if child.dep_ in {"det", "neg"} and child.lower_ in lex.negators:
                found.add("negated")
            elif child.dep_ == "amod" and current.i == trigger.i:
                hedge = lex.hedge_adjectives.get(child.lower_)
                if hedge is not None:
                    found.add(hedge)
        head = current.head
        if head.i == current.i or current.dep_ not in _NOMINAL_DEPS:
            break
        if current.dep_ == "pobj" and head.lower_ == "without":
            found.add("negated")
        if current.dep_ == "nsubjpass" and _scheduled(head, lex):
            found.add("future")  # "a protest is scheduled for Friday"
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN" and head.i != trigger.i:
            if lemma in lex.hypothetical_nouns:
                found.add("hypothetical")
            elif lemma in lex.intent_nouns:
                found.add("future")
        current = head
    verb = clause_verb(trigger)
    if verb.i != trigger.i and verb.lemma_.lower() in lex.opaque_verbs:
        return found  # "did not comment on the strike": the comment is negated, not the strike
    for link in _aux_chain(verb):
        for child in link.children:
            lower = child.lower_
            if child.dep_ == "aux":
                if lower in lex.hypothetical_modals:
                    found.add("hypothetical")
                elif lower in lex.future_auxiliaries or (
                    lower == "to" and link.head.lower_ == "going" and link.dep_ == "xcomp"
                ):
                    found.add("future")
            elif child.dep_ == "neg" or (child.dep_ == "advmod" and lower == "never"):
                found.add("negated")
            elif child.dep_ == "advmod" and lower in lex.hedge_adverbs:
                found.add(lex.hedge_adverbs[lower])
    current = verb
    for _ in range(_MAX_CLIMB):
        head, dep = current.head, current.dep_
        if head.i == current.i or dep not in _GOVERNOR_DEPS:
            break
        lemma = head.lemma_.lower()
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in current.children
        ):
            found.add("hypothetical")
        elif dep in _CLAUSE_DEPS and _after_conditional_phrase(current, lex):
            found.add("hypothetical")  # "as long as the rebels attack", "in case they return"
        if dep in {"xcomp", "ccomp"} and lemma in lex.enabling_verbs:
            if _is_present_or_modal(head, lex):
                found.add("hypothetical")
        elif (
            dep == "ccomp"
            and lemma not in reporting
            and any(c.dep_ == "aux" and c.lower_ in lex.hypothetical_modals for c in head.children)
        ):
            found.add("hypothetical")  # "a war could see missiles fired", "would mean ..."
        elif dep == "xcomp" and lemma in lex.intent_verbs:
            found.add("future")
        elif dep == "xcomp" and lemma in lex.negating_verbs:
            found.add("negated")
        elif (
            dep == "prep"
            and current.lower_ == "from"
            and lemma in lex.negating_from_verbs
            and current.i > head.i
        ):
            found.add("negated")  # "refrained from using force"
        elif dep in {"acl", "relcl", "ccomp", "prep"} and head.pos_ == "NOUN":
            if lemma in lex.hypothetical_nouns:
                found.add("hypothetical")
            elif lemma in lex.intent_nouns and dep == "acl":
                found.add("future")
            elif dep == "acl" and _under_modal(head, lex):
                found.add("hypothetical")  # "could see missiles fired at cities"
        if dep == "ccomp" and lemma in reporting:
            break
        current = head
    return found


def _to_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_is_historical(value: TimeValue, published: dt.date | None, lex: ModalityLexicon) -> bool:
    """True when the event's date marks it as background well before publication."""
    if value.background:
        return True
    if published is None:
        return False
    end = _to_date(value.end) if value.start is not None else None
    if end is None:
        return False
    return (published - end).days > lex.historical_days


_YEAR_TEXT = re.compile(r"\b(?:1[89][0-9]{2}|20[0-9]{2}|1[0-9]{2}0s|20[0-9]0s)\b")


def year_tokens(doc: Doc, text: str) -> list[tuple[int, int]]:
    """(token index, latest year meant) for every year or decade token of the Doc.

    "since 2014" / "from 2014" are left out: a starting point, the event may be ongoing.
    One regex pass over ``text`` (the Doc's text, passed in because ``Doc.text`` is
    rebuilt on every access), so it costs next to nothing on long documents.
    """
    found: list[tuple[int, int]] = []
    for match in _YEAR_TEXT.finditer(text):
        span = doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1:
            continue
        token = span[0]
        text = match.group(0)
        year = int(text[:4]) + 9 if text.endswith("s") else int(text)
        if token.head.lower_ not in {"since", "from"}:
            found.append((token.i, year))
    return found


def clause_years_historical(
    trigger: Token,
    published: dt.date | None,
    lex: ModalityLexicon,
    years: Sequence[tuple[int, int]],
) -> bool:
    """Fallback when the event has no date: a long-past year or decade in the trigger's clause.

    Looks at the subtree of the top of the coordinated clause the trigger belongs to
    ("served with X in the 1980s and fought Y" dates both verbs). ``years`` comes
    from :func:`year_tokens` (computed once per Doc).
    """
    if published is None or not years:
        return False
    top = clause_verb(trigger)
    for _ in range(_MAX_CLIMB):
        if top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        else:
            break
    lo, hi = top.left_edge.i, top.right_edge.i
    inside = [year for i, year in years if lo <= i <= hi]
    if not inside:
        return False
    return (published - dt.date(max(inside), 12, 31)).days > lex.historical_days


def raised_hedge(trigger: Token, lex: ModalityLexicon) -> str | None:
    """The modality of a passive reporting verb the event's clause is raised under.

    "The militants are said to have seized ..." / "is believed to have" / "is alleged
    to have": the event's verb is the infinitival complement of a passive reporting
    verb (``raising_hedges``).
    """
    verb = clause_verb(trigger)
    for _ in range(2):
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return None
        head = verb.head
        hedge = lex.raising_hedges.get(head.lemma_.lower())
        if hedge is not None and any(c.dep_ == "auxpass" for c in head.children):
            return hedge
        verb = head
    return None
