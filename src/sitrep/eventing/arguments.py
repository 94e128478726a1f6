"""Event arguments from the dependency parse: actors and recipients (place and time are
attached in :mod:`sitrep.eventing.anchors`).

Actors and places arrive as resolved records with character offsets; they are first
projected onto token indices (``MentionIndex``) so that every lookup afterwards is a
dict access. Argument rules follow the parse (nsubj, agent "by", compound/amod/poss of
nominal triggers, dobj and "on/against/at" objects, the governing light verb of a
nominal trigger); recipients the trigger's own slots miss come from
:mod:`sitrep.eventing.recipients` (complement verbs, light verbs, "from" phrases,
grievances, the territory an act is done in); when the parse gives nothing, the nearest
mention in the sentence is used and the result is flagged as a fallback (it lowers the
confidence). The subject of a reporting verb ("..., the army said") is never that
fallback recipient.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import yaml
from spacy.tokens import Token

from sitrep.claiming.lexicon import load_modality
from sitrep.eventing.mention_index import (
    GEO_NOUNS,
    LOCATIVE_PREPS,
    LOCATIVE_WORDS,
    NP_CUT,
    PLACE_PREPS,
    MentionIndex,
    build_index,
    ids_in,
    locative,
    names_place,
    np_tokens,
    sentence_bounds,
)
from sitrep.eventing.nouns import NounLexicon, load_nouns
from sitrep.eventing.recipients import (
    complement_recipients,
    grievance_recipients,
    location_recipients,
)

__all__ = [
    "CLAUSE_DEPS",
    "GEO_NOUNS",
    "LOCATIVE_PREPS",
    "LOCATIVE_WORDS",
    "NP_CUT",
    "PLACE_PREPS",
    "Args",
    "MentionIndex",
    "build_index",
    "extract_arguments",
    "first_word",
    "ids_in",
    "np_tokens",
    "sentence_bounds",
    "subject_ids",
    "victim_sectors",
]

RECIPIENT_PREPS = frozenset(
    {"on", "against", "at", "upon", "into", "toward", "towards", "targeting", "to", "over"}
)
PARTNER_PREPS = frozenset({"with"})
PARTNER_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
OF_IS_RECIPIENT = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "AID", "SUPPORT"})
OF_IS_ACTOR = frozenset({"RETREAT", "MOBILIZE", "PROTEST", "CONSULT"})
WANTS_RECIPIENT = frozenset(
    {
        "ASSAULT",
        "SANCTION",
        "AID",
        "COOPERATE",
        "COERCE",
        "ACCUSE",
        "THREATEN",
        "REQUEST",
        "SUPPORT",
        "CONSULT",
        "REJECT",
    }
)
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})
FALLBACK_WINDOW = 12
VICTIM_DEPS = frozenset({"dobj", "nsubjpass", "obj", "attr"})


@dataclass(slots=True)
class Args:
    actors: list[str]
    recipients: list[str]
    two_sided: bool = False
    fallback: bool = False  # actors from the nearest mention, not the parse
    recipient_fallback: bool = False
    has_subject: bool = False  # the clause names an agent, even one that is not an actor
    victim_sectors: list[str] = field(default_factory=list)  # unnamed civilian recipients


def first_word(tok: Token) -> Token:
    doc = tok.doc
    for i in range(tok.left_edge.i, tok.i + 1):
        if not doc[i].is_punct and not doc[i].is_space:
            return doc[i]
    return tok


# Participles whose passive-looking subject is the agent: "X is opposed to Y", "X were
# engaged in ethnic cleansing", "X is committed to", "X was involved in".
STATIVE_PASSIVES = frozenset({"oppose", "engage", "involve", "commit", "determine", "prepare"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# post-nominal modifiers of a subject that name the group its members belong to:
# "workers affiliated with the union", "militants loyal to X"
MEMBERSHIP_HEADS = frozenset({"affiliated", "loyal", "belonging", "linked", "allied", "close"})


def _membership_ids(subject: Token, index: MentionIndex) -> list[str]:
    """Actors named in a membership modifier after the subject noun."""
    out: list[str] = []
    for m in subject.children:
        if m.i > subject.i and m.dep_ in ("acl", "amod") and m.lower_ in MEMBERSHIP_HEADS:
            out += ids_in(np_tokens(m, with_clauses=True), index)
    return out


def subject_ids(verb: Token, index: MentionIndex) -> tuple[list[str], list[str]]:
    """(actors, recipients) from a verb's subject, passive subject and agent."""
    actors: list[str] = []
    recipients: list[str] = []
    has_agent = any(c.dep_ == "agent" for c in verb.children)
    stative = verb.lemma_.lower() in STATIVE_PASSIVES and not has_agent
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS and first_word(c).lower_ in LOCATIVE_WORDS:
            continue  # "Near Al Baghdadi, one strike ...": a place phrase mis-parsed as subject
        if c.dep_ in SUBJECT_DEPS:
            # an English subject precedes its verb; material after it is a mis-attachment
            toks = [t for t in np_tokens(c) if t.i < verb.i or c.i > verb.i]
            # an apposition describes the subject ("X, Algeria's leading activist"): its
            # names count only when the subject itself names no actor
            side = {t.i for a in c.children if a.dep_ == "appos" for t in a.subtree}
            core = [t for t in toks if t.i not in side]
            found = (
                ids_in(core, index)
                or ids_in(core, index, states=True)
                or ids_in(toks, index)
                or ids_in(toks, index, states=True)
            )
            actors += found or _membership_ids(c, index)
        elif c.dep_ == "nsubjpass" and stative:
            toks = np_tokens(c)
            actors += ids_in(toks, index) or ids_in(toks, index, states=True)
        elif c.dep_ == "nsubjpass":
            recipients += ids_in(np_tokens(c), index)
        elif c.dep_ == "agent":
            for g in c.children:
                actors += ids_in(np_tokens(g), index)
    return actors, recipients


