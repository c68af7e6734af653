"""Frame kinds that pattern-file authors write for a house style, without
the parse: a regular expression over the text ("regex") or a spaCy token
pattern for a cue phrase ("tokens").

A regex frame names its parts with groups: `content` (required), and
optionally `speaker`, `cue` and `via`. User expressions run with a time
limit: one that backtracks badly is skipped for the document with a warning
naming the frame, never hangs the pipeline. All regex frames together share
one budget per document (`MAX_REGEX_SECONDS_PER_DOC`); once it is spent, the
rest are skipped for that document with one warning naming them.
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import regex

from .context import Context, RegexBudget
from .cues import Cue
from .matches import Finder, Match, Prior
from .quotes import Quote
from .registry import Param, finders, frame_kinds
from .schema import Frame
from .syntax import SENT_END, subtree_span

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Span
    from spacy.vocab import Vocab

# A compiled "tokens" pattern: alternatives, each a sequence of read-only token tables.
TokenPattern = tuple[tuple[Mapping[str, Any], ...], ...]

MAX_PATTERN_CHARS = 5_000
MAX_TIMEOUT = 5.0  # seconds; a pattern file cannot lift it
# Seconds all regex frames together may run on one document: ten slow rules
# must not cost ten timeouts. A pattern file cannot lift it either.
MAX_REGEX_SECONDS_PER_DOC = 5.0


class RuleTimeoutWarning(UserWarning):
    """A pattern-file regular expression ran out of time on a document."""


def compile_regex(raw: Any, lists: Mapping[str, frozenset[str]]
                  ) -> tuple[regex.Pattern[str] | None, list[tuple[str, str]], set[str]]:
    if not isinstance(raw, str):
        return None, [("P005", "a regex frame's pattern must be a string")], set()
    if len(raw) > MAX_PATTERN_CHARS:
        return None, [("P016", f"regular expression of {len(raw)} characters; at most {MAX_PATTERN_CHARS} "
                               "are allowed")], set()
    try:
        compiled = regex.compile(raw, regex.V1 | regex.MULTILINE)
    except regex.error as exc:
        return None, [("P009", f"invalid regular expression: {exc}")], set()
    if "content" not in compiled.groupindex:
        return None, [("P011", "regex has no named group 'content' ((?P<content>...))")], set()
    return compiled, [], set()


def compile_tokens(raw: Any, lists: Mapping[str, frozenset[str]]
                   ) -> tuple[TokenPattern | None, list[tuple[str, str]], set[str]]:
    """spaCy's own validation of Matcher patterns: a list of alternatives,
    each a list of token tables."""
    if not isinstance(raw, list) or not raw or not all(isinstance(p, list) and p for p in raw):
        return None, [("P015", "'pattern' must be a list of token-pattern lists, e.g. [[{LOWER = \"said\"}]]")], set()
    from spacy.schemas import validate_token_pattern

    errors: list[str] = []
    for alt in raw:
        errors.extend(str(e) for e in validate_token_pattern(alt))
    if errors:
        return None, [("P015", "invalid spaCy token pattern: " + "; ".join(errors))], set()
    from spacy.tokens import Token

    # An unregistered extension attribute would fail on every document.
    for alt in raw:
        for t in alt:
            ext = t.get("_", {})
            for name in ext if isinstance(ext, dict) else ():
                if not Token.has_extension(name):
                    errors.append(f"token attribute '_.{name}' is no registered extension")
    if errors:
        return None, [("P015", "invalid spaCy token pattern: " + "; ".join(errors))], set()
    matcher = _check_matcher()
    try:
        matcher.add("check", [[dict(t) for t in alt] for alt in raw])
    except Exception as exc:  # what the schema lets through, spaCy may still refuse: REGEX is compiled here
        return None, [("P015", f"invalid spaCy token pattern: {exc}")], set()
    finally:
        if "check" in matcher:
            matcher.remove("check")
    # The finders run from the matched cue phrase's verb, bound as "cue".
    return tuple(tuple(MappingProxyType(dict(t)) for t in alt) for alt in raw), [], {"cue"}


_CHECK_MATCHER: list[Matcher] = []


def _check_matcher() -> Matcher:
    """A Matcher on a blank vocabulary, to try patterns on when a file loads."""
    if not _CHECK_MATCHER:
        from spacy.matcher import Matcher
        from spacy.vocab import Vocab

        _CHECK_MATCHER.append(Matcher(Vocab()))
    return _CHECK_MATCHER[0]


@dataclass(slots=True)
class _Budget:
    """Time left to the regex frames on one document."""

    left: float
    warned: bool = False


def _budget_spent(ctx: Context, frame: Frame, budget: RegexBudget) -> None:
    """One warning per document, naming this frame and every regex frame
    still to run (each will find the budget spent too)."""
    if budget.warned:
        return
    budget.warned = True
    frames = ctx.patterns.frames
    k = next((k for k, f in enumerate(frames) if f is frame), len(frames))
    later = frames[k + 1:]
    skipped = [frame] + [f for f in later if f.kind == frame.kind]
    names = ", ".join(f"{f.id!r} ({f.file})" for f in skipped)
    warnings.warn(f"claimx regex frames used up their {MAX_REGEX_SECONDS_PER_DOC:g} s on a document; skipped "
                  f"for it: {names}", RuleTimeoutWarning, stacklevel=3)


@frame_kinds.register("regex", compile=compile_regex, params={
    "timeout": Param(float, 1.0, 0.001, MAX_TIMEOUT, "seconds the expression may run on one document"),
    "verbatim": Param(bool, False, help="the content is the speaker's own words without quotation marks "
                                        "(a signed letter): a direct claim, as a blockquote is"),
})
def regex_frame(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    budget = ctx.regex_budget
    if budget is None:
        budget = ctx.regex_budget = _Budget(MAX_REGEX_SECONDS_PER_DOC)
    if budget.left <= 0:
        _budget_spent(ctx, frame, budget)
        return
    own = float(frame.params["timeout"])
    timeout = min(own, budget.left)
    start = time.perf_counter()
    try:
        found = list(frame.pattern.finditer(ctx.text, timeout=timeout))
    except TimeoutError:
        budget.left -= time.perf_counter() - start
        if timeout < own:  # cut short by the document's budget, not by its own limit
            budget.left = 0.0
            _budget_spent(ctx, frame, budget)
        else:
            warnings.warn(f"claimx frame {frame.id!r} ({frame.file}) took over {timeout:g} s on a document and was "
                          "skipped for it; its regular expression may backtrack catastrophically",
                          RuleTimeoutWarning, stacklevel=2)
        return
    budget.left -= time.perf_counter() - start
    for m in found:
        s, e = m.span("content")
        s, e = ctx.trim(s, e)
        if e - s < 2 or not any(ch.isalnum() for ch in ctx.text[s:e]):
            continue
        groups = m.groupdict()
        out = Match(frame=frame, content=(s, e), anonymous=not groups.get("speaker"))
        if frame.params["verbatim"]:
            out.quote = Quote(s - 1, e, "block", 0, close_len=0)  # marks of its own it has none
        if groups.get("speaker"):
            a, b = m.span("speaker")
            out.speaker_span = (ctx.token_at(a), ctx.token_at(b - 1) + 1)
        if groups.get("via"):
            a, b = m.span("via")
            named = next(iter(ctx.outlets_between(ctx.token_at(a), ctx.token_at(b - 1) + 1)), None)
            out.via = named.name if named is not None else groups["via"]
        if groups.get("cue"):
            a, b = m.span("cue")
            i, j = ctx.token_at(a), ctx.token_at(b - 1) + 1
            lemma = ctx.doc[i].lemma_.lower()
            stance = frame.stance if frame.stance not in ("cue", "evaluation") else ctx.patterns.stance_of(lemma)
            out.cue = Cue(tuple(range(i, j)), i, lemma, "", stance)
            out.cue_tokens = out.cue.tokens
        out.stance = frame.stance if frame.stance not in ("cue", "evaluation") else (
            out.cue.stance if out.cue else "neutral")
        near = ctx.quotes_near(s)
        if near and ctx.quote_text(near[0]) == (s, e):
            out.quote = near[0]
        yield out


# (vocab, frame id, file) -> Matcher, built once per pipeline
_MATCHERS: dict[tuple[int, str, str], tuple[Vocab, Matcher]] = {}


def _matcher(ctx: Context, frame: Frame) -> Matcher:
    from spacy.matcher import Matcher

    vocab = ctx.doc.vocab
    key = (id(vocab), frame.id, frame.file)
    cached = _MATCHERS.get(key)
    if cached is None or cached[0] is not vocab:  # an id reused by a new vocab must not get the old matcher
        m = Matcher(vocab)
        m.add(frame.id, [[dict(t) for t in alt] for alt in frame.pattern])
        cached = _MATCHERS[key] = (vocab, m)
    return cached[1]


@frame_kinds.register("tokens", compile=compile_tokens, params={
    "lemma": Param(str, "", help="the cue's name in results (default: the matched words)"),
    "via_in_match": Param(bool, False, help="an outlet named inside the match is the claim's via"),
})
def tokens_frame(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """A token pattern matching a cue phrase ("was quoted by the agency as
    saying"); the claim is the quotation next to it, else its clause."""
    doc = ctx.doc
    longest: dict[int, int] = {}
    for _, s, e in _matcher(ctx, frame)(doc):
        longest[s] = max(e, longest.get(s, e))
    for s, e in sorted(longest.items()):
        if ctx.in_quote(s):
            continue
        span = doc[s:e]
        v = next((t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")), span.root)
        lemma = frame.params["lemma"] or span.text.lower()
        stance = frame.stance if frame.stance not in ("cue", "evaluation") else "neutral"
        cue = Cue(tuple(range(s, e)), v.i, lemma, "", stance)
        quote = _quote_near(ctx, s, e)
        content: tuple[int, int] | None
        if quote is not None:
            content = ctx.quote_text(quote)
        else:
            content = _clause_after(ctx, span, e)
            if content is None:
                continue
        find_speaker: Finder = finders.function(frame.speaker.find)
        speaker = find_speaker(ctx, {"cue": v}, v, cue)
        out = Match(frame=frame, content=content, cue=cue, cue_tokens=cue.tokens, anchor=v, speaker=speaker,
                    anonymous=speaker is None, stance=stance, quote=quote)
        if frame.params["via_in_match"]:
            m = next(iter(ctx.outlets_between(s, e)), None)
            if m is not None:
                out.via = m.name
        yield out


def _quote_near(ctx: Context, s: int, e: int) -> Quote | None:
    """The quotation right after the cue phrase, or (“…,” X was quoted by Y
    as saying) the one that ends just before its speaker."""
    doc = ctx.doc
    for j in (e, e + 1):
        if j < len(doc) and ctx.in_quote(j):
            return ctx.quote_of(j)
    k = s - 1
    while k > max(0, s - 10) and not ctx.in_quote(k) and doc[k].pos_ not in ("VERB", "AUX") \
            and doc[k].text not in SENT_END:
        k -= 1
    return ctx.quote_of(k) if k >= 0 and ctx.in_quote(k) else None


def _clause_after(ctx: Context, span: Span, e: int) -> tuple[int, int] | None:
    doc = ctx.doc
    comp = next((c for t in span for c in t.children if c.dep_ == "ccomp" and c.i >= e), None)
    if comp is not None:
        a, b = subtree_span(comp)
    else:
        b = e
        while b < len(doc) and doc[b].text not in SENT_END and "\n" not in doc[b].text:
            b += 1
        a = e
    if b <= a:
        return None
    s, t = ctx.trim(*ctx.chars(a, b))
    return (s, t) if t - s >= 2 else None
