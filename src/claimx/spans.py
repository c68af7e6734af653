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

from typing import TYPE_CHECKING, Collection, Iterable, Mapping, cast

import regex

from .context import Context
from .cues import Cue
from .quotes import Quote
from .registry import cutters
from .syntax import (chained_participle, cue_is_live, finite_tag, first_child, list_members, partitive_relative,
                     relayed_by_outlet, reporters_next_act, ruled_out, second_report, sentence_end_between, sentence_end_in,
                     subject_of, subtree_span)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words outside a quotation that still leave a content "all quoted": an article, or "and" between quotations
FUNCTION_WORDS = frozenset({"a", "an", "the"})
LIST_WORDS = frozenset({"a", "an", "the", "and", "or"})
_ADDITION_MARKS = frozenset(",(-—–―")  # first characters of the tokens an aside can start after
DASHES = frozenset({"—", "–", "--", "―"})
# A wire dateline opening one of the first paragraphs: "BERGEN -", "OSLO, Norway (AP) —".
_DATELINE = regex.compile(r"\p{Lu}{3}[\p{Lu}\s.,'’-]{0,40}(?:\([^()\n]{1,30}\))?\s*[—–―-]{1,2}\s+")
# An adjunct attribution hung on one of these speaks for the clause above it.
CLIMB_TO_CLAUSE = ("acl", "xcomp", "pcomp", "conj", "amod", "relcl")
# Dependents after a comma that are the author's, not the source's.
AUTHOR_ADDITIONS = ("relcl", "appos", "acl")
KEEP_ADDITIONS = frozenset({"include"})  # "..., including X": part of what was said (also after an object)


def _finish(ctx: Context, s: int, e: int, cue: Cue | None = None) -> tuple[int, int] | None:
    """Token span -> trimmed character span, taken to a whole quotation when
    the content is all quoted or ends inside a quotation (not for a report
    nested inside the quotation: its content is the part it reports)."""
    doc = ctx.doc
    while e > s and (doc[e - 1].dep_ == "cc" or doc[e - 1].is_punct and doc[e - 1].text in ",;:(-—–"):
        e -= 1  # never end on a coordinator left by a cut: "escaped and", "corruption but"
    while s < e and doc[s].is_punct and doc[s].text in ")],;:":
        s += 1  # nor start on the close of a bracket before it
    if e <= s:
        return None
    cs, ce = _whole_words(ctx, *ctx.chars(s, e))
    cs, ce = ctx.trim(cs, ce)
    para = ctx.para_of(cs)
    if para < 3 and cs == ctx.para_starts[para] and (dateline := _DATELINE.match(ctx.text, cs, ce)) is not None:
        cs = dateline.end()  # the place and agency say where the story was filed, not what was said
    if ce - cs < 2 or not any(ch.isalnum() for ch in ctx.text[cs:ce]):
        return None
    if cue is not None and ctx.in_quote(cue.head):
        q = ctx.quote_of(cue.head)
        return (max(cs, q.content[0]), min(ce, q.close)) if q is not None else (cs, ce)
    quotes = ctx.quotes_within(cs, ce)
    if quotes:
        outside = _outside_words(ctx, cs, ce, quotes)
        if len(quotes) == 1 and not outside - FUNCTION_WORDS:
            return ctx.quote_text(quotes[0])  # all quoted but "a", "the": the quotation itself
        if len(quotes) > 1 and not outside - LIST_WORDS:
            return None  # “A” and “B”: several quotations are several claims, found one by one
    for q in quotes:
        if q.open >= cs and q.close >= ce > q.open:
            ce = q.end  # a quotation the content runs into is taken whole
        if q.open < cs <= q.close and q.close < ce:
            cs = q.open  # ... also at the start
    return ctx.trim(cs, ce)


def _outside_words(ctx: Context, cs: int, ce: int, quotes: Iterable[Quote]) -> set[str]:
    """The words of [cs, ce) outside the given quotations, lower case."""
    pieces, pos = [], cs
    for q in sorted(quotes, key=lambda q: q.open):
        pieces.append(ctx.text[pos:max(pos, q.open)])
        pos = max(pos, q.end)
    pieces.append(ctx.text[pos:ce])
    return {w.lower() for w in "".join(" " + p for p in pieces).replace(",", " ").split() if any(ch.isalnum() for ch in w)}


def _whole_words(ctx: Context, cs: int, ce: int) -> tuple[int, int]:
    """Never cut inside a word the parser split ("anti-semitism", "e-mail")."""
    text = ctx.text
    while cs > 0 and text[cs - 1] in "-‐" and cs > 1 and text[cs - 2].isalnum():
        cs -= 2
        while cs > 0 and text[cs - 1].isalnum():
            cs -= 1
    while ce < len(text) and text[ce] in "-‐" and ce + 1 < len(text) and text[ce + 1].isalnum():
        ce += 2
        while ce < len(text) and text[ce].isalnum():
            ce += 1
    return cs, ce


def _skip_time_adjunct(ctx: Context, head: Token, s: int) -> int:
    """"said on Tuesday the talks had failed": a time phrase between the cue
    and the clause's subject belongs to the saying, not to what was said."""
    doc = ctx.doc
    subj = first_child(head, ("nsubj", "nsubjpass"), ctx=ctx)
    if subj is None:
        return s
    k = s
    while k < subj.left_edge.i and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].dep_ == "prep"
                                    and k + 1 < len(doc) and doc[k + 1].ent_type_ in ("DATE", "TIME")
                                    or doc[k].is_punct):
        k += 1
    return k if k == subj.left_edge.i else s


