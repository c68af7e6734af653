"""Finding quotations in raw text, before any parsing.

A character scanner, paragraph by paragraph, with a stack of open marks.
Ambiguous marks (straight quotes, apostrophes) are decided by the characters
around them. A paragraph that opens a quote and never closes it continues
into the next paragraph only when that one opens with a quote mark (the
newspaper convention for multi-paragraph quotes); otherwise the stray mark is
dropped, so one unbalanced mark never swallows the rest of a document.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from .patterns import PatternSet, QuoteStyle

log = logging.getLogger(__name__)

# Characters after which a mark opens a quote rather than closes one.
_OPEN_BEFORE = set(" \t\n\r\u00a0([{—–-/:;") | {"\u2028", "\u2029"}


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `open` is the offset of its opening mark, `close` of its
    closing mark, so the quoted text is ``text[open + 1:close]``."""

    open: int
    close: int
    family: str
    depth: int
    paragraphs: int = 1

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.close

    @property
    def end(self) -> int:
        return self.close + 1


class QuoteScanner:
    """Built once per pattern set; `scan` is linear in the text length."""

    def __init__(self, styles: tuple[QuoteStyle, ...]):
        self.openers: dict[str, list[QuoteStyle]] = {}
        self.closers: dict[str, list[QuoteStyle]] = {}
        for st in styles:
            for ch in st.open:
                self.openers.setdefault(ch, []).append(st)
            for ch in st.close:
                self.closers.setdefault(ch, []).append(st)
        self.marks = frozenset(self.openers) | frozenset(self.closers)

    @classmethod
    def from_patterns(cls, patterns: PatternSet) -> "QuoteScanner":
        return cls(patterns.quote_styles)

    def scan(self, text: str) -> list[Quote]:
        quotes: list[Quote] = []
        carried: tuple[int, QuoteStyle, int] | None = None  # (open offset, style, paragraphs so far)
        held: list[Quote] = []  # quotes inside the carried opener: nested only if it closes
        pos = 0
        n = len(text)
        while pos <= n:
            end = text.find("\n", pos)
            if end < 0:
                end = n
            carried = self._scan_paragraph(text, pos, end, carried, quotes, held)
            pos = end + 1
        if carried is not None:
            log.debug("unclosed quote mark at offset %d dropped", carried[0])
            self._release(quotes, held)
        quotes.sort(key=lambda q: q.open)
        return quotes

    def _scan_paragraph(self, text, start, end, carried, quotes, held):
        stack: list[tuple[int, QuoteStyle, int]] = []
        here: list[tuple[Quote, tuple[int, ...]]] = []  # quotes closed in this paragraph, with their enclosing openers
        i = start
        if carried is not None:
            first = start
            while first < end and text[first] in " \t\r\u00a0":
                first += 1
            ch = text[first] if first < end else ""
            if any(st.family == carried[1].family for st in self.openers.get(ch, ())):
                stack.append((carried[0], carried[1], carried[2] + 1))
                i = first + 1
            else:
                log.debug("unclosed quote mark at offset %d dropped", carried[0])
                self._release(quotes, held)
        while i < end:
            ch = text[i]
            if ch not in self.marks:
                i += 1
                continue
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < end else " "
            if self._is_apostrophe(ch, prev, nxt):
                i += 1
                continue
            closed = False
            # A mark closes after a word, or before a space or the paragraph
            # end when its quote is open ("… clearly.'\u00a0\"" still closes).
            if ch in self.closers and (not prev.isspace() or (stack and not nxt.isalnum())):
                for k in range(len(stack) - 1, -1, -1):
                    o, st, paras = stack[k]
                    if ch in st.close and (ch not in st.open or not nxt.isalnum()):
                        del stack[k:]
                        closed = True
                        if st.family == "single" and i - o <= 2:
                            break  # rock 'n' roll: an elision, not a quotation
                        here.append((Quote(o, i, st.family, len(stack), paras), tuple(x[0] for x in stack)))
                        break
            if not closed and ch in self.openers and (prev in _OPEN_BEFORE or prev in self.marks) and not nxt.isspace():
                st = self.openers[ch][0]
                if st.family == "single" or not any(s.family == "double" and ch in s.open for _, s, _ in stack) or ch not in st.close:
                    stack.append((i, st, 1))
            i += 1
        # Openers still open at the paragraph end are strays (or, the
        # outermost double one, a quote continuing into the next paragraph):
        # quotes inside a stray are not nested in anything real.
        carry = stack[0] if stack and stack[0][1].family == "double" else None
        strays = {x[0] for x in stack if x is not carry}
        if carry is None:
            quotes.extend(held)  # their carried opener closed here: truly nested
            held.clear()
        for q, parents in here:
            lost = sum(1 for p in parents if p in strays)
            if lost:
                q = Quote(q.open, q.close, q.family, q.depth - lost, q.paragraphs)
            if carry is not None and carry[0] in parents:
                held.append(q)
            else:
                quotes.append(q)
        return carry

    @staticmethod
    def _release(quotes: list[Quote], held: list[Quote]) -> None:
        # The carried opener never closed: what it held is one level less deep.
        quotes.extend(Quote(q.open, q.close, q.family, max(0, q.depth - 1), q.paragraphs) for q in held)
        held.clear()

    @staticmethod
    def _is_apostrophe(ch: str, prev: str, nxt: str) -> bool:
        # Iran’s, don't, rock 'n' roll: a single mark between letters.
        return ch in "'’" and prev.isalnum() and nxt.isalnum()


def top_level(quotes: list[Quote]) -> list[Quote]:
    """The outermost quotations that contain at least one word character."""
    return [q for q in quotes if q.depth == 0]
