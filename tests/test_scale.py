"""claimx on Spark and Dask, run for real in local mode (issue 12).

pyspark runs `local[2]` (Java 17), dask runs its multiprocessing scheduler and
a `distributed.LocalCluster` of two worker processes. Each engine gets the 19
gold documents (read from tests/data at run time), a few sentences of our own
and some rows it cannot read, and must give, row for row and in order, exactly
the claims `claimx.extract_many` gives for the same texts, with the unreadable
rows reported in the error column and no claims. The engines are test
dependencies (the `test` extra), so these tests run wherever the suite runs:
nothing here is skipped when an engine is missing.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import claimx
from claimx import ArgumentError, PatternError

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"

pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:claimx. no outlet profile:UserWarning"),
]

# Sentences of our own, for quick jobs and the cases the gold texts lack.
OWN = [
    "The harbour master said the pier would stay closed until Friday.",
    "“We will rebuild the school before winter,” the mayor told reporters on Monday.",
    "According to the ministry, the new rules take effect next month.",
    "Officials denied that the bridge had been damaged by the storm.",
    "The council, its chairman said, will vote on the budget in June.",
    "Nobody spoke at the ceremony, and the band played until dusk.",
    "",
    "The union's leader grumbled that the talks had gone nowhere.",
]
GRUMBLE = '[class.speech]\nassert = ["grumble"]\n'
MAX_CHARS = 20_000
LONG = " ".join([OWN[0]] * 400)  # over MAX_CHARS: refused, reported, skipped


def _docs() -> list[dict]:
    rows = []
    for name in ("seed.jsonl", "dev.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows.append({"id": d["id"], "source": d["source"], "text": d["text"]})
    rows += [{"id": f"own-{k}", "source": None, "text": t} for k, t in enumerate(OWN)]
    return rows


DOCS = _docs()
# Rows no engine can process, spread among the others.
ROWS = DOCS[:3] + [{"id": "bad-null", "source": "bbc", "text": None}] + DOCS[3:12] \
    + [{"id": "bad-long", "source": None, "text": LONG}] + DOCS[12:]
SMALL = DOCS[-len(OWN):] + DOCS[:2]


def _reference(rows: list[dict], *, outlets: bool = False, **kw) -> list[tuple[list[dict], str | None] | None]:
    """(claims as dicts, error) per row from claimx.extract_many, one call per
    outlet; None for a row without a str text."""
    out: list = [None] * len(rows)
    groups: dict = {}
    for i, row in enumerate(rows):
        if isinstance(row.get("text"), str):
            groups.setdefault(row["source"] if outlets else None, []).append(i)
    for outlet, idx in groups.items():
        found = claimx.extract_many([rows[i]["text"] for i in idx], outlet=outlet, on_error="skip", **kw)
        for i, claims in zip(idx, found):
            out[i] = ([c.to_dict() for c in claims], claims.error)
    return out


@pytest.fixture(scope="session")
def ref_rows():
    """extract_many's results for ROWS, each with its own outlet."""
    ref = _reference(ROWS, outlets=True, max_chars=MAX_CHARS)
    assert sum(len(r[0]) for r in ref if r) > 300  # the gold texts hold claims
    assert ref[ROWS.index(next(r for r in ROWS if r["id"] == "bad-long"))][1].startswith("DocumentTooLongError")
    return ref


@pytest.fixture(scope="session")
def ref_docs():
    """extract_many's results for DOCS, no outlet."""
    return _reference(DOCS)


def _check(got: list[tuple], rows: list[dict], ref: list) -> None:
    """`got` holds (id, claims, error) per row, in the engine's order."""
    assert [g[0] for g in got] == [r["id"] for r in rows], "ids or order differ"
    for (rid, claims, error), row, want in zip(got, rows, ref):
        if want is None:  # no str text: reported, skipped
            assert claims == [], rid
            assert error and error.startswith("ArgumentError: "), (rid, error)
        else:
            assert error == want[1], rid
            assert claims == want[0], rid
            assert [claimx.Claim.from_dict(c).to_dict() for c in claims] == claims


def _pattern_file(tmp_path: Path) -> Path:
    path = tmp_path / "extra.toml"
    path.write_text(GRUMBLE, encoding="utf-8")
    return path


