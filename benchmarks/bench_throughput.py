"""Throughput of claimx against bare spaCy, and the CLI's peak memory, in one
run on one machine.

    python benchmarks/bench_throughput.py [--corpus PATH ...] [--docs N] [--repeat N]
                                          [--cli-docs N] [--engines]

For each corpus (default: the Wikinews corpus and PolNeAR train, from
../shared), over the same texts, in this process: bare spaCy `nlp.pipe` on
the default pipeline (`claimx.pipelines.load_model()`), then
`claimx.extract_many` on that same pipeline object in full mode with
n_process=1 and n_process=2 (spaCy starts its worker processes inside the
timing), and in fast mode (`mode="fast"`, one process). Untimed passes of
both modes come first; each run is the best of --repeat. Throughput is in
documents/s and words/s (whitespace-separated words of the input); "ratio"
is a run's words/s over bare nlp.pipe's.

Then, on the first corpus, `python -m claimx extract FILE.jsonl > /dev/null` over the first
--cli-docs documents written once (1x) and ten times (10x) as JSONL in a temp
dir. Each CLI run is started by a fresh wrapper process (this script with
--rss-of) that reports getrusage(RUSAGE_CHILDREN).ru_maxrss, so each figure
is that run's own peak. For these rows "ratio" is peak MB over the 1x run's:
near 1.0 means memory stays flat because input and output stream. The 1x
run should span a few of the CLI's batches (16 documents), or its peak sits
below the steady state. CLI seconds include starting Python and the pipeline.

With --engines, benchmarks/bench_scale.py (Dask and Spark in local mode
against extract_many) runs on the same documents and prints its own table;
an engine that is not installed is skipped with a note.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_speed import ROOT, load_texts  # also puts src/ on sys.path

import claimx
from claimx.pipelines import load_model


def best_of(repeat: int, fn) -> float:
    """The shortest of `repeat` timings of fn()."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def rss_of(path: str) -> None:
    """Wrapper mode: run the CLI on `path` as our only child; print its peak RSS and time."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    t0 = time.perf_counter()
    rc = subprocess.run([sys.executable, "-m", "claimx", "extract", "-q", path],
                        stdout=subprocess.DEVNULL, env=env).returncode
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"rc": rc, "seconds": seconds, "peak_mb": peak_mb}))


def cli_peak(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--rss-of", str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_engines(args: argparse.Namespace) -> None:
    """bench_scale.py's own run on the same documents, skipping engines that are not installed."""
    try:
        import bench_scale
    except ImportError as exc:
        print(f"\n--engines skipped: cannot import benchmarks/bench_scale.py ({exc})")
        return
    skip = set()
    if not importlib.util.find_spec("dask"):
        skip |= {"dask-processes", "dask-cluster"}
    if not importlib.util.find_spec("distributed"):
        skip.add("dask-cluster")
    if not importlib.util.find_spec("pyspark") or not shutil.which("java"):
        skip.add("spark")
    if skip:
        print(f"\n--engines: skipping {', '.join(sorted(skip))} (not installed)")
    if len(skip) == 3:
        return
    print("\nengines (benchmarks/bench_scale.py, same documents):")
    argv = ([str(args.corpus)] if args.corpus else []) + ["--docs", str(args.docs), "--skip", ",".join(skip)]
    saved, sys.argv = sys.argv, ["bench_scale.py", *argv]
    try:
        bench_scale.main()
    finally:
        sys.argv = saved


def default_corpora() -> list[Path]:
    """The Wikinews corpus and PolNeAR train when ../shared has them, else the bundled dev set."""
    found = [p for p in (ROOT.parent / "shared/corpus/wikinews-2019-2020.jsonl",
                         ROOT.parent / "shared/polnear/polnear-train.jsonl") if p.exists()]
    return found or [ROOT / "tests/data/dev.jsonl"]