def _pronoun_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in PRONOUNS for c in verb.children)


def _inherited_subject(verb: Token, index: MentionIndex, *, reported: bool = False) -> list[str]:
    """Climb xcomp/conj/advcl chains ("agreed to cooperate", "struck X and destroyed Y");
    ``reported``: also from a reported clause to the reporting verb, for a pronoun
    subject ("the union announced that it has called off the strike")."""
    deps = (
        ("xcomp", "conj", "advcl", "pcomp", "ccomp")
        if reported
        else (
            "xcomp",
            "conj",
            "advcl",
            "pcomp",
        )
    )
    cur = verb
    for _ in range(4):
        if cur.dep_ not in deps or cur.head is cur:
            return []
        cur = cur.head
        if cur.dep_ == "prep":  # "by transferring" -> the verb above the preposition
            cur = cur.head
        actors, _ = subject_ids(cur, index)
        if actors:
            return actors
        if (
            reported
            and not _pronoun_subject(cur)
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
        ):
            return []  # a named subject that is no actor: the pronoun is not ours
    return []


def _object_ids(
    head: Token, typ: str, index: MentionIndex, *, verbal: bool, two_sided: bool
) -> tuple[list[str], list[str]]:
    """(recipients, partners-as-actors) from objects and prepositional phrases."""
    recipients: list[str] = []
    partners: list[str] = []
    for c in head.children:
        dep = c.dep_
        if verbal and dep in ("dobj", "dative", "attr", "obj"):
            targets = [g for g in c.children] if dep == "dative" and c.pos_ == "ADP" else [c]
            for g in targets:
                toks = np_tokens(g)
                # a country as the object of an action is the state ("attacked Syria")
                recipients += ids_in(toks, index) or ids_in(toks, index, states=True)
        elif dep in ("prep", "prt"):
            prep = c.lower_
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            ids: list[str] = []
            for g in objs:
                toks = np_tokens(g)
                if prep in RECIPIENT_PREPS or prep in ("with", "between", "against"):
                    ids += ids_in(toks, index) or ids_in(toks, index, states=True)
                else:
                    ids += ids_in(toks, index)
            if prep == "between" or (prep in PARTNER_PREPS and two_sided):
                partners += ids
            elif (
                (prep in PARTNER_PREPS and typ in PARTNER_TYPES)
                or prep in RECIPIENT_PREPS
                or (prep == "of" and not verbal and typ in OF_IS_RECIPIENT)
            ):
                recipients += ids
    return recipients, partners


