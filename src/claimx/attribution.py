"""Attribution: linking quotes and cues to their content, speaker and via.

This module holds what every rule shares: the document context, the
syntax helpers (subject, mention, appositive title), filling in via,
addressee and time, and choosing among overlapping drafts. The rules
themselves live in `quote_rules` and `cue_rules`; each rule in
`patterns/core/rules.toml` names one of them. A handler
reads the parse around a quote or a cue and returns `Draft`s: content span,
speaker mention, cue, via, addressee, time. Handlers run in the order of the
rules file; later ones see what earlier ones found (a quote paragraph that
continues the previous speaker needs that speaker). Names are resolved
afterwards, document-wide, in `resolve`.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .cues import Cue
from .outlets import OutletMention
from .patterns import PatternSet, Rule
from .quotes import Quote

log = logging.getLogger(__name__)


class RuleTimeoutWarning(UserWarning):
    """A pattern-file regex ran out of time on a document."""

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents that are not part of a speaker mention ("Ali Shamkhani, secretary
# of ..., said": the appositive is a title, not the mention).
NOT_IN_MENTION = ("appos", "relcl", "acl", "advcl", "punct", "parataxis", "cc")
SENT_END = frozenset(".!?")
TRIM_CHARS = " \t\n\r,;:—–-"


@dataclass
class Draft:
    """A claim before its speaker's name is resolved."""

    content: tuple[int, int]  # character offsets
    rule: Rule
    cue: Cue | None = None
    speaker: tuple[int, int] | None = None  # token span of the mention
    name_span: tuple[int, int] | None = None  # token span naming the speaker when there is no mention
    title: tuple[int, int] | None = None  # token span
    via: str | None = None
    addressee: tuple[int, int] | None = None  # token span
    time: tuple[int, int] | None = None  # token span
    stance: str = "neutral"
    quote: Quote | None = None  # the quotation that is the whole content
    continues: "Draft | None" = None  # a quote paragraph continuing this claim's speaker
    anonymous: bool = False  # agentless: nobody named
    outlet_speaker: bool = False


@dataclass
class Context:
    """Everything a handler may read about one document."""

    doc: object
    text: str
    patterns: PatternSet
    quotes: list[Quote]  # top-level quotations, by offset
    cues: list[Cue]
    outlets: list[OutletMention]
    author: str | None = None
    tok_starts: list[int] = field(default_factory=list)
    tok_quote: list[int] = field(default_factory=list)  # index into quotes, or -1
    cue_at: dict[int, Cue] = field(default_factory=dict)  # by head token and start token
    para_starts: list[int] = field(default_factory=list)
    headline_paras: set[int] = field(default_factory=set)
    attributed: dict[int, Draft] = field(default_factory=dict)  # quote index -> draft
    ents: list = field(default_factory=list)  # doc.ents, built once (spaCy rebuilds it per access)
    tok_ent: list[int] = field(default_factory=list)  # index into ents, or -1

    def __post_init__(self) -> None:
        from spacy.attrs import IDX

        doc = self.doc
        self.tok_starts = doc.to_array([IDX]).ravel().tolist() if len(doc) else []
        self.tok_quote = [-1] * len(doc)
        for qi, q in enumerate(self.quotes):
            # Tokens from the opening mark to the closing mark, marks included.
            a = bisect_right(self.tok_starts, q.open - 1)
            b = bisect_right(self.tok_starts, q.close)
            for i in range(a, b):
                self.tok_quote[i] = qi
        self.quote_opens = [q.open for q in self.quotes]
        self.outlet_starts = [m.start for m in self.outlets]
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.tok_ent = [-1] * len(doc)
        for k, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.tok_ent[i] = k
        for c in self.cues:
            self.cue_at.setdefault(c.head, c)
            self.cue_at.setdefault(c.start, c)
        self.para_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self.headline_paras = {p for p in range(len(self.para_starts)) if self._is_headline(p)}

    # -- positions ---------------------------------------------------------
    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def para_span(self, p: int) -> tuple[int, int]:
        start = self.para_starts[p]
        end = self.para_starts[p + 1] - 1 if p + 1 < len(self.para_starts) else len(self.text)
        return start, end

    def token_at(self, char: int) -> int:
        """Index of the token that starts at or before `char`."""
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def in_quote(self, i: int) -> bool:
        return self.tok_quote[i] >= 0

    def outlets_between(self, lo: int, hi: int) -> list[OutletMention]:
        """Outlet mentions starting at tokens lo..hi-1 (bisect, not a scan)."""
        return self.outlets[bisect_left(self.outlet_starts, lo):bisect_left(self.outlet_starts, hi)]

    def outlet_before(self, i: int) -> OutletMention | None:
        k = bisect_left(self.outlet_starts, i)
        return self.outlets[k - 1] if k else None

    def ents_between(self, lo: int, hi: int) -> list:
        return self.ents[bisect_left(self.ent_starts, lo):bisect_left(self.ent_starts, hi)]

    def ent_of(self, i: int):
        k = self.tok_ent[i]
        return self.ents[k] if k >= 0 else None

    def _is_headline(self, p: int) -> bool:
        # Sub-headings: short paragraphs without closing punctuation ("Pipe Dream").
        s, e = self.para_span(p)
        line = self.text[s:e].strip()
        if not line:
            return False
        return line[-1] not in ".!?\"”’»:)…" and len(line.split()) <= 12

    # -- spans -------------------------------------------------------------
    def chars(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        doc = self.doc
        return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1])

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
        s, e = self._balance_marks(s, e)
        return s, e

    def _balance_marks(self, s: int, e: int) -> tuple[int, int]:
        opens = set("“\"«„‘'‹")
        closes = set("”\"»“’'›")
        text = self.text
        if s < e and text[s] in opens and not any(q.open == s and q.close < e for q in self._quotes_near(s)):
            s += 1
        if e > s and text[e - 1] in closes and not any(q.close == e - 1 and q.open >= s for q in self._quotes_near(e - 1)):
            e -= 1
        return s, e

    def _quotes_near(self, char: int):
        # Top-level quotations do not overlap: only the last one opening at
        # or before `char` can hold it.
        k = bisect_right(self.quote_opens, char)
        return [self.quotes[k - 1]] if k and self.quotes[k - 1].close >= char else []