def cut_before_conjunct(ctx: Context, head: Token, s: int, e: int) -> int:
    """End the content before a subjectless past-tense verb conjoined to a
    clause that is not itself in the past: in "noted that the dam is old,
    and mentioned the cost", the mentioning is the speaker's next act."""
    if head.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in ctx.children(head)):
        return e  # a past clause ("had worked there for years and was liked") goes on in the past
    for c in ctx.children(head):
        if c.dep_ == "conj" and c.tag_ == "VBD" and s < c.i < e and not any(
                x.dep_ in ("nsubj", "nsubjpass") for x in ctx.children(c)):
            k = c.left_edge.i
            while k > s and (ctx.doc[k - 1].dep_ == "cc" or ctx.doc[k - 1].is_punct):
                k -= 1
            return min(e, k)
    return e


def extend_over_conjunct(ctx: Context, head: Token, e: int) -> int:
    """Sequence of tenses: in "claimed that the mill is closing and plans to
    sell", a present-tense verb conjoined right after a present clause belongs
    to it, whatever the parser attached it to."""
    doc = ctx.doc
    if e + 1 >= len(doc) or doc[e].dep_ != "cc":
        return e
    nxt = doc[e + 1]
    if nxt.tag_ in ("VBZ", "VBP") and head.tag_ in ("VBZ", "VBP") and nxt.dep_ == "conj" and nxt.head.tag_ == "VBD" \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children(nxt)):
        return nxt.right_edge.i + 1
    return e


def _own_tokens(ctx: Context, cue: Cue | None) -> tuple[int, int] | None:
    """The attribution's own words: the cue's head with its subtree ("she
    said", "according to the operator", "reportedly")."""
    if cue is None:
        return None
    s, e = subtree_span(ctx.doc[cue.head])
    chain = chained_participle(ctx, ctx.doc[cue.head]) if cue.cls == "evidential" else None
    if chain is not None:  # "according to X, quoting Y": the whole chain attributes
        e = max(e, chain.right_edge.i + 1)
    return s, e


def _is_word(tok: Token) -> bool:
    return not (tok.is_punct or tok.is_space)


def _leave_out(ctx: Context, s: int, e: int, own: tuple[int, int] | None) -> tuple[int, int]:
    """Leave the attribution `own` out of [s, e) when it stands at an edge;
    keep it when it interrupts the content (GUIDELINES)."""
    if own is None:
        return s, e
    a, b = max(own[0], s), min(own[1], e)
    if a >= b:
        return s, e
    doc = ctx.doc
    # "But according to X, Y": a sentence's connective belongs to the author
    connectives = ctx.patterns.lists.get("sentence_connectives", frozenset())
    before = any(_is_word(doc[k]) and not (doc[k].dep_ == "cc" or doc[k].is_sent_start and doc[k].lower_ in connectives)
                 for k in range(s, a))
    after = any(_is_word(doc[k]) for k in range(b, e))
    if not before:
        return b, e
    if not after:
        return s, a
    k = a - 1
    while k > s and not _is_word(doc[k]):
        k -= 1
    if doc[k].tag_ in ("WDT", "WP") and doc[k].lower_ in ctx.patterns.pronouns.get("relative", ()):
        return b, e  # "smugglers whom, the memo said, no one will take back": what follows is said
    if doc[k].dep_ == "cc" and doc[k].lower_ in ("and", "but"):
        return b, e  # "X happened, and according to the ministry, Y": the source vouches for Y
    return _clause_break_before(ctx, s, a), e


def _is_dash(ctx: Context, k: int) -> bool:
    t = ctx.doc[k]
    return t.text in DASHES or t.text == "-" and bool(t.whitespace_) and k > 0 and bool(ctx.doc[k - 1].whitespace_)


def _over_dash_aside(ctx: Context, head: Token, e: int) -> int:
    """A content that stops at an aside between dashes the parser made the
    sentence's main clause ("it is common for new cabinets — Lund took office
    in July — to close the chamber") goes on after the closing dash."""
    doc = ctx.doc
    if e >= len(doc) or not _is_dash(ctx, e) or ctx.in_quote(e):
        return e
    _, sent_end = ctx.sentence(head.i)
    close = next((k for k in range(e + 1, min(sent_end, e + 25)) if _is_dash(ctx, k) and not ctx.in_quote(k)), None)
    if close is None or close + 1 >= sent_end or not _is_word(doc[close + 1]):
        return e
    aside = doc[e + 1:close]
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in aside) or head.head.i not in range(e + 1, close):
        return e  # only an aside the parser took for the main clause, with the content hung under it
    w = doc[close + 1]
    while w.head.i != w.i and w.head.i > close:
        w = w.head
    return _within_sentence(ctx, head, e, w.right_edge.i + 1)[1]


def _clause_break_before(ctx: Context, s: int, a: int) -> int:
    """An attribution set into its content starts that content after the
    last clause break before it: in "The shop closed - and the lease, he
    said, ran out", what he said is about the lease. A dash that closes an
    aside (an even count) or opens the attribution's own aside is no break."""
    doc = ctx.doc
    last = a
    while last > s and not _is_word(doc[last - 1]):
        last -= 1  # the comma or dash that opens the attribution itself
    dashes = [k for k in range(s, last) if not ctx.in_quote(k) and _is_dash(ctx, k)]
    brk = next((k for k in range(last - 1, s - 1, -1) if doc[k].text in (";", ":") and not ctx.in_quote(k)), None)
    if brk is None and len(dashes) % 2 == 1:
        brk = dashes[-1]
    if brk is None or not any(_is_word(doc[j]) for j in range(brk + 1, last)):
        return s
    k = brk + 1
    return k + 1 if doc[k].dep_ == "cc" and k + 1 < last else k  # "- and the lease": not the "and"


