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
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token

from sitrep.eventing.anchors import attach_place, attach_time
from sitrep.eventing.arguments import MentionIndex, build_index, sentence_bounds
from sitrep.eventing.assemble import Candidate, build_candidates
from sitrep.eventing.confidence import Evidence, confidence
from sitrep.eventing.discourse import apply_implied_arguments, restates_earlier
from sitrep.eventing.lexicon import load_trigger_lexicon
from sitrep.eventing.magnitude import MagnitudeLexicon, load_magnitude_lexicon, magnitude_in
from sitrep.eventing.nouns import load_nouns
from sitrep.eventing.precedence import crowd_inter, sentence_precedence
from sitrep.eventing.triggers import find_triggers, object_lemmas
from sitrep.knowledge.actors import load_agent_lexicon
from sitrep.knowledge.codebook import Codebook
from sitrep.model import Actor, Article, Event, Magnitude, Place, TimeValue

COMPONENT = "sitrep.events.v1"
NEEDS_RECIPIENT = frozenset({"AID", "COOPERATE", "SANCTION", "ASSAULT", "COERCE"})
CASUALTY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
TERRITORY_PREPS = frozenset({"of", "from", "into", "over", "out"})  # "pulled out of Kherson"
NOT_OCCURRED = frozenset({"future", "hypothetical", "negated"})
STATE_SECTORS = frozenset({"MIL", "GOV", "COP", "SPY"})
# light verbs that make a protest noun a verbal objection ("lodged an official protest")
PROTEST_LIGHT_VERBS = frozenset({"lodge", "file", "register", "send", "deliver", "submit", "issue"})
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
        "sit",  # "a sit-in" is parsed as "sit - in"
    }
)


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


@dataclass(frozen=True, slots=True)
class _Context:
    """What coding one event needs from its document (built once per document)."""

    doc: Doc
    article: Article
    by_id: dict[str, Actor]
    index: MentionIndex
    states: frozenset[str]  # ids that stand for a state: countries acting as actors
    times: Sequence[TimeValue]
    codebook: Codebook
    mag_lexicon: MagnitudeLexicon
    place_nouns: frozenset[str]
    implied: set[int]
    mag_cache: dict[tuple[int, int], Magnitude]


def _facts(
    aid: str, by_id: dict[str, Actor], states: frozenset[str]
) -> tuple[int | None, str | None]:
    """(ACLED inter, sector) of an argument: from its Actor record, or, for a country
    named as an actor ("Ukrainian air defence") or kept as a location but acting here,
    the state (1, GOV)."""
    actor = by_id.get(aid)
    if actor is not None:
        return actor.acled_inter, actor.sector
    if aid in states:
        return 1, "GOV"
    return None, None


def _acting_states(doc: Doc, index: MentionIndex, places: Sequence[Place]) -> frozenset[str]:
    """Countries named as actors that stand for their state: the country itself ("Russia
    launched ...") or a demonym on a state agent ("Ukrainian air defence"), not on other
    people ("Egyptian demonstrators", "Palestinian prisoners")."""
    ids = {p.actor for p in places if p.role == "actor" and p.precision == "country" and p.actor}
    if not ids:
        return frozenset()
    agents = load_agent_lexicon().agents
    out: set[str] = set()
    for i, aid in index.actor_at.items():
        if aid not in ids or aid in out:
            continue
        tok = doc[i]
        if tok.dep_ not in ("amod", "compound", "nmod", "poss") or tok.head is tok:
            out.add(aid)
            continue
        head = tok.head
        if tok.head.i in index.actor_at and index.actor_at[tok.head.i] == aid:
            continue  # inside a longer name: judged at its head
        sector = agents.get(head.lower_) or agents.get(head.lemma_.lower())
        if sector in STATE_SECTORS:
            out.add(aid)
    return frozenset(out)


def _names_place(tok: Token, ctx: _Context) -> bool:
    return (
        tok.i in ctx.index.place_at
        or tok.ent_type_ in ("GPE", "LOC", "FAC")
        or tok.lemma_.lower() in ctx.place_nouns
    )