# ---------------------------------------------------------------------------
# Syntax helpers
# ---------------------------------------------------------------------------

def is_passive(v) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def agent_of(v):
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def subject_of(v, ctx: Context, depth: int = 0):
    """The token naming who performs the cue verb `v`, or None (never a token
    from another paragraph: a sub-heading is nobody's subject)."""
    subj = _subject_of(v, ctx, depth)
    if subj is not None and ctx.para_of(subj.idx) != ctx.para_of(v.idx):
        return None
    return subj


def _subject_of(v, ctx: Context, depth: int = 0):
    """The token naming who performs the cue verb `v`, or None.

    Walks up through conjoined, participial and infinitival verbs ("...,
    noting that", "rejected X and added"), and from a relative clause to the
    noun it modifies ("an official who said").
    """
    if depth > 6:
        return None
    if v.lemma_ == "quote":
        # "X was quoted by ISNA as saying": X speaks, the agent is the via.
        quoted = first_child(v, ("nsubjpass",))
        if quoted is not None:
            return quoted
    agent = agent_of(v)
    if agent is not None:
        return agent
    relative = ctx.patterns.pronouns.get("relative", frozenset())
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and v.lemma_ == "quote"):
            if c.lower_ in relative and v.dep_ == "relcl":
                return v.head
            if c.lower_ in ("it", "there") and c.dep_ == "nsubj" and any(x.dep_ in ("ccomp",) for x in v.children) and v.lemma_ == "be":
                return None
            return c
        if c.dep_ == "nsubjpass":
            return None  # agentless passive: "it was reported that ..."
    if v.dep_ == "relcl":
        return v.head
    if v.dep_ == "conj" and v.tag_ == "VBD" and v.head.dep_ == "ccomp" and v.head.tag_ != "VBD":
        return subject_of(v.head.head, ctx, depth + 1)  # the speaker's next act (see _cut_before_conjunct)
    if v.dep_ in ("conj", "advcl", "xcomp", "pcomp") and v.head is not v and v.head.pos_ in ("VERB", "AUX"):
        return subject_of(v.head, ctx, depth + 1)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(v.head.head, ctx, depth + 1)  # "underlined the call by saying"
    if v.dep_ == "acl" and v.tag_ == "VBD" and v.sent.root is not v and v.sent.root.i < v.i:
        # A finite past verb parsed as a noun modifier ("… think tank called
        # the agreement …") is the sentence's main act: its subject is the root's.
        return _subject_of(v.sent.root, ctx, depth + 1)
    return None


