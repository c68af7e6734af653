"""Attribution rules for cues outside quotations: a cue verb with its clause,
object, infinitive or directive; characterisations; "according to"; cue
nouns and adverbs; and the rules pattern files write themselves (regular
expressions and spaCy token patterns).
"""
from __future__ import annotations

import warnings

from .cues import Cue
from .patterns import Rule
from .attribution import (
    Context,
    Draft,
    RuleTimeoutWarning,
    SENT_END,
    is_negated,
    agent_of,
    appositive_title,
    first_child,
    is_passive,
    mention_span,
    new_draft,
    subtree_span,
)
from .quote_rules import (
    only_quote,
    quote_after,
)


def _verb_cues(ctx: Context, phrases: bool = False):
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.pos != "verb" and not (phrases and cue.pos == "phrase" and doc[cue.end - 1].pos_ == "VERB"):
            continue
        v = doc[cue.head]
        if ctx.in_quote(v.i) or is_negated(v) or ctx.para_of(v.idx) in ctx.headline_paras:
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
        if cue.lemma not in verbs or ctx.in_quote(v.i) or is_negated(v):
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
        if is_negated(v):
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
                q = quote_after(ctx, obj.right_edge.i)
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
            q = only_quote(ctx, *spans[-1])
            if q is not None:
                nq = quote_after(ctx, ctx.token_at(q.close), conj=True)
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
            quote = only_quote(ctx, s, e) if as_prep is None else None
            if quote is not None:
                d = new_draft(ctx, rule, quote.content, cue, v, quote=quote)
            else:
                d = new_draft(ctx, rule, ctx.chars(s, e), cue, v)
            if d:
                d.stance = stance
                out.append(d)
    return out


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


def _cues_outside_quotes(ctx: Context, pos: str):
    """(cue, head token) for cues of part of speech `pos` in the author's
    text: not inside a quotation, not in a sub-heading."""
    doc = ctx.doc
    for cue in ctx.cues:
        if cue.pos == pos:
            tok = doc[cue.head]
            if not ctx.in_quote(tok.i) and ctx.para_of(tok.idx) not in ctx.headline_paras:
                yield cue, tok


def noun_clause(ctx: Context, rule: Rule, drafts: list[Draft]) -> list[Draft]:
    """Donald Trump's claim in a recent talk that Iran is under pressure."""
    out = []
    for cue, n in _cues_outside_quotes(ctx, "noun"):
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
    for cue, a in _cues_outside_quotes(ctx, "adverb"):
        h = a.head
        if h is a or h.pos_ not in ("VERB", "AUX"):
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


_MATCHERS: dict = {}  # (vocab id, rule id, file) -> (vocab, Matcher), built once per pipeline


def _matcher(ctx: Context, rule: Rule):
    from spacy.matcher import Matcher

    vocab = ctx.doc.vocab
    key = (id(vocab), rule.id, rule.file)
    cached = _MATCHERS.get(key)
    if cached is None or cached[0] is not vocab:  # an id reused by a new vocab must not get the old matcher
        m = Matcher(vocab)
        m.add(rule.id, [[dict(t) for t in alt] for alt in rule.pattern])
        cached = _MATCHERS[key] = (vocab, m)
    return cached[1]


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
        q = quote_after(ctx, e - 1) or quote_after(ctx, e) if e < len(doc) else None
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