def _trailing_addition(ctx: Context, s: int, e: int, cue: Cue) -> int:
    """A source at the end of an addition vouches for the addition only:
    "The mill is busy, with 90 orders this year, according to its filings"
    sources the figure, not the whole sentence. The addition is a "with"
    phrase or a "which" clause after the last comma before the source; a
    "when" or "who" clause there ("..., when turnout was low, according to
    X") is vouched for with the sentence it describes (`_trailed_relative`)."""
    doc = ctx.doc
    own = _own_tokens(ctx, cue)
    if own is None or own[0] != e or e - 2 <= s or doc[e - 1].text != ",":
        return s  # not "..., according to X" right after the content
    comma = next((k for k in range(e - 2, s, -1) if doc[k].text == ","), None)
    if comma is None or comma + 1 >= e - 1 or ctx.in_quote(comma):
        return s
    first = doc[comma + 1]
    if first.lower_ == "with" and first.dep_ == "prep":
        return comma + 2
    if first.tag_ == "WDT" and first.head.dep_ == "relcl" and first.head.left_edge.i == first.i:
        return comma + 1  # "the canal, which would cost 9 million, according to X": X gives the cost
    return s


def _quoted_side(ctx: Context, s: int, e: int, own: tuple[int, int] | None) -> tuple[int, int]:
    """An attribution with a quotation on one side ("Speaking to the radio,
    he said, “...”"): the quotation is the content, not what precedes the
    attribution."""
    if own is None or not s < own[0] < own[1] < e:
        return s, e
    doc = ctx.doc
    after = [k for k in range(own[1], e) if _is_word(doc[k])]
    before = [k for k in range(s, own[0]) if _is_word(doc[k])]
    if after and all(ctx.in_quote(k) for k in after) and not all(ctx.in_quote(k) for k in before):
        return own[1], e
    if before and all(ctx.in_quote(k) for k in before) and not all(ctx.in_quote(k) for k in after):
        return s, own[0]
    return s, e


def _cut_additions(ctx: Context, head: Token, s: int, e: int) -> int:
    """End a content before the author's additions at its end: an aside set
    off by a dash or in brackets, a non-restrictive relative clause,
    appositive or participle after a comma."""
    doc, text, starts = ctx.doc, ctx.text, ctx.tok_starts
    for k in range(head.i + 1, e):
        if text[starts[k]] not in _ADDITION_MARKS:
            continue  # read the character, not a Token: most words are no comma
        t = doc[k]
        if t.text == "," and _speakers_circumstance(ctx, k, e):
            return k  # (the comma may be the quotation's own: '..., mills," while trying')
        if ctx.in_quote(k) or not (t.text == "," or t.text in DASHES or t.text == "("):
            continue
        if k + 1 >= e:
            return k
        nxt = doc[k + 1]
        if t.text == "(" and nxt.text.isupper() and k + 2 < len(doc) and doc[k + 2].text == ")":
            continue  # "(PAVE)", an acronym, is part of the name
        if t.text == "(":
            if _bracket_close(doc, k, e) == e - 1:
                return k  # an aside in brackets running to the end ("theft (vol), not rape" keeps its own)
            continue
        for cand in (nxt, *nxt.ancestors):
            if cand.i >= e or cand.i < s:
                break
            if cand.dep_ in AUTHOR_ADDITIONS and cand.left_edge.i == k + 1 and cand.right_edge.i == e - 1 \
                    and cand.lemma_ not in KEEP_ADDITIONS and not _list_or_place(cand):
                return k
            if cand.left_edge.i != k + 1:
                break
        if t.text in DASHES and not any(doc[j].text in DASHES for j in range(k + 1, e)) \
                and sum(doc[j].text in DASHES for j in range(s, k)) % 2 == 0:
            return k  # a dash aside running to the end (not the dash that closes one)
    return e


def _speakers_circumstance(ctx: Context, k: int, e: int) -> bool:
    """"said X, while seeking to defend her scheme": a participle after a comma
    and "while"/"when" that runs to the end says what the speaker was doing,
    not what was said (a clause with its own subject may be a contrast said)."""
    doc = ctx.doc
    j = k + 1
    while j < e and doc[j].is_punct and doc[j].text in "\"”’'":
        j += 1  # past a closing quotation mark after the comma
    if j >= e or doc[j].dep_ != "mark" or doc[j].lower_ not in ctx.patterns.lists.get("circumstance_subordinators", ()):
        return False
    v = doc[j].head
    # hung on a finite reported clause ("said she was going to X, while trying"), not on
    # an infinitive that goes on with the claim ("a plan to protect X, while promoting Y")
    return v.tag_ == "VBG" and v.dep_ == "advcl" and v.right_edge.i == e - 1 \
        and finite_tag(v.head) in ("VBD", "VBZ", "VBP", "MD") \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children(v))


