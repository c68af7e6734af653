"""Corpus output: fields kept from the input, CSV and Parquet with one row
per claim, -o picking the format, progress, DataFrames over many documents,
and the CLI's messages for wrong options."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

import claimx

DOCS = [
    {"id": "d1", "text": "Mara Ilves said the new bridge would open in May.", "url": "https://example.org/1",
     "date": "2031-05-02", "tags": ["roads", "city"]},
    {"id": "d2", "text": "The weather was mild on Sunday.", "url": "https://example.org/2"},
    {"id": "d3", "text": "“Repairs will take a week,” the harbour master told reporters. Tomas Berg denied "
                         "that the pier had been closed.", "url": "https://example.org/3", "date": "2031-05-03"},
]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "claimx", *args], input=stdin, capture_output=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected():
    return {d["id"]: claimx.extract(d["text"]) for d in DOCS}


def test_jsonl_keeps_named_fields(corpus, expected):
    proc = run("extract", str(corpus), "--keep", "url,date")
    assert proc.returncode == 0, proc.stderr.decode()
    got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [list(d) for d in got] == [["id", "url", "date", "claims"]] * 3
    assert got[1]["date"] is None and got[2]["url"] == "https://example.org/3"
    assert [len(d["claims"]) for d in got] == [len(expected[d["id"]]) for d in got]


def test_jsonl_keep_star_passes_every_field_but_text(corpus):
    got = [json.loads(line) for line in run("extract", str(corpus), "--keep", "*").stdout.decode().splitlines()]
    assert got[0]["tags"] == ["roads", "city"] and "text" not in got[0]


def test_csv_one_row_per_claim_with_kept_fields(corpus, expected, tmp_path):
    out = tmp_path / "claims.csv"
    proc = run("extract", str(corpus), "--keep", "url,date", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    want = [(doc_id, c.text) for doc_id, claims in expected.items() for c in claims]
    assert [(r["id"], r["text"]) for r in rows] == want
    assert list(rows[0])[:3] == ["id", "url", "date"]
    first = rows[0]
    text = DOCS[0]["text"]
    assert text[int(first["content_start"]):int(first["content_end"])] == first["text"]


def test_parquet_round_trip_with_kept_fields(corpus, expected, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "claims.parquet"
    proc = run("extract", str(corpus), "--keep", "url,tags", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    frame = pd.read_parquet(out)
    want = claimx.to_dataframe([expected[d["id"]] for d in DOCS], ids=[d["id"] for d in DOCS])
    assert frame["id"].tolist() == want["id"].tolist()
    assert frame["text"].tolist() == want["text"].tolist()
    assert frame["content_start"].tolist() == want["content_start"].tolist()
    assert json.loads(frame["tags"].iloc[0]) == ["roads", "city"]  # non-text fields kept as their JSON
    assert frame["url"].iloc[0] == "https://example.org/1"


def test_parquet_needs_a_file():
    proc = run("extract", "--format", "parquet", stdin=b"Mara Ilves said it rained.")
    assert proc.returncode == 2 and "-o" in proc.stderr.decode()


def test_output_suffix_picks_the_format(corpus, tmp_path):
    html_out = tmp_path / "page.html"
    assert run("extract", str(corpus), "-o", str(html_out)).returncode == 0
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    proc = run("extract", str(corpus), "-o", str(tmp_path / "claims.xyz"))
    assert proc.returncode == 2 and "suffix" in proc.stderr.decode()


def test_progress_bar_has_a_total_for_files(corpus):
    proc = run("extract", str(corpus), "--progress")
    err = proc.stderr.decode()
    assert "3/3" in err  # tqdm's n/total


def test_progress_is_silent_when_not_asked_and_stderr_is_not_a_terminal(corpus):
    assert run("extract", str(corpus)).stderr == b""


def test_to_dataframe_over_many_documents_has_an_id_column(expected):
    texts = [d["text"] for d in DOCS]
    frame = claimx.to_dataframe(claimx.extract_many(texts), ids=[d["id"] for d in DOCS])
    assert frame.columns[0] == "id"
    assert frame["id"].tolist() == [doc_id for doc_id, cs in expected.items() for _ in cs]
    by_position = claimx.to_dataframe(claimx.extract_many(texts))
    assert by_position["id"].tolist() == [k for k, d in enumerate(DOCS) for _ in expected[d["id"]]]
    one = expected["d1"].to_dataframe("d1")
    assert one["id"].tolist() == ["d1"] * len(expected["d1"])


# -- messages for wrong options ----------------------------------------------------------

def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"claimx {claimx.__version__}"


def test_unknown_outlet_is_an_error_with_a_suggestion():
    proc = run("extract", "--outlet", "presstvv", stdin=b"Mara Ilves said it rained.")
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "did you mean 'presstv'" in err and "Warning" not in err


def test_a_pipeline_without_a_parser_is_a_clear_error():
    proc = run("extract", "--model", "blank:en", stdin=b"Mara Ilves said it rained.")
    assert proc.returncode == 2
    assert "parser" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_bad_process_count_is_a_usage_error(value):
    proc = run("extract", "--n-process", value, stdin=b"x")
    assert proc.returncode == 2 and "--n-process" in proc.stderr.decode()


def test_eval_on_a_file_without_claims_names_file_and_line(corpus):
    proc = run("eval", str(corpus))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert f"{corpus}:1" in err and '"claims"' in err and "Traceback" not in err


def test_eval_json_with_errors_is_one_json_object(data_dir):
    proc = run("eval", str(data_dir / "seed.jsonl"), "--json", "--show-errors", "5")
    assert proc.returncode == 0
    report = json.loads(proc.stdout.decode())
    assert "f1" in report and isinstance(report["errors"], list)


def test_skipped_lines_show_even_when_quiet_and_verbose_is_accepted(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Mara Ilves said it rained."}\nnot json\n', encoding="utf-8")
    loud = run("extract", str(bad))
    assert "bad.jsonl:2" in loud.stderr.decode()  # an error: shown even with -q
    assert "bad.jsonl:2" in run("extract", "-q", str(bad)).stderr.decode()
    assert run("extract", "-v", str(bad)).returncode == 1
