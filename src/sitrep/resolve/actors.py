"""Actor resolution: ``doc.spans["actors"]`` → Actor records and Relation records.

One :class:`~sitrep.model.Actor` per distinct id with every mention offset. KB
actors take country, sector and ACLED type from the KB; a person's sector comes
from the office held on the publication date (ELI after leaving office).
Unknown (``x:``) actors get their country from a demonym or country name inside
the mention and their sector from the span label.

Relations come from two places: KB relations whose both ends are mentioned and
that are valid on the publication date (``source="kb"``), and relations stated
in the text ("X, a paramilitary group of Y", "based on groups such as A, B",
"Iranian-backed X", "Y has sanctioned parts of X", "X leader Y") with evidence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitrep.knowledge.actors import ActorEntry, ActorKB
from sitrep.mentions.actors import SPAN_KEY, normalise
from sitrep.model import Actor, Article, Offsets, Relation

INTER_FOR_SECTOR = {
    "GOV": 1,
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "JUD": 1,
    "LEG": 1,
    "REB": 2,
    "PRM": 3,
    "UAF": 3,
    "OPP": 6,
    "CVL": 7,
    "REF": 7,
    "JRN": 7,
    "MED": 7,
    "EDU": 7,
    "LAB": 7,
    "BUS": 7,
    "REL": 7,
    "AGR": 7,
}
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "GAZ"})
_BACKED_RE = re.compile(
    r"\b([A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)[-\s](?:backed|supported|funded|sponsored|armed)\b"
)
_PRO_RE = re.compile(r"\bpro-([A-Z][A-Za-z]+)")
_PART_OF_RE = re.compile(
    r"^\)?\s*,\s*(?:(?:which|that|who)\s+(?:is|are|was|were)\s+)?(?:a|an|the|one)\s+[^,.;]{0,60}?"
    r"\b(?:group|groups|force|forces|militia|militias|organi[sz]ation|unit|units|wing|arm|branch|"
    r"part|component|umbrella|faction|body|agency|coalition|brigade|member)\s+(?:of|in|within|under)"
    r"\s+(?:the\s+)?$"
    r"|^\)?\s*,?\s*(?:(?:which|that|who)\s+)?(?:is|are|was|were)?\s*(?:also\s+)?"
    r"(?:formally\s+|officially\s+|nominally\s+)?part of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BACKED_BY_RE = re.compile(
    r"^\)?\s*,?\s*(?:(?:which|that|who)\s+(?:is|are|was|were)\s+)?(?:heavily\s+|also\s+|reportedly\s+)?"
    r"(?:backed|supported|funded|armed|sponsored|trained)\s+(?:and\s+\w+\s+)?by\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DESIGNATE_RE = re.compile(
    r"^\s*(?:has|have|had)?\s*(?:also\s+|previously\s+|already\s+|since\s+)?"
    r"(?:sanctioned|designated|blacklisted|listed|imposed sanctions on)\s+"
    r"(?:(?:parts|members|leaders|elements|some|several|factions|components|units) of\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_DESIGNATED_BY_RE = re.compile(
    r"^\)?\s*,?\s*(?:(?:which|that|who)\s+)?(?:is|are|was|were|has been|have been)?\s*"
    r"(?:designated|sanctioned|blacklisted|listed)\b[^.;]{0,60}?\bby\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LEADER_AFTER_RE = re.compile(
    r"^\s*(?:'s\s+)?(?:leader|chief|head|commander|secretary-general|secretary general|"
    r"founder)\s+$",
    re.IGNORECASE,
)
_LEADER_OF_RE = re.compile(
    r"^\s*,\s*(?:the\s+)?(?:leader|head|chief|commander|secretary-general|founder) of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_FORMERLY_RE = re.compile(r"^\s*,?\s*\(?(?:formerly|previously)\s+(?:known as\s+)?(?:the\s+)?$")
_MEMBERS_CUE_RE = re.compile(
    r"\b(?:based on|built (?:on|from)|formed (?:from|by)|made up of|composed of|comprising|"
    r"comprises|consists? of|umbrella (?:of|for)|brings together|bringing together|includes|"
    r"including)\b",
    re.IGNORECASE,
)
_GROUP_KINDS = frozenset({"armed_group", "party", "group"})


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    actor: str
    span: Span


def _sentences(doc: Doc, text: str) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        out: list[tuple[int, int]] = []
        starts = [t.idx for t in doc if t.is_sent_start] + [len(text)]
        for s0, s1 in itertools.pairwise(starts):
            start = s0
            for m in re.finditer(r"\n+", text[s0:s1]):
                out.append((start, s0 + m.start()))
                start = s0 + m.end()
            out.append((start, s1))
        return [b for b in out if b[1] > b[0]]
    bounds, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“])|\n+", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return [b for b in bounds if b[1] > b[0]]


def _by_sentence(sents: list[tuple[int, int]], mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions (sorted by start) grouped by the sentence they start in; linear."""
    groups: list[list[_Mention]] = [[] for _ in sents]
    k = 0
    for m in mentions:
        while k < len(sents) and m.start >= sents[k][1]:
            k += 1
        if k == len(sents):
            break
        if m.start >= sents[k][0]:
            groups[k].append(m)
    return groups


