"""Inputs for scoring events: actors, places and times for a parsed document.

The scorer uses the team's resolvers when they are importable
(``sitrep.resolve.actors.resolve_actors``, ``sitrep.resolve.places.resolve_places``,
``sitrep.resolve.times.resolve_times``). Until they are, a plain KB-alias matcher stands
in for actors (names, aliases and demonyms of the actor KB, whole words), so that the
event scores measure event extraction rather than a missing module. Which one ran is
reported in the scores.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from sitrep.model import Actor, Article, Place, TimeValue

_LOCATIVE = re.compile(r"\b(?:near|in|at|outside|around)\s+(?:al[\s-]+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AliasMatcher:
    pattern: re.Pattern[str]
    by_name: dict[str, Actor]


def build_alias_matcher(kb: Any) -> AliasMatcher:
    """A whole-word regex over every KB name, alias and demonym (longest first)."""
    by_name: dict[str, Actor] = {}
    for e in kb.entries:
        names = [*e.names(), *e.demonyms]
        for name in names:
            key = name if (len(name) <= 4 and name.isupper()) else name.lower()
            by_name.setdefault(
                key,
                Actor(
                    id=e.id,
                    name=e.name,
                    in_kb=True,
                    country=e.country,
                    sector=e.sector,
                    acled_inter=e.acled_inter,
                    mentions=(),
                    kind=e.kind,
                ),
            )
    alts = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])", re.IGNORECASE
    )
    return AliasMatcher(pattern=pattern, by_name=by_name)


def match_actors(text: str, matcher: AliasMatcher) -> tuple[Actor, ...]:
    spans: dict[str, list[tuple[int, int]]] = {}
    proto: dict[str, Actor] = {}
    for m in matcher.pattern.finditer(text):
        s = m.group(0)
        actor = matcher.by_name.get(s) or matcher.by_name.get(s.lower())
        if actor is None:
            continue
        if s.islower() and len(s) <= 4:
            continue
        if actor.kind == "person" and _LOCATIVE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Near Al Baghdadi": a place named like a person
        spans.setdefault(actor.id, []).append((m.start(), m.end()))
        proto[actor.id] = actor
    out = []
    for aid, ms in spans.items():
        a = proto[aid]
        out.append(
            Actor(
                id=a.id,
                name=a.name,
                in_kb=True,
                country=a.country,
                sector=a.sector,
                acled_inter=a.acled_inter,
                mentions=tuple(ms),
                kind=a.kind,
                component="sitrep.evaluation.alias_matcher",
            )
        )
    return tuple(out)


def _resolver(module: str, name: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


@dataclass(frozen=True, slots=True)
class Resolvers:
    """Callables producing actors, places and times for a doc (the team's when present)."""

    actors: Callable[[Doc, Article], tuple[Actor, ...]]
    places: Callable[[Doc, Article, Sequence[Actor]], tuple[Place, ...]]
    times: Callable[[Doc, Article], tuple[TimeValue, ...]]
    used: set[str]  # which actor/place/time sources actually ran

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self.used))


def make_resolvers(kb: Any, gazetteer: Any = None) -> Resolvers:
    resolve_actors = _resolver("sitrep.resolve.actors", "resolve_actors")
    resolve_places = _resolver("sitrep.resolve.places", "resolve_places")
    resolve_times = _resolver("sitrep.resolve.times", "resolve_times")
    matcher = build_alias_matcher(kb)
    used: set[str] = set()

    def actors(doc: Doc, article: Article) -> tuple[Actor, ...]:
        # the resolver reads the spans of the sitrep.actors component; a bare model
        # (no component in the pipeline) falls back to the KB alias matcher
        if resolve_actors is not None and "actors" in doc.spans:
            used.add("actors:resolve_actors")
            result = resolve_actors(doc, article, kb)
            if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], tuple):
                return tuple(result[0])
            return tuple(result)
        used.add("actors:kb-alias-matcher")
        return match_actors(doc.text, matcher)

    def places(doc: Doc, article: Article, acts: Sequence[Actor]) -> tuple[Place, ...]:
        if resolve_places is None or gazetteer is None or "places" not in doc.spans:
            return ()
        used.add("places:resolve_places")
        return tuple(resolve_places(doc, article, gazetteer, acts))

    def times(doc: Doc, article: Article) -> tuple[TimeValue, ...]:
        if resolve_times is None:
            return ()
        if "times" not in doc.spans:  # pipeline without sitrep.times.v1: NER dates
            doc.spans["times"] = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
            used.add("times:ner-dates")
        used.add("times:resolve_times")
        return tuple(resolve_times(doc, article.published))

    return Resolvers(actors=actors, places=places, times=times, used=used)
