"""Linguistic cues around a toponym: metonymy (place vs actor), borders, hints.

Pure functions over a parsed Doc; they use the dependency parse when present
and fall back to neighbouring words on ``spacy.blank("en")``.

- :func:`mention_role` -- ``"actor"`` when the name stands for a government or
  people: subject of a verb ("Turkey shelled", "Tehran said"), a demonym or
  possessive on an actor noun ("Iraqi forces", "Iran's IRGC", "US officials"),
  object of a political verb ("accused Iran"); otherwise ``"location"``.
- :func:`is_border_reference` -- the mention names the far side of a border
  ("the border with Syria, Jordan and Saudi Arabia", "the Syrian border",
  "Iraq's borders", "the Iraq-Syria border"): it is not an event point.
- :func:`near_cue` -- "near/outside/around X": the event is close to X, not in it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

ACTOR_NOUNS = frozenset(
    [
        "government",
        "governments",
        "regime",
        "forces",
        "force",
        "troops",
        "army",
        "armies",
        "military",
        "militaries",
        "officials",
        "official",
        "authorities",
        "authority",
        "president",
        "presidents",
        "minister",
        "ministers",
        "ministry",
        "premier",
        "leader",
        "leaders",
        "leadership",
        "navy",
        "airforce",
        "police",
        "embassy",
        "embassies",
        "ambassador",
        "ambassadors",
        "diplomats",
        "diplomat",
        "diplomacy",
        "envoy",
        "envoys",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "parliament",
        "lawmakers",
        "senator",
        "senators",
        "congress",
        "administration",
        "cabinet",
        "intelligence",
        "state",
        "delegation",
        "delegations",
        "counterpart",
        "counterparts",
        "media",
        "agency",
        "agencies",
        "warplanes",
        "jets",
        "aircraft",
        "drones",
        "soldiers",
        "commanders",
        "commander",
        "militia",
        "militias",
        "proxies",
        "proxy",
        "allies",
        "ally",
        "backers",
        "side",
        "coalition",
        "security",
        "team",
        "officers",
        "prosecutors",
        "court",
        "courts",
        "judiciary",
        "king",
        "crown",
        "prince",
        "emir",
        "sultan",
        "regime's",
        "junta",
        "negotiators",
        "mission",
        "representatives",
        "representative",
        "foreign",
        "defense",
        "defence",
        "interior",
    ]
)
GEO_NOUNS = frozenset(
    [
        "border",
        "borders",
        "frontier",
        "frontiers",
        "territory",
        "territories",
        "soil",
        "city",
        "cities",
        "town",
        "towns",
        "village",
        "villages",
        "province",
        "provinces",
        "region",
        "regions",
        "capital",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "coast",
        "coastline",
        "desert",
        "mountains",
        "airspace",
        "waters",
        "side",
        "countryside",
        "heartland",
        "interior",
        "outskirts",
        "streets",
        "area",
        "areas",
    ]
)
LOCATION_HEADS = frozenset(
    [
        "base",
        "airbase",
        "camp",
        "city",
        "town",
        "village",
        "province",
        "region",
        "territory",
        "soil",
        "land",
        "border",
        "capital",
        "coast",
        "desert",
        "mountain",
        "river",
        "sea",
        "island",
        "airport",
        "port",
        "village",
        "street",
        "road",
        "neighbourhood",
        "neighborhood",
        "district",
        "area",
        "zone",
        "countryside",
    ]
)
_NOUNS = frozenset({"NOUN", "PROPN"})
SUBJECT_VERB_BLOCK = frozenset(
    [
        "be",
        "have",
        "lie",
        "sit",
        "border",
        "stretch",
        "remain",
        "become",
        "host",
        "see",
        "experience",
        "suffer",
    ]
)
ACTOR_OBJECT_VERBS = frozenset(
    [
        "accuse",
        "blame",
        "urge",
        "warn",
        "criticize",
        "criticise",
        "condemn",
        "sanction",
        "support",
        "back",
        "fight",
        "threaten",
        "ask",
        "tell",
        "meet",
        "join",
        "help",
        "aid",
        "arm",
        "fund",
        "supply",
        "pressure",
        "punish",
        "praise",
        "thank",
        "call",
        "invite",
        "persuade",
        "oppose",
        "confront",
        "deter",
        "defeat",
    ]
)
SPEECH_ACTION = frozenset(
    [
        "said",
        "says",
        "say",
        "announced",
        "announces",
        "claimed",
        "claims",
        "denied",
        "denies",
        "accused",
        "accuses",
        "warned",
        "warns",
        "shelled",
        "shells",
        "launched",
        "launches",
        "struck",
        "strikes",
        "sent",
        "sends",
        "deployed",
        "deploys",
        "urged",
        "urges",
        "vowed",
        "vows",
        "threatened",
        "threatens",
        "insisted",
        "insists",
        "rejected",
        "rejects",
        "condemned",
        "condemns",
        "demanded",
        "demands",
        "responded",
        "responds",
        "retaliated",
        "retaliates",
        "attacked",
        "attacks",
        "bombed",
        "bombs",
        "fired",
        "fires",
        "sanctioned",
        "sanctions",
        "supports",
        "supported",
        "backs",
        "backed",
        "wants",
        "wanted",
        "agreed",
        "agrees",
        "signed",
        "signs",
        "approved",
        "approves",
        "imposed",
        "imposes",
        "refused",
        "refuses",
    ]
)
NEAR_WORDS = frozenset({"near", "outside", "around", "nearby", "close"})
_BORDER = frozenset({"border", "borders", "frontier", "frontiers", "boundary", "crossing"})


def _content_head(span: Span) -> int:
    return span.root.i


def mention_role(doc: Doc, span: Span, *, state_like: bool) -> str:
    """``"actor"`` or ``"location"`` for one toponym mention.

    ``state_like``: the resolved entry is a country or a capital (only those
    stand for governments in subject position); demonyms are always state-like.
    """
    if doc.has_annotation("DEP"):
        return _role_from_parse(doc, span, state_like=state_like)
    return _role_from_words(doc, span, state_like=state_like)


def _role_from_parse(doc: Doc, span: Span, *, state_like: bool) -> str:
    root = span.root
    dep = root.dep_
    head = root.head
    if not state_like:
        return "location"
    if root.i + 1 < len(doc) and doc[root.i + 1].tag_ == "POS":
        # "Iraq's borders" is a place; "Iran's IRGC", "China's decision" are the state
        if head.i >= span.end and head.lower_ not in GEO_NOUNS and head.pos_ in _NOUNS:
            return "actor"
        return "location"
    if dep in {"amod", "compound", "nmod"} and head.i >= span.end:
        # "Iraqi forces", "US drone strikes" vs "the Syrian border", "Iraqi territory"
        if head.lower_ in GEO_NOUNS or head.lemma_.lower() in LOCATION_HEADS:
            return "location"
        return "actor" if head.pos_ in _NOUNS else "location"
    if dep == "conj" and head.dep_ in {"nsubj", "nsubjpass"}:
        dep, head = head.dep_, head.head
    if (
        dep == "nsubj"
        and head.pos_ in {"VERB", "AUX"}
        and head.lemma_.lower() not in SUBJECT_VERB_BLOCK
    ):
        return "actor"
    if dep == "dobj" and head.lemma_.lower() in ACTOR_OBJECT_VERBS:
        return "actor"
    if dep == "pobj" and head.lower_ == "by" and head.head.tag_ in {"VBN", "NN", "NNS"}:
        return "actor"  # "an investigation by the United States", "was shelled by Turkey"
    return "location"


def _role_from_words(doc: Doc, span: Span, *, state_like: bool) -> str:
    if not state_like or span.end >= len(doc):
        return "location"
    nxt = doc[span.end]
    if nxt.text in {"'s", "’s"} and span.end + 1 < len(doc):
        nxt = doc[span.end + 1]
    word = nxt.lower_
    if word in GEO_NOUNS:
        return "location"
    if word in ACTOR_NOUNS or word in SPEECH_ACTION:
        return "actor"
    return "location"


def is_border_reference(doc: Doc, start: int, end: int) -> bool:
    """Whether the mention at character offsets [start, end) names a border side."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return _border_span(doc, span)


