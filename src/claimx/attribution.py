"""Attribution: linking quotes and cues to their content, speaker and via.

Each rule in `patterns/core/rules.toml` names one handler below. A handler
reads the parse around a quote or a cue and returns `Draft`s: content span,
speaker mention, cue, via, addressee, time. Handlers run in the order of the
rules file; later ones see what earlier ones found (a quote paragraph that
continues the previous speaker needs that speaker). Names are resolved
afterwards, document-wide, in `resolve`.
"""
from __future__ import annotations

import logging
import warnings
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


def _negated(v) -> bool:
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


# ---------------------------------------------------------------------------
# Quote handlers
# ---------------------------------------------------------------------------

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
    for qi, q in enumerate(ctx.quotes):
        if qi in ctx.attributed:
            continue
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
            if starts_here and not _negated(v):
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
    for qi, q in enumerate(ctx.quotes):
        if qi in ctx.attributed:
            continue
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
        if _negated(v) or not _looks_like_speech(ctx, q, int(rule.params.get("min_words", 3))):
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
        ctx.attributed[qi] = d
        out.append(d)
    return out


def quote_label(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Name: “…” — a label attribution names the speaker without a cue."""
    out = []
    max_words = int(rule.params.get("max_words", 5))
    for qi, q in enumerate(ctx.quotes):
        if qi in ctx.attributed:
            continue
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
        ctx.attributed[qi] = d
        out.append(d)
    return out


def quote_continuation(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """A quote paragraph with no attribution continues the previous speaker."""
    out = []
    min_words = int(rule.params.get("min_words", 4))
    by_para: dict[int, Draft] = {}
    for d in sorted(drafts + out, key=lambda d: d.content[0]):
        by_para[ctx.para_of(d.content[0])] = d
    for qi, q in enumerate(ctx.quotes):
        if qi in ctx.attributed:
            continue
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
        ctx.attributed[qi] = d
        by_para[p] = d
        out.append(d)
    return out


# ---------------------------------------------------------------------------
# Cue handlers: the content is a clause, an object, a directive, ...
# ---------------------------------------------------------------------------

def _verb_cues(ctx: Context, phrases: bool = False):
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.pos != "verb" and not (phrases and cue.pos == "phrase" and doc[cue.end - 1].pos_ == "VERB"):
            continue
        v = doc[cue.head]
        if ctx.in_quote(v.i) or _negated(v) or ctx.para_of(v.idx) in ctx.headline_paras:
            continue
        if v.dep_ in ("acl", "amod") and v.tag_ == "VBN" and agent_of(v) is None:
            continue  # "sections deemed dangerous", "the alleged retreat": attributive, not reported
        yield cue, v


def verb_clause(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Shamkhani also said that …; said on Monday Trump is …; Iran, he said, is …"""
    out = []
    doc = ctx.doc
    for cue, v in _verb_cues(ctx, phrases=True):
        last = doc[cue.end - 1]  # "say" in "went on to say"
        comp = first_child(v, ("ccomp",)) or (first_child(last, ("ccomp",)) if last is not v else None)
        if comp is not None and (_beyond_sentence(ctx, v, comp) or comp.i < v.i and _clause_after(ctx, v)):
            comp = None  # a parse across a full stop, or "X, however a report concluded Y"
        if comp is None and v.lemma_ in ctx.patterns.frames.get("loose_clause", ()):
            g = first_child(v, ("xcomp",), after=v.i)
            if g is not None and g.tag_ == "VBG" and not _infinitive(g):
                comp = g  # "said naming the virus after Wuhan would ..."
        if comp is not None:
            s, e = subtree_span(comp)
            s = _skip_time_adjunct(ctx, comp, s)
            if v.i > comp.i:
                e = min(e, v.left_edge.i if v.left_edge.i > s else e)
            e = _extend_over_conjunct(ctx, comp, e)
            e = _cut_before_conjunct(ctx, comp, s, e)
        elif (loose := _loose_clause(ctx, v)) is not None:
            s, e = loose
        elif v.dep_ == "parataxis" and v.head.pos_ in ("VERB", "AUX"):
            hs, he = subtree_span(v.head)
            vs, ve = subtree_span(v)
            if vs > hs and ve >= he:
                s, e = hs, vs
            elif vs <= hs:
                s, e = ve, he
            else:
                s, e = hs, he
        else:
            continue
        if e <= s:
            continue
        content = ctx.chars(s, e)
        d = new_draft(ctx, rule, content, cue, v)
        if d:
            if v.lemma_ in ctx.patterns.frames.get("directive", ()) and _infinitive(comp):
                d.stance = "neutral"
            out.append(d)
    return out


def _skip_time_adjunct(ctx: Context, comp, s: int) -> int:
    """"said on Tuesday the talks had failed": a time phrase between the cue
    and the clause's subject belongs to the saying, not to what was said."""
    doc = ctx.doc
    subj = first_child(comp, ("nsubj", "nsubjpass"))
    if subj is None:
        return s
    k = s
    while k < subj.left_edge.i and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].dep_ == "prep"
                                    and k + 1 < len(doc) and doc[k + 1].ent_type_ in ("DATE", "TIME")
                                    or doc[k].is_punct):
        k += 1
    return k if k == subj.left_edge.i else s


