"""Where a claim's content begins and ends, decided from the parse.

Each span cutter is registered by name; a frame names the one it uses
(`content = { cut = "clause" }`). They share one set of constituent rules,
so edges come out the same way whatever frame found the claim:

- the content is the constituent the frame points at, with what the parser
  hung below it; a coordinated clause with the same subject stays in;
- a leading complementiser "that" stays out (GUIDELINES);
- the author's additions after a noun-phrase target stay out:
  non-restrictive relative clauses, appositives, participial asides, and
  asides set off by a dash or parentheses at the end;
- an attribution at the edge of its host clause stays out ("..., she said"),
  one in the middle stays in ("The plan, she said, is dead");
- a content whose words all lie in one quotation is that quotation (a
  direct claim); a quotation it only partly covers is taken whole, so a
  quoted fragment makes the claim mixed rather than cutting it.

A cutter returns a character span, trimmed, or None when the parse gives no
sensible span (a clause across a sentence end).
"""
from __future__ import annotations

from .context import Context
from .cues import Cue
from .registry import cutters
from .syntax import first_child, sentence_end_between, subtree_span

DASHES = frozenset({"—", "–", "--", "―"})
# Dependents after a comma that are the author's, not the source's.
AUTHOR_ADDITIONS = ("relcl", "appos", "acl")
KEEP_ADDITIONS = frozenset({"include"})  # "..., including X": part of what was said


def _finish(ctx: Context, s: int, e: int) -> tuple[int, int] | None:
    """Token span -> trimmed character span, taken to a whole quotation when
    the content is all quoted or ends inside a quotation."""
    if e <= s:
        return None
    cs, ce = ctx.trim(*ctx.chars(s, e))
    if ce - cs < 2 or not any(ch.isalnum() for ch in ctx.text[cs:ce]):
        return None
    quotes = ctx.quotes_within(cs, ce)
    if len(quotes) == 1:
        q = quotes[0]
        qs, qe = ctx.quote_text(q)
        outside = ctx.text[cs:max(cs, q.open)] + ctx.text[min(ce, q.close + 1):ce]
        if not any(ch.isalnum() for ch in outside):
            return qs, qe  # all quoted: the quotation itself
    for q in quotes:
        if q.open >= cs and q.close >= ce > q.open:
            ce = q.close + 1  # a quotation the content runs into is taken whole
        if q.open < cs <= q.close and q.close < ce:
            cs = q.open  # ... also at the start
    return ctx.trim(cs, ce)


def _skip_time_adjunct(ctx: Context, head, s: int) -> int:
    """"said on Tuesday the talks had failed": a time phrase between the cue
    and the clause's subject belongs to the saying, not to what was said."""
    doc = ctx.doc
    subj = first_child(head, ("nsubj", "nsubjpass"))
    if subj is None:
        return s
    k = s
    while k < subj.left_edge.i and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].dep_ == "prep"
                                    and k + 1 < len(doc) and doc[k + 1].ent_type_ in ("DATE", "TIME")
                                    or doc[k].is_punct):
        k += 1
    return k if k == subj.left_edge.i else s


def cut_before_conjunct(ctx: Context, head, s: int, e: int) -> int:
    """End the content before a subjectless past-tense verb conjoined to a
    clause that is not itself in the past: in "noted that the dam is old,
    and mentioned the cost", the mentioning is the speaker's next act."""
    if head.tag_ == "VBD":
        return e
    for c in head.children:
        if c.dep_ == "conj" and c.tag_ == "VBD" and s < c.i < e and not any(
                x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
            k = c.left_edge.i
            while k > s and (ctx.doc[k - 1].dep_ == "cc" or ctx.doc[k - 1].is_punct):
                k -= 1
            return min(e, k)
    return e


def extend_over_conjunct(ctx: Context, head, e: int) -> int:
    """Sequence of tenses: in "claimed that the mill is closing and plans to
    sell", a present-tense verb conjoined right after a present clause belongs
    to it, whatever the parser attached it to."""
    doc = ctx.doc
    if e + 1 >= len(doc) or doc[e].dep_ != "cc":
        return e
    nxt = doc[e + 1]
    if nxt.tag_ in ("VBZ", "VBP") and head.tag_ in ("VBZ", "VBP") and nxt.dep_ == "conj" and nxt.head.tag_ == "VBD" \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children):
        return nxt.right_edge.i + 1
    return e


def _own_tokens(ctx: Context, cue: Cue | None) -> tuple[int, int] | None:
    """The attribution's own words: the cue's head with its subtree ("she
    said", "according to the operator", "reportedly")."""
    if cue is None:
        return None
    return subtree_span(ctx.doc[cue.head])


def _leave_out(ctx: Context, s: int, e: int, own: tuple[int, int] | None) -> tuple[int, int]:
    """Leave the attribution `own` out of [s, e) when it stands at an edge;
    keep it when it interrupts the content (GUIDELINES)."""
    if own is None:
        return s, e
    a, b = max(own[0], s), min(own[1], e)
    if a >= b:
        return s, e
    doc = ctx.doc
    before = any(not doc[k].is_punct for k in range(s, a))
    after = any(not doc[k].is_punct for k in range(b, e))
    if not before:
        return b, e
    if not after:
        return s, a
    return s, e


