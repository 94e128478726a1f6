"""From trigger hits to candidate events: frames, merges, modality and PLOVER's
future-tense rule.

* A trigger inside the complement of a frame trigger (agree, threaten, demand, refuse,
  accuse, ...) belongs to that frame: "threatened to shell the town" is one THREATEN
  event (mode violence), not an ASSAULT.
* A trigger directly linked in the parse to another trigger of the same type is the
  same action ("one strike destroyed ...", "raids to strike ISIS cells"): they merge,
  keeping the strongest trigger and the most specific mode.
* Modal auxiliaries and intention verbs mark ``future``/``hypothetical``; PLOVER codes a
  future cooperative act as AGREE, a future conflictual act as THREATEN, and a negated
  future cooperative act as REJECT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sitrep.eventing.arguments import (
    Args,
    MentionIndex,
    extract_arguments,
    sentence_bounds,
    subject_ids,
    talk_verb,
)
from sitrep.eventing.embedding import (
    DENYING,
    claimed,
    outcome_of,
    voiced_by_actor,
    warned_about,
)
from sitrep.eventing.lexicon import COOPERATIVE, MATERIAL_CONFLICT, TriggerEntry
from sitrep.eventing.modality import (
    FUTURE_MODIFIERS,
    aim_of_activity,
    governor,
    modality_of,
    purposive,
)
from sitrep.eventing.nouns import MODE_RANK, load_nouns
from sitrep.eventing.triggers import TriggerHit
from sitrep.eventing.weapons import weapon_mode

COMPLEMENT_PREPS = frozenset({"to", "of", "for", "on", "against", "about", "into", "over", "with"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "nsubjpass", "attr", "oprd", "conj"})
THREAT_MODES = {
    "ASSAULT": "violence",
    "COERCE": "restrict",
    "SANCTION": "relations",
    "MOBILIZE": "violence",
    "PROTEST": "restrict",
}
THREAT_MODE_BY_SOURCE = {"arrest": "arrest", "expel": "expel", "curfew": "restrict"}
REQUEST_MODES = {
    "CONSULT": "meet",
    "AID": "assist",
    "COOPERATE": "assist",
    "RETREAT": "yield",
    "CONCEDE": "yield",
}
THING_DEPS = frozenset({"dobj", "compound", "nmod", "attr", "oprd", "conj", "appos"})
# modes that describe an outcome, not the means: they yield to the other trigger's coding
WEAK_MODES = frozenset({"destroy"})
FRAME_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "pcomp",
        "prep",
        "acl",
        "advcl",
        "conj",
        "relcl",
        "nsubj",
        "nsubjpass",
        "attr",
        "oprd",
        "compound",
        "amod",
        "dative",
        "agent",
        "npadvmod",
        "appos",
        "nmod",
    }
)


@dataclass(slots=True)
class Candidate:
    """A mutable working record; becomes a frozen ``Event`` at the end."""

    hit: TriggerHit
    type: str
    mode: str | None
    contexts: list[str]
    strength: float
    args: Args
    modality: list[str] = field(default_factory=list)
    support: int = 1
    heads: list[int] = field(default_factory=list)
    dropped: bool = False
    shown: TriggerHit | None = None  # the strongest merged trigger (reported span)
    territory: str | None = None  # a merged trigger's territory kind (lexicon ``territory``)
    promised: bool = False  # the content of a commitment ("vowed to retake"): future

    @property
    def trigger(self) -> TriggerHit:
        return self.shown or self.hit


def build_candidates(doc: Doc, hits: list[TriggerHit], index: MentionIndex) -> list[Candidate]:
    cands: list[Candidate] = []
    nouns = load_nouns()
    for hit in hits:
        entry: TriggerEntry = hit.entry
        head = doc[hit.head]
        if aim_of_activity(head):
            continue
        args = extract_arguments(head, entry.type, entry.two_sided, index)
        mode = entry.mode
        typ = entry.type
        if typ == "COERCE" and mode == "seize" and args.victim_sectors:
            typ, mode = "ASSAULT", "abduct"  # people seized: an abduction, not a seizure
        if typ == "ASSAULT" and mode in MODE_RANK:
            found = weapon_mode(head, governor(head), nouns)
            if found is not None and MODE_RANK[found] > MODE_RANK[mode]:
                mode = found
        cands.append(
            Candidate(
                hit=hit,
                type=typ,
                mode=mode,
                contexts=list(entry.contexts),
                strength=entry.strength,
                args=args,
                heads=[hit.head],
                territory=entry.territory,
            )
        )
    _resolve_links(doc, cands)
    _modal_frames(doc, cands, index)
    live = [c for c in cands if not c.dropped]
    for cand in live:
        _apply_modality(doc, cand, index)
    return live


def _trigger_ancestors(tok: Token, at: dict[int, Candidate]) -> list[tuple[Candidate, Token]]:
    """Live candidates above the token, nearest first, with the path's child of each."""
    out: list[tuple[Candidate, Token]] = []
    start, end = sentence_bounds(tok)
    cur = tok
    for _ in range(12):
        if cur.head is cur or cur.dep_ not in FRAME_DEPS:
            break
        below = cur
        cur = cur.head
        if not start <= cur.i < end:
            break
        cand = at.get(cur.i)
        if cand is not None and not cand.dropped and cand.hit.head != tok.i:
            out.append((cand, below))
    return out


