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

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from sitrep.knowledge.actors import ActorEntry, ActorKB
from sitrep.knowledge.gazetteer_build import load_geo_yaml
from sitrep.mentions.actors import SPAN_KEY, normalise
from sitrep.model import Actor, Article, Offsets, Relation
from sitrep.resolve.actor_relations import (
    Mention,
    by_sentence,
    kb_relations,
    merge_relations,
    sentences,
    text_relations,
)

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
    r"\s+(?:in|inside|throughout|across|of|from)\s+(?:the\s+)?"
    r"(?:(?:two|three|four|five|several|some|many|various|\d+)\s+)?(?:(?:northern|southern|eastern|"
    r"western|central|north|south|east|west)\s+)?([A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,3})"
)
# "Salaheddine Sidhoum, Algeria's leading activist", "X, a Syrian lawmaker": the country
# of an apposition right after the mention (a possessive or demonym before a noun).
_APPOSITION_RE = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?(?:former\s+|senior\s+|top\s+)?"
    r"([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,2})(?:'s|\u2019s)?\s+(?=[a-z])"
)
# An organisation outside the KB whose name says it is international ("Association of
# African Jurists", "International Labour Office", "World Water Forum"): country IGO.
_INTERNATIONAL_RE = re.compile(
    r"\b(?:international|world|global|inter-?governmental|intercontinental|pan-\w+|"
    r"african|asian|european|arab|asia-pacific|latin american|americas|"
    r"commonwealth|regional|united nations)\b",
    re.IGNORECASE,
)
_ORGANISATION_RE = re.compile(
    r"\b(?:organi[sz]ation|office|forum|committee|commission|council|association|union|"
    r"federation|bank|fund|agency|conference|court|tribunal|institute|secretariat|alliance|"
    r"league|community|programme|program|summit|mission|observers)\b",
    re.IGNORECASE,
)
_NATIONAL_PARTY_RE = re.compile(r"\b(?:party|congress|front|movement)\b", re.IGNORECASE)


def _international(name: str) -> bool:
    return bool(
        _INTERNATIONAL_RE.search(name)
        and _ORGANISATION_RE.search(name)
        and not _NATIONAL_PARTY_RE.search(name)
    )


def _country_in_apposition(text: str, end: int, demonyms: dict[str, str]) -> str | None:
    m = _APPOSITION_RE.match(text, end)
    return demonyms.get(normalise(m.group(1))) if m else None


def _country_after(text: str, end: int, anchors: dict[str, str]) -> str | None:
    """ "students throughout Indonesia", "security forces in Guinea", "doctors from two
    American aid groups", "demonstrators in Baghdad": the anchoring country (country
    names, demonyms and capitals)."""
    m = _ANCHOR_RE.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        hit = anchors.get(normalise(" ".join(words[:n])))
        if hit:
            return hit
    return None


_OFFICIAL = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY"})


def _sentence_states(
    sents: list[tuple[int, int]], mentions: list[Mention], kb: ActorKB
) -> list[tuple[int, int, frozenset[str]]]:
    """Per sentence, the countries of the state actors (and their bodies) mentioned in it."""
    out = []
    for (s0, s1), group in zip(sents, by_sentence(sents, mentions), strict=True):
        countries = set()
        for m in group:
            e = kb.get(m.actor)
            if e is not None and e.kind in {"state", "state_body"} and e.country:
                countries.add(e.country)
        out.append((s0, s1, frozenset(countries)))
    return out


def _sole_state(
    mention: Mention,
    sentence_states: list[tuple[int, int, frozenset[str]]],
    exclude: str | None = None,
) -> str | None:
    """An untitled-country official ("President X") takes the sentence's only state, if one."""
    for s0, s1, countries in sentence_states:
        if s0 <= mention.start < s1:
            rest = countries - {exclude} if exclude else countries
            return next(iter(rest)) if len(rest) == 1 else None
    return None


_DEMONYM_CACHE: dict[int, tuple[ActorKB, dict[str, str], dict[str, str]]] = {}


def _tables(kb: ActorKB) -> tuple[dict[str, str], dict[str, str]]:
    """(country names and demonyms → ISO3, the same plus capitals), built once per KB."""
    hit = _DEMONYM_CACHE.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1], hit[2]
    table = _build_demonyms(kb)
    anchors = dict(table)
    for e in kb.entries:
        if e.kind == "state" and e.country:
            for cap in e.capitals:
                anchors.setdefault(normalise(cap), e.country)
    _DEMONYM_CACHE[id(kb)] = (kb, table, anchors)
    return table, anchors


def _demonym_table(kb: ActorKB) -> dict[str, str]:
    """Country names and demonyms → ISO3 (built once per KB object)."""
    return _tables(kb)[0]


def _build_demonyms(kb: ActorKB) -> dict[str, str]:
    table: dict[str, str] = {}
    for e in kb.entries:
        if e.kind == "state" and e.country:
            for name in (e.name, *e.aliases, *e.demonyms):
                table.setdefault(normalise(name), e.country)
    return table


@functools.lru_cache(maxsize=1)
def _region_countries() -> dict[str, str]:
    """Names and aliases of the curated regions and sites of ``geo/features.yaml`` → ISO3."""
    table: dict[str, str] = {}
    for f in load_geo_yaml("features.yaml").get("features") or []:
        if isinstance(f, dict) and isinstance(f.get("country"), str):
            for name in (f.get("name"), *(f.get("aliases") or [])):
                if isinstance(name, str):
                    table.setdefault(normalise(name), f["country"])
    return table


_KB_COUNTRY_CACHE: dict[int, tuple[ActorKB, dict[str, str]]] = {}


