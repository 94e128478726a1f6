"""Trigger detection: one pass over the tokens, lexicon lookup by lemma.

A hit records the matched tokens, the syntactic head of the match (the token whose
head lies outside it) and the lexicon entry. Constrained entries ("send" + troops,
"fire" + rockets) are checked against the head's objects and particles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.eventing.lexicon import TriggerEntry, TriggerLexicon

OBJECT_DEPS = frozenset({"dobj", "dative", "nsubjpass", "attr", "oprd", "obj", "pobj"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
NAME_POS = frozenset({"PROPN"})
GERUND_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "compound", "appos"})
# fixed expressions whose words are not events: "as opposed to", "in order to", ...
FIXED_PREVIOUS = {"order": "in", "oppose": "as", "support": "in"}
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PLACE_MARK = "@place"  # object-constraint marker: the object is a place name
DIRECT_PREPS = frozenset({"of", "into", "over", "out"})


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A lexicon match in the document."""

    head: int
    start: int
    end: int
    entry: TriggerEntry


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return lemma if lemma else tok.lower_


def _pos_ok(tok: Token, pos: str) -> bool:
    p = tok.pos_
    if pos == "ANY":
        return p in VERB_POS or p in NOUN_POS or (p == "ADJ" and tok.tag_ in ("VBN", "VBD"))
    if pos == "VERB":
        return p in VERB_POS or (p == "ADJ" and tok.tag_ in ("VBN", "VBD", "VBG"))
    if pos == "NOUN":
        return p in NOUN_POS or (tok.tag_ == "VBG" and tok.dep_ in GERUND_DEPS)
    return p == "ADJ"


def _np_lemmas(tok: Token, out: set[str], places: frozenset[int] | None = frozenset()) -> None:
    """The head lemma, its compounds ("aid deliveries") and an "of" object ("tons of aid").
    Unless ``places`` is None, a place name among them (a GPE/LOC/FAC entity or a token in
    ``places``) adds the marker ``@place`` ("took control of Aleppo")."""
    out.add(_lemma(tok))
    named = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            out.add(_lemma(c))
        elif c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    out.add(_lemma(g))
                    out.update(_lemma(x) for x in g.children if x.dep_ == "compound")
                    named.append(g)
    if places is not None and any(t.ent_type_ in PLACE_ENTS or t.i in places for t in named):
        out.add(PLACE_MARK)


def object_lemmas(
    tok: Token, places: frozenset[int] = frozenset(), *, direct: bool = False
) -> set[str]:
    """Lemmas of the token's objects: dobj/dative/nsubjpass, prepositional objects, conj;
    a verb without an object shares its coordinated verb's ("uncovered and destroyed a
    depot"). ``places``: token indices of place names (see :func:`_np_lemmas`);
    ``direct``: only objects and "of/into/over/out" phrases, not where the act happened
    ("recovered bodies in the town")."""
    out: set[str] = set()
    children = list(tok.children)
    if tok.pos_ in VERB_POS and not any(c.dep_ in ("dobj", "obj") for c in children):
        for c in children:
            if c.dep_ == "conj" and c.pos_ in VERB_POS:
                children += [g for g in c.children if g.dep_ in ("dobj", "obj")]
                break
    for child in children:
        if child.dep_ in OBJECT_DEPS:
            _np_lemmas(child, out, places)
            for c in child.conjuncts:
                _np_lemmas(c, out, places)
        elif child.dep_ in ("prep", "prt", "dative"):
            if direct and child.lower_ not in DIRECT_PREPS:
                continue
            place_prep = child.lower_ in ("into", "of")
            for grand in child.children:
                if grand.dep_ == "pobj":
                    _np_lemmas(grand, out, places if place_prep else None)
    if tok.dep_ == "amod" and tok.head.pos_ in NOUN_POS:  # "fired rockets" mis-parsed as amod
        out.add(_lemma(tok.head))
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in NOUN_POS:
        out.add(_lemma(tok.head))
    for child in tok.children:  # "shot down 27 of 30 drones": a count parsed as a modifier
        if child.dep_ == "npadvmod" and child.pos_ == "NUM":
            _np_lemmas(child, out)
    return out


def subject_lemmas(tok: Token) -> set[str]:
    """Head lemmas of the token's subject ("a Katyusha rocket landed", "a barrage of
    rockets fell"), not its modifiers ("rocket prices fell")."""
    out: set[str] = set()
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            out.add(_lemma(child))
            for p in child.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    out.update(_lemma(g) for g in p.children if g.dep_ == "pobj")
    return out


