"""The spaCy pipeline component `nlp.add_pipe("claimx")`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import claimx
import claimx.component
from claimx.component import USER_DATA_KEY, register_extensions
from claimx.pipelines import default_model_name

TEXT = (
    "It is clear that the dockworkers will not accept the new rota, according to a senior harbour official.\n"
    "“The blockade has failed and the admirals know it,” Leila Farzan, secretary of the Maritime Defence "
    "Board, said on Monday.\n"
    "Her remarks followed Martin Kessler's claim in a televised interview that the port wants a deal.\n"
    "“They twist every word we say about the strait,” she was quoted as saying by IRNA.\n"
    "Farzan also rejected the statement."
)


@pytest.fixture(scope="module")
def pipeline():
    """A fresh copy of the default pipeline (add_pipe mutates it, so the
    shared session `nlp` fixture is not used)."""
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx")
    return nlp


def test_component_is_last_and_named(pipeline):
    assert pipeline.pipe_names[-1] == "claimx"


def test_paragraph_boundaries_are_set_before_the_parser(pipeline):
    names = pipeline.pipe_names
    assert names.index("claimx_paragraphs") < names.index("parser")
    doc = pipeline("Empty Harbours Again\nIn her remarks, Kessler also pointed to the closure.")
    assert [s.text.strip() for s in doc.sents][0] == "Empty Harbours Again"


def test_saved_pipeline_loads_with_one_paragraph_component(pipeline, tmp_path):
    pipeline.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names.count("claimx_paragraphs") == 1
    assert loaded(TEXT)._.claims == pipeline(TEXT)._.claims


def test_component_does_not_touch_shared_pipeline(pipeline, nlp):
    assert pipeline is not nlp
    assert "claimx" not in nlp.pipe_names


def test_doc_claims_equal_extract(pipeline):
    doc = pipeline(TEXT)
    expected = claimx.extract(TEXT)
    assert expected, "the sample text should yield claims"
    assert doc._.claims == expected
    assert all(isinstance(c, claimx.Claim) for c in doc._.claims)


DATA = Path(__file__).resolve().parent / "data"
GOLD_DOCS = [json.loads(line) for name in ("seed.jsonl", "dev.jsonl")
             for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]

def _gold_params():
    for d in GOLD_DOCS:
        yield pytest.param(d["text"], id=d["id"])


@pytest.mark.parametrize("text", list(_gold_params()))
def test_doc_claims_equal_extract_on_gold_articles(pipeline, text):
    assert pipeline(text)._.claims == claimx.extract(text)


def test_user_data_holds_plain_dicts(pipeline):
    doc = pipeline(TEXT)
    data = doc.user_data[USER_DATA_KEY]
    assert data == [c.to_dict() for c in claimx.extract(TEXT)]
    assert all(type(d) is dict for d in data)


def test_spans_cover_claim_contents(pipeline):
    doc = pipeline(TEXT)
    claims = doc._.claims
    spans = list(doc.spans["claims"])
    assert len(spans) == len(claims)
    for span, c in zip(spans, claims):
        assert span.label_ == c.kind
        assert span.start_char <= c.content[0] and c.content[1] <= span.end_char
        assert c.text in span.text


def test_pipe_many_docs(pipeline):
    texts = [TEXT, "", "Nothing is attributed here.", "Press TV reported that the talks had failed."]
    docs = list(pipeline.pipe(texts))
    assert [d._.claims for d in docs] == [claimx.extract(t) for t in texts]


def test_claims_survive_docbin(pipeline):
    doc = pipeline(TEXT)
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(pipeline.vocab)
    assert back._.claims == doc._.claims


def test_component_with_outlet_config():
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx", config={"outlet": "reuters", "spans_key": "sc"})
    text = "Mohammad Javad Zarif told Reuters that Iran would not renegotiate the nuclear deal."
    doc = nlp(text)
    assert "sc" in doc.spans and "claims" not in doc.spans
    assert doc._.claims == claimx.extract(text, outlet="reuters")
    assert all(c.via != "Reuters" for c in doc._.claims)


def test_register_extensions_twice_is_harmless():
    register_extensions()
    register_extensions()
    claimx.component.register_extensions()
    assert Doc.has_extension("claims")
    doc = Doc(spacy.blank("en").vocab, words=["nothing"])
    assert doc._.claims == []


def test_adding_component_twice_to_fresh_pipelines():
    for _ in range(2):
        nlp = spacy.load(default_model_name())
        nlp.add_pipe("claimx")
        assert nlp("“We are ready,” Abbas Araghchi said.")._.claims[0].speaker_name == "Abbas Araghchi"


def test_claims_survive_two_processes(pipeline):
    texts = [TEXT, "“We will win,” the coach said.", TEXT]
    single = [d._.claims for d in pipeline.pipe(texts)]
    double = [d._.claims for d in pipeline.pipe(texts, n_process=2, batch_size=1)]
    assert double == single
    assert all(isinstance(c, claimx.Claim) for cl in double for c in cl)


def test_saved_pipeline_loads_without_importing_claimx(pipeline, tmp_path):
    # The spacy_factories entry point lets spaCy find the factories itself.
    pipeline.to_disk(tmp_path / "nlp")
    code = (
        "import sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'nlp')!r})\n"
        f"doc = nlp({TEXT!r})\n"
        "print(len(doc.user_data['claimx.claims']))\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(pipeline(TEXT)._.claims)


def test_user_pipeline_with_its_own_component():
    @spacy.Language.component("test_shout_marker")
    def shout_marker(doc):
        doc.user_data["shouted"] = doc.text.isupper()
        return doc

    nlp = spacy.load(default_model_name())
    nlp.add_pipe("test_shout_marker", after="ner")
    nlp.add_pipe("claimx", config={"spans_key": "quotes"})
    doc = nlp(TEXT)
    assert doc.user_data["shouted"] is False
    assert [s.label_ for s in doc.spans["quotes"]] == [c.kind for c in doc._.claims]
    assert doc._.claims == claimx.extract(TEXT)


# -- round trips: the pattern files travel with the pipeline -----------------------------

GRUMBLE = "Mara Ilves grumbled that the bridge was too narrow."


def _extra_patterns(folder):
    path = folder / "house.toml"
    path.write_text('[class.speech]\nassert = ["grumble"]\n', encoding="utf-8")
    return path


def _cues(nlp, text=GRUMBLE):
    return [c.cue_text for c in nlp(text)._.claims]


def test_docbin_read_in_a_new_process_after_import_claimx(pipeline, tmp_path):
    path = tmp_path / "docs.spacy"
    DocBin(store_user_data=True, docs=[pipeline(TEXT)]).to_disk(path)
    code = ("import claimx, spacy\nfrom spacy.tokens import DocBin\n"
            f"docs = list(DocBin().from_disk({str(path)!r}).get_docs(spacy.blank('en').vocab))\n"
            "print(len(docs[0]._.claims))\n")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(pipeline(TEXT)._.claims)


def test_moved_pipeline_folder_with_its_pattern_file_gone_still_loads(tmp_path):
    import shutil

    extra = _extra_patterns(tmp_path)
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx", config={"patterns": [str(extra)]})
    assert _cues(nlp) == ["grumbled"]
    nlp.to_disk(tmp_path / "saved")
    shutil.move(str(tmp_path / "saved"), str(tmp_path / "moved"))
    extra.unlink()
    loaded = spacy.load(tmp_path / "moved")
    assert _cues(loaded) == ["grumbled"]
    assert list((tmp_path / "moved" / "claimx" / "patterns").glob("*.toml"))


def test_pattern_file_changed_after_add_pipe_saves_what_was_loaded(tmp_path):
    extra = _extra_patterns(tmp_path)
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx", config={"patterns": [str(extra)]})
    extra.write_text("", encoding="utf-8")
    nlp.to_disk(tmp_path / "saved")
    assert _cues(spacy.load(tmp_path / "saved")) == ["grumbled"]


def test_to_bytes_round_trip_carries_the_patterns(tmp_path):
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx", config={"patterns": [str(_extra_patterns(tmp_path))]})
    other = spacy.load(default_model_name())
    other.add_pipe("claimx")
    assert _cues(other) == []
    other.from_bytes(nlp.to_bytes())
    assert _cues(other) == ["grumbled"]


def test_a_configured_pattern_file_that_never_appears_is_an_error_at_use(tmp_path):
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx", config={"patterns": [str(tmp_path / "nowhere.toml")]})
    with pytest.raises(claimx.PatternError, match="nowhere.toml"):
        nlp(TEXT)


def test_initialize_takes_pattern_files(tmp_path):
    nlp = spacy.load(default_model_name())
    nlp.add_pipe("claimx")
    nlp.get_pipe("claimx").initialize(patterns=[str(_extra_patterns(tmp_path))])
    assert _cues(nlp) == ["grumbled"]


def test_factory_declares_what_it_assigns_and_requires(pipeline):
    meta = spacy.Language.get_factory_meta("claimx")
    assert "doc.spans" in meta.assigns and "token.dep" in meta.requires
    assert pipeline.analyze_pipes(pretty=False)["problems"]["claimx"] == []


def test_nlp_evaluate_reports_claim_scores(pipeline):
    from spacy.training import Example

    reference = pipeline(TEXT)
    examples = [Example(pipeline.make_doc(TEXT), reference)]
    scores = pipeline.evaluate(examples)
    assert scores["spans_claims_f"] == 1.0
    # a reference with one claim fewer lowers precision
    reference.spans["claims"] = list(reference.spans["claims"])[1:]
    assert pipeline.evaluate([Example(pipeline.make_doc(TEXT), reference)])["spans_claims_p"] < 1.0


def test_failed_add_pipe_leaves_nothing_behind(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[nonsense]\n", encoding="utf-8")
    nlp = spacy.load(default_model_name())
    before = list(nlp.pipe_names)
    with pytest.raises(claimx.PatternError):
        nlp.add_pipe("claimx", config={"patterns": [str(bad)]})
    assert nlp.pipe_names == before


def test_pipeline_without_a_parser_gets_claimxs_error():
    nlp = spacy.blank("en")
    with pytest.raises(claimx.ArgumentError, match="parser"):
        nlp.add_pipe("claimx")
    assert nlp.pipe_names == []


def test_displacy_spans_colour_each_kind_and_show_speakers_and_cues_on_request(pipeline):
    import warnings

    from claimx.component import SPAN_COLOURS

    doc = pipeline("“Repairs will take a week,” the harbour master told reporters. Tomas Berg denied "
                   "that the pier had been closed.")
    kinds = {c.kind for c in doc._.claims}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no W117 "no spans in sc" warning
        plain = claimx.displacy_spans(doc)
        full = claimx.displacy_spans(doc, speakers=True, cues=True)
    for kind in kinds:
        assert SPAN_COLOURS[kind] in plain
    assert SPAN_COLOURS["speaker"] not in plain and SPAN_COLOURS["cue"] not in plain
    assert SPAN_COLOURS["speaker"] in full and SPAN_COLOURS["cue"] in full
    assert "Tomas" in full and "Berg" in full  # displaCy writes each token apart
    assert "claimx_displacy" not in doc.spans  # the temporary span group is gone
