"""Attribution: from frame matches to complete attributions (`Draft`s).

A frame gives a content span, a cue and the head word of the speaker. This
step adds what every attribution needs the same way, whatever frame found
it: the speaker mention's span and appositive title, the via (an outlet or
channel in the attributing clause), the addressee and the time. Then it
chooses among drafts that cover the same claim, and keeps a report nested in
another's content as a claim of its own.

Frames run in two stages: first every cue and quotation frame; then the
kinds that continue an earlier attribution (a quotation that continues the
previous speaker) see what the first stage found. Names are resolved
afterwards, document-wide, in `resolve`.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .context import Context
from .cues import Cue
from .frames import run_frames
from .matches import Match
from .quotes import Quote
from .schema import Frame
from .syntax import (MAX_DEPTH, SUBJECT_DEPS, appositive_title, chained_participle, first_child, mention_span,
                     relayed_by_outlet, reporters_next_act)

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)


@dataclass
class Draft:
    """A claim before its speaker's name is resolved."""

    content: tuple[int, int]  # character offsets
    frame: Frame
    cue: Cue | None = None
    cue_span: tuple[int, int] | None = None  # token span shown as the cue
    speaker: tuple[int, int] | None = None  # token span of the mention
    name_span: tuple[int, int] | None = None  # token span naming the speaker when there is no mention
    title: tuple[int, int] | None = None  # token span
    via: str | None = None
    addressee: tuple[int, int] | None = None  # token span
    time: tuple[int, int] | None = None  # token span
    stance: str = "neutral"
    quote: Quote | None = None  # the quotation that is the whole content
    continues: "Draft | None" = None  # an earlier draft whose speaker this one continues
    anonymous: bool = False  # agentless: nobody named
    cue_tokens: tuple[int, ...] = ()
    cue_char: int | None = None  # where the cue's first word starts

    @property
    def cue_lemma(self) -> str | None:
        return self.cue.lemma if self.cue is not None else None


def attribute(ctx: Context) -> list[Draft]:
    """Run every frame and return the surviving drafts, by offset."""
    frames = ctx.patterns.frames
    main = [f for f in frames if f.stage == "main"]
    pending: dict[int, Match] = {}  # id of a draft -> the match it is still to be completed from
    drafts = _complete_kept(ctx, select(ctx, _drafts(ctx, _run(ctx, main, []), pending)), pending)
    for frame in (f for f in frames if f.stage != "main"):
        more = _drafts(ctx, _run(ctx, [frame], drafts), pending)
        if more:
            drafts = _complete_kept(ctx, select(ctx, drafts + more), pending)
    return drafts


def _drafts(ctx: Context, matches: list[Match], pending: dict[int, Match]) -> list[Draft]:
    """The drafts of these matches with what choosing among them reads;
    the rest (`_complete`) waits in `pending` until they are chosen: a
    fifth or so of them never are."""
    out = []
    for m in matches:
        d = _selectable(ctx, m)
        if d is not None:
            out.append(d)
            pending[id(d)] = m
    return out


def _complete_kept(ctx: Context, kept: list[Draft], pending: dict[int, Match]) -> list[Draft]:
    """Complete the chosen drafts still pending (the later stages read them
    whole) and forget the rest (their ids may come again)."""
    for d in kept:
        m = pending.pop(id(d), None)
        if m is not None:
            _complete(ctx, d, m)
    pending.clear()
    return kept


def _run(ctx: Context, frames: list[Frame], prior: list[Draft]) -> list[Match]:
    out: list[Match] = []
    for frame in frames:
        try:
            out.extend(run_frames(ctx, [frame], prior))
        except Exception:  # one frame must never take the document down
            log.exception("claimx frame %r failed on a document; its results were skipped", frame.id)
    return out


def to_draft(ctx: Context, m: Match) -> Draft | None:
    """Complete a match: mention span and title of the speaker, via,
    addressee and time from the attributing clause."""
    d = _selectable(ctx, m)
    if d is not None:
        _complete(ctx, d, m)
    return d


