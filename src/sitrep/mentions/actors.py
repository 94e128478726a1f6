"""Actor mentions: the ``sitrep.actors.v1`` spaCy component.

Writes ``doc.spans["actors"]``: every span has ``kb_id_`` = a KB actor id (or
``x:<slug>`` for an actor that is not in the KB) and ``label_`` = its PLOVER
sector code (or ""). Sources, in order of priority:

1. dictionary matches of every KB name and alias (Aho-Corasick on normalised
   lowercase text, word boundaries, capital-only aliases matched case-sensitively);
   country names used as places ("in Iraq", "Iraq's borders") are not actors, nor
   a person's one-word alias inside a place name ("Ain al-Asad air base"); a
   country or demonym before an event noun is that state ("Turkish shelling",
   "US airstrikes"); a backer ("US-backed SDF") is a relation, not a mention;
2. compositional actors: demonym or country + agent noun ("Iranian media",
   "US troops", "Government of Iraq"), linked to a KB body when one claims that
   agent for that country, otherwise kept as ``x:`` actors with a sector;
3. KB mentions extended by a group noun ("ISIS cells", "Badr members");
4. definite descriptions ("the militia": the last militia if any, else the last
   armed group), possessives ("its operations command") and subject pronouns
   ("it said", "they attacked") resolved to the last compatible actor;
5. acronyms bound in the document ("Popular Mobilization Units (PMU)");
6. standalone agents ("civilians", "unknown gunmen");
7. spaCy ORG / PERSON / NORP entities that overlap nothing above, as ``x:`` actors.

Layout: :mod:`sitrep.mentions.actor_matching` (dictionary matcher),
:mod:`sitrep.mentions.actor_compose` (country + agent composition) and
:mod:`sitrep.mentions.actor_context` (descriptions, pronouns, acronyms, entities).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.knowledge.actors import ActorKB, AgentLexicon, load_actor_kb
from sitrep.knowledge.actors import load_agent_lexicon as _load_lex
from sitrep.mentions.actor_compose import addressee
from sitrep.mentions.actor_context import TITLE_SECTORS, ContextStages
from sitrep.mentions.actor_matching import (
    DETS,
    TOKEN_RE,
    ActorMatcher,
    Cand,
    is_acronym,
    normalise,
    slug,
)

__all__ = ["FACTORY", "SPAN_KEY", "TITLE_SECTORS", "ActorRecognizer", "normalise", "slug"]

SPAN_KEY = "actors"
_BACKER_VERBS = frozenset(
    {"backed", "led", "supported", "funded", "allied", "aligned", "sponsored"}
)
# spaCy forbids "." in factory names, so "sitrep.actors.v1" is registered as:
FACTORY = "sitrep_actors_v1"


class ActorRecognizer(ContextStages):
    """The ``sitrep.actors.v1`` component (see the module docstring)."""

    def __init__(self, kb: ActorKB, lexicon: AgentLexicon) -> None:
        self.kb = kb
        self.lex = lexicon
        self.matcher = ActorMatcher(kb)
        self._agent_seqs: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in (*lexicon.agents, *lexicon.descriptions):
            seq = tuple(TOKEN_RE.findall(phrase))
            if seq:
                self._agent_seqs.setdefault(seq[0], []).append((seq, phrase))
        for seqs in self._agent_seqs.values():
            seqs.sort(key=lambda x: -len(x[0]))
        self._toks: list[str] = []
        self._kb_starts: set[int] = set()
        self._text = ""
        self._places: list[tuple[int, int]] = []

    # ------------------------------------------------------------ helpers

    def __call__(self, doc: Doc) -> Doc:
        self._text = text = doc.text
        norm = normalise(text)
        self._toks = [norm[t.idx : t.idx + len(t.text)] for t in doc]
        cands: list[Cand] = []
        self._places = []
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
                and not is_acronym(alias.surface)
                and " " not in alias.surface
                and first > 0
                and doc[first - 1].text[:1].isupper()
                and self._toks[first - 1] not in DETS
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
            if alias.demonym or alias.state_name:
                # "Syria strikes", "Iraq withdrawal": a bare country name before an event noun
                # is often its place or theme; demonyms, acronyms and possessives are agents
                event = None
                if alias.demonym or is_acronym(alias.surface):
                    event = self._event_after(doc, last + 1)
                if event is None and last + 2 < len(doc) and self._toks[last + 1] in {"'s", "'"}:
                    event = self._event_after(doc, last + 2)
                country = self.matcher.demonym_country.get(normalise(alias.surface))
                state = self.kb.state_for(country) if country else None
                if event is not None and state is not None:
                    # "Turkish shelling", "US airstrikes on", "Iran's missiles": the perpetrator
                    cands.append(Cand(start, end, state.id, event, "state"))
                    continue
                hyphen = last + 1 < len(doc) and doc[last + 1].text == "-"
                backer = last + 2 < len(doc) and self._toks[last + 2] in _BACKER_VERBS
                if hyphen and (alias.demonym or backer):
                    # "Iranian-backed X", "US-backed SDF": the modifier is a backer (a
                    # relation), not a participant nor the actor's country
                    comp = self._compose(doc, first, last + 3)
                    if comp and backer:
                        end_tok, agent = comp
                        s = doc[first:end_tok]
                        label = self.lex.agents[agent]
                        cands.append(Cand(s.start_char, s.end_char, slug(s.text), label, "comp"))
                    continue
            if alias.demonym:
                comp = self._compose(doc, first, last + 1)
                country = self.matcher.demonym_country.get(normalise(alias.surface))
                if comp is not None:
                    end_tok, agent = comp
                    s = doc[first:end_tok]
                    linked, label = self._link(country, agent)
                    cands.append(
                        Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
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
                    cands.append(Cand(s.start_char, s.end_char, slug(s.text), "CVL", "comp"))
                elif alias.surface.endswith("s") and span.text[:1].isupper():
                    cands.append(Cand(start, end, slug(span.text), "CVL", "comp"))
                else:
                    shared = self._coordinated(doc, last + 1)
                    if shared is not None:
                        linked, label = self._link(country, shared)
                        cands.append(
                            Cand(start, end, linked or slug(f"{span.text} {shared}"), label, "comp")
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
                        Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
                    )
                elif not self._is_place(doc, first, last, (-10, False)) and (
                    (nxt < len(doc) and self._toks[nxt] in self.lex.metonym_verbs)
                    or (
                        doc[last].dep_ in {"nsubj", "nsubjpass"}
                        and doc[last].head.pos_ == "VERB"
                        and doc[last].head.lemma_ != "be"
                    )
                    # "an admission by Moscow", "a message to Washington"
                    or (doc[last].dep_ == "pobj" and doc[last].head.lower_ == "by")
                    or addressee(doc, last)
                ):
                    cands.append(Cand(start, end, alias.actor, "GOV", "state"))
                continue
            if alias.state_name:
                nxt = last + 1
                possessive = nxt < len(doc) and self._toks[nxt] in {"'s", "'"}
                comp = None
                if possessive or (nxt < len(doc) and doc[nxt].text[:1].isalpha()):
                    comp = self._compose(doc, first, nxt + 1 if possessive else nxt)
                # "led to US airstrikes": a country that modifies an agent is no place
                place = comp is None and self._is_place(doc, first, last, prev_place)
                prev_place = (last, place)
                if place:
                    continue
                if comp is not None:
                    end_tok, agent = comp
                    s = doc[first:end_tok]
                    state_entry = self.kb.get(alias.actor)
                    linked, label = self._link(state_entry.country if state_entry else None, agent)
                    cands.append(
                        Cand(s.start_char, s.end_char, linked or slug(s.text), label, "comp")
                    )
                    continue
                cands.append(Cand(start, end, alias.actor, "GOV", "state"))
                continue
            entry = self.kb.get(alias.actor)
            if (
                entry is not None
                and entry.kind == "person"
                and self._surname_in_place(doc, first, last, alias.surface)
            ):
                # "Ain al-Asad air base": a place named after a family, not the person
                self._places.append((doc[max(0, first - 1)].idx, end))
                continue
            end_char = end
            if entry is not None and entry.kind not in {"person", "state"}:
                nxt = span.end
                hit = self._agent_at(doc, nxt) if nxt < len(doc) else None
                if hit is not None and hit[1].split()[-1] in self.lex.group_nouns:
                    end_char = doc[hit[0] - 1].idx + len(doc[hit[0] - 1].text)
                elif nxt < len(doc) and self._toks[nxt] in self.lex.group_nouns:
                    end_char = doc[nxt].idx + len(doc[nxt].text)
            how = "ext" if end_char > end else "kb"
            cands.append(Cand(start, end_char, alias.actor, self._label(alias.actor), how))
        cands = self._agent_of_state(doc, cands)
        cands.extend(self._descriptions(doc, cands))
        cands = self._acronyms(doc, cands)
        cands.extend(self._standalone(doc, cands))
        cands.extend(self._pronouns(doc, cands))
        drop: set[int] = set()
        cands.extend(self._entities(doc, cands, drop))
        cands = [c for c in cands if id(c) not in drop]
        self._widen(doc, cands)
        cands = self._merge_titles(cands)
        self._former(doc, cands)
        doc.spans[SPAN_KEY] = self._to_spans(doc, cands)
        return doc

    # ------------------------------------------------------------ stages


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    default_config={"actors": []},
)
def make_actor_recognizer(nlp: Language, name: str, actors: list[str]) -> ActorRecognizer:
    """Factory: loads the packaged actor KB (plus user dictionaries) and lexicon once."""
    return ActorRecognizer(load_actor_kb([Path(p) for p in actors]), _load_lex())
