"""Recipients the trigger's own slots miss: complements, light verbs, "from", locations.

:func:`sitrep.eventing.arguments.extract_arguments` reads the recipient from the
trigger's objects and "on/against/at/to" phrases. When those name no actor, these rules
look one step further, in order of how directly the parse links the phrase to the act:

1. the complement chain ("offered *to hand over* to Britain", "threatened *to deliver*
   blows to the US and Israel", "agreed to re-open its borders *to* UN peacekeepers"):
   objects and recipient phrases of xcomp verbs and of the direct object noun;
2. the light verb of a nominal trigger ("lodged a protest *with* Albania", "issued a
   reminder *to* Iraq");
3. "from" where the event type reads it as the other party: a withdrawal from a
   country (RETREAT), a demand of someone (REQUEST "demanded support from X");
4. a place the act is done in, for acts done *to* a territory ("lifted the curfew in
   Montenegro", "refused to deploy peacekeepers in Iraq", "imposed a curfew in
   Algiers"): the state of that territory, as PLOVER codes it. Never for ASSAULT (the
   place of an attack is not its victim) nor for meetings and cooperation (the host is
   not a party). Flagged as weaker evidence;
5. for protests, rejections and accusations, the author of what they are aimed at
   ("to protest *Sweden's* decision", "violations *by the security forces*").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from sitrep.eventing.mention_index import MentionIndex, ids_in, np_tokens

# prepositions whose object receives the act (dative and directional)
TO_PREPS = frozenset({"to", "toward", "towards", "against", "on", "upon", "at", "with"})
# "with" names the other party of these acts ("lodged a protest with", "agreed with")
WITH_TYPES = frozenset(
    {"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "ACCUSE", "REJECT", "REQUEST", "THREATEN"}
)
FROM_TYPES = frozenset({"RETREAT", "REQUEST", "CONCEDE"})
# words whose "from" phrase is the other party whatever the event type ("willing to
# withdraw its troops from Lebanon", "calling for independence from Iraq")
FROM_LEMMAS = frozenset(
    {
        "withdraw",
        "withdrawal",
        "pull",
        "pullout",
        "retreat",
        "evacuate",
        "evacuation",
        "expel",
        "demand",
        "request",
        "seek",
        "independence",
        "autonomy",
        "secession",
        "concession",
        "concessions",
        # taking something from someone ("confiscated weapons from armed groups")
        "confiscate",
        "seize",
        "capture",
        "recapture",
        "wrest",
    }
)
# demands and appeals: the subject of the demanded clause is the addressee
ADDRESSEE_TYPES = frozenset({"REQUEST"})
# light verbs whose "with" phrase is the addressee ("lodged a protest with Albania")
LODGE_VERBS = frozenset({"lodge", "file", "register", "submit", "raise"})
# acts whose location is not their recipient
NO_PLACE_TYPES = frozenset({"ASSAULT", "CONSULT", "COOPERATE"})
PLACE_IN = frozenset({"in", "inside", "into", "within", "throughout", "across"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj"})
MAX_DEPTH = 3


def _objects(tok: Token) -> Iterator[Token]:
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "dative", "attr"):
            yield c


def _themes(tok: Token) -> Iterator[Token]:
    """Nouns whose phrases may carry the recipient of the trigger: "the withdrawal *of
    forces* from Panama", "mobilized reservists *for a war* against Iraq"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            yield from (g for g in c.children if g.dep_ == "pobj")


def _prep_ids(owner: Token, typ: str, index: MentionIndex, *, lodged: bool = False) -> list[str]:
    """Actors (and states) in the owner's recipient-like prepositional phrases;
    ``lodged``: the owner is the object of a lodge verb ("a protest with X")."""
    out: list[str] = []
    lemma = owner.lemma_.lower()
    for c in owner.children:
        if c.dep_ not in ("prep", "dative"):
            continue
        prep = c.lower_
        with_ok = typ in WITH_TYPES or lemma in LODGE_VERBS or lodged
        from_ok = typ in FROM_TYPES or lemma in FROM_LEMMAS
        wanted = (prep in TO_PREPS and (prep != "with" or with_ok)) or (prep == "from" and from_ok)
        if not wanted:
            continue
        for g in c.children:
            if g.dep_ == "pobj":  # not a clause ("an invitation to attend ...")
                toks = np_tokens(g)
                out += ids_in(toks, index) or ids_in(toks, index, states=True)
    return out


def _complements(head: Token) -> Iterator[Token]:
    """Verbs of the complement chain under the trigger ("agreed to re-open", "said it will
    withdraw"), nearest first; a clause with a subject of its own is another act."""
    frontier = [head]
    for _ in range(MAX_DEPTH):
        nxt: list[Token] = []
        for tok in frontier:
            for c in tok.children:
                if c.dep_ not in COMPLEMENT_DEPS or c.pos_ not in ("VERB", "AUX"):
                    continue
                if c.dep_ == "advcl" and not _infinitive(c):
                    continue  # only a purpose clause ("opened fire to disperse X")
                named = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                if c.dep_ == "xcomp" or not named or _pronoun_subject(c):
                    nxt.append(c)
        yield from nxt
        frontier = nxt


def _infinitive(verb: Token) -> bool:
    return any(g.dep_ in ("aux", "mark") and g.lower_ == "to" for g in verb.children)