def _country_in(text: str, kb: ActorKB, demonyms: dict[str, str]) -> str | None:
    """Country of an unknown actor from a demonym or country name it contains."""
    norm = normalise(text).replace("'s", "")
    norm = re.sub(r"\b[\w.]+[-\s](?:backed|supported|funded|sponsored)\b", " ", norm)
    words = re.findall(r"[\w.']+", norm)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            hit = demonyms.get(" ".join(words[i : i + n]))
            if hit:
                return hit
    return None


_ANCHOR_RE = re.compile(
    r"\s+(?:in|inside|throughout|across|of|from)\s+(?:the\s+)?(?:(?:northern|southern|eastern|"
    r"western|central|north|south|east|west)\s+)?([A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,3})"
)


def _country_after(text: str, end: int, demonyms: dict[str, str]) -> str | None:
    """ "students throughout Indonesia", "security forces in Guinea": the anchoring country."""
    m = _ANCHOR_RE.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        hit = demonyms.get(normalise(" ".join(words[:n])))
        if hit:
            return hit
    return None


_OFFICIAL = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY"})


def _sentence_states(
    sents: list[tuple[int, int]], mentions: list[_Mention], kb: ActorKB
) -> list[tuple[int, int, frozenset[str]]]:
    """Per sentence, the countries of the state actors (and their bodies) mentioned in it."""
    out = []
    for (s0, s1), group in zip(sents, _by_sentence(sents, mentions), strict=True):
        countries = set()
        for m in group:
            e = kb.get(m.actor)
            if e is not None and e.kind in {"state", "state_body"} and e.country:
                countries.add(e.country)
        out.append((s0, s1, frozenset(countries)))
    return out


def _sole_state(
    mention: _Mention, sentence_states: list[tuple[int, int, frozenset[str]]]
) -> str | None:
    """An untitled-country official ("President X") takes the sentence's only state, if one."""
    for s0, s1, countries in sentence_states:
        if s0 <= mention.start < s1:
            return next(iter(countries)) if len(countries) == 1 else None
    return None


_DEMONYM_CACHE: dict[int, tuple[ActorKB, dict[str, str]]] = {}


def _demonym_table(kb: ActorKB) -> dict[str, str]:
    """Country names and demonyms → ISO3 (built once per KB object)."""
    hit = _DEMONYM_CACHE.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1]
    table = _build_demonyms(kb)
    _DEMONYM_CACHE[id(kb)] = (kb, table)
    return table


def _build_demonyms(kb: ActorKB) -> dict[str, str]:
    table: dict[str, str] = {}
    for e in kb.entries:
        if e.kind == "state" and e.country:
            for name in (e.name, *e.aliases, *e.demonyms):
                table.setdefault(normalise(name), e.country)
    return table


def _state_named(name: str, kb: ActorKB, demonyms: dict[str, str]) -> str | None:
    iso = demonyms.get(normalise(name).strip())
    if iso:
        state = kb.state_for(iso)
        return state.id if state else None
    return None


def _actor_record(
    actor_id: str,
    mentions: list[_Mention],
    kb: ActorKB,
    day: dt.date | None,
    demonyms: dict[str, str],
    sentence_states: list[tuple[int, int, frozenset[str]]],
    text: str,
) -> Actor:
    offsets: tuple[Offsets, ...] = tuple(sorted({(m.start, m.end) for m in mentions}))
    entry: ActorEntry | None = kb.get(actor_id)
    if entry is not None:
        country, sector = entry.role_on(day)
        inter = entry.acled_inter
        if entry.kind == "person":
            inter = INTER_FOR_SECTOR.get(sector or "") if sector != "ELI" else None
        return Actor(
            id=actor_id,
            name=entry.name,
            in_kb=True,
            country=country,
            sector=sector,
            acled_inter=inter,
            mentions=offsets,
            kind=entry.kind,
        )
    surfaces = Counter(m.span.text for m in mentions)
    name = re.sub(r"^(?:the|a|an)\s+", "", surfaces.most_common(1)[0][0], flags=re.I)
    labels = Counter(m.span.label_ for m in mentions if m.span.label_)
    sector = labels.most_common(1)[0][0] if labels else None
    country = None
    for m in mentions:
        ethnic = text[max(0, m.start - 8) : m.start].lower().strip().endswith("ethnic")
        country = None if ethnic else _country_in(m.span.text, kb, demonyms)
        country = country or _country_after(text, m.end, demonyms)
        if country:
            break
    if country is None and sector in _OFFICIAL and mentions:
        country = _sole_state(mentions[0], sentence_states)
    return Actor(
        id=actor_id,
        name=name,
        in_kb=False,
        country=country,
        sector=sector,
        acled_inter=INTER_FOR_SECTOR.get(sector or ""),
        mentions=offsets,
        kind=None,
        confidence=0.6,
    )


