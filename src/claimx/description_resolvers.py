"""Resolvers of mentions that describe rather than name: a title alone ("the
prosecutor"), an outlet or its description ("the newspaper"), a document
("the letter"), a group or an unnamed source ("officials")."""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .entities import named_before, released_by
from .outlets import OutletMention
from .pronoun_resolvers import PronounResolvers
from .speakers import DEFINITE, Prior, Speaker, join
from .syntax import list_members, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .claim import SpeakerType


class DescriptionResolvers(PronounResolvers):
    """Titles, outlets, documents and descriptions, resolved to whom they describe."""

    def title_only(self, toks: list[Token], root: Token) -> Speaker:
        """"the prosecutor", "The Vice President", "the club's chairman": the
        person the text gave that role, the nearest before."""
        role = tuple(t.lower_.rstrip(".") for t in toks if t.lower_.rstrip(".") in self.titles and t.i <= root.i)
        if toks[0].lower_ in DEFINITE or any(t.dep_ == "poss" for t in toks) or toks[0].text[:1].isupper():
            holder = self.index.holder(role, toks[0].i, self.subordinate)
            if holder is not None:
                return Speaker(holder.name, "person", holder.gender, self.text(toks), reason="role holder")
        return Speaker(None, "anonymous", title=self.text([t for t in toks if t.dep_ != "det"]) or None,
                       reason="no holder of the role")

    def outlet(self, m: OutletMention) -> Speaker:
        if m.name in self.ctx.patterns.outlet_names:
            toks = list(self.ctx.doc[m.start:m.end])
            if toks and toks[0].text == "the":
                toks = toks[1:]
            return Speaker(self.text(toks) or m.name, "outlet", reason="outlet")
        return Speaker(self.text(list(self.ctx.doc[m.start:m.end])), "outlet", reason="outlet")

    def outlet_description(self, toks: list[Token], root: Token) -> Speaker:
        """"the newspaper", "the website": the outlet named last, when definite;
        "the Ledger's website" its owner."""
        owner = self._site_owner(toks, root)
        if owner is not None:
            return owner
        if toks[0].lower_ in DEFINITE or any(t.dep_ == "poss" for t in toks):
            m = self.ctx.outlet_before(toks[0].i)
            if m is not None:
                return self.outlet(m)
            org = self.index.last_body(toks[0].i, ("outlet",))
            if org is not None:
                return Speaker(org.name, "outlet", reason="outlet named before")
        return Speaker(None, "outlet", reason="unnamed outlet")

    def _site_owner(self, toks: list[Token], root: Token) -> Speaker | None:
        """A name that owns the outlet: its possessor ("Harbour Watch's
        site"), or one named as a possessor earlier in the same sentence,
        after the last outlet ("Harbour Watch's log shows X; the website says Y")."""
        poss = next((c for c in self.ctx.children(root) if c.dep_ == "poss"), None)
        if poss is None and toks[0].lower_ in DEFINITE:
            s, _ = self.ctx.sentence(root.i)
            last = self.ctx.outlet_before(root.i)
            lo = max(s, last.end if last is not None else s)
            poss = next((t for t in reversed(self.ctx.doc[lo:toks[0].i]) if t.dep_ == "poss"), None)
        if poss is None or poss.pos_ != "PROPN" or self.ctx.in_quote(poss.i):
            return None
        s, e = mention_span(poss, self.ctx)
        out = self.ctx.outlet_of(poss)
        if out is not None:
            return self.outlet(out)
        known = self.index.entity_at(poss.i)
        name = known.name if known is not None and known.type != "person" else \
            self.text([t for t in self.ctx.doc[s:e] if t.dep_ != "case" and t.dep_ != "det"])
        return Speaker(name, "outlet", reason="the outlet's owner")

    def document(self, toks: list[Token], root: Token, prior: list[Prior], depth: int) -> Speaker:
        """"the firm's statement", "an email from the council", "the report"
        (issued by a body named before): the issuer speaks."""
        owner = next((c for c in self.ctx.children(root) if c.dep_ == "poss" and c.i >= toks[0].i), None)
        if owner is None:
            for c in self.ctx.children(root):
                if c.dep_ == "prep" and c.lower_ in self.ctx.patterns.document_words.get("owner_preps", ()):
                    owner = next((g for g in self.ctx.children(c) if g.dep_ == "pobj"), None)
        if owner is None:
            owner = released_by(root)
        if owner is None:
            owner = named_before(self.ctx, root)  # "WHO guidelines": a known organisation or acronym before the noun
        if owner is None:
            # "Ann put out a press release saying": the index found who issued it
            i = self.index.document_owner(root.lemma_.lower(), root.i, exact=True)
            owner = self.ctx.doc[i] if i is not None and i != root.i else None
        if owner is None and toks[0].lower_ in DEFINITE:
            # "the report": the last report the text gave an issuer.
            i = self.index.document_owner(root.lemma_.lower(), root.i)
            owner = self.ctx.doc[i] if i is not None and i != root.i else None
        if owner is None or owner.i == root.i:
            return Speaker(None, "anonymous", title=self.text(toks), reason="document without an issuer")
        span = mention_span(owner, self.ctx)
        if owner.dep_ == "poss":
            span = (owner.left_edge.i, owner.i + 1)
        if span[0] < root.i < span[1] or span[1] == root.i + 1:
            span = (span[0], root.i)  # "the Flood Commission Report": the issuer is the name before the noun
        if span[0] >= span[1]:
            return Speaker(None, "anonymous", title=self.text(toks), reason="document without an issuer")
        sp = self.resolve(span, prior, depth + 1)
        sp.reason = "document: its issuer"
        return sp

    @cached_property
    def _count_words(self) -> dict[str, str]:
        """[lists] count_words as word -> number, read once."""
        return dict(x.split("=", 1) for x in self.ctx.patterns.lists.get("count_words", ()) if "=" in x)

    def _count(self, root: Token) -> int | None:
        """How many a plural description counts: "the four agencies" 4, "both sides" 2."""
        words = self._count_words
        for c in self.ctx.children(root):
            w = c.lower_
            if c.dep_ == "nummod":
                n = w if w.isdigit() else words.get(w, "")
                return int(n) if n.isdigit() else None
            if c.dep_ in ("det", "predet") and w == "both":
                return 2
        return None

    def _counted_roll(self, root: Token, count: int, prior: list[Prior]) -> Speaker | None:
        """"The four agencies – A, B, C and D – said": a counted description
        whose appositives, with their conjuncts, name as many bodies."""
        members: list[Token] = []
        for c in self.ctx.children(root):
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                members.extend(m for m in list_members(c, self.ctx) if m not in members and m.pos_ == "PROPN")
        if len(members) != count:
            return None
        names: list[str] = []
        for m in members:
            ent = self.ctx.ent_of(m.i)
            span = (ent.start, ent.end) if ent is not None else (m.left_edge.i, m.i + 1)
            one = self.resolve(span, prior, 1)
            if not one.name:
                return None
            names.append(one.name)
        return Speaker(join(names), "group" if root.lower_ in self.kinds.get("group", ()) else "organization",
                       reason="plural: the bodies it counts, named beside it", members=tuple(names))

    def _owned(self, toks: list[Token], words: list[Token], root: Token, prior: list[Prior],
               kind: SpeakerType) -> Speaker | None:
        """"her party", "whose office", "his Senate colleagues": the body or
        group of the person the possessive pronoun stands for, named by that
        person ("Kari Lund's party"), never by the pronoun; None when no
        possessive pronoun leads the mention."""
        pron = next((t for t in toks if t.dep_ == "poss" and t.head.i == root.i and t.tag_ in ("PRP$", "WP$")), None)
        if pron is None:
            return None
        holder = self._owner_of(pron, prior)
        rest = self.text([t for t in words if t.i > pron.i and t.dep_ != "case"])
        if holder.name and holder.type == "person" and rest:
            return Speaker(f"{holder.name}'s {rest}", kind, reason="owned by the person a pronoun stands for")
        return Speaker(None, kind, reason="owned by someone the text does not name")

    def _owner_of(self, pron: Token, prior: list[Prior]) -> Speaker:
        """Who a possessive pronoun stands for: "whose" the noun its clause
        describes ("Kari Lund, whose party ..."), any other the pronoun's referent."""
        if pron.lower_ in self.pron.get("possessive_relative", ()):
            clause = pron.head.head
            if clause.dep_ == "relcl" and clause.head.i != clause.i:
                return self.resolve(mention_span(clause.head, self.ctx), prior, 1)
            return Speaker(None, None, reason="no noun before the relative pronoun")
        return self.pronoun(pron, prior)

    def description(self, toks: list[Token], root: Token, prior: list[Prior]) -> Speaker:
        """A speaker described, not named: "the ministry" (the one named
        before), "Norwegian authorities", "officials", "a senior diplomat"."""
        kinds, lemma, at = self.kinds, root.lemma_.lower(), toks[0].i
        definite = toks[0].lower_ in DEFINITE or any(t.dep_ == "poss" for t in toks)
        plural = root.tag_ in ("NNS", "NNPS") or root.lower_ in kinds.get("group", ())
        qualified = any((t.text[:1].isupper() and not t.is_sent_start or t.ent_type_ in ("NORP", "GPE"))
                        and t.i < root.i and t.dep_ not in ("det", "poss") for t in toks)
        words = [t for t in toks if (t.dep_ != "det" or t.i > root.i) and t.dep_ != "case"]
        text = self.text(words) if words else ""
        if lemma in kinds.get("organization", ()) or root.lower_ in kinds.get("organization", ()):
            if plural and (definite or any(t.pos_ == "NUM" for t in toks)):
                count = self._count(root)
                named = self._counted_roll(root, count, prior) if count else None
                named = named or self.plural(at, prior, count=count, joint_first=True)
                if named is not None:
                    return named
            if toks[0].lower_ not in kinds.get("indefinite_determiners", ()):
                org = self.index.organization(text, at) or self.index.last_body(at, ("organization",), root.lower_)
                if org is None and definite and not plural and not qualified \
                        and toks[0].lower_ in DEFINITE and root.lower_ in kinds.get("company", ()):
                    # "the chain", "the retailer": the company named last before
                    org = self.index.last_body(at, ("organization",), label="ORG")
                if org is not None:
                    return Speaker(org.name, "organization", reason="organisation named before")
            owner = next((t for t in toks if t.dep_ == "poss" and t.head.i == root.i and t.pos_ == "PROPN"), None)
            if owner is not None:
                # "Berg's office": the office of the person the text named in full
                person = self.index.person(owner.text, at)
                if person is not None and person.type == "person" and len(person.name) > len(owner.text):
                    rest = self.text([t for t in words if t.i > owner.i and t.dep_ != "case"])
                    return Speaker(f"{person.name}'s {rest}", "organization", reason="a person's office")
            owned = self._owned(toks, words, root, prior, "organization")
            if owned is not None:
                return owned
            return Speaker(text if definite or qualified else None, "organization", reason="organisation described")
        if plural:
            if qualified:
                return self._owned(toks, words, root, prior, "group") \
                    or Speaker(text, "group", reason="group named by identity")
            if definite or toks[0].lower_ in kinds.get("collective", ()) or lemma in kinds.get("collective", ()) \
                    or any(t.pos_ == "NUM" for t in toks):
                named = self.plural(at, prior, people_only=True, count=self._count(root))
                if named is not None:
                    return named
            return Speaker(None, "group", reason="generic group")
        if lemma in kinds.get("anonymous", ()) or lemma in self.titles:
            return Speaker(None, "anonymous", title=text or None, reason="unnamed source")
        return Speaker(None, "anonymous", reason="description")