def _pronoun_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children)


def complement_recipients(
    head: Token,
    typ: str,
    index: MentionIndex,
    *,
    verbal: bool,
    light_verb: Token | None,
    exclude: set[str],
) -> list[str]:
    """Rules 1-3 (see the module docstring): recipients the parse links to the act;
    ``exclude``: the event's actors (never its recipients)."""
    if typ in ADDRESSEE_TYPES and verbal:
        # "demanded that Israel withdraw": the one told to act is the addressee
        for c in head.children:
            if c.dep_ == "ccomp":
                for g in c.children:
                    if g.dep_ in ("nsubj", "nsubjpass") and g.pos_ != "PRON":
                        found = [r for r in ids_in(np_tokens(g), index) if r not in exclude]
                        if found:
                            return found
    owners: list[Token] = [head]
    if not verbal and light_verb is not None:
        owners.append(light_verb)
    owners += [*_objects(head), *_themes(head)]
    lodged = light_verb is not None and light_verb.lemma_.lower() in LODGE_VERBS
    out = [
        r
        for o in owners
        for r in _prep_ids(o, typ, index, lodged=lodged and o is head)
        if r not in exclude
    ]
    if out:
        return out
    for verb in _complements(head if verbal else (light_verb or head)):
        # a transfer's object is its theme: "contribute troops *to* a force" names the
        # recipient in the phrase; the object is the recipient only without one
        objects = list(_objects(verb))
        out = _prep_ids(verb, typ, index)
        for obj in objects:
            out += _prep_ids(obj, typ, index)
        out = [r for r in out if r not in exclude]
        for obj in objects if not out else ():
            toks = np_tokens(obj)
            out += ids_in(toks, index) or ids_in(toks, index, states=True)
        out = [r for r in out if r not in exclude]
        if out:
            return out
    return out


def location_recipients(
    head: Token, typ: str, index: MentionIndex, *, light_verb: Token | None
) -> list[str]:
    """Rule 4: the state whose territory the act is done in (country-level places only)."""
    if typ in NO_PLACE_TYPES:
        return []
    owners = [head, *_objects(head), *_complements(head)]
    if light_verb is not None:
        owners.append(light_verb)
    for owner in list(owners):
        owners += [o for o in _objects(owner) if o not in owners]
    places: list[Token] = []
    for owner in owners:
        for c in owner.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_IN:
                places += [g for g in c.children if g.dep_ == "pobj"]
    for table in (index.state_at, index.territory_at):
        for g in places:
            for t in [g, *g.conjuncts, *g.children]:
                state = table.get(t.i)
                if state is not None:
                    return [state]
    return []


# acts aimed at what someone did or proposed: the recipient is that someone
GRIEVANCE_TYPES = frozenset({"PROTEST", "REJECT", "ACCUSE"})
# the path from the trigger to the thing objected to ("to protest the decision", "in
# protest of the refusal", "rejected an ultimatum", "against the decision")
PATH_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "xcomp", "advcl", "pcomp", "conj", "attr"})
PATH_PREPS = frozenset({"of", "against", "at", "over", "to", "on", "in", "for"})
OWNER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
GRIEVANCE_DEPTH = 5


def grievance_recipients(
    head: Token, typ: str, index: MentionIndex, *, light_verb: Token | None, exclude: set[str]
) -> list[str]:
    """The author of what a protest, rejection or accusation is aimed at: "to protest
    *Sweden's* decision", "in protest of the *Russian government's* refusal", "rejected an
    *Australian* ultimatum", "violations *by Algerian security forces*"."""
    if typ not in GRIEVANCE_TYPES:
        return []
    frontier = [head] if light_verb is None else [head, light_verb]
    seen = {t.i for t in frontier}
    ends = set(seen)  # the trigger's own modifiers are its actors ("Turkish protests")
    for _ in range(GRIEVANCE_DEPTH):
        nxt: list[Token] = []
        out: list[str] = []
        for tok in frontier:
            for c in tok.children:
                if c.i in seen:
                    continue
                if tok.i not in ends and c.dep_ in OWNER_DEPS and tok.pos_ == "NOUN":
                    out += ids_in(np_tokens(c), index, states=True)
                elif c.dep_ in ("prep", "agent") and c.lower_ == "by" and tok.i not in ends:
                    # "violations by X", "a bill signed by X"
                    for g in c.children:
                        out += ids_in(np_tokens(g), index, states=True)
                elif c.dep_ == "dobj" and tok.i not in ends and tok.pos_ == "VERB":
                    # the one a protest sets out to sway: "a drive to convince *parliament*"
                    found = ids_in(np_tokens(c), index, states=True)
                    out += found
                    if not found:
                        seen.add(c.i)
                        nxt.append(c)
                elif (c.dep_ in PATH_DEPS and (c.dep_ != "prep" or c.lower_ in PATH_PREPS)) or (
                    # "a strike to protest X", "a law signed by X"
                    c.dep_ in ("acl", "relcl") and (_infinitive(c) or c.tag_ == "VBN")
                ):
                    seen.add(c.i)
                    nxt.append(c)
        out = [r for r in out if r not in exclude]
        if out:
            return out
        frontier = nxt
    return []
