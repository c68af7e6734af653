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

import regex

from .patterns import PatternSet, QuoteStyle

log = logging.getLogger(__name__)

# Sentence-ending punctuation followed by a space, where a quotation whose
# closing mark was left out is closed.
_SENTENCE_END = regex.compile(r"[.!?](?=\s)")

# Characters after which a mark opens a quote rather than closes one.
_OPEN_BEFORE = set(" \t\n\r\u00a0([{—–-/:;") | {"\u2028", "\u2029"}


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `open` is the offset of its opening mark, `close` of its
    closing mark, so the quoted text is ``text[slice(*quote.content)]``."""

    open: int
    close: int
    family: str
    depth: int
    paragraphs: int = 1
    open_len: int = 1  # "''" and "``" (newspaper archives) are two characters
    close_len: int = 1

    @property
    def content(self) -> tuple[int, int]:
        return self.open + self.open_len, self.close

    @property
    def end(self) -> int:
        return self.close + self.close_len


class QuoteScanner:
    """Built once per pattern set; `scan` is linear in the text length."""

    def __init__(self, styles: tuple[QuoteStyle, ...]) -> None:
        self.openers: dict[str, list[QuoteStyle]] = {}
        self.closers: dict[str, list[QuoteStyle]] = {}
        for st in styles:
            for mark in _marks(st.open):
                self.openers.setdefault(mark, []).append(st)
            for mark in _marks(st.close):
                self.closers.setdefault(mark, []).append(st)
        self.marks = frozenset(self.openers) | frozenset(self.closers)
        # Two-character marks ("''"): their first characters, to test cheaply.
        self.long_marks = frozenset(m for m in self.marks if len(m) > 1)
        self.first_chars = frozenset(m[0] for m in self.marks)
        self.mark_start = regex.compile("[" + "".join(regex.escape(c) for c in sorted(self.first_chars)) + "]"
                                        if self.first_chars else r"(?!x)x")

    @classmethod
    def from_patterns(cls, patterns: PatternSet) -> "QuoteScanner":
        return cls(patterns.quote_styles)

    def scan(self, text: str) -> list[Quote]:
        quotes: list[Quote] = []
        carried: _Open | None = None  # an opener continuing into the next paragraph
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
            log.debug("unclosed quote mark at offset %d dropped", carried.at)
            self._release(quotes, held)
        quotes.sort(key=lambda q: q.open)
        return quotes

    def _mark_at(self, text: str, i: int, end: int) -> str | None:
        ch = text[i]
        if ch not in self.first_chars:
            return None
        if self.long_marks and text[i:i + 2] in self.long_marks and i + 2 <= end:
            return text[i:i + 2]
        return ch if ch in self.marks else None

    def _scan_paragraph(self, text: str, start: int, end: int, carried: _Open | None, quotes: list[Quote],
                        held: list[Quote]) -> _Open | None:
        stack: list[_Open] = []
        here: list[tuple[Quote, tuple[int, ...]]] = []  # quotes closed in this paragraph, with their enclosing openers
        i = start
        if carried is not None:
            first = start
            while first < end and text[first] in " \t\r\u00a0":
                first += 1
            mark = self._mark_at(text, first, end) if first < end else None
            if mark is not None and any(st.family == carried.style.family for st in self.openers.get(mark, ())):
                stack.append(_Open(carried.at, carried.style, carried.paragraphs + 1, carried.width))
                i = first + len(mark)
            else:
                log.debug("unclosed quote mark at offset %d dropped", carried.at)
                self._release(quotes, held)
        while i < end:
            # Jump to the next character that can begin a mark (a regex scan,
            # not a Python loop over every character).
            hit = self.mark_start.search(text, i, end)
            if hit is None:
                break
            i = hit.start()
            mark = self._mark_at(text, i, end)
            if mark is None:
                i += 1
                continue
            width = len(mark)
            prev = text[i - 1] if i > start else " "
            nxt = text[i + width] if i + width < end else " "
            if width == 1 and self._is_apostrophe(mark, prev, nxt):
                i += 1
                continue
            closed = False
            # A mark closes after a word, or before a space or the paragraph
            # end when its quote is open ("… clearly.'\u00a0\"" still closes).
            if mark in self.closers and (not prev.isspace() or (stack and not nxt.isalnum())):
                for k in range(len(stack) - 1, -1, -1):
                    op = stack[k]
                    closes = mark in _marks(op.style.close) or _mixed_pair(text[op.at:op.at + op.width], mark)
                    if closes and (mark not in _marks(op.style.open) or not nxt.isalnum()):
                        del stack[k:]
                        closed = True
                        if op.style.family == "single" and i - op.at <= 2:
                            break  # rock 'n' roll: an elision, not a quotation
                        q = Quote(op.at, i, op.style.family, len(stack), op.paragraphs, op.width, width)
                        here.append((q, tuple(x.at for x in stack)))
                        break
            if not closed and mark in self.openers and (prev in _OPEN_BEFORE or prev in self.first_chars) \
                    and not nxt.isspace():
                st = self.openers[mark][0]
                inside_same = any(o.style.family == "double" and mark in _marks(o.style.open) for o in stack)
                if inside_same and mark in _marks(st.close) and nxt.isalnum() and self._ended_sentence(text, stack, st, i):
                    # A straight mark that opens a word while a quotation that
                    # has ended a sentence is open: that one's closing mark may
                    # have been left out. It opens a quotation inside for now;
                    # the paragraph's end decides (below), as for curly marks.
                    stack.append(_Open(i, st, 1, width))
                elif st.family == "single" or not inside_same or mark not in _marks(st.close):
                    stack.append(_Open(i, st, 1, width))
            i += width
        # Openers still open at the paragraph end are strays (or, the
        # outermost double one, a quote continuing into the next paragraph):
        # quotes inside a stray are not nested in anything real.
        carry = stack[0] if stack and stack[0].style.family == "double" else None
        if carry is not None and len(stack) == 1 and here:
            # “A. “B.” at a paragraph's end: the second opener is a slip and the
            # quotation closes there (a nested quotation would leave the outer
            # one closed by a mark of its own, or use single marks).
            q, parents = here[-1]
            if parents == (carry.at,) and q.family == "double" and not any(
                    ch.isalnum() for ch in text[q.end:end]):
                here[-1] = (Quote(carry.at, q.close, "double", 0, carry.paragraphs, carry.width, q.close_len), ())
                stack.clear()
                carry = None
        if carry is not None and len(stack) == 1 and here and here[-1][1] == (carry.at,):
            # “A. Then. “B,” she said.: the outer opener never closed, and a
            # second one opened after it ended a sentence, with words after
            # the second's close. The first closes at its sentence's end;
            # the second is a quotation of its own.
            q, _parents = here[-1]
            end_at = _sentence_end(text, carry.at + carry.width, q.open)
            if end_at is not None:
                here[-1] = (Quote(q.open, q.close, q.family, 0, q.paragraphs, q.open_len, q.close_len), ())
                here.append((Quote(carry.at, end_at, carry.style.family, 0, carry.paragraphs, carry.width, 0), ()))
                here.sort(key=lambda x: x[0].open)
                stack.clear()
                carry = None
        strays = {x.at for x in stack if x is not carry}
        if carry is None:
            quotes.extend(held)  # their carried opener closed here: truly nested
            held.clear()
        for q, parents in here:
            lost = sum(1 for p in parents if p in strays)
            if lost:
                q = _replace_depth(q, q.depth - lost)
            if carry is not None and carry.at in parents:
                held.append(q)
            else:
                quotes.append(q)
        return carry

    @staticmethod
    def _ended_sentence(text: str, stack: list[_Open], style: QuoteStyle, at: int) -> bool:
        """Whether the innermost open quotation of `style` ends a sentence before `at`."""
        for op in reversed(stack):
            if op.style is style:
                return _sentence_end(text, op.at + op.width, at) is not None
        return False

    @staticmethod
    def _release(quotes: list[Quote], held: list[Quote]) -> None:
        # The carried opener never closed: what it held is one level less deep.
        quotes.extend(_replace_depth(q, max(0, q.depth - 1)) for q in held)
        held.clear()

    @staticmethod
    def _is_apostrophe(ch: str, prev: str, nxt: str) -> bool:
        # Iran’s, don't, rock 'n' roll: a single mark between letters.
        return ch in "'’" and prev.isalnum() and nxt.isalnum()


@dataclass(frozen=True, slots=True)
class _Open:
    """An opening mark waiting for its closing one."""

    at: int
    style: QuoteStyle
    paragraphs: int
    width: int


# '"We are done,” she said.': a straight double mark typed at one end and a
# curly one put at the other by an editor or an auto-correcting keyboard.
_STRAIGHT_DOUBLE, _CURLY_DOUBLE = '"', frozenset("“”")


def _mixed_pair(opening: str, closing: str) -> bool:
    return {opening, closing} <= {_STRAIGHT_DOUBLE} | _CURLY_DOUBLE and _STRAIGHT_DOUBLE in (opening, closing) \
        and opening != closing


def _sentence_end(text: str, start: int, end: int) -> int | None:
    """The offset just after the first sentence-ending punctuation in
    text[start:end] that a space follows, or None."""
    m = _SENTENCE_END.search(text, start, end)
    return m.end() if m else None


def _replace_depth(q: Quote, depth: int) -> Quote:
    return Quote(q.open, q.close, q.family, depth, q.paragraphs, q.open_len, q.close_len)


def _marks(spec: tuple[str, ...]) -> tuple[str, ...]:
    """A style's marks (the loader gives a tuple of one- or two-character marks)."""
    return spec


def top_level(quotes: list[Quote]) -> list[Quote]:
    """The outermost quotations that contain at least one word character."""
    return [q for q in quotes if q.depth == 0]
