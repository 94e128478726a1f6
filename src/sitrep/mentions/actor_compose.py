"""Compositional actors: country or demonym + agent noun ("Iraqi army", "US troops").

:class:`ComposeStages` holds the per-document state shared by the recognizer's
stages and the helpers that find agent phrases, compose them with a country,
link the result to a KB body and tell a country used as a place from an actor.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from spacy.tokens import Doc

from sitrep.knowledge.actors import ActorEntry, ActorKB, AgentLexicon
from sitrep.mentions.actor_matching import ActorMatcher, Cand, normalise, slug

# "the Turkish side said" is a party; "the Syrian side of the border" is a place
_SIDES = frozenset({"side", "sides"})
_LINES = frozenset(
    {"border", "borders", "frontier", "boundary", "river", "line", "wall", "fence", "street"}
)


def _side_of_place(toks: list[str], k: int) -> bool:
    """Tokens from ``k`` read "of (the) border" (or another dividing line)."""
    if k >= len(toks) or toks[k] != "of":
        return False
    k += 1
    if k < len(toks) and toks[k] == "the":
        k += 1
    return k < len(toks) and toks[k] in _LINES


@functools.lru_cache(maxsize=1)
def load_dative_heads() -> frozenset[str]:
    """``dative_heads`` of ``actor_agents.yaml``: lemmas whose "to" phrase is an addressee."""
    path = resources.files("sitrep") / "data" / "lexicons" / "actor_agents.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = raw.get("dative_heads") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("actor_agents.yaml: dative_heads must be a list of words")
    return frozenset(w.lower() for w in words)


def addressee(doc: Doc, last: int) -> bool:
    """The name ending at token ``last`` is the object of "to" governed by a word of
    giving or telling ("apologized to Brazil", "arms sales to Iran")."""
    tok = doc[last]  # the name itself, not a modifier ("to Baghdad University")
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "to" or prep.dep_ not in ("prep", "dative"):
        return False
    gov = prep.head
    heads = load_dative_heads()
    if gov.lemma_.lower() in heads or gov.lower_ in heads:
        return True
    # "handed over to X", "delivered 700 kg of medicine to X": a particle or object between
    return gov.dep_ in ("dobj", "pobj") and gov.head.lemma_.lower() in heads


class ComposeStages:
    """Agent phrases and country + agent composition (mixed into the recognizer)."""

    kb: ActorKB
    lex: AgentLexicon
    matcher: ActorMatcher
    _agent_seqs: dict[str, list[tuple[tuple[str, ...], str]]]
    _toks: list[str]
    _kb_starts: set[int]
    _text: str
    _places: list[tuple[int, int]]  # character ranges of place names seen as such

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
                if phrase in _SIDES and _side_of_place(toks, i + n):
                    return None  # "the Syrian side of the border": a place, not a party
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
        if prev == "to" and addressee(doc, last):
            return False  # "an ultimatum to Ecuador": the addressee, not a destination
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

    def _agent_of_state(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """ "Government of Iraq", "people of Syria": agent + of + state."""
        out: list[Cand] = []
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
                                    Cand(
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

    def _event_after(self, doc: Doc, after: int) -> str | None:
        """Sector of an event or weapon noun at token ``after`` (past up to two modifiers):
        the country before it is the perpetrator ("Turkish shelling", "Iran's missiles")."""
        j = after
        for _ in range(3):
            if j >= len(doc):
                return None
            tok = self._toks[j]
            for width in (2, 1):
                phrase = " ".join(self._toks[j : j + width])
                if phrase in self.lex.event_nouns:
                    return (
                        None
                        if self._modifies_noun(doc, j + width)
                        else self.lex.event_nouns[phrase]
                    )
            if tok not in self.lex.modifiers:
                return None
            j += 1
        return None

    def _surname_in_place(self, doc: Doc, first: int, last: int, surface: str) -> bool:
        """A one-word person alias ("Asad", "al-Assad") that is part of a place name:
        after a capitalised word that is no title ("Ain al-Asad"), or before a facility
        noun ("al-Asad air base")."""
        if " " in surface.strip():
            return False
        if first > 0 and not doc[first - 1].is_sent_start:
            prev, low = doc[first - 1].text, self._toks[first - 1]
            if (
                prev[:1].isupper()
                and prev.isalpha()
                and low not in self.lex.titles
                and low not in self.lex.agents
            ):
                return True
        nxt = last + 1
        for width in (2, 1):
            phrase = " ".join(self._toks[nxt : nxt + width])
            if nxt + width <= len(doc) and phrase in self.lex.facility_nouns:
                return True
        return False

    def _modifies_noun(self, doc: Doc, k: int) -> bool:
        """Token ``k`` is a noun, so the word before it is a modifier ("aid groups")."""
        if k >= len(doc):
            return False
        return self._toks[k] in self.lex.agents or doc[k].pos_ in {"NOUN", "PROPN"}