def _grumbles(ref: list) -> int:
    return sum(c["cue_lemma"] == "grumble" for r in ref if r for c in r[0])


# -- import ------------------------------------------------------------------

def test_import_claimx_loads_no_engine():
    code = ("import sys, claimx; claimx.extract_many; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pyspark', 'py4j', 'dask', 'distributed', 'pyarrow'})); "
            "print(sorted(m for m in sys.modules if m in ('claimx.spark', 'claimx.dask', 'claimx.workers')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["[]", "[]"], proc.stdout


def test_engines_are_extras_and_test_dependencies():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]

    def names(reqs):
        return {r.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in reqs}

    assert {"pyspark", "pyarrow", "pandas"} <= names(extras["spark"])
    assert {"dask", "distributed", "pandas", "pyarrow"} <= names(extras["dask"])
    assert names(extras["spark"]) | names(extras["dask"]) <= names(extras["test"])


# -- Spark ----------------------------------------------------------------------

@pytest.fixture(scope="session")
def spark():
    """One local[2] session for the run: loopback only, no UI, small batches
    (so a partition reaches its worker in several Arrow batches)."""
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_LOCAL_IP")}
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this venv's Python
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("claimx-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "4")
               .config("spark.python.worker.reuse", "true")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _frame(spark, rows: list[dict], partitions: int):
    from pyspark.sql import Row

    rdd = spark.sparkContext.parallelize([Row(id=r["id"], source=r["source"], text=r["text"]) for r in rows],
                                         partitions)
    return spark.createDataFrame(rdd, "id string, source string, text string")


def _spark_rows(df, claims="claims", error="error") -> list[tuple]:
    return [(r["id"], [c.asDict(recursive=True) for c in r[claims]], r[error]) for r in df.collect()]


def test_spark_gives_the_claims_of_extract_many(spark, ref_rows):
    from claimx.spark import CLAIM_TYPE, extract_claims

    df = _frame(spark, ROWS, 4)
    out = extract_claims(df, "text", id_col="id", outlet_col="source", max_chars=MAX_CHARS)
    assert out.columns == ["id", "source", "text", "claims", "error"]
    assert CLAIM_TYPE.names == list(claimx.Claim((0, 1), "x", "direct").to_dict())
    got = _spark_rows(out)
    _check(got, ROWS, ref_rows)
    errors = {rid: e for rid, _, e in got if e}
    assert set(errors) == {"bad-null", "bad-long"}
    assert errors["bad-null"] == "ArgumentError: claimx: the row's text is null"


def test_spark_builds_one_extractor_per_worker_process(spark):
    """Eight tasks of several Arrow batches each on two Python workers: each
    worker process builds its Extractor once and keeps it (module-level cache)."""
    from claimx.spark import _process_report, extract_claims

    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(4) for r in DOCS[-len(OWN):]]
    out = _spark_rows(extract_claims(_frame(spark, rows, 8), outlet="reuters"))
    assert len(out) == len(rows)
    probe = spark.range(0, 8, 1, 8).mapInPandas(_process_report, "pid long, built long, distinct long")
    report = {r["pid"]: (r["built"], r["distinct"]) for r in probe.collect()}
    assert all(built == distinct for built, distinct in report.values()), report
    assert any(built for built, _ in report.values()), f"the probe found no worker that ran claimx: {report}"


def test_spark_pattern_file_travels_with_the_job(spark, tmp_path):
    from claimx.spark import extract_claims

    path = _pattern_file(tmp_path)
    ref = _reference(SMALL, patterns=[path])
    assert _grumbles(ref) and not _grumbles(_reference(SMALL))
    out = extract_claims(_frame(spark, SMALL, 2), patterns=[path])
    path.unlink()  # read on the driver when the job was defined: the workers never open it
    _check(_spark_rows(out), SMALL, ref)


