"""Document-level speaker resolution: from drafts to Claims.

Two steps. First the document's names are indexed once (`names.NameIndex`);
then each draft's speaker mention is resolved by the resolver for its kind
(`resolvers`), in document order, with the speakers resolved so far at hand
for pronouns and plurals. Two conventions of news writing work across
claims and are applied here: a lede's unnamed official is the person quoted
by name right after, and an outlet that only transmits another source's
claim is that claim's via rather than a claim of its own.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Iterator, cast

from .attribution import Draft, nested
from .claim import Claim, Claims, Kind, Stance
from .context import Context
from .names import NameIndex
from .patterns import short_path
from .resolvers import Resolvers
from .speakers import Prior, Speaker

# How many earlier speakers pronouns and plurals may reach back to: news
# refers to recent speakers, and a bound keeps long documents linear.
RECENT = 60


def resolve(drafts: list[Draft], ctx: Context) -> Claims:
    """Turn drafts into Claims, resolving every speaker through the document."""
    resolvers = Resolvers(ctx, NameIndex(ctx))
    doc, text = ctx.doc, ctx.text
    prior: list[Prior] = []
    resolved: dict[int, Speaker] = {}
    for d in drafts:
        recent = prior[-RECENT:]
        if d.speaker is not None:
            sp = resolvers.resolve(d.speaker, recent)
        elif d.name_span is not None:
            sp = resolvers.resolve(d.name_span, recent)
        elif d.continues is not None:
            sp = resolved.get(id(d.continues), Speaker(None, None))
        else:
            sp = Speaker(None, "anonymous", reason="no speaker in the text")
        if d.title is not None:
            title = text[slice(*ctx.chars(*d.title))]
            if not sp.name and any(t.pos_ == "PROPN" for t in doc[d.title[0]:d.title[1]]):
                # "the goalkeeper's brother, Marco Ferri": the appositive names the speaker.
                named = resolvers.resolve(d.title, recent)
                if named.name and named.type == "person":
                    sp = Speaker(named.name, "person", named.gender, sp.title or text[slice(*ctx.chars(*d.speaker))]
                                 if d.speaker else None, "appositive name")
            elif sp.type == "person" and sp.name:
                sp = Speaker(sp.name, sp.type, sp.gender, title, sp.reason)
        resolved[id(d)] = sp
        at = d.speaker[0] if d.speaker else ctx.token_at(d.content[0])
        prior.append(Prior(at, sp))
    _lede_cataphora(drafts, resolved, ctx)
    drafts = _transmitted(drafts, resolved, ctx)
    drafts = _own_retellings(drafts, resolved)
    _outlet_vias(drafts, resolved, ctx)
    _nested_vias(drafts, resolved, ctx)
    drafts = sorted(drafts, key=lambda d: d.content)  # document order, the shorter of two at one start first
    return Claims((_claim(d, resolved[id(d)], ctx) for d in drafts), text=ctx.text)


def _nested_vias(drafts: list[Draft], resolved: dict[int, Speaker], ctx: Context) -> None:
    """A report nested in a quotation reached the text through the quoted
    speaker: its via is that speaker's name (GUIDELINES)."""
    nested = {id(d): near[0] for d in drafts if d.cue_char is not None and (near := ctx.quotes_near(d.cue_char))}
    if not nested:
        return  # the common case: no frame reads inside quotations
    speaker_of_quote: dict[int, str] = {}
    for d in drafts:
        sp = resolved[id(d)]
        if id(d) not in nested and sp.name:
            for q in ctx.quotes_within(*d.content):
                speaker_of_quote.setdefault(q.open, sp.name)
    for d in drafts:
        quote = nested.get(id(d))
        if quote is not None and quote.open in speaker_of_quote and d.via is None:
            name = speaker_of_quote[quote.open]
            if name != resolved[id(d)].name:
                d.via = name


def _transmitted(drafts: list[Draft], resolved: dict[int, Speaker], ctx: Context) -> list[Draft]:
    """"Kropka.com wrote that its source said X": an outlet that only transmits
    another source's claim is that claim's via, not a claim of its own. An
    outlet whose cue carries a stance ("Kropka.com claims") keeps its claim."""
    drop: set[int] = set()
    starts = [d.content[0] for d in drafts]
    for a in drafts:
        sp = resolved[id(a)]
        if sp.type != "outlet" or a.stance != "neutral":
            continue  # ("the station reported X said ...": an unnamed outlet transmits too)
        s, e = a.content
        for b in drafts[bisect_left(starts, s):bisect_left(starts, e)]:
            if b is a or b.cue_span is None or b.speaker is None:
                continue
            if not (b.cue is not None and b.cue.cls == "speech") and not (a.cue is not None and a.cue.cls == "evidential"):
                # "PBS revealed that X accepted the blame": what X did is the
                # outlet's report; "according to PBS, X noted Y" is X's.
                continue
            bs, be = b.content
            cue_char = ctx.doc[b.cue_span[0]].idx
            spk_char = ctx.doc[b.speaker[0]].idx
            # only where the other report is the whole of what the outlet says
            # (its cue is the content's main verb), not a part of it
            # ("officials voiced their views about X, the outlet reported")
            if s <= spk_char < e and s <= cue_char < e and s <= bs and be <= e \
                    and _main_word(ctx, s, e) in range(*b.cue_span):
                drop.add(id(a))
                if b.via is None and sp.name and not ctx.is_author(sp.name):
                    b.via = sp.name
    return [d for d in drafts if id(d) not in drop]