def _selectable(ctx: Context, m: Match) -> Draft | None:
    """A match's draft with what `select` reads (content, cue, quotation),
    or None for a match that is no claim; `_complete` adds the rest."""
    s, e = m.content
    if e - s < 2 or not any(ch.isalnum() for ch in ctx.text[s:e]):
        return None
    quote = m.quote
    if quote is None:
        near = ctx.quotes_near(s)
        if near and ctx.quote_text(near[0]) == (s, e):
            quote = near[0]
    d = Draft(content=(s, e), frame=m.frame, cue=m.cue, stance=m.stance, quote=quote, anonymous=m.anonymous,
              name_span=m.name_span, via=m.via, cue_tokens=m.cue_tokens)
    if m.cue_tokens:
        d.cue_span = (min(m.cue_tokens), max(m.cue_tokens) + 1)
        d.cue_char = ctx.doc[d.cue_span[0]].idx
        if _only_cue_words(ctx, m, s, e):
            return None  # "issued a statement on Monday": the statement's words are not given
    if m.cue is not None and ctx.in_quote(m.cue.head) and not _nested_source(ctx, m):
        return None
    prev = m.follows
    if prev is not None:
        if m.shares == "attribution":
            d.cue, d.cue_span, d.cue_tokens, d.cue_char = prev.cue, prev.cue_span, prev.cue_tokens, prev.cue_char
            d.speaker, d.title, d.via, d.anonymous = prev.speaker, prev.title, prev.via, prev.anonymous
            d.name_span = prev.name_span
        else:
            assert isinstance(prev, Draft)  # earlier attributions are this module's drafts
            d.continues = prev
        return d
    if m.speaker_span is not None:
        d.speaker = m.speaker_span
    elif m.speaker is not None:
        sp = m.speaker
        if sp.lower_ in ctx.patterns.pronouns.get("first_person", ()) and not ctx.in_quote(sp.i) \
                and m.stance in ("hedge", "commit"):
            return None  # "we believe ...", outside quotation marks: the author's own view, not a report
        if _relative_pronoun(ctx, sp):
            d.anonymous = False  # "which officials say": the antecedent is found in resolution
    if m.cue is not None and _relays(ctx, ctx.doc[m.cue.head]):
        return None
    return d


def _complete(ctx: Context, d: Draft, m: Match) -> None:
    """The rest of a draft `_selectable` made from `m`: the speaker's
    mention and title, and via, addressee and time from the clause."""
    if m.follows is not None:
        return  # all taken from the earlier attribution
    sp = m.speaker
    if m.speaker_span is None and sp is not None and not _relative_pronoun(ctx, sp):
        d.speaker = mention_span(sp, ctx)
        d.title = appositive_title(sp, ctx)
        who = _relative_subject(ctx, m, sp)
        if who is not None:
            d.speaker = (who.i, who.i + 1)  # "Ann Lee, who said": the mention in the attributing clause
        _pass_on(ctx, d, m)
    if m.anchor is not None:
        fill_clause(ctx, d, m.anchor, m.addressee)
    if ctx.is_author(d.via):
        d.via = None


def _relative_pronoun(ctx: Context, sp: Token) -> bool:
    """A speaker word that is a relative pronoun ("which officials say"), not a possessive one."""
    return sp.lower_ in ctx.patterns.pronouns.get("relative", ()) and sp.dep_ != "poss"


def _only_cue_words(ctx: Context, m: Match, s: int, e: int) -> bool:
    """Whether the content holds nothing but the cue's own words and their
    determiners: a report named, not reported."""
    cue = set(m.cue_tokens)
    a, b = ctx.token_at(s), ctx.token_at(e - 1) + 1
    # (the cue's few words looked at, not every word of the content)
    named = any(a <= i < b and ctx.doc[i].pos_ == "NOUN" for i in cue)
    return named and all(i in cue or ctx.doc[i].dep_ in ("det", "amod", "poss", "nummod") or ctx.doc[i].is_punct
                         for i in range(a, b))


def _relative_subject(ctx: Context, m: Match, antecedent: Token) -> Token | None:
    """The relative pronoun that is the subject of the cue verb, or of the
    clause the cue verb continues, when the speaker found is its antecedent
    ("Ann Lee, who said ...", "who pledged to back ...", "who ended by
    saying ..."); resolution takes it back to the antecedent, as it takes
    "she" to a name."""
    if m.cue is None:
        return None
    v = ctx.doc[m.cue.head]
    relative = ctx.patterns.pronouns.get("relative", frozenset())
    while v.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and v.head.i != v.i and v.dep_ != "relcl":
        v = v.head  # "who said X and added Y", "who pledged to back", "who ended by saying"
    if v.dep_ != "relcl" or v.head.i != antecedent.i:
        return None
    return next((c for c in ctx.children(v) if c.dep_ == "nsubj" and c.lower_ in relative), None)