def _border_span(doc: Doc, span: Span) -> bool:
    # "<X> border(s)", "<X>'s border(s)", "<X>-<Y> border"
    k = span.end
    steps = 0
    while k < len(doc) and steps < 4:
        w = doc[k].lower_
        if w in _BORDER:
            return w != "crossing"
        if w in {"'s", "’s", "-", "–", "/"} or doc[k].ent_type_ in {"GPE", "NORP"}:
            k += 1
            steps += 1
            continue
        if steps < 3 and doc[k].text[:1].isupper() and doc[k - 1].text in {"-", "–", "/"}:
            k += 1
            steps += 1
            continue
        break
    # "border(s) with|between ... <X>" allowing a list "A, B and C"
    k = span.start - 1
    steps = 0
    while k >= 0 and steps < 12:
        w = doc[k].lower_
        if w in {"with", "between", "along", "across"}:
            return k > 0 and doc[k - 1].lower_ in _BORDER
        if w in {",", "and", "or", "the", "&"} or doc[k].text[:1].isupper():
            k -= 1
            steps += 1
            continue
        break
    return False


def near_cue(doc: Doc, span: Span) -> bool:
    """ "near X", "outside X", "on the outskirts of X": close to X, not in it."""
    k = span.start - 1
    while k >= 0 and doc[k].lower_ in {"the", "of", "city", "town", "village"}:
        k -= 1
    return k >= 0 and (doc[k].lower_ in NEAR_WORDS or doc[k].lower_ == "outskirts")