def _nested_pairs(drafts: list[Draft]) -> Iterator[tuple[Draft, Draft]]:
    """(outer, inner) for each report nested in another's content by a cue of
    its own there (`attribution.nested`); drafts are in document order."""
    starts = [d.content[0] for d in drafts]
    for outer in drafts:
        s, e = outer.content
        for inner in drafts[bisect_left(starts, s):bisect_left(starts, e)]:
            if inner is not outer and nested(inner, outer):
                yield outer, inner


def _outlet_vias(drafts: list[Draft], resolved: dict[int, Speaker], ctx: Context) -> None:
    """"The station revealed that the minister had accepted the blame": a
    claim nested in an outlet's report reached the text through that outlet."""
    for outer, inner in _nested_pairs(drafts):
        sp = resolved[id(outer)]
        if sp.type == "outlet" and sp.name and not ctx.is_author(sp.name) and inner.via is None \
                and resolved[id(inner)].name != sp.name:
            inner.via = sp.name


def _own_retellings(drafts: list[Draft], resolved: dict[int, Speaker]) -> list[Draft]:
    """"Ann said she had told the board that X": a report nested in a claim
    of the same speaker retells part of that claim; the outer claim holds it.
    So does one with no source at all ("Ann said the state is committed to
    X"). Quotations stay claims of their own."""
    drop: set[int] = set()
    for outer, inner in _nested_pairs(drafts):
        name = resolved[id(outer)].name
        if inner.quote is not None or not name and outer.speaker is None:
            continue
        sourceless = inner.speaker is None and inner.name_span is None and inner.continues is None
        # the same speaker: the same name, or (unnamed) the same mention
        if sourceless or (resolved[id(inner)].name == name if name else inner.speaker == outer.speaker):
            drop.add(id(inner))
    return [d for d in drafts if id(d) not in drop]


def _main_word(ctx: Context, s: int, e: int) -> int | None:
    """The token heading the character span [s, e): its head lies outside."""
    a, b = ctx.token_at(s), ctx.token_at(max(s, e - 1)) + 1
    for t in ctx.doc[a:b]:
        if t.head.i == t.i or not a <= t.head.i < b:
            return t.i
    return None


def _lede_cataphora(drafts: list[Draft], resolved: dict[int, Speaker], ctx: Context) -> None:
    # "…, according to a senior port official." then “…,” Ann Lowe said:
    # a lede's unnamed official is the person quoted by name right after.
    for k, d in enumerate(drafts[:3]):
        sp = resolved[id(d)]
        if sp.name or sp.type != "anonymous" or sp.title is None or d.speaker is None:
            continue
        first = ctx.doc[d.speaker[0]]
        if first.lower_ in ctx.patterns.pronouns.get("relative", ()) and first.head.dep_ == "relcl":
            first = first.head.head.left_edge  # "an official who said": the antecedent's words
        if first.lower_ not in ctx.patterns.kind_words.get("indefinite_determiners", ()):
            continue
        if ctx.para_of(d.content[0]) > 1:
            continue
        for later in drafts[k + 1:k + 4]:
            ls = resolved[id(later)]
            if later.speaker is not None and ls.type == "person" and ls.name and ls.title:
                for other in drafts[:k + 1]:
                    if resolved[id(other)] is sp:
                        resolved[id(other)] = Speaker(ls.name, "person", ls.gender, sp.title)
                break


def _kind(d: Draft, ctx: Context) -> Kind:
    if d.cue_char is not None and ctx.quotes_near(d.cue_char):
        return "indirect"  # a report inside a quotation, as the quoted speaker gives it
    if d.quote is not None and d.quote.open < d.content[0] and d.content[1] <= d.quote.close:
        return "direct"
    s, e = d.content
    k = max(0, bisect_left(ctx.quote_opens, s) - 1)
    for q in ctx.quotes[k:bisect_left(ctx.quote_opens, e)]:
        if q.end <= s or q.open >= e:
            continue
        if q.open <= s and q.close >= e:
            return "direct"
        if not _names_only(ctx.text[slice(*q.content)]):
            return "mixed"
    return "indirect"


def _names_only(quoted: str) -> bool:
    # Quotation marks around a name or a term ("COVID-19", "Falcon Group")
    # do not make a claim mixed.
    words = quoted.strip(" ,.").split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words)


def _mention(d: Draft) -> tuple[int, int] | None:
    """The speaker's mention: a continuing quotation's is that of the
    attribution it continues ("“A,” said Ann. [...] “B.”": Ann, for both)."""
    seen = 0
    while d.speaker is None and d.continues is not None and seen < 50:
        d, seen = d.continues, seen + 1
    return d.speaker


def _claim(d: Draft, sp: Speaker, ctx: Context) -> Claim:
    text = ctx.text
    s, e = d.content
    mention = _mention(d)
    speaker = ctx.chars(*mention) if mention else None
    cue = ctx.chars(*d.cue_span) if d.cue_span else None
    stype = sp.type
    if stype is None:
        stype = "anonymous" if d.anonymous or mention is None else None
    title = sp.title
    if d.title is not None:
        title = text[slice(*ctx.chars(*d.title))]
    return Claim(
        content=(s, e),
        text=text[s:e],
        kind=_kind(d, ctx),
        speaker=speaker,
        speaker_text=text[slice(*speaker)] if speaker else None,
        speaker_name=sp.name,
        speaker_type=stype,
        title=title,
        cue=cue,
        cue_text=text[slice(*cue)] if cue else None,
        cue_lemma=d.cue_lemma,
        stance=cast(Stance, d.stance),  # from pattern files, checked against STANCES on loading (Claim checks again)
        via=d.via if d.via != sp.name else None,
        addressee=text[slice(*ctx.chars(*d.addressee))] if d.addressee else None,
        time=text[slice(*ctx.chars(*d.time))] if d.time else None,
        rule=d.frame.id,
        pattern_file=short_path(d.frame.file),
        confidence=d.frame.confidence,
    )