def _bracket_close(doc: Doc, k: int, e: int) -> int | None:
    """The token closing the bracket opened at token k, before e."""
    depth = 0
    for j in range(k, e):
        if doc[j].text == "(":
            depth += 1
        elif doc[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


def _list_or_place(t: Token) -> bool:
    """An "appositive" that is the rest of a list ("on taxes, the budget and
    the port") or a place's region ("Portland, Maine") is no aside."""
    if t.dep_ != "appos":
        return False
    if any(c.dep_ == "conj" for c in t.children):
        return True
    return t.ent_type_ == "GPE" and t.head.ent_type_ == "GPE"


def _infinitive_after(ctx: Context, heads: Collection[int], e: int) -> int:
    """"called for the culprits to be put on trial": an infinitive right
    after the phrase, hung on the cue or the phrase, completes it."""
    doc = ctx.doc
    if e < len(doc) and doc[e].lower_ == "to" and doc[e].dep_ == "aux":
        verb = doc[e].head
        if verb.head.i in heads and verb.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp"):
            return verb.right_edge.i + 1
    return e


@cutters.register("clause")
def clause(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
           ) -> tuple[int, int] | None:
    """A reported clause: the complement's subtree, without the cue's own words."""
    head = nodes[names[0]]
    assert head is not None  # build_match cuts only once the first content node is bound
    s, e = subtree_span(head)
    if cue is not None and sentence_end_between(ctx, cue.head, head.i):
        return None  # a parse across a full stop
    if cue is not None and s <= cue.head < head.i:
        s = max(cue.tokens) + 1  # "X, which she stressed is Y": a clause after its cue starts after it
    if cue is not None and head.i < cue.head and any(
            (t.text in (";", ":", "—", "–") or t.lower_ == "however" and ctx.doc[t.i - 1].text == ",")
            and not ctx.in_quote(t.i) for t in ctx.doc[head.i + 1:cue.head]):
        # "A did X; B said ...", "Polls show X: a poll found ...", "X — Ann told the paper ...",
        # "A denied X, however, B concluded ...": these end what B's cue can reach back to
        return None
    if _subjectless_that_clause(ctx, head):
        return None  # "told him that repeatedly": "that" was a pronoun, the parse found no clause
    if _partitive_relative(ctx, head) or cue is not None and _relative_on_object(ctx, cue, head):
        return None  # "lists repairs, most of which ..., that will ...": the object's relative clauses
    if ctx.doc[s].tag_ == "WRB" and s > 0 and ctx.doc[s - 1].text == "," and ctx.doc[s].lower_ in ("where", "when"):
        return None  # "went on in Oslo, where a man was hurt": a relative clause on the place, not a report
    if cue is not None and head.head.i == cue.head:
        # "said X and, to be fair, Y": complements of one cue on the same side are one claim.
        side = [c for c in ctx.children(ctx.doc[cue.head])
                if c.dep_ == head.dep_ and (c.i > cue.head) == (head.i > cue.head) and not second_report(c, ctx)
                and not (c.i != head.i and _reports(ctx, c) and first_child(c, ("nsubj",), ctx=ctx) is not None)
                and not (c.i > head.i and _contrasted(ctx, head, c))]
        # "... and most of the rest agreed": a report with a subject of its own is another claim;
        # "claims X, but the study found Y": a contrast with a subject of its own is the author's
        if side and side[0].i != head.i:
            return None  # the first complement stands for all of them
        e = max([e] + [c.right_edge.i + 1 for c in side])
    if ctx.doc[s].lower_ in ctx.patterns.pronouns.get("relative", ()) and ctx.doc[s].head.i == head.i:
        s += 1  # "which engineers say needs repair": the relative pronoun is the antecedent's, not said
    if cue is not None and s in cue.tokens and ctx.doc[s].dep_ == "mark":
        s += 1  # "called for the chief to resign": "for" is the cue's word, as "that" is no one's
    s, e = _leave_out(ctx, s, e, _attribution_words(ctx, cue, s, e))
    s, e = _within_sentence(ctx, head, s, e)
    s = _skip_time_adjunct(ctx, head, s)
    e = extend_over_conjunct(ctx, head, e)
    e = _over_dash_aside(ctx, head, e)
    e = cut_before_conjunct(ctx, head, s, e)
    e = _cut_after_whole_quotation(ctx, s, e)
    e = _cut_before_next_report(ctx, head, s, e)
    e = _take_dangling_conjunct(ctx, cue, e)  # not the speaker's next act: the "and" is inside the content
    e = _take_conjoined_claim(ctx, cue, head, e)
    e = _cut_trailing_attribution(ctx, s, e)
    e = _cut_trailing_setting(ctx, s, e)
    e = _cut_additions(ctx, head, s, e)
    return _finish(ctx, s, e, cue)


def _contrasted(ctx: Context, head: Token, other: Token) -> bool:
    """`other`, a later complement of the same cue, follows "but"/"yet" and
    has a subject of its own: the author's contrast, not more of the claim."""
    contrast = ctx.patterns.lists.get("contrastive_conjunctions", frozenset())
    between = ctx.doc[head.right_edge.i + 1:other.left_edge.i + 1]
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass") and t.i < other.i for t in other.subtree)
    return has_subject and any(t.lower_ in contrast for t in between)


def _take_dangling_conjunct(ctx: Context, cue: Cue | None, e: int) -> int:
    """A content that ends on a coordinator with no conjunct of its own ("let
    the mill stay and also") goes on with the verb right after it, which the
    parser hung on the cue: "... stay and also back tougher laws"."""
    doc = ctx.doc
    k = e - 1
    while k > 0 and doc[k].pos_ == "ADV":
        k -= 1
    if cue is None or e >= len(doc) or doc[k].dep_ != "cc" or any(c.dep_ == "conj" for c in ctx.children(doc[k].head)):
        return e
    nxt = doc[e]
    if nxt.dep_ == "conj" and nxt.head.i == cue.head and nxt.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children(nxt)) \
            and not (nxt.i in ctx.cue_heads and first_child(nxt, ("ccomp",), ctx=ctx) is not None):
        # ("said X was so but denied that Y": a report of its own is the speaker's next act)
        return _within_sentence(ctx, nxt, e, nxt.right_edge.i + 1)[1]
    return e


