"""Speed of claimx against bare spaCy, measured in one run on one machine.

    python benchmarks/bench_speed.py [CORPUS.jsonl] [--docs N] [--sizes]

Reports spaCy's own throughput (nlp.pipe over the same texts), the time
claimx adds on top of it (quote scanning, cues, attribution, resolution),
and that time as a share of spaCy's. With --sizes it also times single long
articles (100 kB, 1 MB) to show the cost grows linearly.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimx.extractor import Extractor  # noqa: E402


def load_texts(path: Path | None, limit: int) -> list[str]:
    candidates = [path] if path else [ROOT.parent / "shared/corpus/wikinews-2019-2020.jsonl", ROOT / "tests/data/dev.jsonl"]
    for p in candidates:
        if p and p.exists():
            with open(p, encoding="utf-8") as f:
                texts = [json.loads(line)["text"] for line in f if line.strip()]
            print(f"corpus: {p} ({len(texts)} documents, using {min(limit, len(texts))})")
            return texts[:limit]
    raise SystemExit("no corpus found")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", nargs="?", const="100000,1000000", default=None, metavar="BYTES,...",
                    help="also time single long articles of these sizes (default 100 kB and 1 MB)")
    args = ap.parse_args()

    texts = load_texts(args.corpus, args.docs)
    ex = Extractor()
    nlp = ex.nlp
    words = sum(len(t.split()) for t in texts)
    ex.claims(nlp(texts[0]))  # warm up

    spacy_times, claimx_times, n_claims = [], [], 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe((ex.make_doc(t) for t in texts), batch_size=32))
        t1 = time.perf_counter()
        n_claims = sum(len(ex.claims(d)) for d in docs)
        t2 = time.perf_counter()
        spacy_times.append(t1 - t0)
        claimx_times.append(t2 - t1)
    bare = min(spacy_times)
    own = min(claimx_times)
    # Bare spaCy on plain strings, for the record: make_doc's paragraph
    # boundaries must not slow the pipeline down.
    t0 = time.perf_counter()
    list(nlp.pipe(texts, batch_size=32))
    plain = time.perf_counter() - t0
    print(f"documents: {len(texts)}, words: {words}, claims: {n_claims}")
    print(f"spaCy nlp.pipe (plain strings):     {plain:7.2f} s  {words / plain:8.0f} words/s")
    print(f"spaCy nlp.pipe (claimx make_doc):   {bare:7.2f} s  {words / bare:8.0f} words/s")
    print(f"claimx's own work (best of {args.repeat}):     {own:7.2f} s  = {100 * own / bare:.1f}% of the spaCy time")
    print(f"claimx end to end:                  {bare + own:7.2f} s  {words / (bare + own):8.0f} words/s")

    if args.sizes:
        # Long single articles: spaCy parses them in pieces; claimx's own
        # share must stay flat as the size grows (no quadratic scans).
        base = "\n".join(texts)
        for size in (int(x) for x in args.sizes.split(",")):
            doc_text = (base * (size // max(1, len(base)) + 1))[:size]
            t0 = time.perf_counter()
            doc = ex.parse(doc_text)
            t1 = time.perf_counter()
            claims = ex.claims(doc)
            t2 = time.perf_counter()
            print(f"one article of {size / 1000:6.0f} kB: parse {t1 - t0:7.2f} s, claimx {t2 - t1:6.2f} s "
                  f"({100 * (t2 - t1) / (t1 - t0):.1f}% of parse), {len(claims)} claims, "
                  f"{size / (t2 - t0) / 1000:6.1f} kB/s end to end")


if __name__ == "__main__":
    main()
