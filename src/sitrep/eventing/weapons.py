"""The means of an ASSAULT from the weapons named around its trigger.

A weapon noun (``data/lexicons/event_nouns.yaml``) in the attacker, instrument or
wielded-object slot of the trigger ("warplanes bombed", "struck with a drone", "lobbed a
grenade") gives the mode; failing that, a weapon used elsewhere in the sentence ("a
drone slammed into a building, killing four"). Weapons that are targets ("destroyed a
mortar", "strikes on missile depots") never count. A chemical agent anywhere in the
sentence makes the attack a chemical one, whatever delivered it ("mortar rounds containing
mustard gas").
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.eventing.arguments import np_tokens, sentence_bounds
from sitrep.eventing.lexicon import load_trigger_lexicon
from sitrep.eventing.nouns import MODE_RANK, NounLexicon

WEAPON_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
WEAPON_OBJECTS = frozenset({"dobj", "obj", "attr"})
WEAPON_MODIFIERS = frozenset({"compound", "amod", "nmod"})
# verbs whose object is the weapon used ("lobbed a grenade"), not the target ("destroyed
# a mortar")
WIELD_VERBS = frozenset(
    {
        "fire",
        "launch",
        "lob",
        "throw",
        "hurl",
        "toss",
        "detonate",
        "plant",
        "use",
        "drop",
        "explode",
        "set",
        "deploy",
        "fly",
        "send",
    }
)
USING_VERBS = WIELD_VERBS | {"hit", "strike", "trigger", "step", "run", "detonate", "carry"}
_WEAPON_KEY = "sitrep.events.weapons"  # per-sentence weapon cache in Doc.user_data
_CHEMICAL_KEY = "sitrep.events.chemical"  # per-sentence "names a chemical agent" cache
CHEMICAL = "unconventional"
INSTRUMENT_PREPS = frozenset({"with", "by", "using", "from", "in"})


def _names_thing(tok: Token, nouns: NounLexicon) -> bool:
    """A weapon noun modifying a noun that is neither a weapon nor an event names a kind of
    thing, usually a target ("missile depots", "drone factory", "rocket launchers")."""
    if tok.dep_ not in ("compound", "amod", "nmod") or tok.head is tok:
        return False
    head = tok.head
    if head.pos_ not in ("NOUN", "PROPN") or nouns.weapon(head) is not None:
        return False
    return head.lemma_.lower() not in load_trigger_lexicon().single


def _weapon_in(tokens: list[Token], nouns: NounLexicon) -> str | None:
    best: str | None = None
    for t in tokens:
        if _names_thing(t, nouns):
            continue
        mode = nouns.weapon(t)
        if mode is not None and (best is None or MODE_RANK[mode] > MODE_RANK[best]):
            best = mode
    return best


def _chemical(head: Token, nouns: NounLexicon) -> bool:
    bounds = sentence_bounds(head)
    doc = head.doc
    cache: dict[tuple[int, int], bool] = doc.user_data.setdefault(_CHEMICAL_KEY, {})
    if bounds not in cache:
        cache[bounds] = any(
            nouns.weapon(doc[i]) == CHEMICAL
            for i in range(*bounds)
            if doc[i].pos_ in ("NOUN", "PROPN")
        )
    return cache[bounds]


def weapon_mode(head: Token, gov: Token, nouns: NounLexicon) -> str | None:
    """The most specific weapon named as attacker, object or instrument of the trigger
    ("warplanes bombed", "lobbed a grenade", "struck with a drone"); a chemical agent named
    anywhere in the sentence."""
    if _chemical(head, nouns):
        return CHEMICAL
    tokens: list[Token] = []
    if head.pos_ not in ("VERB", "AUX"):
        tokens += [head, *(c for c in head.children if c.dep_ in WEAPON_MODIFIERS)]
    for verb in {head, gov}:
        for c in verb.children:
            if c.dep_ in WEAPON_SUBJECTS:
                tokens += np_tokens(c, with_clauses=True)
            elif c.dep_ in WEAPON_MODIFIERS or (
                c.dep_ in WEAPON_OBJECTS and verb.lemma_.lower() in WIELD_VERBS
            ):
                tokens += np_tokens(c)
            elif c.dep_ in ("agent", "prep") and c.lower_ in INSTRUMENT_PREPS | {"by"}:
                for g in c.children:
                    if g.dep_ == "pobj" and (c.lower_ != "in" or verb is head):
                        tokens += np_tokens(g)
    found = _weapon_in(tokens, nouns)
    if found is not None:
        return found
    # a weapon elsewhere in the sentence that is used, not targeted: an attacker ("a drone
    # slammed into ..."), an instrument ("by a bomb") or what was set off ("hit an IED")
    bounds = sentence_bounds(head)
    doc = head.doc
    cache: dict[tuple[int, int], str | None] = doc.user_data.setdefault(_WEAPON_KEY, {})
    if bounds not in cache:
        loose = [
            t
            for t in (doc[i] for i in range(*bounds))
            if t.pos_ in ("NOUN", "PROPN") and _wielded(t)
        ]
        cache[bounds] = _weapon_in(loose, nouns)
    return cache[bounds]


def _wielded(tok: Token) -> bool:
    """Is the noun's phrase a subject, an instrument or the object of a using verb?"""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("compound", "conj", "amod", "nmod", "appos") or cur.head is cur:
            break
        cur = cur.head
    dep, gov = cur.dep_, cur.head
    if dep == "nsubj":
        return True
    if dep == "pobj":
        return gov.lower_ in ("with", "by", "from") or gov.dep_ == "agent"
    if dep in ("dobj", "obj"):
        return gov.lemma_.lower() in USING_VERBS
    return False