def _take_conjoined_claim(ctx: Context, cue: Cue | None, head: Token, e: int) -> int:
    """"says Ray is a friend and it is his business what he does": a clause
    with its own subject, in the reported clause's tense, joined by "and" or
    "but" right after it, goes on with the claim though the parser hung it on
    the cue ("said the mill was old, but its owners kept it running"), as
    does the second half of "not X but Y". Not when it holds a report of its
    own (another source speaking)."""
    if cue is None or head.head.i != cue.head:
        return e
    doc = ctx.doc
    tense = finite_tag(head)
    if tense not in ("VBZ", "VBP", "MD", "VBD"):
        return e
    for c in ctx.children(doc[cue.head]):
        if c.dep_ != "conj" or c.i <= e or c.pos_ not in ("VERB", "AUX") or c.i in ctx.cue_heads:
            continue
        gap = doc[e:c.left_edge.i]
        if not any(t.lower_ in ("and", "but") for t in gap) or any(_is_word(t) and t.dep_ != "cc" for t in gap):
            return e
        if any(t.i in ctx.cue_heads and _reports(ctx, t) for t in c.subtree):
            return e  # "..., but a study found ...": another source speaking
        subject = first_child(c, ("nsubj", "nsubjpass", "expl"), ctx=ctx)
        if subject is None and any(t.lower_ == "but" for t in gap) and any(t.dep_ == "neg" for t in doc[head.i:e]):
            return _within_sentence(ctx, c, e, c.right_edge.i + 1)[1]  # "was not to X but to Y": one claim
        if subject is None or finite_tag(c) != tense:
            return e
        return _within_sentence(ctx, c, e, c.right_edge.i + 1)[1]
    return e


def _subjectless_that_clause(ctx: Context, head: Token) -> bool:
    """A finite verb after "that" with no subject of its own is no reported clause."""
    if head.pos_ not in ("VERB", "AUX") or head.tag_ not in ("VB", "VBD", "VBP", "VBZ"):
        return False
    children = ctx.children(head)
    kids = [c.dep_ for c in children]
    if "mark" not in kids or not any(c.dep_ == "mark" and c.lower_ == "that" for c in children):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return False
    # no subject before the verb, even one the parser hung elsewhere
    return not any(t.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for t in head.doc[head.left_edge.i:head.i + 1])


def _within_sentence(ctx: Context, head: Token, s: int, e: int) -> tuple[int, int]:
    """Clip a content to the sentence of its head: a parse that runs across
    “... the victims.” She added ... must not carry the next sentence along."""
    end = sentence_end_in(ctx, head.i, e - 1)
    before = sentence_end_in(ctx, s, head.i, last=True)
    return (s if before is None else before + 1), (e if end is None else end + 1)


def _cut_before_next_report(ctx: Context, head: Token, s: int, e: int) -> int:
    """End the content before a trailing part that is another report:
    another source's ("said the pier is safe, and the mayor said the same",
    "found no trace of it despite a paper claiming ...", "..., while footage
    showed ...") or the speaker's next act ("regretted the remark and
    promised to keep away from it", "..., warning that ..."). A pronoun subject
    may be the same speaker going on ("said X and he feels Y"): that part
    stays, and is found as a nested claim."""
    doc = ctx.doc
    for i in range(head.i + 1, e):
        if i not in ctx.cues_at:
            continue  # only a cue word can report
        t = doc[i]
        reporter = reporters_next_act(t, ctx)
        if reporter is not None and reporter.i == head.head.i and not ctx.in_quote(t.i):
            # "said it was proof that the board erred, and accused ...": the
            # reporter's next act, hung deep in the reported clause, ends it there
            k = t.left_edge.i
            while k > s and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                k -= 1
            if k > s:
                return k
        if ctx.in_quote(t.i) or not _reports(ctx, t):
            continue
        subj = first_child(t, ("nsubj", "nsubjpass"), ctx=ctx)
        # a passive ("... but were rejected") is done to the subject, not by it
        passive = any(c.dep_ == "auxpass" for c in ctx.children(t))
        next_act = subj is None and not passive and (t.dep_ == "conj" or t.dep_ == "advcl" and t.tag_ == "VBG")
        if next_act and t.dep_ == "conj" and (doer := subject_of(t, ctx)) is not None and s <= doer.i < e:
            continue  # "show that most residents favor X and also back Y": the reported subject's act, in the claim
        if (subj is None or subj.pos_ == "PRON") and not next_act:
            continue  # the speaker's own "... and he feels ..." stays (a nested claim of its own)
        part = t
        while part.head.i != head.i and head.i < part.head.i < e and part.head.i != part.i:
            part = part.head  # the constituent that holds the other report
        if part.right_edge.i + 1 < e or part.i <= head.i or not _beside(ctx, part):
            continue
        k = part.left_edge.i
        while k > s and (doc[k - 1].dep_ in ("cc", "mark") or doc[k - 1].is_punct):
            k -= 1
        if k > s:
            return k
    return e


def _beside(ctx: Context, part: Token) -> bool:
    """Whether `part` stands beside the reported clause rather than inside
    it: a participle of the speaker's next act ("..., warning that"), a
    conjoined clause ("..., and the mayor said"), a contrast ("while footage
    showed"), a concession ("despite a paper claiming"). A second
    "that"-clause ("and that the chamber thinks ...") is more of the same
    report."""
    if part.dep_ == "advcl" and part.tag_ == "VBG":
        return True
    contrast = ctx.patterns.lists.get("contrast_words", frozenset())
    marks = {c.lower_ for c in ctx.children(part) if c.dep_ == "mark"}
    if part.dep_ == "conj":
        return "that" not in marks
    if part.dep_ == "advcl":
        return bool(marks & contrast)
    return part.dep_ == "prep" and part.lower_ in contrast


def _reports(ctx: Context, t: Token) -> bool:
    """Whether token t heads a live verb cue (another attribution)."""
    return t.pos_ == "VERB" and any(c.head == t.i and cue_is_live(ctx, c) for c in ctx.cues_at.get(t.i, ()))