def resolve_actors(
    doc: Doc, article: Article, kb: ActorKB
) -> tuple[tuple[Actor, ...], tuple[Relation, ...]]:
    """Actors (one per id, mentions sorted) and relations (KB- and text-stated)."""
    places = [
        (s.start_char, s.end_char)
        for s in doc.spans.get("places", [])
        if s.label_ in _PLACE_LABELS or not s.label_
    ]
    mentions: list[_Mention] = []
    for span in doc.spans.get(SPAN_KEY, []):
        actor = span.kb_id_
        if not actor:
            continue
        if actor.startswith("x:") and any(
            a <= span.start_char and span.end_char <= b for a, b in places
        ):
            continue  # an unknown "actor" that the places stage knows as a toponym
        mentions.append(_Mention(span.start_char, span.end_char, actor, span))
    mentions.sort(key=lambda m: m.start)
    demonyms = _demonym_table(kb)
    text = doc.text
    sents = _sentences(doc, text)
    states = _sentence_states(sents, mentions, kb)
    by_id: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_id.setdefault(m.actor, []).append(m)
    actors = tuple(
        _actor_record(actor_id, ms, kb, article.published, demonyms, states, text)
        for actor_id, ms in sorted(by_id.items(), key=lambda kv: kv[1][0].start)
    )
    relations = _text_relations(doc, text, sents, mentions, kb, demonyms)
    relations = _merge(relations, _kb_relations(sents, mentions, kb, article.published))
    return actors, tuple(relations)


# ---------------------------------------------------------------- relations


def _rel(kind: str, subj: str, obj: str, a: int, b: int, confidence: float = 0.8) -> Relation:
    return Relation(
        type=kind,
        subject=subj,
        object=obj,
        evidence=(a, b),
        source="text",
        component="sitrep.relations",
        confidence=confidence,
    )


def _subject_mention(doc: Doc, cue: int, sent: list[_Mention]) -> _Mention | None:
    """The grammatical subject of the clause holding ``cue``, else the sentence's first actor."""
    before = [m for m in sent if m.end <= cue]
    if not before:
        return None
    if doc.has_annotation("DEP"):
        span = doc.char_span(cue, cue + 1, alignment_mode="expand")
        if span is not None:
            tok = span[0]
            for _ in range(6):
                subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subjects:
                    subj = subjects[0]
                    lo = subj.left_edge.idx
                    hi = subj.right_edge.idx + len(subj.right_edge.text)
                    for m in before:
                        if lo <= m.start and m.end <= hi:
                            return m
                    break
                if tok.head is tok:
                    break
                tok = tok.head
    return before[0]


