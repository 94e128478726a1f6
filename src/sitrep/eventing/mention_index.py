"""Mentions projected onto tokens, and the parse helpers every argument rule uses.

Actors and places arrive as resolved records with character offsets; ``build_index``
projects them onto token indices once per document so that every lookup afterwards is
a dict access. ``np_tokens`` gives a noun phrase without its clauses, ``ids_in`` the
actor ids inside tokens, ``sentence_bounds`` the trigger's sentence cut at paragraph
breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sitrep.eventing.nouns import load_nouns
from sitrep.model import Actor, Place

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
NP_CUT = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct"})
# a name governed by one of these is where something happened, never a fallback recipient
PLACE_PREPS = frozenset(
    {"in", "near", "outside", "around", "inside", "across", "within", "throughout", "along"}
)


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Token index -> actor id / location place id for one document."""

    actor_at: dict[int, str]
    place_at: dict[int, str]
    state_at: dict[int, str]  # country-level place names, as the state actor id ("usa")
    # sub-national places (cities, provinces) -> the state id of their country ("baghdad"
    # -> "irq"); only the territory rule of :mod:`sitrep.eventing.recipients` reads it
    territory_at: dict[int, str] = field(default_factory=dict)

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
    # a place read as a location, or any place name that is the whole mention
    located = {
        i for p in places if p.role == "location" for s, e in p.mentions for i in _tokens(doc, s, e)
    }
    named = {(r.start, r.stop) for p in places for s, e in p.mentions for r in [_tokens(doc, s, e)]}
    nouns = load_nouns()
    for actor in actors:
        for s, e in actor.mentions:
            toks = _tokens(doc, s, e)
            if (
                not actor.in_kb
                and toks
                and (
                    any(i in located for i in toks)
                    or (toks.start, toks.stop) in named
                    or nouns.weapon(doc[toks[-1]]) is not None
                )
            ):
                continue  # "Al Qaim" (a place), "VBIED" (a weapon); not "Palestinian police"
            for i in toks:
                actor_at.setdefault(i, actor.id)
    state_at: dict[int, str] = {}
    territory_at: dict[int, str] = {}
    for place in places:
        for s, e in place.mentions:
            for i in _tokens(doc, s, e):
                if place.role == "actor" and place.actor:
                    actor_at.setdefault(i, place.actor)
                elif place.role == "location":
                    place_at.setdefault(i, place.id)
                    if place.precision == "country" and place.country:
                        state_at.setdefault(i, place.country.lower())
                    elif place.country:
                        territory_at.setdefault(i, place.country.lower())
    return MentionIndex(
        actor_at=actor_at, place_at=place_at, state_at=state_at, territory_at=territory_at
    )


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


def names_place(t: Token) -> bool:
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
        if aid is None and states and not locative(t):
            aid = index.state_at.get(t.i)
        if aid is not None and names_place(t):
            continue
        if aid is not None and aid not in seen:
            seen[aid] = t.i
    return sorted(seen, key=lambda a: seen[a])


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


def locative(tok: Token) -> bool:
    """Inside the object of a place preposition ("in Lebanon"): a location, not a party."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "pobj" and cur.head.lower_ in PLACE_PREPS:
            return True
        if cur.dep_ not in ("compound", "conj", "appos", "amod", "flat") or cur.head is cur:
            return False
        cur = cur.head
    return False