def _cut_trailing_attribution(ctx: Context, s: int, e: int) -> int:
    """Leave out an evidential adjunct at the end ("..., per the agency"):
    it attributes the clause to another source, as a claim of its own."""
    doc = ctx.doc
    for k in range(s + 1, e):
        for c in ctx.cues_at.get(k, ()):
            cls = ctx.patterns.classes.get(c.cls)
            if cls is None or "adjunct" not in cls.frames or c.start != k:
                continue
            a, b = subtree_span(doc[c.head])
            if any(ruled_out(ctx, c, g) for g in doc[c.head].subtree if g.dep_ == "pobj"):
                continue  # "stayed home per advice from the council": no source, part of the content
            if b >= e and a > s:
                while a > s and doc[a - 1].is_punct:
                    a -= 1
                return a
    return e


def _cut_trailing_setting(ctx: Context, s: int, e: int) -> int:
    """Leave out the occasion of the saying set off at the end ("... want
    that, in an interview on Sunday"): after the last comma, a phrase about
    an interview, a speech or a meeting that runs to the end of the content."""
    doc, text, starts = ctx.doc, ctx.text, ctx.tok_starts
    j = next((k for k in range(e - 2, s, -1) if text[starts[k]] == "," and ctx.tok_ends[k] == starts[k] + 1), None)
    if j is None:
        return e
    k = j + 1
    while k < e and doc[k].is_quote:
        k += 1  # the comma may sit inside the quotation that closes before the phrase
    t = doc[k] if k < e else None
    if t is None or t.dep_ != "prep" or t.lower_ not in ctx.patterns.lists.get("setting_preps", frozenset()) \
            or ctx.in_quote(k) or t.right_edge.i + 1 < e:
        return e
    obj = first_child(t, ("pobj",), ctx=ctx)
    if obj is None or obj.lemma_.lower() not in ctx.patterns.lists.get("setting_nouns", frozenset()):
        return e
    return k if ctx.in_quote(j) else j


def _attribution_words(ctx: Context, cue: Cue | None, s: int, e: int) -> tuple[int, int] | None:
    """Inside a clause that holds its own cue (the parser made the cue's
    clause part of the complement), the cue with its subject and adverbs."""
    if cue is None or not s <= cue.head < e:
        return None
    v = ctx.doc[cue.head]
    subj = subject_of(v, ctx)
    starts = [v.i] + [c.left_edge.i for c in ctx.children(v)
                      if c.dep_ in ("nsubj", "nsubjpass", "advmod", "aux", "neg")]
    if subj is not None and subj.i < v.i:
        starts.append(subj.left_edge.i)  # "She then went on to say, ...": the speaker onward
    hi = max([cue.last] + [c.right_edge.i for c in ctx.children(v)
                           if c.dep_ in ("advmod", "npadvmod", "prep") and c.i > v.i
                           and not any(g.dep_ in ("ccomp",) for g in ctx.children(c))]) + 1
    return min(starts), hi


@cutters.register("phrase")
def phrase(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
           ) -> tuple[int, int] | None:
    """A noun-phrase target without the author's additions after it."""
    head = nodes[names[0]]
    assert head is not None  # build_match cuts only once the first content node is bound
    s, e = subtree_span(head)
    e = _cut_additions(ctx, head, s, e)
    heads = {head.i} | ({cue.head, cue.last} if cue is not None else set())
    e = _infinitive_after(ctx, heads, e)
    return _finish(ctx, s, e, cue)


@cutters.register("object")
def object_(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
            ) -> tuple[int, int] | None:
    """A stance or reporting verb's object, with what the parser hung on the
    verb after it but belongs to the target: "welcomed the cooperation
    [across many fields] [to improve the rules]". Phrases about the
    act itself (its time, place, occasion) stay out."""
    head = nodes[names[0]]
    assert head is not None  # build_match cuts only once the first content node is bound
    s, e = subtree_span(head)
    while e - 1 > s and not _is_word(ctx.doc[e - 1]) and ctx.doc[e - 1].text != ")":
        e -= 1  # a comma the parser hung on the object is no addition
    e = _cut_reported_identification(ctx, s, e)
    cut = _cut_setting(ctx, head, s, _cut_additions(ctx, head, s, _close_list(ctx, head, e)))
    if cut == e and cue is not None:
        e = _extend_on_verb(ctx, ctx.doc[cue.head], e)
        e = _contact_relative(ctx, s, e)
        e = _inverted_partitive(ctx, cue, e)
    else:
        e = cut
    ent = ctx.ent_of(e - 1)
    if ent is not None and ent.end > e and ent.start >= s:
        e = ent.end  # never cut inside a name: "supports Clean Rivers First"
    return _finish(ctx, s, e, cue)


def _close_list(ctx: Context, head: Token, e: int) -> int:
    """A list has one last "and": in "backed schools, clinics, and farms, and
    within a year the town grew", the parser hung the next clause's first
    words on the list as one more member. The target ends before the comma
    of the second closing "and"."""
    members = list_members(head, ctx)
    closers = sorted(c.i for m in members for c in ctx.children(m)
                     if c.dep_ == "cc" and c.lower_ in ("and", "or") and c.i < e)
    if len(closers) < 2:
        return e
    k = closers[1]
    doc = ctx.doc
    if doc[k - 1].text != "," or ctx.in_quote(k) or not any(m.i < k for m in members[2:]):
        return e
    return k - 1


def _inverted_partitive(ctx: Context, cue: Cue, e: int) -> int:
    """"lists a group of steps, many of which can be done now, that should
    help ...": the parser may make the partitive relative clause the
    sentence's main clause, with the cue under it. The target runs on to
    the sentence end, as the relative clause describes it."""
    doc = ctx.doc
    if e + 1 >= len(doc) or doc[e].text != "," or ctx.in_quote(e) or not partitive_relative(doc[e + 1], ctx):
        return e
    verb = doc[e + 1].head
    if verb.pos_ not in ("VERB", "AUX"):
        return e
    if verb.head.i == cue.head and verb.dep_ in ("ccomp", "conj", "advcl"):
        return _within_sentence(ctx, verb, e, ctx.sentence(verb.i)[1])[1]  # hung on the cue as its clause
    if verb.i not in {a.i for a in doc[cue.head].ancestors}:
        return e  # a relative clause hung where it belongs is judged as one (`_cut_additions`)
    return _within_sentence(ctx, verb, e, verb.right_edge.i + 1)[1]