def _text_relations(
    doc: Doc,
    text: str,
    sents: list[tuple[int, int]],
    mentions: list[_Mention],
    kb: ActorKB,
    demonyms: dict[str, str],
) -> list[Relation]:
    out: list[Relation] = []

    def kind(actor: str) -> str | None:
        e = kb.get(actor)
        return e.kind if e else None

    for (s0, s1), group in zip(sents, _by_sentence(sents, mentions), strict=True):
        sent = [m for m in group if m.end <= s1]
        for i, x in enumerate(sent):
            for y in sent[i + 1 : i + 4]:
                if y.actor == x.actor:
                    continue
                between = text[x.end : y.start]
                if len(between) > 90:
                    break
                norm_between = between.translate(str.maketrans("’", "'"))
                if _PART_OF_RE.search(norm_between):
                    rtype = "member_of" if "member" in between.lower() else "part_of"
                    out.append(_rel(rtype, x.actor, y.actor, x.start, y.end))
                elif _BACKED_BY_RE.search(norm_between):
                    out.append(_rel("backed_by", x.actor, y.actor, x.start, y.end))
                elif _DESIGNATE_RE.search(norm_between):
                    out.append(_rel("designated_by", y.actor, x.actor, x.start, y.end))
                elif _DESIGNATED_BY_RE.search(norm_between):
                    out.append(_rel("designated_by", x.actor, y.actor, x.start, y.end))
                elif _FORMERLY_RE.search(norm_between):
                    out.append(_rel("formerly", x.actor, y.actor, x.start, y.end))
                elif _LEADER_AFTER_RE.search(norm_between) and kind(y.actor) in {"person", None}:
                    out.append(_rel("led_by", x.actor, y.actor, x.start, y.end))
                elif _LEADER_OF_RE.search(norm_between) and kind(x.actor) in {"person", None}:
                    out.append(_rel("led_by", y.actor, x.actor, x.start, y.end))
                break  # only adjacent (or acronym-separated) pairs
        seg = text[s0:s1]
        for m in _BACKED_RE.finditer(seg):
            backer = _state_named(m.group(1), kb, demonyms)
            if backer is None:
                continue
            pos = s0 + m.end()
            for x in sent:
                if x.start <= s0 + m.start() < x.end or 0 <= x.start - pos <= 40:
                    if x.actor != backer:
                        out.append(_rel("backed_by", x.actor, backer, s0 + m.start(), x.end))
                    break
        for m in _PRO_RE.finditer(seg):
            ally = _state_named(m.group(1), kb, demonyms)
            pos = s0 + m.start()
            if ally is None:
                continue
            prior = _subject_mention(doc, pos, sent)
            if prior is not None and prior.actor != ally:
                out.append(_rel("allied_with", prior.actor, ally, prior.start, s0 + m.end(), 0.6))
        cue = _MEMBERS_CUE_RE.search(seg)
        if cue:
            pos = s0 + cue.start()
            umbrella = _subject_mention(doc, pos, sent)
            if umbrella is not None and kind(umbrella.actor) in _GROUP_KINDS | {"igo", None}:
                for y in sent:
                    if (
                        y.start > pos
                        and y.actor != umbrella.actor
                        and kind(y.actor) in _GROUP_KINDS
                    ):
                        out.append(
                            _rel("member_of", y.actor, umbrella.actor, umbrella.start, y.end)
                        )
    return out


def _kb_relations(
    sents: list[tuple[int, int]], mentions: list[_Mention], kb: ActorKB, day: dt.date | None
) -> list[Relation]:
    present = {m.actor for m in mentions}
    first_in: dict[tuple[int, str], _Mention] = {}
    for k, group in enumerate(_by_sentence(sents, mentions)):
        for m in group:
            first_in.setdefault((k, m.actor), m)
    out: list[Relation] = []
    for actor in sorted(present):
        entry = kb.get(actor)
        if entry is None:
            continue
        for rel in entry.relations:
            if rel.object not in present or not (day is None or rel.valid_on(day)):
                continue
            if day is None and rel.until is not None and rel.type != "formerly":
                continue
            evidence: Offsets | None = None
            for k in range(len(sents)):
                a, b = first_in.get((k, actor)), first_in.get((k, rel.object))
                if a is not None and b is not None:
                    evidence = (min(a.start, b.start), max(a.end, b.end))
                    break
            out.append(
                Relation(
                    type=rel.type,
                    subject=actor,
                    object=rel.object,
                    evidence=evidence,
                    source="kb",
                    note=rel.note,
                    component="sitrep.relations",
                    confidence=0.9 if evidence else 0.7,
                )
            )
    return out


def _merge(text_rels: list[Relation], kb_rels: list[Relation]) -> list[Relation]:
    """Text relations first (deduplicated); KB relations add what the text did not state."""
    seen: dict[tuple[str, str, str], Relation] = {}
    for r in text_rels:
        seen.setdefault((r.type, r.subject, r.object), r)
    for r in kb_rels:
        key = (r.type, r.subject, r.object)
        if key in seen:
            t = seen[key]
            seen[key] = Relation(
                type=t.type,
                subject=t.subject,
                object=t.object,
                evidence=t.evidence,
                source="text",
                note=r.note,
                component=t.component,
                confidence=max(t.confidence, 0.9),
            )
        else:
            seen[key] = r
    return list(seen.values())


def unknown_actor_counts(actors: Iterable[Actor]) -> list[tuple[str, str, int]]:
    """(id, name, mentions) of actors not in the KB, most frequent first.

    Feed it every article's actors (``sitrep actors --unknown``) to see which
    actors are worth adding to the KB.
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for actor in actors:
        if not actor.in_kb:
            counts[actor.id] += len(actor.mentions)
            names.setdefault(actor.id, actor.name)
    return [(i, names[i], n) for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
