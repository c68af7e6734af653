"""Reading the dependency parse: who a verb's subject is, where a mention
ends, whether a report is negated or hypothetical.

These helpers know English clause structure (subjects, passives, relative
clauses, participles), not any cue word: word lists come from the pattern
set (`[blockers]`, `[pronouns]`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, cast

import numpy
from spacy.attrs import DEP, HEAD, ORTH
from spacy.strings import get_string_id

from .context import ORTH_COL, Context
from .cues import Cue

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents that are not part of a speaker mention ("Ann Lowe, head of ...,
# said": the appositive is a title, not the mention).
NOT_IN_MENTION = ("appos", "relcl", "acl", "advcl", "punct", "parataxis", "cc")
# Links a verb's subject is inherited through: "..., noting that", "rejected
# X and added", "went on to praise".
INHERITS_SUBJECT = ("conj", "advcl", "xcomp", "pcomp")
SENT_END = frozenset(".!?")
_SENT_END_IDS = tuple(get_string_id(m) for m in sorted(SENT_END))  # the marks' ORTH ids
MAX_DEPTH = 6


def chained_participle(ctx: Context, cue_head: Token) -> Token | None:
    """"according to the paper, quoting two aides": the participle, after the
    cue's phrase and on the clause it hangs on, by which the named source
    passes on someone else's words ([lists] chain_verbs). None without one."""
    host = cue_head.head
    if host.i == cue_head.i:
        return None
    chain = ctx.patterns.lists.get("chain_verbs", frozenset())
    for c in ctx.children(host):
        if c.i > cue_head.right_edge.i and c.dep_ in ("advcl", "acl", "xcomp") and c.tag_ == "VBG" \
                and c.lemma_.lower() in chain and first_child(c, ("dobj",), ctx=ctx) is not None:
            return c
    return None


def relayed_by_outlet(ctx: Context, v: Token) -> Token | None:
    """"X, the governor said, the Gazette reported": for the verb `v` of a
    parenthetical report that hangs on a report by an outlet, the outlet's
    subject token: the words are the governor's, the outlet passed them on."""
    if v.dep_ != "parataxis" or v.head.i not in ctx.cue_heads:
        return None
    relay = first_child(v.head, ("nsubj",), ctx=ctx)
    own = first_child(v, ("nsubj",), ctx=ctx)
    if relay is None or own is None or ctx.outlet_of(relay) is None or ctx.outlet_of(own) is not None:
        return None
    return relay


def is_passive(v: Token, ctx: Context | None = None) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in (ctx.children(v) if ctx is not None else v.children))


def agent_of(v: Token, ctx: Context | None = None) -> Token | None:
    """The noun of a passive verb's by-phrase: "was described by *the regulator*"."""
    for c in ctx.children(v) if ctx is not None else v.children:
        if c.dep_ == "agent":
            for g in ctx.children(c) if ctx is not None else c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def first_child(v: Token, deps: tuple[str, ...], after: int | None = None, ctx: Context | None = None
                ) -> Token | None:
    """v's first child with one of these labels (after token `after`); with
    `ctx`, read from the document's list of v's children (`Context.children`)."""
    for c in ctx.children(v) if ctx is not None else v.children:
        if c.dep_ in deps and (after is None or c.i > after):
            return c
    return None


def subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def subject_of(v: Token, ctx: Context, depth: int = 0) -> Token | None:
    """The token naming who performs verb `v`, or None; never a token from
    another paragraph (a sub-heading is nobody's subject)."""
    if depth:
        return _paragraph_subject(v, ctx, depth)
    # Frames, spans and names ask again for the same verbs; the answer reads
    # only the document, so it is worked out once (the depth limit counts
    # from here, so only these top-level answers are kept).
    if v.i not in ctx.subjects:
        ctx.subjects[v.i] = _paragraph_subject(v, ctx, 0)
    return ctx.subjects[v.i]


def _paragraph_subject(v: Token, ctx: Context, depth: int) -> Token | None:
    subj = _subject_of(v, ctx, depth)
    if subj is not None and ctx.para_of(subj.idx) != ctx.para_of(v.idx):
        return None
    if subj is not None and _is_dateline(subj, ctx):
        # "LONDON (AP) - Ann Lowe said": the parser made the place the subject
        # and the speaker its appositive after the dash.
        return next((c for c in ctx.children(subj) if c.dep_ == "appos" and c.i > subj.i
                     and any(ctx.doc[k].text in DASHES for k in range(subj.i + 1, c.i))), None)
    contrastive = ctx.patterns.lists.get("contrastive_conjunctions", frozenset())
    if subj is not None and any(c.dep_ == "cc" and c.lower_ in contrastive for c in ctx.children(subj)):
        # "not the mayor but the council said", or two clauses the parser
        # joined as nouns ("the firm grew, but the Ledger reports"): the
        # subject is the conjunct after "but"
        return next((c for c in ctx.children(subj) if c.dep_ == "conj"), subj)
    return subj


DASHES = frozenset({"-", "—", "–", "--"})


