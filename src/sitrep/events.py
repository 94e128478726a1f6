"""Events: a parsed Doc plus the article's resolved actors, places and times -> Events.

Pipeline per document (all linear in its length):

1. trigger detection with the data lexicon (:mod:`sitrep.eventing.triggers`);
2. arguments over the dependency parse (:mod:`sitrep.eventing.arguments`);
3. frames, merges, modality and PLOVER's future-tense rule (:mod:`sitrep.eventing.assemble`);
4. implied arguments: discourse carry-over and source defaults (:mod:`sitrep.eventing.discourse`);
5. place, time, magnitude, crosswalk coding (``Codebook.code``) and confidence;
6. one event per real-world action: restated sentences do not double events.

Modality beyond ``negated``/``future``/``hypothetical`` and the claimant are left to
:mod:`sitrep.claims`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from spacy.tokens import Doc

from sitrep.eventing.anchors import attach_place, attach_time
from sitrep.eventing.arguments import MentionIndex, build_index, sentence_bounds
from sitrep.eventing.assemble import Candidate, build_candidates
from sitrep.eventing.confidence import Evidence, confidence
from sitrep.eventing.discourse import apply_implied_arguments
from sitrep.eventing.lexicon import load_trigger_lexicon
from sitrep.eventing.magnitude import MagnitudeLexicon, load_magnitude_lexicon, magnitude_in
from sitrep.eventing.triggers import find_triggers, object_lemmas
from sitrep.knowledge.codebook import Codebook
from sitrep.model import Actor, Article, Event, Magnitude, Place, TimeValue

COMPONENT = "sitrep.events.v1"
NEEDS_RECIPIENT = frozenset({"AID", "COOPERATE", "SANCTION", "ASSAULT", "COERCE"})
CASUALTY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
TERRITORY_LEMMAS = {
    "capture": "captured",
    "seize": "captured",
    "overrun": "captured",
    "retake": "regained",
    "recapture": "regained",
    "liberate": "regained",
}
DUPLICATE_SIMILARITY = 85.0
_NON_WORD = re.compile(r"[\W_]+")
PROTESTER_INTER = 6  # ACLED inter of protesters
STATE_INTER = 1
PROTEST_NOUNS = frozenset(
    {
        "protest",
        "protester",
        "protestor",
        "demonstration",
        "demonstrator",
        "rally",
        "sit-in",
        "march",
        "vigil",
        "picket",
        "marcher",
        "gathering",
        "crowd",
    }
)
INTERVENTION_SUBS = frozenset({"Protest with intervention", "Excessive force against protesters"})


@dataclass(frozen=True, slots=True)
class _Draft:
    cand: Candidate
    sent: tuple[int, int]
    sent_text: str
    norm: str
    specifics: frozenset[str]


def unknown_time(article: Article) -> TimeValue:
    """ "On or before publication": never the publication day itself."""
    published = article.published.isoformat() if article.published else None
    return TimeValue(start=None, end=published, precision="unknown")


def _facts(aid: str, by_id: dict[str, Actor], index: MentionIndex) -> tuple[int | None, str | None]:
    """(ACLED inter, sector) of an argument: from its Actor record, or, for a country
    that the place resolver kept as a location but that acts here, the state (1, GOV)."""
    actor = by_id.get(aid)
    if actor is not None:
        return actor.acled_inter, actor.sector
    if aid in index.state_ids:
        return 1, "GOV"
    return None, None


def _territory(
    cand: Candidate, doc: Doc, place_tokens: dict[int, str], inter1: int | None
) -> str | None:
    lemma = doc[cand.hit.head].lemma_.lower()
    kind = TERRITORY_LEMMAS.get(lemma)
    if kind is None:
        return None
    objects = [c for c in doc[cand.hit.head].children if c.dep_ in ("dobj", "nsubjpass")]
    if not any(t.i in place_tokens for o in objects for t in o.subtree):
        return None
    if inter1 == 1:
        return "regained"
    return "captured" if inter1 is not None else kind


def extract_events(
    doc: Doc,
    article: Article,
    actors: Sequence[Actor],
    places: Sequence[Place],
    times: Sequence[TimeValue],
    codebook: Codebook,
) -> tuple[Event, ...]:
    """Coded events of one article, in text order, ids ``e1``, ``e2``, ..."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return ()
    lexicon = load_trigger_lexicon()
    mag_lexicon = load_magnitude_lexicon()
    index = build_index(doc, actors, places)
    hits = find_triggers(doc, lexicon, index.name_tokens)
    if not hits:
        return ()
    cands = build_candidates(doc, hits, index)
    implied = apply_implied_arguments(cands, lexicon.source_default(article.outlet))
    by_id = {a.id: a for a in actors}
    drafts: list[_Draft] = []
    sents: dict[tuple[int, int], tuple[tuple[int, int], str, str, frozenset[str]]] = {}
    for cand in sorted(cands, key=lambda c: c.trigger.start):
        bounds = sentence_bounds(doc[cand.hit.head])
        if bounds not in sents:  # text, normal form and names once per sentence
            sent = doc[bounds[0] : bounds[1]]
            text = sent.text
            sents[bounds] = ((sent.start_char, sent.end_char), text, _norm(text), _specifics(text))
        chars, text, norm, specifics = sents[bounds]
        drafts.append(_Draft(cand=cand, sent=chars, sent_text=text, norm=norm, specifics=specifics))
    drafts = _dedupe(drafts)
    _official_protests(drafts, by_id, index)
    mag_cache: dict[tuple[int, int], Magnitude] = {}
    protests = {d.sent for d in drafts if d.cand.type == "PROTEST"}
    events = tuple(
        _event(
            f"e{n}",
            d,
            doc,
            article,
            by_id,
            index,
            times,
            codebook,
            mag_lexicon,
            implied,
            mag_cache,
            d.sent in protests or bool(object_lemmas(doc[d.cand.hit.head]) & PROTEST_NOUNS),
        )
        for n, d in enumerate(drafts, start=1)
    )
    return _protest_interventions(events) if protests else events


