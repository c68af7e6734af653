"""Token repairs before parsing, so the parser sees the words the text means.

Two habits of news text break spaCy's tokeniser in ways that cost claims:
- a page that loses the space around a link glues a reporting word to the
  name after it ("saidAnn Lowe"): the cue and the name are split apart;
- military and civic title abbreviations the tokeniser does not know
  ("Capt.", "Sgt.", "Supt.") lose their full stop, which then ends the
  sentence in the middle of a name: the stop is joined back to its title.

Both word lists live in `patterns/` ([lists] glued_cue_words and
title_abbreviations). Each repair is one regex scan of the text; the Doc's
text never changes, so every offset stays the text's own.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .patterns import PatternSet

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


class TokenRepairs:
    """The repairs one pattern set asks for, compiled once."""

    def __init__(self, patterns: PatternSet) -> None:
        glued = list(patterns.lists.get("glued_cue_words", ()))
        # "saidAnn Lowe": a reporting word, then a capitalised word with no space
        self.glued = regex.compile(rf"\b({_alternation(glued)})(?=\p{{Lu}}\p{{Ll}})") if glued else None
        titles = [t.rstrip(".") for t in patterns.lists.get("title_abbreviations", ())]
        # "Capt. Ann Lowe": the title, its stop, a space and a capitalised word
        self.titles = regex.compile(rf"\b({_alternation(titles)})\.(?=[ \t]+\p{{Lu}})") if titles else None

    def __call__(self, doc: Doc) -> Doc:
        """`doc`, unparsed, with its tokens repaired in place."""
        text = doc.text
        splits = [m.end(1) for m in self.glued.finditer(text)] if self.glued is not None else []
        joins = [m.start(1) for m in self.titles.finditer(text)] if self.titles is not None else []
        if not splits and not joins:
            return doc
        with doc.retokenize() as retokenizer:
            for start in joins:
                span = doc.char_span(start, text.index(".", start) + 1)
                if span is not None and len(span) == 2:
                    retokenizer.merge(span)
        if splits:
            starts = {t.idx: t.i for t in doc}
            with doc.retokenize() as retokenizer:
                for cut in splits:
                    k = next((starts[a] for a in range(cut - 1, max(-1, cut - 12), -1) if a in starts), None)
                    if k is None:
                        continue
                    tok = doc[k]
                    left = text[tok.idx:cut]
                    if left and tok.idx + len(tok.text) > cut:
                        retokenizer.split(tok, [left, tok.text[len(left):]], heads=[(tok, 0), (tok, 0)])
        return doc