def _kb_countries(kb: ActorKB) -> dict[str, str]:
    """Names and aliases of KB actors with a state country → ISO3 (built once per KB)."""
    hit = _KB_COUNTRY_CACHE.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1]
    table: dict[str, str] = {}
    for e in kb.entries:
        if e.country and e.country not in _NON_STATE_CODES:
            for name in e.names():
                table.setdefault(normalise(name), e.country)
    _KB_COUNTRY_CACHE[id(kb)] = (kb, table)
    return table


_POSSESSOR = r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,4})['’]s\s+"
_POSSESSOR_IN = re.compile(r"(?:[Tt]he\s+)?" + _POSSESSOR)
_POSSESSOR_BEFORE = re.compile(r"(?<![\w'’])(?:[Tt]he\s+)?" + _POSSESSOR + "$")


def possessor_country(text: str, start: int, end: int, kb: ActorKB) -> str | None:
    """Country of an unknown actor's possessor, inside the mention or right before it
    ("the Kurdistan Region's counter-terrorism service", "Hezbollah's fighters"): a
    country, capital, curated region or site, or a KB actor of one state."""
    m = _POSSESSOR_IN.match(text, start, end) or _POSSESSOR_BEFORE.search(
        text, max(0, start - 60), start
    )
    if not m:
        return None
    key = normalise(m.group(1))
    return _tables(kb)[1].get(key) or _region_countries().get(key) or _kb_countries(kb).get(key)


def _actor_record(
    actor_id: str,
    mentions: list[Mention],
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
    kin: str | None = None  # "ethnic Albanians": the kin state is not their country
    for m in mentions:
        ethnic = text[max(0, m.start - 8) : m.start].lower().strip().endswith("ethnic")
        if ethnic:
            kin = kin or _country_in(m.span.text, kb, demonyms)
        # names, demonyms and capitals inside the mention ("Baghdad University")
        country = None if ethnic else _country_in(m.span.text, kb, _tables(kb)[1])
        country = country or _country_after(text, m.end, _tables(kb)[1])
        if country is None and sector in (None, *_OFFICIAL):
            country = _country_in_apposition(text, m.end, demonyms)
        if country:
            break
    if country is None:
        country = next(
            (c for m in mentions if (c := possessor_country(text, m.start, m.end, kb))), None
        )
    if country is None and sector in _OFFICIAL and mentions:
        country = _sole_state(mentions[0], sentence_states)
    if country is None and kin is not None and mentions:
        # an ethnic minority is coded with the country it lives in: the one other state
        # the sentence names ("ethnic Albanians ..., Macedonian officials said")
        country = _sole_state(mentions[0], sentence_states, exclude=kin)
    if sector == "NGO":  # "a human rights group": coded as an NGO, like the KB's NGOs
        country, sector = country or "NGO", None
    elif country is None and _international(name):
        country = "IGO"
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
    mentions: list[Mention] = []
    for span in doc.spans.get(SPAN_KEY, []):
        actor = span.kb_id_
        if not actor:
            continue
        if actor.startswith("x:") and any(
            a <= span.start_char and span.end_char <= b for a, b in places
        ):
            continue  # an unknown "actor" that the places stage knows as a toponym
        mentions.append(Mention(span.start_char, span.end_char, actor, span))
    mentions.sort(key=lambda m: m.start)
    demonyms = _demonym_table(kb)
    text = doc.text
    sents = sentences(doc, text)
    states = _sentence_states(sents, mentions, kb)
    by_id: dict[str, list[Mention]] = {}
    for m in mentions:
        by_id.setdefault(m.actor, []).append(m)
    actors = tuple(
        _actor_record(actor_id, ms, kb, article.published, demonyms, states, text)
        for actor_id, ms in sorted(by_id.items(), key=lambda kv: kv[1][0].start)
    )
    actors = _domestic_default(doc, actors, sents, _tables(kb)[1])
    relations = text_relations(doc, text, sents, mentions, kb, demonyms)
    relations = merge_relations(relations, kb_relations(sents, mentions, kb, article.published))
    return actors, tuple(relations)


# codes that name no state: an international body, a transnational armed group
_NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "EUR", "UNO", "MNC"})


def _domestic_default(
    doc: Doc, actors: tuple[Actor, ...], sents: Sequence[tuple[int, int]], anchors: dict[str, str]
) -> tuple[Actor, ...]:
    """An actor outside the KB with no country of its own ("rebels", "President X", "the
    demonstrators") is domestic to the one country its sentence is about: the country of
    every other coded actor and every country or capital the sentence names (the
    CAMEO/PLOVER default for domestic actors). Two countries in the sentence: no guess.
    News outlets and agencies do not count (they report from elsewhere)."""
    if not sents or all(a.in_kb or a.country for a in actors):
        return actors
    starts = [s for s, _ in sents]
    found: list[set[str]] = [set() for _ in sents]

    def add(pos: int, country: str | None) -> None:
        k = bisect.bisect_right(starts, pos) - 1
        if country and country not in _NON_STATE_CODES and k >= 0 and pos < sents[k][1]:
            found[k].add(country)

    for a in actors:
        if a.sector != "JRN" and a.kind != "outlet":
            for s, _ in a.mentions:
                add(s, a.country)
    for ent in doc.ents:
        if ent.label_ == "GPE":
            add(ent.start_char, anchors.get(normalise(ent.text).removeprefix("the ")))
    out = []
    for a in actors:
        if not a.in_kb and not a.country and a.mentions and a.sector != "JRN":
            k = bisect.bisect_right(starts, a.mentions[0][0]) - 1
            if k >= 0 and len(found[k]) == 1:
                a = dataclasses.replace(a, country=next(iter(found[k])))
        out.append(a)
    return tuple(out)


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
