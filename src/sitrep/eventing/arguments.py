"""Event arguments from the dependency parse: actors and recipients (place and time are
attached in :mod:`sitrep.eventing.anchors`).

Actors and places arrive as resolved records with character offsets; they are first
projected onto token indices (``MentionIndex``) so that every lookup afterwards is a
dict access. Argument rules follow the parse (nsubj, agent "by", compound/amod/poss of
nominal triggers, dobj and "on/against/at" objects, the governing light verb of a
nominal trigger); when the parse gives nothing, the nearest mention in the sentence is
used and the result is flagged as a fallback (it lowers the confidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sitrep.eventing.nouns import NounLexicon, load_nouns
from sitrep.model import Actor, Place

RECIPIENT_PREPS = frozenset(
    {"on", "against", "at", "upon", "into", "toward", "towards", "targeting", "to", "over"}
)
PARTNER_PREPS = frozenset({"with"})
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "near",
        "at",
        "on",
        "outside",
        "around",
        "inside",
        "across",
        "within",
        "from",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "throughout",
        "along",
        "by",
        "into",
        "off",
    }
)
LOCATIVE_WORDS = frozenset({"near", "outside", "in", "at", "around", "inside", "across"})
PARTNER_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
OF_IS_RECIPIENT = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "AID", "SUPPORT"})
OF_IS_ACTOR = frozenset({"RETREAT", "MOBILIZE", "PROTEST", "CONSULT"})
# an actor name modifying one of these nouns names a place ("the Iraqi border with Jordan")
GEO_NOUNS = frozenset(
    {
        "border",
        "borders",
        "frontier",
        "boundary",
        "area",
        "region",
        "province",
        "city",
        "town",
        "village",
        "territory",
        "side",
        "capital",
        "crossing",
        "coast",
        "airspace",
        "soil",
        "countryside",
        "desert",
        "governorate",
        "district",
        "neighborhood",
        "outskirts",
    }
)
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
NP_CUT = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct"})
FALLBACK_WINDOW = 12
# a name governed by one of these is where something happened, never a fallback recipient
PLACE_PREPS = frozenset(
    {"in", "near", "outside", "around", "inside", "across", "within", "throughout", "along"}
)
VICTIM_DEPS = frozenset({"dobj", "nsubjpass", "obj", "attr"})


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Token index -> actor id / location place id for one document."""

    actor_at: dict[int, str]
    place_at: dict[int, str]
    state_at: dict[int, str]  # country-level place names, as the state actor id ("usa")

    @property
    def state_ids(self) -> frozenset[str]:
        return frozenset(self.state_at.values())

    @property
    def name_tokens(self) -> frozenset[int]:
        return frozenset(self.actor_at) | frozenset(self.place_at)


