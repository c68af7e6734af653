"""Soak run: claimx over many generated (and optionally real) documents.

    python benchmarks/soak.py --docs 10000 [--corpus CORPUS.jsonl] [--seed 1]

Generated documents are news-like text with every kind of trouble mixed in:
straight, curly, single and guillemet quotation marks, unbalanced and nested
marks, runs of marks, control and zero-width characters, right-to-left text,
very long sentences, empty and whitespace-only documents. Reports
exceptions, broken invariants (offsets that do not slice back), time per
document (p50, p95, max) and peak memory. Exit status 1 on any exception or
broken invariant.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimx.extractor import Extractor  # noqa: E402

NAMES = ["Ali Shamkhani", "Donald Trump", "Hatice Cengiz", "Boris Johnson", "Agnès Callamard", "Erdoğan",
         "محمد جواد ظریف", "Jean-Yves Le Drian", "Xi Jinping", "Olena Zelenska"]
ROLES = ["the minister", "a senior official", "the spokesman", "police", "Reuters", "the company", "officials"]
CUES = ["said", "told reporters", "warned", "denied", "claimed", "added", "insisted", "was quoted as saying by ISNA"]
CLAUSES = ["the talks had failed", "Iran is ready to negotiate", "nobody was hurt", "the deal is dead",
           "prices will rise next year", "the attack was planned", "sanctions do not work"]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "`"]
NOISE = ["\u200b", "\u200e", "\u202e", "\x00", "\x07", "\ufeff", "\t", "\r", "\u2028", "🙂", "\u0301"]


def sentence(rng: random.Random) -> str:
    who = rng.choice(NAMES + ROLES)
    cue = rng.choice(CUES)
    what = rng.choice(CLAUSES)
    form = rng.randrange(9)
    o, c = rng.choice([("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“")])
    if form == 0:
        return f"{o}{what.capitalize()},{c} {who} {cue}."
    if form == 1:
        return f"{who.capitalize()} {cue} that {what}."
    if form == 2:
        return f"{who.capitalize()} {cue}: {o}{what.capitalize()}.{c}"
    if form == 3:
        return f"{o}{what.capitalize()},{c} {cue} {who}, {o}and {rng.choice(CLAUSES)}.{c}"
    if form == 4:
        return f"According to {who}, {what}."
    if form == 5:  # an unbalanced or stray mark
        return f"{who.capitalize()} {cue} {rng.choice(MARKS)}{what}."
    if form == 6:  # a run of marks
        return "".join(rng.choice(MARKS) for _ in range(rng.randrange(1, 12)))
    if form == 7:  # a very long sentence
        return f"{who.capitalize()} {cue} that " + ", and ".join(rng.choice(CLAUSES) for _ in range(rng.randrange(20, 80))) + "."
    return f"{o}{what.capitalize()} {o}nested{c} and more{c}, {who} {cue}."


def document(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.02:
        return ""
    if kind < 0.04:
        return rng.choice([" ", "\n\n", "\t \n", "\u200b"])
    paras = []
    for _ in range(rng.randrange(1, 8)):
        para = " ".join(sentence(rng) for _ in range(rng.randrange(1, 5)))
        if rng.random() < 0.3:
            k = rng.randrange(len(para) + 1)
            para = para[:k] + rng.choice(NOISE) + para[k:]
        paras.append(para)
    return "\n".join(paras)


def check(text: str, claims) -> list[str]:
    bad = []
    for c in claims:
        if text[c.content[0]:c.content[1]] != c.text:
            bad.append(f"content offsets do not slice back: {c!r}")
        if c.speaker and text[c.speaker[0]:c.speaker[1]] != c.speaker_text:
            bad.append(f"speaker offsets do not slice back: {c!r}")
        if c.cue and text[c.cue[0]:c.cue[1]] != c.cue_text:
            bad.append(f"cue offsets do not slice back: {c!r}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="generated documents (default 1000)")
    ap.add_argument("--corpus", type=Path, help="also run every document of this JSONL file (needs a 'text' key)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    docs = [("generated", document(rng)) for _ in range(args.docs)]
    if args.corpus:
        with open(args.corpus, encoding="utf-8") as f:
            docs += [("corpus", json.loads(line)["text"]) for line in f if line.strip()]

    ex = Extractor()
    ex("Warm-up: “Fine,” he said.")
    times, errors, broken, n_claims = [], [], [], 0
    start = time.perf_counter()
    for k, (source, text) in enumerate(docs):
        t0 = time.perf_counter()
        try:
            claims = ex(text)
        except Exception:
            errors.append((k, source, traceback.format_exc()))
            continue
        finally:
            times.append(time.perf_counter() - t0)
        n_claims += len(claims)
        broken += [(k, b) for b in check(text, claims)]
        if ex(text) != claims:
            broken.append((k, "output differs between two runs on the same text"))
    total = time.perf_counter() - start
    times.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(docs)} ({args.docs} generated"
          f"{', ' + str(len(docs) - args.docs) + ' from ' + str(args.corpus) if args.corpus else ''})")
    print(f"claims: {n_claims}")
    print(f"exceptions: {len(errors)}")
    print(f"broken invariants: {len(broken)}")
    print(f"time per document (extract, twice for the determinism check counted once): "
          f"p50 {1000 * statistics.median(times):.1f} ms, p95 {1000 * times[int(0.95 * (len(times) - 1))]:.1f} ms, "
          f"max {1000 * times[-1]:.1f} ms; total {total:.1f} s")
    print(f"peak memory: {peak_mb:.0f} MB")
    for k, source, tb in errors[:3]:
        print(f"--- exception on document {k} ({source}):\n{tb}")
    for k, what in broken[:5]:
        print(f"--- document {k}: {what}")
    return 1 if errors or broken else 0


if __name__ == "__main__":
    sys.exit(main())
