"""Finding cue candidates: the reporting and stance words in a parsed Doc.

The lexicon (`patterns/core/cues.toml`) gives each cue a class; this module
finds where the text uses one. A single-word cue matches a token by lemma
and part of speech. A multi-word cue ("call for", "take issue with", "as
quoted by") is matched on the parse, not on adjacent words: each further
word must hang next to a word already matched (its head or one of its
children), later in the text, so "called repeatedly for" is "call for".

Look-up tables are built once per pattern set; `find` walks the tokens once
on integer arrays and builds Token objects only where a cue may start.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in strings.pyx, missing from strings.pyi

from .patterns import CueEntry, PatternSet

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Doc, Token

# How far a multi-word cue may stretch, in tokens from its first word.
MAX_CUE_SPAN = 8
# The low bits of a string id that index the first-word table (`CueFinder._starts`).
_TABLE_MASK = (1 << 16) - 1


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue in the text: its words (token indices, in order; there may be
    other words between them), the word whose head lies outside the cue, the
    lexicon entry it matches, its class and its stance in that class."""

    tokens: tuple[int, ...]
    head: int
    lemma: str
    cls: str
    stance: str

    @property
    def start(self) -> int:
        return self.tokens[0]

    @property
    def end(self) -> int:
        return self.tokens[-1] + 1

    @property
    def last(self) -> int:
        return self.tokens[-1]


class CueFinder:
    def __init__(self, patterns: PatternSet) -> None:
        self.pos = {name: cls.pos for name, cls in patterns.classes.items()}
        # First word's string id -> entries that start with it, longest
        # first, each with its second word's id (None for a one-word cue),
        # its words joined as a Cue holds them (once, not per cue found) and
        # the ids of its later words, as `_match` compares them.
        self.by_first: dict[int, list[tuple[CueEntry, int | None, str, tuple[int, ...]]]] = {}
        for e in sorted(patterns.cues, key=lambda e: -len(e.words)):
            later = tuple(hash_string(w) for w in e.words[1:])
            self.by_first.setdefault(hash_string(e.words[0]), []).append(
                (e, later[0] if later else None, " ".join(e.words), later))
        # The string ids of every first word; and a table over their low
        # bits, so that one look-up per token marks the few tokens that may
        # be one (a sorted search over every token costs more).
        self.first = numpy.array(sorted(self.by_first), dtype=numpy.uint64)
        self.first_set = frozenset(self.by_first)
        self.first_bits = numpy.zeros(_TABLE_MASK + 1, dtype=bool)
        self.first_bits[self.first & _TABLE_MASK] = True
        self.lowered: dict[int, int] = {}  # a lemma's string id -> its lower-cased form's

    def find(self, doc: Doc, cols: NDArray[numpy.uint64] | None = None) -> list[Cue]:
        """The cues in `doc`; `cols` are its LEMMA and LOWER columns when
        the caller has them already."""
        cues: list[Cue] = []
        n = len(doc)
        if not n or not len(self.first):
            return cues
        # spaCy's doc.pyi says to_array gives floats; it gives uint64 ids.
        arr = cols if cols is not None else cast("NDArray[numpy.uint64]", doc.to_array([LEMMA, LOWER]))
        # Each token's words as string ids, as `_match` compares them
        # (lower-cased lemma, lower-cased form): look-ups without Tokens.
        lowers = cast("list[int]", arr[:, 1].tolist())
        lemmas = self._lowered(doc, arr, lowers)
        near: dict[tuple[int, bool], list[int]] = {}  # tree neighbours of a token, found once
        for i in self._starts(arr):
            tok: Token | None = None
            seen: set[tuple[tuple[int, ...], str]] = set()
            lemma, lower = lemmas[i], lowers[i]
            for key in (lemma,) if lemma == lower else (lemma, lower):
                for entry, second, lemma_words, later in self.by_first.get(key, ()):
                    # Most first words ("the", "in") start only longer cues:
                    # their second word must come soon after (see _match).
                    if second is not None and not _within_reach(second, i, lemmas, lowers):
                        continue
                    tok = doc[i] if tok is None else tok
                    tokens = _match(doc, i, later, near, lemmas, lowers) if later else (i,)
                    if tokens is None or (tokens, entry.cls) in seen:
                        continue
                    head = _head_of(doc, tokens) if len(tokens) > 1 else i  # one word is its own head
                    if not self._pos_fits(doc[head] if head != i else tok, entry.cls):
                        continue
                    seen.add((tokens, entry.cls))
                    cues.append(Cue(tokens, head, lemma_words, entry.cls, entry.stance))
        cues.sort(key=lambda c: (c.start, -len(c.tokens)))
        return cues

    def _starts(self, arr: NDArray[numpy.uint64]) -> list[int]:
        """The tokens whose lemma or lower-cased form is a cue's first word,
        found on the integer columns (LEMMA, LOWER) at once (no Token
        objects, no Python loop over every token)."""
        marked = self.first_bits[arr & _TABLE_MASK]
        # (an "or" of the two columns: any(axis=1) costs several times more on columns this short)
        maybe = numpy.flatnonzero(marked[:, 0] | marked[:, 1]).tolist()
        if not maybe:
            return maybe
        first = self.first_set  # the marked tokens' ids, tested exactly
        return [i for i, (lemma, lower) in zip(maybe, arr[maybe].tolist()) if lemma in first or lower in first]

    def _lowered(self, doc: Doc, arr: NDArray[numpy.uint64], lowers: list[int]) -> list[int]:
        """The string ids of the lemmas lower-cased: the lower-cased form's
        where the lemma is that form, else worked out once per lemma (and
        kept for every document: a string id means the same string in any vocab)."""
        lemmas = list(lowers)
        known, strings = self.lowered, doc.vocab.strings
        differ = numpy.flatnonzero(arr[:, 0] != arr[:, 1])
        for k, h in zip(differ.tolist(), arr[differ, 0].tolist()):
            low = known.get(h)
            if low is None:
                low = known[h] = hash_string(strings[h].lower())
            lemmas[k] = low
        return lemmas

    def _pos_fits(self, tok: Token, cls: str) -> bool:
        allowed = self.pos.get(cls)
        pos = tok.pos_  # read once: each read decodes the string again
        if allowed and pos not in allowed:
            return False
        # A capitalised noun is a name more often than a cue ("Call of Duty").
        return not (pos in ("NOUN", "PROPN") and "NOUN" in (allowed or ()) and not tok.is_lower)