def _relative_on_object(ctx: Context, cue: Cue, head: Token) -> bool:
    """A clause after the cue's object whose subject is a relative pronoun
    ("lists a dozen repairs ..., that will make it safe") describes the
    object; it is no clause the cue reports."""
    subj = first_child(head, ("nsubj", "nsubjpass"), ctx=ctx)
    if subj is None or subj.i < cue.head or subj.lower_ not in ctx.patterns.pronouns.get("relative", ()) \
            or subj.lower_ == "that" and ctx.doc[subj.i - 1].text != ",":
        return False  # ("told reporters that would be a mistake": "that" is the clause's own subject)
    return any(c.dep_ == "dobj" and cue.head < c.i < subj.i for c in ctx.children(ctx.doc[cue.head]))


def _partitive_relative(ctx: Context, head: Token) -> bool:
    """"many of which can be done": a clause whose subject is a partitive
    relative phrase describes a noun before it; it reports nothing."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and partitive_relative(c, ctx) for c in ctx.children(head))


def _contact_relative(ctx: Context, s: int, e: int) -> int:
    """A relative clause with no pronoun right after the object belongs to
    the object, wherever the parser hung it: "listed the repairs the crews
    will make this year"."""
    doc = ctx.doc
    if e >= len(doc) or not _is_word(doc[e]) or ctx.in_quote(e):
        return e
    t = doc[e]
    while t.head.i != t.i and t.head.left_edge.i == e and t.head.i > e:
        t = t.head
    if t.dep_ != "relcl" or t.left_edge.i != e or t.head.i >= s or doc[e].tag_ in ("WDT", "WP", "WP$"):
        return e
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i for c in ctx.children(t)):
        return _within_sentence(ctx, t, e, _cut_additions(ctx, t, e, t.right_edge.i + 1))[1]
    return e


def _cut_after_whole_quotation(ctx: Context, s: int, e: int) -> int:
    """End a content that opens with a whole quotation before a clause the
    author joins to it: 'said “We lost,” and the crowd went home'."""
    doc = ctx.doc
    q = ctx.quote_of(s)
    if q is None or ctx.token_at(q.open) not in (s, s - 1):
        return e
    k = ctx.token_at(q.end - 1) + 1
    while k < e and doc[k].is_punct:
        k += 1
    if k < e and doc[k].dep_ == "cc" and k + 1 < e:
        verb = doc[k].head
        conj = next((c for c in ctx.children(verb) if c.dep_ == "conj" and c.i > k), None)
        if conj is not None and first_child(conj, ("nsubj", "nsubjpass"), ctx=ctx) is not None:
            return ctx.token_at(q.end - 1) + 1
    return e


def _cut_reported_identification(ctx: Context, s: int, e: int) -> int:
    """End a target before a relative clause at its end in which someone
    else reports it: "backed the plan [that the governor announced]" names
    the plan by another's report, a claim of that other, not of the speaker."""
    doc = ctx.doc
    relative = ctx.patterns.pronouns.get("relative", frozenset())
    for t in doc[s:e]:
        if t.dep_ != "relcl" or t.right_edge.i + 1 < e or t.i not in ctx.cue_heads or ctx.in_quote(t.i):
            continue
        subj = first_child(t, ("nsubj",), ctx=ctx)
        if subj is None or subj.lower_ in relative:
            continue
        k = t.left_edge.i
        return k if k > s else e
    return e


def _cut_setting(ctx: Context, head: Token, s: int, e: int) -> int:
    """A phrase at the end of a target about the act rather than the target:
    its time ("announced a ceasefire [on Monday]") or its occasion ("cited
    the costs [in his statement]")."""
    doc, lists = ctx.doc, ctx.patterns.lists
    times = lists.get("time_entities", frozenset())
    settings = lists.get("setting_nouns", frozenset())
    grounds = lists.get("grounds_participles", frozenset())
    for c in ctx.children(head):
        if c.dep_ == "acl" and c.lemma_.lower() in grounds and c.i > head.i and c.right_edge.i + 1 >= e \
                and not ctx.in_quote(c.i) and any(p.lower_ in ("on", "upon") for p in ctx.children(c)):
            return c.i  # "defended the claim based on the coastline": the grounds of the act, not the target
        if c.dep_ != "prep" or c.i <= head.i or c.right_edge.i + 1 < e:
            continue
        obj = first_child(c, ("pobj",), ctx=ctx)
        if obj is not None and (obj.ent_type_ in times or obj.lemma_.lower() in settings):
            k = c.i
            while k > s and not _is_word(doc[k - 1]):
                k -= 1
            return k if k > s else e
    return e