def throughput_rows(nlp, texts: list[str], repeat: int) -> list[tuple]:
    """Bare nlp.pipe, claimx full (n_process 1 and 2) and claimx fast on `texts`, one after another."""
    words = sum(len(t.split()) for t in texts)
    list(claimx.extract_many(texts, nlp=nlp))  # warm-up pass: vocabulary, caches, pattern set
    list(claimx.extract_many(texts[:20], nlp=nlp, mode="fast"))
    rows = []  # (run, seconds, docs, words, ratio, peak MB or None)
    bare = best_of(repeat, lambda: list(nlp.pipe(texts, batch_size=32)))
    rows.append((f"spaCy nlp.pipe ({nlp.meta['lang']}_{nlp.meta['name']})", bare, len(texts), words, 1.0, None))
    full = 0.0
    for n in (1, 2):
        t = best_of(repeat, lambda: list(claimx.extract_many(texts, nlp=nlp, n_process=n)))
        full = full or t
        rows.append((f"claimx full, n_process={n}", t, len(texts), words, bare / t, None))
    t = best_of(repeat, lambda: list(claimx.extract_many(texts, nlp=nlp, mode="fast")))
    rows.append(("claimx fast, n_process=1", t, len(texts), words, bare / t, None))
    rows.append(("  fast over full, n_process=1", None, None, None, full / t, None))
    return rows


def print_rows(rows: list[tuple]) -> None:
    print(f"\n{'run':<44} {'seconds':>8} {'docs/s':>7} {'words/s':>8} {'ratio':>6} {'peak MB':>8}")
    for name, t, docs, w, ratio, mb in rows:
        if t is None:
            print(f"{name:<44} {'':>8} {'':>7} {'':>8} {ratio:6.2f}")
            continue
        print(f"{name:<44} {t:8.2f} {docs / t:7.1f} {w / t:8,.0f} {ratio:6.2f} {'' if mb is None else f'{mb:8.0f}'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, action="append",
                    help="JSONL with a 'text' per line (repeatable; default: the Wikinews corpus and PolNeAR "
                         "train from ../shared, else tests/data/dev.jsonl)")
    ap.add_argument("--docs", type=int, default=150, help="documents per corpus for the throughput runs (default 150)")
    ap.add_argument("--repeat", type=int, default=1, help="time each throughput run this often, keep the best")
    ap.add_argument("--cli-docs", type=int, default=40, help="base documents for the CLI memory runs (default 40)")
    ap.add_argument("--engines", action="store_true", help="also run bench_scale.py's Dask and Spark engines")
    ap.add_argument("--rss-of", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_of:
        return rss_of(args.rss_of)

    corpora = args.corpus or default_corpora()
    nlp = load_model()  # one pipeline object for bare spaCy and claimx
    cli_texts: list[str] = []
    for path in corpora:
        texts = load_texts(path, max(args.docs, args.cli_docs))
        cli_texts = cli_texts or texts[:args.cli_docs]
        texts = texts[:args.docs]
        print(f"{len(texts)} documents, {sum(len(t.split()) for t in texts):,} words, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f} at start")
        print_rows(throughput_rows(nlp, texts, args.repeat))
        print("ratio: words/s over bare nlp.pipe's (the last row: fast mode's over full mode's).\n")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for times in (1, 10):
            path = Path(tmp) / f"corpus-{times}x.jsonl"
            with open(path, "w", encoding="utf-8") as f:
                for rep in range(times):
                    for k, text in enumerate(cli_texts):
                        f.write(json.dumps({"id": f"{k}-{rep}", "text": text}) + "\n")
            r = cli_peak(path)
            base = base or r["peak_mb"]
            note = "" if r["rc"] == 0 else f" (exit {r['rc']})"
            rows.append((f"CLI extract, {times}x = {times * len(cli_texts)} docs{note}", r["seconds"],
                         times * len(cli_texts), times * sum(len(t.split()) for t in cli_texts),
                         r["peak_mb"] / base, r["peak_mb"]))
    print(f"CLI peak memory, first corpus ({corpora[0].name}):")
    print_rows(rows)
    print("ratio: peak MB over the 1x run's. CLI seconds include start-up and pipeline load.")

    if args.engines:
        args.corpus = corpora[0]
        run_engines(args)


if __name__ == "__main__":
    main()
