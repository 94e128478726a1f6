"""Event anaphora: the setting of an event named by a definite event noun that points back.

News text often dates an operation once and then describes it in later sentences
without repeating the date::

    An operation to clear ISIS cells was conducted over the weekend. ...
    In the current operation, the militia sent its units on raids ...

The raids have no time expression of their own, but "the current operation" refers
back to "An operation ... over the weekend". :func:`antecedent_of` finds, for an
event trigger, such a definite event noun in its clause ("in/during the <noun>", the
clause's subject "The attack killed ...", or the trigger itself) and the nearest
earlier mention of the same event (same lemma and number, a noun or a verb, within a
few sentences, not marked as a different one: "another", "similar", "second").
:func:`antecedent_time` returns the time expression attached to that antecedent's
clause. The word lists live in ``data/lexicons/time.yaml`` (``event_anaphora``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from sitrep.mentions.times import LEXICON_RESOURCE
from sitrep.model import TimeValue
from sitrep.syntax import governed_by

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_MAX_DEPTH = 30
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class AnaphoraLexicon:
    window: int
    nouns: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    other_event: frozenset[str]
    reference_prepositions: tuple[tuple[str, ...], ...] = ()
    continuation_pronouns: frozenset[str] = frozenset()
    continuation_speech_verbs: frozenset[str] = frozenset()
    continuation_adding_verbs: frozenset[str] = frozenset()
    continuation_adverbs: frozenset[str] = frozenset()


def parse_anaphora_lexicon(raw: Mapping[str, Any]) -> AnaphoraLexicon:
    """Validate the ``event_anaphora`` section; raises ``ValueError`` on a bad schema."""
    try:
        section = raw["event_anaphora"]
        window = int(section["window"])
        lists = {
            key: frozenset(str(w).lower() for w in section[key])
            for key in ("nouns", "determiners", "prepositions", "other_event")
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"bad event_anaphora lexicon: {exc!r}") from exc
    refs = tuple(tuple(str(p).lower().split()) for p in section.get("reference_prepositions", []))
    if not all(refs):
        raise ValueError("event_anaphora: empty reference preposition")
    if not 1 <= window <= 10:
        raise ValueError("event_anaphora: window must be 1..10 sentences")
    if not all(lists.values()):
        raise ValueError("event_anaphora: every list needs at least one word")
    continuation = {
        key: frozenset(str(w).lower() for w in section.get(key, []) or [])
        for key in (
            "continuation_pronouns",
            "continuation_speech_verbs",
            "continuation_adding_verbs",
            "continuation_adverbs",
        )
    }
    return AnaphoraLexicon(window=window, reference_prepositions=refs, **lists, **continuation)


@lru_cache(maxsize=1)
def load_anaphora_lexicon() -> AnaphoraLexicon:
    """Read the ``event_anaphora`` section of ``data/lexicons/time.yaml`` (once)."""
    text = resources.files("sitrep").joinpath(LEXICON_RESOURCE).read_text(encoding="utf-8")
    return parse_anaphora_lexicon(yaml.safe_load(text))


def _clause_verb(tok: Token) -> Token:
    """The verb governing a token (the token itself when verbal)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _marks_other(tok: Token, lex: AnaphoraLexicon) -> bool:
    return any(c.lower_ in lex.other_event for c in tok.children if c.dep_ in {"amod", "det"})


def _is_definite_event_noun(tok: Token, lex: AnaphoraLexicon) -> bool:
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns or _marks_other(tok, lex):
        return False
    return any(c.dep_ == "det" and c.lower_ in lex.determiners for c in tok.children)


def anaphor_of(head: Token, lex: AnaphoraLexicon) -> Token | None:
    """The definite event noun that sets the trigger's clause in an earlier event, if any."""
    if _is_definite_event_noun(head, lex):
        return head  # "The attack killed three soldiers."
    clause = _clause_verb(head)
    for tok in head.sent:
        if tok.i == head.i or not _is_definite_event_noun(tok, lex):
            continue
        if tok.dep_ in _SUBJECT_DEPS and tok.head.i == clause.i:
            return tok  # "The operation targeted ..."
        prep = tok.head
        if (
            tok.dep_ == "pobj"
            and prep.lower_ in lex.prepositions
            and prep.head.i != tok.i
            and governed_by(head, {prep.head.i})
        ):
            return tok  # "In the current operation, ... sent ... on raids"
    return None


def _same_number(a: Token, b: Token) -> bool:
    if b.pos_ == "VERB":
        return True
    return (a.tag_ == "NNS") == (b.tag_ == "NNS")


def antecedents_of(head: Token, lex: AnaphoraLexicon | None = None) -> list[Token]:
    """Earlier mentions (nouns or verbs, nearest first) of the event the trigger's clause
    refers back to; empty when the clause has no such definite event noun."""
    lex = lex or load_anaphora_lexicon()
    anaphor = anaphor_of(head, lex)
    if anaphor is None:
        return []
    lemma = anaphor.lemma_.lower()
    doc = head.doc
    sent = head.sent
    out: list[Token] = []
    for _ in range(lex.window):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        for tok in reversed(sent):
            if tok.lemma_.lower() != lemma or tok.pos_ not in ("NOUN", "VERB"):
                continue
            if _marks_other(tok, lex) or not _same_number(anaphor, tok):
                continue
            out.append(tok)
    return out


def antecedent_of(head: Token, lex: AnaphoraLexicon | None = None) -> Token | None:
    """The nearest earlier mention of the event the trigger's clause refers back to."""
    found = antecedents_of(head, lex)
    return found[0] if found else None


