"""Attribution rules for quotations: a quote and the attribution before,
after or around it, or a quote paragraph continuing the previous speaker.

Each handler takes the document context, its rule (settings from
`patterns/core/rules.toml`) and the drafts found so far, and returns new drafts.
"""
from __future__ import annotations

from .cues import Cue
from .patterns import Rule
from .quotes import Quote
from .attribution import (
    Context,
    Draft,
    SENT_END,
    is_negated,
    new_draft,
    quote_content,
    subject_of,
)



def _unattributed(ctx: Context):
    """(index, quote) for the quotations no earlier rule has attributed."""
    for qi, q in enumerate(ctx.quotes):
        if qi not in ctx.attributed:
            yield qi, q


def _attribute(ctx: Context, qi: int, d: Draft, out: list[Draft]) -> None:
    """Record `d` as quote `qi`'s attribution, so later rules leave the quote alone."""
    ctx.attributed[qi] = d
    out.append(d)


def _speech_cue(ctx: Context, i: int) -> Cue | None:
    c = ctx.cue_at.get(i)
    if c is not None and c.pos in ("verb", "phrase") and c.lemma != "according to":
        return c
    return None


def _quote_draft(ctx, rule, qi, q, cue, v) -> Draft | None:
    d = new_draft(ctx, rule, q.content, cue, v, quote=q)
    if d is not None:
        ctx.attributed[qi] = d
    return d


