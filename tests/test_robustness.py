"""Robustness: long texts in pieces, streaming input, refused pattern files,
displaCy on the stored spans."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

import claimx
import claimx.extractor as extractor_module
from claimx import PatternError, load_patterns
from claimx.extractor import Extractor, split_text

ARTICLE = (
    "Iran's top naval official, Leila Farzan, spoke on Monday.\n"
    "“The navy is unready,\n"
    "“and the blockade makes no difference,” she said.\n"
    "Farzan also said that two foreign mediators had visited her.\n"
    "“They twist our words about the strait,” she was quoted as saying by IRNA.\n"
)


def test_split_text_pieces_join_back_exactly():
    text = ("para one. " * 50 + "\n") * 40 + "x" * 3000 + " tail"
    pieces = split_text(text, 700)
    assert "".join(pieces) == text
    assert max(len(p) for p in pieces) <= 700


def test_long_text_in_pieces_keeps_claims_across_the_borders(monkeypatch):
    whole = claimx.Extractor()(ARTICLE * 3)
    # Parse the same text in small pieces: a multi-paragraph quote and the
    # speaker named a paragraph earlier must survive the piece borders.
    monkeypatch.setattr(extractor_module, "CHUNK_CHARS", 150)
    ex = Extractor()
    doc = ex.parse(ARTICLE * 3)
    assert doc.text == ARTICLE * 3
    pieces = ex.claims(doc)
    assert [(c.content, c.kind, c.speaker_name) for c in pieces] == [(c.content, c.kind, c.speaker_name) for c in whole]
    multi = [c for c in pieces if "\n" in c.text]
    assert multi and all(c.kind == "direct" and c.speaker_name == "Leila Farzan" for c in multi)


def test_stored_text_is_used_only_while_it_spells_the_doc(monkeypatch, recwarn):
    ex = Extractor()
    doc = ex.parse(ARTICLE)
    assert doc.user_data[extractor_module.TEXT_KEY] is ARTICLE
    assert extractor_module.doc_text(doc) is ARTICLE
    # Stale or foreign data (another text in the key) falls back to the Doc's own text.
    doc.user_data[extractor_module.TEXT_KEY] = ARTICLE.upper()
    assert ex.claims(doc) == claimx.extract(ARTICLE)
    # Long texts joined from pieces keep the whole text, and spaCy is not asked to place the pieces' copies.
    monkeypatch.setattr(extractor_module, "CHUNK_CHARS", 150)
    long_doc = ex.parse(ARTICLE * 3)
    assert extractor_module.doc_text(long_doc) == long_doc.text == ARTICLE * 3
    assert not [w for w in recwarn if "user_data" in str(w.message) or "W102" in str(w.message)]


def test_stdin_jsonl_is_answered_line_by_line():
    proc = subprocess.Popen([sys.executable, "-m", "claimx", "extract", "-", "--batch-size", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.stdin.write(json.dumps({"id": "first", "text": "“We won,” she said."}) + "\n")
        proc.stdin.flush()
        start = time.monotonic()
        line = proc.stdout.readline()  # arrives while stdin is still open
        assert json.loads(line)["id"] == "first"
        assert time.monotonic() - start < 120
        proc.stdin.write("{broken\n" + json.dumps({"id": "third", "text": "He said it rained."}) + "\n")
        proc.stdin.close()
        rest = proc.stdout.read()
        assert [json.loads(x)["id"] for x in rest.splitlines()] == ["third"]
        assert proc.wait(timeout=120) == 1
        assert "<stdin>:2: invalid JSON" in proc.stderr.read()
    finally:
        proc.kill()


def test_oversized_pattern_file_is_refused(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text("# padding\n" * 250_000, encoding="utf-8")
    with pytest.raises(PatternError) as info:
        load_patterns([path])
    (p,) = info.value.problems
    assert p.code == "P016" and "at most" in p.message


def test_overlong_regex_is_refused(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text('[[frame]]\nid = "t.long"\nkind = "regex"\npattern = "(?P<content>' + "a" * 6000 + ')"\n',
                    encoding="utf-8")
    with pytest.raises(PatternError) as info:
        load_patterns([path])
    (p,) = info.value.problems
    assert (p.code, p.frame, p.field) == ("P016", "t.long", "pattern")


def test_displacy_span_view_shows_the_stored_claims():
    import spacy
    from spacy import displacy

    from claimx.pipelines import default_model_name

    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx")
    doc = nlp(ARTICLE)
    page = displacy.render(doc, style="span", options={"spans_key": "claims"})
    assert page.count("direct") >= len([c for c in doc._.claims if c.kind == "direct"])
    assert "blockade" in page and "IRNA" in page
