"""Who a speaker mention refers to: one small resolver per kind of mention.

`Resolvers.resolve` decides what kind of mention it has (a name, a title
alone, a pronoun, a document, a description of a group or an unnamed
source, an outlet, several of these joined by "and") and hands it to the
resolver for that kind. Each reads the document's `NameIndex` and the
speakers resolved so far, never changes them, and returns a `Speaker`: the
name and type it found, or none with the reason.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .description_resolvers import DescriptionResolvers
from .entities import NOUN_DEPS, is_acronym, norm
from .list_resolvers import ListResolvers
from .speakers import DEFINITE, HANDLE, Prior, Speaker, proper_noun
from .syntax import list_members, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


class Resolvers(DescriptionResolvers, ListResolvers):
    """Every resolver, and the dispatch that picks one for a mention."""

    # -- dispatch --------------------------------------------------------------
    def resolve(self, span: tuple[int, int], prior: list[Prior], depth: int = 0) -> Speaker:
        doc = self.ctx.doc
        s, e = span
        toks = list(doc[s:e])
        if not toks or depth > 3:
            return Speaker(None, None, reason="empty mention")
        root = min(toks, key=lambda t: _root_rank(t, s, e))
        named = self._named_list(s, e, prior, depth)
        if named is not None:
            return named
        appos = self._appositive_name(root, s, e)
        # "the four agencies – A, B, C and D –": bodies by the roll (people go by described_then_named)
        bodies = self.kinds.get("organization", ())
        count = self._count(root) if appos is not None and root.tag_ == "NNS" \
            and (root.lemma_.lower() in bodies or root.lower_ in bodies) else None
        roll = self._counted_roll(root, count, prior) if count else None
        if roll is not None:
            return roll
        if appos is not None:
            return self.described_then_named(toks, appos, prior, depth)
        conj = [c for c in list_members(root, self.ctx)[1:] if s <= c.i < e and not self._inside_one_name(root, c)]
        if conj:
            return self.joint(root, conj, s, e, prior, depth)
        if len(toks) == 1 and HANDLE.fullmatch(toks[0].text):
            # "@harbourwatch": an account speaks by its handle; whose it is, the text rarely says
            return Speaker(toks[0].text, None, reason="a handle")
        if len(toks) == 1 and toks[0].lower_ in self.pron.get("relative", ()) and toks[0].head.dep_ == "relcl" \
                and toks[0].head.head.i != toks[0].i:
            # "Ann Lee, who said ...": the relative pronoun is the mention, its antecedent the speaker
            return self.resolve(mention_span(toks[0].head.head, self.ctx), prior, depth + 1)
        if len(toks) == 1 and toks[0].pos_ == "PRON" and not is_acronym(toks[0]):
            return self.pronoun(toks[0], prior)
        outlet = next((m for m in self.ctx.outlets_between(s, e) if m.start <= root.i < m.end), None)
        if outlet is not None:
            return self.outlet(outlet)
        whole = self._indexed_whole(toks, root)
        if whole is not None:
            return whole
        lemma = root.lemma_.lower()
        ent = self.ctx.ent_of(root.i)
        if (lemma in self.documents or root.lower_ in self.documents) and (ent is None or ent.label_ != "PERSON") \
                and (root.pos_ != "VERB" or root.dep_ in NOUN_DEPS):
            return self.document(toks, root, prior, depth)
        if self._title_only(toks, root):
            return self.title_only(toks, root)
        if self._names_someone(toks, root):
            return self.named(toks, root)
        if lemma in self.ctx.patterns.outlet_nouns:
            return self.outlet_description(toks, root)
        return self.description(toks, root, prior)

    def _title_only(self, toks: list[Token], root: Token) -> bool:
        """"the prosecutor", "The Vice President", "the club's chairman": a
        singular title with no name."""
        if root.lower_.rstrip(".") not in self.titles or root.tag_ in ("NNS", "NNPS"):
            return False
        ent = self.ctx.ent_of(root.i)
        if ent is not None and ent.label_ == "PERSON":
            return False
        owner = {t.i for c in self.ctx.children(root) if c.dep_ == "poss" for t in c.subtree}
        return all(t.dep_ == "det" or t.i in owner or t.lower_.rstrip(".") in self.titles or t.is_punct
                   or t.pos_ == "ADJ" for t in toks)

    def _inside_one_name(self, root: Token, c: Token) -> bool:
        ent = self.ctx.ent_of(root.i)
        return ent is not None and ent.start <= c.i < ent.end  # "Sea and Air Rescue Agency" is one name

    def _names_someone(self, toks: list[Token], root: Token) -> bool:
        if any(self.ctx.ent_of(t.i) is not None
               and cast("Span", self.ctx.ent_of(t.i)).label_ in ("PERSON", "ORG", "GPE", "FAC")
               for t in toks if t.i <= root.i or t.dep_ in ("compound", "flat")):
            return root.pos_ == "PROPN" or self.ctx.ent_of(root.i) is not None or is_acronym(root)
        return proper_noun(root) and not (root.lower_ in self.titles and root.text[:1].isupper() and len(toks) <= 2
                                      and toks[0].lower_ in DEFINITE)

    def _indexed_whole(self, toks: list[Token], root: Token) -> Speaker | None:
        """A long body's name the index holds whole, which the parse and the
        capitalised-run rule would cut at a small word: "Letters from Lima"."""
        whole, words = self.index.entity_at(root.i), [t for t in toks if t.dep_ != "det"]
        if whole is None or whole.type not in ("organization", "outlet") or len(words) < 3:
            return None
        return Speaker(whole.name, whole.type, reason="organization") \
            if norm(whole.name) == norm(self.text(words)) else None

    def named(self, toks: list[Token], root: Token) -> Speaker:
        """A mention that names its speaker: a person ("Deputy Health Minister
        Jonas Lind"), an organisation ("the Coast Guard"), an acronym."""
        idx, at = self.index, toks[0].i
        ent = next((self.ctx.ents[k] for k in sorted({self.ctx.tok_ent[t.i] for t in toks} - {-1})
                    if self.ctx.ents[k].label_ == "PERSON"), None)
        words = idx.name_tokens(list(ent) if ent is not None else toks)
        if words and (ent is not None or self._looks_person(words, toks)):
            title_toks = [t for t in toks if t.i < words[0].i and t.dep_ != "det"]
            person = idx.entity_at(words[0].i)
            if person is None or person.type != "person":
                person = idx.person(self.text(words), at)
            name = person.name if person else self.text(words)
            gender = (person.gender if person else None) or idx.gender_of(title_toks)
            return Speaker(name, "person", gender, self.text(title_toks) or None, reason="name")
        ent_root = self.ctx.ent_of(root.i)
        if ent_root is not None and ent_root.label_ == "NORP" and root.tag_ in ("NNPS", "NNS"):
            return Speaker(ent_root.text, "group", reason="a people named by identity")
        name = self._org_name(toks, root)
        org = idx.organization(name, at) or (idx.entity_at(root.i) if idx.entity_at(root.i) else None)
        if org is not None and org.type in ("organization", "outlet"):
            return Speaker(org.name, org.type, reason="organization")
        return Speaker(name or self.text(toks), "organization", reason="unknown organization")

    def _looks_person(self, words: list[Token], toks: list[Token]) -> bool:
        """A name NER did not tag as a person: known to the index as one, or
        given a title or honorific, or two to four words with no word of an
        organisation's name in them."""
        idx = self.index
        known = idx.person(self.text(words), words[0].i)
        if known is not None:
            return True
        org_words = self.kinds.get("organization", frozenset())
        if {norm(t.text) for t in words} & org_words:
            return False
        if any(t.lower_.rstrip(".") in self.titles for t in toks if t.i < words[0].i):
            return True
        if any(t.ent_type_ in ("ORG", "GPE", "FAC", "NORP") for t in words):
            return False
        return 2 <= len(words) <= 4 and all(t.text[:1].isupper() and t.is_alpha or t.text == "." for t in words)

    def _org_name(self, toks: list[Token], root: Token) -> str:
        """The capitalised run around the head with an "of ..." tail: "the
        Norwegian Ministry of Health" -> "Norwegian Ministry of Health"."""
        ent = self.ctx.ent_of(root.i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "FAC", "NORP") and ent.start >= toks[0].i:
            # the entity's words, up to the mention's end ("... Commission" of "... Commission Report")
            parts = [t for t in ent if t.text not in ("'s", "’s") and t.i <= max(toks[-1].i, root.i)]
        else:
            k = [t.i for t in toks].index(root.i)
            start = k
            while start > 0 and toks[start - 1].dep_ != "det" and (toks[start - 1].text[:1].isupper() or (
                    toks[start - 1].lower_ in ("of", "for", "and", "&", "on") and start > 1
                    and toks[start - 2].text[:1].isupper())):
                start -= 1
            end = k + 1
            while end < len(toks) and (toks[end].text[:1].isupper() or toks[end].lower_ in ("of", "for", "and", "&", "on")):
                end += 1
            while end > k + 1 and not toks[end - 1].text[:1].isupper():
                end -= 1
            parts = toks[start:end]
        while parts and (parts[0].lower_ == "the" or parts[0].dep_ == "det"):
            parts = parts[1:]
        for k, t in enumerate(parts):
            if t.text == "(":
                parts = parts[:k]
                break
        return self.text(parts)


def _root_rank(t: Token, s: int, e: int) -> tuple[bool, int]:
    """How a mention's word ranks as its head (least first): a word whose
    head lies outside the mention (or is itself), then the last word."""
    h = t.head.i  # once: each .head builds a new Token
    return not (h < s or h >= e or h == t.i), abs(t.i - (e - 1))