def _extend_on_verb(ctx: Context, v: Token, e: int) -> int:
    """Take in the verb's later dependents that continue its object: a
    prepositional phrase, a purpose infinitive, an object the parser hung on
    the verb ("reaffirmed X and Y"). Phrases of time, place or occasion are
    taken only when more of the target follows them."""
    doc, lists = ctx.doc, ctx.patterns.lists
    preps = lists.get("circumstance_preps", frozenset())
    settings = lists.get("setting_nouns", frozenset())
    entities = lists.get("setting_entities", frozenset())
    end = pending = e
    for c in sorted((c for c in ctx.children(v) if c.i >= e), key=lambda c: c.i):
        if c.dep_ in ("cc", "punct") and c.text not in (";", ":", "(") and c.text not in DASHES:
            continue  # "and", a comma: judged with what follows them
        k = c.left_edge.i
        gap = [doc[j] for j in range(pending, k)]
        if any(_is_word(t) and t.dep_ != "cc" for t in gap) or any(t.text in (";", ":") for t in gap):
            break
        if c.dep_ == "prep" or c.lemma_ in KEEP_ADDITIONS:
            if c.lower_ in preps:
                break
            obj = first_child(c, ("pobj", "pcomp"), ctx=ctx)
            if obj is not None and obj.dep_ == "pcomp" and first_child(obj, ("nsubj",), ctx=ctx) is not None:
                break  # "..., with Lee describing X": a clause of its own, the author's addition
            if obj is not None and (obj.lemma_.lower() in settings or obj.ent_type_ in entities):
                pending = c.right_edge.i + 1  # taken only if more of the target follows
                continue
        elif c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            pass  # "reaffirmed our alignment on X and our goal of Y"
        elif not (c.dep_ in ("xcomp", "advcl") and any(g.dep_ == "aux" and g.lower_ == "to" for g in ctx.children(c))
                  and not any(t.is_punct for t in gap)):
            break
        full = c.right_edge.i + 1
        end = pending = _cut_additions(ctx, c, c.left_edge.i, full)
        if end < full:
            break  # the author's aside ends the target: "trade and the effort to X, which ..."
    return end


@cutters.register("infinitive")
def infinitive(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
               ) -> tuple[int, int] | None:
    """A to-infinitive or gerund with its complements ("to" included), without
    a time or occasion phrase at its end ("announced leaving the venture [in May]")."""
    head = nodes[names[0]]
    assert head is not None  # build_match cuts only once the first content node is bound
    s, e = subtree_span(head)
    e = cut_before_conjunct(ctx, head, s, e)
    e = _cut_reported_identification(ctx, s, e)
    e = _cut_setting(ctx, head, s, e)
    return _finish(ctx, s, e, cue)


def _trailed_relative(ctx: Context, h: Token, cue: Cue | None) -> bool:
    """Whether `h` is a "when", "where" or "who" clause at the end of its
    sentence with the adjunct cue hung on it last."""
    if cue is None or h.dep_ not in ("relcl", "advcl") or h.head.i == h.i or cue.head <= h.i \
            or ctx.doc[cue.head].head.i != h.i:
        return False
    if ctx.doc[h.left_edge.i].lower_ not in ctx.patterns.lists.get("sentence_relatives", frozenset()):
        return False  # "which" clauses give a fact of their own (`_trailing_addition`)
    return all(c.is_punct for c in ctx.children(h) if c.i > cue.head)


@cutters.register("host")
def host(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
         ) -> tuple[int, int] | None:
    """The clause an adjunct attribution hangs on ("according to X", "she
    said", "reportedly"), without the attribution when it stands at an edge."""
    h = nodes[names[0]]
    assert h is not None  # build_match cuts only once the first content node is bound
    if cue is not None and relayed_by_outlet(ctx, ctx.doc[cue.head]) is not None:
        # "X, the governor said, the Gazette reported": X is the clause the outlet reported
        inner = first_child(h, tuple(ctx.patterns.lists.get("clause_deps", ("ccomp",))))
        if inner is not None and inner.i < cue.head:
            h = inner
    for _ in range(2):
        while h.head.i != h.i and (h.pos_ not in ("VERB", "AUX") or h.dep_ in CLIMB_TO_CLAUSE
                                   or h.dep_ in ("advcl", "prep", "csubj") and h.tag_ in ("VBG", "VBN")):
            # "The team, as quoted by the paper, is tired": the clause, not the noun;
            # "a bus running a red light, according to X": the whole sentence.
            h = h.head
        if not _trailed_relative(ctx, h, cue):
            break
        h = h.head  # "Turnout was low in 2019, when few voted, according to X": X vouches for the sentence
    s, e = subtree_span(h)
    ss, se = ctx.sentence(h.i)
    s, e = _within_sentence(ctx, h, max(s, ss), min(e, se))
    e = _over_dash_aside(ctx, h, e)
    s, e = _quoted_side(ctx, s, e, _own_tokens(ctx, cue))
    s, e = _leave_out(ctx, s, e, _own_tokens(ctx, cue))
    if cue is not None and cue.cls == "evidential":
        s = _trailing_addition(ctx, s, e, cue)
    summary = nodes.get("summary")
    if summary is not None:  # "X, a point the mayor conceded": the summing-up noun is the attribution's
        s, e = _leave_out(ctx, s, e, subtree_span(summary))
    e = _cut_before_next_report(ctx, h, s, e)
    e = _cut_additions(ctx, h, s, e)
    return _finish(ctx, s, e, cue)


@cutters.register("quote")
def quote(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
          ) -> tuple[int, int] | None:
    """The quotation that holds the node, or starts within two tokens after it."""
    tok = nodes[names[0]]
    assert tok is not None  # build_match cuts only once the first content node is bound
    for i in range(tok.i, min(len(ctx.doc), tok.i + 3)):
        q = ctx.quote_of(i)
        if q is not None:
            return ctx.quote_text(q)
    return None


@cutters.register("span")
def span(ctx: Context, nodes: Mapping[str, Token | None], names: tuple[str, ...], cue: Cue | None
         ) -> tuple[int, int] | None:
    """From the first to the last of several nodes, each with its subtree:
    the addressee and the action of a directive, "X as Y"."""
    toks = cast("list[Token]", [nodes[n] for n in names if nodes.get(n) is not None])  # the bound nodes only
    if not toks:
        return None
    s = min(t.left_edge.i for t in toks)
    last = max(toks, key=lambda t: t.right_edge.i)
    e = last.right_edge.i + 1
    e = _cut_additions(ctx, last, s, e)
    e = cut_before_conjunct(ctx, last, s, e)
    return _finish(ctx, s, e, cue)
