"""Throughput of claimx on Dask and Spark in local mode, against extract_many
on the same texts, in one run on one machine.

    python benchmarks/bench_scale.py [CORPUS.jsonl] [--docs N] [--workers 2]

Runs, over the same documents: `claimx.extract_many` in this process (one
core); `claimx.dask` on the multiprocessing scheduler (a fresh pool per run,
so every run pays each process's start and pipeline load); `claimx.dask` on a
`distributed.LocalCluster` and `claimx.spark` on `local[N]`, each twice:
"cold" includes starting the workers' Python processes and loading spaCy in
each, "warm" reuses them. Session and cluster start-up are timed apart.
Checks that every engine gives exactly extract_many's claims. Throughput is
in documents/s and words/s (whitespace-separated words of the input).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import claimx  # noqa: E402


def load_rows(path: Path | None, limit: int) -> list[dict]:
    candidates = [path] if path else [ROOT.parent / "shared/corpus/wikinews-2019-2020.jsonl",
                                      ROOT / "tests/data/dev.jsonl"]
    for p in candidates:
        if p and p.exists():
            with open(p, encoding="utf-8") as f:
                rows = [json.loads(line) for line in f if line.strip()]
            rows = [{"id": str(r.get("id", k)), "text": r["text"]} for k, r in enumerate(rows)][:limit]
            print(f"corpus: {p} ({len(rows)} documents)")
            return rows
    raise SystemExit("no corpus found")


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--skip", default="", help="comma-separated: dask-processes,dask-cluster,spark")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    warnings.filterwarnings("ignore", category=FutureWarning)  # pyspark on pandas 3

    rows = load_rows(args.corpus, args.docs)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words:,} words, {os.cpu_count()} CPUs, {args.workers} workers, "
          f"{args.partitions} partitions, load average {os.getloadavg()[0]:.1f} at start\n")
    results: list[tuple[str, float]] = []
    claimx.extract("Warm-up, the model said.")  # load the pipeline outside the timing
    ref, t = timed(lambda: [[c.to_dict() for c in cl] for cl in claimx.extract_many(texts)])
    results.append(("extract_many, 1 process", t))

    def same(got: list) -> str:
        differ = sum(a != b for a, b in zip(got, ref)) + abs(len(got) - len(ref))
        return "same claims" if not differ else f"CLAIMS DIFFER in {differ} documents"

    if "dask-processes" not in skip:
        import dask
        import dask.bag as db

        from claimx.dask import extract_claims

        bag = extract_claims(db.from_sequence(rows, npartitions=args.partitions))
        (out,), t = timed(lambda: dask.compute(bag, scheduler="processes", num_workers=args.workers))
        results.append((f"dask processes scheduler ({same([r['claims'] for r in out])})", t))

    if "dask-cluster" not in skip:
        import dask
        import dask.bag as db
        from distributed import Client, LocalCluster

        from claimx.dask import extract_claims

        (cluster, client), t = timed(lambda: _cluster(args.workers))
        print(f"LocalCluster start: {t:.1f} s")
        bag = extract_claims(db.from_sequence(rows, npartitions=args.partitions))
        for run in ("cold", "warm"):
            (out,), t = timed(lambda: dask.compute(bag, scheduler=client))
            results.append((f"dask LocalCluster, {run} ({same([r['claims'] for r in out])})", t))
        client.close()
        cluster.close()

    if "spark" not in skip:
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        from pyspark.sql import SparkSession

        from claimx.spark import extract_claims as spark_claims

        spark, t = timed(lambda: SparkSession.builder.master(f"local[{args.workers}]")
                         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                         .config("spark.sql.shuffle.partitions", "2")
                         .config("spark.driver.host", "127.0.0.1").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        print(f"Spark session start: {t:.1f} s")
        df = spark.createDataFrame(spark.sparkContext.parallelize([(r["id"], r["text"]) for r in rows],
                                                                  args.partitions), "id string, text string")
        out_df = spark_claims(df)
        for run in ("cold", "warm"):
            out, t = timed(out_df.collect)
            got = [[c.asDict(recursive=True) for c in r["claims"]] for r in out]
            results.append((f"spark local[{args.workers}], {run} ({same(got)})", t))
        spark.stop()

    print(f"\n{'run':<52} {'seconds':>8} {'docs/s':>8} {'words/s':>9} {'ratio':>6}")
    for name, t in results:
        print(f"{name:<52} {t:8.1f} {len(texts) / t:8.1f} {words / t:9,.0f} {results[0][1] / t:6.2f}")


def _cluster(workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    return cluster, Client(cluster, set_as_default=False)


if __name__ == "__main__":
    main()