def _inside_object(tok: Token, head: int) -> bool:
    """Is the noun inside the object phrase of the trigger at ``head`` ("destroyed an
    ISIL VBIED factory", "seized a cache of rockets")? Instruments ("in an airstrike")
    and subjects ("one strike destroyed") are not."""
    cur = tok
    for _ in range(8):
        dep = cur.dep_
        if dep == "pobj" and cur.head.lower_ == "of":
            cur = cur.head.head
            continue
        if dep not in THING_DEPS and dep not in ("amod", "nummod"):
            return False
        cur = cur.head
        if cur.i == head:
            return True
    return False


def _is_complement(below: Token) -> bool:
    """Is ``below`` (a child of the frame) the frame's complement, not an adjunct?"""
    if below.dep_ in COMPLEMENT_DEPS:
        return True
    return below.dep_ in ("prep", "agent") and below.lower_ in COMPLEMENT_PREPS


def _merge(doc: Doc, into: Candidate, other: Candidate) -> None:
    modes = [(c.strength, c.mode) for c in (into, other)]
    if outcome_of(doc, into, other):
        into.shown = other.trigger
        into.strength = max(into.strength, other.strength)
    elif other.strength > into.strength:
        into.shown = other.shown
        into.strength = other.strength
    # strongest trigger first; on a tie the mode ACLED ranks higher ("abducted and raped")
    ranked = sorted(modes, key=lambda x: (-x[0], -MODE_RANK.get(x[1], 0)))
    specific = [m for m in ranked if m[1] and m[1] not in WEAK_MODES]
    into.mode = specific[0][1] if specific else (into.mode if into.mode else None)
    if into.mode in WEAK_MODES and any(m is None for _, m in modes):
        into.mode = None
    into.contexts = list(dict.fromkeys(into.contexts + other.contexts))
    into.territory = into.territory or other.territory
    a = into.args
    o = other.args
    if (not a.actors and not a.has_subject) or (a.fallback and o.actors and not o.fallback):
        a.actors = list(o.actors)
        a.fallback = o.fallback
    if not a.recipients:
        a.recipients = [r for r in o.recipients if r not in a.actors]
    a.two_sided = a.two_sided or o.two_sided
    into.support += other.support
    into.heads += other.heads
    other.dropped = True


def _absorb_into_frame(frame: Candidate, inner: Candidate) -> None:
    entry = frame.hit.entry
    if entry.conflict_as and inner.type in MATERIAL_CONFLICT:
        frame.type = entry.conflict_as
    if frame.type == "THREATEN" and frame.mode is None:
        frame.mode = THREAT_MODE_BY_SOURCE.get(inner.mode or "", THREAT_MODES.get(inner.type))
    if frame.type in ("REQUEST", "REJECT") and frame.mode is None:
        frame.mode = REQUEST_MODES.get(inner.type)
    frame.contexts = list(dict.fromkeys(frame.contexts + inner.contexts))
    if not frame.args.recipients or frame.args.recipient_fallback:
        # an accusation targets whoever is said to act ("spread rumours that Y ...")
        said = inner.args.actors if frame.type == "ACCUSE" and not inner.args.fallback else []
        found = [r for r in (said or inner.args.recipients) if r not in frame.args.actors]
        if found or not frame.args.recipients:
            frame.args.recipients = found
            frame.args.recipient_fallback = False
    if not frame.args.actors and inner.args.actors:
        frame.args.actors = list(inner.args.actors)
        frame.args.fallback = inner.args.fallback
    frame.support += 1
    inner.dropped = True


