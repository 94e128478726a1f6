"""Token index -> actors mentioned there, for the claim stage (built once per document)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc


class ActorIndex:
    """Token index -> actors mentioned there (built once per document)."""

    def __init__(self, doc: Doc, actors: Sequence[Actor], generic: frozenset[str]) -> None:
        self.by_token: dict[int, list[Actor]] = {}
        self.generic_at: set[tuple[int, str]] = set()  # (token, actor id): a bare "media"
        for actor in actors:
            for start, end in actor.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                bare = all(t.lemma_.lower() in generic or t.pos_ == "DET" for t in span)
                for i in range(span.start, span.end):
                    bucket = self.by_token.setdefault(i, [])
                    if actor not in bucket:
                        bucket.append(actor)
                    if bare:
                        self.generic_at.add((i, actor.id))

    def add(self, doc: Doc, actor: Actor) -> None:
        """Index (or re-index) an actor created for a speaker."""
        for start, end in actor.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                bucket = [a for a in self.by_token.get(i, []) if a.id != actor.id]
                self.by_token[i] = [*bucket, actor]

    def in_range(self, start: int, end: int, exclude: str | None = None) -> list[str]:
        ids: list[str] = []
        for i in range(start, end):
            for actor in self.by_token.get(i, ()):
                if actor.id not in ids and actor.id != exclude:
                    ids.append(actor.id)
        return ids