def _governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of ("carried out an attack", "sent on raids")."""
    h = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass", "oprd", "obj") and h.pos_ in ("VERB", "AUX"):
        return h
    if (
        noun.dep_ == "pobj"
        and h.dep_ == "prep"
        and h.lower_ in ("on", "in", "into")  # "sent on raids", "took part in attacks"
        and h.head.pos_ in ("VERB", "AUX")
    ):
        return h.head
    if noun.dep_ == "conj":
        return _governing_verb(noun.head)
    return None


@functools.lru_cache(maxsize=1)
def load_talk_verbs() -> frozenset[str]:
    """Lemmas whose subject talks about or evaluates an event rather than performs it:
    ``opaque_verbs`` of modality.yaml plus ``evaluative_verbs`` of actor_agents.yaml."""
    path = resources.files("sitrep") / "data" / "lexicons" / "actor_agents.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = raw.get("evaluative_verbs") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("actor_agents.yaml: evaluative_verbs must be a list of words")
    return frozenset(w.lower() for w in words) | load_modality().opaque_verbs


_TALK_PATH = frozenset({"dobj", "obj", "pobj", "prep", "conj", "appos", "attr", "nsubjpass"})


def talk_verb(noun: Token) -> Token | None:
    """The verb of talk or evaluation whose object contains a nominal trigger ("did not
    comment on the strike", "condemned the attack", "denied responsibility for the raid")."""
    cur = noun
    for _ in range(5):
        if cur.dep_ not in _TALK_PATH or cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur if cur.lemma_.lower() in load_talk_verbs() else None
    return None


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _subjectish(tok: Token) -> bool:
    """True when the token sits inside a clause subject ("units within the PMU")."""
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return True
        if (
            cur.dep_
            not in (
                "compound",
                "amod",
                "poss",
                "conj",
                "appos",
                "prep",
                "pobj",
                "nmod",
                "det",
                "cc",
                "npadvmod",
            )
            or cur.head is cur
        ):
            return False
        cur = cur.head
    return False


def _victim_roots(head: Token, verbal: bool) -> list[Token]:
    """Noun heads in the recipient slots of the trigger (objects, "on/against" phrases)."""
    roots: list[Token] = []
    for c in head.children:
        if verbal and c.dep_ in VICTIM_DEPS:
            roots.append(c)
            for g in c.children:  # "opened fire on worshippers"
                if g.dep_ == "prep" and g.lower_ in RECIPIENT_PREPS:
                    roots += [x for x in g.children if x.dep_ == "pobj"]
        elif c.dep_ == "prep" and (
            c.lower_ in RECIPIENT_PREPS or (c.lower_ == "of" and not verbal)
        ):
            roots += [x for x in c.children if x.dep_ == "pobj"]
    return roots


def victim_sectors(head: Token, verbal: bool, nouns: NounLexicon) -> list[str]:
    """Sectors of civilian nouns in the trigger's recipient slots ("killed a journalist")."""
    out: list[str] = []
    for root in _victim_roots(head, verbal):
        heads = [root, *root.conjuncts]
        for t in list(heads):  # "members of a family", "a family gathering"
            heads += [c for c in t.children if c.dep_ == "compound"]
            heads += [g for c in t.children if c.lower_ == "of" for g in c.children]
        for t in heads:
            sector = nouns.civilian(t)
            if sector is not None:
                out.append(sector)
    return out


REPORTING = frozenset({"say", "tell", "report", "announce", "add", "state", "claim", "confirm"})


def _reporter(tok: Token) -> bool:
    """True when the token is in the subject of a reporting verb ("the army said")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("nsubj", "nsubjpass"):
            return cur.head.lemma_.lower() in REPORTING
        if cur.dep_ not in ("compound", "amod", "poss", "det", "appos", "conj") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _nearest(tok: Token, index: MentionIndex, *, left: bool, skip: set[str]) -> list[str]:
    start, end = sentence_bounds(tok)
    pivot = tok.i
    rng = (
        range(pivot - 1, max(start, pivot - FALLBACK_WINDOW) - 1, -1)
        if left
        else range(pivot + 1, min(end, pivot + FALLBACK_WINDOW + 1))
    )
    doc = tok.doc
    for i in rng:
        aid = index.actor_at.get(i)
        if aid is None or aid in skip or names_place(doc[i]):
            continue
        if not left and locative(doc[i]):
            continue
        if left and not _subjectish(doc[i]):
            continue
        if not left and _reporter(doc[i]):
            continue  # "..., the Israeli army said": the source of the report
        return [aid]
    return []


def extract_arguments(head: Token, typ: str, two_sided: bool, index: MentionIndex) -> Args:
    """Actors and recipients of the trigger whose syntactic head is ``head``."""
    lo, hi = sentence_bounds(head)
    if lo > head.sent.start or hi < head.sent.end:  # a paragraph break inside the parse
        index = MentionIndex(
            actor_at={i: index.actor_at[i] for i in range(lo, hi) if i in index.actor_at},
            place_at=index.place_at,
            state_at=index.state_at,
            territory_at=index.territory_at,
        )
    verbal = head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.tag_.startswith("VB"))
    actors: list[str] = []
    recipients: list[str] = []
    partners: list[str] = []
    has_subject = False
    talker: Token | None = None
    if verbal:
        has_subject = any(c.dep_ in ("nsubj", "agent") for c in head.children)
        actors, recipients = subject_ids(head, index)
        if not actors and not has_subject:
            actors = _inherited_subject(head, index)
        elif not actors and _pronoun_subject(head):
            actors = _inherited_subject(head, index, reported=True)
        if not actors and head.dep_ in ("relcl", "acl") and head.head.pos_ in ("NOUN", "PROPN"):
            actors = ids_in(np_tokens(head.head), index)
        objs, partners = _object_ids(head, typ, index, verbal=True, two_sided=two_sided)
        recipients += objs
    else:
        for c in head.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod"):
                actors += ids_in(np_tokens(c), index, states=True)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    actors += ids_in(np_tokens(g), index)
        objs, partners = _object_ids(head, typ, index, verbal=False, two_sided=two_sided)
        recipients += objs
        talker = talk_verb(head)
        if not actors and talker is None:
            verb = _governing_verb(head)
            if verb is not None:
                actors, passive = subject_ids(verb, index)
                if not actors:
                    actors = _inherited_subject(verb, index)
                if not recipients:
                    recipients = passive
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
            objs, _ = _object_ids(head.head, typ, index, verbal=True, two_sided=False)
            recipients += objs
    two = two_sided and bool(partners or len(actors) > 1)
    if partners:
        actors = actors + partners
    actors = _dedupe(actors)
    recipients = [r for r in _dedupe(recipients) if r not in actors]
    fallback = False
    recipient_fallback = False
    if not actors:
        inside = [t for t in np_tokens(head) if t.i < head.i]
        actors = [a for a in ids_in(inside, index) if a not in recipients][:1]
        if not actors and talker is None:  # left of a talk verb's object is its talker
            actors = _nearest(head, index, left=True, skip=set(recipients))
        fallback = bool(actors)
    light = None if verbal or talker is not None else _governing_verb(head)
    if not recipients and not two:
        found = complement_recipients(
            head, typ, index, verbal=verbal, light_verb=light, exclude=set(actors)
        )
        recipients = _dedupe(found)
    if not recipients and not two:
        recipients = _dedupe(
            grievance_recipients(head, typ, index, light_verb=light, exclude=set(actors))
        )
    sectors: list[str] = []
    if not recipients and typ in ("ASSAULT", "COERCE") and not two:
        sectors = victim_sectors(head, verbal, load_nouns())
        if not sectors and not verbal:
            verb = _governing_verb(head)
            if verb is not None:
                sectors = victim_sectors(verb, True, load_nouns())
    if not recipients and not sectors and not two:
        found = location_recipients(head, typ, index, light_verb=light)
        recipients = [r for r in found if r not in actors]
        recipient_fallback = bool(recipients)
    if not recipients and not sectors and typ in WANTS_RECIPIENT and not two:
        recipients = _nearest(head, index, left=False, skip=set(actors))
        recipient_fallback = bool(recipients)
    return Args(
        actors=actors,
        recipients=recipients,
        two_sided=two,
        fallback=fallback,
        recipient_fallback=recipient_fallback,
        has_subject=has_subject,
        victim_sectors=sectors,
    )