def _within_reach(word: int, i: int, lemmas: list[int], lowers: list[int]) -> bool:
    """Whether a token after i, near enough for `_match`, has this word (a
    string id) as its lower-cased lemma or form."""
    limit = i + MAX_CUE_SPAN + 4  # slices stop at the document's end, as _match's limit does
    return word in lowers[i + 1:limit] or word in lemmas[i + 1:limit]


def _match(doc: Doc, i: int, later: tuple[int, ...], near: dict[tuple[int, bool], list[int]],
           lemmas: list[int], lowers: list[int]) -> tuple[int, ...] | None:
    """Token indices for a cue starting at token i whose later words have
    the string ids `later`, each later word a tree neighbour of a word
    already matched, in text order, matched on its lower-cased lemma or form
    (`lemmas`, `lowers`: ids, no strings read). `near` keeps each token's
    neighbours for the other entries tried on the document."""
    matched = [i]
    limit = min(len(doc), i + MAX_CUE_SPAN + 4)
    for w in later:
        found = None
        for k in matched:
            key = (k, k == i)
            if key not in near:
                near[key] = [t.i for t in _neighbours(doc[k], k == i)]
            for c in near[key]:
                if matched[-1] < c < limit and (lemmas[c] == w or lowers[c] == w):
                    if found is None or c < found:
                        found = c
        if found is None:
            return None
        matched.append(found)
    return tuple(matched)


def _neighbours(tok: Token, first: bool) -> list[Token]:
    """The words a cue's next word may be: `tok`'s children and head, and
    for the cue's first word also through its object ("accused [the firm]
    of", "blamed [the storm] for") and to the subordinator of its clause
    ("called for [the chief to resign]")."""
    through = [g for c in tok.children if c.dep_ in ("dobj", "advcl", "ccomp")
               for g in c.children if c.dep_ == "dobj" or g.dep_ == "mark"] if first else []
    return [*tok.children, tok.head, *through]


def _head_of(doc: Doc, tokens: tuple[int, ...]) -> int:
    """The cue word whose head lies outside the cue ("took" in "took issue with")."""
    inside = set(tokens)
    for k in tokens:
        h = doc[k].head.i
        if h == k or h not in inside:
            return k
    return tokens[0]
