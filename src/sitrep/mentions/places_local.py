"""Street/building names, named sites, datelines and acronyms for ``places.py``."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sitrep.knowledge.geo_lexicon import load_local_heads, load_local_prefixes

MAX_WINDOW = 5


def capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


_SITE_NOUNS = frozenset({"base", "airbase", "camp", "garrison", "airfield", "outpost"})
_NAMING = frozenset({"called", "named", "dubbed"})


def named_sites(doc: Doc, taken: bytearray, inner: frozenset[str]) -> list[Span]:
    """ "a base called Imam Ali", "the camp named X": the capitalised name is a site."""
    out: list[Span] = []
    for tok in doc:
        if tok.lower_ not in _SITE_NOUNS or tok.i + 2 >= len(doc):
            continue
        k = tok.i + 1
        if doc[k].lower_ in _NAMING:
            k += 1
        elif doc[k].lower_ == "known" and doc[k + 1].lower_ == "as":
            k += 2
        else:
            continue
        end = k
        while (
            end < len(doc)
            and end - k < MAX_WINDOW
            and (capitalised(doc[end].text) or (end > k and doc[end].lower_ in inner))
        ):
            end += 1
        while end > k and doc[end - 1].lower_ in inner:
            end -= 1
        if end > k and not any(taken[j] for j in range(k, end)):
            out.append(Span(doc, k, end, label="GAZ", kb_id="site"))
    return out


_NAME_GLUE = frozenset({"of", "the", "de", "des", "du", "la", "le"})
_POSSESSIVE = frozenset({"'s", "’s"})


def local_feature_end(
    doc: Doc, start: int, end: int, taken: bytearray, *, possessive: bool, generic: bool
) -> int | None:
    """End of a street/building name that a gazetteer name only begins.

    "Royal Street", "Karl Bremer Hospital", "University of Perpetual Help": the
    capitalised name runs on past the gazetteer match and has a local-feature
    head word (``data/geo/local_features.yaml``) at its end, or at its start
    followed by "of". Returns None when the match is not part of such a name.
    ``possessive``: whether "'s" continues the name ("Wilson's Farm"); not after a
    well-known place ("Derry's Altnagelvin Hospital" is in Derry). ``generic``:
    the match is a stop-listed common word after a locative cue, so any
    capitalised continuation makes it a name of something else ("at the Air
    Balloon", "at the Bank of England").
    """
    heads = load_local_heads()
    glue = _NAME_GLUE | _POSSESSIVE if possessive else _NAME_GLUE
    k = end
    while k < len(doc) and k - start < MAX_WINDOW + 3 and not taken[k]:
        t = doc[k]
        if not (capitalised(t.text) or (t.lower_ in glue and k + 1 < len(doc))):
            break
        k += 1
    while k > end and doc[k - 1].lower_ in glue:
        k -= 1
    if k == end:
        return None
    if generic or doc[k - 1].lower_.rstrip(".") in heads:
        return k
    if possessive and _possessive_name(doc, start, end, k):
        return k  # "Eva's Village", "Wilson's Farm": named after someone, not a town
    if doc[start].lower_ in heads and end - start == 1 and doc[end].lower_ == "of":
        return k
    if end - start == 1 and doc[start].lower_.rstrip(".") in load_local_prefixes():
        return k  # "Point Peron", "Mount Chaambi": a natural feature, not the town "Point"
    return None


def _possessive_name(doc: Doc, start: int, end: int, k: int) -> bool:
    """ "Eva's Village": a lone name, "'s" and one or two capitalised words."""
    if doc[end].lower_ not in _POSSESSIVE or not 1 <= k - end - 1 <= 2:
        return False
    return start == 0 or not capitalised(doc[start - 1].text)


_DATELINE_END = frozenset({",", "(", "-", "--", "—", "–", ":"})


def dateline(doc: Doc, start: int, end: int) -> bool:
    """An upper-case place name opening a news story: "RALEIGH, N.C. (AP) -"."""
    if not all(t.is_upper or not t.is_alpha for t in doc[start:end]):
        return False
    if sum(len(t) for t in doc[start:end] if t.is_alpha) < 4 or end >= len(doc):
        return False
    if not (start == 0 or doc[start - 1].is_space or doc[start - 1].text in {".", "(", "\n"}):
        return False
    nxt = doc[end]
    return nxt.text in _DATELINE_END or (nxt.is_title and nxt.is_alpha)


def acronym(text: str) -> bool:
    """ "OAS", "MoD", "P.A.", "UConn": two or more capitals in a short token."""
    letters = [c for c in text if c.isalpha()]
    if text.isupper() and "." not in text and len(letters) > 3:
        return False  # "LOUIS", "SYRIA": an upper-case word, not an acronym
    return 2 <= len(letters) <= 5 and sum(c.isupper() for c in letters) >= 2