def _time_root(tv: TimeValue, doc: Doc) -> Token | None:
    if tv.span is None:
        return None
    span = doc.char_span(tv.span[0], tv.span[1], alignment_mode="expand")
    return None if span is None else span.root


def time_of(tok: Token, times: Sequence[TimeValue]) -> TimeValue | None:
    """The time expression attached to a token or to the verb that governs it."""
    doc = tok.doc
    sent = tok.sent
    verb = _clause_verb(tok)
    best: tuple[int, int, TimeValue] | None = None
    for tv in times:
        root = _time_root(tv, doc)
        if root is None or not sent.start <= root.i < sent.end:
            continue
        if governed_by(root, {tok.i}):
            rank = 0
        elif governed_by(root, {verb.i}):
            rank = 1
        else:
            continue
        cand = (rank, abs(root.i - tok.i), tv)
        if best is None or cand[:2] < best[:2]:
            best = cand
    return best[2] if best is not None else None


def antecedent_time(head: Token, times: Sequence[TimeValue]) -> TimeValue | None:
    """The time of the earlier event the trigger's clause refers back to: that of the
    nearest antecedent mention that has one."""
    if not times:
        return None
    lex = load_anaphora_lexicon()
    for ante in antecedents_of(head, lex):
        when = time_of(ante, times)
        if when is not None:
            return when
    if is_follow_up(head, lex):
        return previous_sentence_time(head, times)
    return None


def is_follow_up(head: Token, lex: AnaphoraLexicon | None = None) -> bool:
    """Does the trigger's sentence go on about the incident of the sentence before it?
    "Some protesters were hit by live bullets, they said." (a report after its content,
    by a pronoun or one that adds: "..., the ministry added"); "Two others were also
    wounded." (an additive adverb on a passive clause). A new report ("He added that the
    army had also destroyed two tunnels") or a new act ("They also torched houses") may be
    a different incident and stays undated, and so does a sentence that names a place."""
    lex = lex or load_anaphora_lexicon()
    if head.sent.start == 0 or any(e.label_ in _PLACE_LABELS for e in head.sent.ents):
        return False  # a place of its own: "Police arrested five men in Basra, it added."
    for tok in head.sent:
        if tok.i <= head.i or tok.pos_ != "VERB":
            continue  # only a report that follows its content: "..., they said"
        lemma = tok.lemma_.lower()
        if lemma not in lex.continuation_speech_verbs or not governed_by(head, {tok.i}):
            continue
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if lemma in lex.continuation_adding_verbs or any(
            c.lower_ in lex.continuation_pronouns for c in subjects
        ):
            return True
    clause = _clause_verb(head)
    if not any(
        c.dep_ == "advmod" and c.lower_ in lex.continuation_adverbs for c in clause.children
    ):
        return False
    return any(c.dep_ == "nsubjpass" for c in clause.children)


def previous_sentence_time(head: Token, times: Sequence[TimeValue]) -> TimeValue | None:
    """The time of the sentence before the trigger's, when it names exactly one."""
    doc = head.doc
    start = head.sent.start
    if start == 0:
        return None
    prev = doc[start - 1].sent
    found: dict[tuple[str | None, str | None, str], TimeValue] = {}
    for tv in times:
        root = _time_root(tv, doc)
        if root is not None and prev.start <= root.i < prev.end:
            found.setdefault((tv.start, tv.end, tv.precision), tv)
    return next(iter(found.values())) if len(found) == 1 else None


def _is_reference_prep(prep: Token, lex: AnaphoraLexicon) -> bool:
    for words in lex.reference_prepositions:
        if prep.lower_ != words[-1]:
            continue
        if len(words) == 1:
            return True
        if prep.head.lower_ == words[-2]:
            return True
    return False


def in_reference_phrase(root: Token, head: Token, lex: AnaphoraLexicon | None = None) -> bool:
    """True when the time expression whose root is ``root`` sits inside a phrase that names
    another event relative to the trigger ``head`` ("after the attack on Saturday", "ahead
    of the elections in October"): that time dates the other event."""
    lex = lex or load_anaphora_lexicon()
    if not lex.reference_prepositions:
        return False
    cur = root
    for _ in range(_MAX_DEPTH):
        if cur.i == head.i or cur.head is cur:
            return False
        if (
            cur.dep_ == "pobj"
            and cur.i != root.i
            and _is_reference_prep(cur.head, lex)
            and not governed_by(head, {cur.i})
        ):
            return not (root.head.i == cur.i and root.dep_ == "compound")
        cur = cur.head
    return False


def after_reference_phrase(first: Token, head: Token, lex: AnaphoraLexicon | None = None) -> bool:
    """True when a time phrase starting at ``first`` directly follows a phrase that names
    another event relative to the trigger ("detained two suspects after a grenade attack on a
    bank on Saturday"): the parser often hangs the time on the main verb, but read in order it
    dates the nearer, referenced event."""
    lex = lex or load_anaphora_lexicon()
    if first.i == 0 or not lex.reference_prepositions:
        return False
    prev = first.doc[first.i - 1]
    if prev.is_punct:
        return False
    cur = prev
    for _ in range(_MAX_DEPTH):
        if cur.i == head.i or cur.head is cur:
            return False
        if (
            cur.dep_ == "pobj"
            and _is_reference_prep(cur.head, lex)
            and not governed_by(head, {cur.i})
        ):
            return cur.right_edge.i == prev.i
        cur = cur.head
    return False