def _official_protests(
    drafts: Sequence[_Draft], by_id: dict[str, Actor], index: MentionIndex
) -> None:
    """A government that "protests" objects in words (PLOVER ACCUSE, CAMEO 11), it does not
    demonstrate: PROTEST is for civilians in the street."""
    for d in drafts:
        actors = d.cand.args.actors
        if (
            d.cand.type == "PROTEST"
            and actors
            and all(_facts(a, by_id, index) == (1, "GOV") for a in actors)
        ):
            d.cand.type, d.cand.mode = "ACCUSE", "disapprove"


def _protest_interventions(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """ACLED codes a protest met by force as one event: the protest of a sentence that
    also reports the intervention takes the intervention's ACLED code."""
    by_sent = {
        e.evidence: e.acled
        for e in events
        if e.acled is not None and e.acled.sub_event_type in INTERVENTION_SUBS
    }
    if not by_sent:
        return events
    return tuple(
        replace(e, acled=by_sent[e.evidence])
        if e.type == "PROTEST" and e.evidence in by_sent
        else e
        for e in events
    )


def _event(
    eid: str,
    draft: _Draft,
    doc: Doc,
    article: Article,
    by_id: dict[str, Actor],
    index: MentionIndex,
    times: Sequence[TimeValue],
    codebook: Codebook,
    mag_lexicon: MagnitudeLexicon,
    implied: set[int],
    mag_cache: dict[tuple[int, int], Magnitude],
    at_protest: bool = False,
) -> Event:
    cand = draft.cand
    head = doc[cand.hit.head]
    args = cand.args
    args.recipients = [r for r in args.recipients if r not in args.actors]
    place, _place_parsed = attach_place(head, index)
    when, _time_parsed = attach_time(head, times, doc)
    date = when if when is not None else unknown_time(article)
    magnitude = Magnitude()
    if cand.type in CASUALTY_TYPES:
        bounds = sentence_bounds(head)
        if bounds not in mag_cache:
            mag_cache[bounds] = magnitude_in(doc[bounds[0] : bounds[1]], mag_lexicon)
        magnitude = mag_cache[bounds]
    actor_inters = [_facts(a, by_id, index)[0] for a in args.actors]
    recipient_inters = [_facts(r, by_id, index)[0] for r in args.recipients]
    recipient_sectors = [_facts(r, by_id, index)[1] for r in args.recipients]
    inter1 = next((i for i in actor_inters if i is not None), None)
    if not args.recipients and args.victim_sectors:
        recipient_sectors = list(args.victim_sectors)
        recipient_inters = [None] * len(recipient_sectors)
    if (
        cand.type in ("ASSAULT", "COERCE")
        and (
            (at_protest and inter1 == STATE_INTER)
            or codebook.plover_mode(cand.type, cand.mode) == "crowd-control"
        )
        and not any(i is not None for i in recipient_inters)
        and (at_protest or not args.victim_sectors)
        and not args.two_sided
    ):
        # security forces acting in a sentence that reports a protest act on the protesters;
        # crowd-control weapons (tear gas, water cannon) are used on crowds
        recipient_inters = [PROTESTER_INTER]
        recipient_sectors = [None]
    mode = codebook.plover_mode(cand.type, cand.mode) and cand.mode
    coding = codebook.code(
        cand.type,
        mode,
        actor_inters=actor_inters,
        recipient_inters=recipient_inters,
        recipient_sectors=recipient_sectors,
        contexts=cand.contexts,
        magnitude=magnitude,
        two_sided=args.two_sided,
        territory=_territory(cand, doc, index.place_at, inter1),
    )
    conf = confidence(
        Evidence(
            strength=cand.strength,
            has_actor=bool(args.actors),
            actor_from_parse=not args.fallback,
            recipient_from_parse=not args.recipient_fallback,
            actor_linked=bool(args.actors)
            and all(a in by_id and by_id[a].in_kb for a in args.actors),
            has_recipient=bool(args.recipients),
            recipient_needed=cand.type in NEEDS_RECIPIENT and not args.two_sided,
            support=cand.support,
            implied=id(cand) in implied,
        )
    )
    span = doc[cand.trigger.start : cand.trigger.end]
    return Event(
        id=eid,
        type=cand.type,
        mode=codebook.plover_mode(cand.type, mode),
        contexts=tuple(c for c in cand.contexts if c in codebook.contexts),
        actors=tuple(args.actors),
        recipients=tuple(args.recipients),
        place=place,
        date=date,
        modality=tuple(cand.modality),
        claimant=None,
        magnitude=magnitude,
        acled=coding.acled,
        cameo=coding.cameo,
        quad=coding.quad,
        score=coding.score,
        confidence=conf,
        trigger=(span.start_char, span.end_char),
        evidence=draft.sent,
        component=COMPONENT,
    )


def _norm(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def _specifics(text: str) -> frozenset[str]:
    """Names and numbers: restatements keep them, different actions differ in them."""
    words = _NON_WORD.sub(" ", text).split()
    return frozenset(w.lower() for w in words[1:] if w[0].isupper() or w[0].isdigit())


def _restates(a: _Draft, b: _Draft) -> bool:
    if a.sent == b.sent:
        return True
    return fuzz.ratio(a.norm, b.norm) >= DUPLICATE_SIMILARITY


def _compatible(a: Candidate, b: Candidate) -> bool:
    """Same parties, or one side unnamed in one of the two restatements."""
    for x, y in ((a.args.actors, b.args.actors), (a.args.recipients, b.args.recipients)):
        sx, sy = set(x), set(y)
        if sx and sy and not (sx <= sy or sy <= sx):
            return False
    return True


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Keep the first of events with the same coding whose sentences match.

    Same sentence and parties, or a restatement: same type, same names and numbers,
    near-identical words and compatible parties (a standfirst repeated in the body, a
    quote restated). Bucketing by (type, names) keeps the fuzzy comparison local.
    """
    kept: list[_Draft] = []
    seen: dict[tuple[object, ...], list[_Draft]] = {}
    for d in drafts:
        bucket = seen.setdefault((d.cand.type, d.specifics), [])
        if any(_restates(e, d) and _compatible(e.cand, d.cand) for e in bucket):
            continue
        bucket.append(d)
        kept.append(d)
    return kept
