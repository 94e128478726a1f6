"""Context stages of actor recognition: descriptions, possessives, acronyms,
standalone agents, spaCy entities, mention widening and former officials."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from sitrep.mentions.actor_compose import ComposeStages
from sitrep.mentions.actor_matching import DETS, Cand, normalise, occupancy, slug

TITLE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY", "REB", "PRM", "REL", "OPP"})
_PRONOUN_KINDS = frozenset(
    {"armed_group", "party", "group", "state_body", "igo", "ngo", "outlet", "state"}
)
_LIGHT_VERBS = frozenset({"be", "seem", "appear", "become", "remain", "mean"})
_OPPOSING_PREPS = frozenset(
    {"against", "from", "with", "to", "by", "on", "at", "toward", "towards"}
)
_GROUP_KINDS = frozenset({"armed_group", "party", "group"})
_NAMED_HEADS = frozenset({"coalition", "army", "ministry", "alliance", "agency", "council"})


class ContextStages(ComposeStages):
    """Stages that use the candidates found so far (mixed into the recognizer)."""

    def _antecedent(
        self,
        ends: list[int],
        cands: list[Cand],
        pos: int,
        kinds: set[str],
        head: str = "",
        sector: str = "",
    ) -> str | None:
        """The last KB actor of a compatible kind (and ``sector``, when given) ending
        before ``pos`` (within 1500 chars)."""
        k = bisect.bisect_right(ends, pos)
        while k > 0:
            k -= 1
            c = cands[k]
            if pos - c.end > 1500:
                return None
            if c.actor.startswith("x:"):
                continue
            e = self.kb.get(c.actor)
            if e is None or e.kind not in kinds or (sector and e.sector != sector):
                continue
            if head.startswith("office:"):
                if not any(head[7:] in r.office.lower() for r in e.roles):
                    continue
            elif head and head not in " ".join(e.names()).lower():
                continue
            return c.actor
        return None

    def _descriptions(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        out: list[Cand] = []
        occ = occupancy(len(self._text), cands)
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
                        out.append(Cand(s.start_char, s.end_char, ante, self._label(ante), "poss"))
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
                kinds = kinds_for.get(kind, {kind})
                # "the militia" prefers the last militia, "the militants" the last rebels
                sector = self.lex.agents.get(phrase.split()[-1], "")
                ante = None
                if sector in {"PRM", "REB"}:
                    ante = self._antecedent(ends, ordered, s.start_char, kinds, head, sector)
                ante = ante or self._antecedent(ends, ordered, s.start_char, kinds, head)
                if ante:
                    out.append(Cand(s.start_char, s.end_char, ante, self._label(ante), "desc"))
                    occ[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
                continue
            title = phrase.removeprefix("the ").removeprefix("this ")
            if title in self.lex.agents and set(title.split()) & self.lex.titles:
                # "the Foreign Secretary": the last person holding that office, else unnamed
                ante = self._antecedent(ends, ordered, s.start_char, {"person"}, "office:" + title)
                actor = ante or slug(s.text)
                label = self._label(ante) if ante else self.lex.agents[title]
                out.append(Cand(s.start_char, s.end_char, actor, label, "desc"))
                occ[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
        return out

    def _acronyms(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        text = self._text
        bound: dict[str, tuple[str, str]] = {}
        extra: list[Cand] = []
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
            extra.append(Cand(span.start_char, span.end_char, actor, "", "acro"))
            bound[acro] = (actor, "")
        if not bound:
            return cands
        for acro, (actor, label) in bound.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(acro)}(?![\w-])", text):
                extra.append(Cand(m.start(), m.end(), actor, label, "acro"))
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

    def _standalone(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        out: list[Cand] = []
        occ = occupancy(len(self._text), cands)
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
                    Cand(s.start_char, s.end_char, slug(s.text), self.lex.agents[hit[1]], "agent")
                )
            i = hit[0]
        return out

    def _entities(self, doc: Doc, cands: list[Cand], drop: set[int]) -> list[Cand]:
        out: list[Cand] = []
        occ = occupancy(len(self._text), cands)
        titles: dict[int, Cand] = {}
        for c in cands:
            if c.how == "comp" and c.label in TITLE_SECTORS:
                # the character after the title and its space: where a name would start
                titles[c.end + 1] = c
        for ent in doc.ents:
            if ent.label_ not in {"ORG", "PERSON", "NORP"}:
                continue
            if any(occ[ent.start_char : ent.end_char]):
                continue
            if any(a < ent.end_char and ent.start_char < b for a, b in self._places):
                continue
            words = [t for t in ent if self._toks[t.i] not in DETS]
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
                out.append(Cand(title.start, s.end_char, slug(s.text), title.label, "ner"))
                continue
            out.append(Cand(s.start_char, s.end_char, slug(s.text), label, "ner"))
        return out

    def _widen(self, doc: Doc, cands: list[Cand]) -> None:
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

    def _former(self, doc: Doc, cands: list[Cand]) -> None:
        """ "former minister", "ex-officials": unnamed former officials are ELI."""
        for c in cands:
            official = {"GOV", "MIL", "JUD", "LEG", "COP", "SPY"}
            if (
                c.how in {"kb", "ext", "state", "desc", "poss", "acro", "pron"}
                or c.label not in official
            ):
                continue
            before = normalise(self._text[max(0, c.start - 16) : c.end])
            if re.search(r"\bformer\b|\bex-", before):
                c.label = "ELI"
                entry = self.kb.get(c.actor)
                if entry is not None and entry.kind == "state":
                    c.actor = slug("former " + self._text[c.start : c.end])

    @staticmethod
    def _to_spans(doc: Doc, cands: list[Cand]) -> list[Span]:
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

    def _pronouns(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """Subject "it" / "they" of a reporting or event verb ("The group said it ...",
        "They attacked ...") -> the last compatible actor of this or the previous
        sentence: "it" an organisation in the KB, "they" a group or plural agent."""
        out: list[Cand] = []
        ordered: list[Cand] | None = None
        for tok in doc:
            low = self._toks[tok.i]
            if low not in {"it", "they"} or tok.dep_ != "nsubj":
                continue
            head = tok.head
            lemma = head.lemma_.lower()
            if head.pos_ != "VERB" or lemma in _LIGHT_VERBS:
                continue
            if low == "it" and lemma not in self.lex.pronoun_verbs:
                continue  # "it" is often a thing or an event: reporting and attack verbs only
            sent = tok.sent
            window = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
            if ordered is None:
                ordered = sorted(cands, key=lambda c: c.end)
            ante = self._pronoun_antecedent(doc, ordered, tok.idx, window, plural=low == "they")
            if ante is not None:
                end = tok.idx + len(tok.text)
                out.append(Cand(tok.idx, end, ante.actor, ante.label, "pron"))
        return out

    def _pronoun_antecedent(
        self, doc: Doc, ordered: list[Cand], pos: int, window: int, *, plural: bool
    ) -> Cand | None:
        ends = [c.end for c in ordered]
        k = bisect.bisect_right(ends, pos)
        while k > 0:
            k -= 1
            c = ordered[k]
            if c.start < window:
                return None
            entry = self.kb.get(c.actor)
            if entry is not None and entry.kind == "person":
                return None  # a person is nearer: "it" / "they" is not about an actor
            if entry is not None and entry.kind in _PRONOUN_KINDS:
                if plural and entry.kind not in _GROUP_KINDS:
                    # "Iraqi troops ... they" yes; "they" after a state or a ministry: too vague
                    ok = self._plural(doc, c) and c.how == "comp"
                    return c if ok and self._subject(doc, c) else None
                group = entry.kind in _GROUP_KINDS
                return c if self._subject(doc, c) or (group and self._not_opposed(doc, c)) else None
            if plural and entry is None and c.how in {"agent", "comp"} and self._plural(doc, c):
                return c if self._subject(doc, c) else None  # "Gunmen stormed ... They"
        return None

    @staticmethod
    def _subject(doc: Doc, c: Cand) -> bool:
        """The mention is (part of) a clause subject."""
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        while tok.dep_ in {"conj", "appos", "compound"} and tok.head is not tok:
            tok = tok.head
        return tok.dep_ in {"nsubj", "nsubjpass"}

    @staticmethod
    def _not_opposed(doc: Doc, c: Cand) -> bool:
        """Not the object of a preposition that sets it against the pronoun's referent
        ("progress against Daesh. They discussed ...", "fire from ISIL ..., they requested")."""
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        return not (tok.dep_ == "pobj" and tok.head.lower_ in _OPPOSING_PREPS)

    @staticmethod
    def _plural(doc: Doc, c: Cand) -> bool:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        return span is not None and span[-1].tag_ in {"NNS", "NNPS"}

    def _merge_titles(self, cands: list[Cand]) -> list[Cand]:
        """ "Syrian President Bashar al-Assad": a composed title that the widened person
        mention now overlaps becomes part of that one person mention."""
        titles = [c for c in cands if c.how == "comp" and c.label in TITLE_SECTORS]
        if not titles:
            return cands
        drop: set[int] = set()
        for p in cands:
            entry = self.kb.get(p.actor)
            if entry is None or entry.kind != "person":
                continue
            for t in titles:
                if t.start < p.start < t.end <= p.end:
                    p.start = t.start
                    drop.add(id(t))
        return [c for c in cands if id(c) not in drop]