def _phrase_core(tok: Token) -> list[Token]:
    """A noun phrase's head with its name parts and "of" object ("the town of X", "control
    of a commune"), without the places it is merely near ("talks in Geneva")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "appos", "conj"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    out += [g, *(x for x in g.children if x.dep_ in ("compound", "appos"))]
    return out


def _territory(cand: Candidate, ctx: _Context, inter1: int | None) -> str | None:
    """How control of a place changed: the trigger's kind (lexicon ``territory``) when its
    object, or the object of "of/from/into/over", names a place; state forces taking a
    place regain it, other known actors capture it."""
    doc = ctx.doc
    kind = cand.territory
    if kind is None:
        return None
    places: list[Token] = []
    for i in cand.heads:  # every merged trigger ("killed ... after taking control of X")
        for c in doc[i].children:
            if c.dep_ in ("dobj", "nsubjpass", "attr"):
                places += _phrase_core(c)
            elif c.dep_ in ("prep", "prt") and c.lower_ in TERRITORY_PREPS:
                preps = [c, *(g for g in c.children if g.dep_ == "prep")]  # "out of X"
                places += [
                    t
                    for p in preps
                    for g in p.children
                    if g.dep_ == "pobj"
                    for t in _phrase_core(g)
                ]
    for head in (doc[i] for i in cand.heads):
        if head.dep_ in ("relcl", "acl") and head.head.pos_ in ("NOUN", "PROPN"):
            places.append(head.head)  # "a base that had been overrun"
    if not any(_names_place(t, ctx) for t in places):
        return None
    if kind == "transferred":
        return kind
    if inter1 == STATE_INTER:
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
    index = build_index(doc, actors, places)
    hits = find_triggers(doc, lexicon, index.name_tokens, frozenset(index.place_at))
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
    drafts = _retold(doc, _dedupe(drafts))
    ctx = _Context(
        doc=doc,
        article=article,
        by_id=by_id,
        index=index,
        states=index.state_ids | _acting_states(doc, index, places),
        times=times,
        codebook=codebook,
        mag_lexicon=load_magnitude_lexicon(),
        place_nouns=lexicon.place_nouns,
        implied=implied,
        mag_cache={},
    )
    _official_protests(drafts, ctx)
    # sentences reporting a protest that took place (not a planned or denied one)
    protests = {
        d.sent
        for d in drafts
        if d.cand.type == "PROTEST" and not NOT_OCCURRED & set(d.cand.modality)
    }
    events = tuple(
        _event(f"e{n}", d, ctx, d.sent in protests, _acts_on_protest(ctx.doc[d.cand.hit.head]))
        for n, d in enumerate(drafts, start=1)
    )
    return sentence_precedence(events)


def _acts_on_protest(head: Token) -> bool:
    """Is the trigger's object a protest or its participants ("dispersed a gathering")?"""
    return bool(object_lemmas(head) & PROTEST_NOUNS)


def _official_protests(drafts: Sequence[_Draft], ctx: _Context) -> None:
    """A government that "protests" objects in words (PLOVER ACCUSE, CAMEO 11), it does not
    demonstrate: PROTEST is for civilians in the street. Only a verb with the state as its
    subject says so ("Iran protested the decision"); a country named with protest nouns
    ("protests in Iraq", "Iranian protests") is where they happen or who marches, never
    the protester, and is dropped as the protest's actor."""
    for d in drafts:
        actors = d.cand.args.actors
        if d.cand.type != "PROTEST" or not actors:
            continue
        state = [a for a in actors if _facts(a, ctx.by_id, ctx.states) == (1, "GOV")]
        if not state:
            continue
        head = ctx.doc[d.cand.hit.head]
        verbal = head.pos_ in ("VERB", "AUX") or (
            head.dep_ == "dobj" and head.head.lemma_.lower() in PROTEST_LIGHT_VERBS
        )
        if verbal and len(state) == len(actors) and d.cand.mode in (None, "demo"):
            if head.lemma_.lower() == "protest":  # states protest; they do not riot or march
                d.cand.type, d.cand.mode = "ACCUSE", "disapprove"
        elif not verbal:
            d.cand.args.actors = [a for a in actors if a not in state]