def _beyond_sentence(ctx: Context, v, comp) -> bool:
    """True when a sentence end (outside quotes) lies between cue and clause."""
    doc = ctx.doc
    a, b = (v.i, comp.left_edge.i) if comp.i > v.i else (comp.right_edge.i, v.i)
    return any(doc[k].text in SENT_END and not ctx.in_quote(k) for k in range(a + 1, b))


def _clause_after(ctx: Context, v) -> bool:
    """True when the cue verb has a clause of its own to its right."""
    return any(t.pos_ in ("VERB", "AUX") and t.i > v.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
               for t in v.subtree if not ctx.in_quote(t.i))


def _loose_clause(ctx: Context, v) -> tuple[int, int] | None:
    """A reported clause the parser failed to attach as the cue's complement:
    "said on Monday Trump is only expressing ..." (parsed under "on"). After
    the cue and its adverbials comes a subject whose verb lies in the cue's
    subtree; the clause runs from that subject to the end of the subtree."""
    if v.lemma_ not in ctx.patterns.frames.get("loose_clause", ()):
        return None
    doc = ctx.doc
    end = v.right_edge.i + 1
    for k in range(v.i + 1, min(end, v.i + 12)):
        t = doc[k]
        if ctx.in_quote(k) or t.text in ".;:\n" or t.dep_ in ("dobj", "dative") and t.head is v:
            return None
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i > k and t.head.pos_ in ("VERB", "AUX"):
            s = t.left_edge.i
            while s < t.i and doc[s].ent_type_ in ("DATE", "TIME"):
                s += 1  # "said on Monday Trump is ...": the day belongs to the saying
            if s <= v.i:
                return None
            return s, end
    return None


def _cut_before_conjunct(ctx: Context, head, s: int, e: int) -> int:
    """End the content before a subjectless past-tense verb conjoined to a
    clause that is not itself in the past: in "noted that X did not ratify it,
    and mentioned Y" the mentioning is the speaker's next act, not part of X."""
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


def _extend_over_conjunct(ctx: Context, comp, e: int) -> int:
    """Sequence of tenses: "'s claim that Iran is under pressure and intends
    to talk": a present-tense verb conjoined right after a reported present
    clause belongs to it, whatever the parser attached it to."""
    doc = ctx.doc
    if e + 1 >= len(doc) or doc[e].dep_ != "cc":
        return e
    nxt = doc[e + 1]
    if nxt.tag_ in ("VBZ", "VBP") and comp.tag_ in ("VBZ", "VBP") and nxt.dep_ == "conj" and nxt.head.tag_ == "VBD" \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children):
        return nxt.right_edge.i + 1
    return e