def _is_dateline(tok: Token, ctx: Context) -> bool:
    """An upper-case place opening its paragraph and followed, within a few
    tokens, by a dash: a wire dateline, nobody's name."""
    doc = ctx.doc
    if not (tok.text.isupper() and len(tok.text) > 2 and tok.is_alpha):
        return False
    start = ctx.token_at(ctx.para_starts[ctx.para_of(tok.idx)])
    if tok.i - start > 3:
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if not (tok.ent_type_ in ("GPE", "LOC") or nxt is not None and nxt.text == "("):
        return False  # "NATO - the alliance - said": an acronym is a name
    return any(doc[k].text in DASHES for k in range(tok.i + 1, min(len(doc), tok.i + 8)))


def _subject_of(v: Token, ctx: Context, depth: int) -> Token | None:
    """Walks up through conjoined, participial and infinitival verbs, from a
    relative clause to the noun it modifies ("an official who said"), and from
    a reduced relative to its noun ("messages praising the law")."""
    if depth > MAX_DEPTH:
        return None
    quoting = ctx.patterns.lists.get("quoting_verbs", frozenset())
    if v.lemma_ in quoting and any(c.lower_ == "as" for c in ctx.children(v)) \
            and (quoted := first_child(v, ("nsubjpass",), ctx=ctx)) is not None:
        return quoted  # "X was quoted by the agency as saying": X speaks, the agent is the via
    if v.head.lower_ == "as" and v.head.head.lemma_ in quoting \
            and (quoted := first_child(v.head.head, ("dobj",), ctx=ctx)) is not None:
        return quoted  # "the paper quoted X as saying": X speaks, the paper is the via
    agent = agent_of(v, ctx)
    if agent is not None:
        return agent
    relative = ctx.patterns.pronouns.get("relative", frozenset())
    subjects = [c for c in ctx.children(v) if c.dep_ in ("nsubj", "csubj")]
    if len(subjects) > 1:  # "which officials say ...": the officials speak, "which" is the gap
        subjects = [c for c in subjects if c.lower_ not in relative] or subjects
    if len(subjects) > 1:  # “... the fact that he tried,” Ann said: the quotation's last words are no subject
        subjects = [c for c in subjects if not ctx.in_quote(c.i)] or subjects
    if len(subjects) > 1:  # "LONDON (AP) — The minister said": the nearest subject speaks
        subjects = sorted(subjects, key=lambda c: abs(v.i - c.i))[:1]
    if not subjects and v.i > 0 and v.dep_ == "ROOT" and first_child(v, ("ccomp",), ctx=ctx) is not None:
        misread = ctx.doc[v.i - 1]
        if misread.dep_ == "compound" and misread.head.i == v.i and misread.tag_ in ("NNS", "NNPS"):
            return misread  # "X, court records show": the parser read "records show" as one noun
    for c in subjects + [c for c in ctx.children(v) if c.dep_ == "nsubjpass"]:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in relative and v.dep_ == "relcl":
                return v.head
            if c.lower_ in ("it", "there") and v.lemma_ == "be" and first_child(v, ("ccomp",), ctx=ctx) is not None:
                return None  # "it is clear that ...": the author's framing
            return c
        if c.dep_ == "nsubjpass":
            if c.lower_ != "it" and any(a.dep_ == "auxpass" and a.lower_ in ("'s", "’s") for a in ctx.children(v)):
                return c  # "He's said he ...": "'s" is "has", misread as a passive
            return None  # agentless passive: "it was reported that ..."
    if v.dep_ == "relcl":
        return v.head
    if v.dep_ == "acl" and v.tag_ in ("VBN", "VBD") and _root_quoted(v, ctx) and could_speak(v.head, ctx):
        return v.head  # the cue misread as a participle on its speaker's name (`_root_quoted`)
    if v.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in ctx.children(v)) \
            and v.head.pos_ == "NOUN" and (owner := first_child(v.head, ("poss",), ctx=ctx)) is not None:
        return owner  # "the senator's refusal to condemn it": the possessor would condemn
    if v.dep_ in ("acl", "advcl") and v.tag_ == "VBG" and ctx.in_quote(v.head.i) and not ctx.in_quote(v.i):
        teller = _attribution_before(v, ctx)
        if teller is not None:
            return teller
    if v.dep_ == "acl" and v.tag_ == "VBG" and (spender := _time_spent_on(v, ctx)) is not None:
        return subject_of(spender, ctx, depth + 1)  # "spent much of his speech praising X": who spent it
    if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if v.i > 0 and ctx.doc[v.i - 1].text == "," and v.head.dep_ in ("dobj", "dative", "iobj") \
                and v.head.head.pos_ in ("VERB", "AUX"):
            # "slammed the lawsuit, calling it baseless": after a comma, the
            # participle is the subject's next act, not its object's
            actor = _subject_of(v.head.head, ctx, depth + 1)
            if actor is not None and could_speak(actor, ctx):
                return actor
        governor = v.head.head
        words = ctx.patterns.document_words
        document = v.head.lemma_.lower() in words.get("nouns", ())
        if v.head.dep_ in ("dobj", "dative") and governor.pos_ == "VERB" and (
                # "emailed supporters saying ...": whom a message went to is its audience
                not document and governor.i in ctx.cue_heads
                # "issued a statement saying ...": the issuer says it, through the statement
                or document and v.head.dep_ == "dobj" and governor.lemma_.lower() in words.get("issue_verbs", ())):
            sender = _subject_of(governor, ctx, depth + 1)
            if sender is not None:
                return sender
        if could_speak(v.head, ctx):
            return v.head  # "a statement saying ...", "media reporting that ..."
        governor = v.head.head
        if governor.pos_ == "ADP" and governor.head.i != governor.i:
            governor = governor.head  # "battled ..., at one point calling X a liar": through the preposition
        if governor.i != v.head.i and governor.pos_ in ("VERB", "AUX"):
            return _subject_of(governor, ctx, depth + 1)  # "opened the rally blasting X": who opened it
        return None
    if reduced_passive(v, ctx):
        return None  # "when asked about X", "Asked whether ...,": the asker is not in the text
    if v.tag_ == "VBN" and v.dep_ in ("advcl", "acl", "xcomp") \
            and not any(c.dep_ == "aux" and c.lower_ in ctx.patterns.lists.get("perfect_auxiliaries", ())
                        for c in ctx.children(v)):
        # "when asked about X": a passive participle's subject is asked, not
        # asking; "having announced X" is active, and goes on below
        return None
    if v.dep_ == "pcomp" and v.head.dep_ in ("prep", "ROOT") and v.head.lower_ == "with":
        return first_child(v, ("nsubj",), ctx=ctx)  # "with local media reporting that ..."
    if v.dep_ == "advcl" and v.tag_ == "VBG" and _set_off(v, ctx):
        clause = v.head
        while clause.dep_ == "conj" and clause.head.i < clause.i:
            clause = clause.head
        if clause.dep_ == "ccomp" and clause.head.i in ctx.cue_heads and clause.head.i < clause.i:
            # "X stressed that Y (and Z), suggesting W", "..., while insisting W":
            # the parser hung the participle on the reported clause; it is the
            # speaker's next act, not Y's subject's
            return subject_of(clause.head, ctx, depth + 1)
    if v.dep_ == "conj" and v.tag_ == "VBD" and v.head.dep_ == "ccomp" and v.head.tag_ != "VBD":
        return subject_of(v.head.head, ctx, depth + 1)  # the speaker's next act (spans.cut_before_conjunct)
    reporter = reporters_next_act(v, ctx)
    if reporter is not None:
        return subject_of(reporter, ctx, depth + 1)
    if second_report(v, ctx):
        # "said the plan failed and warned that ...", parsed as a second reported
        # clause: a finite report with no subject after "and" is the reporter's
        return subject_of(v.head, ctx, depth + 1)
    if v.dep_ == "xcomp" and is_passive(v.head, ctx) \
            and (patient := first_child(v.head, ("nsubjpass",), ctx=ctx)) is not None and patient.lower_ != "it":
        # "Hale was prompted (by reporters) to say", "the driver is reported
        # to have shouted": the passive's subject does what the infinitive says
        return patient
    if v.dep_ == "xcomp" and v.head.pos_ == "VERB" and (obj := first_child(v.head, ("dobj",), ctx=ctx)) is not None \
            and obj.i < v.i and could_speak(obj, ctx):
        return obj  # object control: "led the chairwoman to announce", "forced the firm to admit"
    if (v.dep_ in ("advcl", "conj") and v.tag_ == "VBG" or v.dep_ == "conj" and v.tag_ in ("VBD", "VBZ", "VBP")) \
            and v.head.pos_ == "VERB" and (agent_of(v.head, ctx) is None or v.dep_ == "conj" and v.tag_ != "VBG") \
            and (patient := first_child(v.head, ("nsubjpass",), ctx=ctx)) is not None:
        # "was interviewed on television, saying ...", "was reported to have fled and claimed ...":
        # the one the passive is about says it; a finite verb joined to a
        # passive shares its subject, never its agent ("was joined by Y and joked")
        return patient
    if v.dep_ == "advcl" and v.tag_ == "VBG":
        actor = _absolute_or_subordinate_subject(v, ctx)
        if actor is not None:
            return actor
    if v.dep_ in INHERITS_SUBJECT and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
        return subject_of(v.head, ctx, depth + 1)
    if v.dep_ == "dep" and v.pos_ == "VERB" and v.head.pos_ == "VERB" and v.head.i < v.i:
        # "gestured, then leaned in and shouted": the parser's unlabelled
        # link between two verbs of one subject
        return subject_of(v.head, ctx, depth + 1)
    if v.dep_ == "xcomp" and v.head.pos_ == "ADJ" and v.head.dep_ in ("acomp", "xcomp") \
            and v.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(v.head.head, ctx, depth + 1)  # "are quick to offer praise": who is quick
    if v.dep_ == "pcomp" and v.head.lower_ == "from" and v.head.head.pos_ == "VERB" and v.head.head.dep_ != "relcl" \
            and (obj := first_child(v.head.head, ("dobj",), ctx=ctx)) is not None and obj.i < v.i \
            and obj.pos_ in ("NOUN", "PROPN", "PRON") and obj.ent_type_ not in ("DATE", "TIME"):
        return obj  # "blocked the auditor from reporting": the one kept from it would have done it
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
        host = v.head.head
        if (patient := first_child(host, ("nsubjpass",), ctx=ctx)) is not None and patient.lower_ != "it":
            return patient  # "was cheered (by a crowd) upon announcing": the one cheered announced it
        return subject_of(host, ctx, depth + 1)  # "underlined the call by saying"
    fronted = _fronted_appositive(v, ctx)
    if fronted is not None:
        return fronted
    if v.dep_ in ("ROOT", "ccomp", "conj"):
        # "Mr. Lane - in a line aimed at his rival - declared": a name cut off
        # from its verb by an aside, left as a loose noun modifier
        loose = next((c for c in v.lefts if c.dep_ in ("npadvmod", "dep") and c.pos_ in ("PROPN", "NOUN")
                      and c.ent_type_ not in ("DATE", "TIME") and could_speak(c, ctx) and not ctx.in_quote(c.i)), None)
        if loose is not None:
            return loose
    if v.dep_ == "acl" and v.tag_ == "VBD" and v.head.dep_ == "ROOT" and v.head.i < v.i and could_speak(v.head, ctx):
        return v.head  # "Tom Ray, who runs the club, wrote to ...": the parse made the sentence a noun
    if v.tag_ == "VBG" and v.dep_ in ("csubj", "dep", "conj", "advcl") and v.i > 1 and ctx.doc[v.i - 1].text == ",":
        # "Lowe took to the radio, posting ...", the participle misread as a
        # clausal subject: the one who did what the clause before the comma says
        before = _finite_before(ctx, v.i - 1)
        if before is not None:
            return subject_of(before, ctx, depth + 1)
    root = _sentence_root(v, ctx)
    if v.dep_ == "acl" and v.tag_ == "VBD" and root.i != v.i and root.i < v.i:
        # A finite past verb parsed as a noun modifier ("... think tank called
        # the plan ...") is the sentence's main act: its subject is the root's.
        return _subject_of(root, ctx, depth + 1)
    return None


