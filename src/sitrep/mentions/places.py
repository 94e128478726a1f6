"""Toponym recognition: the spaCy component ``sitrep_places_v1``.

(The design calls it ``sitrep.places.v1``; spaCy rejects dots in factory
names, hence the underscores.)

Writes ``doc.spans["places"]``: NER entities labelled GPE, LOC or FAC, plus
gazetteer matches the model missed (label ``GAZ``), plus adjectival demonyms
that name a state ("Iraqi forces": label ``GAZ``, ``kb_id_ = "demonym:IRQ"``)
or a region ("European": ``kb_id_ = "demonym-region"``), plus named sites
("a base called Imam Ali": ``kb_id_ = "site"``). Plural demonyms ("Iraqis")
name people and are not toponyms. Non-state actor names that NER calls GPE
are filtered later by the resolver, which knows the actors.

Gazetteer matching looks only at capitalised token windows (up to five
tokens), so it is one dictionary probe per candidate, linear in the document.
It is conservative, because GeoNames has a town for most English words: a
gazetteer-only match must not be a stop word or on the stop list
(``data/geo/stoplist.yaml``), and a one-word match needs either a locative cue
before it ("in", "near", "outside", ...) or a sizeable entry (a country,
admin area, named feature or a town of at least 10,000 people). A gazetteer
or NER name that only begins a street/building name ("Royal Street", "Karl
Bremer Hospital", "University of St. Thomas"; head words in
``data/geo/local_features.yaml``) becomes one span over the whole name with
``kb_id_ = "local-feature"``; the resolver places it at its town. Works on
``spacy.blank("en")`` (no entities, no parser): only the gazetteer then speaks.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.knowledge.gazetteer import Gazetteer, load_gazetteer, name_key
from sitrep.mentions.places_local import acronym, dateline, local_feature_end, named_sites

SPAN_KEY = "places"
# spaCy forbids "." in factory names, so the versioned name uses underscores.
FACTORY = "sitrep_places_v1"
NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE = frozenset(
    [
        "in",
        "near",
        "at",
        "from",
        "outside",
        "around",
        "into",
        "inside",
        "across",
        "to",
        "of",
        "via",
        "towards",
        "toward",
        "between",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
    ]
)
_DETERMINERS = frozenset({"the", "The", "THE"})
_MAX_WINDOW = 5
_INNER = frozenset(
    [
        "-",
        "al",
        "el",
        "ad",
        "as",
        "ar",
        "az",
        "an",
        "at",
        "ash",
        "adh",
        "ath",
        "es",
        "ez",
        "ed",
        "en",
        "et",
        "ul",
        "de",
        "du",
        "da",
        "do",
        "dos",
        "das",
        "of",
        "la",
        "le",
        "bin",
        "ibn",
        "abu",
        "bu",
    ]
)
_MIN_POP_SINGLE = 10_000
_AREA_PREFIX = frozenset({"County", "Co."})
_PROMINENT_POP = 50_000  # "Derry's Altnagelvin Hospital" is in Derry; "Wilson's Farm" is a name
LOCAL_FEATURE = "local-feature"  # kb_id of a street/building name span


def _default_cache_dir() -> Path:
    from sitrep.config import Settings

    return Settings().cache_dir


class PlaceRecognizer:
    """Finds toponym spans; the gazetteer is loaded on first use (cached per path)."""

    def __init__(self, nlp: Language, name: str, cache_dir: str = "") -> None:
        self.name = name
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer(self.cache_dir or _default_cache_dir())
        return self._gazetteer

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = find_places(doc, self.gazetteer)
        return doc


@Language.factory(
    FACTORY,
    default_config={"cache_dir": ""},
    assigns=["doc.spans"],
)
def make_place_recognizer(nlp: Language, name: str, cache_dir: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, cache_dir)


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].text in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in {"'s", "’s", "'"} or doc[end - 1].is_punct):
        if doc[end - 1].text == "." and end - start == 1:
            break
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def _extend_known(gaz: Gazetteer, span: Span) -> Span:
    """An NER place that a longer gazetteer name continues: "U.S." + "Virgin
    Islands", "Baja" + "California" (the tagger split one name in two)."""
    doc = span.doc
    best = span.end
    j = span.end
    while j < len(doc) and j - span.start < _MAX_WINDOW and _capitalised(doc[j].text):
        j += 1
        if gaz.known(name_key(doc[span.start : j].text)):
            best = j
    if best == span.end:
        return span
    return Span(doc, span.start, best, label=span.label_, kb_id=span.kb_id_)