def test_spark_writes_parquet_and_json_lines(spark, tmp_path, ref_docs):
    from claimx.spark import extract_claims, write_claims

    rows, ref = DOCS[-len(OWN):], ref_docs[-len(OWN):]
    out = extract_claims(_frame(spark, rows, 2), id_col="id").cache()
    write_claims(out, str(tmp_path / "pq"))
    write_claims(out, str(tmp_path / "js"), format="json")
    _check(_spark_rows(spark.read.parquet(str(tmp_path / "pq")).orderBy("id")),
           sorted(rows, key=lambda r: r["id"]), [ref[rows.index(r)] for r in sorted(rows, key=lambda r: r["id"])])
    lines = [json.loads(line) for p in sorted((tmp_path / "js").glob("part-*.json"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    _check([(d["id"], d["claims"], d["error"]) for d in lines], rows, ref)
    with pytest.raises(ArgumentError):
        write_claims(out, str(tmp_path / "x"), format="csv")
    out.unpersist()


def test_spark_refuses_bad_arguments_on_the_driver(spark, tmp_path, nlp):
    from claimx.spark import extract_claims

    df = _frame(spark, SMALL[:2], 1)
    with pytest.raises(ArgumentError, match="text_col='body'"):
        extract_claims(df, "body")
    with pytest.raises(ArgumentError, match="string column"):
        extract_claims(df.selectExpr("id", "length(text) AS text"))
    with pytest.raises(ArgumentError, match="name .or path. of a spaCy pipeline"):
        extract_claims(df, model=nlp)
    with pytest.raises(ArgumentError, match="on_error"):
        extract_claims(df, on_error="ignore")
    bad = tmp_path / "bad.toml"
    bad.write_text('[class.speech]\noppose = ["deny"\n', encoding="utf-8")
    with pytest.raises(PatternError):
        extract_claims(df, patterns=[bad])
    with pytest.raises(PatternError):
        extract_claims(df, patterns=[tmp_path / "missing.toml"])


# -- Dask ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    """A distributed LocalCluster of two single-threaded worker processes, on loopback."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    c = Client(cluster, set_as_default=False)
    yield c
    c.close()
    cluster.close()


BAG = ROWS[:5] + [None, {"id": "bad-missing", "source": None}, 7,
                  {"id": "bad-int", "source": None, "text": 42}] + ROWS[5:]


def test_dask_bag_of_records_on_the_processes_scheduler(ref_rows):
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    out = extract_claims(db.from_sequence(BAG, npartitions=4), outlet_col="source", max_chars=MAX_CHARS)
    (records,) = dask.compute(out, scheduler="processes", num_workers=2)
    assert len(records) == len(BAG)
    for item, rec in zip(BAG, records):
        if isinstance(item, dict):  # the record comes back whole, with two fields added
            assert {k: rec[k] for k in item} == item
    assert [r["error"] for r in records[5:9]] == [
        "ArgumentError: claimx: the row's text is null",
        "ArgumentError: claimx: the row's text is missing (the record has no such field)",
        "ArgumentError: claimx: the row's text is of type int, not str",
        "ArgumentError: claimx: the row's text is of type int, not str"]
    assert records[5]["text"] is None and records[7]["text"] == 7
    ids = [r.get("id", "") for r in records]
    rows = [dict(item) if isinstance(item, dict) else {"id": "", "text": item} for item in BAG]
    ref = [ref_rows[ROWS.index(item)] if item in ROWS else None for item in BAG]
    _check([(i, r["claims"], r["error"]) for i, r in zip(ids, records)],
           [dict(r, id=r.get("id", "")) for r in rows], ref)


def test_dask_in_fast_mode_gives_the_claims_of_extract_many_in_fast_mode():
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    rows = SMALL
    want = _reference(rows, mode="fast")
    out = extract_claims(db.from_sequence([r["text"] for r in rows], npartitions=2), mode="fast")
    (records,) = dask.compute(out, scheduler="processes", num_workers=2)
    assert [(r["claims"], r["error"]) for r in records] == [(w[0], w[1]) for w in want]
    assert sum(len(r["claims"]) for r in records) > 10
    with pytest.raises(claimx.ArgumentError, match="mode must be one of"):
        extract_claims(db.from_sequence(["text"]), mode="quick")


def test_dask_bag_of_texts_on_a_local_cluster(client, ref_docs):
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    texts = [d["text"] for d in DOCS]
    (records,) = dask.compute(extract_claims(db.from_sequence(texts, npartitions=5)), scheduler=client)
    assert [r["text"] for r in records] == texts
    _check([(k, r["claims"], r["error"]) for k, r in enumerate(records)],
           [{"id": k} for k in range(len(texts))], ref_docs)


def test_dask_dataframe_on_a_local_cluster(client, ref_docs):
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from claimx.dask import extract_claims
    from claimx.workers import process_report

    rows = DOCS[:4] + [{"id": "bad-null", "source": None, "text": None}] + DOCS[4:]
    ref = ref_docs[:4] + [None] + ref_docs[4:]
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=6, sort=False)
    out = extract_claims(ddf, id_col="id")
    assert list(out.columns) == ["id", "source", "text", "claims", "error"]
    (frame,) = dask.compute(out, scheduler=client)
    _check(list(zip(frame["id"], frame["claims"], frame["error"])), rows, ref)
    # Six partitions on two worker processes: each built its Extractor once.
    report = client.run(process_report)
    assert all(built == distinct for (_, built, distinct), in report.values()), report
    assert sum(built for (_, built, _), in report.values()) <= 2, report


def test_dask_pattern_file_travels_to_the_cluster(client, tmp_path):
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    path = _pattern_file(tmp_path)
    ref = _reference(SMALL, patterns=[path])
    assert _grumbles(ref)
    out = extract_claims(db.from_sequence(SMALL, npartitions=2), patterns=str(path))
    path.unlink()
    (records,) = dask.compute(out, scheduler=client)
    _check([(r["id"], r["claims"], r["error"]) for r in records], SMALL, ref)


def test_dask_writes_json_lines_and_parquet(tmp_path, ref_docs):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow.parquet as pq
    from claimx.dask import extract_claims, write_claims

    rows, ref = DOCS[-len(OWN):], ref_docs[-len(OWN):]
    write_claims(extract_claims(db.from_sequence(rows, npartitions=3)), str(tmp_path / "bag"))
    lines = [json.loads(line) for k in range(3)
             for line in (tmp_path / "bag" / f"{k}.jsonl").read_text(encoding="utf-8").splitlines()]
    _check([(d["id"], d["claims"], d["error"]) for d in lines], rows, ref)

    out = extract_claims(dd.from_pandas(pd.DataFrame(rows), npartitions=3, sort=False))
    write_claims(out, str(tmp_path / "pq"), format="parquet")
    table = pq.read_table(str(tmp_path / "pq")).to_pylist()
    _check([(d["id"], d["claims"], d["error"]) for d in table], rows, ref)
    write_claims(out, str(tmp_path / "js"), format="json")
    lines = [json.loads(line) for p in sorted((tmp_path / "js").glob("*.jsonl"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    _check([(d["id"], d["claims"], d["error"]) for d in lines], rows, ref)
    with pytest.raises(ArgumentError):
        extract_claims([d["text"] for d in rows])


def test_dask_ships_the_profile_a_pattern_file_extends(tmp_path):
    """A user file that `extends` a sibling profile of the user's own: both travel."""
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    (tmp_path / "mybase.toml").write_text(GRUMBLE, encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('[meta]\nextends = "mybase"\n\n[class.speech]\nwarn = ["forewarn"]\n', encoding="utf-8")
    ref = _reference(SMALL, patterns=[child])
    assert _grumbles(ref)
    out = extract_claims(db.from_sequence(SMALL, npartitions=2), patterns=[child])
    for p in tmp_path.glob("*.toml"):
        p.unlink()
    (records,) = dask.compute(out, scheduler="sync")
    _check([(r["id"], r["claims"], r["error"]) for r in records], SMALL, ref)


def test_on_error_log_names_the_row_and_raise_stops(caplog):
    import dask
    import dask.bag as db
    from claimx.dask import extract_claims

    items = [{"id": "fine", "text": OWN[0]}, {"id": "broken", "text": None}]
    with caplog.at_level(logging.WARNING, logger="claimx.workers"):
        (records,) = dask.compute(extract_claims(db.from_sequence(items), on_error="log"), scheduler="sync")
    assert [r["error"] is None for r in records] == [True, False]
    assert "row broken skipped: ArgumentError" in caplog.text
    with pytest.raises(ArgumentError, match="text is null"):
        dask.compute(extract_claims(db.from_sequence(items), on_error="raise"), scheduler="sync")