def _finite_before(ctx: Context, k: int) -> Token | None:
    """The finite verb with a subject of its own nearest before token k in
    its sentence, if any."""
    start, _ = ctx.sentence(k)
    for j in range(k - 1, start - 1, -1):
        t = ctx.doc[j]
        if t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP") \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children(t)):
            return t
    return None


def partitive_relative(tok: Token, ctx: Context) -> bool:
    """Whether `tok` heads a partitive relative phrase, "many of which",
    "some of whom": the subject of a relative clause, never of a report."""
    if tok.lower_ not in ctx.patterns.lists.get("partitive_quantifiers", ()):
        return False
    relative = ctx.patterns.pronouns.get("relative", frozenset())
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in relative for g in ctx.children(c))
               for c in ctx.children(tok))


def reporters_next_act(v: Token, ctx: Context) -> Token | None:
    """The cue verb whose speaker also does `v`, when `v` is a subjectless
    report conjoined to (a clause inside) that cue's reported clause, in the
    cue's tense: "said the party was calm, and urged that ...", "said it was
    proof that the board erred, and accused ..."."""
    if v.dep_ != "conj" or v.i not in ctx.cue_heads or first_child(v, SUBJECT_DEPS, ctx=ctx) is not None \
            or first_child(v, ("auxpass",), ctx=ctx) is not None:
        return None  # "..., but were rejected": a passive is done to the clause's subject
    reporter = reporter_over(v.head, ctx)
    return reporter if reporter is not None and finite_tag(v) == finite_tag(reporter) else None


