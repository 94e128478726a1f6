"""The author's own rejections, found in the parse: each becomes a "deny" attribution.

- "Neither A nor B did X" (the coordination before the predicate is what it is about);
- "there is no evidence that X" (negated evidence nouns, ``cues.yaml``);
- "it is false that X" / "the claims are baseless" (rejecting adjectives).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.claiming.lexicon import CueLexicon
from sitrep.claiming.spans import (
    CLAUSE_BREAKS,
    SUBJECTS,
    Attribution,
    TokenRange,
    child_with,
    content_subject,
    is_negated,
    span_of,
    trim_span,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def neither_at(cues: CueLexicon, doc: Doc, token: Token, s_index: int) -> Attribution | None:
    """ "Neither A nor B aid X": content up to the clause break, about A and B."""
    sent = token.sent
    end = sent.end
    has_nor = False
    for j in range(token.i + 1, sent.end):
        t = doc[j]
        if t.lower_ in {"nor", "or"}:
            has_nor = True
        if t.text == ";" or (
            t.text == "," and j + 1 < sent.end and doc[j + 1].lower_ in CLAUSE_BREAKS
        ):
            end = j
            break
    if not has_nor:
        return None
    limit = end
    for j in range(token.i + 1, end):
        t = doc[j]
        if t.pos_ in {"VERB", "AUX"} or cues.predicate_pattern.fullmatch(t.lower_):
            limit = j
            break
    start, stop = trim_span(doc, token.i, end)
    if limit >= stop or start >= stop:
        return None
    return Attribution(
        kind="author",
        cue="neither",
        stance="deny",
        cue_span=(token.i, token.i + 1),
        content=(start, stop),
        about=(token.i + 1, limit),
        sentence=s_index,
    )


def no_evidence_at(
    cues: CueLexicon, doc: Doc, noun: Token, lemma: str, s_index: int
) -> Attribution | None:
    """ "There is no evidence that X" / "no sign of X": X is denied."""
    negated = any(c.lower_ == "no" for c in noun.children) or is_negated(noun.head)
    if not negated:
        return None
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in {"acl", "ccomp", "relcl"}
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    content: TokenRange | None = None
    about: TokenRange | None = None
    if clause is not None:
        content, about = span_of(clause), content_subject(clause)
    else:
        prep = next(
            (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "for"}), None
        )
        pobj = child_with(prep, {"pobj", "pcomp"}) if prep is not None else None
        if pobj is not None:
            content = span_of(pobj)
    if content is None:
        return None
    start, end = trim_span(doc, *content)
    if start >= end:
        return None
    return Attribution(
        kind="author",
        cue=f"no {lemma}",
        stance="deny",
        cue_span=(noun.i, noun.i + 1),
        content=(start, end),
        about=about,
        sentence=s_index,
    )


def rejected_at(
    cues: CueLexicon, doc: Doc, adj: Token, lemma: str, s_index: int
) -> Attribution | None:
    """ "It is false that X" (X denied) / "the claims are baseless" (an earlier claim)."""
    verb = adj.head
    if adj.dep_ not in {"acomp", "attr"} or is_negated(verb):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject = child_with(verb, SUBJECTS)
    if clause is not None and subject is not None and subject.lower_ == "it":
        start, end = trim_span(doc, *span_of(clause))
        return Attribution(
            kind="author",
            cue=lemma,
            stance="deny",
            cue_span=(adj.i, adj.i + 1),
            content=(start, end),
            about=content_subject(clause),
            sentence=s_index,
        )
    if subject is not None and subject.lemma_.lower() in cues.claim_anaphors:
        start, end = span_of(subject)
        return Attribution(
            kind="author",
            cue=lemma,
            stance="deny",
            cue_span=(adj.i, adj.i + 1),
            content=(start, end),
            anaphoric=True,
            sentence=s_index,
        )
    return None
