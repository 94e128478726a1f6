"""Speakers that no actor covers: "a party spokesman said", "Witnesses told AFP".

The attribution finder knows the source phrase of a claim and its head. When no actor
mention covers that phrase (an unnamed spokesman, witnesses, analysts, a body named
only by its function: "the monitoring group", "his office"), the claim would have no
claimant. :class:`SpeakerRegistry` credits such a phrase as an actor that is not in the
KB (``x:<slug>``, like other unknown actors) so the claim and the events inside it name
who speaks. A named speaker that only an apposition describes ("Saraya Awliya al-Dam,
an Iran-aligned militia, claimed ...") is credited by its name.

Not speakers: pronouns (resolved elsewhere), documents and reports ("media reports
indicate", "another article noted": ``document_sources`` in ``cues.yaml``) and place
names (a capital standing for its government is the actor recogniser's job).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sitrep.mentions.actor_matching import slug
from sitrep.model import Actor, Offsets

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

COMPONENT = "sitrep.claims"
SPEAKER_CONFIDENCE = 0.5
_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_AUTHOR_PREPS = frozenset({"from", "by", "of"})
_NAMING = frozenset({"call", "name", "know", "dub"})


def speaker_phrase(head: Token) -> tuple[int, int]:
    """Token range of the speaker noun phrase without determiner or trailing modifiers:
    "the Kurdistan Region's interior ministry", "a party spokesman" -> "party spokesman".
    A description that gives a name ("a group called X", "a militia known as X") is X."""
    for child in head.rights:
        if child.dep_ == "acl" and child.lemma_.lower() in _NAMING:
            name = next(
                (
                    t
                    for t in child.subtree
                    if t.pos_ == "PROPN" and t.head.i != t.i and t.head.pos_ != "PROPN"
                ),
                None,
            )
            if name is not None:
                head = name
                break
    start = head.i
    for child in head.lefts:
        if child.dep_ in _MODIFIERS:
            start = min(start, child.left_edge.i)
    return start, head.i + 1


class SpeakerRegistry:
    """Actors created for uncovered speakers of one document (and the KB actors they extend)."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        documents: frozenset[str],
        skip: set[int],
        country_of: Callable[[int, int], str | None] | None = None,
    ) -> None:
        self.doc = doc
        # country of a speaker phrase from its possessor ("the Kurdistan Region's service")
        self.country_of = country_of
        self.documents = documents
        self.skip = skip  # token indices of place names
        self.original = tuple(actors)
        self.by_id: dict[str, Actor] = {a.id: a for a in actors}
        self.changed: set[str] = set()

    def speaks(self, head: Token) -> bool:
        """Can this source-phrase head be credited as a speaker of its own?"""
        return (
            head.pos_ in _NOUNS
            and head.lemma_.lower() not in self.documents
            and head.lower_ not in self.documents
            and head.i not in self.skip
        )

    def credit(self, head: Token) -> Actor | None:
        """The actor for the speaker phrase headed by ``head`` (created or extended); for a
        document, its author ("a statement from the ministry said")."""
        if head.lemma_.lower() in self.documents:
            author = next(
                (
                    pobj
                    for prep in head.rights
                    if prep.dep_ == "prep" and prep.lower_ in _AUTHOR_PREPS
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                ),
                None,
            )
            if author is None:
                return None
            head = author
        if not self.speaks(head):
            return None
        start, end = speaker_phrase(head)
        span = self.doc[start:end]
        actor_id = slug(span.text)
        if actor_id == "x:unknown":
            return None
        mention: Offsets = (span.start_char, span.end_char)
        old = self.by_id.get(actor_id)
        if old is not None:
            if mention in old.mentions:
                return old
            actor = Actor(
                id=old.id,
                name=old.name,
                in_kb=old.in_kb,
                country=old.country,
                sector=old.sector,
                acled_inter=old.acled_inter,
                mentions=tuple(sorted({*old.mentions, mention})),
                kind=old.kind,
                component=old.component,
                confidence=old.confidence,
            )
        else:
            actor = Actor(
                id=actor_id,
                name=span.text,
                in_kb=False,
                country=self.country_of(*mention) if self.country_of else None,
                sector=None,
                acled_inter=None,
                mentions=(mention,),
                kind=None,
                component=COMPONENT,
                confidence=SPEAKER_CONFIDENCE,
            )
        self.by_id[actor_id] = actor
        self.changed.add(actor_id)
        return actor

    def actors(self) -> tuple[Actor, ...]:
        """The document's actors: the originals (extended where a speaker joined one) in their
        order, then the new speakers."""
        seen = {a.id for a in self.original}
        out = [self.by_id[a.id] for a in self.original]
        out += [a for actor_id, a in self.by_id.items() if actor_id not in seen]
        return tuple(out)
