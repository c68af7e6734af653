"""Shortcuts that must read exactly what they replace: a token's children
listed once per document, sentence ends on the ORTH column, acronym
definitions sought only before brackets, and a dependency step's DEP
condition split off its test."""
from __future__ import annotations

import pytest

from claimx.context import Context
from claimx.depmatch import Env, compile_pattern, match
from claimx.extractor import get_extractor
from claimx.names import ACRONYM, _acronyms
from claimx.syntax import _sentence_ends

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
