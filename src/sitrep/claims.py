"""Attribution and claims: who says what about whom, and the modality of every event.

:func:`attribute` is the pipeline stage: given the parsed Doc, the article, its
resolved actors and its events, it returns the events with ``modality`` and
``claimant`` set, and the :class:`~sitrep.model.Claim` records. Events inside a
claim's content carry the claim's claimant and a modality from its stance
(reported / alleged / denied / rumored), so an embedded event is never asserted.

Cross-article grouping lives in :mod:`sitrep.claiming.narratives` and is
re-exported here: :func:`group_claims`, :func:`contested_claims`, :class:`Narrative`.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sitrep.claiming.actor_index import ActorIndex
from sitrep.claiming.attribution import AttributionFinder
from sitrep.claiming.lexicon import CueLexicon, ModalityLexicon, load_cues, load_modality
from sitrep.claiming.modality import (
    clause_years_historical,
    date_is_historical,
    parse_modality,
    raised_hedge,
    year_tokens,
)
from sitrep.claiming.narratives import Narrative, contested_claims, group_claims
from sitrep.claiming.spans import Attribution
from sitrep.claiming.speakers import SpeakerRegistry
from sitrep.claiming.speech_time import SpeechTimes
from sitrep.model import MODALITIES, Actor, Article, Claim, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from sitrep.knowledge.actors import ActorKB

__all__ = ["Narrative", "attribute", "attribute_speakers", "contested_claims", "group_claims"]

COMPONENT = "sitrep.claims"
CARRY_CONFIDENCE = 0.6  # a claim carried into the next sentence ("according to X. ...")
CARRY_SENTENCES = 3  # at most this many following sentences (after the first: pronoun-led)
PRONOUN_WINDOW = 3  # sentences back to look for the speaker of "he added"


@dataclass(frozen=True, slots=True)
class _Draft:
    """A claim before ids are assigned (token ranges resolved to actors)."""

    att: Attribution
    claimant: str | None
    about: tuple[str, ...]
    content: tuple[int, int]  # token range
    confidence: float = 1.0


@lru_cache(maxsize=1)
def _finder() -> AttributionFinder:
    return AttributionFinder(load_cues())


def _is_outlet(actor: Actor) -> bool:
    return actor.kind == "outlet" or actor.sector == "JRN"


_MODIFIER_DEPS = frozenset({"compound", "poss", "nmod", "amod", "conj", "appos"})
_SOURCE_PREPS = frozenset({"of", "for", "from", "at", "with", "in"})
_EXCLUDED = 9


def _relation(token: Token, head: Token) -> str:
    """How a token of the source phrase hangs from its head: head, modifier, prep or deep."""
    if token.i == head.i:
        return "head"
    if token.head.i == head.i and token.dep_ in _MODIFIER_DEPS:
        return "modifier"
    if (
        token.dep_ == "pobj"
        and token.head.dep_ == "prep"
        and token.head.head.i == head.i
        and token.head.lower_ in _SOURCE_PREPS
    ):
        return "prep"  # "a spokesman for the SDF"
    return "deep"


def _source_rank(token: Token, head: Token, actor: Actor, generic: bool) -> int:
    """Lower is better; ``_EXCLUDED`` for actors that are not the speaker.

    Outlets first; then the head itself ("the army said"), its modifiers ("an SDF
    spokesman", "the coalition's spokesman"), a "for/of" phrase ("a spokesman for
    X"). A generic head ("residents", "media") takes only named modifiers
    ("Al-Ain media"), not nationalities ("Iranian media") or places ("residents of X").
    Anything deeper ("cells working for the regime") is never the speaker.
    """
    relation = _relation(token, head)
    if relation == "deep":
        return _EXCLUDED
    if _is_outlet(actor):
        return 0
    if generic:
        if relation == "modifier" and token.pos_ == "PROPN" and token.dep_ != "amod":
            return 2
        if relation == "modifier" and token.dep_ == "compound":
            return 3  # "police sources", "hospital sources": the body they speak for
        if relation == "head":
            return 4  # "residents said": an unnamed group, credited as itself
        return _EXCLUDED
    return {"head": 1, "modifier": 2, "prep": 3}[relation]


def _resolve_source(
    doc: Doc, att: Attribution, index: ActorIndex, cues: CueLexicon
) -> tuple[str | None, bool]:
    """The claimant actor id for an attribution's source phrase; (id, generic)."""
    if att.source is None or att.source_head is None:
        return None, True
    head: Token = doc[att.source_head]
    generic = head.lemma_.lower() in cues.generic_claimants
    ranked: list[tuple[int, int, str]] = []
    for i in range(*att.source):
        token = doc[i]
        for actor in index.by_token.get(i, ()):
            if (i, actor.id) in index.generic_at and i != head.i:
                continue  # "media reports": an unnamed source, not an actor to credit
            rank = _source_rank(token, head, actor, generic)
            if rank < _EXCLUDED:
                ranked.append((rank, abs(head.i - i), actor.id))
    if not ranked:
        return None, generic
    ranked.sort()
    return ranked[0][2], False


def _pronoun_source(
    doc: Doc, att: Attribution, drafts: list[_Draft], index: ActorIndex
) -> str | None:
    for draft in reversed(drafts):
        if draft.att.kind == "author" or att.sentence - draft.att.sentence > PRONOUN_WINDOW:
            continue
        if draft.claimant is not None or draft.att.sentence < att.sentence:
            # the latest earlier speaker, even an unnamed one ("Witnesses said ... they said")
            return draft.claimant
    if att.source_head is None:
        return None
    sent_start = doc[att.source_head].sent.start
    floor = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    lo, hi = att.content
    for i in range(att.source_head - 1, floor - 1, -1):
        if lo <= i < hi:
            continue  # what "they" say is not who "they" are
        for actor in index.by_token.get(i, ()):
            return actor.id
    return None


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _speaker(
    doc: Doc, att: Attribution, claimant: str | None, index: ActorIndex, speakers: SpeakerRegistry
) -> str | None:
    """Credit an uncovered source phrase as a speaker actor: when no actor was found, or
    when the speaker is a name no actor covers and only an unlisted description was."""
    if att.source_head is None:
        return claimant
    head: Token = doc[att.source_head]
    covered = bool(index.by_token.get(head.i))
    if covered or (claimant is not None and (head.pos_ != "PROPN" or claimant[:2] != "x:")):
        return claimant
    actor = speakers.credit(head)
    if actor is None:
        return claimant
    index.add(doc, actor)
    return actor.id


def _drafts(
    doc: Doc,
    atts: list[Attribution],
    index: ActorIndex,
    cues: CueLexicon,
    speakers: SpeakerRegistry | None = None,
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for att in atts:
        if att.kind == "author":
            claimant = None
            for other in drafts:
                if other.att.kind != "author" and _inside(att.content, other.content):
                    claimant = other.claimant
        elif att.pronoun:
            claimant = _pronoun_source(doc, att, drafts, index)
        else:
            claimant, _generic = _resolve_source(doc, att, index, cues)
            if speakers is not None and att.source is not None:
                claimant = _speaker(doc, att, claimant, index, speakers)
        if (
            claimant is None
            and att.kind == "verb"
            and (att.source is None or att.borrowed)
            and not att.passive
        ):
            # "X said ... and accused Y of ...": a speech verb with no subject of its
            # own inside X's claim is X's
            for other in drafts:
                if other.claimant is not None and _inside(att.cue_span, other.content):
                    claimant = other.claimant
        about: list[str] = []
        if att.anaphoric:  # "rejected the claim": what the latest earlier claim is about
            for other in reversed(drafts):
                if other.att.cue_span[0] < att.cue_span[0] and other.att.kind != "author":
                    about = list(other.about) or index.in_range(*other.content)
                    break
        if not about and att.about is not None:
            about = index.in_range(*att.about, exclude=claimant)
        if not about:
            about = index.in_range(*att.content, exclude=claimant)
        if not about and att.stance == "deny" and claimant is not None:
            about = [claimant]
        drafts.append(_Draft(att, claimant, tuple(about), att.content))
    return drafts


_ANAPHORS = frozenset({"it", "this", "these", "they", "he", "she", "that"})


def _carry(doc: Doc, drafts: list[_Draft], index: ActorIndex) -> list[_Draft]:
    """Continue an attribution into the following sentences of the same paragraph.

    "According to X, ... . <next sentence>" and a quotation that runs on into the
    next sentence keep their claimant (with a lower confidence). A further sentence
    is carried only while it opens with a pronoun ("It is the second ...") that
    continues the reported story. Carrying stops at a paragraph break and at a
    sentence with an attribution of its own.
    """
    sents = list(doc.sents)
    claimed = {d.att.sentence for d in drafts}
    extra: list[_Draft] = []
    for draft in drafts:
        att = draft.att
        if draft.claimant is None or att.kind not in {"phrase", "verb"}:
            continue
        prev = sents[att.sentence]
        reach = max(draft.content[1], att.cue_span[1], att.source[1] if att.source else 0)
        if reach < prev.end - 2:
            continue
        for step in range(1, 1 + CARRY_SENTENCES):
            nxt = att.sentence + step
            if nxt >= len(sents) or nxt in claimed:
                break
            sent = sents[nxt]
            gap = doc[prev.end - 1 : sent.start + 1].text if sent.start > prev.end - 1 else ""
            first = next((t for t in sent if not t.is_space), None)
            if "\n" in gap or first is None:
                break
            quoted = first.text in {"“", '"'}
            if att.kind == "verb" and not quoted:
                break
            if step > 1 and not (quoted or first.lower_ in _ANAPHORS):
                break
            start, end = _trim_sentence(doc, sent.start, sent.end)
            if start >= end:
                break
            moved = dataclasses.replace(att, content=(start, end), sentence=nxt)
            about = tuple(index.in_range(start, end, exclude=draft.claimant))
            confidence = CARRY_CONFIDENCE / step
            extra.append(_Draft(moved, draft.claimant, about, (start, end), confidence))
            claimed.add(nxt)
            prev = sent
    return extra


def _trim_sentence(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _author_negations(
    doc: Doc, drafts: list[_Draft], index: ActorIndex, cues: CueLexicon
) -> list[_Draft]:
    """The author's negated statements that reject a claim made in the same article.

    "Al-Ain accused the PMU of aiding ISIS. ... The PMU did not aid ISIS." The
    negated clause becomes a deny claim (claimant None) when its subject is what a
    claim is about and its verb has that claim's predicate.
    """
    claimed: list[tuple[str, set[str]]] = []
    for d in drafts:
        if d.att.stance == "deny":
            continue
        predicate = cues.predicate_of(doc[d.content[0] : d.content[1]].text)
        if predicate is not None:
            claimed.append((predicate, set(d.about)))
    if not claimed:
        return []
    covered = [d.content for d in drafts]
    extra: list[_Draft] = []
    for token in doc:
        if token.pos_ not in {"VERB", "AUX"} or not any(c.dep_ == "neg" for c in token.children):
            continue
        if any(lo <= token.i < hi for lo, hi in covered):
            continue
        predicate = cues.predicate_forms.get(token.lower_) or cues.predicate_forms.get(
            token.lemma_.lower()
        )
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if predicate is None or subject is None:
            continue
        about = index.in_range(subject.left_edge.i, subject.right_edge.i + 1)
        if not any(p == predicate and set(about) & targets for p, targets in claimed):
            continue
        span = (token.left_edge.i, token.right_edge.i + 1)
        while span[1] > span[0] and doc[span[1] - 1].is_punct:
            span = (span[0], span[1] - 1)
        att = Attribution(
            kind="author",
            cue="not",
            stance="deny",
            cue_span=(token.i, token.i + 1),
            content=span,
            about=(subject.left_edge.i, subject.right_edge.i + 1),
            sentence=0,
        )
        extra.append(_Draft(att, None, tuple(about), span))
    return extra


def _holds(doc: Doc, att: Attribution, triggers: list[int]) -> bool:
    """True when an event trigger starts inside the attribution's content."""
    lo, hi = _char_range(doc, att.content)
    k = bisect_left(triggers, lo)
    return k < len(triggers) and triggers[k] < hi


def _char_range(doc: Doc, tokens: tuple[int, int]) -> tuple[int, int]:
    return doc[tokens[0]].idx, doc[tokens[1] - 1].idx + len(doc[tokens[1] - 1].text)


_MARKED = frozenset({"alleged", "denied", "rumored"})


def _precedence(modalities: set[str], by_author: bool) -> set[str]:
    """An accusation, denial or rumour is more than a report: "X said Y accused Z of
    attacking" is alleged, not also reported; a source's denial is not also a
    negation (the author's own "Neither A nor B did" is both)."""
    out = set(modalities)
    if out & _MARKED:
        out.discard("reported")
    if "denied" in out and not by_author:
        out.discard("negated")
    return out


def _ordered(modalities: set[str]) -> tuple[str, ...]:
    return tuple(m for m in MODALITIES if m in modalities)


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger[0], event.trigger[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def attribute(
    doc: Doc, article: Article, actors: Sequence[Actor], events: Sequence[Event]
) -> tuple[tuple[Event, ...], tuple[Claim, ...]]:
    """Find claims in ``doc`` and set every event's modality and claimant.

    A claim whose speaker no actor covers has no claimant here; see
    :func:`attribute_speakers`.
    """
    return _attribute(doc, article, actors, events, None)


def attribute_speakers(
    doc: Doc,
    article: Article,
    actors: Sequence[Actor],
    events: Sequence[Event],
    kb: ActorKB | None = None,
) -> tuple[tuple[Actor, ...], tuple[Event, ...], tuple[Claim, ...]]:
    """Like :func:`attribute`, and credit speakers that no actor covers ("a party
    spokesman said", "Witnesses told AFP") as actors not in the KB; returns the actors
    (the given ones, extended, then the new speakers), the events and the claims."""
    places = {  # a facility tag on a speaker is the small model's guess, not a place
        i
        for span in doc.spans.get("places", [])
        if span.label_ != "FAC"
        for i in range(span.start, span.end)
    }
    country_of = None
    if kb is not None:
        from sitrep.resolve.actors import possessor_country

        text = doc.text

        def country_of(start: int, end: int) -> str | None:
            return possessor_country(text, start, end, kb)

    speakers = SpeakerRegistry(doc, actors, load_cues().document_sources, places, country_of)
    events_out, claims = _attribute(doc, article, actors, events, speakers)
    return speakers.actors(), events_out, claims


def _attribute(
    doc: Doc,
    article: Article,
    actors: Sequence[Actor],
    events: Sequence[Event],
    speakers: SpeakerRegistry | None,
) -> tuple[tuple[Event, ...], tuple[Claim, ...]]:
    cues = load_cues()
    lex: ModalityLexicon = load_modality()
    index = ActorIndex(doc, actors, cues.generic_claimants)
    parsed = len(doc) > 0 and doc.has_annotation("DEP")
    triggers = sorted(e.trigger[0] for e in events)
    found = [
        a
        for a in (_finder().find(doc) if parsed else [])
        if not a.needs_event or _holds(doc, a, triggers)
    ]
    drafts = _drafts(doc, found, index, cues, speakers)
    if parsed:
        drafts += _carry(doc, drafts, index)
        drafts += _author_negations(doc, drafts, index, cues)
    drafts.sort(key=lambda d: (d.content[0], d.att.cue_span[0]))

    ranges = [_char_range(doc, d.content) for d in drafts]
    members: list[list[str]] = [[] for _ in drafts]
    reporting = frozenset(cues.verbs)
    years = year_tokens(doc, article.text)
    out_events: list[Event] = []
    speech = SpeechTimes(doc, article.published)
    for event in events:
        modality = set(event.modality)
        claimant = event.claimant
        t_start, t_end = event.trigger
        holders = [k for k, (lo, hi) in enumerate(ranges) if lo <= t_start and t_end <= hi]
        for k in holders:
            members[k].append(event.id)
            modality.add(cues.stance_modality[drafts[k].att.stance])
            if drafts[k].att.cue == "neither":
                modality.add("negated")
        if holders:
            # "X said ..., an allegation Y denied": the event is X's claim; Y's denial of
            # it adds its modality, not its claimant
            credit = [k for k in holders if not drafts[k].att.anaphoric] or holders
            inner = min(credit, key=lambda k: ranges[k][1] - ranges[k][0])
            claimant = drafts[inner].claimant
        token = _trigger_token(doc, event) if parsed else None
        if token is not None and holders and event.date.span is not None:
            cued = [(ranges[k], drafts[k].att.cue_span[0]) for k in holders]
            event = dataclasses.replace(event, date=speech.redate(token, event.date, cued))
        if token is not None:
            parsed_modality = parse_modality(token, lex, reporting)
            hedge = raised_hedge(token, lex)
            if hedge is not None:  # "is said to have attacked": attributed, not hypothetical
                parsed_modality.add(hedge)
                if "hypothetical" not in parsed_modality:
                    modality.discard("hypothetical")
            modality |= parsed_modality
        modality = _precedence(modality, any(drafts[k].att.kind == "author" for k in holders))
        if date_is_historical(event.date, article.published, lex) or (
            event.date.start is None
            and token is not None
            and clause_years_historical(token, article.published, lex, years)
        ):
            modality.add("historical")
        out_events.append(
            dataclasses.replace(event, modality=_ordered(modality), claimant=claimant)
        )

    claims = tuple(
        Claim(
            id=f"c{n}",
            claimant=d.claimant,
            cue=d.att.cue,
            stance=d.att.stance,
            about=d.about,
            content=ranges[n - 1],
            events=tuple(members[n - 1]),
            cue_span=_char_range(doc, d.att.cue_span),
            component=COMPONENT,
            confidence=d.confidence,
        )
        for n, d in enumerate(drafts, start=1)
    )
    return tuple(out_events), claims
