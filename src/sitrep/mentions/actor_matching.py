"""Actor dictionary matching: normalisation, ``x:`` slugs and the Aho-Corasick matcher.

Every KB name, alias, capital and demonym is compiled once into one automaton over
normalised lowercase text; :meth:`ActorMatcher.matches` keeps non-overlapping
matches (longest first) that respect word boundaries and the alias's case rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from sitrep.knowledge.actors import ActorEntry, ActorKB

TOKEN_RE = re.compile(r"[\w']+|[^\w\s]")
DETS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"])
APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-"})


def normalise(text: str) -> str:
    """Lowercase with apostrophes and dashes unified; same length as ``text``."""
    out = text.translate(APOS).lower()
    if len(out) != len(text):  # a few characters change length when lowercased
        out = "".join(c.translate(APOS).lower()[:1] or c for c in text)
    return out


def slug(text: str) -> str:
    """Stable ``x:`` id for an actor that is not in the KB."""
    words = normalise(text).replace("'s", "").split()
    while words and words[0] in DETS:
        words = words[1:]
    core = re.sub(r"[^a-z0-9]+", "_", " ".join(words)).strip("_")
    return "x:" + (core or "unknown")


@dataclass(frozen=True, slots=True)
class Alias:
    actor: str
    case_sensitive: bool
    needs_upper: bool
    demonym: bool
    state_name: bool
    context: bool
    capital: bool
    surface: str


@dataclass(slots=True)
class Cand:
    start: int  # character offsets
    end: int
    actor: str
    label: str
    how: str  # kb | state | comp | ext | desc | poss | acro | agent | ner | pron


def capitals_agree(alias: str, surface: str) -> bool:
    """Every capitalised word of the alias is capitalised in the text ("the UN" ≠ "the un")."""
    a_words, s_words = alias.split(), surface.split()
    if len(a_words) != len(s_words):
        return surface != surface.lower()
    return all(
        not a[:1].isupper() or s[:1].isupper() for a, s in zip(a_words, s_words, strict=True)
    )


def in_capitals(text: str, start: int, end: int) -> bool:
    """True when the words on both sides of [start, end) are written in capitals."""
    before = re.findall(r"[A-Za-z]{2,}", text[max(0, start - 30) : start])
    after = re.findall(r"[A-Za-z]{2,}", text[end : end + 30])
    return bool(before and after and before[-1].isupper() and after[0].isupper())


def is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def occupancy(n: int, cands: Iterable[Cand]) -> bytearray:
    occ = bytearray(n)
    for c in cands:
        occ[c.start : c.end] = b"\x01" * (c.end - c.start)
    return occ


class ActorMatcher:
    """Precompiled dictionary of every KB name, alias and demonym."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        table: dict[str, list[Alias]] = {}

        def add(
            entry: ActorEntry,
            alias: str,
            *,
            demonym: bool = False,
            ctx: bool = False,
            capital: bool = False,
        ) -> None:
            key = normalise(alias)
            cs = alias in entry.case_sensitive or is_acronym(alias)
            item = Alias(
                actor=entry.id,
                case_sensitive=cs,
                needs_upper=any(c.isupper() for c in alias),
                demonym=demonym,
                state_name=entry.kind == "state" and not demonym and not capital,
                context=ctx,
                capital=capital,
                surface=alias,
            )
            table.setdefault(key, []).append(item)

        self.agent_index: dict[tuple[str, str], str] = {}
        self.demonym_country: dict[str, str] = {}
        for e in kb.entries:
            for name in (e.name, *e.aliases, *e.case_sensitive):
                add(e, name)
            for name in e.context_aliases:
                add(e, name, ctx=True)
            for cap in e.capitals:
                add(e, cap, capital=True)
            for dem in e.demonyms:
                add(e, dem, demonym=True)
                if e.country:
                    self.demonym_country[normalise(dem)] = e.country
            if e.kind == "state" and e.country:
                for name in (e.name, *e.aliases):
                    self.demonym_country.setdefault(normalise(name), e.country)
            if e.country and e.kind != "state":
                for agent in e.agents:
                    self.agent_index.setdefault((e.country, agent), e.id)
        self.keys = list(table)
        self.table = [table[k] for k in self.keys]
        self.automaton = ahocorasick_rs.AhoCorasick(self.keys)

    def matches(self, text: str, norm: str) -> list[tuple[int, int, Alias]]:
        """Non-overlapping matches (longest first) that respect boundaries and case."""
        found: list[tuple[int, int, Alias]] = []
        n = len(text)
        for idx, start, end in self.automaton.find_matches_as_indexes(norm, overlapping=True):
            if start > 0 and (norm[start - 1].isalnum()):
                continue
            if end < n and norm[end].isalnum():
                continue
            surface = text[start:end]
            for alias in self.table[idx]:
                if alias.case_sensitive:
                    if surface.translate(APOS) != alias.surface.translate(APOS):
                        continue
                    if len(surface) <= 3 and in_capitals(text, start, end):
                        continue  # "WHAT IS NEXT FOR US": a headline in capitals
                elif alias.needs_upper and not capitals_agree(alias.surface, surface):
                    continue
                found.append((start, end, alias))
                break
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken: list[tuple[int, int]] = []
        out: list[tuple[int, int, Alias]] = []
        for start, end, alias in found:
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            out.append((start, end, alias))
        out.sort(key=lambda m: m[0])
        return out