def _cut_additions(ctx: Context, head, s: int, e: int) -> int:
    """End a noun phrase before the author's additions after a comma or a
    dash: non-restrictive relative clauses, appositives, participial asides."""
    doc = ctx.doc
    for k in range(head.i + 1, e):
        t = doc[k]
        if ctx.in_quote(k) or not (t.text == "," or t.text in DASHES or t.text == "("):
            continue
        if k + 1 >= e:
            return k
        nxt = doc[k + 1]
        if t.text == "(" and doc[e - 1].text == ")":
            return k
        for cand in (nxt, *nxt.ancestors):
            if cand.i >= e or cand.i < s:
                break
            if cand.dep_ in AUTHOR_ADDITIONS and cand.left_edge.i == k + 1 and cand.right_edge.i == e - 1 \
                    and cand.lemma_ not in KEEP_ADDITIONS:
                return k
            if cand.left_edge.i != k + 1:
                break
        if t.text in DASHES and not any(doc[j].text in DASHES for j in range(k + 1, e)):
            return k  # a dash aside running to the end
    return e


def _infinitive_after(ctx: Context, heads, e: int) -> int:
    """"called for the killers to be brought to justice": an infinitive right
    after the phrase, hung on the cue or the phrase, completes it."""
    doc = ctx.doc
    if e < len(doc) and doc[e].lower_ == "to" and doc[e].dep_ == "aux":
        verb = doc[e].head
        if verb.head.i in heads and verb.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp"):
            return verb.right_edge.i + 1
    return e


@cutters.register("clause")
def clause(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """A reported clause: the complement's subtree, without the cue's own words."""
    head = nodes[names[0]]
    s, e = subtree_span(head)
    if cue is not None and sentence_end_between(ctx, cue.head, head.i):
        return None  # a parse across a full stop
    s, e = _leave_out(ctx, s, e, _attribution_words(ctx, cue, s, e))
    s = _skip_time_adjunct(ctx, head, s)
    e = extend_over_conjunct(ctx, head, e)
    e = cut_before_conjunct(ctx, head, s, e)
    return _finish(ctx, s, e)


def _attribution_words(ctx: Context, cue: Cue | None, s: int, e: int) -> tuple[int, int] | None:
    """Inside a clause that holds its own cue (the parser made the cue's
    clause part of the complement), the cue with its subject and adverbs."""
    if cue is None or not s <= cue.head < e:
        return None
    v = ctx.doc[cue.head]
    lo = min([v.i] + [c.left_edge.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "advmod", "aux", "neg")])
    hi = max([v.i] + [c.right_edge.i for c in v.children if c.dep_ in ("advmod", "npadvmod", "prep") and c.i > v.i
                      and not any(g.dep_ in ("ccomp",) for g in c.children)]) + 1
    return lo, hi


@cutters.register("phrase")
def phrase(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """A noun-phrase target without the author's additions after it."""
    head = nodes[names[0]]
    s, e = subtree_span(head)
    e = _cut_additions(ctx, head, s, e)
    heads = {head.i} | ({cue.head, cue.last} if cue is not None else set())
    e = _infinitive_after(ctx, heads, e)
    return _finish(ctx, s, e)


@cutters.register("infinitive")
def infinitive(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """A to-infinitive with its complements, "to" included (dev conventions)."""
    head = nodes[names[0]]
    s, e = subtree_span(head)
    e = cut_before_conjunct(ctx, head, s, e)
    return _finish(ctx, s, e)


@cutters.register("host")
def host(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """The clause an adjunct attribution hangs on ("according to X", "she
    said", "reportedly"), without the attribution when it stands at an edge."""
    h = nodes[names[0]]
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head  # "The team, as quoted by the paper, is tired": the clause, not the noun
    s, e = subtree_span(h)
    sent = h.sent
    s, e = max(s, sent.start), min(e, sent.end)
    s, e = _leave_out(ctx, s, e, _own_tokens(ctx, cue))
    return _finish(ctx, s, e)


@cutters.register("quote")
def quote(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """The quotation that holds the node, or starts within two tokens after it."""
    tok = nodes[names[0]]
    for i in range(tok.i, min(len(ctx.doc), tok.i + 3)):
        q = ctx.quote_of(i)
        if q is not None:
            return ctx.quote_text(q)
    return None


@cutters.register("span")
def span(ctx: Context, nodes: dict, names: tuple[str, ...], cue: Cue | None) -> tuple[int, int] | None:
    """From the first to the last of several nodes, each with its subtree:
    the addressee and the action of a directive, "X as Y"."""
    toks = [nodes[n] for n in names if nodes.get(n) is not None]
    if not toks:
        return None
    s = min(t.left_edge.i for t in toks)
    last = max(toks, key=lambda t: t.right_edge.i)
    e = last.right_edge.i + 1
    e = _cut_additions(ctx, last, s, e)
    e = cut_before_conjunct(ctx, last, s, e)
    return _finish(ctx, s, e)