def _event(eid: str, draft: _Draft, ctx: _Context, in_protest: bool, on_protest: bool) -> Event:
    """One coded event. ``in_protest``: its sentence reports a protest that took place;
    ``on_protest``: the trigger acts on a protest ("dispersed a gathering of ...")."""
    cand, doc, codebook = draft.cand, ctx.doc, ctx.codebook
    head = doc[cand.hit.head]
    args = cand.args
    args.recipients = [r for r in args.recipients if r not in args.actors]
    place, _place_parsed = attach_place(head, ctx.index)
    when, _time_parsed = attach_time(head, ctx.times, doc)
    date = when if when is not None else unknown_time(ctx.article)
    magnitude = Magnitude()
    if cand.type in CASUALTY_TYPES:
        bounds = sentence_bounds(head)
        if bounds not in ctx.mag_cache:
            ctx.mag_cache[bounds] = magnitude_in(doc[bounds[0] : bounds[1]], ctx.mag_lexicon)
        magnitude = ctx.mag_cache[bounds]
    actor_inters = [_facts(a, ctx.by_id, ctx.states)[0] for a in args.actors]
    recipient_inters = [_facts(r, ctx.by_id, ctx.states)[0] for r in args.recipients]
    recipient_sectors = [_facts(r, ctx.by_id, ctx.states)[1] for r in args.recipients]
    inter1 = next((i for i in actor_inters if i is not None), None)
    at_protest = in_protest or on_protest
    if inter1 is None and cand.type == "ASSAULT" and not args.two_sided:
        crowd = crowd_inter(head, load_nouns(), at_protest)
        if crowd is not None:  # "a crowd beat ...", "supporters of X set fire to ..."
            actor_inters, inter1 = [crowd], crowd
    if not args.recipients and args.victim_sectors:
        recipient_sectors = list(args.victim_sectors)
        recipient_inters = [None] * len(recipient_sectors)
    if cand.type in ("ASSAULT", "COERCE") and not args.two_sided and inter1 != PROTESTER_INTER:
        crowd_control = codebook.plover_mode(cand.type, cand.mode) == "crowd-control"
        dispersal = cand.type == "COERCE" or crowd_control or inter1 == STATE_INTER
        if (on_protest and dispersal) or (
            ((at_protest and inter1 == STATE_INTER) or crowd_control)
            and not any(i is not None for i in recipient_inters)
            and (at_protest or not args.victim_sectors)
        ):
            # whoever is in a dispersed gathering protests; security forces acting in a
            # sentence that reports a protest act on the protesters; crowd-control weapons
            # (tear gas, water cannon) are used on crowds
            recipient_inters = [PROTESTER_INTER]
            recipient_sectors = [None]
    mode = cand.mode if codebook.known_mode(cand.type, cand.mode) else None
    coding = codebook.code(
        cand.type,
        mode,
        actor_inters=actor_inters,
        recipient_inters=recipient_inters,
        recipient_sectors=recipient_sectors,
        contexts=cand.contexts,
        magnitude=magnitude,
        two_sided=args.two_sided,
        territory=_territory(cand, ctx, inter1),
    )
    conf = confidence(
        Evidence(
            strength=cand.strength,
            has_actor=bool(args.actors),
            actor_from_parse=not args.fallback,
            recipient_from_parse=not args.recipient_fallback,
            actor_linked=bool(args.actors)
            and all(a in ctx.by_id and ctx.by_id[a].in_kb for a in args.actors),
            has_recipient=bool(args.recipients),
            recipient_needed=cand.type in NEEDS_RECIPIENT and not args.two_sided,
            support=cand.support,
            implied=id(cand) in ctx.implied,
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
        # ACLED records what happened: no code for a planned, hypothetical or denied act
        acled=None if NOT_OCCURRED & set(cand.modality) else coding.acled,
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


def _retold(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Drop a later anaphoric retelling of the article's one earlier event of its type
    ("A drone struck a car ... The service said the vehicle was hit near X")."""
    kept: list[_Draft] = []
    for d in drafts:
        same = [e for e in kept if e.cand.type == d.cand.type]
        if (
            len(same) == 1
            and same[0].sent[1] <= d.sent[0]
            and restates_earlier(same[0].cand, d.cand, doc[d.cand.hit.head], NOT_OCCURRED)
        ):
            earlier = same[0].cand
            earlier.support += d.cand.support
            if not earlier.args.recipients and not d.cand.args.recipient_fallback:
                earlier.args.recipients = [
                    r for r in d.cand.args.recipients if r not in earlier.args.actors
                ]
            continue
        kept.append(d)
    return kept
