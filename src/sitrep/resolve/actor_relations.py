"""Relations between actors: stated in the text, or KB relations valid on the day.

Text relations: "X, a paramilitary group of Y", "based on groups such as A, B",
"Iranian-backed X", "Y has sanctioned parts of X", "X leader Y" (with evidence
offsets). KB relations count when both ends are mentioned and the relation is valid
on the publication date. Also the mention record and sentence helpers that
:mod:`sitrep.resolve.actors` shares.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitrep.knowledge.actors import ActorKB
from sitrep.mentions.actors import normalise
from sitrep.model import Offsets, Relation

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
class Mention:
    start: int
    end: int
    actor: str
    span: Span


def sentences(doc: Doc, text: str) -> list[tuple[int, int]]:
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


def by_sentence(sents: list[tuple[int, int]], mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions (sorted by start) grouped by the sentence they start in; linear."""
    groups: list[list[Mention]] = [[] for _ in sents]
    k = 0
    for m in mentions:
        while k < len(sents) and m.start >= sents[k][1]:
            k += 1
        if k == len(sents):
            break
        if m.start >= sents[k][0]:
            groups[k].append(m)
    return groups


def _state_named(name: str, kb: ActorKB, demonyms: dict[str, str]) -> str | None:
    iso = demonyms.get(normalise(name).strip())
    if iso:
        state = kb.state_for(iso)
        return state.id if state else None
    return None


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


def _subject_mention(doc: Doc, cue: int, sent: list[Mention]) -> Mention | None:
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


def text_relations(
    doc: Doc,
    text: str,
    sents: list[tuple[int, int]],
    mentions: list[Mention],
    kb: ActorKB,
    demonyms: dict[str, str],
) -> list[Relation]:
    out: list[Relation] = []

    def kind(actor: str) -> str | None:
        e = kb.get(actor)
        return e.kind if e else None

    for (s0, s1), group in zip(sents, by_sentence(sents, mentions), strict=True):
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


def kb_relations(
    sents: list[tuple[int, int]], mentions: list[Mention], kb: ActorKB, day: dt.date | None
) -> list[Relation]:
    present = {m.actor for m in mentions}
    first_in: dict[tuple[int, str], Mention] = {}
    for k, group in enumerate(by_sentence(sents, mentions)):
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


def merge_relations(text_rels: list[Relation], kb_rels: list[Relation]) -> list[Relation]:
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