# frames whose complement is a past act that someone is said (or denies) to have done: the
# act stays an event of its own, and the claims stage marks it alleged or denied
ACCUSING = frozenset({"accuse", "accusation", "blame", "charge", "allege", "allegation"})


def _reported(frame: Candidate, inner: Candidate) -> bool:
    lemma = frame.hit.entry.lemmas[0]
    return (
        (lemma in ACCUSING or lemma in DENYING)
        and inner.type in MATERIAL_CONFLICT
        and not inner.hit.entry.governs
    )


def _commit(frame: Candidate, inner: Candidate) -> None:
    """ "X vowed to retake Y": THREATEN by X, and the promised act stays an event of its
    own (its modality marks it future), carried out by X."""
    _absorb_into_frame(frame, inner)
    inner.dropped = False
    inner.promised = True
    if not inner.args.actors or inner.args.fallback:
        inner.args.actors = list(frame.args.actors)
        inner.args.fallback = frame.args.fallback
    inner.args.recipients = [r for r in inner.args.recipients if r not in inner.args.actors]


def _talked_about(doc: Doc, frame: Candidate, inner: Candidate) -> bool:
    """The frame verb only answers a nominal event ("denied responsibility for the attack"),
    unlike "denied carrying out the attack", whose denier is the one said to act."""
    talker = talk_verb(doc[inner.hit.head])
    return talker is not None and talker.i == frame.hit.head


def _embed(doc: Doc, frame: Candidate, inner: Candidate) -> None:
    """ "X accused Y of shelling Z": ASSAULT Y -> Z; "X denied carrying out the attack":
    ASSAULT by X. The frame keeps its own event (ACCUSE X -> Y, REJECT by X)."""
    lemma = frame.hit.entry.lemmas[0]
    a = inner.args
    if lemma in ACCUSING and frame.args.recipients and not frame.args.recipient_fallback:
        if not a.has_subject or not a.actors:
            a.actors = list(frame.args.recipients)
            a.fallback = False
    elif (
        (not a.actors or a.fallback) and frame.args.actors and not _talked_about(doc, frame, inner)
    ):
        a.actors = list(frame.args.actors)
        a.fallback = frame.args.fallback
    a.recipients = [r for r in a.recipients if r not in a.actors]
    if frame.type == "ACCUSE" and not frame.args.recipients:
        frame.args.recipients = [x for x in a.actors if x not in frame.args.actors]
    frame.support += 1


def _same_parties(a: Args, b: Args) -> bool:
    if not a.actors or not b.actors or a.fallback or b.fallback:
        return True
    return bool(set(a.actors) & set(b.actors))


