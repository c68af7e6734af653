"""Frame kinds for quotations: a quotation and the attribution before, after
or around it, a label, or a quotation continuing an earlier speaker.

These frames find their attribution by position in the text, not by the
parse alone: parsers often break a long quotation into sentences of its
own, so the quotation's attributing clause is found next to it. The cue
words they accept are those whose class lists the frame.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Collection, Iterable, Sequence

from .context import Context
from .cues import Cue
from .matches import Finder, Match, Prior, cue_is_live, stance_for
from .quotes import Quote
from .registry import Param, frame_kinds, finders
from .schema import Frame
from .syntax import SENT_END, could_speak, reduced_passive, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

TERM_MAX_WORDS = 3  # "COVID-19", "Operation Sea Guardian": names in quotation marks, not speech
TITLE_MAX_WORDS = 8  # "Guardians of the Galaxy", a show or book named inside a sentence


def _cue_index(cues: list[Cue]) -> dict[int, Cue]:
    """The frame's cues by each of their words (the longest cue first)."""
    out: dict[int, Cue] = {}
    for c in sorted(cues, key=lambda c: -len(c.tokens)):
        for i in c.tokens:
            out.setdefault(i, c)
    return out


def _quote_match(ctx: Context, frame: Frame, q: Quote, cue: Cue | None, **kw: Any) -> Match:
    content = ctx.quote_text(q)
    stance = kw.pop("stance", None) or stance_for(ctx, frame, cue, content)
    return Match(frame=frame, content=content, cue=cue, cue_tokens=cue.tokens if cue else (), quote=q,
                 stance=stance, **kw)


