"""Properties of `claimx.extract` on arbitrary and generated news-like text.

`claimx.extract` without `nlp=` uses the default pipeline, loaded once by
`claimx.pipelines.load_model` (the same object as the session `nlp` fixture).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import claimx
from claimx.claim import KINDS, SPEAKER_TYPES, STANCES
from claimx.extractor import replace_surrogates

QUOTE_MARKS = list("“”\"'‘’«»„‟‹›`")
ODD_CHARS = [
    "\x00", "\x07", "\x1b", "\x0b", "\x0c", "\r", "\t", "\u0085",   # control characters
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",               # zero-width
    "\u202e", "\u202b", "\u200f", "\u2067",                         # right-to-left marks and overrides
    "\u2028", "\u2029", "\u00a0", "\u3000",                         # odd separators and spaces
    "مرحبا", "שלום", "日本語", "🙂", "e\u0301", "\ud7ff",             # RTL, CJK, emoji, combining
    "\n", "\n\n", " ", "...", "…", "—", ":",
    "\ud800", "\udfff", "\udc80",                                   # lone surrogates
]

arbitrary_text = st.one_of(
    st.text(max_size=200),
    st.text(st.characters(exclude_categories=()), max_size=100),  # surrogates included
    st.lists(st.one_of(st.text(max_size=8), st.sampled_from(QUOTE_MARKS + ODD_CHARS)), max_size=60).map("".join),
)

# -- news-like text ------------------------------------------------------------

NAMES = ["Kaveh Sarrafi", "Hamid Tavakoli", "Martin Kessler", "the ministry", "a senior official", "he", "she",
         "Press TV", "officials", "Nasser Kanaani", "the spokesman", "Reuters", "Sarrafi"]
CUES = ["said", "told reporters", "argued", "denied", "warned", "insisted", "claimed", "added",
        "was quoted as saying by IRNA", "told Reuters", "stressed", "noted", "rejected"]
CLAUSES = ["the navy is under heavy strain", "the talks have failed", "the sanctions will not work",
           "the blockade makes no difference", "they twist every word we say about the strait",
           "the treaty was flawed in every clause", "two mediators visited him in Muscat",
           "the navy is unready and underfunded", "nobody can stop this team now"]
WORDS = ["on Monday", "in Tehran", "however", "also", "that", "the statement", "so-called", "according to",
         "calling it", "Empty Harbours", "Iran's", "don't", "—", "(", ")", ",", ";", ":", "."]


@st.composite
def news_like(draw) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 5))):
        sentences = []
        for _ in range(draw(st.integers(1, 3))):
            name, cue, clause = draw(st.sampled_from(NAMES)), draw(st.sampled_from(CUES)), draw(st.sampled_from(CLAUSES))
            shape = draw(st.integers(0, 5))
            if shape == 0:
                s = f"“{clause},” {name} {cue}."
            elif shape == 1:
                s = f"{name.capitalize()} {cue}: “{clause}.”"
            elif shape == 2:
                s = f"{name.capitalize()} {cue} that {clause}."
            elif shape == 3:
                s = f"{clause.capitalize()}, according to {name}."
            elif shape == 4:
                s = f"“{clause},” {cue} {name}, “{draw(st.sampled_from(CLAUSES))}.”"
            else:
                s = " ".join(draw(st.lists(st.sampled_from(WORDS + CLAUSES + NAMES + CUES), min_size=1, max_size=12)))
            sentences.append(s)
        paragraphs.append(" ".join(sentences))
    text = "\n".join(paragraphs)
    # Sprinkle random quotation marks (and other odd characters) through it.
    chars = list(text)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(chars)))
        chars.insert(pos, draw(st.sampled_from(QUOTE_MARKS + ["\n", "\u200b", "\u202e"])))
    for _ in range(draw(st.integers(0, 3))):
        if chars:
            del chars[draw(st.integers(0, len(chars) - 1))]
    return "".join(chars)


# -- helpers -------------------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def rule_errors():
    """Collect the errors claimx logs when a rule handler fails (those are
    swallowed so one rule cannot take a document down)."""
    handler = _Collect()
    logger = logging.getLogger("claimx")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def check_claims(text: str, claims) -> None:
    assert isinstance(claims, list)
    text = replace_surrogates(text)  # claimx's policy: one U+FFFD for each, offsets unchanged
    assert claims.text == text
    starts = [c.content for c in claims]
    assert starts == sorted(starts), "claims must be sorted by content start"
    for c in claims:
        assert isinstance(c, claimx.Claim)
        s, e = c.content
        assert 0 <= s <= e <= len(text)
        assert c.text == text[s:e]
        assert c.kind in KINDS and c.stance in STANCES
        assert c.speaker_type is None or c.speaker_type in SPEAKER_TYPES
        assert 0.0 <= c.confidence <= 1.0
        if c.speaker is not None:
            ss, se = c.speaker
            assert 0 <= ss <= se <= len(text)
            assert text[ss:se] == c.speaker_text
        else:
            assert c.speaker_text is None
        if c.cue is not None:
            cs, ce = c.cue
            assert 0 <= cs <= ce <= len(text)
            assert text[cs:ce] == c.cue_text
        else:
            assert c.cue_text is None
        assert c.rule, "every claim names the rule that produced it"


# -- properties ----------------------------------------------------------------

@given(arbitrary_text)
@example("")
@example("\x00")
@example("“")
@example("”“”“")
@example("'\n'\n'")
@example("\u202e“مرحبا,” he said.\u202c")
@example("He said:\n“")
@example("\ud800")
@example("“\udfff,” he said.")
def test_arbitrary_text_never_raises(text):
    check_claims(text, claimx.extract(text))


@given(news_like())
def test_news_like_text_invariants(text):
    check_claims(text, claimx.extract(text))


@given(news_like())
def test_no_rule_fails_on_news_like_text(text):
    with rule_errors() as errors:
        claimx.extract(text)
    assert not errors, "a rule handler raised: " + "; ".join(r.getMessage() for r in errors)


@given(arbitrary_text)
def test_no_rule_fails_on_arbitrary_text(text):
    with rule_errors() as errors:
        claimx.extract(text)
    assert not errors, "a rule handler raised: " + "; ".join(r.getMessage() for r in errors)


@given(news_like())
def test_deterministic(text):
    first = claimx.extract(text)
    second = claimx.extract(text)
    assert first == second
    assert [c.to_dict() for c in first] == [c.to_dict() for c in second]


@given(news_like())
def test_doc_input_equals_text_input(text):
    ext = claimx.Extractor(claimx.pipelines.load_model())
    assert claimx.extract(ext.parse(text)) == claimx.extract(text)


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\n", "\t \r\n ", "\u00a0", "\u3000 \u2028", " \u2029\n"])
def test_empty_and_whitespace_give_no_claims(text):
    assert claimx.extract(text) == []


def test_long_text_is_chunked_and_offsets_still_slice():
    para = ("“The navy is unready and underfunded, so the blockade makes no difference,” Kaveh Sarrafi said on "
            "Monday. Hamid Tavakoli said that Washington was pursuing fantasies.\n")
    text = para * (claimx.extractor.CHUNK_CHARS // len(para) + 20)
    assert len(text) > claimx.extractor.CHUNK_CHARS
    claims = claimx.extract(text)
    check_claims(text, claims)
    assert len(claims) >= text.count("\n")


def test_extract_many_matches_extract():
    texts = ["“We are ready,” Abbas Araghchi said.", "", "Press TV reported that the talks had failed.",
             "Nothing is attributed here."]
    assert list(claimx.extract_many(texts, batch_size=2)) == [claimx.extract(t) for t in texts]
