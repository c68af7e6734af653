"""The finders' shortcuts on integer columns agree with the plain readings
they replace: one to_array call shared by the first steps, table look-ups of
first words, sorted arrays of capitals, and sentence spans that do not hold
the context (sentences of our own)."""
from __future__ import annotations

import gc

import numpy
import pytest
from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, ORTH, POS, PREFIX, SENT_START

from claimx.context import CONTEXT_COLS, CUE_COLS, INDEX_COLS, OUTLET_COLS, Context, sentence_span, token_columns
from claimx.extractor import get_extractor
from claimx.quotes import top_level

TEXTS = [
    "The ferry left late. Ann Lowe, the harbour master, told the Harbour Bulletin the tide was low.",
    "According to the BBC, Tom Ray and Joe Bloggs said on Friday that the new bridge would open in May.",
    "Élodie Brun of the Northland Gazette accused the council of hiding the report. Nobody answered her.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_each_steps_columns_are_its_own_to_array(text):
    doc = get_extractor().parse(text)
    cols = token_columns(doc)
    for part, attrs in ((CONTEXT_COLS, [IDX, SENT_START, LENGTH]), (OUTLET_COLS, [ORTH, PREFIX, POS]),
                        (INDEX_COLS, [POS, LEMMA, LOWER]), (CUE_COLS, [LEMMA, LOWER])):
        assert numpy.array_equal(cols[:, part], doc.to_array(attrs))


@pytest.mark.parametrize("text", TEXTS)
def test_cue_starts_are_the_tokens_with_a_first_word(text):
    ex = get_extractor()
    doc = ex.parse(text)
    arr = doc.to_array([LEMMA, LOWER])
    first = set(ex._cues.by_first)
    expected = [i for i, (lemma, lower) in enumerate(arr.tolist()) if lemma in first or lower in first]
    assert expected  # the texts have cue words ("said", "told", "according")
    assert ex._cues._starts(arr) == expected
    assert ex._cues._starts(token_columns(doc)[:, CUE_COLS]) == expected


@pytest.mark.parametrize("text", TEXTS)
def test_outlet_first_words_and_capitals_match_the_tokens(text):
    finder = get_extractor()._outlets
    doc = get_extractor().parse(text)
    cols = doc.to_array([ORTH, PREFIX])
    orths = cols[:, 0].tolist()
    assert finder._listed_firsts(cols[:, 0], orths).tolist() == [o in finder.first for o in orths]
    assert finder._capitals(doc, cols[:, 1]).tolist() == [t.text[:1].isupper() for t in doc]


def test_sentence_span_is_the_contexts_sentence():
    ex = get_extractor()
    text = TEXTS[0]
    doc = ex.parse(text)
    ctx = Context(doc=doc, text=text, patterns=ex.patterns, quotes=top_level(ex._quotes.scan(text)),
                  cues=ex._cues.find(doc), outlets=ex._outlets.find(doc))
    find = ctx.sentence_finder()
    for i in range(len(doc)):
        assert find(i) == ctx.sentence(i) == sentence_span(ctx.sent_starts, len(doc), i)
        s, e = ctx.sentence(i)
        assert doc[i].sent.start == s and doc[i].sent.end == e


def test_a_document_leaves_no_reference_cycle():
    # each document's objects are freed as soon as its claims are made,
    # without waiting for the garbage collector
    ex = get_extractor()
    docs = [ex.parse(t) for t in TEXTS]
    gc.collect()
    gc.disable()
    try:
        for doc in docs:
            ex.claims(doc)
        assert gc.collect() == 0
    finally:
        gc.enable()
