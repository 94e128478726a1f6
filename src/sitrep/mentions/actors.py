"""Actor mentions: the ``sitrep.actors.v1`` spaCy component.

Writes ``doc.spans["actors"]``: every span has ``kb_id_`` = a KB actor id (or
``x:<slug>`` for an actor that is not in the KB) and ``label_`` = its PLOVER
sector code (or ""). Sources, in order of priority:

1. dictionary matches of every KB name and alias (Aho-Corasick on normalised
   lowercase text, word boundaries, capital-only aliases matched case-sensitively);
   country names used as places ("in Iraq", "Iraq's borders") are not actors;
2. compositional actors: demonym or country + agent noun ("Iranian media",
   "US troops", "Government of Iraq"), linked to a KB body when one claims that
   agent for that country, otherwise kept as ``x:`` actors with a sector;
3. KB mentions extended by a group noun ("ISIS cells", "Badr members");
4. definite descriptions ("the militia") and possessives ("its operations
   command") resolved to the last compatible KB actor;
5. acronyms bound in the document ("Popular Mobilization Units (PMU)");
6. standalone agents ("civilians", "unknown gunmen");
7. spaCy ORG / PERSON / NORP entities that overlap nothing above, as ``x:`` actors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.knowledge.actors import ActorEntry, ActorKB, AgentLexicon, load_actor_kb
from sitrep.knowledge.actors import load_agent_lexicon as _load_lex

SPAN_KEY = "actors"
# spaCy forbids "." in factory names, so "sitrep.actors.v1" is registered as:
FACTORY = "sitrep_actors_v1"
TITLE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY", "REB", "PRM", "REL", "OPP"})
_NAMED_HEADS = frozenset({"coalition", "army", "ministry", "alliance", "agency", "council"})
_TOKEN_RE = re.compile(r"[\w']+|[^\w\s]")
_DETS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"])
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-"})


def normalise(text: str) -> str:
    """Lowercase with apostrophes and dashes unified; same length as ``text``."""
    out = text.translate(_APOS).lower()
    if len(out) != len(text):  # a few characters change length when lowercased
        out = "".join(c.translate(_APOS).lower()[:1] or c for c in text)
    return out


def slug(text: str) -> str:
    """Stable ``x:`` id for an actor that is not in the KB."""
    words = normalise(text).replace("'s", "").split()
    while words and words[0] in _DETS:
        words = words[1:]
    core = re.sub(r"[^a-z0-9]+", "_", " ".join(words)).strip("_")
    return "x:" + (core or "unknown")


@dataclass(frozen=True, slots=True)
class _Alias:
    actor: str
    case_sensitive: bool
    needs_upper: bool
    demonym: bool
    state_name: bool
    context: bool
    capital: bool
    surface: str


@dataclass(slots=True)
class _Cand:
    start: int  # character offsets
    end: int
    actor: str
    label: str
    how: str  # kb | state | comp | ext | desc | poss | acro | agent | ner


def _capitals_agree(alias: str, surface: str) -> bool:
    """Every capitalised word of the alias is capitalised in the text ("the UN" ≠ "the un")."""
    a_words, s_words = alias.split(), surface.split()
    if len(a_words) != len(s_words):
        return surface != surface.lower()
    return all(
        not a[:1].isupper() or s[:1].isupper() for a, s in zip(a_words, s_words, strict=True)
    )


def _in_capitals(text: str, start: int, end: int) -> bool:
    """True when the words on both sides of [start, end) are written in capitals."""
    before = re.findall(r"[A-Za-z]{2,}", text[max(0, start - 30) : start])
    after = re.findall(r"[A-Za-z]{2,}", text[end : end + 30])
    return bool(before and after and before[-1].isupper() and after[0].isupper())


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _occupancy(n: int, cands: Iterable[_Cand]) -> bytearray:
    occ = bytearray(n)
    for c in cands:
        occ[c.start : c.end] = b"\x01" * (c.end - c.start)
    return occ


class ActorMatcher:
    """Precompiled dictionary of every KB name, alias and demonym."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        table: dict[str, list[_Alias]] = {}

        def add(
            entry: ActorEntry,
            alias: str,
            *,
            demonym: bool = False,
            ctx: bool = False,
            capital: bool = False,
        ) -> None:
            key = normalise(alias)
            cs = alias in entry.case_sensitive or _is_acronym(alias)
            item = _Alias(
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

    def matches(self, text: str, norm: str) -> list[tuple[int, int, _Alias]]:
        """Non-overlapping matches (longest first) that respect boundaries and case."""
        found: list[tuple[int, int, _Alias]] = []
        n = len(text)
        for idx, start, end in self.automaton.find_matches_as_indexes(norm, overlapping=True):
            if start > 0 and (norm[start - 1].isalnum()):
                continue
            if end < n and norm[end].isalnum():
                continue
            surface = text[start:end]
            for alias in self.table[idx]:
                if alias.case_sensitive:
                    if surface.translate(_APOS) != alias.surface.translate(_APOS):
                        continue
                    if len(surface) <= 3 and _in_capitals(text, start, end):
                        continue  # "WHAT IS NEXT FOR US": a headline in capitals
                elif alias.needs_upper and not _capitals_agree(alias.surface, surface):
                    continue
                found.append((start, end, alias))
                break
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken: list[tuple[int, int]] = []
        out: list[tuple[int, int, _Alias]] = []
        for start, end, alias in found:
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            out.append((start, end, alias))
        out.sort(key=lambda m: m[0])
        return out


class ActorRecognizer:
    """The ``sitrep.actors.v1`` component (see the module docstring)."""

    def __init__(self, kb: ActorKB, lexicon: AgentLexicon) -> None:
        self.kb = kb
        self.lex = lexicon
        self.matcher = ActorMatcher(kb)
        self._agent_seqs: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in (*lexicon.agents, *lexicon.descriptions):
            seq = tuple(_TOKEN_RE.findall(phrase))
            if seq:
                self._agent_seqs.setdefault(seq[0], []).append((seq, phrase))
        for seqs in self._agent_seqs.values():
            seqs.sort(key=lambda x: -len(x[0]))
        self._toks: list[str] = []
        self._kb_starts: set[int] = set()
        self._text = ""

    # ------------------------------------------------------------ helpers
    def _entry(self, actor: str) -> ActorEntry | None:
        return self.kb.get(actor)

    def _label(self, actor: str) -> str:
        e = self.kb.get(actor)
        return (e.sector or "") if e else ""

    def _phrase_at(self, i: int, limit: int | None = None) -> tuple[int, str] | None:
        """Longest agent phrase or description starting at token ``i``: (end token, phrase)."""
        toks = self._toks
        stop = len(toks) if limit is None else min(limit, len(toks))
        for seq, phrase in self._agent_seqs.get(toks[i] if i < stop else "", ()):
            n = len(seq)
            if i + n <= stop and tuple(toks[i : i + n]) == seq:
                return i + n, phrase
        return None

    def _agent_at(self, doc: Doc, i: int, limit: int | None = None) -> tuple[int, str] | None:
        """Longest agent phrase starting at token ``i``: (end token, phrase)."""
        toks = self._toks
        stop = len(toks) if limit is None else min(limit, len(toks))
        for seq, phrase in self._agent_seqs.get(toks[i] if i < stop else "", ()):
            n = len(seq)
            if phrase in self.lex.agents and i + n <= stop and tuple(toks[i : i + n]) == seq:
                return i + n, phrase
        return None

    def _compose(self, doc: Doc, first: int, after: int) -> tuple[int, str] | None:
        """Modifiers then an agent noun from token ``after``; returns (end token, agent)."""
        j = after
        for _ in range(4):
            if j >= len(doc):
                return None
            hit = self._agent_at(doc, j)
            if hit is not None:
                return hit
            if doc[j].idx in self._kb_starts:
                return None  # "Iranian-backed Kataib Hezbollah": a KB name, not a modifier
            tok = self._toks[j]
            capitalised = doc[j].text[:1].isupper() and doc[j].text.isalpha() and j > first
            if tok in self.lex.modifiers or capitalised or (doc[j].text == "-" and j > first):
                j += 1
                continue
            return None
        return None

    def _coordinated(self, doc: Doc, i: int) -> str | None:
        """ "Hungarian and Romanian officials": the agent shared by a coordinated demonym."""
        toks = self._toks
        if i + 1 < len(doc) and toks[i] in {"and", "or", ","}:
            j = i + 1
            if toks[j] in self.matcher.demonym_country:
                comp = self._compose(doc, j, j + 1)
                if comp is not None:
                    return comp[1]
                return self._coordinated(doc, j + 1)
        return None

    def _link(self, country: str | None, agent: str) -> tuple[str | None, str]:
        sector = self.lex.agents[agent]
        if country:
            hit = None
            for form in (agent, agent + "s", agent[:-1] if agent.endswith("s") else agent):
                hit = hit or self.matcher.agent_index.get((country, form))
            if hit:
                return hit, self._label(hit) or sector
            if sector == "GOV" and agent not in {"leader", "leaders", "leadership"}:
                state = self.kb.state_for(country)
                if state is not None:
                    return state.id, "GOV"
        return None, sector

    def _is_place(self, doc: Doc, first: int, last: int, prev_place: tuple[int, bool]) -> bool:
        if first > 1 and self._toks[first - 1] == "the":
            first -= 1  # "in the UAE", "across the United States"
        prev = normalise(doc[first - 1].text) if first > 0 else ""
        if prev in self.lex.place_prepositions:
            return True
        if prev == "with" and first >= 2:
            window = {normalise(t.text) for t in doc[max(0, first - 3) : first - 1]}
            if window & self.lex.place_nouns:
                return True
        if prev == "of" and first >= 2 and normalise(doc[first - 2].text) in self.lex.place_nouns:
            return True
        if prev in {"and", "or", ","} and prev_place[0] >= first - 3 and prev_place[1]:
            return True
        nxt = last + 1
        return (
            nxt + 1 < len(doc)
            and normalise(doc[nxt].text) in {"'s", "'"}
            and normalise(doc[nxt + 1].text) in self.lex.place_nouns
        )

    # ------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        self._text = text = doc.text
        norm = normalise(text)
        self._toks = [norm[t.idx : t.idx + len(t.text)] for t in doc]
        cands: list[_Cand] = []
        prev_place = (-10, False)
        found = self.matcher.matches(text, norm)
        self._kb_starts = {s for s, _, a in found if not a.demonym}
        for start, end, alias in found:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            first, last = span.start, span.end - 1
            if (
                alias.case_sensitive
                and not _is_acronym(alias.surface)
                and " " not in alias.surface
                and first > 0
                and doc[first - 1].text[:1].isupper()
                and self._toks[first - 1] not in _DETS
                and not doc[first - 1].is_sent_start
            ):
                continue  # "Saraya Coalition": a generic capitalised alias inside another name
            if alias.context:
                before = normalise(text[max(0, start - 20) : start])
                after_tok = normalise(doc[last + 1].text) if last + 1 < len(doc) else ""
                if not (
                    after_tok in self.lex.media_cues
                    or "according to" in before
                    or "told" in before
                    or any(w in self.lex.media_cues for w in normalise(alias.surface).split())
                ):
                    continue
            if alias.demonym:
                if last + 1 < len(doc) and doc[last + 1].text == "-":
                    # "Iranian-backed X": the modifier is a backer, not the actor's country
                    comp = self._compose(doc, first, last + 3)
                    if (
                        comp
                        and last + 2 < len(doc)
                        and normalise(doc[last + 2].text)
                        in {
                            "backed",
                            "led",
                            "supported",
                            "funded",
                            "allied",
                            "aligned",
                        }
                    ):
                        end_tok, agent = comp
                        s = doc[first:end_tok]
                        cands.append(
                            _Cand(
                                s.start_char,
                                s.end_char,
                                slug(s.text),
                                self.lex.agents[agent],
                                "comp",
                            )
                        )
                    continue
                comp = self._compose(doc, first, last + 1)
                country = self.matcher.demonym_country.get(normalise(alias.surface))
                if comp is not None:
                    end_tok, agent = comp
                    s = doc[first:end_tok]
                    linked, label = self._link(country, agent)
                    cands.append(
                        _Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
                    )
                elif (
                    last + 1 < len(doc)
                    and doc[last + 1].text[:1].isupper()
                    and doc[last + 1].text.isalpha()
                    and doc[last + 1].text.endswith("s")
                    and doc[last + 1].idx not in self._kb_starts
                ):
                    # "Iraqi Kurds", "Bosnian Serbs": a people of that country
                    s = doc[first : last + 2]
                    cands.append(_Cand(s.start_char, s.end_char, slug(s.text), "CVL", "comp"))
                elif alias.surface.endswith("s") and span.text[:1].isupper():
                    cands.append(_Cand(start, end, slug(span.text), "CVL", "comp"))
                else:
                    shared = self._coordinated(doc, last + 1)
                    if shared is not None:
                        linked, label = self._link(country, shared)
                        cands.append(
                            _Cand(
                                start, end, linked or slug(f"{span.text} {shared}"), label, "comp"
                            )
                        )
                continue
            if alias.capital:
                state = self.kb.get(alias.actor)
                nxt = last + 1
                possessive = nxt < len(doc) and self._toks[nxt] in {"'s", "'"}
                comp = self._compose(doc, first, nxt + 1 if possessive else nxt)
                if comp is not None and state is not None:
                    end_tok, agent = comp
                    s = doc[first:end_tok]
                    linked, label = self._link(state.country, agent)
                    cands.append(
                        _Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
                    )
                elif not self._is_place(doc, first, last, (-10, False)) and (
                    (nxt < len(doc) and self._toks[nxt] in self.lex.metonym_verbs)
                    or (
                        doc[last].dep_ in {"nsubj", "nsubjpass"}
                        and doc[last].head.pos_ == "VERB"
                        and doc[last].head.lemma_ != "be"
                    )
                ):
                    cands.append(_Cand(start, end, alias.actor, "GOV", "state"))
                continue
            if alias.state_name:
                place = self._is_place(doc, first, last, prev_place)
                prev_place = (last, place)
                if place:
                    continue
                nxt = last + 1
                possessive = nxt < len(doc) and self._toks[nxt] in {"'s", "'"}
                if possessive or (nxt < len(doc) and doc[nxt].text[:1].isalpha()):
                    comp = self._compose(doc, first, nxt + 1 if possessive else nxt)
                    if comp is not None:
                        end_tok, agent = comp
                        s = doc[first:end_tok]
                        linked, label = self._link(
                            self.kb.get(alias.actor).country  # type: ignore[union-attr]
                            if self.kb.get(alias.actor)
                            else None,
                            agent,
                        )
                        cands.append(
                            _Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
                        )
                        continue
                cands.append(_Cand(start, end, alias.actor, "GOV", "state"))
                continue
            entry = self.kb.get(alias.actor)
            end_char = end
            if entry is not None and entry.kind not in {"person", "state"}:
                nxt = span.end
                hit = self._agent_at(doc, nxt) if nxt < len(doc) else None
                if hit is not None and hit[1].split()[-1] in self.lex.group_nouns:
                    end_char = doc[hit[0] - 1].idx + len(doc[hit[0] - 1].text)
                elif nxt < len(doc) and self._toks[nxt] in self.lex.group_nouns:
                    end_char = doc[nxt].idx + len(doc[nxt].text)
            how = "ext" if end_char > end else "kb"
            cands.append(_Cand(start, end_char, alias.actor, self._label(alias.actor), how))
        cands = self._agent_of_state(doc, cands)
        cands.extend(self._descriptions(doc, cands))
        cands = self._acronyms(doc, cands)
        cands.extend(self._standalone(doc, cands))
        drop: set[int] = set()
        cands.extend(self._entities(doc, cands, drop))
        cands = [c for c in cands if id(c) not in drop]
        self._widen(doc, cands)
        self._former(doc, cands)
        doc.spans[SPAN_KEY] = self._to_spans(doc, cands)
        return doc

    # ------------------------------------------------------------ stages
    def _agent_of_state(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """ "Government of Iraq", "people of Syria": agent + of + state."""
        out: list[_Cand] = []
        for c in cands:
            if c.how == "state":
                span = doc.char_span(c.start, c.end, alignment_mode="expand")
                if span is not None:
                    i = span.start - 1
                    if i >= 1 and normalise(doc[i].text) == "the":
                        i -= 1
                    if i >= 1 and normalise(doc[i].text) == "of":
                        for k in range(max(0, i - 3), i):
                            hit = self._agent_at(doc, k, limit=i)
                            if hit and hit[0] == i:
                                entry = self.kb.get(c.actor)
                                linked, label = self._link(entry.country if entry else None, hit[1])
                                s = doc[k : span.end]
                                out.append(
                                    _Cand(
                                        s.start_char,
                                        s.end_char,
                                        linked or slug(s.text),
                                        label,
                                        "comp",
                                    )
                                )
                                break
                        else:
                            out.append(c)
                        continue
            out.append(c)
        return out

    def _antecedent(
        self, ends: list[int], cands: list[_Cand], pos: int, kinds: set[str], head: str = ""
    ) -> str | None:
        """The last KB actor of a compatible kind ending before ``pos`` (within 1500 chars)."""
        k = bisect.bisect_right(ends, pos)
        while k > 0:
            k -= 1
            c = cands[k]
            if pos - c.end > 1500:
                return None
            if c.actor.startswith("x:"):
                continue
            e = self.kb.get(c.actor)
            if e is None or e.kind not in kinds:
                continue
            if head.startswith("office:"):
                if not any(head[7:] in r.office.lower() for r in e.roles):
                    continue
            elif head and head not in " ".join(e.names()).lower():
                continue
            return c.actor
        return None

    def _descriptions(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        occ = _occupancy(len(self._text), cands)
        ordered = sorted((c for c in cands if c.how != "desc"), key=lambda c: c.end)
        ends = [c.end for c in ordered]
        kinds_for = {
            "armed_group": {"armed_group", "party", "group"},
            "state": {"state"},
            "state_body": {"state_body"},
            "outlet": {"outlet"},
            "igo": {"igo", "ngo"},
        }
        org_kinds = {"armed_group", "party", "group", "state_body", "igo", "ngo", "state"}
        toks = self._toks
        for i, low in enumerate(toks):
            if low in {"its", "their"} and i + 1 < len(doc):
                for j in range(i + 1, min(len(doc), i + 5)):
                    hit = self._agent_at(doc, j)
                    if hit is not None and hit[1] in self.lex.possessed:
                        end_tok = hit[0]
                    elif toks[j] in self.lex.possessed:
                        end_tok = j + 1
                    else:
                        if doc[j].is_punct and doc[j].text != "-":
                            break
                        continue
                    s = doc[i:end_tok]
                    if any(occ[s.start_char : s.end_char]):
                        break
                    ante = self._antecedent(ends, ordered, doc[i].idx, org_kinds)
                    if ante:
                        out.append(_Cand(s.start_char, s.end_char, ante, self._label(ante), "poss"))
                    break
                continue
            if low not in {"the", "this"} or i + 1 >= len(doc):
                continue
            hit = self._phrase_at(i)
            if hit is None or hit[1] not in self.lex.descriptions:
                hit = self._agent_at(doc, i + 1)
            if hit is None:
                continue
            s = doc[i : hit[0]]
            if any(occ[s.start_char : s.end_char]):
                continue
            nxt = hit[0]
            if nxt < len(doc) and doc[nxt].text[:1].isupper() and not doc[nxt].is_punct:
                continue  # "the group Hamas", "the President Emmanuel Macron": a name follows
            phrase = hit[1]
            if phrase in self.lex.descriptions:
                kind = self.lex.descriptions[phrase]
                head = phrase.split()[-1] if phrase.split()[-1] in _NAMED_HEADS else ""
                ante = self._antecedent(
                    ends, ordered, s.start_char, kinds_for.get(kind, {kind}), head
                )
                if ante:
                    out.append(_Cand(s.start_char, s.end_char, ante, self._label(ante), "desc"))
                    occ[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
                continue
            title = phrase.removeprefix("the ").removeprefix("this ")
            if title in self.lex.agents and set(title.split()) & self.lex.titles:
                # "the Foreign Secretary": the last person holding that office, else unnamed
                ante = self._antecedent(ends, ordered, s.start_char, {"person"}, "office:" + title)
                actor = ante or slug(s.text)
                label = self._label(ante) if ante else self.lex.agents[title]
                out.append(_Cand(s.start_char, s.end_char, actor, label, "desc"))
                occ[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
        return out

    def _acronyms(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        text = self._text
        bound: dict[str, tuple[str, str]] = {}
        extra: list[_Cand] = []
        for m in re.finditer(r"\(\s*([A-Z][A-Za-z0-9\-&]{1,9})\s*\)", text):
            acro, left = m.group(1), m.start()
            longform = [c for c in cands if 0 <= left - c.end <= 1 and c.how != "desc"]
            if longform:
                c = max(longform, key=lambda c: c.end - c.start)
                bound[acro] = (c.actor, c.label)
                continue
            # an unknown long form: capitalised words whose initials start like the acronym
            words = list(
                re.finditer(
                    r"[A-Z][\w'\-]*|of|for|the|and|in|on|al-\w+", text[max(0, left - 120) : left]
                )
            )
            if not words:
                continue
            base = max(0, left - 120)
            chosen: list[tuple[int, int, str]] = []
            for w in reversed(words):
                if chosen and base + w.end() < chosen[-1][0] - 2:
                    break
                chosen.append((base + w.start(), base + w.end(), w.group()))
                caps = [x for x in chosen if x[2][:1].isupper()]
                if caps and caps[-1][2][0] == acro[0] and len(caps) >= min(len(acro), 2):
                    break
            caps = [x for x in chosen if x[2][:1].isupper()]
            if not caps or caps[-1][2][0] != acro[0] or len(caps) < 2:
                continue
            start = caps[-1][0]
            span = doc.char_span(start, left, alignment_mode="contract")
            if span is None:
                continue
            actor = slug(span.text)
            extra.append(_Cand(span.start_char, span.end_char, actor, "", "acro"))
            bound[acro] = (actor, "")
        if not bound:
            return cands
        for acro, (actor, label) in bound.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(acro)}(?![\w-])", text):
                extra.append(_Cand(m.start(), m.end(), actor, label, "acro"))
        keep = [
            c
            for c in cands
            if not any(
                e.start <= c.start
                and c.end <= e.end
                and e.actor != c.actor
                and c.end - c.start <= e.end - e.start
                for e in extra
            )
        ]
        keep.extend(
            e
            for e in extra
            if not any(
                k.start < e.end and e.start < k.end and not (e.start <= k.start and k.end <= e.end)
                for k in keep
                if k.actor != e.actor
            )
            and not any(k.start <= e.start and e.end <= k.end and k.actor == e.actor for k in keep)
        )
        return keep

    def _standalone(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        occ = _occupancy(len(self._text), cands)
        toks = self._toks
        i = 0
        while i < len(doc):
            hit = self._agent_at(doc, i)
            if hit is None or hit[1] not in self.lex.standalone:
                i += 1
                continue
            j = i
            while j > 0 and toks[j - 1] in self.lex.modifiers and j > i - 3:
                j -= 1
            s = doc[j : hit[0]]
            if not any(occ[s.start_char : s.end_char]):
                out.append(
                    _Cand(s.start_char, s.end_char, slug(s.text), self.lex.agents[hit[1]], "agent")
                )
            i = hit[0]
        return out

    def _entities(self, doc: Doc, cands: list[_Cand], drop: set[int]) -> list[_Cand]:
        out: list[_Cand] = []
        occ = _occupancy(len(self._text), cands)
        titles: dict[int, _Cand] = {}
        for c in cands:
            if c.how == "comp" and c.label in TITLE_SECTORS:
                # the character after the title and its space: where a name would start
                titles[c.end + 1] = c
        for ent in doc.ents:
            if ent.label_ not in {"ORG", "PERSON", "NORP"}:
                continue
            if any(occ[ent.start_char : ent.end_char]):
                continue
            words = [t for t in ent if self._toks[t.i] not in _DETS]
            if not words or not any(t.text[:1].isupper() for t in words):
                continue
            if ent.label_ == "NORP" and not ent.text.endswith("s"):
                continue
            before = " ".join(self._toks[max(0, ent.start - 2) : ent.start])
            if re.search(r"\b(called|named|dubbed|known as)$", before):
                continue
            if ent.label_ == "NORP":
                label = "CVL"
            else:
                hit = self._agent_at(doc, ent.end - 1)
                label = self.lex.agents[hit[1]] if hit else ""
            s = doc[words[0].i : ent.end]
            title = titles.get(s.start_char)
            if ent.label_ == "PERSON" and title is not None:
                # "Serbian President Vojislav Kostunica": one person, coded from the title
                drop.add(id(title))
                out.append(_Cand(title.start, s.end_char, slug(s.text), title.label, "ner"))
                continue
            out.append(_Cand(s.start_char, s.end_char, slug(s.text), label, "ner"))
        return out

    def _widen(self, doc: Doc, cands: list[_Cand]) -> None:
        """Mention extents as annotators draw them: a leading determiner for groups
        ("the SDF"), and a person's titles ("Foreign Secretary Philip Hammond")."""
        toks = self._toks
        for c in cands:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is None or span.start == 0:
                continue
            entry = self.kb.get(c.actor)
            person = (entry is not None and entry.kind == "person") or (
                c.how == "ner" and not c.label and span.root.ent_type_ == "PERSON"
            )
            if person:
                i, left = span.start, span.start
                while i > 0 and span.start - i < 8:
                    t = toks[i - 1]
                    if t.rstrip(".") in self.lex.titles or t in self.lex.titles:
                        i -= 1
                        left = i
                    elif t in {"of", "for", "the", "-", "."} or doc[i - 1].text[:1].isupper():
                        i -= 1
                    else:
                        break
                if left < span.start and doc[left].text[:1].isupper():
                    c.start = doc[left].idx
                    if not c.label and c.actor.startswith("x:"):
                        sectors = [self.lex.agents.get(t) for t in toks[left : span.start]]
                        military = {"gen", "gen.", "lt", "lt.", "col", "col.", "maj", "maj."}
                        if any(t in military for t in toks[left : span.start]):
                            c.label = "MIL"
                        else:
                            c.label = next((x for x in sectors if x), "")
                continue
            det = toks[span.start - 1]
            if c.how in {"kb", "ext", "state", "comp", "acro"} and (
                det == "the" or (det in {"a", "an"} and c.how in {"ext", "comp"})
            ):
                c.start = doc[span.start - 1].idx

    def _former(self, doc: Doc, cands: list[_Cand]) -> None:
        """ "former minister", "ex-officials": unnamed former officials are ELI."""
        for c in cands:
            official = {"GOV", "MIL", "JUD", "LEG", "COP", "SPY"}
            if c.how in {"kb", "ext", "state", "desc", "poss", "acro"} or c.label not in official:
                continue
            before = normalise(self._text[max(0, c.start - 16) : c.end])
            if re.search(r"\bformer\b|\bex-", before):
                c.label = "ELI"
                entry = self.kb.get(c.actor)
                if entry is not None and entry.kind == "state":
                    c.actor = slug("former " + self._text[c.start : c.end])

    @staticmethod
    def _to_spans(doc: Doc, cands: list[_Cand]) -> list[Span]:
        spans: list[Span] = []
        cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
        last_end = -1
        for c in cands:
            if c.start < last_end:
                continue
            span = doc.char_span(
                c.start, c.end, label=c.label, kb_id=c.actor, alignment_mode="expand"
            )
            if span is None:
                continue
            spans.append(span)
            last_end = span.end_char
        return spans


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    default_config={},
)
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    """Factory: loads the packaged actor KB and agent lexicon once."""
    return ActorRecognizer(load_actor_kb(), _load_lex())