def _resolve_links(doc: Doc, cands: list[Candidate]) -> None:
    at = {c.hit.head: c for c in cands}
    # innermost first: deeper triggers are absorbed before their frames are
    order = sorted(cands, key=lambda c: -len(list(doc[c.hit.head].ancestors)))
    for cand in order:
        if cand.dropped:
            continue
        tok = doc[cand.hit.head]
        above = _trigger_ancestors(tok, at)
        if not above:
            continue
        nearest, below = above[0]
        outer_frame = next(
            (c for c, b in above[1:] if c.hit.entry.governs and _is_complement(b)), None
        )
        if nearest.hit.entry.governs and _is_complement(below):
            if warned_about(doc, nearest, cand):
                nearest.support += 1  # a warning about someone else's act: both stay
            elif _reported(nearest, cand) or claimed(doc, nearest, cand):
                _embed(doc, nearest, cand)
            elif nearest.hit.entry.conflict_as and cand.type in MATERIAL_CONFLICT:
                _commit(nearest, cand)
            else:
                _absorb_into_frame(nearest, cand)
        elif (
            below.dep_ == "conj"
            and cand.type == "ASSAULT"
            and nearest.type == "COERCE"
            and tok.pos_ in ("VERB", "AUX")
        ):
            # "rounded up and shot dead": the violence outranks the arrest it follows
            if not cand.args.actors:
                cand.args.actors = list(nearest.args.actors)
                cand.args.fallback = nearest.args.fallback
            cand.support += nearest.support
            nearest.dropped = True
        elif _inside_object(tok, nearest.hit.head) and tok.pos_ not in ("VERB", "AUX"):
            # a weapon or target named as the object of an action ("destroyed a VBIED
            # factory", "seized weapons"): part of that event, not an event of its own
            nearest.support += 1
            cand.dropped = True
        elif nearest.type == cand.type and _same_parties(nearest.args, cand.args):
            _merge(doc, nearest, cand)
        elif outer_frame is not None:
            # deeper inside a frame's content ("accuse X of aiding ISIS by moving them to
            # attack Kirkuk"): what is accused/demanded is not itself an asserted event
            outer_frame.support += 1
            cand.dropped = True


def _modal_frames(doc: Doc, cands: list[Candidate], index: MentionIndex) -> None:
    """ "A said B must Z": a REQUEST by A (the speaker) to B (the modal's subject)."""
    at = {c.hit.head: c for c in cands if not c.dropped}
    for cand in cands:
        tok = doc[cand.hit.head]
        if cand.dropped or tok.dep_ != "aux" or not cand.hit.entry.governs:
            continue
        verb = tok.head
        addressees, _ = subject_ids(verb, index)
        speaker: list[str] = []
        cur = verb
        for _ in range(4):  # up through "that"-clauses and "a reminder that ..."
            if cur.dep_ not in ("ccomp", "acl", "relcl", "advcl", "xcomp") or cur.head is cur:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                speaker, _ = subject_ids(cur, index)
                break
            if cur.dep_ in ("dobj", "pobj", "nsubj") and cur.head.pos_ in ("VERB", "AUX"):
                speaker, _ = subject_ids(cur.head, index)
                break
        inner = at.get(verb.i)
        if inner is not None and not inner.dropped:
            _absorb_into_frame(cand, inner)
        if speaker:
            cand.args.actors = speaker
            cand.args.fallback = False
            cand.args.recipients = [a for a in addressees if a not in speaker]
        elif addressees:
            cand.args.recipients = [a for a in addressees if a not in cand.args.actors]


def _apply_modality(doc: Doc, cand: Candidate, index: MentionIndex) -> None:
    tok = doc[cand.hit.head]
    marks, negated = modality_of(tok)
    if cand.promised:
        cand.modality = sorted({"future"} | ({"negated"} if negated else set()))
        return  # the commitment is the frame's threat; the act itself is still to come
    has_subject = bool(cand.args.actors) or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in governor(tok).children
    )
    if marks and has_subject and not cand.hit.entry.governs:
        if cand.type in COOPERATIVE and cand.type != "AGREE":
            cand.type, cand.mode = ("REJECT", None) if negated else ("AGREE", None)
            return
        if (
            cand.type in MATERIAL_CONFLICT
            and cand.type != "MOBILIZE"  # a deployment is no threat by itself
            and not negated
            and (cand.type != "ASSAULT" or voiced_by_actor(doc, tok, cand, index))
        ):
            cand.mode = THREAT_MODE_BY_SOURCE.get(cand.mode or "", THREAT_MODES.get(cand.type))
            cand.type = "THREATEN"
            return
    if negated and cand.type == "AGREE":
        cand.type, cand.mode = "REJECT", None
        return
    if not marks and purposive(tok) and not cand.hit.entry.governs:
        marks.add("hypothetical")
    if tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "compound") and c.lower_ in FUTURE_MODIFIERS for c in tok.children
    ):
        marks.add("future")  # "planned protests", "an upcoming rally": not (yet) held
    cand.modality = sorted(marks | ({"negated"} if negated else set()))
