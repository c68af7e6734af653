"""The notebook view and tables: render(), Claims/Claim HTML, records, DataFrame."""
from __future__ import annotations

import html
import json
import pickle
import subprocess
import sys

import pytest

import claimx
from claimx.claim import Claims

TEXT = ("“The navy is unready,” Kaveh Sarrafi said on Monday.\n"
        "Sarrafi rejected the statement, noting that the fleet has no ships in the gulf.\n"
        "The film “Dune” <b>opened</b> & closed.")


@pytest.fixture(scope="module")
def claims():
    return claimx.extract(TEXT)


def test_extract_returns_a_plain_list_that_knows_its_text(claims):
    assert isinstance(claims, list) and isinstance(claims, Claims)
    assert claims == list(claims)
    assert claims.text == TEXT
    assert pickle.loads(pickle.dumps(claims)) == claims
    assert claimx.extract("") == [] and claimx.extract("").text == ""


def test_render_highlights_every_span_and_escapes_the_text(claims):
    page = claimx.render(TEXT, claims)
    assert page.count('class="cx-n"') == len(claims)
    for n, c in enumerate(claims, 1):
        assert f'<span class="cx-n">{n}</span>' in page
        assert f"<td>{html.escape(c.text)}</td>" in page
        assert f"cx-{c.kind}" in page
    assert "cx-speaker" in page and "cx-cue" in page
    assert "&lt;b&gt;opened&lt;/b&gt; &amp; closed" in page  # the article's own markup is text, not HTML
    assert page.count("<tr>") == len(claims) + 1


def test_render_extracts_when_no_claims_are_given(claims):
    assert claimx.render(TEXT) == claimx.render(TEXT, claims)


def test_claims_and_claim_html(claims):
    assert claims._repr_html_() == claimx.render(TEXT, claims)
    card = claims[0]._repr_html_()
    assert "Kaveh Sarrafi" in card and "The navy is unready" in card


def test_records_are_flat_and_json_ready(claims):
    records = claimx.to_records(claims)
    assert len(records) == len(claims)
    first = records[0]
    assert (first["content_start"], first["content_end"]) == claims[0].content
    assert TEXT[first["content_start"]:first["content_end"]] == first["text"]
    json.dumps(records)


def test_dataframe_has_one_row_per_claim(claims):
    pd = pytest.importorskip("pandas")
    df = claimx.to_dataframe(claims)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(claims)
    assert {"speaker_name", "kind", "stance", "via", "text", "content_start"} <= set(df.columns)
    assert list(df["speaker_name"])[0] == "Kaveh Sarrafi"
    assert list(claimx.to_dataframe([]).columns) == list(df.columns)


def test_cli_html_page(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "claimx", "extract", str(src), "--format", "html"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("<!DOCTYPE html>") and out.stdout.rstrip().endswith("</html>")
    assert "<h2>a</h2>" in out.stdout and "cx-speaker" in out.stdout


def test_cli_progress_goes_to_stderr_only(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": TEXT}) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "claimx", "extract", str(src), "--progress"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0
    assert json.loads(out.stdout)["id"] == "x"
    assert "1/1" in out.stderr and "claims=" in out.stderr  # tqdm's bar: documents of the total, claims