def reduced_passive(v: Token, ctx: Context) -> bool:
    """A past form with no subject and no auxiliary, opening its sentence or
    after "when"/"if"/...: a passive with "he was" left out ("when asked
    about X", "Asked whether ..., she said"). The small model tags many of
    these VBD; its subject is asked, not asking."""
    if v.tag_ not in ("VBD", "VBN") or v.dep_ not in ("advcl", "acl", "conj") \
            or any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in ctx.children(v)):
        return False
    k = v.i - 1
    if k >= 0 and ctx.doc[k].lower_ in ctx.patterns.lists.get("reducing_subordinators", ()) \
            and ctx.doc[k].head.i == v.i:
        return True
    s, _ = ctx.sentence(v.i)
    while s < v.i and (ctx.doc[s].is_punct or ctx.doc[s].is_quote):
        s += 1
    return s == v.i and v.dep_ == "advcl" and v.i < v.head.i


def second_report(v: Token, ctx: Context) -> bool:
    """A finite cue verb with no subject, after "and", parsed as the cue's
    second complement: "said the plan failed and warned that ..."."""
    return v.dep_ == "ccomp" and v.tag_ in ("VBD", "VBZ") and v.head.i in ctx.cue_heads and v.i in ctx.cue_heads \
        and first_child(v, SUBJECT_DEPS, ctx=ctx) is None and v.i > 0 and ctx.doc[v.i - 1].dep_ == "cc"


def finite_tag(v: Token) -> str:
    """The tense of a verb group: its first auxiliary's tag ("have been
    urging" is VBP, "did not see" VBD), else its own."""
    aux = next((c for c in v.lefts if c.dep_ in ("aux", "auxpass")), None)
    return aux.tag_ if aux is not None else v.tag_


