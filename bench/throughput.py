"""Throughput benchmark: sitrep extract end-to-end vs raw spaCy nlp.pipe, same texts, same run.

Texts: the CENTCOM strike lines in ../shared/data grouped into one document per
release day, plus longer articles (the seed article, the re3d documents and
the example corpus). Prints documents/hour for both, their ratio and the peak
memory. Usage: python bench/throughput.py [--limit N] [--shared PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def strike_documents(shared: Path) -> list[str]:
    days: dict[str, list[str]] = defaultdict(list)
    with (shared / "data" / "centcom-strikes" / "strikes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            days[row["date"]].append(f"In {row['country']}: {row['line'].lstrip('- ')}")
    return ["\n".join(lines) for _, lines in sorted(days.items())]


def long_documents(shared: Path) -> list[str]:
    texts = [(shared / "seed" / "article.txt").read_text(encoding="utf-8")]
    for docs in sorted((shared / "data" / "re3d").glob("*/documents.json")):
        for line in docs.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for path in sorted((REPO / "examples" / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if text:
            texts.append(text)
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=300, help="strike-day documents to use")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        print(f"bench: no shared data at {args.shared}", file=sys.stderr)
        return 2

    import spacy

    from sitrep.config import Settings
    from sitrep.document import load_pipeline
    from sitrep.extract import load_resources
    from sitrep.model import to_contract
    from sitrep.pipeline import extract

    texts = strike_documents(args.shared)[: args.limit] + long_documents(args.shared)
    words = sum(len(t.split()) for t in texts)
    settings = Settings(progress=False, n_process=args.n_process, published=None)

    raw = spacy.load(settings.model)
    nlp = load_pipeline(settings)
    resources = load_resources(settings)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(texts):
                fh.write(json.dumps({"id": f"b{i}", "text": text, "published": "2016-01-01"}))
                fh.write("\n")
        # warm-up both paths on a few documents
        list(raw.pipe(texts[:5]))
        for _ex in extract([str(corpus)], settings, nlp=nlp, resources=resources):
            break

        t = time.perf_counter()
        for _doc in raw.pipe(texts, batch_size=settings.batch_size, n_process=args.n_process):
            pass
        raw_s = time.perf_counter() - t

        t = time.perf_counter()
        n_out = 0
        with open("/dev/null", "w", encoding="utf-8") as sink:
            for ex in extract([str(corpus)], settings, nlp=nlp, resources=resources):
                sink.write(json.dumps(to_contract(ex)) + "\n")
                n_out += 1
        sitrep_s = time.perf_counter() - t

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(texts)
    print(f"documents: {n} ({words} words; {n_out} extracted)")
    print(f"raw spaCy nlp.pipe: {n / raw_s * 3600:,.0f} docs/hour ({raw_s:.1f} s)")
    print(f"sitrep extract:     {n / sitrep_s * 3600:,.0f} docs/hour ({sitrep_s:.1f} s)")
    print(f"ratio (sitrep / raw spaCy): {raw_s / sitrep_s:.2f}")
    print(f"peak memory: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