def _sentence_start(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    if prev.text in {".", "!", "?", "\n", "\n\n", ":", '"', "“", "-", "—", "–"} or prev.is_space:
        return True
    return bool(doc.has_annotation("SENT_START") and doc[i].is_sent_start)


def _cue_before(doc: Doc, i: int) -> str:
    """The lower-case word before token ``i``, skipping "the" ("" at the start)."""
    j = i - 1
    while j >= 0 and doc[j].text in _DETERMINERS:
        j -= 1
    return doc[j].lower_ if j >= 0 else ""


def _locative_before(doc: Doc, i: int) -> bool:
    return _cue_before(doc, i) in LOCATIVE


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _strong(gaz: Gazetteer, key: str) -> bool:
    for cand in gaz.lookup(key, exact_key=True) or gaz.lookup(key):
        e = cand.entry
        if e.kind in {"country", "admin1", "feature", "region"}:
            return True
        if cand.primary and e.population >= _MIN_POP_SINGLE:
            return True
    return False


def _prominent(gaz: Gazetteer, key: str) -> bool:
    """A country, admin area, curated feature or city of 50,000 has this name."""
    return any(
        c.entry.kind in {"country", "admin1", "feature", "region"}
        or (c.primary and c.entry.population >= _PROMINENT_POP)
        for c in gaz.lookup(key, exact_key=True)
    )


def _country_like(gaz: Gazetteer, key: str) -> bool:
    return any(
        c.entry.kind in {"country", "admin1"}
        or (c.entry.kind == "region" and c.entry.id.startswith("sitrep:"))
        for c in gaz.lookup(key, exact_key=True)
    )


def demonym_kb(gaz: Gazetteer, text: str) -> str | None:
    """``demonym:ISO3`` for a state adjective, ``demonym-region`` for a regional one."""
    if text.endswith("s") and not text.endswith("ss"):
        return None  # "Iraqis", "Europeans": people, not a toponym
    iso3 = gaz.demonym_country(text)
    if iso3 is not None:
        return f"demonym:{iso3}"
    return "demonym-region" if gaz.demonym_region(text) is not None else None


def find_places(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Toponym spans of a document (NER + gazetteer + demonyms), non-overlapping."""
    found: list[Span] = []
    taken = bytearray(len(doc))
    other_ents = bytearray(len(doc))
    person_words: set[str] = set()
    whole = frozenset((e.start, e.end) for e in doc.ents if e.label_ in _WHOLE_NAME_LABELS)
    for ent in doc.ents:
        if ent.label_ in NER_LABELS:
            span = _trim(ent)
            if span is not None:
                span = _extend_known(gaz, span)
            if span is not None and _ner_kept(gaz, span):
                found.append(span)
                for k in range(span.start, span.end):
                    taken[k] = 1
        elif ent.label_ != "NORP":
            soft = ent.label_ in {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
            for k in range(ent.start, ent.end):
                other_ents[k] = 1 if soft else 2
            if ent.label_ == "PERSON":
                person_words.update(t.text for t in ent)
    if person_words:
        found = [s for s in found if not _person_like(gaz, s, person_words)]
        taken = bytearray(len(doc))
        for s in found:
            for k in range(s.start, s.end):
                taken[k] = 1
    found = [_extend_local(doc, s, taken) for s in found]
    for span in _demonym_spans(doc, gaz, taken, other_ents):
        found.append(span)
        for k in range(span.start, span.end):
            taken[k] = 1
    sites = named_sites(doc, taken, _INNER)
    for span in sites:
        for k in range(span.start, span.end):
            taken[k] = 1
    found.extend(sites)
    found.extend(
        s
        for s in _gazetteer_matches(doc, gaz, taken, other_ents, whole)
        if not (len(s) == 1 and s.text in person_words and not _locative_before(doc, s.start))
    )
    return filter_spans(found)


def _ner_kept(gaz: Gazetteer, span: Span) -> bool:
    """Whether an NER place span is kept: not bare numbers or punctuation, and an
    acronym only when it names a state or province ("US", "D.C."); NER also tags
    organisations ("OAS", "MoD") and brands ("UConn") as places."""
    if all(t.is_punct or t.like_num for t in span):
        return False
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].text == ".":
        end += 1  # "ST. LOUIS": the tagger split an abbreviated name
    key = name_key(span.text)
    if len(span) == 1 and acronym(span.text) and not _continues(doc, end):
        return _country_like(gaz, key)
    return len(span) > 1 or key not in gaz.never  # "Easter", "English": never places


def _extend_local(doc: Doc, span: Span, taken: bytearray) -> Span:
    """An NER place followed by a street/building word: "Northumberland Avenue"."""
    end = local_feature_end(doc, span.start, span.end, taken, possessive=False, generic=False)
    if end is None:
        return span
    for k in range(span.end, end):
        taken[k] = 1
    return Span(doc, span.start, end, label=span.label_, kb_id=LOCAL_FEATURE)


def _person_like(gaz: Gazetteer, span: Span, person_words: set[str]) -> bool:
    """An NER place that is a word of a person's name elsewhere ("Modi", "Yulia")."""
    if len(span) != 1 or span.text not in person_words:
        return False
    return not _strong(gaz, name_key(span.text))


def _demonym_spans(doc: Doc, gaz: Gazetteer, taken: bytearray, other_ents: bytearray) -> list[Span]:
    out: list[Span] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if taken[i] or other_ents[i] == 2 or not _capitalised(tok.text):
            i += 1
            continue
        for width in (2, 1):
            if i + width > len(doc) or any(taken[k] for k in range(i, i + width)):
                continue
            if width == 2 and not (doc[i + 1].is_alpha and _capitalised(doc[i + 1].text)):
                continue
            kb = demonym_kb(gaz, doc[i : i + width].text)
            if kb is not None:
                # "British International School": a building named with a demonym
                end = local_feature_end(doc, i, i + width, taken, possessive=False, generic=False)
                if end is not None:
                    out.append(Span(doc, i, end, label="GAZ", kb_id=LOCAL_FEATURE))
                    i = end
                    break
                out.append(Span(doc, i, i + width, label="GAZ", kb_id=kb))
                i += width
                break
        else:
            i += 1
    return out


def _gazetteer_matches(
    doc: Doc,
    gaz: Gazetteer,
    taken: bytearray,
    other_ents: bytearray,
    whole: frozenset[tuple[int, int]] = frozenset(),
) -> list[Span]:
    out: list[Span] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if taken[i] or not _capitalised(tok.text) or tok.is_punct:
            i += 1
            continue
        best: tuple[int, str] | None = None
        j = i
        while j < n and j - i < _MAX_WINDOW and not taken[j]:
            t = doc[j]
            if not (_capitalised(t.text) or (j > i and t.lower_ in _INNER)):
                break
            j += 1
            if doc[j - 1].lower_ in _INNER and j - 1 > i:
                continue
            key = name_key(doc[i:j].text)
            if key and gaz.known(key):
                best = (j, key)
        if best is None:
            i += 1
            continue
        end, key = best
        local_end = local_feature_end(
            doc,
            i,
            end,
            taken,
            possessive=not _prominent(gaz, key),
            generic=end - i == 1 and key in gaz.stopwords and _locative_before(doc, i),
        )
        if local_end is not None and not any(other_ents[k] == 2 for k in range(i, local_end)):
            out.append(Span(doc, i, local_end, label="GAZ", kb_id=LOCAL_FEATURE))
            i = local_end
        elif _accept(doc, gaz, i, end, key, other_ents) or (
            (i, end) in whole and _whole_place(doc, gaz, i, end, key)
        ):
            # "County Cork", "Province of ...": the kind word belongs to the name
            start = i - 1 if i > 0 and doc[i - 1].text in _AREA_PREFIX and not taken[i - 1] else i
            out.append(Span(doc, start, end, label="GAZ"))
            i = end
        else:
            i += 1
    return out


# An entity of these labels that is exactly a well-known place name is that
# place: NER calls a city ORG when it stands for its team or government
# ("Liverpool have other academies", "Toronto said").
_WHOLE_NAME_LABELS = frozenset({"ORG"})


def _whole_place(doc: Doc, gaz: Gazetteer, start: int, end: int, key: str) -> bool:
    """An ORG entity that is exactly the name of a state, province or city of 50,000
    (not a common word, an acronym or a landmark such as "White House")."""
    if key in gaz.stopwords or key in gaz.never or acronym(doc[start].text):
        return False
    return any(
        c.entry.kind in {"country", "admin1", "region"}
        or (c.primary and c.entry.kind != "feature" and c.entry.population >= _PROMINENT_POP)
        for c in gaz.lookup(key, exact_key=True)
    )


def _accept(doc: Doc, gaz: Gazetteer, start: int, end: int, key: str, other: bytearray) -> bool:
    single = end - start == 1
    locative = _locative_before(doc, start)
    weak_of = key in gaz.stopwords or not _strong(gaz, key)
    if locative and single and _cue_before(doc, start) == "of" and weak_of:
        locative = False  # "Ministry of Culture", "Chamber of Commerce"
    first = doc[start]
    if key in gaz.never or (single and "&" in first.text):
        return False  # "R&D" is not the Dominican Republic
    if any(other[k] == 2 for k in range(start, end)):
        return False  # inside a date, number, quantity, ...
    if dateline(doc, start, end) and _prominent(gaz, key):
        return True  # "RALEIGH, N.C. (AP) -", "OKLAHOMA CITY The Latest ..."
    if single and acronym(first.text) and not _country_like(gaz, key):
        return False  # "a BA in Divinity", "NGO": a town only in GeoNames
    if key in gaz.stopwords and not locative:
        return False
    if single and (first.is_stop or first.lower_ in gaz.stopwords) and not locative:
        return False
    if single and first.is_upper and len(first.text) <= 3 and not _strong(gaz, key):
        return False
    short = len(first.text) <= 3 and not first.is_upper and not first.text.endswith(".")
    if single and short and not locative:
        return False  # "La", "Ga": only the dotted abbreviation names a state
    if not locative and _continues(doc, end) and not _country_like(gaz, key):
        return False  # "Michael" in "Michael Bryant": part of a longer proper name
    inside_other = any(other[k] for k in range(start, end))
    if inside_other and not locative:
        # "US State Department", "Jamaica Cancer Society": a state or province
        # name inside an organisation's name is still a toponym (associative)
        return _country_like(gaz, key)
    if single and not locative:
        if _sentence_start(doc, start) and not _strong(gaz, key):
            return False
        return _strong(gaz, key)
    return True


def _continues(doc: Doc, end: int) -> bool:
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.is_alpha and nxt.text[:1].isupper() and nxt.lower_ not in _INNER


def place_spans(doc: Doc) -> list[Span]:
    """The ``places`` span group, or an empty list when the component did not run."""
    if SPAN_KEY in doc.spans:
        return list(doc.spans[SPAN_KEY])
    return []