def _pass_on(ctx: Context, d: Draft, m: Match) -> None:
    """"according to the paper, quoting two aides": the quoted source is the
    speaker, the one who quotes it the via."""
    if m.cue is None or d.speaker is None or m.cue.cls != "evidential":
        return  # only an evidential ("according to", "per") passes another's words on this way
    chain = chained_participle(ctx, ctx.doc[m.cue.head])
    source = first_child(chain, ("dobj",), ctx=ctx) if chain is not None else None
    if source is None:
        return
    s, e = d.speaker
    relay = ctx.text[slice(*ctx.chars(s, e))]
    d.via = None if ctx.is_author(relay) else _bare_name(ctx, s, e, relay)
    d.speaker, d.title, d.name_span = mention_span(source, ctx), appositive_title(source, ctx), None


def _bare_name(ctx: Context, s: int, e: int, text: str) -> str:
    """An outlet's canonical name when the span is one, else the text without a leading article."""
    outlet = ctx.outlet_of(ctx.doc[s])
    if outlet is not None and outlet.end >= e:
        return outlet.name
    return text.removeprefix("The ").removeprefix("the ")


def _relays(ctx: Context, v: Token) -> bool:
    """An outlet's report over a parenthetical report ("X, the governor said,
    the Gazette reported") only relays the governor's words: that claim is
    the governor's, with the outlet as its via (`fill_clause`)."""
    return any(relayed_by_outlet(ctx, c) is not None for c in ctx.children(v) if c.dep_ == "parataxis")


def _nested_source(ctx: Context, m: Match) -> bool:
    """A report inside a quotation counts when it names a source other than
    the quotation's own speaker: not "I think", "as we said", "you know",
    nor an agentless "have been accused of" (GUIDELINES, harder cases). The
    source must be named (an entity) and the cue report, not hedge: inside
    a speaker's own words, "people feel" or "many believe" is that speaker's
    view of others, not a report that reached the text."""
    sp = m.speaker
    if sp is None or not m.frame.nested or sp.pos_ == "PRON" or m.stance == "hedge":
        return False
    if sp.ent_type_.lower() not in ctx.patterns.lists.get("source_entities", frozenset()):
        return False
    own = ctx.patterns.pronouns.get("first_person", frozenset()) | ctx.patterns.pronouns.get("second_person", frozenset())
    assert m.cue is not None  # only called for a match with a cue
    return sp.lower_ not in own and ctx.in_quote(sp.i) == ctx.in_quote(m.cue.head)


def fill_clause(ctx: Context, d: Draft, v: Token, addressee: Token | None) -> None:
    """Via, addressee and time from the clause of the attributing verb `v`."""
    doc = ctx.doc
    cs, ce = d.content
    skip = set(range(*d.speaker)) if d.speaker else set()
    own = {v.i, *(d.cue_tokens or ())}  # the cue's own words, before "as saying" climbs to "quoted"
    quoting = ctx.patterns.lists.get("quoting_verbs", frozenset())
    if v.head.lower_ == "as" and v.head.head.lemma_ in quoting:
        v = v.head.head  # "was quoted by the agency as saying": the whole phrase is the attribution
    own |= {g.i for c in ctx.children(v) if c.lower_ == "as" for g in ctx.children(c)}  # "quoted as saying"
    lo, hi = v.left_edge.i, v.right_edge.i + 1
    # The cue's own clause, without the content and the speaker.
    starts = ctx.tok_starts
    clause = {i for i in range(lo, hi) if i not in skip and not (cs <= starts[i] < ce)}
    if d.via is None:
        for m in ctx.outlets_between(lo, hi):
            if m.start in clause and not ctx.in_quote(m.start) and not ctx.is_author(m.name) \
                    and not _under_other_cue(ctx, doc[m.start], v, own):
                d.via = m.name
                break
    if d.via is None:
        d.via = _speaking_to(ctx, v, min(clause, default=v.i))
    if d.via is None and (relay := relayed_by_outlet(ctx, v)) is not None:
        outlet = ctx.outlet_of(relay)
        d.via = outlet.name if outlet is not None and not ctx.is_author(outlet.name) else None
    if d.via is None and v.lemma_ in quoting and any(c.lower_ == "as" for c in ctx.children(v)) \
            and (quoter := first_child(v, ("nsubj",), ctx=ctx)) is not None \
            and quoter.i not in skip and quoter.pos_ in ("PROPN", "NOUN"):
        # "the paper quoted X as saying": whoever quotes passes the words on
        s, e = mention_span(quoter, ctx)
        name = ctx.text[slice(*ctx.chars(s, e))]
        d.via = None if ctx.is_author(name) else _bare_name(ctx, s, e, name)
    if d.via is None:
        d.via = _posted_on(ctx, v, clause)
    if d.via is None and v.lemma_.lower() in ctx.patterns.channel_verbs:
        d.via = ctx.patterns.channel_verbs[v.lemma_.lower()]
    if addressee is not None and addressee.i in clause:
        d.addressee = mention_span(addressee, ctx)
        if d.via is None and addressee.lower_ == "it":
            # "the paper spoke to the coastguard, who told it ...": "it" is the outlet named just before
            told = ctx.outlet_before(addressee.i)
            if told is not None and ctx.para_of(ctx.doc[told.start].idx) == ctx.para_of(addressee.idx):
                d.via = told.name
    if d.via is None:
        d.via = _conjoined_via(ctx, v)
    for ent in ctx.ents_between(lo, hi):
        if ent.label_ in ("DATE", "TIME") and ent.start in clause and ent.end - 1 in clause:
            s = ent.start
            if s > 0 and doc[s - 1].dep_ == "prep" and doc[s - 1].i in clause:
                s -= 1
            d.time = (s, ent.end)
            break


