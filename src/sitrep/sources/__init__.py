"""Input sources: the only code that reads articles.

:func:`read_inputs` takes what the user named on the command line — ``.txt``,
``.html``/``.htm``, ``.jsonl``, ``.csv`` files, directories (walked
recursively in sorted order, hidden entries ignored) and ``-`` for JSONL on
standard input — and yields one :class:`~sitrep.model.Article` per distinct
article and one :class:`~sitrep.model.Skipped` per input that gave none.

Deduplication keeps every source. Two inputs whose cleaned texts have the same
id (see :mod:`sitrep.sources.clean`) are one article whose ``sources`` lists
both, with the first one's metadata. Because the last duplicate may come at
the very end, :func:`read_inputs` works in two passes: pass 1 reads, cleans and
hashes every input, keeps a map ``id -> sources`` in memory and spools the
records (first occurrences and skips only) to a temporary file that stays in
memory up to :data:`SPOOL_MEMORY_BYTES` and spills to disk beyond; pass 2
replays the spool in input order with the merged sources. Each input is parsed
once; memory is bounded by the id map, not by the corpus. The first record
therefore arrives only after every input has been read; :func:`iter_records`
streams without merging when that matters more.

A path the user named that is missing or unreadable raises
:class:`~sitrep.errors.SourceError` (a one-line message) as soon as
:func:`read_inputs` is called; a bad file inside a directory, a bad line or
row, or an article that cannot be used becomes a Skipped record, and the rest
still comes through.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from sitrep.errors import SourceError
from sitrep.model import Article, Skipped
from sitrep.sources.clean import article_id, clean_text
from sitrep.sources.html import read_html_file
from sitrep.sources.language import detect_language, normalise_language_tag
from sitrep.sources.records import Draft, Meta, skipped, with_input_id
from sitrep.sources.tabular import read_csv, read_jsonl, read_jsonl_text
from sitrep.sources.text import is_sidecar, read_text_file

__all__ = ["SUFFIXES", "iter_records", "read_inputs"]

STDIN = "-"
STDIN_NAME = "<stdin>"
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
SPOOL_MEMORY_BYTES = 64 * 1024 * 1024


def _check_input(name: str) -> None:
    if name == STDIN:
        return
    path = Path(name)
    if not path.exists():
        raise SourceError(f"input not found: {name}")
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise SourceError(f"cannot read input directory: {name}")
    elif not path.is_file():
        raise SourceError(f"input is not a regular file or directory: {name}")
    elif not os.access(path, os.R_OK):
        raise SourceError(f"cannot read input: {name}")


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Files under ``root`` in sorted path order, and unreadable sub-directories."""
    files: list[Path] = []
    problems: list[Skipped] = []

    def on_error(exc: OSError) -> None:
        where = str(exc.filename) if exc.filename else str(root)
        reason = f"unreadable directory: {exc.strerror or exc}"
        problems.append(skipped(where, reason, Meta(input_id=where)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath) / f for f in filenames if not f.startswith("."))
    files.sort(key=lambda p: p.relative_to(root).parts)
    return files, problems


def _read_file(path: Path, max_chars: int) -> Iterator[Draft | Skipped]:
    """Records of one file; ``OSError`` propagates to the caller."""
    source = str(path)
    suffix = path.suffix.lower()
    if is_sidecar(path):
        stem = path.name[: -len(".meta.json")]
        if any(path.with_name(stem + s).is_file() for s in (".txt", ".html", ".htm")):
            return
        yield skipped(source, "sidecar without a .txt or .html file")
    elif suffix == ".txt":
        yield read_text_file(path, source, max_chars)
    elif suffix in {".html", ".htm"}:
        yield read_html_file(path, source, max_chars)
    elif suffix == ".jsonl":
        with path.open("rb") as handle:
            yield from read_jsonl(handle, source, max_chars)
    elif suffix == ".csv":
        with path.open("rb") as handle:
            yield from read_csv(handle, source, max_chars)
    else:
        yield skipped(source, "unsupported file type")


def _drafts(inputs: Sequence[str], max_chars: int) -> Iterator[Draft | Skipped]:
    stdin_read = False
    for name in inputs:
        if name == STDIN:
            if not stdin_read:
                stdin_read = True
                yield from read_jsonl_text(sys.stdin, STDIN_NAME, max_chars)
            continue
        path = Path(name)
        if path.is_dir():
            files, problems = _walk(path)
            yield from problems
            for file in files:
                try:
                    yield from _read_file(file, max_chars)
                except OSError as exc:
                    reason = f"unreadable: {exc.strerror or exc}"
                    yield skipped(str(file), reason)
        else:
            try:
                yield from _read_file(path, max_chars)
            except OSError as exc:
                raise SourceError(f"cannot read input {name}: {exc.strerror or exc}") from exc


def _finish(draft: Draft, defaults: Meta, max_chars: int) -> Article | Skipped:
    """Clean, check and identify one draft."""
    meta = with_input_id(draft.meta.over(defaults), draft.source)
    text = clean_text(draft.text)
    if not text:
        return skipped(draft.source, "empty text", meta)
    if len(text) > max_chars:
        return skipped(draft.source, f"too large: {len(text)} chars", meta)
    aid = article_id(text)
    language = normalise_language_tag(meta.language) if meta.language else None
    if language is None:
        language = detect_language(text).language or "en"
    if language != "en":
        return skipped(draft.source, f"not English: {language}", meta, aid)
    return Article(
        id=aid,
        text=text,
        title=meta.title,
        url=meta.url,
        outlet=meta.outlet,
        published=meta.published,
        language=language,
        input_id=meta.input_id,
        author=meta.author,
        sources=(draft.source,),
    )


def iter_records(
    inputs: Sequence[str],
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    max_chars: int = 1_000_000,
) -> Iterator[Article | Skipped]:
    """Stream one record per input article, without merging duplicates.

    Each article has a single source; duplicates are yielded again (same id).
    Paths are checked as in :func:`read_inputs`.
    """
    for name in inputs:
        _check_input(name)
    return _iter_records(inputs, Meta(published=published, outlet=outlet), max_chars)


def _iter_records(
    inputs: Sequence[str], defaults: Meta, max_chars: int
) -> Iterator[Article | Skipped]:
    for record in _drafts(inputs, max_chars):
        if isinstance(record, Skipped):
            if record.input_id is None:
                record = replace(record, input_id=record.source)
            yield record
        else:
            yield _finish(record, defaults, max_chars)


def read_inputs(
    inputs: Sequence[str],
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    max_chars: int = 1_000_000,
) -> Iterator[Article | Skipped]:
    """Articles and skip records from the named inputs, duplicates merged.

    ``published`` and ``outlet`` apply to articles whose input states none.
    ``max_chars`` bounds one article's text. Raises :class:`SourceError`
    immediately for a named path that is missing or unreadable.
    """
    for name in inputs:
        _check_input(name)
    return _merged(_iter_records(inputs, Meta(published=published, outlet=outlet), max_chars))


def _merged(records: Iterator[Article | Skipped]) -> Iterator[Article | Skipped]:
    sources: dict[str, list[str]] = {}
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as spool:
        for record in records:
            if isinstance(record, Article):
                known = sources.get(record.id)
                if known is not None:
                    known.extend(s for s in record.sources if s not in known)
                    continue
                sources[record.id] = list(record.sources)
            pickle.dump(record, spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool.seek(0)
        while True:
            try:
                record = pickle.load(spool)
            except EOFError:
                return
            if isinstance(record, Article):
                record = replace(record, sources=tuple(sources[record.id]))
            yield record
