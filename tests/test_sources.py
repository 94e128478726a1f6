"""Readers, skip reasons, deduplication and directory walking of sitrep.sources."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

import sitrep.sources as sources
from sitrep.errors import SourceError
from sitrep.model import Article, Skipped
from sitrep.sources import iter_records, read_inputs
from sitrep.sources.clean import article_id

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "examples" / "corpus"

BODY = (
    "Gunmen attacked a police checkpoint near the town of Tarmiyah north of Baghdad on "
    "Monday night, killing two policemen, according to a security official.\n\n"
    "The official said the attackers fled towards nearby orchards and that security "
    "forces had launched a search operation in the area."
)


def _jsonl(rows: list[object]) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing (required under CI=true)")
        pytest.skip(f"{path} is absent; ../shared is needed for this test")
    return path


def run(*inputs: str | Path, **kwargs: object) -> list[Article | Skipped]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def only(records: list[Article | Skipped]) -> Article | Skipped:
    assert len(records) == 1, records
    return records[0]


def article(records: list[Article | Skipped]) -> Article:
    record = only(records)
    assert isinstance(record, Article), record
    return record


def skip(records: list[Article | Skipped]) -> Skipped:
    record = only(records)
    assert isinstance(record, Skipped), record
    return record


# --- plain text -------------------------------------------------------------


def test_txt_title_heuristic_takes_short_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Two policemen killed near Tarmiyah\n\n" + BODY, encoding="utf-8")
    a = article(run(path))
    assert a.title == "Two policemen killed near Tarmiyah"
    assert a.text == BODY
    assert a.sources == (str(path),)
    assert a.input_id == str(path)
    assert a.language == "en"
    assert a.id == article_id(BODY)


@pytest.mark.parametrize(
    "first",
    [
        "Gunmen attacked a checkpoint on Monday.",  # final period
        "Officials said:",  # ends like a sentence lead-in
        "word " * 30,  # too many words
    ],
)
def test_txt_first_line_is_body_when_not_title_like(tmp_path: Path, first: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(first + "\n" + BODY, encoding="utf-8")
    a = article(run(path))
    assert a.title is None
    assert a.text.startswith(first.strip())


def test_txt_single_line_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Gunmen attacked a police checkpoint near Tarmiyah on Monday night\n")
    a = article(run(path))
    assert a.title is None and a.text.startswith("Gunmen")


def test_sidecar_metadata_and_cli_defaults(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline here\n\n" + BODY)
    (tmp_path / "a.meta.json").write_text(
        json.dumps(
            {
                "url": "https://example.org/a",
                "outlet": "Sidecar Times",
                "published": "2024-03-02T10:00:00Z",
                "title": "Sidecar title",
                "id": "side-1",
            }
        )
    )
    (tmp_path / "b.txt").write_text(
        "Other headline\n\nA different article about a bombing in Mosul."
    )
    records = run(tmp_path, published=dt.date(2024, 3, 9), outlet="CLI Outlet")
    a, b = records
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.url, a.outlet, a.published, a.title, a.input_id) == (
        "https://example.org/a",
        "Sidecar Times",
        dt.date(2024, 3, 2),
        "Sidecar title",
        "side-1",
    )
    assert a.text == BODY  # the short first line is still the title line
    assert (b.outlet, b.published, b.title) == ("CLI Outlet", dt.date(2024, 3, 9), "Other headline")


def test_malformed_sidecar_skips_only_its_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text("{not json")
    (tmp_path / "b.txt").write_text("Another text about shelling in Idlib that is fine.")
    a, b = run(tmp_path)
    assert isinstance(a, Skipped) and a.reason.startswith("malformed sidecar a.meta.json")
    assert isinstance(b, Article)


# --- skip reasons -----------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(" \n\t\n\u00a0\n")
    assert [s.reason for s in run(tmp_path)] == ["empty text", "empty text"]  # type: ignore[union-attr]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert skip(run(path)).reason == "binary content"


def test_invalid_utf8_reports_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 bombing in Erbil".encode("latin-1"))
    assert skip(run(path)).reason == "invalid UTF-8 at byte 3"


def test_too_large_by_chars(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("The convoy moved north. " * 100)
    assert skip(run(path, max_chars=1000)).reason == "too large: 2400 chars"
    assert isinstance(only(run(path, max_chars=5000)), Article)


def test_fifty_megabyte_file_is_rejected_from_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: costs no disk or time
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "small.txt").write_text(BODY)
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        assert self.name != "big.txt", "the big file must not be opened"
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    big_record, small = run(tmp_path)
    assert isinstance(big_record, Skipped)
    assert big_record.reason == f"too large: {50 * 1024 * 1024} bytes"
    assert isinstance(small, Article)


def test_overlong_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(_jsonl([{"text": "x " * 5000}, {"text": BODY}]))
    big, ok = run(path, max_chars=1000)
    assert isinstance(big, Skipped) and big.reason.startswith("too large: ")
    assert isinstance(ok, Article) and ok.sources == (f"{path}:2",)


def test_unsupported_hidden_and_orphan_files(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(BODY)
    (tmp_path / "lonely.meta.json").write_text("{}")
    reasons = [s.reason for s in run(tmp_path)]  # type: ignore[union-attr]
    assert reasons == ["sidecar without a .txt or .html file", "unsupported file type"]


# --- paths and errors -------------------------------------------------------


def test_missing_top_level_path_raises_at_call_time(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="input not found"):
        read_inputs([str(tmp_path / "nope.txt")])
    with pytest.raises(SourceError):
        iter_records([str(tmp_path / "nope")])


def test_bad_file_inside_directory_is_a_skip(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing-target.txt")
    broken, good = run(tmp_path)
    assert isinstance(broken, Skipped) and broken.reason.startswith("unreadable")
    assert isinstance(good, Article)


def test_unreadable_top_level_file_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(SourceError, match="Permission denied"):
        run(path)


def test_directory_walk_is_sorted_and_recursive(tmp_path: Path) -> None:
    names = ["b.txt", "a/z.txt", "a/b/c.txt", "C.txt", "a.txt"]
    for i, name in enumerate(names):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report number {i} about a clash near Sinjar with several casualties.")
    got = [r.sources[0] for r in run(tmp_path)]  # type: ignore[union-attr]
    rel = [str(Path(s).relative_to(tmp_path)) for s in got]
    assert rel == ["C.txt", "a/b/c.txt", "a/z.txt", "a.txt", "b.txt"]
    assert got == [r.sources[0] for r in run(tmp_path)]  # type: ignore[union-attr]


# --- deduplication ----------------------------------------------------------


def test_duplicates_collapse_with_all_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "SPOOL_MEMORY_BYTES", 16)  # force the spool onto disk
    (tmp_path / "1.txt").write_text("Headline one\n\n" + BODY)
    (tmp_path / "1.meta.json").write_text('{"outlet": "First", "published": "2024-01-01"}')
    (tmp_path / "2.txt").write_text("A different story about a drone strike near Qamishli today.")
    (tmp_path / "3.txt").write_text("Headline two\n\n" + BODY.upper().replace(" ", "   "))
    feed = tmp_path / "4.jsonl"
    feed.write_text(_jsonl([{"text": BODY, "outlet": "Feed"}]))
    records = run(tmp_path)
    assert [type(r).__name__ for r in records] == ["Article", "Article"]
    first = records[0]
    assert isinstance(first, Article)
    assert first.sources == (str(tmp_path / "1.txt"), str(tmp_path / "3.txt"), f"{feed}:1")
    assert (first.outlet, first.published, first.title) == (
        "First",
        dt.date(2024, 1, 1),
        "Headline one",
    )
    assert first.text == BODY
    streamed = list(iter_records([str(tmp_path)]))
    assert len(streamed) == 4 and len({r.id for r in streamed if isinstance(r, Article)}) == 2


# --- the seed and the example corpus ----------------------------------------


def test_seed_article_loses_check_also_block() -> None:
    seed = shared_path("seed/article.txt")
    a = article(run(seed, published=dt.date(2020, 4, 13)))
    assert a.title == "Iranian-backed militias playing key role in Anbar against ISIS"
    assert "Check Also" not in a.text
    assert "Erdogan" not in a.text and "Hamas" not in a.text
    assert a.text.endswith("further political and economic goals.")
    assert a.published == dt.date(2020, 4, 13)
    assert "\n\n" in a.text and "\n\n\n" not in a.text


def test_example_corpus() -> None:
    records = run(CORPUS, published=dt.date(2024, 3, 15))
    articles = [r for r in records if isinstance(r, Article)]
    skips = {Path(r.source).name: r.reason for r in records if isinstance(r, Skipped)}
    assert len(articles) >= 12
    assert all(a.published is not None for a in articles)
    wire = [a for a in articles if len(a.sources) > 1]
    assert len(wire) == 1
    assert {Path(s).suffix for s in wire[0].sources} == {".txt", ".html"}
    assert skips["empty.txt"] == "empty text"
    assert skips["camera-upload.txt"] == "binary content"
    assert skips["latin1-draft.txt"].startswith("invalid UTF-8 at byte ")
    assert skips["paywall.html"] == "no article body"
    assert skips["feed.jsonl:2"] == "malformed JSON on line 2"
    assert skips["syrie-alep-bombardement.txt"] == "not English: fr"
    assert skips["iraq-basra-protest-ar.txt"] == "not English: ar"
    for a in articles:
        for junk in ("Read more", "Related articles", "You may also like", "Share this", "©"):
            assert junk not in a.text, (a.sources, junk)