def _conjoined_via(ctx: Context, v: Token) -> str | None:
    """"told Reuters X and noted Y", "told it X and added Y": a cue sharing the
    subject of a cue told to an outlet before it reached the reader the same way."""
    if v.dep_ != "conj" or first_child(v, SUBJECT_DEPS, ctx=ctx) is not None:
        return None
    # the cue it is joined to, or the one whose reported clause the parser hung it on
    head = v.head if v.head.i in ctx.cue_heads else reporters_next_act(v, ctx)
    if head is None or head.i > v.i:
        return None
    for c in ctx.children(head):
        if c.dep_ not in ("dative", "dobj") or ctx.in_quote(c.i):
            continue
        if c.lower_ == "it":
            told = ctx.outlet_before(c.i)
            if told is not None and ctx.para_of(ctx.doc[told.start].idx) == ctx.para_of(c.idx) \
                    and not ctx.is_author(told.name):
                return told.name
        outlet = ctx.outlet_of(c)
        if outlet is not None and not ctx.is_author(outlet.name):
            return outlet.name
    return None


def _speaking_to(ctx: Context, v: Token, before: int) -> str | None:
    """"Speaking to the Nordic Post, she said ...": an outlet spoken to in a
    phrase that opens the sentence, which the parser may have hung anywhere
    but on the cue, is the via."""
    start = ctx.sentence(v.i)[0]
    for m in ctx.outlets_between(start, min(before, v.i)):
        if ctx.in_quote(m.start) or ctx.is_author(m.name):
            continue
        # "to the Nordic Post", or "to Ann Lee of the Nordic Post": up through the person spoken to
        t = ctx.doc[m.start] if ctx.doc[m.start].dep_ == "pobj" else ctx.doc[m.end - 1]
        for _ in range(4):
            prep = t.head
            if prep.dep_ == "prep" and prep.lower_ in ("to", "with") and prep.head.i in ctx.cue_heads:
                return m.name
            if prep.dep_ != "prep" or prep.head.dep_ not in ("pobj", "appos"):
                break
            t = prep.head
    return None


def _posted_on(ctx: Context, v: Token, clause: set[int]) -> str | None:
    """"wrote on her blog", "said on the club's website": an unnamed channel
    the words appeared on ([outlet_words] nouns) is the via, as its noun
    with its compounds ("blog", "club website" is "website")."""
    for prep in ctx.children(v):
        if prep.dep_ != "prep" or prep.lower_ not in ("on", "in") or prep.i not in clause:
            continue
        for noun in ctx.children(prep):
            if noun.dep_ == "pobj" and noun.lemma_.lower() in ctx.patterns.outlet_nouns and noun.pos_ == "NOUN":
                words = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"] + [noun]
                return " ".join(w.text for w in words)
    return None


