"""The command line, run as `python -m claimx` in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import claimx

SENT_A = "“We are ready to talk,” Abbas Araghchi said on Monday."
SENT_B = "Press TV reported that three people were injured in the blast in Zahedan."
SENT_C = "The weather in Tehran was mild on Sunday."
SENT_D = "Leila Farzan rejected the statement."


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "claimx", *args],
        input=stdin, capture_output=True, cwd=cwd, env=env, timeout=300,
    )


def out_lines(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines() if line.strip()]


def err_text(proc) -> str:
    return proc.stderr.decode("utf-8", "replace")


# -- .txt ----------------------------------------------------------------------

def test_txt_file(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(SENT_A + "\n" + SENT_B + "\n", encoding="utf-8")
    proc = run("extract", str(p))
    assert proc.returncode == 0, err_text(proc)
    (doc,) = out_lines(proc)
    assert doc["id"] == "article"
    expected = [c.to_dict() for c in claimx.extract(SENT_A + "\n" + SENT_B + "\n")]
    assert doc["claims"] == expected
    names = {c["speaker_name"] for c in doc["claims"]}
    assert {"Abbas Araghchi", "Press TV"} <= names
    assert err_text(proc) == ""


def test_stdin_and_several_paths_in_order(tmp_path):
    p = tmp_path / "one.txt"
    p.write_text(SENT_D, encoding="utf-8")
    proc = run("extract", str(p), "-", stdin=SENT_A.encode("utf-8"))
    assert proc.returncode == 0, err_text(proc)
    docs = out_lines(proc)
    assert [d["id"] for d in docs] == ["one", "-"]
    assert docs[0]["claims"][0]["speaker_name"] == "Leila Farzan"
    assert docs[1]["claims"][0]["speaker_name"] == "Abbas Araghchi"


# -- .jsonl --------------------------------------------------------------------

def test_jsonl_one_line_per_document_in_order_ids_kept(tmp_path):
    p = tmp_path / "corpus.jsonl"
    rows = [{"id": "doc-3", "text": SENT_B}, {"id": "doc-1", "text": SENT_A}, {"id": 7, "text": SENT_C},
            {"text": SENT_D}, {"id": "empty", "text": ""}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    proc = run("extract", str(p))
    assert proc.returncode == 0, err_text(proc)
    docs = out_lines(proc)
    assert [d["id"] for d in docs] == ["doc-3", "doc-1", "7", "corpus:4", "empty"]
    for row, doc in zip(rows, docs):
        assert doc["claims"] == [c.to_dict() for c in claimx.extract(row["text"])]
    assert docs[4]["claims"] == []


def test_jsonl_bad_lines_reported_and_skipped(tmp_path):
    p = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "good-1", "text": SENT_A}, ensure_ascii=False).encode("utf-8"),   # 1
        b'{"id": "broken", "text": ',                                                       # 2 invalid JSON
        json.dumps({"id": "no-text"}).encode("utf-8"),                                       # 3 missing text
        json.dumps({"id": "num", "text": 42}).encode("utf-8"),                               # 4 non-string text
        b'{"id": "latin1", "text": "caf\xe9"}',                                              # 5 not UTF-8
        json.dumps([1, 2, 3]).encode("utf-8"),                                               # 6 not an object
        json.dumps({"id": "good-2", "text": SENT_B}, ensure_ascii=False).encode("utf-8"),   # 7
        json.dumps({"id": "nul", "text": None}).encode("utf-8"),                             # 8 null text
        json.dumps({"id": "good-3", "text": SENT_D}, ensure_ascii=False).encode("utf-8"),   # 9
    ]
    p.write_bytes(b"\n".join(lines) + b"\n")
    proc = run("extract", str(p))
    assert proc.returncode == 1
    docs = out_lines(proc)
    assert [d["id"] for d in docs] == ["good-1", "good-2", "good-3"]
    assert docs[0]["claims"] and docs[1]["claims"] and docs[2]["claims"]
    err = err_text(proc)
    reported = [line for line in err.splitlines() if line.startswith("claimx: ")]
    assert len(reported) == 6, err
    for n in (2, 3, 4, 5, 6, 8):
        assert any(line.startswith(f"claimx: {p}:{n}: ") and line.endswith("; skipped") for line in reported), (n, err)
    for n in (1, 7, 9):
        assert f"{p}:{n}:" not in err
    line_of = {int(line.split(f"{p}:")[1].split(":")[0]): line for line in reported}
    assert "JSON" in line_of[2]
    assert "text" in line_of[3]
    assert "text" in line_of[4] and "string" in line_of[4]
    assert "UTF-8" in line_of[5]


def test_missing_input_file_reported_others_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SENT_A, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    proc = run("extract", str(missing), str(good))
    assert proc.returncode == 1
    assert [d["id"] for d in out_lines(proc)] == ["good"]
    assert f"claimx: {missing}:" in err_text(proc)


def test_non_utf8_txt_file_reported(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    good = tmp_path / "good.txt"
    good.write_text(SENT_D, encoding="utf-8")
    proc = run("extract", str(bad), str(good))
    assert proc.returncode == 1
    assert [d["id"] for d in out_lines(proc)] == ["good"]
    assert f"claimx: {bad}:" in err_text(proc) and "UTF-8" in err_text(proc)


# -- table ---------------------------------------------------------------------

def test_table_format(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(SENT_A + "\n" + SENT_D + "\n", encoding="utf-8")
    proc = run("extract", str(p), "--format", "table")
    assert proc.returncode == 0, err_text(proc)
    out = proc.stdout.decode("utf-8")
    assert "article: 2 claims" in out
    header = next(line for line in out.splitlines() if "speaker" in line)
    for col in ("#", "speaker", "kind", "cue", "stance", "via", "claim"):
        assert col in header
    assert "Abbas Araghchi" in out
    assert "Leila Farzan" in out
    assert "We are ready to talk" in out
    assert "oppose" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0])


# -- help ----------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "eval"])
def test_subcommand_help_has_examples(command):
    proc = run(command, "--help")
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "examples:" in out
    assert f"claimx {command}" in out


def test_no_subcommand_is_a_usage_error():
    proc = run()
    assert proc.returncode == 2
    assert "usage" in err_text(proc).lower()


def test_several_processes_keep_one_line_per_input_in_order(tmp_path):
    import json as _json
    import subprocess as _sp
    import sys as _sys

    lines = [_json.dumps({"id": f"d{k}", "text": f"“Item {k} is ready,” the official said."}) for k in range(6)]
    lines.insert(3, "{not json")
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _sp.run([_sys.executable, "-m", "claimx", "extract", str(src), "--n-process", "2", "--batch-size", "2"],
                  capture_output=True, text=True, timeout=600)
    assert out.returncode == 1
    assert f"{src}:4" in out.stderr
    ids = [_json.loads(line)["id"] for line in out.stdout.splitlines()]
    assert ids == [f"d{k}" for k in range(6)]


def test_jsonl_lines_name_their_own_outlet(tmp_path):
    """One file can mix outlets: a line's "outlet" (or "source") field names
    its author, who is never the via; --outlet is the default for the rest."""
    told = "The skipper told Reuters that the harbour was closed."
    lines = [{"id": "a", "text": told, "outlet": "reuters"},
             {"id": "b", "text": told},
             {"id": "c", "text": told, "source": "Reuters"}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "claimx", "extract", str(path)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    vias = {o["id"]: [c["via"] for c in o["claims"]] for o in out}
    assert vias == {"a": [None], "b": ["Reuters"], "c": [None]}


def test_table_wraps_long_claims_to_the_width():
    from claimx.cli import format_table

    text = ("Mayor Tomas Berg said the bridge over the river would be finished by May despite the storms of "
            "the long winter and the rising cost of steel and cement in every market.")
    out = format_table(claimx.extract(text), title="t", width=90)
    lines = out.splitlines()
    assert all(len(line.rstrip()) <= 90 for line in lines), out
    assert sum("steel" in line or "cement" in line for line in lines) >= 1
    assert len([line for line in lines if line.strip()]) >= 4  # title, header, rule, and the claim wrapped