def _tokens(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return range(0)
    return range(span.start, span.end)


def build_index(doc: Doc, actors: Sequence[Actor], places: Sequence[Place]) -> MentionIndex:
    """Project mentions onto tokens. An actor outside the KB whose mention is also a place
    mention ("Al Qaim") or a weapon noun ("VBIED") is not a participant."""
    actor_at: dict[int, str] = {}
    place_at: dict[int, str] = {}
    placed = {i for p in places for s, e in p.mentions for i in _tokens(doc, s, e)}
    nouns = load_nouns()
    for actor in actors:
        for s, e in actor.mentions:
            toks = _tokens(doc, s, e)
            if (
                not actor.in_kb
                and toks
                and (any(i in placed for i in toks) or nouns.weapon(doc[toks[-1]]) is not None)
            ):
                continue
            for i in toks:
                actor_at.setdefault(i, actor.id)
    state_at: dict[int, str] = {}
    for place in places:
        for s, e in place.mentions:
            for i in _tokens(doc, s, e):
                if place.role == "actor" and place.actor:
                    actor_at.setdefault(i, place.actor)
                elif place.role == "location":
                    place_at.setdefault(i, place.id)
                    if place.precision == "country" and place.country:
                        state_at.setdefault(i, place.country.lower())
    return MentionIndex(actor_at=actor_at, place_at=place_at, state_at=state_at)


def np_tokens(tok: Token, *, with_clauses: bool = False) -> list[Token]:
    """The noun phrase under ``tok`` without relative/adverbial clauses."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if with_clauses or c.dep_ not in NP_CUT:
                stack.append(c)
    return out


def _names_place(t: Token) -> bool:
    """An actor mention used geographically: "Iraqi border", "the border with Jordan"."""
    cur = t
    for _ in range(4):
        head = cur.head
        if cur.dep_ in ("amod", "compound", "poss", "nmod") and head.lemma_.lower() in GEO_NOUNS:
            return True
        if (
            cur.dep_ == "pobj"
            and head.lower_ in ("with", "of")
            and (head.head.lemma_.lower() in GEO_NOUNS)
        ):
            return True
        if cur.dep_ not in ("conj", "compound", "cc", "flat", "appos") or head is cur:
            return False
        cur = head
    return False


def ids_in(tokens: Iterable[Token], index: MentionIndex, *, states: bool = False) -> list[str]:
    """Actor ids in the tokens, in text order; ``states``: country names count as the
    state (agent positions: "US airstrikes", "Turkey shelled ...")."""
    seen: dict[str, int] = {}
    for t in tokens:
        aid = index.actor_at.get(t.i)
        if aid is None and states and not _locative(t):
            aid = index.state_at.get(t.i)
        if aid is not None and _names_place(t):
            continue
        if aid is not None and aid not in seen:
            seen[aid] = t.i
    return sorted(seen, key=lambda a: seen[a])


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


def subject_ids(verb: Token, index: MentionIndex) -> tuple[list[str], list[str]]:
    """(actors, recipients) from a verb's subject, passive subject and agent."""
    actors: list[str] = []
    recipients: list[str] = []
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS and first_word(c).lower_ in LOCATIVE_WORDS:
            continue  # "Near Al Baghdadi, one strike ...": a place phrase mis-parsed as subject
        if c.dep_ in SUBJECT_DEPS:
            # an English subject precedes its verb; material after it is a mis-attachment
            toks = [t for t in np_tokens(c) if t.i < verb.i or c.i > verb.i]
            actors += ids_in(toks, index) or ids_in(toks, index, states=True)
        elif c.dep_ == "nsubjpass":
            recipients += ids_in(np_tokens(c), index)
        elif c.dep_ == "agent":
            for g in c.children:
                actors += ids_in(np_tokens(g), index)
    return actors, recipients


def _inherited_subject(verb: Token, index: MentionIndex) -> list[str]:
    """Climb xcomp/conj/advcl chains ("agreed to cooperate", "struck X and destroyed Y")."""
    cur = verb
    for _ in range(4):
        if cur.dep_ not in ("xcomp", "conj", "advcl", "pcomp") or cur.head is cur:
            return []
        cur = cur.head
        if cur.dep_ == "prep":  # "by transferring" -> the verb above the preposition
            cur = cur.head
        actors, _ = subject_ids(cur, index)
        if actors:
            return actors
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


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


_BOUNDS_KEY = "sitrep.events.bounds"


def _all_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Per token: its sentence cut at newline tokens; computed once per doc (one pass)."""
    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached  # type: ignore[no-any-return]
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start
        breaks = [t.i for t in sent if t.is_space and "\n" in t.text]
        for b in [*breaks, sent.end]:
            out.extend([(start, b)] * (b - start))
            if b < sent.end:
                out.append((b, b + 1))  # the newline token itself
            start = b + 1
    doc.user_data[_BOUNDS_KEY] = out
    return out


def sentence_bounds(tok: Token) -> tuple[int, int]:
    """Token range of the trigger's sentence, cut at paragraph breaks (newlines)."""
    return _all_bounds(tok.doc)[tok.i]


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


def _locative(tok: Token) -> bool:
    """Inside the object of a place preposition ("in Lebanon"): a location, not a party."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "pobj" and cur.head.lower_ in PLACE_PREPS:
            return True
        if cur.dep_ not in ("compound", "conj", "appos", "amod", "flat") or cur.head is cur:
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
        if aid is None or aid in skip or _names_place(doc[i]):
            continue
        if not left and _locative(doc[i]):
            continue
        if left and not _subjectish(doc[i]):
            continue
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
        )
    verbal = head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.tag_.startswith("VB"))
    actors: list[str] = []
    recipients: list[str] = []
    partners: list[str] = []
    has_subject = False
    if verbal:
        has_subject = any(c.dep_ in ("nsubj", "agent") for c in head.children)
        actors, recipients = subject_ids(head, index)
        if not actors and not has_subject:
            actors = _inherited_subject(head, index)
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
        if not actors:
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
        if not actors:
            actors = _nearest(head, index, left=True, skip=set(recipients))
        fallback = bool(actors)
    sectors: list[str] = []
    if not recipients and typ in ("ASSAULT", "COERCE") and not two:
        sectors = victim_sectors(head, verbal, load_nouns())
        if not sectors and not verbal:
            verb = _governing_verb(head)
            if verb is not None:
                sectors = victim_sectors(verb, True, load_nouns())
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