def quote_trailing(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """“…,” Ali Shamkhani said. / “…,” said X. / “…,” he was quoted as saying by ISNA."""
    out = []
    doc, text = ctx.doc, ctx.text
    window = int(rule.params.get("window", 30))
    short = int(rule.params.get("short_sentence", 8))
    for qi, q in _unattributed(ctx):
        start = ctx.token_at(q.end)
        while start < len(doc) and doc[start].idx < q.end:
            start += 1
        next_open = ctx.quotes[qi + 1].open if qi + 1 < len(ctx.quotes) else len(text)
        toks = []
        for i in range(start, min(len(doc), start + window)):
            t = doc[i]
            if t.idx >= next_open or "\n" in t.text or ctx.in_quote(i):
                break
            toks.append(i)
            if t.text in SENT_END:
                break
        words = [i for i in toks if not doc[i].is_punct]
        if not words:
            continue
        tail = text[q.content[0]:q.content[1]].rstrip().rstrip("])")
        ends_sentence = tail[-1:] in (".", "…")
        if ends_sentence and (len(toks) > short or doc[words[0]].text[:1].isupper() and _speech_cue(ctx, words[0]) is None):
            continue  # “….” She explained …: a new sentence, not this quote's attribution
        first = words[0]
        for i in words[:12]:
            cue = _speech_cue(ctx, i)
            if cue is None:
                continue
            v = doc[cue.head]
            subj = subject_of(v, ctx)
            starts_here = first in range(cue.start, cue.end) or doc[first].head.i == v.i and doc[first].dep_.startswith("aux")
            if subj is not None and not starts_here:
                ls, le = subj.left_edge.i, subj.right_edge.i
                starts_here = ls <= first <= le
            if starts_here and not is_negated(v):
                d = _quote_draft(ctx, rule, qi, q, cue, v)
                if d:
                    out.append(d)
            break
    return out


def quote_leading(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """X said: “…” / X said, “…” / X told reporters that “…” / “A,” he said, “B.”"""
    out = []
    doc, text = ctx.doc, ctx.text
    window = int(rule.params.get("window", 40))
    lead_words = set(rule.params.get("lead_words", ["that"]))
    for qi, q in _unattributed(ctx):
        # Only the text just before the mark matters; never copy the prefix.
        b = q.open
        while b > 0 and text[b - 1].isspace():
            b -= 1
        if b == 0:
            continue
        last = text[b - 1]
        w = b
        while w > 0 and not text[w - 1].isspace() and b - w < 40:
            w -= 1
        last_word = text[w:b].lower()
        colon = last == ":"
        if last in ".!?":
            continue  # the quote opens a new sentence: its attribution is not before it
        end = ctx.token_at(b - 1)
        bare = not (colon or last == "," or last_word in lead_words)
        cue = None
        for k in range(end, max(-1, end - window), -1):
            t = doc[k]
            if ctx.in_quote(k):
                break
            if "\n" in t.text and not colon:
                break
            if t.text in SENT_END and k != end:
                break
            c = _speech_cue(ctx, k)
            if c is not None and c.head == k or (c is not None and c.pos == "phrase"):
                cue = c
                break
        if cue is None:
            continue
        v = doc[cue.head]
        if is_negated(v) or not _looks_like_speech(ctx, q, int(rule.params.get("min_words", 3))):
            continue
        if bare and not (cue.lemma in ctx.patterns.frames.get("loose_clause", ()) and _clause_reaches(ctx, cue, end)
                         and doc[end].dep_ not in ("det", "poss", "amod", "compound", "nummod")):
            continue  # "the film “Dune”": the quote is not what the cue reports
        d = _quote_draft(ctx, rule, qi, q, cue, v)
        if d:
            out.append(d)
    return out


def _clause_reaches(ctx: Context, cue: Cue, end: int) -> bool:
    """True when nothing but the cue's own adjuncts lies between the cue and
    token `end`: "told the BBC after the verdict “…”"."""
    doc = ctx.doc
    for k in range(cue.end, end + 1):
        t = doc[k]
        if t.pos_ in ("VERB", "AUX") and t.i != cue.head or t.text in (",", ";", "(", ")"):
            return False
    return True


def _looks_like_speech(ctx: Context, q: Quote, min_words: int) -> bool:
    """Names and terms in quotation marks ("COVID-19", "swine flu") are not
    speech: speech has several words or ends like a sentence."""
    inner = ctx.text[q.open + 1:q.close].strip()
    if _names_only_text(inner):
        return False
    return len(inner.split()) >= min_words or inner[-1:] in ".!?,…"


def _names_only_text(quoted: str) -> bool:
    words = quoted.strip(" ,.").split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words)


def quote_same_paragraph(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """“A,” he told the press. “B.” — B continues A's attribution."""
    out = []
    for qi, q in enumerate(ctx.quotes):
        if qi in ctx.attributed or qi == 0:
            continue
        prev = ctx.attributed.get(qi - 1)
        if prev is None or ctx.para_of(ctx.quotes[qi - 1].open) != ctx.para_of(q.open):
            continue
        between = range(ctx.token_at(ctx.quotes[qi - 1].end), ctx.token_at(q.open))
        other_cue = any(
            (c := ctx.cue_at.get(i)) is not None and c.pos == "verb" and c is not prev.cue for i in between
        )
        if other_cue or not _looks_like_speech(ctx, q, int(rule.params.get("min_words", 4))):
            continue
        d = Draft(content=quote_content(ctx, q), rule=rule, cue=prev.cue, speaker=prev.speaker, title=prev.title,
                  via=prev.via, stance=prev.stance, quote=q, anonymous=prev.anonymous)
        _attribute(ctx, qi, d, out)
    return out


def quote_label(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Name: “…” — a label attribution names the speaker without a cue."""
    out = []
    max_words = int(rule.params.get("max_words", 5))
    for qi, q in _unattributed(ctx):
        ps, _ = ctx.para_span(ctx.para_of(q.open))
        if q.open - ps > 120:
            continue  # a label is a few words at the start of its paragraph
        label = ctx.text[ps:q.open].strip()
        if not label.endswith(":") or not 1 <= len(label[:-1].split()) <= max_words:
            continue
        s = ctx.token_at(ps)
        while s < len(ctx.doc) and ctx.doc[s].is_space:
            s += 1
        e = ctx.token_at(ps + len(ctx.text[ps:q.open].rstrip()) - 1)
        names = [t for t in ctx.doc[s:e] if t.pos_ == "PROPN" or t.text[:1].isupper()]
        if not names or len(names) != e - s:
            continue
        d = Draft(content=quote_content(ctx, q), rule=rule, name_span=(s, e), quote=q)
        _attribute(ctx, qi, d, out)
    return out


def quote_continuation(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """A quote paragraph with no attribution continues the previous speaker."""
    out = []
    min_words = int(rule.params.get("min_words", 4))
    by_para: dict[int, Draft] = {}
    for d in sorted(drafts + out, key=lambda d: d.content[0]):
        by_para[ctx.para_of(d.content[0])] = d
    for qi, q in _unattributed(ctx):
        p = ctx.para_of(q.open)
        ps, pe = ctx.para_span(p)
        if q.open - ps > 8 or ctx.text[ps:q.open].strip():
            continue
        if len(ctx.text[q.open:q.close].split()) < min_words:
            continue
        prev = by_para.get(p - 1)
        if prev is None:
            continue
        d = Draft(content=quote_content(ctx, q), rule=rule, quote=q, continues=prev, stance="neutral")
        _attribute(ctx, qi, d, out)
        by_para[p] = d
    return out


def quote_after(ctx: Context, i: int, conj: bool = False) -> Quote | None:
    """The quotation starting within two tokens after token `i` (with `conj`,
    only across "and"/"or")."""
    doc = ctx.doc
    j = i + 1
    while j < len(doc) and j <= i + 2 and not ctx.in_quote(j):
        if conj and doc[j].lower_ not in ("and", "or", ","):
            return None
        j += 1
    if j < len(doc) and ctx.in_quote(j):
        return ctx.quotes[ctx.tok_quote[j]]
    return None


def only_quote(ctx: Context, s: int, e: int) -> Quote | None:
    """The quotation that holds every word of tokens [s, e) but determiners."""
    doc = ctx.doc
    ids = {ctx.tok_quote[i] for i in range(s, e) if not doc[i].is_punct and doc[i].dep_ != "det"}
    if len(ids) == 1 and -1 not in ids:
        return ctx.quotes[ids.pop()]
    return None