def _issued(ctx: Context, noun: Token) -> bool:
    """"issued a statement", "posted a message": a cue noun a light verb brings."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.patterns.lists.get("light_verbs", ())


def _with_speaker(ctx: Context, frame: Frame, q: Quote, cue: Cue) -> Match:
    v = ctx.doc[cue.head]
    if v.pos_ == "NOUN" and _issued(ctx, v):
        v = v.head  # "issued a statement, “…”": who issued it speaks
    find_speaker: Finder = finders.function(frame.speaker.find)
    speaker = find_speaker(ctx, {"cue": v}, v, cue)
    return _quote_match(ctx, frame, q, cue, anchor=v, speaker=speaker, anonymous=speaker is None)


def looks_like_speech(ctx: Context, q: Quote, min_words: int) -> bool:
    """Names and terms in quotation marks ("COVID-19", "Swan Lake") are not
    speech: speech has several words or ends like a sentence."""
    inner = ctx.text[slice(*q.content)].strip()
    if names_only(inner) or _title_in_sentence(ctx, q):
        return False
    return len(inner.split()) >= min_words or inner[-1:] in ".!?,…"


def _before_mark(ctx: Context, q: Quote, across_lines: bool = False) -> int:
    """The offset just after the last character before `q`'s opening mark
    that is not a space (nor, `across_lines`, any white space)."""
    b = q.open
    while b > 0 and (ctx.text[b - 1].isspace() if across_lines else ctx.text[b - 1] in " \t"):
        b -= 1
    return b


def _led_by_a_cue(ctx: Context, q: Quote) -> bool:
    """'She said: “…,” adding that ...': a quotation its sentence introduces
    with a cue and a colon or comma is that cue's; the participle after it
    reports something else."""
    b = _before_mark(ctx, q)
    if b == 0 or ctx.text[b - 1] not in ":,":
        return False
    end = ctx.token_at(b - 1)
    s, _ = ctx.sentence(end)
    return any(i in ctx.cue_heads and not ctx.in_quote(i) for i in range(s, end))


def _inside_reported_clause(ctx: Context, q: Quote) -> bool:
    """'insisted that he has “cut the deficit,” claiming ...': a quotation
    inside a clause an earlier cue reports is part of that (mixed) claim,
    not the quotation of the participle after it."""
    first = ctx.token_at(q.content[0])
    if first >= len(ctx.doc):
        return False
    tok = ctx.doc[first]
    for a in (tok, *tok.ancestors):
        if a.dep_ == "ccomp" and a.head.i in ctx.cue_heads and a.head.i < first and not ctx.in_quote(a.head.i):
            return a.left_edge.i < first  # the clause began before the quotation opened
    return False


def _title_in_sentence(ctx: Context, q: Quote) -> bool:
    """'Speaking on the "Weekend Roundup," Ann said': capitalised words in
    quotation marks inside a sentence name a show, a book or a slogan."""
    b = _before_mark(ctx, q)
    opens_sentence = b == 0 or ctx.text[b - 1] in ".!?:\n\"”'"
    small = ctx.patterns.lists.get("title_small_words", frozenset())
    return not opens_sentence and title_case(ctx.text[slice(*q.content)], small)


def names_only(quoted: str) -> bool:
    words = quoted.strip(" ,.").split()
    return 0 < len(words) <= TERM_MAX_WORDS and all(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words)


def title_case(quoted: str, small: Collection[str]) -> bool:
    """A title's shape: a few words, each capitalised but the small ones
    ("Here's the Thing", "Parks and Recreation"), no sentence inside."""
    inner = quoted.strip(" ,.")
    words = inner.split()
    if not 0 < len(words) <= TITLE_MAX_WORDS or not words[0][:1].isupper() or any(ch in inner for ch in ".!?;:"):
        return False
    return all(w[:1].isupper() or any(ch.isdigit() for ch in w) or w.lower() in small for w in words)


@frame_kinds.register("quote.trailing", params={
    "window": Param(int, 30, 1, 200, "tokens after the quotation searched for its attribution"),
    "short_sentence": Param(int, 8, 1, 100, "longest attribution sentence after a quotation that ends a sentence"),
})
def trailing(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """“…,” Ann Lowe said. / “…,” said the coach. / “…,” he was quoted as saying."""
    doc, text = ctx.doc, ctx.text
    window, short = frame.params["window"], frame.params["short_sentence"]
    cue_at = _cue_index(cues)
    for qi, q in enumerate(ctx.quotes):
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
        if not words or _title_in_sentence(ctx, q) or _inside_reported_clause(ctx, q):
            continue
        tail = text[q.content[0]:q.content[1]].rstrip().rstrip("])")
        if tail[-1:] in (".", "…") and (len(toks) > short or doc[words[0]].text[:1].isupper()
                                         and words[0] not in cue_at):
            continue  # “….” She explained …: a new sentence, not this quote's attribution
        first = words[0]
        for i in words:
            cue = cue_at.get(i)
            if cue is None:
                continue
            v = doc[cue.head]
            subj = subject_of(v, ctx)
            starts_here = cue.start <= first < cue.end or doc[first].head.i == v.i and doc[first].dep_.startswith("aux")
            if subj is not None and not starts_here:
                starts_here = subj.left_edge.i <= first <= subj.right_edge.i
            if starts_here and cue_is_live(ctx, cue) and not (v.tag_ == "VBG" and _led_by_a_cue(ctx, q)):
                yield _with_speaker(ctx, frame, q, cue)
            break


@frame_kinds.register("quote.leading", params={
    "window": Param(int, 40, 1, 200, "tokens before the quotation searched for its attribution"),
    "min_words": Param(int, 3, 1, 50, "fewest words of a quotation that is speech"),
})
def leading(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """X said: “…” / X said, “…” / X told reporters that “…” / “A,” he said, “B.”"""
    doc, text = ctx.doc, ctx.text
    window = frame.params["window"]
    cue_at = _cue_index(cues)
    for q in ctx.quotes:
        b = _before_mark(ctx, q, across_lines=True)  # only the text just before the mark matters
        if b == 0 or text[b - 1] in ".!?":
            bare_report = _bare_report_before(ctx, q, cue_at, b)
            if bare_report is not None and looks_like_speech(ctx, q, frame.params["min_words"]):
                yield _with_speaker(ctx, frame, q, bare_report)  # "Ann Lee agreed. “It was too small.”"
            continue  # otherwise the quote opens a new sentence: its attribution is not before it
        last = text[b - 1]
        w = b
        while w > 0 and not text[w - 1].isspace() and b - w < 40:
            w -= 1
        colon = last == ":"
        end = ctx.token_at(b - 1)
        bare = not (colon or last == "," or text[w:b].lower() == "that")
        cue = None
        for k in range(end, max(-1, end - window), -1):
            t = doc[k]
            if ctx.in_quote(k) or ("\n" in t.text and not colon) or (t.text in SENT_END and k != end):
                break
            c = cue_at.get(k)
            if c is not None and (c.head == k or len(c.tokens) > 1):
                if reduced_passive(doc[c.head], ctx):
                    continue  # "X told the panel, when asked about it: “…”": the asked one answers
                if doc[c.head].pos_ == "NOUN" and not _issued(ctx, doc[c.head]):
                    continue  # "according to a statement, “…”": only an issued statement leads a quotation
                cue = c
                break
        if cue is None or not cue_is_live(ctx, cue) or not looks_like_speech(ctx, q, frame.params["min_words"]):
            continue
        if bare and not (_clause_reaches(ctx, cue, end) and doc[end].dep_ not in ("det", "poss", "amod", "compound",
                                                                                    "nummod")):
            continue  # "the film “Dune”": the quote is not what the cue reports
        yield _with_speaker(ctx, frame, q, cue)


def _bare_report_before(ctx: Context, q: Quote, cue_at: dict[int, Cue], b: int) -> Cue | None:
    """The cue of the sentence just before a quotation, in the same
    paragraph, when that sentence is only a speaker and a speech verb with
    nothing reported ("Ann Lee agreed.", "The mayor disagreed sharply.")."""
    if b < 2 or ctx.text[b - 1] != "." or ctx.para_of(b - 1) != ctx.para_of(q.open):
        return None
    s, e = ctx.sentence(ctx.token_at(b - 1))
    root = next((t for t in ctx.doc[s:e] if t.dep_ == "ROOT"), None)
    cue = cue_at.get(root.i) if root is not None else None
    if root is None or cue is None or cue.head != root.i or ctx.in_quote(root.i) or not cue_is_live(ctx, cue):
        return None
    settings = ctx.patterns.lists.get("setting_nouns", frozenset())
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative", "advcl", "conj")
           or c.dep_ == "prep" and not _sets_the_report(c, settings) for c in ctx.children(root)):
        return None  # "X said so.", "X agreed with Y.": the sentence reports something of its own
    return cue if any(c.dep_ == "nsubj" for c in ctx.children(root)) else None


def _sets_the_report(prep: Token, settings: frozenset[str]) -> bool:
    """"in a statement", "on Twitter", "on Monday": where or when it was said."""
    obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return obj is not None and (obj.lemma_.lower() in settings or obj.ent_type_ in ("DATE", "TIME", "ORG", "PRODUCT"))


def _clause_reaches(ctx: Context, cue: Cue, end: int) -> bool:
    """True when nothing but the cue's own adjuncts lies between the cue and
    token `end`: "told the radio after the verdict “…”"."""
    doc = ctx.doc
    for k in range(cue.end, end + 1):
        t = doc[k]
        if t.pos_ in ("VERB", "AUX") and t.i != cue.head or t.text in (",", ";", "(", ")"):
            return False
    return True


@frame_kinds.register("quote.label", params={
    "max_words": Param(int, 20, 1, 40, "longest label before the colon, in words (a sanity bound)"),
})
def label(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """Name: “…” — a label names the speaker without a cue."""
    max_words = frame.params["max_words"]
    doc = ctx.doc
    for q in ctx.quotes:
        ps, _ = ctx.para_span(ctx.para_of(q.open))
        if q.open - ps > 120:
            continue  # a label is a few words at the start of its paragraph
        lab = ctx.text[ps:q.open].strip()
        if not lab.endswith(":") or not 1 <= len(lab[:-1].split()) <= max_words:
            continue
        s = ctx.token_at(ps)
        while s < len(doc) and doc[s].is_space:
            s += 1
        e = ctx.token_at(ps + len(ctx.text[ps:q.open].rstrip()) - 1)
        # Decided by what the label is, not its length: a name (or a handle)
        # at its end, and before it only a title's words, no verb of a clause.
        if e <= s or any(t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper() for t in doc[s:e]):
            continue
        k = e
        while k > s and (doc[k - 1].text[:1].isupper() and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].ent_type_
                                                             == "PERSON") or doc[k - 1].text.startswith("@")):
            k -= 1
        if k == e:
            continue  # "Menu of the day:" names no one
        yield _quote_match(ctx, frame, q, None, speaker_span=(s, e))


@frame_kinds.register("quote.after-colon", params={
    "min_words": Param(int, 4, 1, 50, "fewest words of a quotation taken as speech"),
    "max_clause": Param(int, 12, 2, 60, "longest clause before the colon, in tokens"),
})
def after_colon(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """“The coach was blunt: “We played badly.”": a quotation right after a
    colon that ends a short clause about someone who can speak, with no cue
    in it (with a cue, the quotation is quote.leading's)."""
    doc = ctx.doc
    min_words, max_clause = frame.params["min_words"], frame.params["max_clause"]
    for q in ctx.quotes:
        lo = max(0, q.open - 4)
        before = ctx.text[lo:q.open].rstrip()
        if not before.endswith(":"):
            continue
        colon = ctx.token_at(lo + len(before) - 1)
        if doc[colon].text != ":" or ctx.in_quote(colon):
            continue
        s = ctx.sentence(colon)[0]
        if not 2 <= colon - s <= max_clause or any(ctx.cues_at.get(i) for i in range(s, colon)):
            continue
        if not looks_like_speech(ctx, q, min_words):
            continue
        heads = [t for t in doc[s:colon] if t.head.i == t.i or not s <= t.head.i < colon]
        verb = next((t for t in heads if t.pos_ in ("VERB", "AUX")), None)
        subj = subject_of(verb, ctx) if verb is not None else None
        if subj is None or subj.lower_ in ("it", "this", "that", "there", "here") or not could_speak(subj, ctx):
            continue
        yield _quote_match(ctx, frame, q, None, anchor=verb, speaker=subj)


@frame_kinds.register("quote.block", params={
    "paragraphs": Param(int, 1, 1, 20, "paragraphs after the colon taken as the quoted block"),
    "max_intro": Param(int, 25, 3, 100, "longest introducing sentence, in tokens"),
})
def blockquote(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """"The blogger posted:" and then a paragraph with no quotation marks of
    its own: the paragraph is the speaker's words, a direct claim (a
    blockquote). A paragraph in another script (the original of a
    translation) or one that opens with a quotation mark is not taken."""
    index = _cue_index(cues)
    doc = ctx.doc
    for p in range(len(ctx.para_starts) - 1):
        ps, pe = ctx.para_span(p)
        intro = ctx.text[ps:pe].rstrip()
        if not intro.endswith(":"):
            continue
        colon = ctx.token_at(ps + len(intro) - 1)
        if ctx.in_quote(colon):
            continue
        s = ctx.sentence(colon)[0]
        if colon - s > frame.params["max_intro"]:
            continue
        # the cue nearest the colon, with nothing of its own after it
        cue = next((index[i] for i in range(colon - 1, s - 1, -1) if i in index), None)
        if cue is None or not cue_is_live(ctx, cue) or any(
                c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > cue.head for c in ctx.children(doc[cue.head])):
            continue
        for k in range(p + 1, min(len(ctx.para_starts), p + 1 + frame.params["paragraphs"])):
            qs, qe = ctx.para_span(k)
            block = ctx.text[qs:qe]
            body = block.strip()
            if not body or body[0] in "“”\"'‘’«»„" or ctx.quotes_near(qs + block.index(body[0])) \
                    or not _latin(body) or body.endswith(":"):
                break
            start = qs + block.index(body[0])
            yield _with_speaker(ctx, frame, Quote(start - 1, start + len(body), "block", 0, close_len=0), cue)


def _latin(text: str) -> bool:
    """Mostly Latin letters: an English paragraph, not the original of a translation."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch < "\u0250" for ch in letters) >= 0.8 * len(letters)


def _attributed_quotes(ctx: Context, prior: Sequence[Prior]) -> dict[int, Prior]:
    """Quotation index -> the earlier attribution whose content it is, or
    whose content it ends (“a mixed claim, “quoted in part,” she said)."""
    out: dict[int, Prior] = {}
    for d in prior:
        k = ctx.quote_index(d.quote) if d.quote is not None else None
        if k is not None:
            out.setdefault(k, d)
        elif d.cue is not None:
            s, e = d.content
            for q in ctx.quotes_within(s, e):
                if s <= q.content[0] and q.close <= e + q.close_len and q.end >= e:
                    qk = ctx.quote_index(q)
                    assert qk is not None  # quotes_within gives top-level quotations only
                    out.setdefault(qk, d)
    return out


def _another_source(ctx: Context, prev: Prior, between: range) -> bool:
    """Whether the words between two quotations attribute to someone else:
    a cue verb with a subject of its own that is not the previous speaker
    ("..., she said, when asked ..." and "..., he said, noting ..." do not)."""
    doc = ctx.doc
    own = set(getattr(prev, "cue_tokens", ()) or ())
    prev_speaker = getattr(prev, "speaker", None)
    speaker = set(range(*prev_speaker)) if prev_speaker else set()
    for i in between:
        for c in ctx.cues_at.get(i, ()):
            if c.head != i or i in own or doc[i].pos_ != "VERB":
                continue
            subj = subject_of(doc[i], ctx)
            if subj is not None and subj.i not in speaker and not (subj.pos_ == "PRON" and not speaker):
                return True
    return False


@frame_kinds.register("quote.same-paragraph", stage="after", params={
    "min_words": Param(int, 4, 1, 50, "fewest words of a quotation that is speech"),
})
def same_paragraph(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """“A,” he told the press. “B.” — B continues A's attribution."""
    attributed = _attributed_quotes(ctx, prior)
    covered = _covered(ctx, prior)
    for qi, q in enumerate(ctx.quotes):
        if qi == 0 or qi in attributed or qi in covered:
            continue
        j = qi - 1
        while j > 0 and j not in attributed and _title_in_sentence(ctx, ctx.quotes[j]):
            j -= 1  # '..." she said on "Morning at the Docks." "...': a show's name between them is no quotation
        prev = attributed.get(j)
        if prev is None or ctx.para_of(ctx.quotes[j].open) != ctx.para_of(q.open):
            continue
        between = range(ctx.token_at(ctx.quotes[j].end), ctx.token_at(q.open))
        if _another_source(ctx, prev, between):
            continue
        if not looks_like_speech(ctx, q, frame.params["min_words"]):
            continue
        m = _quote_match(ctx, frame, q, None, follows=prev, shares="attribution", stance=prev.stance)
        attributed[qi] = prev  # a third quotation shares the same attribution
        yield m


@frame_kinds.register("quote.after-report", stage="after", params={
    "min_words": Param(int, 4, 1, 50, "fewest words of a quotation that is speech"),
})
def after_report(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """"The mayor noted that the bridge was late. “We misjudged the river.”":
    a quotation that is the whole of the sentence right after a reported
    clause, in the same paragraph, is the same speaker's."""
    attributed = _attributed_quotes(ctx, prior)
    covered = _covered(ctx, prior)
    reports = sorted((d for d in prior if d.speaker is not None and d.cue is not None and d.quote is None),
                     key=lambda d: d.content[1])
    ends = [d.content[1] for d in reports]
    doc = ctx.doc
    for qi, q in enumerate(ctx.quotes):
        if qi in attributed or qi in covered or not looks_like_speech(ctx, q, frame.params["min_words"]):
            continue
        if qi and qi - 1 in attributed and ctx.para_of(ctx.quotes[qi - 1].open) == ctx.para_of(q.open):
            continue  # after an attributed quotation: quote.same-paragraph's
        k = bisect_right(ends, q.open) - 1
        if k < 0:
            continue
        d = reports[k]
        first = ctx.token_at(q.open)
        sent_start, sent_end = ctx.sentence(first)
        if ctx.para_of(d.content[1]) != ctx.para_of(q.open) or sent_start != first:
            continue  # another paragraph, or words of the author before the quotation
        if ctx.token_at(q.end - 1) + 2 < sent_end and any(ctx.cues_at.get(i) for i in range(first, sent_end)):
            continue  # the quotation's own sentence attributes it (quote.trailing's)
        prev_sentence = ctx.sentence(first - 1) if first else (0, 0)
        if not prev_sentence[0] <= ctx.token_at(max(0, d.content[1] - 1)) < prev_sentence[1]:
            continue  # the report must end in the sentence just before
        between = ctx.text[d.content[1]:q.open]
        if any(ch.isalnum() for ch in between):
            continue
        yield _quote_match(ctx, frame, q, None, follows=d, shares="speaker")


@frame_kinds.register("quote.continuation", stage="after", params={
    "min_words": Param(int, 4, 1, 50, "fewest words of a quotation paragraph that continues a speaker"),
})
def continuation(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """A quote paragraph with no attribution continues the previous speaker."""
    min_words = frame.params["min_words"]
    attributed = _attributed_quotes(ctx, prior)
    covered = _covered(ctx, prior)
    by_para: dict[int, Prior] = {}
    for d in sorted(prior, key=lambda d: d.content[0]):
        by_para[ctx.para_of(d.content[0])] = d
    for qi, q in enumerate(ctx.quotes):
        if qi in attributed or qi in covered:
            continue
        p = ctx.para_of(q.open)
        ps, _ = ctx.para_span(p)
        if q.open - ps > 8 or ctx.text[ps:q.open].strip():
            continue
        if len(ctx.text[q.open:q.close].split()) < min_words:
            continue
        prev = by_para.get(p - 1)
        if prev is None:
            continue
        m = _quote_match(ctx, frame, q, None, follows=prev, shares="speaker", stance="neutral")
        by_para[p] = prev  # the next paragraph continues the same speaker
        yield m


def _covered(ctx: Context, prior: Sequence[Prior]) -> set[int]:
    """Quotations inside the content of an earlier claim (a mixed claim's
    fragment): they are part of that claim, not new ones."""
    out: set[int] = set()
    for d in prior:
        s, e = d.content
        for q in ctx.quotes_within(s, e):
            if s <= q.content[0] and q.close <= e + q.close_len:
                qk = ctx.quote_index(q)
                assert qk is not None  # quotes_within gives top-level quotations only
                out.add(qk)
    return out


@frame_kinds.register("quote.after-object")
def after_object(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """called the agreement “null and void”: the parser gave the quotation no
    role, so the quotation right after the cue's object is the content. A
    second quotation joined by "and" is a claim of its own."""
    doc = ctx.doc
    for cue in cues:
        if not cue_is_live(ctx, cue):
            continue
        v = doc[cue.head]
        obj = next((c for c in ctx.children(v) if c.dep_ == "dobj"), None)
        if obj is None:
            continue
        if any(c.dep_ == "prep" and c.lower_ == "as" for c in (*ctx.children(v), *ctx.children(obj))):
            continue
        q = quote_after(ctx, obj.right_edge.i)
        while q is not None:
            find_speaker: Finder = finders.function(frame.speaker.find)
            speaker = find_speaker(ctx, {"cue": v}, v, cue)
            yield _quote_match(ctx, frame, q, cue, anchor=v, speaker=speaker, anonymous=speaker is None)
            q = quote_after(ctx, ctx.token_at(q.end - 1), conj=True)


def quote_after(ctx: Context, i: int, conj: bool = False) -> Quote | None:
    """The quotation starting within two tokens after token `i` (with `conj`,
    only across "and", "or" or a comma)."""
    doc = ctx.doc
    j = i + 1
    while j < len(doc) and j <= i + 2 and not ctx.in_quote(j):
        if conj and doc[j].lower_ not in ("and", "or", ","):
            return None
        j += 1
    if j < len(doc) and ctx.in_quote(j):
        return ctx.quote_of(j)
    return None
