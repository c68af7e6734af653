"""What frames and attribution read about one document, indexed once.

A `Context` holds the parsed Doc with the finders' results (quotations, cues,
outlet mentions) and the look-ups every later step needs: which token starts
where, which quotation or cue a token belongs to, paragraphs and
sub-headings, named entities by token. Everything is built in one pass and
then only read, so rules never rescan the document.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import partial

import numpy
import regex
from typing import TYPE_CHECKING, Any, Callable, Protocol, cast

from .cues import Cue
from .outlets import OutletMention
from .patterns import PatternSet
from .quotes import Quote

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Doc, Span, Token

TRIM_CHARS = " \t\n\r,;:—–-"
OPEN_MARKS = frozenset("“\"«„‘'‹")
CLOSE_MARKS = frozenset("”\"»“’'›")
# A sub-heading: a short paragraph without closing punctuation.
HEADING_MAX_WORDS = 12
# "PARIS, March 3 (Reuters) -": a place in capitals, a date, the agency in brackets, a dash
DATELINE = regex.compile(r"\s*\p{Lu}[\p{Lu}\s.,'-]*(?:,[^()\n]{0,40})?\s*\(([^()\n]{2,40})\)\s*[-—–]")
HEADING_ENDINGS = frozenset(".!?\"”’»:)…'")

# Every integer column a document's first steps read, fetched by one
# to_array call (each call has a fixed cost, and the steps share columns).
# Ordered so that each step's columns are one slice, in the order it reads
# them: the context's [0:3], the outlet finder's [3:6], the name index's
# [5:8], the cue finder's [6:8].
CONTEXT_COLS, OUTLET_COLS, INDEX_COLS, CUE_COLS = slice(0, 3), slice(3, 6), slice(5, 8), slice(6, 8)
ORTH_COL = 3  # (the outlet finder's first)


def token_columns(doc: Doc) -> NDArray[numpy.uint64]:
    """IDX, SENT_START, LENGTH, ORTH, PREFIX, POS, LEMMA, LOWER of every token."""
    from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, ORTH, POS, PREFIX, SENT_START

    # spaCy's doc.pyi says to_array gives floats; it gives integer ids and offsets.
    return cast("NDArray[numpy.uint64]", doc.to_array([IDX, SENT_START, LENGTH, ORTH, PREFIX, POS, LEMMA, LOWER]))


def sentence_span(sent_starts: list[int], n: int, i: int) -> tuple[int, int]:
    """Token span (start, end) of the sentence holding token i, from the
    sentence starts of a document of n tokens."""
    k = bisect_right(sent_starts, i) - 1
    end = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
    return sent_starts[max(0, k)], end


class RegexBudget(Protocol):
    """Time left to the regex frames on one document (made by `text_frames`)."""

    left: float
    warned: bool


@dataclass
class Context:
    """Everything a frame may read about one document."""

    doc: Doc
    text: str
    patterns: PatternSet
    quotes: list[Quote]  # top-level quotations, by offset
    cues: list[Cue]
    outlets: list[OutletMention]
    author: str | None = None
    tok_starts: list[int] = field(default_factory=list)
    tok_ends: list[int] = field(default_factory=list)  # character offsets, end exclusive
    tok_quote: list[int] = field(default_factory=list)  # index into quotes, or -1
    cues_at: dict[int, list[Cue]] = field(default_factory=dict)  # by every token of the cue
    cue_heads: frozenset[int] = frozenset()  # the head word of every cue
    para_starts: list[int] = field(default_factory=list)
    headline_paras: set[int] = field(default_factory=set)
    ents: list[Span] = field(default_factory=list)  # doc.ents, built once (spaCy rebuilds it per access)
    tok_ent: list[int] = field(default_factory=list)  # index into ents, or -1
    # Filled on first use by the frames step: cues by frame id, and which cue words report.
    cues_by_frame: dict[str, list[Cue]] | None = None
    live: dict[int, bool] = field(default_factory=dict)
    # frames step: per cue's words (they fix the cue's head too), once; () for a cue that is not live
    cue_nodes: dict[tuple[int, ...], tuple[object, dict[str, Token], frozenset[int]] | tuple[()]] = field(
        default_factory=dict)
    subjects: dict[int, Token | None] = field(default_factory=dict)  # verb -> syntax.subject_of, once
    kids: dict[int, list[Token]] = field(default_factory=dict)  # token -> its children, once (`children`, depmatch)
    sentence_ends: list[int] | None = None  # token indices, filled on first use by syntax._sentence_ends
    # time left to the regex frames on this document, made by the first (text_frames)
    regex_budget: RegexBudget | None = None
    columns: NDArray[numpy.uint64] | None = None  # token_columns(doc), read once
    frame_kinds: dict[str, Callable[..., Any]] = field(default_factory=dict)  # kind name -> function, by run_frames
    sentence_at: Callable[[int], tuple[int, int]] | None = None  # sentence_finder(), made once by the frames step

    def __post_init__(self) -> None:
        doc = self.doc
        if self.columns is None:
            self.columns = token_columns(doc)
        cols = self.columns[:, CONTEXT_COLS]
        self.tok_starts = cast("list[int]", cols[:, 0].tolist())
        self.tok_ends = cast("list[int]", (cols[:, 0] + cols[:, 2]).tolist())
        # Sentence starts once (spaCy's Token.sent walks the document each time);
        # the first token starts one whatever its flag says.
        self.sent_starts = [0] + (numpy.flatnonzero(cols[1:, 1] == 1) + 1).tolist() if len(doc) else []
        self.tok_quote = [-1] * len(doc)
        for qi, q in enumerate(self.quotes):
            # Tokens from the opening mark to the closing mark, marks included.
            a = bisect_right(self.tok_starts, q.open - 1)
            b = bisect_right(self.tok_starts, q.end - 1)
            self.tok_quote[a:b] = [qi] * (b - a)
        self.quote_opens = [q.open for q in self.quotes]
        self.outlet_starts = [m.start for m in self.outlets]
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.tok_ent = [-1] * len(doc)
        for k, ent in enumerate(self.ents):
            self.tok_ent[ent.start:ent.end] = [k] * (ent.end - ent.start)
        for c in self.cues:
            for i in c.tokens:
                self.cues_at.setdefault(i, []).append(c)
        self.cue_heads = frozenset(c.head for c in self.cues)
        # Paragraphs are the lines that hold text; a blank line between two
        # paragraphs (a common layout) belongs to the paragraph before it.
        self.para_starts = []
        self.para_ends: list[int] = []
        pos, n = 0, len(self.text)
        while pos <= n:
            end = self.text.find("\n", pos)
            end = n if end < 0 else end
            if self.text[pos:end].strip() or not self.para_starts:
                self.para_starts.append(pos)
                self.para_ends.append(end)
            pos = end + 1
        self.headline_paras = {p for p in range(len(self.para_starts)) if self._is_headline(p)}
        if self.author is None:
            self.author = self._dateline_outlet()

    def is_author(self, name: str | None) -> bool:
        """Whether an outlet name (any of its aliases) is the text's author."""
        if name is None or self.author is None:
            return False
        return name == self.author or self.patterns.outlet_aliases.get(tuple(name.split())) == self.author

    def _dateline_outlet(self) -> str | None:
        """Wire copy names its agency in the dateline ("PARIS (AP) — ..."):
        that agency is the author, never a claim's via."""
        for p in range(min(3, len(self.para_starts))):
            s, e = self.para_starts[p], self.para_ends[p]
            m = DATELINE.match(self.text, s, e)
            if m is None:
                continue
            for o in self.outlets:
                if m.start(1) <= self.tok_starts[o.start] < m.end(1):
                    return o.name
        return None

    # -- positions ---------------------------------------------------------
    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def para_span(self, p: int) -> tuple[int, int]:
        return self.para_starts[p], self.para_ends[p]

    def token_at(self, char: int) -> int:
        """Index of the token that starts at or before `char`."""
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def sentence(self, i: int) -> tuple[int, int]:
        """Token span (start, end) of the sentence holding token i."""
        return sentence_span(self.sent_starts, len(self.doc), i)

    def sentence_finder(self) -> Callable[[int], tuple[int, int]]:
        """`sentence` as a function that holds the sentence starts, not the
        context: kept in the context's own caches (the frames' match
        environments), a bound method would make a reference cycle, and each
        document's objects would then wait for the garbage collector."""
        return partial(sentence_span, self.sent_starts, len(self.doc))

    def children(self, tok: Token) -> list[Token]:
        """`tok.children`, listed once per document: spaCy walks the tree
        and builds new Tokens on every call, and the steps ask for the same
        words' children again and again (a cue's above all). The list is
        shared: never change it."""
        kids = self.kids.get(tok.i)
        if kids is None:
            kids = self.kids[tok.i] = list(tok.children)
        return kids

    def in_quote(self, i: int) -> bool:
        return self.tok_quote[i] >= 0

    def quote_of(self, i: int) -> Quote | None:
        k = self.tok_quote[i]
        return self.quotes[k] if k >= 0 else None

    def in_headline(self, i: int) -> bool:
        return self.para_of(self.tok_starts[i]) in self.headline_paras

    def outlets_between(self, lo: int, hi: int) -> list[OutletMention]:
        """Outlet mentions starting at tokens lo..hi-1 (bisect, not a scan)."""
        return self.outlets[bisect_left(self.outlet_starts, lo):bisect_left(self.outlet_starts, hi)]

    def outlet_of(self, tok: Token) -> OutletMention | None:
        """The outlet mention whose words include `tok`, if any."""
        k = bisect_right(self.outlet_starts, tok.i)
        if k and self.outlets[k - 1].start <= tok.i < self.outlets[k - 1].end:
            return self.outlets[k - 1]
        return None

    def outlet_before(self, i: int) -> OutletMention | None:
        """The last outlet named before token i, other than the author."""
        k = bisect_left(self.outlet_starts, i)
        while k and self.is_author(self.outlets[k - 1].name):
            k -= 1
        return self.outlets[k - 1] if k else None

    def quote_index(self, q: Quote) -> int | None:
        """The position of a top-level quotation in `quotes` (sorted by
        opening), or None for a quotation that is not one of them."""
        k = bisect_left(self.quote_opens, q.open)
        return k if k < len(self.quotes) and self.quotes[k].open == q.open else None

    def ents_between(self, lo: int, hi: int) -> list[Span]:
        return self.ents[bisect_left(self.ent_starts, lo):bisect_left(self.ent_starts, hi)]

    def ent_of(self, i: int) -> Span | None:
        k = self.tok_ent[i]
        return self.ents[k] if k >= 0 else None

    def _is_headline(self, p: int) -> bool:
        s, e = self.para_span(p)
        line = self.text[s:e].strip()
        if not line:
            return False
        if p != 0:  # split no further than the limit: most paragraphs are long
            return line[-1] not in HEADING_ENDINGS and len(line.split(None, HEADING_MAX_WORDS)) <= HEADING_MAX_WORDS
        words = line.split()
        if line[-1] not in HEADING_ENDINGS and len(words) <= HEADING_MAX_WORDS:
            return True
        # A first line in title case is the headline, whatever it ends with.
        if len(words) > 2 * HEADING_MAX_WORDS:
            return False
        long_words = [w for w in words if len(w.strip("‘’'\"“”:,.")) > 3]
        return len(long_words) >= 3 and \
            sum(w.strip("‘’'\"“”")[:1].isupper() for w in long_words) >= 0.8 * len(long_words)

    # -- spans -------------------------------------------------------------
    def chars(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        return self.tok_starts[start_tok], self.tok_ends[end_tok - 1]

    def trim(self, s: int, e: int) -> tuple[int, int]:
        """Trim spaces, edge punctuation and a leading complementiser."""
        text = self.text
        while True:
            old = (s, e)
            while s < e and text[s] in TRIM_CHARS:
                s += 1
            while e > s and (text[e - 1] in TRIM_CHARS or text[e - 1] == "."):
                e -= 1
            low = text[s:s + 5].lower()
            if low.startswith("that ") or low.startswith("that\n"):
                s += 5
            if (s, e) == old:
                break
        # Keep a quotation mark at an edge only when its partner is inside.
        return self._balance_marks(s, e)

    def _balance_marks(self, s: int, e: int) -> tuple[int, int]:
        text = self.text
        if s < e and text[s] in OPEN_MARKS and not any(q.open == s and q.close < e for q in self.quotes_near(s)):
            s += 1
        if e > s and text[e - 1] in CLOSE_MARKS and not any(q.end == e and q.open >= s
                                                              for q in self.quotes_near(e - 1)):
            e -= 1
        return s, e

    def quotes_near(self, char: int) -> list[Quote]:
        """The quotation holding offset `char`, if any (top-level quotations do
        not overlap: only the last one opening at or before it can)."""
        k = bisect_right(self.quote_opens, char)
        return [self.quotes[k - 1]] if k and self.quotes[k - 1].end > char else []

    def quotes_within(self, s: int, e: int) -> list[Quote]:
        """Quotations that overlap the character span [s, e)."""
        k = max(0, bisect_left(self.quote_opens, s) - 1)
        return [q for q in self.quotes[k:bisect_left(self.quote_opens, e)] if q.end > s and q.open < e]

    def quote_text(self, q: Quote) -> tuple[int, int]:
        """The quoted text without edge spaces and without a comma or full stop
        just inside the closing mark (GUIDELINES: the marks and that
        punctuation are not part of the claim)."""
        s, e = q.content
        text = self.text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and (text[e - 1] == "," or text[e - 1] == "." and text[e - 2:e] != ".."):
            e -= 1
        return s, e
