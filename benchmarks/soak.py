"""Soak run: claimx over many generated (and optionally real) documents.

    python benchmarks/soak.py --docs 10000 [--big 1M,2M,5M] [--cli] [--corpus CORPUS.jsonl] [--seed 1]

Generated documents are news-like text with every kind of trouble mixed in:
straight, curly, single and guillemet quotation marks, unbalanced and nested
marks, runs of marks, control characters and NULs, zero-width characters,
byte order marks, lone surrogates, right-to-left text, very long sentences,
empty and whitespace-only documents; `--big` adds a few documents of
megabytes. Everything goes through `extract_many` (documents lost = inputs
without an output), each generated document also through `extract` twice
(determinism), and with `--cli` through `claimx extract` as a JSONL file that
starts with a byte order mark. Reports exceptions, lost documents, broken
invariants (offsets that do not slice back, claims out of order or
crossing), time per document and peak memory. Exit status 1 on any of them.
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
NOISE = ["\u200b", "\u200e", "\u202e", "\x00", "\x07", "\ufeff", "\t", "\r", "\u2028", "🙂", "\u0301",
         "\ud800", "\udfff", "\x00\x00\x00"]


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


def big_document(rng: random.Random, size: int) -> str:
    paras = []
    n = 0
    while n < size:
        para = " ".join(sentence(rng) for _ in range(rng.randrange(1, 5)))
        paras.append(para)
        n += len(para) + 1
    return "\n".join(paras)[:size]


def parse_size(s: str) -> int:
    return int(float(s[:-1]) * {"k": 1_000, "M": 1_000_000}[s[-1]]) if s[-1] in "kM" else int(s)


def check(text: str, claims) -> list[str]:
    from claimx.extractor import replace_surrogates

    text = replace_surrogates(text)
    bad = []
    spans = [c.content for c in claims]
    if spans != sorted(spans):
        bad.append("claims not sorted by (start, end)")
    for i, (s1, e1) in enumerate(spans):
        for s2, e2 in spans[i + 1:i + 50]:
            if s1 < s2 < e1 < e2:
                bad.append(f"claims {(s1, e1)} and {(s2, e2)} cross")
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
    ap.add_argument("--big", default="", help="sizes of extra long documents, e.g. 1M,2M,5M")
    ap.add_argument("--cli", action="store_true", help="also run the generated documents through `claimx extract`")
    ap.add_argument("--corpus", type=Path, help="also run every document of this JSONL file (needs a 'text' key)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    docs = [("generated", document(rng)) for _ in range(args.docs)]
    docs += [(f"big {size}", big_document(rng, parse_size(size))) for size in args.big.split(",") if size]
    if args.corpus:
        with open(args.corpus, encoding="utf-8") as f:
            docs += [("corpus", json.loads(line)["text"]) for line in f if line.strip()]

    ex = Extractor()
    ex("Warm-up: “Fine,” he said.")
    errors, broken, n_claims = [], [], 0

    def failed(index, item, exc):
        errors.append((index, docs[index][0], "".join(traceback.format_exception(exc))))

    start = time.perf_counter()
    results = 0
    for k, claims in enumerate(ex.pipe((text for _, text in docs), on_error=failed)):
        results += 1
        n_claims += len(claims)
        broken += [(k, b) for b in check(docs[k][1], claims)]
    total = time.perf_counter() - start
    lost = len(docs) - results + sum(1 for _ in errors)

    times = []  # one by one, twice: time per document and determinism
    for k, (source, text) in enumerate(docs):
        if source != "generated":
            continue
        t0 = time.perf_counter()
        try:
            first = ex(text)
        except Exception as exc:  # noqa: BLE001 - counted and shown
            failed(k, text, exc)
            continue
        times.append(time.perf_counter() - t0)
        if ex(text) != first:
            broken.append((k, "output differs between two runs on the same text"))
    times.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cli_lost = None
    if args.cli:
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "soak.jsonl"
            with open(path, "wb") as f:
                f.write(b"\xef\xbb\xbf")  # a byte order mark before the first record
                for k, (_, text) in enumerate(docs):
                    f.write(json.dumps({"id": f"d{k}\ud800" if k % 97 == 0 else f"d{k}", "text": text}).encode() + b"\n")
            proc = subprocess.run([sys.executable, "-m", "claimx", "extract", str(path)], capture_output=True,
                                  cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
            out = [line for line in proc.stdout.decode("utf-8").split("\n") if line.strip()]
            cli_lost = len(docs) - len(out)
            if proc.returncode:
                errors.append((-1, "cli", f"exit {proc.returncode}: {proc.stderr.decode()[-2000:]}"))

    print(f"documents: {len(docs)} ({args.docs} generated"
          f"{', big: ' + args.big if args.big else ''}"
          f"{', ' + str(sum(1 for s, _ in docs if s == 'corpus')) + ' from ' + str(args.corpus) if args.corpus else ''})")
    print(f"characters: {sum(len(t) for _, t in docs):,}")
    print(f"claims: {n_claims}")
    print(f"exceptions: {len(errors)}")
    print(f"documents lost (extract_many): {lost}")
    if cli_lost is not None:
        print(f"documents lost (claimx extract, JSONL with BOM and surrogates): {cli_lost}")
    print(f"broken invariants: {len(broken)}")
    print(f"extract_many over everything: {total:.1f} s")
    if times:
        print(f"time per generated document (extract): p50 {1000 * statistics.median(times):.1f} ms, "
              f"p95 {1000 * times[int(0.95 * (len(times) - 1))]:.1f} ms, max {1000 * times[-1]:.1f} ms")
    print(f"peak memory: {peak_mb:.0f} MB")
    for k, source, tb in errors[:3]:
        print(f"--- exception on document {k} ({source}):\n{tb}")
    for k, what in broken[:5]:
        print(f"--- document {k}: {what}")
    return 1 if errors or broken or lost or cli_lost else 0


if __name__ == "__main__":
    sys.exit(main())
