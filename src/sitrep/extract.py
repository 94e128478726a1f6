"""Per-article extraction: a parsed Doc plus resources in, an Extraction out.

This is the pure middle of the data flow (mentions → resolution → events,
claims). It does no I/O; the resources are loaded once by ``load_resources``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.config import Settings
from sitrep.model import Article, Extraction, Skipped

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.knowledge.actors import ActorKB
    from sitrep.knowledge.codebook import Codebook
    from sitrep.knowledge.gazetteer import Gazetteer


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything extraction needs besides the Doc, loaded once per process."""

    kb: ActorKB
    gazetteer: Gazetteer
    codebook: Codebook


def load_resources(settings: Settings) -> Resources:
    """Load the actor KB, the gazetteer index (built on first use) and the codebook."""
    from sitrep.knowledge.actors import load_actor_kb
    from sitrep.knowledge.codebook import load_codebook
    from sitrep.knowledge.gazetteer import load_gazetteer

    return Resources(
        kb=load_actor_kb(settings.actors),
        gazetteer=load_gazetteer(settings.cache_dir),
        codebook=load_codebook(),
    )


def extract_article(doc: Doc, article: Article, resources: Resources) -> Extraction:
    """Resolve mentions and code events and claims for one parsed article."""
    from sitrep.claims import attribute_speakers
    from sitrep.events import extract_events
    from sitrep.resolve.actors import resolve_actors
    from sitrep.resolve.places import resolve_places
    from sitrep.resolve.times import resolve_times

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    actors, relations = resolve_actors(doc, article, resources.kb)
    t1 = time.perf_counter()
    places = resolve_places(doc, article, resources.gazetteer, actors)
    t2 = time.perf_counter()
    times = resolve_times(doc, article.published)
    t3 = time.perf_counter()
    events = extract_events(doc, article, actors, places, times, resources.codebook)
    t4 = time.perf_counter()
    actors, events, claims = attribute_speakers(doc, article, actors, events, resources.kb)
    t5 = time.perf_counter()
    timings.update(actors=t1 - t0, places=t2 - t1, times=t3 - t2, events=t4 - t3, claims=t5 - t4)
    return Extraction(
        article=article,
        skipped=None,
        actors=actors,
        places=places,
        events=events,
        claims=claims,
        relations=relations,
        timings=timings,
    )


def skipped_extraction(record: Skipped) -> Extraction:
    return Extraction(article=None, skipped=record)


def failed(article: Article, source: str, exc: BaseException) -> Extraction:
    """An article whose extraction raised: kept as a Skipped record with the reason."""
    reason = f"extraction failed: {type(exc).__name__}: {exc}".splitlines()[0][:200]
    return skipped_extraction(
        Skipped(
            source=source,
            reason=reason,
            input_id=article.input_id,
            article_id=article.id,
            title=article.title,
            url=article.url,
            outlet=article.outlet,
            published=article.published,
        )
    )


def extract_stream(
    nlp: Language,
    items: Iterable[Article | Skipped],
    resources: Resources,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Parse and extract a stream of articles, passing skip records through in order.

    One ``nlp.pipe`` call serves the whole stream (skip records ride along as
    empty texts), so ``n_process > 1`` starts its workers once.
    """
    pairs = ((item.text if isinstance(item, Article) else "", item) for item in items)
    for doc, item in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if isinstance(item, Skipped):
            yield skipped_extraction(item)
            continue
        try:
            yield extract_article(doc, item, resources)
        except Exception as exc:  # one bad article never stops the run
            yield failed(item, item.sources[0] if item.sources else "", exc)