def reporter_over(clause: Token, ctx: Context) -> Token | None:
    """The cue verb whose reported clause holds `clause`, through conjuncts
    and noun complements ("said [it was proof that [the board erred]]"),
    not through relative clauses (their conjuncts keep their own subject)."""
    t = clause
    for _ in range(5):
        if t.dep_ == "ccomp" and t.head.i in ctx.cue_heads and t.head.i < t.i:
            return t.head
        if t.dep_ not in ("conj", "acl", "attr", "prep", "pobj", "dobj") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _time_spent_on(v: Token, ctx: Context) -> Token | None:
    """The verb of spending time ([lists] time_verbs) whose object a
    participle's noun is, or lies in: "spent [much of his speech] praising"."""
    t = v.head
    for _ in range(3):
        if t.dep_ not in ("dobj", "pobj", "prep") or t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ == "VERB":
            return t if t.lemma_.lower() in ctx.patterns.lists.get("time_verbs", ()) else None
    return None


def _attribution_before(v: Token, ctx: Context) -> Token | None:
    """The speaker of the attribution a participle follows, when the parser
    hung the participle on the quotation: "“...,” she said, blaming X"."""
    if not _set_off(v, ctx):
        return None
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and doc[k].text != ",":
        k -= 1
    t = doc[k - 1] if k > 0 else None
    while t is not None and t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    if t is None or t.i not in ctx.cue_heads or ctx.in_quote(t.i):
        return None
    return first_child(t, ("nsubj",), ctx=ctx)


def _absolute_or_subordinate_subject(v: Token, ctx: Context) -> Token | None:
    """Who does a participle set off after a clause of its own: "ended with
    the host asking ..." (the noun before it, in a "with" phrase), "started
    when students interrupted, shouting ..." (the subordinate clause's subject)."""
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and (doc[k].is_punct or doc[k].is_quote or doc[k].dep_ == "mark" and doc[k].head.i == v.i):
        k -= 1
    if k < 0:
        return None
    before = doc[k]
    if before.dep_ == "pobj" and before.head.lower_ == "with" and k == v.i - 1:
        return before
    if not _set_off(v, ctx):
        return None
    clause = next((c for c in ctx.children(v.head)
                   if c.dep_ == "advcl" and c.i < v.i and c.left_edge.i <= k <= c.right_edge.i), None)
    return first_child(clause, ("nsubj",), ctx=ctx) if clause is not None else None


def _set_off(v: Token, ctx: Context) -> bool:
    """Whether a comma comes right before `v` (its subordinator, "while",
    and quotation marks aside): "..., while adding", "...," adding"."""
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and (doc[k].dep_ == "mark" and doc[k].head.i == v.i or doc[k].is_quote):
        k -= 1
    return k >= 0 and doc[k].text == ","


def _fronted_appositive(v: Token, ctx: Context) -> Token | None:
    """A subject the parser hung as an appositive inside a fronted phrase:
    "At the club, Tom Reyes, its president, suggested that ..." read as "At
    (the club, Tom Reyes)". The appositive must end at the comma right before
    the verb (auxiliaries aside), so a subject it finds is the one that stands
    in the subject's place."""
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and doc[k].head.i == v.i and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod"):
        k -= 1
    if k < 1 or doc[k].text != ",":
        return None
    for c in ctx.children(v):
        if c.i < k and c.dep_ in ("prep", "npadvmod"):
            found = next((t for t in c.subtree if t.dep_ == "appos" and t.right_edge.i == k - 1
                          and not ctx.in_quote(t.i) and could_speak(t, ctx)), None)
            if found is not None:
                return found
    return None


def could_speak(tok: Token, ctx: Context) -> bool:
    """Whether a noun can be a source: a person, a body, a group, an outlet,
    a document, a pronoun (not a place, a day or an event)."""
    if tok.pos_ == "PRON" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    if tok.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "MONEY", "PERCENT", "CARDINAL"):
        return tok.ent_type_ == "GPE" and tok.dep_ in ("nsubj", "nsubjpass")  # "Turkey said" speaks
    p = ctx.patterns
    low = tok.lemma_.lower()
    return (low in p.title_words or low in p.outlet_nouns or low in p.document_words.get("nouns", ())
            or any(low in p.kind_words.get(k, ()) or tok.lower_ in p.kind_words.get(k, ())
                   for k in ("organization", "group", "anonymous")) or tok.pos_ == "PROPN")


def _sentence_root(v: Token, ctx: Context) -> Token:
    while v.head.i != v.i and ctx.sentence(v.head.i) == ctx.sentence(v.i):
        v = v.head
    return v