def mention_span(head, ctx: Context) -> tuple[int, int]:
    """The token span of a speaker mention headed by `head`: premodifiers,
    possessors and conjuncts, without appositives and relative clauses."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for c in tok.children:
            if c.dep_ in NOT_IN_MENTION:
                continue
            if c.dep_ == "case" and c.head.i == head.i:
                continue
            if c.dep_ == "prep" and c.i > head.i and not (_of_names_place(c) or _holds_person(c)):
                continue
            if ctx.in_quote(c.i) and not ctx.in_quote(head.i):
                continue
            keep.add(c.i)
            stack.append(c)
    start, end = min(keep), max(keep) + 1
    doc = ctx.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("case", "cc")):
        end -= 1
    return start, end


def _of_names_place(prep) -> bool:
    # "Crown Prince Mohammad bin Salman of Saudi Arabia", "the secretary of state"
    return prep.lower_ == "of" and any(g.dep_ == "pobj" and g.pos_ in ("PROPN", "NOUN") for g in prep.children)


def _holds_person(prep) -> bool:
    # "Special Agent in Charge Robert Tripp", "Ambassador to the United
    # Nations Nikki Haley": the name sits inside the phrase.
    sub = list(prep.subtree)
    return any(t.ent_type_ == "PERSON" for t in sub) or (
        len(sub) >= 3 and sub[-1].pos_ == "PROPN" and sub[-2].pos_ == "PROPN" and prep.head.pos_ in ("PROPN", "NOUN")
        and prep.head.text[:1].isupper())


def appositive_title(head, ctx: Context) -> tuple[int, int] | None:
    for c in head.children:
        if c.dep_ == "appos":
            s, e = c.left_edge.i, c.right_edge.i + 1
            while s < e and ctx.doc[s].is_punct:
                s += 1
            while e > s and ctx.doc[e - 1].is_punct:
                e -= 1
            if e > s:
                return s, e
    return None


def subtree_span(tok) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def first_child(v, deps, after: int | None = None):
    for c in v.children:
        if c.dep_ in deps and (after is None or c.i > after):
            return c
    return None


def is_negated(v) -> bool:
    return any(c.dep_ == "neg" for c in v.children)


# ---------------------------------------------------------------------------
# Filling in a draft's attributing clause
# ---------------------------------------------------------------------------

def fallback_subject(v, ctx: Context):
    """A speaker the parser failed to attach: the noun phrase right before the
    cue ("... , Ken Gude said") or right after it ("said Matthew Olsen")."""
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and (doc[k].dep_ in ("aux", "auxpass", "advmod", "neg") or doc[k].pos_ == "ADV"):
        k -= 1
    if k >= 0 and not ctx.in_quote(k) and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and "\n" not in doc[k].whitespace_:
        return _np_head(doc[k])
    k = v.i + 1
    stop = min(len(doc), v.i + 8)
    while k < stop and not ctx.in_quote(k) and doc[k].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PUNCT") and doc[k].text not in ".,;:":
        if doc[k].pos_ == "PROPN" or (doc[k].pos_ == "NOUN" and doc[k].dep_ in ("nsubj", "dobj", "attr", "npadvmod")):
            return _np_head(doc[k])
        k += 1
    return None


def _np_head(tok):
    while tok.dep_ in ("compound", "flat", "amod", "nmod") and tok.head is not tok and tok.head.i > tok.i:
        tok = tok.head
    return tok


def attach_speaker(draft: Draft, v, ctx: Context) -> None:
    subj = subject_of(v, ctx)
    if subj is not None and ctx.in_quote(subj.i) and not ctx.in_quote(v.i):
        subj = None
    if subj is None and not is_passive(v) and v.dep_ not in ("relcl", "acl"):
        subj = fallback_subject(v, ctx)
    if subj is None:
        draft.anonymous = True
        return
    if subj.lower_ in ctx.patterns.pronouns.get("relative", ()):
        return
    draft.speaker = mention_span(subj, ctx)
    draft.title = appositive_title(subj, ctx)


def fill_clause(draft: Draft, v, ctx: Context) -> None:
    """Via, addressee and time from the dependents of the cue verb `v`."""
    doc = ctx.doc
    cs, ce = draft.content
    skip = set()
    if draft.speaker:
        skip.update(range(*draft.speaker))
    if v.head.lower_ == "as" and v.head.head.lemma_ == "quote":
        v = v.head.head  # "was quoted by ISNA as saying": the whole phrase is the attribution
    lo, hi = v.left_edge.i, v.right_edge.i + 1
    # The cue's own clause, without the content and the speaker.
    clause = [i for i in range(lo, hi) if i not in skip and not (cs <= doc[i].idx < ce)]
    clause_set = set(clause)
    for m in ctx.outlets_between(lo, hi):
        if m.start in clause_set and not ctx.in_quote(m.start) and m.name != ctx.author:
            draft.via = m.name
            break
    if draft.via is None and v.lemma_.lower() in ctx.patterns.channel_verbs:
        draft.via = ctx.patterns.channel_verbs[v.lemma_.lower()]
    if v.lemma_ in ctx.patterns.frames.get("addressee_object", ()):
        for c in v.children:
            if c.dep_ in ("dobj", "dative", "iobj") and c.i in clause_set:
                draft.addressee = mention_span(c, ctx)
                break
    for ent in ctx.ents_between(lo, hi):
        if ent.label_ in ("DATE", "TIME") and ent.start in clause_set and ent.end - 1 in clause_set:
            s = ent.start
            if s > 0 and doc[s - 1].dep_ == "prep" and doc[s - 1].i in clause_set:
                s -= 1
            draft.time = (s, ent.end)
            break


def quote_content(ctx: Context, q: Quote) -> tuple[int, int]:
    """The quoted text without edge spaces and without a comma or full stop
    just inside the closing mark (GUIDELINES: the marks and that punctuation
    are not part of the claim)."""
    s, e = q.content
    text = ctx.text
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and (text[e - 1] == "," or text[e - 1] == "." and text[e - 2:e] != ".."):
        e -= 1
    return s, e


def new_draft(ctx: Context, rule: Rule, content, cue: Cue | None, v=None, **kw) -> Draft | None:
    s, e = ctx.trim(*content) if not kw.get("quote") else quote_content(ctx, kw["quote"])
    if e - s < 2 or not any(ch.isalnum() for ch in ctx.text[s:e]):
        return None
    stance = rule.stance or (cue.stance if cue else "neutral")
    d = Draft(content=(s, e), rule=rule, cue=cue, stance=stance, **kw)
    if v is not None:
        attach_speaker(d, v, ctx)
        fill_clause(d, v, ctx)
    return d


# The rule mechanisms, by the name pattern files give them. Imported last:
# the rule modules build on the helpers above.
from .cue_rules import (  # noqa: E402
    according_to, adverb, characterise, cue_pattern, directive, noun_clause, phrase_object, regex_rule,
    verb_clause, verb_infinitive, verb_object,
)
from .quote_rules import (  # noqa: E402
    quote_continuation, quote_label, quote_leading, quote_same_paragraph, quote_trailing,
)

HANDLERS = {
    "cue_pattern": cue_pattern,
    "quote_trailing": quote_trailing,
    "quote_leading": quote_leading,
    "quote_same_paragraph": quote_same_paragraph,
    "quote_label": quote_label,
    "quote_continuation": quote_continuation,
    "verb_clause": verb_clause,
    "verb_infinitive": verb_infinitive,
    "verb_object": verb_object,
    "directive": directive,
    "phrase_object": phrase_object,
    "characterise": characterise,
    "according_to": according_to,
    "noun_clause": noun_clause,
    "adverb": adverb,
    "regex": regex_rule,
}


def attribute(ctx: Context) -> list[Draft]:
    """Run every rule in order and return the surviving drafts, by offset."""
    drafts: list[Draft] = []
    for rule in ctx.patterns.rules:
        try:
            drafts.extend(HANDLERS[rule.handler](ctx, rule, drafts))
        except Exception:  # a rule must never take the document down
            log.exception("claimx rule %r failed on a document; its results were skipped", rule.id)
    return select(drafts, ctx)


def select(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Keep the best draft where several cover the same content. Kept drafts
    are indexed by start offset, so each candidate meets only its neighbours."""
    ranked = sorted(drafts, key=lambda d: (-d.rule.confidence, d.content))
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


def _same_claim(a: Draft, b: Draft) -> bool:
    ov = min(a.content[1], b.content[1]) - max(a.content[0], b.content[0])
    if ov <= 0:
        return False
    longer = max(a.content[1] - a.content[0], b.content[1] - b.content[0])
    same_cue = a.cue is not None and b.cue is not None and a.cue.head == b.cue.head
    return ov * 2 >= longer or same_cue and ov > 0
