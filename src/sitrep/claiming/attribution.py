"""Find attributions in a parsed Doc: who (a token span) says what (a token span), how.

Works on the dependency parse with the general cue lexicon (``cues.yaml``):

- reporting verbs with a complement: "X said (that) ...", "X denied ...",
  "X accused Y of ...", "it was reported by X that ...", "a narrative ... that argues ...";
- claim nouns with a complement clause: "rumours that ...", "reports of ...", or as
  the subject of a verb with one ("rumours spread that ...", "gossip had it that ...");
  "unconfirmed"/"unverified" make a claim noun a rumour, and a claim noun under a
  denial verb is denied by its subject ("dismissed as propaganda reports that ...");
- a denial in a relative clause of a claim noun: "..., a charge the group denied";
- prepositional phrases scoping their clause: "according to X, ...";
- the author's own rejections: "Neither A nor B did ...", "there is no evidence that ...",
  "the claims are baseless".

Everything here is in token indices; :mod:`sitrep.claims` maps them to actors and
character offsets. One pass over the tokens, so the cost is linear in the document.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import numpy

from sitrep.claiming.lexicon import CueLexicon, PhraseCue, Stance
from sitrep.claiming.rejections import neither_at, no_evidence_at, rejected_at
from sitrep.claiming.spans import (
    CLAUSE_DEPS,
    PRONOUNS,
    RELATIVE,
    SUBJECTS,
    Attribution,
    TokenRange,
    child_with,
    content_subject,
    is_negated,
    is_parenthetical,
    quote_pairs,
    source_from_noun,
    span_of,
    subject_of,
    trim_span,
    with_quotation,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Doc, Token


def _nobody(verb: Token) -> bool:
    subject = child_with(verb, SUBJECTS)
    if subject is None:
        return False
    return subject.lower_ in {"nobody", "none", "noone"} or any(
        c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in subject.children
    )


def _that_clause(noun: Token) -> Token | None:
    """The "that" clause attached to a noun ("claims that ...", "rumours that ...")."""
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp", "relcl"} and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            return child
    return None


def _denies_antecedent(verb: Token, cues: CueLexicon) -> bool:
    """A denial in a relative clause of a claim noun that sums up what precedes it:
    "..., a charge the group dismissed", "..., an allegation the army denied"."""
    noun = verb.head
    return (
        verb.dep_ in {"relcl", "acl"}
        and noun.lemma_.lower() in cues.claim_anaphors
        and noun.i > noun.sent.start
        and child_with(verb, {"dobj"}) is None
        and noun.dep_ in {"npadvmod", "appos", "dobj", "conj", "attr", "dep"}
    )


def _misattached_that(verb: Token) -> Token | None:
    """A complement clause the parser hung from a noun of the verb's prepositional phrase.

    "Word spread in the camp that guards had beaten ..." is often parsed with "that"
    as a relative pronoun of "camp"; a relative clause whose "that" is its object
    while the clause has an object of its own is a complement clause.
    """
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        pobj = child_with(prep, {"pobj"})
        if pobj is None:
            continue
        for clause in pobj.children:
            if clause.dep_ != "relcl" or clause.left_edge.lower_ != "that":
                continue
            that = clause.left_edge
            # a relative "that" fills the clause's subject or object gap; with both filled
            # by other words it can only be the complementiser
            for dep in ("nsubj", "dobj"):
                if that.dep_ == dep and any(
                    c.dep_ in {dep, f"{dep}pass"} and c.i != that.i for c in clause.children
                ):
                    return clause
    return None


class AttributionFinder:
    """Finds attributions in a Doc with one cue lexicon (built once, reused)."""

    def __init__(self, cues: CueLexicon) -> None:
        self.cues = cues
        self._lemma_array: NDArray[numpy.uint64] | None = None
        self._lower_array: NDArray[numpy.uint64] | None = None
        self._phrases: dict[str, list[PhraseCue]] = {}
        for phrase in cues.phrases:
            self._phrases.setdefault(phrase.tokens[0], []).append(phrase)

    def find(self, doc: Doc) -> list[Attribution]:
        """All attributions of ``doc``, in text order."""
        if len(doc) == 0:
            return []
        from spacy.attrs import IS_QUOTE, LEMMA, LOWER
        from spacy.strings import get_string_id

        if self._lemma_array is None or self._lower_array is None:
            words = (
                set(self.cues.verbs)
                | set(self.cues.nouns)
                | self.cues.negated_nouns
                | self.cues.rejecting_adjectives
            )
            self._lemma_array = numpy.array(sorted(get_string_id(w) for w in words), "uint64")
            self._lower_array = numpy.array(
                sorted(get_string_id(w) for w in {*self._phrases, *self.cues.nouns, "neither"}),
                "uint64",
            )  # claim nouns by lower case too: a capitalised "Gossip" is lemmatised as itself
        # candidate tokens from the lemma/lower-case arrays: no Python work per token
        array = doc.to_array([LEMMA, LOWER, IS_QUOTE])
        hits = numpy.isin(array[:, 0], self._lemma_array) | numpy.isin(
            array[:, 1], self._lower_array
        )
        candidates = numpy.flatnonzero(hits).tolist()
        found: list[Attribution] = []
        if not candidates:
            return found
        starts = [sent.start for sent in doc.sents]
        for i in candidates:
            att = self._at(doc, doc[i], bisect_right(starts, i) - 1)
            if att is not None:
                found.append(att)
        quotes = numpy.flatnonzero(array[:, 2]).tolist()
        if quotes and found:
            pairs = quote_pairs(doc, quotes)
            found = [with_quotation(doc, a, pairs) if a.kind == "verb" else a for a in found]
        return found

    def _at(self, doc: Doc, token: Token, s_index: int) -> Attribution | None:
        lower = token.lower_
        if lower in self._phrases:
            att = self._phrase(doc, token, s_index)
            if att is not None:
                return att
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and token.dep_ == "pobj" and lemma in self.cues.nouns:
            return self._noun(doc, token, lemma, s_index)  # a claim noun tagged as a verb
        if token.pos_ in {"VERB", "AUX"} and lemma in self.cues.verbs:
            return self._verb(doc, token, lemma, s_index)
        if token.pos_ in {"NOUN", "PROPN"} and lemma in self.cues.nouns:
            return self._noun(doc, token, lemma, s_index)
        if lower == "neither":
            return neither_at(self.cues, doc, token, s_index)
        if token.pos_ == "NOUN" and lemma in self.cues.negated_nouns:
            return no_evidence_at(self.cues, doc, token, lemma, s_index)
        if token.pos_ == "ADJ" and lemma in self.cues.rejecting_adjectives:
            return rejected_at(self.cues, doc, token, lemma, s_index)
        return None

    # -- reporting verbs -------------------------------------------------------------
    def _verb(self, doc: Doc, verb: Token, lemma: str, s_index: int) -> Attribution | None:
        if (
            is_negated(verb)
            or _nobody(verb)
            or (verb.dep_ == "pcomp" and verb.head.lower_ == "without")
        ):
            return None  # "did not say", "no group claimed", "without saying"
        stance = self.cues.verbs[lemma]
        about: TokenRange | None = None
        anaphoric = needs_event = False
        content: TokenRange | None = None
        preps = self.cues.accusation_preps.get(lemma)
        if preps is not None:
            target = child_with(verb, {"dobj", "nsubjpass"})
            holders = [verb] if target is None else [verb, target]  # "of" often hangs from Y
            agent = child_with(verb, {"agent"})
            by = child_with(agent, {"pobj"}) if agent is not None else None
            if by is not None:  # "was accused by rights groups of executing ...": from X
                holders.append(by)
            prep = next(
                (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in preps),
                None,
            )
            if target is not None and prep is not None:
                about = (target.left_edge.i, prep.i if prep.head.i == target.i else target.i + 1)
                content = (min(target.left_edge.i, prep.i), prep.right_edge.i + 1)
                if target.dep_ == "nsubjpass":
                    content = span_of(prep)
        if content is None:
            clause = child_with(verb, CLAUSE_DEPS)
            if clause is not None and clause.i != verb.i:
                content = span_of(clause)
                about = content_subject(clause)
                passive = child_with(verb, {"nsubjpass"})
                if about is None and passive is not None and passive.lower_ not in PRONOUNS:
                    about = span_of(passive)  # "Turkey is alleged to have bombed ..."
                for conj in verb.children:  # "argues X ... and that Y ..."
                    if conj.dep_ == "conj" and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in conj.children
                    ):
                        content = (min(content[0], conj.left_edge.i), conj.right_edge.i + 1)
        if content is None and lemma in self.cues.object_content_verbs:
            # "denied the attack"; passive "the attack was claimed by ISIS"
            obj = child_with(verb, {"dobj"}) or (
                child_with(verb, {"nsubjpass"}) if child_with(verb, {"agent"}) is not None else None
            )
            obj_lemma = obj.lemma_.lower() if obj is not None else ""
            if obj is not None and obj_lemma not in self.cues.non_claim_objects:
                content = span_of(obj)
                # "rejected the claim" refers back; "rejected claims that X" says what
                anaphoric = obj_lemma in self.cues.claim_anaphors and _that_clause(obj) is None
                needs_event = (
                    stance == "deny"
                    and not anaphoric
                    and not (lemma == "deny" and obj_lemma in self.cues.denied_objects)
                )
        if content is None and stance == "deny" and _denies_antecedent(verb, self.cues):
            # "X accused Y of Z, a charge Y denied": the clause before the claim noun
            noun = verb.head
            content, anaphoric = (noun.sent.start, noun.left_edge.i), True
        if content is None and stance in {"assert", "report"} and is_parenthetical(verb):
            # "ISIS, the ministry said, attacked ..." / "..., as Reuters reported"
            head = verb.head
            h_lo, h_hi = trim_span(doc, *span_of(head))
            v_lo, v_hi = span_of(verb)
            if v_lo <= h_lo:
                content = (v_hi, h_hi)
            elif v_hi >= h_hi:
                content = (h_lo, v_lo)
            else:
                content = (h_lo, h_hi)
            about = content_subject(head)
        if content is None:
            return None
        source, pronoun = self._verb_source(verb)
        if source is not None and source.dep_ in SUBJECTS:
            stance = self._noun_stance(source, stance)  # "unconfirmed reports suggest ..."
        if verb.dep_ in {"relcl", "acl"} and verb.head.lemma_.lower() in self.cues.nouns:
            noun_stance = self.cues.nouns[verb.head.lemma_.lower()]
            if noun_stance in {"accuse", "rumor", "deny"} and stance != "deny":
                stance = noun_stance
        start, end = trim_span(doc, *content)
        if start >= end:
            return None
        source_span = span_of(source) if source is not None else None
        if source_span is not None and source_span[0] < start < source_span[1]:
            source_span = (source_span[0], start)  # "by rights groups of executing ...": the groups
        return Attribution(
            kind="verb",
            cue=lemma,
            stance=stance,
            cue_span=(verb.i, verb.i + 1),
            content=(start, end),
            source=source_span,
            source_head=source.i if source is not None else None,
            pronoun=pronoun,
            about=about,
            anaphoric=anaphoric,
            sentence=s_index,
            needs_event=needs_event,
            passive=child_with(verb, {"nsubjpass", "auxpass"}) is not None,
            borrowed=source is not None and child_with(verb, SUBJECTS) is None,
        )

    def _verb_source(self, verb: Token) -> tuple[Token | None, bool]:
        agent = child_with(verb, {"agent"})
        if agent is not None:
            pobj = child_with(agent, {"pobj"})
            if pobj is not None:
                return pobj, False
        subject = subject_of(verb)
        if subject is not None and subject.dep_ == "nsubjpass":
            return None, False
        if subject is None and verb.dep_ == "pcomp":  # "X was quoted as saying ..."
            governor = verb.head.head if verb.head.dep_ == "prep" else verb.head
            if governor.pos_ in {"VERB", "AUX"}:
                subject = child_with(governor, SUBJECTS)
        if subject is None or subject.lower_ in RELATIVE:
            if verb.dep_ in {"relcl", "acl"}:
                noun = verb.head
                if noun.lemma_.lower() in self.cues.nouns:
                    return source_from_noun(noun), False
                return noun, False
            if verb.dep_ in {"dobj", "attr"}:  # a claim noun tagged as a verb ("spread rumours")
                return source_from_noun(verb), False
            if subject is not None:  # "a narrative by X that argues", misattached
                for i in range(subject.i - 1, max(subject.sent.start, subject.i - 8) - 1, -1):
                    noun = subject.doc[i]
                    if noun.pos_ == "NOUN" and noun.lemma_.lower() in self.cues.nouns:
                        return source_from_noun(noun), False
            return None, False
        if subject.lower_ in PRONOUNS:
            return subject, True
        return subject, False

    # -- claim nouns -----------------------------------------------------------------
    def _noun_stance(self, noun: Token, stance: Stance) -> Stance:
        """A claim noun's own stance overrides a neutral one ("rumours ... suggest");
        "unconfirmed"/"unverified" make any claim noun a rumour."""
        lemma = noun.lemma_.lower()
        if lemma not in self.cues.nouns:
            return stance
        if any(c.dep_ == "amod" and c.lower_ in self.cues.rumor_modifiers for c in noun.children):
            return "rumor"
        own = self.cues.nouns[lemma]
        return own if own in {"rumor", "accuse", "deny"} else stance

    def _noun(self, doc: Doc, noun: Token, lemma: str, s_index: int) -> Attribution | None:
        head = noun.head
        head_lemma = head.lemma_.lower()
        if (
            head.pos_ in {"VERB", "AUX"}
            and head_lemma in self.cues.verbs
            and (
                noun.dep_ in SUBJECTS
                or (noun.dep_ == "dobj" and self.cues.verbs[head_lemma] in {"deny", "accuse"})
            )
        ):
            return None  # the reporting verb's attribution covers this noun
        # "dismissed as propaganda reports that ...": a claim noun under a denial verb
        # is denied by that verb's subject
        governor = head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else None
        overriding: Stance | None = None
        if governor is not None and governor.pos_ == "VERB":
            g_stance = self.cues.verbs.get(governor.lemma_.lower())
            if g_stance in {"deny", "accuse"} and not is_negated(governor):
                overriding = g_stance
        clause = _that_clause(noun)
        content: TokenRange | None = None
        about: TokenRange | None = None
        if clause is None and noun.dep_ == "nsubj" and head.pos_ in {"VERB", "AUX"}:
            # "rumours spread (on social media) that ...", "gossip had it that ..."
            clause = child_with(head, {"ccomp"}) or _misattached_that(head)
        if clause is not None:
            content, about = span_of(clause), content_subject(clause)
            if clause.i < noun.i:
                return None
        else:
            prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = child_with(prep, {"pobj", "pcomp"}) if prep is not None else None
            if pobj is not None and pobj.pos_ in {"NOUN", "VERB"}:
                content = span_of(pobj)
        if content is None:
            return None
        source = source_from_noun(noun)
        stance = self._noun_stance(noun, self.cues.nouns[lemma])
        cue = lemma
        if overriding is not None and governor is not None:
            stance, cue = overriding, governor.lemma_.lower()
            source = subject_of(governor)
        start, end = trim_span(doc, *content)
        if start >= end:
            return None
        return Attribution(
            kind="noun",
            cue=cue,
            stance=stance,
            cue_span=(noun.i, noun.i + 1),
            content=(start, end),
            source=span_of(source) if source is not None else None,
            source_head=source.i if source is not None else None,
            pronoun=source is not None and source.lower_ in PRONOUNS,
            about=about,
            sentence=s_index,
        )

    # -- "according to X" ------------------------------------------------------------
    def _phrase(self, doc: Doc, first: Token, s_index: int) -> Attribution | None:
        for phrase in self._phrases[first.lower_]:
            n = len(phrase.tokens)
            if first.i + n > len(doc):
                continue
            if tuple(doc[first.i + k].lower_ for k in range(n)) != phrase.tokens:
                continue
            last = doc[first.i + n - 1]
            source = child_with(last, {"pobj", "dobj", "pcomp"})
            if source is None and last.i + 1 < len(doc):
                nxt = doc[last.i + 1]
                source = nxt if nxt.pos_ in {"PROPN", "NOUN"} else None
            if source is None or not (
                source.pos_ == "PROPN"
                or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in source.children)
                or source.lemma_.lower() in self.cues.generic_claimants
                or source.lemma_.lower() in self.cues.speaker_nouns
            ):
                continue
            head = first.head
            while (
                head.pos_ not in {"VERB", "AUX"} and head.dep_ != "ROOT" and head.i != head.head.i
            ):
                head = head.head
            if head.lemma_.lower() in self.cues.verbs and child_with(head, SUBJECTS) is not None:
                return None  # "Citing X, Reuters said ...": the speech verb's claim
            p_start = first.i
            p_end = max(source.right_edge.i, last.i) + 1
            sent = first.sent
            c_start, c_end = head.left_edge.i, head.right_edge.i + 1
            if head.i == first.i or head.i in range(p_start, p_end):
                c_start, c_end = sent.start, sent.end
            tail_only = all(t.is_punct or t.is_space for t in doc[p_end : sent.end])
            if tail_only and first.i > sent.start and doc[first.i - 1].lower_ in {",", "—", "–"}:
                # "..., killing 20 people, according to a local leader.": a sentence-final
                # source scopes over the whole sentence, not the participle it hangs from
                content = (sent.start, p_start)
            elif c_start >= p_start:
                content = (p_end, c_end)
            elif c_end <= p_end:
                content = (c_start, p_start)
            elif head.i >= p_end:
                content = (p_end, c_end)
            else:
                content = (c_start, p_start)
            start, end = trim_span(doc, *content)
            if start >= end:
                continue
            root = head if start <= head.i < end else None
            return Attribution(
                kind="phrase",
                cue=" ".join(phrase.tokens),
                stance=phrase.stance,
                cue_span=(p_start, first.i + n),
                content=(start, end),
                source=span_of(source),
                source_head=source.i,
                pronoun=source.lower_ in PRONOUNS,
                about=content_subject(root) if root is not None else None,
                sentence=s_index,
            )
        return None

    # -- the author's rejections -----------------------------------------------------
