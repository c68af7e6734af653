"""Fast mode (`mode="fast"`, CLI `--fast`): the sentence gate, the cached
lemmatizer, and claims that match full mode's.

Speed is measured in benchmarks/bench_throughput.py, never here.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from hypothesis import given

import claimx
from claimx.errors import ArgumentError
from claimx.extractor import Extractor
from claimx.gating import Gate, cue_forms, introductions, sentences
from claimx.patterns import load_patterns
from claimx.pipelines import CachedLemmas, PipelineRunner, irregular_forms

from test_properties import arbitrary_text, check_claims, news_like

ARTICLE = (
    "Helen Carter, who heads the port authority, visited the new terminal on Tuesday. The air was warm "
    "and the cranes were idle.\n\n"
    "She said the expansion would be finished by spring. “We are ahead of schedule,” Carter added.\n\n"
    "The terminal cost 40 million euros. Dock workers, however, denied that the schedule was realistic.\n\n"
    "Ships from Lisbon and Oslo arrived later in the week. Mr. Okafor told the local radio station that "
    "the unions would strike."
)


@pytest.fixture(scope="module")
def fast(nlp):
    return Extractor(nlp, mode="fast")


@pytest.fixture(scope="module")
def full(nlp):
    return Extractor(nlp)


# -- the gate ------------------------------------------------------------------

def test_sentences_cover_the_text_and_keep_abbreviations_whole():
    text = "Mr. Okafor met Gen. Ito in the U.S. capital. Then J. Smith left!\n\nA new paragraph? Yes."
    bounds = sentences(text)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert [text[s:e].strip() for s, e in bounds] == [
        "Mr. Okafor met Gen. Ito in the U.S. capital.", "Then J. Smith left!", "A new paragraph?", "Yes."]


def test_cue_forms_come_from_the_lexicon_and_the_lemmatizer(nlp):
    patterns = load_patterns()
    regular = cue_forms(patterns)
    assert {"said", "says", "denied", "warning", "according", "statement"} <= regular | {"said"}
    assert "told" not in regular  # irregular: only the pipeline's exception table knows it
    forms = cue_forms(patterns, irregular_forms(nlp))
    assert {"told", "said", "wrote", "spoke"} <= forms
    assert "table" not in forms and "weather" not in forms


def test_gate_selects_quotes_cues_colons_and_introductions(nlp):
    gate = Gate(load_patterns(), irregular_forms(nlp))
    text = ("The bridge opened in May. It cost a lot. The mayor told reporters it was safe. "
            "Traffic was light. “Quiet days,” one driver wrote. Rain fell. Ana Lind drove by. The chief posted:\n"
            "All lanes reopen at noon")
    quoted = [(text.index("“"), text.index("”") + 1)]
    named = [(text.index("Ana"), text.index(" drove"))]
    picked = [text[s:e].strip() for s, e, keep in gate.select(text, quoted, named) if keep]
    assert picked == ["The mayor told reporters it was safe.", "“Quiet days,” one driver wrote.",
                      "Ana Lind drove by.", "The chief posted:"]
    assert "".join(text[s:e] for s, e, _ in gate.select(text, quoted, named)) == text


def test_introductions_are_first_mentions_of_people(nlp):
    from spacy.tokens import Doc

    words = ["Marta", "Ruiz", "arrived", ".", "Later", "Ruiz", "left", "Oslo", "and", "Tom", "Berg", "stayed"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "B-GPE", "O", "B-PERSON", "I-PERSON", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents)
    assert [doc.text[s:e] for s, e in introductions(doc)] == ["Marta Ruiz", "Tom Berg"]


# -- the cached lemmatizer -----------------------------------------------------

def test_cached_lemmas_equal_spacys(nlp):
    text = ("The ministers were saying that the leaves fell; she's denied it, and the geese flew. "
            "They had better go: he was told the mice were running.")
    reference = [t.lemma_ for t in nlp(text)]
    runner = PipelineRunner(nlp)
    assert runner.lemmas is not None, "en_core_web_sm's rule lemmatizer is stood in for"
    assert [t.lemma_ for t in runner(nlp.make_doc(text))] == reference


def test_cached_lemmas_only_stand_in_for_a_rule_lemmatizer():
    blank = spacy.blank("en")
    assert not CachedLemmas.usable(blank)


# -- fast mode's claims --------------------------------------------------------

def _summary(claims):
    return [(c.kind, c.text, c.speaker_name, c.cue_text, c.stance) for c in claims]


def test_fast_mode_finds_what_full_mode_finds(fast, full):
    got = fast(ARTICLE)
    assert _summary(got) == _summary(full(ARTICLE))
    assert ("indirect", "the expansion would be finished by spring", "Helen Carter", "said", "neutral") in _summary(got)
    check_claims(ARTICLE, got)


def test_fast_mode_leaves_sentences_with_no_claim_unparsed(fast):
    doc = fast.parse(ARTICLE)
    assert doc.text == ARTICLE
    weather = next(s for s in doc.sents if s.text.startswith("The air"))
    assert {t.dep_ for t in weather} <= {"ROOT", "dep"} and not any(t.pos_ for t in weather)
    said = next(s for s in doc.sents if s.text.startswith("She said"))
    assert any(t.dep_ == "nsubj" for t in said)
    # NER still reads every sentence: names outside the parsed ones are known.
    assert {"Lisbon", "Oslo"} <= {e.text for e in doc.ents}


def test_fast_mode_extract_many_equals_extract(fast):
    texts = [ARTICLE, "", "Nobody spoke.", "“Fine,” she said.\n\nHe denied it."]
    assert list(fast.pipe(texts)) == [fast(t) for t in texts]


def test_fast_mode_by_name_and_in_the_cli(tmp_path):
    assert _summary(claimx.extract(ARTICLE, mode="fast")) == _summary(claimx.extract(ARTICLE))
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "claimx", "extract", "--fast", str(src)],
                         capture_output=True, text=True, check=True).stdout
    got = json.loads(out)
    assert got["id"] == "a" and [c["text"] for c in got["claims"]] == [c.text for c in claimx.extract(ARTICLE)]


def test_fast_mode_arguments_are_checked(nlp):
    with pytest.raises(ArgumentError, match="mode must be one of"):
        Extractor(nlp, mode="quick")
    with pytest.raises(ArgumentError, match="one process"):
        Extractor(nlp, mode="fast").pipe(["text"], n_process=2)
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    assert PipelineRunner(other).gated_problem


def test_fast_mode_refuses_a_pipeline_it_cannot_split(nlp):
    # A component fast mode does not know could read the parse, and fast
    # mode runs it before the parser: refuse, with the component's name.
    clone = spacy.load(claimx.pipelines.default_model_name())
    clone.add_pipe("merge_noun_chunks")
    with pytest.raises(ArgumentError, match="merge_noun_chunks"):
        Extractor(clone, mode="fast")
    assert Extractor(clone).mode == "full"


# -- properties ----------------------------------------------------------------

@given(arbitrary_text)
def test_fast_mode_never_raises_and_offsets_slice(text):
    check_claims(text, claimx.extract(text, mode="fast"))


@given(news_like())
def test_fast_mode_is_deterministic_on_news_like_text(text):
    first = claimx.extract(text, mode="fast")
    check_claims(text, first)
    assert [c.to_dict() for c in first] == [c.to_dict() for c in claimx.extract(text, mode="fast")]
