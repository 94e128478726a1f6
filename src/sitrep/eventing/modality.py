"""Modality of a trigger from its parse: future, hypothetical, negated, or not an act.

Modal auxiliaries and intention verbs mark ``future``/``hypothetical``; negation and
"neither ... nor" mark ``negated``; a to-infinitive of purpose is intended, not reported;
the aim of an activity noun ("operations to find mines") is no act at all; a noun trigger
modified by "planned"/"upcoming" has not happened yet.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.claiming.lexicon import load_modality
from sitrep.eventing.arguments import sentence_bounds

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "can", "'d", "ca"})
INTENT_VERBS = frozenset(
    {
        "plan",
        "intend",
        "prepare",
        "expect",
        "aim",
        "want",
        "hope",
        "decide",
        "schedule",
        "set",
        "wish",
        "consider",
        "mull",
        "swear",
    }
)
FAILURE_VERBS = frozenset({"fail", "neglect"})
FUTURE_MODIFIERS = frozenset(
    {"planned", "upcoming", "scheduled", "proposed", "forthcoming", "impending", "future"}
)
# activity nouns whose to-infinitive is their aim ("efforts to free the hostages"); an
# "attempt to" act is an attempted act, which PLOVER and ACLED both code
PURPOSE_NOUNS = frozenset({"operation", "effort", "campaign", "mission", "drive", "search", "hunt"})
ASPECTUAL = frozenset(
    {
        "continue",
        "begin",
        "start",
        "keep",
        "resume",
        "stop",
        "cease",
        "manage",
        "fail",
        "go",
        "use",
        "help",
        "have",
        "need",
        "be",
        "get",
        "come",
        "finish",
        "complete",
    }
)


def governor(tok: Token) -> Token:
    """The verb whose auxiliaries/negation apply to the trigger (light verb for nouns)."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    h = tok.head
    if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and h.pos_ in ("VERB", "AUX"):
        return h
    if (
        tok.dep_ == "pobj"
        and h.dep_ == "prep"
        and h.head.pos_ in ("VERB", "AUX")
        and h.head.lemma_.lower() not in load_modality().opaque_verbs
    ):
        return h.head  # "engaged in fighting"; not "did not comment on the strike"
    return tok


def aim_of_activity(tok: Token) -> bool:
    """ "operations to find mines", "efforts to free the hostages": the aim of an activity
    noun, which is not itself an event trigger, is not a reported act."""
    doc = tok.doc
    i = tok.i
    return (
        tok.pos_ in ("VERB", "AUX")
        and i >= 2
        and doc[i - 1].lower_ == "to"
        and doc[i - 2].lemma_.lower() in PURPOSE_NOUNS
    )


def purposive(tok: Token) -> bool:
    """A to-infinitive of purpose ("was raised to fight ISIS"): intended, not reported.

    A perfect infinitive ("claimed to have planted a bomb") looks back at a done act and
    is never one of purpose; nor is the complement of a reporting verb ("claimed to").
    """
    gov = governor(tok)
    return (
        gov.dep_ in ("xcomp", "advcl", "relcl", "acl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in gov.children)
        and not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in gov.children)
        and gov.head.lemma_.lower() not in ASPECTUAL
        and not _leads_to_infinitive(gov.head.lemma_.lower())
    )


def _leads_to_infinitive(lemma: str) -> bool:
    """Verbs whose to-infinitive is reported, intended or negated, not a purpose: "claimed
    to", "is due to", "is poised to", "failed to" (``modality.yaml`` gives those cues)."""
    lex = load_modality()
    return lemma in lex.raising_hedges or lemma in lex.intent_verbs or lemma in lex.negating_verbs


def _negates(c: Token) -> bool:
    """A child that negates its head: "not", "no attacks", "neither X nor Y ..."."""
    if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
        return True
    return c.dep_ in ("nsubj", "nsubjpass") and any(
        g.dep_ == "preconj" and g.lower_ == "neither" for g in c.children
    )


def _neither_clause(tok: Token) -> bool:
    """ "Neither X nor Y aid Z": a clause opened by "neither" up to its first comma."""
    start, _ = sentence_bounds(tok)
    doc = tok.doc
    if doc[start].lower_ != "neither":
        return False
    return not any(doc[i].text in (",", ";", ":") for i in range(start, tok.i))


def modality_of(tok: Token) -> tuple[set[str], bool]:
    """({future, hypothetical}, negated) for the trigger."""
    gov = governor(tok)
    marks: set[str] = set()
    negated = False
    for t in {tok, gov}:
        for c in t.children:
            low = c.lower_
            if c.dep_ == "aux" and low in FUTURE_AUX:
                marks.add("future")
            elif c.dep_ == "aux" and low in HYPOTHETICAL_AUX:
                marks.add("hypothetical")
            elif _negates(c):
                negated = True
    if _neither_clause(tok):
        negated = True
    if gov.dep_ == "xcomp" and gov.head.lemma_.lower() in FAILURE_VERBS:
        negated = True
    if gov.dep_ == "xcomp" and gov.head.lemma_.lower() in INTENT_VERBS:
        marks.add("future")
        if any(c.dep_ == "neg" for c in gov.head.children):
            negated = True
    if gov.dep_ in ("xcomp", "ccomp") and any(
        c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in gov.head.children
    ):
        marks.add("future")
    return marks, negated