def fallback_subject(v: Token, ctx: Context) -> Token | None:
    """A speaker the parser failed to attach: the noun phrase right before the
    cue ("... , Ann Lowe said") or right after it ("said Ann Lowe")."""
    doc = ctx.doc
    k = v.i - 1
    while k >= 0 and (doc[k].dep_ in ("aux", "auxpass", "advmod", "neg") or doc[k].pos_ == "ADV"
                      or doc[k].ent_type_ in ("DATE", "TIME") and doc[k].head.i == v.i):
        k -= 1
    if k >= 0 and not ctx.in_quote(k) and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and "\n" not in doc[k].whitespace_:
        return np_head(doc[k])
    while k >= 0 and doc[k].is_quote:
        k -= 1  # 'the show "Brain Race,"': an aside may end inside a title's quotation marks
    if k >= 0 and doc[k].text in ASIDE_ENDS:
        opening = _sentence_opening_name(v, ctx)
        if opening is not None:
            return opening
    k = v.i + 1
    stop = min(len(doc), v.i + 8)
    while k < stop and not ctx.in_quote(k) and doc[k].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PUNCT") \
            and doc[k].text not in ".,;:":
        if doc[k].pos_ == "PROPN" or (doc[k].pos_ == "NOUN" and doc[k].dep_ in ("nsubj", "dobj", "attr", "npadvmod")):
            return np_head(doc[k])
        k += 1
    return None


ASIDE_ENDS = frozenset({",", ")", "-", "—", "–", "--"})


def _sentence_opening_name(v: Token, ctx: Context) -> Token | None:
    """"Ann Lee, who ran the port for years, said ...", "A spokesman for the
    firm - a small one - noted ...": the parser lost the subject in the
    aside. The sentence opens with a noun phrase that can speak and that
    the aside's first mark closes; it is the subject the verb lacks."""
    doc = ctx.doc
    s, _ = ctx.sentence(v.i)
    while s < v.i and (doc[s].is_punct or doc[s].is_quote):
        s += 1
    k = s
    while k < v.i and (doc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM") or doc[k].dep_ in ("compound", "poss", "case")
                       or doc[k].lower_ in ("for", "of") and k > s):
        k += 1
    if k == s or k >= v.i - 1 or doc[k].text not in ("(", ",", "-", "—", "–", "--") or ctx.in_quote(s):
        return None
    head = np_head(doc[k - 1])
    while head.i > s and head.head.i < k and head.head.i >= s and head.head.i != head.i and head.dep_ in ("pobj", "compound"):
        head = head.head if head.dep_ == "compound" else head.head.head  # "a spokesman for the firm": the spokesman
    return head if head.pos_ in ("PROPN", "NOUN") and could_speak(head, ctx) else None