def _prep_lemmas(tok: Token) -> set[str]:
    return {_lemma(c) for c in tok.children if c.dep_ in ("prep", "prt", "agent")}


def _satisfies(entry: TriggerEntry, tok: Token, places: frozenset[int] = frozenset()) -> bool:
    if entry.objects is not None or entry.unless_objects is not None:
        objects = object_lemmas(tok, places, direct=entry.territory is not None)
        if entry.objects is not None and not (entry.objects & objects):
            return False
        if entry.unless_objects is not None and entry.unless_objects & objects:
            return False
    if entry.subjects is not None and not (entry.subjects & subject_lemmas(tok)):
        return False
    if entry.preps is None and entry.unless_preps is None:
        return True
    preps = _prep_lemmas(tok)
    if entry.unless_preps is not None and entry.unless_preps & preps:
        return False
    return not (entry.preps is not None and not (entry.preps & preps))


def _match_head(doc: Doc, start: int, end: int) -> int:
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return end - 1


def _state_modifier(entry: TriggerEntry, tok: Token) -> bool:
    """ "the detained former prime minister", "a jailed activist": a participle naming the
    person's state, not an arrest reported here."""
    return (
        entry.type == "COERCE"
        and entry.mode == "arrest"
        and tok.dep_ == "amod"
        and tok.tag_ in ("VBN", "JJ")
        and tok.head.pos_ in NOUN_POS
    )


def _best(
    entries: Iterable[TriggerEntry], tok: Token, places: frozenset[int]
) -> TriggerEntry | None:
    fitting = [
        e
        for e in entries
        if _pos_ok(tok, e.pos) and _satisfies(e, tok, places) and not _state_modifier(e, tok)
    ]
    if not fitting:
        return None
    constrained = [e for e in fitting if e.constrained]
    pool = constrained or fitting
    return max(pool, key=lambda e: e.strength)


def _skip(tok: Token, blocked: frozenset[int]) -> bool:
    """Names are not triggers ("Popular Mobilization Units"); fixed phrases either."""
    # a capital opening a sentence is no sign of a name ("Protesters blocked ...")
    titled = tok.is_title and not tok.is_sent_start
    if tok.i in blocked and (tok.pos_ in NAME_POS or titled or tok.is_upper):
        return True
    if tok.ent_type_ in ("ORG", "WORK_OF_ART", "LAW", "FAC") and tok.is_title:
        return True
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].text == "-" and tok.pos_ != "NOUN":
        return True  # "Iranian-backed", "US-led": modifiers, not events
    if tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and tok.dep_ in ("amod", "compound"):
        return True
    prev = FIXED_PREVIOUS.get(tok.lemma_.lower())
    return prev is not None and tok.i > 0 and doc[tok.i - 1].lower_ == prev


def _modifier(tok: Token, lexicon: TriggerLexicon) -> bool:
    """A noun modifying another noun names a kind of thing ("fighting positions", "attack
    helicopters", "VBIED factory"), unless the head is itself an event noun."""
    if tok.dep_ != "compound" or tok.head.pos_ not in NOUN_POS or tok.head is tok:
        return False
    return _lemma(tok.head) not in lexicon.single


def find_triggers(
    doc: Doc,
    lexicon: TriggerLexicon,
    blocked: frozenset[int] = frozenset(),
    places: frozenset[int] = frozenset(),
) -> list[TriggerHit]:
    """All trigger hits in text order; ``blocked`` holds token indices of names, ``places``
    those of place names (for the ``@place`` object constraint)."""
    hits: list[TriggerHit] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        lemma = _lemma(tok)
        matched = False
        for entry in lexicon.multi.get(lemma, ()):
            k = len(entry.lemmas)
            if i + k > n:
                continue
            if all(
                _lemma(doc[i + j]) == entry.lemmas[j] or doc[i + j].lower_ == entry.lemmas[j]
                for j in range(1, k)
            ):
                head = _match_head(doc, i, i + k)
                if _skip(doc[head], blocked) or not _satisfies(entry, doc[head], places):
                    continue
                hits.append(TriggerHit(head=head, start=i, end=i + k, entry=entry))
                i += k
                matched = True
                break
        if matched:
            continue
        entries = lexicon.single.get(lemma) or lexicon.single.get(tok.lower_)
        if entries and not _skip(tok, blocked) and not _modifier(tok, lexicon):
            best = _best(entries, tok, places)
            if best is not None:
                hits.append(TriggerHit(head=i, start=i, end=i + 1, entry=best))
        i += 1
    return hits
