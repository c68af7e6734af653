"""Shortcuts that must read exactly what they replace: a token's children
listed once per document, sentence ends on the ORTH column and found by
bisection, heads with a child of a label found on columns, acronym
definitions sought only before brackets, and a dependency step's DEP
condition split off its test."""
from __future__ import annotations

import pytest

from claimx.context import Context
from claimx.depmatch import Env, compile_pattern, match
from claimx.extractor import get_extractor
from claimx.names import ACRONYM, _acronyms
from claimx.syntax import _sentence_ends, heads_with_child, sentence_end_in

TEXTS = [
    "The ferry left late. Ann Lowe, the harbour master, told the Harbour Bulletin the tide was low!",
    "“The pier is safe.” She added that the Coastal Works Board (CWB) would check it. Was it safe? Nobody knew.",
    "The Task Force on Safe Ferries (SAFE) met the Northland Gazette (NG) and (the) Port Office (PO) on Monday.",
]


def _context(text: str) -> Context:
    ex = get_extractor()
    return ex.context(ex.parse(text))


@pytest.mark.parametrize("text", TEXTS)
def test_children_are_spacys_and_listed_once(text):
    ctx = _context(text)
    for tok in ctx.doc:
        kids = ctx.children(tok)
        assert [c.i for c in kids] == [c.i for c in tok.children]
        assert ctx.children(tok) is kids


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_ends_are_the_marks_outside_quotations(text):
    ctx = _context(text)
    marks = {t.i for t in ctx.doc if t.text in (".", "!", "?") and not ctx.in_quote(t.i)}
    assert marks <= set(_sentence_ends(ctx))


@pytest.mark.parametrize("text", TEXTS + [
    "(AB) Ann (Lee) and the World Fishing Council (WFC (X) of the Port (P1) said (",
    "The Office of Parks (OP)(OPX) and Trails\n(TR) and a (B",
])
def test_acronyms_sought_before_brackets_are_the_full_search(text):
    def spans(found):
        return [(m.span(), m.groups()) for m in found]
    assert spans(_acronyms(text)) == spans(ACRONYM.finditer(text))


def test_a_split_dep_condition_matches_as_the_whole_test():
    ctx = _context(TEXTS[0])
    raw = [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "VERB"}},
           {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content",
            "RIGHT_ATTRS": {"DEP": {"IN": ["ccomp", "dobj"]}, "POS": {"IN": ["VERB", "AUX"]}}}]
    pattern, errors, _ = compile_pattern(raw, {})
    assert pattern is not None and not errors
    step = pattern.steps[-1]
    assert step.deps is not None and step.rest is not None
    told = next(t for t in ctx.doc if t.lower_ == "told")
    env = Env(frozenset({told.i}), ctx.tok_quote)
    found = match(pattern, {"cue": told}, env)
    expected = [c.i for c in told.children if step.test is not None and step.test(c, env)]
    assert [n["content"].i for n in found if n["content"] is not None] == expected
    assert [ctx.doc[i].text for i in expected] == ["was"]


# -- sentence ends by bisection, heads with a child of a label ----------------

SENTENCE_TEXTS = [  # sentence ends of several kinds, a list, no end at all
    "The ferry left late. Ann Lowe, the harbour master, said the tide was low. “It will not happen again.” She left.",
    "Tom Ray, Joe Bloggs and Ann Lee met the mayor on Friday! Did they agree? Nobody knows.",
    "A text without a full stop, a list of apples, pears and plums and no end",
]


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
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
    assert len(_sentence_ends(_context(SENTENCE_TEXTS[0]))) >= 3
    assert _sentence_ends(_context(SENTENCE_TEXTS[2])) == []


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
@pytest.mark.parametrize("labels", [("conj",), ("conj", "appos"), ("nsubj", "dobj", "prep")])
def test_heads_with_child_match_the_tokens_children(text, labels):
    doc = get_extractor().parse(text)
    expected = {t.i for t in doc if any(c.dep_ in labels for c in t.children)}
    assert heads_with_child(doc, labels) == expected
    if "conj" in labels and "apples" in text:
        assert expected  # a list has a head with conjuncts


def test_heads_with_child_of_an_empty_doc():
    assert heads_with_child(get_extractor().parse(""), ("conj",)) == set()