def np_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "flat", "amod", "nmod") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def mention_span(head: Token, ctx: Context) -> tuple[int, int]:
    """The token span of a speaker mention headed by `head`: premodifiers,
    possessors and conjuncts, without appositives and relative clauses."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for c in ctx.children(tok):
            if c.dep_ in NOT_IN_MENTION and not _list_member(c, head):
                continue
            if c.dep_ == "case" and c.head.i == head.i and head.dep_ != "poss":
                continue  # "the union's" stays whole only where the possessor is the speaker
            if c.dep_ == "prep" and c.i > head.i and not (_of_names_place(c) or _holds_person(c)
                                                          or _names_author(c, head, ctx)):
                continue
            if ctx.in_quote(c.i) and not ctx.in_quote(head.i):
                continue
            keep.add(c.i)
            stack.append(c)
    start, end = min(keep), max(keep) + 1
    ent = ctx.ent_of(head.i)
    if ent is not None and ent.label_ in ("ORG", "PERSON", "FAC", "WORK_OF_ART") and start <= ent.start:
        end = max(end, ent.end)  # a name runs to its end: "Letters from Lima"
    doc = ctx.doc
    end = _defined_name_end(ctx, start, end)
    for k in range(head.i - 1, start - 1, -1):
        if doc[k].is_punct and doc[k].text in ("-", "—", "–", "--") and doc[k].whitespace_ and k and doc[k - 1].whitespace_:
            start = k + 1  # a dateline before a dash is no part of the name: "PARIS (AP) - Ann Lowe"
            break
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"
                               or doc[end - 1].dep_ == "case" and head.dep_ != "poss"):
        end -= 1
    return start, end


def _defined_name_end(ctx: Context, start: int, end: int) -> int:
    """A name the text defines by its initials runs to its acronym, words the
    parser left out included: "Letters from Lima (LFL) reported" gives
    "Letters from Lima", though the parse hangs "from Lima" elsewhere."""
    doc, connectors = ctx.doc, ctx.patterns.lists.get("name_connectors", frozenset())
    k = end
    while k < len(doc) and k - end < 6 and (doc[k].text[:1].isupper() or doc[k].lower_ in connectors):
        k += 1
    if not (k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")" and doc[k + 1].text.isupper()):
        return end
    words = [t.text for t in doc[start:k] if t.text[:1].isalpha()]
    every = "".join(w[0] for w in words if w.lower() != "the").upper()
    capitals = "".join(w[0] for w in words if w[:1].isupper()).upper()
    return k if doc[k + 1].text in (every, capitals) else end


def _list_member(c: Token, head: Token) -> bool:
    """"Ann Lowe, Tom Ray and Joe Bloggs": the parser often hangs the second
    name as an appositive of the first and the last as its conjunct. A proper
    name in apposition that has a conjunct of its own is the list going on."""
    if not (c.dep_ == "appos" and c.pos_ == "PROPN" and head.pos_ == "PROPN" and c.i > head.i):
        return False
    sub = list(c.subtree)  # "Ann Lowe, Finance Minister Tom Ray and Transport Secretary Joe Bloggs"
    # an "and" inside a body's name ("Director of the Office of Parks and Trails") joins no list
    return any(g.dep_ == "cc" and g.lower_ in ("and", "&") and g.ent_iob_ == "O" for g in sub) \
        and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in sub)


def heads_with_child(doc: Doc, labels: tuple[str, ...]) -> set[int]:
    """The tokens that have a child with one of these dependency labels,
    found on integer columns (no Token objects)."""
    if not len(doc):
        return set()
    # spaCy's doc.pyi says to_array gives floats; it gives uint64 ids, and
    # HEAD as an offset that wraps round below zero.
    cols = cast("NDArray[numpy.uint64]", doc.to_array([DEP, HEAD]))
    deps = cols[:, 0]
    linked = numpy.zeros(len(doc), dtype=bool)
    for label in labels:  # a comparison per label: numpy.isin costs more on columns this short
        linked |= deps == doc.vocab.strings[label]
    kids = numpy.flatnonzero(linked)
    return set((kids + cols[kids, 1].astype(numpy.int64)).tolist())


def list_members(t: Token, ctx: Context | None = None) -> list[Token]:
    """The heads of a coordination led by t, in order: its conjuncts ("A and
    B"), and the names of a list the parser hung as appositive plus conjunct
    ("A, B and C"). With `ctx`, children are read from its lists."""
    members, k = [t], t
    while True:
        kids = ctx.children(k) if ctx is not None else list(k.children)
        nxt = next((c for c in kids if c.dep_ == "conj"), None)
        if nxt is None:
            nxt = next((c for c in kids if _list_member(c, t)), None) if k is t else None
        if nxt is None or nxt in members:
            return members
        members.append(nxt)
        k = nxt


def in_a_list(t: Token) -> bool:
    """Whether t is a later member of some list (not its first word)."""
    return t.dep_ == "conj" or _list_member(t, t.head)


def _names_author(prep: Token, head: Token, ctx: Context) -> bool:
    """"a report by the audit office", "an analysis from the bank": a
    document's author stays in its mention."""
    return head.i == prep.head.i and prep.lower_ in ("by", "from") \
        and head.lemma_.lower() in ctx.patterns.document_words.get("nouns", ())


def _of_names_place(prep: Token) -> bool:
    # "Crown Prince Ahmed of Jordan", "the secretary of state"
    return prep.lower_ == "of" and any(g.dep_ == "pobj" and g.pos_ in ("PROPN", "NOUN") for g in prep.children)


def _holds_person(prep: Token) -> bool:
    # "Special Agent in Charge Ann Lowe", "Ambassador to the United Nations
    # Ann Lowe": the name sits inside the phrase.
    sub = list(prep.subtree)
    return any(t.ent_type_ == "PERSON" for t in sub) or (
        len(sub) >= 3 and sub[-1].pos_ == "PROPN" and sub[-2].pos_ == "PROPN" and prep.head.pos_ in ("PROPN", "NOUN")
        and prep.head.text[:1].isupper())


def appositive_title(head: Token, ctx: Context) -> tuple[int, int] | None:
    for c in ctx.children(head):
        if c.dep_ == "appos":
            s, e = c.left_edge.i, c.right_edge.i + 1
            while s < e and ctx.doc[s].is_punct:
                s += 1
            while e > s and ctx.doc[e - 1].is_punct:
                e -= 1
            if e > s:
                return s, e
    return None


def sentence_end_between(ctx: Context, a: int, b: int) -> bool:
    """True when a sentence ends strictly between tokens a and b."""
    return sentence_end_in(ctx, min(a, b) + 1, max(a, b)) is not None


def sentence_end_in(ctx: Context, lo: int, hi: int, last: bool = False) -> int | None:
    """The first (with `last`, the last) sentence end k with lo <= k < hi, or None."""
    ends = _sentence_ends(ctx)
    j = bisect_left(ends, hi) - 1 if last else bisect_left(ends, lo)
    return ends[j] if 0 <= j < len(ends) and lo <= ends[j] < hi else None


def _sentence_ends(ctx: Context) -> list[int]:
    """Every sentence end of the document, found once: a full stop, question
    or exclamation mark outside quotations, or a closing quotation mark right
    after one (“... the victims.” She added ...) followed by a capitalised word."""
    if ctx.sentence_ends is not None:
        return ctx.sentence_ends
    doc, text = ctx.doc, ctx.text
    found: set[int] = set()
    if not len(doc):
        ctx.sentence_ends = []
        return ctx.sentence_ends
    # The marks are tokens of their own: found on the ORTH column, not by
    # visiting every mark in the text and building its Token.
    orths = ctx.columns[:, ORTH_COL] if ctx.columns is not None else doc.to_array(ORTH)
    marks = orths == _SENT_END_IDS[0]
    for h in _SENT_END_IDS[1:]:
        marks |= orths == h
    found.update(k for k in numpy.flatnonzero(marks).tolist() if not ctx.in_quote(k))
    for q in ctx.quotes:
        k = ctx.token_at(q.end - 1)
        if k is None or k + 1 >= len(doc) or doc[k].idx + len(doc[k]) != q.end:
            continue
        inner = text[q.content[0]:q.content[1]].rstrip().rstrip("])")
        if inner[-1:] in SENT_END and doc[k + 1].text[:1].isupper() and not ctx.in_quote(k + 1):
            found.add(k)
    ctx.sentence_ends = sorted(found)
    return ctx.sentence_ends


def is_negated(v: Token, ctx: Context) -> bool:
    return _negated([(c.dep_, c.lower_) for c in ctx.children(v)], ctx)


def _negated(kids: list[tuple[str, str]], ctx: Context) -> bool:
    """Whether a verb with these children (label, lower-cased word) is negated."""
    negations = ctx.patterns.blockers.get("negations", frozenset())
    return any(dep == "neg" or low in negations and dep in ("advmod", "det") for dep, low in kids)


def blocked(v: Token, ctx: Context) -> str | None:
    """Why the cue word `v` reports nothing, or None: negated ("did not
    say"), modal or future ("would say", "will announce"), under a verb of
    wanting or refusing ("declined to say"), or in a conditional clause
    ("if he says so"). The words come from the `[blockers]` section."""
    b = ctx.patterns.blockers
    kids = [(c.dep_, c.lower_) for c in ctx.children(v)]  # read once: every test below looks at them
    if _negated(kids, ctx):
        return "negated"
    modals = b.get("modals", frozenset())
    if any(dep == "aux" and low in modals for dep, low in kids):
        return "modal"
    dep, tag = v.dep_, v.tag_
    if dep == "ROOT" and tag == "VB" and not ctx.in_quote(v.i) and not any(
            d in ("nsubj", "nsubjpass", "aux") for d, _ in kids):
        return "imperative"  # "Call it a fad.": the author addressing the reader
    conditionals = b.get("conditionals", frozenset())
    if dep == "advcl" and any(d == "mark" and low in conditionals for d, low in kids):
        return "conditional"
    governors = b.get("governors", frozenset())
    up = v
    for _ in range(3 if dep in ("xcomp", "ccomp") else 0):
        if up.dep_ not in ("xcomp", "ccomp") or up.head.i == up.i:
            break
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in ctx.children(up)):
            break
        gov = up.head
        if gov.lemma_.lower() in governors:
            return "governed"
        if is_negated(gov, ctx) or any(c.dep_ == "aux" and c.lower_ in modals for c in ctx.children(gov)):
            return "governed"
        up = gov
    if dep == "acl" and any(d == "aux" and low == "to" for d, low in kids) and v.head.lemma_.lower() in governors:
        return "governed"  # "his refusal to condemn it": the noun says it was not (yet) done
    if dep in ("acl", "amod") and tag == "VBN" and agent_of(v, ctx) is None and not _root_quoted(v, ctx):
        return "attributive"  # "sections deemed dangerous", "the alleged retreat"
    if dep in ("advcl", "acl") and any(d == "aux" and low == "to" for d, low in kids) \
            and v.head.lemma_.lower() not in b.get("reported_after", frozenset()) \
            and not any(c.head == v.head.i for c in ctx.cues_at.get(v.head.i, ())):
        return "purpose"  # "tests are needed to confirm whether ...": not (yet) said; "tweeted to say" is
    return None


