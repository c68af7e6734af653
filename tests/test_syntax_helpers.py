"""The parse helpers that work on whole-document columns agree with the
plain token-by-token reading they replace (sentences of our own)."""
from __future__ import annotations

import pytest

from claimx.context import Context
from claimx.extractor import get_extractor
from claimx.syntax import _sentence_ends, heads_with_child, sentence_end_in

TEXTS = [
    "The ferry left late. Ann Lowe, the harbour master, said the tide was low. “It will not happen again.” She left.",
    "Tom Ray, Joe Bloggs and Ann Lee met the mayor on Friday! Did they agree? Nobody knows.",
    "A text without a full stop, a list of apples, pears and plums and no end",
]


def _context(text: str) -> Context:
    ex = get_extractor()
    return ex.context(ex.parse(text))


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_end_in_is_the_first_or_last_end_in_the_range(text):
    ctx = _context(text)
    ends = set(_sentence_ends(ctx))
    n = len(ctx.doc)
    for lo in range(n + 1):
        for hi in range(lo, n + 1):
            inside = [k for k in range(lo, hi) if k in ends]
            assert sentence_end_in(ctx, lo, hi) == (inside[0] if inside else None)
            assert sentence_end_in(ctx, lo, hi, last=True) == (inside[-1] if inside else None)


def test_the_texts_have_sentence_ends_to_find():
    # the comparison above is only worth something where there are ends
    assert len(_sentence_ends(_context(TEXTS[0]))) >= 3
    assert _sentence_ends(_context(TEXTS[2])) == []


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("labels", [("conj",), ("conj", "appos"), ("nsubj", "dobj", "prep")])
def test_heads_with_child_match_the_tokens_children(text, labels):
    doc = get_extractor().parse(text)
    expected = {t.i for t in doc if any(c.dep_ in labels for c in t.children)}
    assert heads_with_child(doc, labels) == expected
    if "conj" in labels and "apples" in text:
        assert expected  # a list has a head with conjuncts


def test_heads_with_child_of_an_empty_doc():
    assert heads_with_child(get_extractor().parse(""), ("conj",)) == set()
