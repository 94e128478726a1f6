"""Killed / injured / arrested counts from number words near casualty cues.

Conventions for vague quantities are data (``data/lexicons/magnitude.yaml``, with a note
on ACLED's conservative coding). Only numbers syntactically tied to a cue count: the
cue's object or passive subject ("killed 12 people", "12 people were killed"), its
numeric modifier ("12 dead", "dozens of deaths") or the cue's own head noun.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span, Token

from sitrep.errors import KnowledgeError
from sitrep.model import Magnitude

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")
FIELDS = ("killed", "injured", "arrested")


@dataclass(frozen=True, slots=True)
class MagnitudeLexicon:
    cue_field: dict[str, str]
    numbers: dict[str, int]
    vague: dict[str, int]


def parse_magnitude_lexicon(data: Any) -> MagnitudeLexicon:
    if not isinstance(data, dict):
        raise KnowledgeError("magnitude.yaml: expected a mapping")
    cues = data.get("cues")
    if not isinstance(cues, dict) or set(cues) != set(FIELDS):
        raise KnowledgeError("magnitude.yaml: 'cues' must have killed, injured, arrested")
    cue_field = {str(lemma): field for field, lemmas in cues.items() for lemma in lemmas}
    numbers = {str(k): int(v) for k, v in (data.get("numbers") or {}).items()}
    vague = {str(k): int(v) for k, v in (data.get("vague") or {}).items()}
    return MagnitudeLexicon(cue_field=cue_field, numbers=numbers, vague=vague)


@functools.lru_cache(maxsize=1)
def load_magnitude_lexicon() -> MagnitudeLexicon:
    text = (
        resources.files("sitrep").joinpath("data", "lexicons", "magnitude.yaml").read_text("utf-8")
    )
    return parse_magnitude_lexicon(yaml.safe_load(text))


def _value(tok: Token, lex: MagnitudeLexicon) -> int | None:
    """The number a token denotes, including compounds ("two hundred", "3,000")."""
    text = tok.lower_
    if _DIGITS.match(text):
        value = int(text.replace(",", ""))
        for c in tok.children:
            if c.dep_ in ("compound", "nummod") and c.lower_ in ("hundred", "thousand"):
                value *= lex.numbers[c.lower_]
        return value
    if text in lex.vague and not (text == "number" and tok.i > 0 and tok.nbor(-1).lower_ != "a"):
        return lex.vague[text]
    if text in lex.numbers and text not in ("a", "an"):
        value = lex.numbers[text]
        for c in tok.children:
            if c.dep_ in ("compound", "nummod") and c.i < tok.i:
                inner = _value(c, lex)
                if inner is not None and value in (100, 1000):
                    value *= inner
        return value
    return None


def _count_of(noun: Token, lex: MagnitudeLexicon) -> int | None:
    """The count attached to a noun phrase head ("12 people", "dozens of civilians")."""
    direct = _value(noun, lex)
    if direct is not None:
        return direct
    for c in noun.children:
        if c.dep_ in ("nummod", "quantmod", "amod", "det") and c.i < noun.i:
            v = _value(c, lex)
            if v is not None and not (c.dep_ == "det" and c.lower_ in ("a", "an")):
                return v
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        return _value(noun.head.head, lex)
    if noun.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children
    ):
        return 1  # "a protester was killed": one person
    return None


def _cue_count(cue: Token, lex: MagnitudeLexicon) -> int | None:
    if cue.pos_ in ("VERB", "AUX"):
        for c in cue.children:
            if c.dep_ in ("dobj", "nsubjpass", "obj"):
                v = _count_of(c, lex)
                if v is not None:
                    return v
            if c.dep_ == "nsubj" and cue.lemma_.lower() == "die":
                v = _count_of(c, lex)
                if v is not None:
                    return v
        if cue.dep_ in ("acl", "relcl", "amod") and cue.head.pos_ in ("NOUN", "PROPN", "NUM"):
            return _count_of(cue.head, lex)
        return None
    v = _count_of(cue, lex)
    if v is not None:
        return v
    if cue.dep_ in ("amod", "acomp") or cue.pos_ == "ADJ":  # "12 dead", "12 people dead"
        head = cue.head
        return _count_of(head, lex) if head is not cue else None
    return None


def magnitude_in(sent: Span, lex: MagnitudeLexicon) -> Magnitude:
    """Counts for the casualty/arrest cues of one sentence (first count per field)."""
    found: dict[str, int] = {}
    for tok in sent:
        field = lex.cue_field.get(tok.lemma_.lower())
        if field is None or field in found:
            continue
        v = _cue_count(tok, lex)
        if v is not None:
            found[field] = v
    return Magnitude(
        killed=found.get("killed"), injured=found.get("injured"), arrested=found.get("arrested")
    )
