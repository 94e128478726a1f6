"""Shared parse helpers of the attribution finder: the Attribution record and span tools.

Token indices throughout, ``[start, end)``. No I/O, no lexicons.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sitrep.claiming.lexicon import Stance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TokenRange = tuple[int, int]
Kind = Literal["verb", "noun", "phrase", "author"]

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them", "you"})
CLAUSE_BREAKS = frozenset({"but", "yet", "while", "although", "though", "whereas", "however"})
OPENING = frozenset({"“", "«", "‘"})
CLOSING = frozenset({"”", "»", "’"})
NEUTRAL = frozenset({'"'})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution found in the parse (token indices, ``[start, end)``)."""

    kind: Kind
    cue: str
    stance: Stance
    cue_span: TokenRange
    content: TokenRange
    source: TokenRange | None = None
    source_head: int | None = None
    pronoun: bool = False
    about: TokenRange | None = None
    anaphoric: bool = False
    sentence: int = 0
    needs_event: bool = False  # a denied object that must hold an event trigger to count
    passive: bool = False  # "X was accused of ...": no speaker named in the clause
    borrowed: bool = False  # the speaker is the subject of a coordinated verb


def span_of(token: Token) -> TokenRange:
    return token.left_edge.i, token.right_edge.i + 1


def trim_span(doc: Doc, start: int, end: int) -> TokenRange:
    """Drop punctuation, whitespace and a leading "that" at the ends of a span.

    A quotation mark stays only when its partner is inside the span too.
    """

    def paired(i: int) -> bool:
        return doc[i].is_quote and any(doc[j].is_quote for j in range(start, end) if j != i)

    while start < end:
        token = doc[start]
        if (
            (token.dep_ == "mark" and token.lower_ == "that")
            or token.is_space
            or (token.is_punct and not paired(start))
        ):
            start += 1
        else:
            break
    while end > start:
        token = doc[end - 1]
        if token.is_space or (token.is_punct and not paired(end - 1)):
            end -= 1
        else:
            break
    return start, end


def quote_pairs(doc: Doc, quotes: list[int]) -> list[TokenRange]:
    """Matched quotation marks as (opening, closing) token indices."""
    pairs: list[TokenRange] = []
    opening: int | None = None
    for i in quotes:
        text = doc[i].text
        if text in OPENING or (text in NEUTRAL and opening is None):
            opening = i
        elif opening is not None and (text in CLOSING or text in NEUTRAL):
            pairs.append((opening, i))
            opening = None
    return pairs


def with_quotation(doc: Doc, att: Attribution, pairs: list[TokenRange]) -> Attribution:
    """Widen a speech verb's content to the whole quotation it is part of."""
    lo, hi = att.content
    for q_open, q_close in pairs:
        if q_open < att.cue_span[0] < q_close:
            continue  # the cue is quoted itself
        if q_open < hi and lo <= q_close and (q_open + 1 < lo or q_close > hi):
            start, end = trim_span(doc, min(lo, q_open + 1), max(hi, q_close))
            return dataclasses.replace(att, content=(start, end))
    return att


def child_with(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or its head verb's for "said ... and added" and
    participles such as "..., accusing X of Y"."""
    subject = child_with(verb, SUBJECTS)
    while (
        subject is None
        and verb.head.i != verb.i
        and (
            verb.dep_ == "conj"
            or (verb.dep_ in {"advcl", "xcomp"} and verb.tag_ == "VBG" and verb.head.pos_ == "VERB")
        )
    ):
        verb = verb.head
        subject = child_with(verb, SUBJECTS)
    return subject


def is_parenthetical(verb: Token) -> bool:
    """A speech verb inserted in the clause it reports: "X, officials said, did Y"."""
    if verb.head.i == verb.i or verb.head.pos_ not in {"VERB", "AUX"}:
        return False
    if verb.dep_ == "parataxis":
        return True
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )


def source_from_noun(noun: Token) -> Token | None:
    """The author of a claim noun: "by/from X", "X's claim", or the subject of "X spread ..."."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            pobj = child_with(child, {"pobj"})
            if pobj is not None:
                return pobj
        if child.dep_ == "poss":
            return child
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        subject = subject_of(noun.head)
        if subject is not None and subject.lower_ not in {"this", "that", "it", "there"}:
            return subject
    return None


def content_subject(root: Token) -> TokenRange | None:
    """The subject of a content clause, without its appositions and relative clauses.

    "The PMU, a group of the Iraqi forces which ..., have continued" is about the PMU;
    coordinated subjects ("the PMU and Iran") are all kept.
    """
    subject = child_with(root, SUBJECTS)
    if subject is None or subject.lower_ in PRONOUNS | RELATIVE:
        return None
    end = max([subject.i, *(c.i for c in subject.conjuncts)]) + 1
    return subject.left_edge.i, end