def _root_quoted(v: Token, ctx: Context) -> bool:
    """"Ann Lowe, the mayor, wrote in reply: “...”": the parser made the
    quotation's verb the sentence's root and the cue a participle on the
    name. A cue outside quotation marks under a root inside them is the
    sentence's real main verb."""
    root = v
    while root.head.i != root.i:
        root = root.head
    return ctx.in_quote(root.i) and not ctx.in_quote(v.i)


def ruled_out(ctx: Context, cue: Cue, tok: Token | None) -> bool:
    """Whether `tok` (the cue's content, target or source word) makes the cue
    a sense that reports nothing, by data (`[not_claims]`): "claimed
    asylum", "denied bail", "according to the law", "per advice"."""
    return names_a_sense(tok, not_claim_words(ctx, cue))


def names_a_sense(tok: Token | None, words: frozenset[str] | None) -> bool:
    """Whether `tok` is one of a cue's non-claim words (`not_claim_words`)."""
    if tok is None or not words or tok.pos_ in ("VERB", "AUX") and not is_passive(tok):
        # the listed senses are objects ("reported for work", not "reported he
        # had worked"), or a passive ("asked not to be named")
        return False
    return tok.lemma_.lower() in words or tok.lower_ in words


def not_claim_words(ctx: Context, cue: Cue) -> frozenset[str] | None:
    """The `[not_claims]` words of a cue's lemma (none for most cues)."""
    table = ctx.patterns.not_claims
    return table.get(cue.lemma) or table.get(cue.lemma.split()[0]) or table.get(ctx.doc[cue.head].lemma_.lower())


def cue_is_live(ctx: Context, cue: Cue, inside_quotes: bool = False) -> bool:
    """A cue that reports something: not in a sub-heading, not negated,
    modal or hypothetical; and not inside a quotation unless `inside_quotes`
    (a report nested in a quotation is a claim of its own, GUIDELINES)."""
    live = ctx.live.get(cue.head)
    if live is None:
        head = ctx.doc[cue.head]
        live = ctx.live[cue.head] = not (ctx.in_headline(head.i) or blocked(head, ctx))
    return live and (inside_quotes or not ctx.in_quote(cue.head))