def _infinitive(tok) -> bool:
    return tok is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def verb_infinitive(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """claimed to be seeking a bomb; is reported to have jumped on stage."""
    out = []
    frames = ctx.patterns.frames
    for cue, v in _verb_cues(ctx):
        comp = first_child(v, ("xcomp",))
        if comp is None or not _infinitive(comp) or first_child(v, ("ccomp",)) is not None:
            continue
        passive = is_passive(v)
        if passive and v.lemma_ not in frames.get("passive_infinitive", ()):
            continue
        if not passive and v.lemma_ not in frames.get("infinitive", ()):
            continue
        d = new_draft(ctx, rule, ctx.chars(*subtree_span(comp)), cue, v)
        if d:
            out.append(d)
    return out


def verb_object(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Shamkhani rejected the statement; Quirin denied any sexual activity."""
    out = []
    frames = ctx.patterns.frames
    objects = frames.get("object_is_content", frozenset())
    for cue, v in _verb_cues(ctx):
        if v.lemma_ not in objects or first_child(v, ("ccomp",)) is not None or _infinitive(v):
            continue  # "ready to defend its borders" is an action
        obj = first_child(v, ("dobj",))
        if obj is None or obj.pos_ == "PRON" or ctx.in_quote(obj.i):
            continue  # "denied it": a pronoun target is not annotated
        if v.lemma_ in frames.get("characterise", ()) and (first_child(v, ("oprd", "xcomp")) or _as_prep(v)):
            continue
        s, e = _object_span(ctx, v, obj)
        d = new_draft(ctx, rule, ctx.chars(s, e), cue, v)
        if d:
            out.append(d)
    return out


def _object_span(ctx: Context, v, obj) -> tuple[int, int]:
    """The object with what completes it: "credited news media with keeping
    the story alive", "list MERS, from 2013, as an undesirable name"."""
    s, e = subtree_span(obj)
    preps = set(ctx.patterns.frames.get("object_preps", ()))
    heads = [v] + ([v.head] if v.dep_ == "prep" else [])
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps and c.i >= e and not _verb_between(ctx, e, c.i):
                e = c.right_edge.i + 1
    return s, e


def _verb_between(ctx: Context, a: int, b: int) -> bool:
    return any(ctx.doc[k].pos_ in ("VERB", "AUX") for k in range(a, b))


def _as_prep(v):
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            return c
    return None


def directive(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """urged the embassy to reconsider; called on Turkey to halt its drilling."""
    out = []
    doc = ctx.doc
    verbs = ctx.patterns.frames.get("directive", frozenset())
    for cue in ctx.cues:
        v = doc[cue.head]
        if cue.lemma not in verbs or ctx.in_quote(v.i) or _negated(v):
            continue
        if cue.pos == "phrase":
            prep = doc[cue.end - 1]
            addressee = first_child(prep, ("pobj",))
        else:
            addressee = first_child(v, ("dobj", "dative"))
        if addressee is None:
            continue
        action = None
        for c in list(v.children) + list(addressee.children):
            if c.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and c.i > addressee.i and _infinitive(c):
                action = c
                break
        if action is None:
            continue
        s = addressee.left_edge.i
        e = max(action.right_edge.i, addressee.right_edge.i) + 1
        e = _cut_before_conjunct(ctx, action, s, e)
        d = new_draft(ctx, rule, ctx.chars(s, e), cue, v)
        if d:
            d.stance = rule.stance or "neutral"
            d.addressee = None
            out.append(d)
    return out


def phrase_object(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """pointed to the alleged retreat; called for regional cooperation."""
    out = []
    doc = ctx.doc
    directives = ctx.patterns.frames.get("directive", frozenset())
    for cue in ctx.cues:
        if cue.pos != "phrase" or cue.lemma == "according to" or cue.lemma in directives:
            continue
        last = doc[cue.end - 1]
        if last.pos_ != "ADP" or ctx.in_quote(last.i):
            continue
        obj = first_child(last, ("pobj",))
        if obj is None or obj.pos_ == "PRON":
            continue
        v = doc[cue.head]
        if _negated(v):
            continue
        s, e = _object_span(ctx, last, obj)
        s2, e2 = _object_span(ctx, v, obj)
        e = max(e, e2)
        nxt = next((c for c in list(v.children) + list(obj.children)
                    if c.i >= e and _infinitive(c) and c.left_edge.i <= e + 1), None)
        if nxt is not None:
            e = nxt.right_edge.i + 1  # "called for the killers to be brought to justice"
        d = new_draft(ctx, rule, ctx.chars(s, e), cue, v)
        if d:
            if cue.lemma in ctx.patterns.frames.get("directive_object", ()):
                d.stance = "neutral"
            out.append(d)
    return out


def characterise(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """calling it “defective at its core”; described such claims as a “lie”."""
    out = []
    doc = ctx.doc
    verbs = ctx.patterns.frames.get("characterise", frozenset())
    for cue, v in _verb_cues(ctx):
        if v.lemma_ not in verbs:
            continue
        obj = first_child(v, ("dobj",))
        as_prep = _as_prep(v) or (_as_prep(obj) if obj is not None else None)
        if as_prep is not None:
            target = first_child(as_prep, ("pobj", "pcomp", "amod", "acomp"))
            if target is None:
                continue
            if obj is not None and obj.i < as_prep.i:
                s, e = obj.left_edge.i, target.right_edge.i + 1
                evaluation = range(as_prep.i, e)
            else:
                if not is_passive(v) and v.dep_ != "acl":
                    continue
                s, e = subtree_span(target)
                evaluation = range(s, e)
        else:
            comp = first_child(v, ("oprd", "xcomp", "ccomp", "acomp"), after=obj.i if obj is not None else v.i)
            if obj is None and comp is None:
                continue
            if comp is None:
                # "called the agreement “null and void”": a quote right after the object.
                q = _quote_after(ctx, obj.right_edge.i)
                if q is None:
                    continue
                s, e = ctx.token_at(q.open), ctx.token_at(q.close) + 1
            else:
                s, e = subtree_span(comp)
            if is_passive(v) and agent_of(v) is None:
                continue  # "a city called Magnitogorsk" names, it does not claim
            evaluation = range(s, e)
        spans = [(s, e)]
        if as_prep is None:
            # "called the agreement “null and void” and “geographically ridiculous”": one claim a quote
            inside = sorted({ctx.tok_quote[i] for i in range(s, e)} - {-1})
            if len(inside) > 1 and all(ctx.doc[i].is_punct or ctx.in_quote(i) or ctx.doc[i].dep_ == "cc"
                                       or ctx.doc[i].pos_ == "CCONJ" for i in range(s, e)):
                spans = [(ctx.token_at(ctx.quotes[k].open), ctx.token_at(ctx.quotes[k].close) + 1) for k in inside]
            q = _only_quote(ctx, *spans[-1])
            if q is not None:
                nq = _quote_after(ctx, ctx.token_at(q.close), conj=True)
                if nq is not None:
                    spans.append((ctx.token_at(nq.open), ctx.token_at(nq.close) + 1))
        for s, e in spans:
            words = {doc[i].lower_ for i in range(s, e)} | {doc[i].lemma_.lower() for i in range(s, e)}
            words |= {doc[i].lower_ for i in evaluation}
            stance = cue.stance
            if words & ctx.patterns.negative_words:
                stance = "oppose"
            elif words & ctx.patterns.positive_words:
                stance = "assert"
            quote = _only_quote(ctx, s, e) if as_prep is None else None
            if quote is not None:
                d = new_draft(ctx, rule, quote.content, cue, v, quote=quote)
            else:
                d = new_draft(ctx, rule, ctx.chars(s, e), cue, v)
            if d:
                d.stance = stance
                out.append(d)
    return out


def _quote_after(ctx: Context, i: int, conj: bool = False) -> Quote | None:
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


def _only_quote(ctx: Context, s: int, e: int) -> Quote | None:
    """The quotation that holds every word of tokens [s, e) but determiners."""
    doc = ctx.doc
    ids = {ctx.tok_quote[i] for i in range(s, e) if not doc[i].is_punct and doc[i].dep_ != "det"}
    if len(ids) == 1 and -1 not in ids:
        return ctx.quotes[ids.pop()]
    return None


def according_to(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """It is evident that …, according to a top security official."""
    out = []
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.lemma not in rule.params.get("phrases", ["according to"]):
            continue
        head = doc[cue.start]
        if ctx.in_quote(head.i):
            continue
        to = doc[cue.end - 1]
        src = first_child(to, ("pobj",))
        if src is None:
            continue
        sent = head.sent
        ps, pe = ctx.para_span(ctx.para_of(head.idx))
        ss = max(sent.start, ctx.token_at(ps))
        se = sent.end
        while se > ss and doc[se - 1].idx >= pe:
            se -= 1
        a_s, a_e = subtree_span(head)
        a_s = min(a_s, cue.start)
        if a_s <= ss:
            s, e = a_e, se
        elif a_e >= se or all(doc[i].is_punct for i in range(a_e, se)):
            s, e = ss, a_s
        else:
            s, e = ss, se
        if e <= s:
            continue
        d = new_draft(ctx, rule, ctx.chars(s, e), cue)
        if d:
            d.speaker = mention_span(src, ctx)
            d.title = appositive_title(src, ctx)
            out.append(d)
    return out


def noun_clause(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Donald Trump's claim in a recent talk that Iran is under pressure."""
    out = []
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.pos != "noun":
            continue
        n = doc[cue.head]
        if ctx.in_quote(n.i) or ctx.para_of(n.idx) in ctx.headline_paras:
            continue
        clause = _content_clause(n)
        if clause is None and n.dep_ in ("nsubj",) and n.head.lemma_ == "be":
            clause = first_child(n.head, ("ccomp", "attr"))
            if clause is not None and not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                clause = None
        if clause is None:
            continue
        cs, ce = subtree_span(clause)
        d = new_draft(ctx, rule, ctx.chars(cs, _extend_over_conjunct(ctx, clause, ce)), cue)
        if d is None:
            continue
        poss = first_child(n, ("poss",))
        if poss is not None and poss.pos_ in ("PROPN", "NOUN"):
            d.speaker = mention_span(poss, ctx)
        else:
            by = next((c for c in n.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            src = first_child(by, ("pobj",)) if by is not None else None
            if src is not None:
                d.speaker = mention_span(src, ctx)
            else:
                d.anonymous = True
        out.append(d)
    return out


def _content_clause(n):
    """A "that"-clause attached to noun `n` or to a noun in its prepositional
    phrase ("claim in a recent talk that ...")."""
    cands = list(n.children)
    for c in n.children:
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    cands.extend(g.children)
    for c in cands:
        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > n.i:
            marks = [x for x in c.children if x.dep_ == "mark" and x.lower_ == "that"]
            own_subject = any(x.dep_ in ("nsubj", "nsubjpass") and x.lower_ not in ("that", "which", "who") for x in c.children)
            if marks or (c.dep_ != "relcl" and own_subject and c.left_edge.lower_ == "that"):
                return c
    return None


def adverb(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Reportedly, “COVI” represents the coronavirus …"""
    out = []
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.pos != "adverb":
            continue
        a = doc[cue.head]
        h = a.head
        if ctx.in_quote(a.i) or h is a or h.pos_ not in ("VERB", "AUX"):
            continue
        if (c := ctx.cue_at.get(h.i)) is not None and c.pos == "verb":
            continue  # "reportedly believe": the verb's own claim carries it
        s, e = subtree_span(h)
        if a.i == s:
            s = a.i + 1
        d = new_draft(ctx, rule, ctx.chars(s, e), cue)
        if d:
            d.anonymous = True
            out.append(d)
    return out


def regex_rule(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """A pattern-file regex with named groups content, speaker, cue, via."""
    out = []
    timeout = float(rule.params.get("timeout", 1.0))
    try:
        matches = list(rule.pattern.finditer(ctx.text, timeout=timeout))
    except TimeoutError:
        warnings.warn(f"claimx rule {rule.id!r} ({rule.file}) took over {timeout:g} s on a document and was "
                      "skipped for it; its regular expression may backtrack catastrophically",
                      RuleTimeoutWarning, stacklevel=2)
        return out
    for m in matches:
        s, e = m.span("content")
        if e <= s:
            continue
        d = new_draft(ctx, rule, (s, e), None)
        if d is None:
            continue
        groups = m.groupdict()
        if groups.get("speaker"):
            a, b = m.span("speaker")
            d.speaker = (ctx.token_at(a), ctx.token_at(b - 1) + 1)
        else:
            d.anonymous = True
        if groups.get("via"):
            a, b = m.span("via")
            named = next((o for o in ctx.outlets_between(ctx.token_at(a), ctx.token_at(b - 1) + 1)), None)
            via = named.name if named is not None else groups["via"]
            if via != ctx.author:
                d.via = via
        if groups.get("cue"):
            a, b = m.span("cue")
            i = ctx.token_at(a)
            lemma = ctx.doc[i].lemma_.lower()
            d.cue = Cue(i, ctx.token_at(b - 1) + 1, i, lemma, "verb", rule.stance or ctx.patterns.verb_stance.get(lemma, "neutral"))
            d.stance = d.cue.stance
        near = ctx._quotes_near(s)
        qi = ctx.quotes.index(near[0]) if near and near[0].content == (s, e) else None
        if qi is not None:
            d.quote = ctx.quotes[qi]
            ctx.attributed.setdefault(qi, d)
        out.append(d)
    return out


_MATCHERS: dict = {}  # (vocab id, rule id, file) -> Matcher, built once per pipeline


def _matcher(ctx: Context, rule: Rule):
    from spacy.matcher import Matcher

    vocab = ctx.doc.vocab
    key = (id(vocab), rule.id, rule.file)
    m = _MATCHERS.get(key)
    if m is None:
        m = Matcher(vocab)
        m.add(rule.id, [[dict(t) for t in alt] for alt in rule.pattern])
        _MATCHERS[key] = m
    return m


def cue_pattern(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """A spaCy token pattern that matches a cue phrase ("was quoted by Tasnim
    as saying"); its claim is the quotation or clause next to it. Params:
    `via_in_match` (an outlet named inside the match is the via), `lemma`
    (the cue's name)."""
    out = []
    doc = ctx.doc
    via_in_match = bool(rule.params.get("via_in_match"))
    matches = _matcher(ctx, rule)(doc)
    longest: dict[int, int] = {}
    for _, s, e in matches:
        longest[s] = max(e, longest.get(s, e))
    for s, e in sorted(longest.items()):
        if ctx.in_quote(s):
            continue
        span = doc[s:e]
        v = next((t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")), span.root)
        lemma = str(rule.params.get("lemma", span.text.lower()))
        cue = Cue(s, e, v.i, lemma, "phrase", rule.stance or "neutral")
        content, quote = None, None
        q = _quote_after(ctx, e - 1) or _quote_after(ctx, e) if e < len(doc) else None
        if q is None and s > 0:
            # “…,” the commander was quoted by IRNA as saying: the quote ends
            # just before the speaker and the cue.
            k = s - 1
            while k > max(0, s - 10) and not ctx.in_quote(k) and doc[k].pos_ not in ("VERB", "AUX") \
                    and doc[k].text not in SENT_END:
                k -= 1
            if ctx.in_quote(k):
                q = ctx.quotes[ctx.tok_quote[k]]
        if q is not None:
            quote = q
        else:
            comp = next((c for t in span for c in t.children if c.dep_ == "ccomp" and c.i >= e), None)
            if comp is not None:
                content = ctx.chars(*subtree_span(comp))
            else:
                end = e
                while end < len(doc) and doc[end].text not in SENT_END and "\n" not in doc[end].text:
                    end += 1
                if end > e:
                    content = ctx.chars(e, end)
        if quote is None and content is None:
            continue
        d = new_draft(ctx, rule, quote.content if quote else content, cue, v, **({"quote": quote} if quote else {}))
        if d is None:
            continue
        if via_in_match:
            m = next(iter(ctx.outlets_between(s, e)), None)
            if m is not None and m.name != ctx.author:
                d.via = m.name
        if quote is not None:
            ctx.attributed.setdefault(ctx.quotes.index(quote), d)
        out.append(d)
    return out


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