def _under_other_cue(ctx: Context, tok: Token, v: Token, own: set[int]) -> bool:
    """Whether `tok` belongs to another report inside `v`'s clause ("says X
    despite the paper claiming Y", "voiced support, telling the paper: ..."):
    an outlet there is that report's, not `v`'s."""
    acts = ctx.patterns.lists.get("speaking_acts", frozenset())
    t = tok.head
    for _ in range(MAX_DEPTH):
        if t.i == v.i or t.head.i == t.i:
            return False
        # A verb of its own: not "speaking to the paper" (the act itself) nor
        # "according to the paper" or "in a DW report" (the channel).
        if t.i in ctx.cue_heads and t.i not in own and t.pos_ == "VERB" and t.dep_ != "prep" \
                and t.lemma_.lower() not in acts:
            return True
        t = t.head
    return False


# ---------------------------------------------------------------------------
# Choosing among drafts
# ---------------------------------------------------------------------------

def select(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Keep one draft per claim. Two drafts are the same claim when their
    contents overlap by half the longer one, or when they share a cue and
    overlap at all; the more confident frame wins, and of one cue's readings
    a reported clause that holds a quotation beats the quotation alone (the
    claim is mixed). A draft whose content lies inside another's, with its
    own cue inside that content, is a nested report and is kept. Two kept
    contents never cross: they are apart or one holds the other.
    Kept drafts are indexed by start offset: each meets only its neighbours."""
    ranked = sorted(_prefer_clauses(ctx, drafts), key=_rank)
    starts: list[int] = []
    kept: list[Draft] = []
    longest = 0
    for d in ranked:
        s, e = d.content
        lo = bisect_left(starts, s - longest)
        hi = bisect_left(starts, e)
        if any(_same_claim(d, k) for k in kept[lo:hi]):
            continue
        k = bisect_right(starts, s)
        starts.insert(k, s)
        kept.insert(k, d)
        longest = max(longest, e - s)
    return kept


def _prefer_clauses(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Of one cue's readings, a reported clause that holds a quotation and
    words of the author's beats the quotation alone: "the plan “will fail”,
    she said" is one mixed claim."""
    by_cue: dict[int, list[Draft]] = {}
    for d in drafts:
        if d.cue is not None:
            by_cue.setdefault(d.cue.head, []).append(d)
    drop: set[int] = set()
    text = ctx.text
    for group in by_cue.values():
        for a in group:
            if a.quote is None or len(group) < 2:
                continue
            q = a.quote
            for b in group:
                s, e = b.content
                if b is a or b.quote is not None or not (s <= q.content[0] and q.close <= e + q.close_len):
                    continue
                outside = text[s:max(s, q.open)] + text[min(e, q.end):e]
                if any(ch.isalnum() for ch in outside):
                    drop.add(id(a))
    return [d for d in drafts if id(d) not in drop]


def _rank(d: Draft) -> tuple[float, int, tuple[int, int]]:
    # Confidence first; of equals, the reading that spans more (a clause
    # holding a quotation over the quotation alone), then by position.
    return (-d.frame.confidence, -(d.content[1] - d.content[0]), d.content)


def _same_claim(a: Draft, b: Draft) -> bool:
    """Whether `a` (being considered) repeats `b` (already kept)."""
    ov = min(a.content[1], b.content[1]) - max(a.content[0], b.content[0])
    if ov <= 0:
        return False
    if nested(a, b) or nested(b, a):
        return False
    (s1, e1), (s2, e2) = a.content, b.content
    if not (s1 <= s2 and e2 <= e1 or s2 <= s1 and e1 <= e2):
        return True  # claims overlap only by nesting: of two that cross, the weaker goes
    same_cue = a.cue is not None and b.cue is not None and a.cue.head == b.cue.head
    if same_cue:
        return True
    longer = max(a.content[1] - a.content[0], b.content[1] - b.content[0])
    return ov * 2 >= longer


def nested(inner: Draft, outer: Draft) -> bool:
    """`inner` is a report inside `outer`'s content, by a cue of its own there."""
    if inner.cue_span is None or inner.cue is None or outer.cue is not None and inner.cue.head == outer.cue.head:
        return False
    (s, e), (os_, oe) = inner.content, outer.content
    if not (os_ <= s and e <= oe and (s, e) != (os_, oe)):
        return False
    return inner.cue_char is not None and os_ <= inner.cue_char < oe
