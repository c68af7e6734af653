"""Who a speaker mention refers to: one small resolver per kind of mention.

`Resolvers.resolve` decides what kind of mention it has (a name, a title
alone, a pronoun, a document, a description of a group or an unnamed
source, an outlet, several of these joined by "and") and hands it to the
resolver for that kind. Each reads the document's `NameIndex` and the
speakers resolved so far, never changes them, and returns a `Speaker`: the
name and type it found, or none with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence, cast

from .claim import SpeakerType
from .context import Context
from .names import NOUN_DEPS, NameIndex, named_before, norm, released_by
from .outlets import OutletMention
from .syntax import list_members, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
HANDLE = re.compile(r"@\w{1,30}")
# Entity labels of words that are no one's name, though capitalised.
NOT_NAMES = frozenset({"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT",
                       "LANGUAGE"})


@dataclass
class Speaker:
    name: str | None
    type: SpeakerType | None
    gender: str | None = None
    title: str | None = None
    reason: str = ""  # how it was resolved, or why not
    members: tuple[str, ...] = ()  # a joint speaker's own names, so joints nest flat


@dataclass
class Prior:
    """A speaker resolved earlier in the document, for pronouns and plurals."""

    at: int
    speaker: Speaker


def _acronym(tok: Token) -> bool:
    return len(tok.text) >= 2 and tok.text.isupper() and tok.text.isalpha()


def _proper(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or _acronym(tok)  # the small model tags some acronyms ("WHO") as pronouns


def _named_by_appositive(t: Token) -> bool:
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in t.children)


def join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Resolvers:
    def __init__(self, ctx: Context, index: NameIndex):
        self.ctx, self.index = ctx, index
        p = ctx.patterns
        self.titles, self.kinds, self.pron = p.title_words, p.kind_words, p.pronouns
        self.subordinate = p.name_words.get("subordinate", frozenset())
        self.documents = p.document_words.get("nouns", frozenset())
        self._meeting = False  # inside _sides: no second look for a meeting

    def text(self, toks: Sequence[Token]) -> str:
        return self.ctx.text[toks[0].idx:toks[-1].idx + len(toks[-1])] if toks else ""

    # -- dispatch --------------------------------------------------------------
    def resolve(self, span: tuple[int, int], prior: list[Prior], depth: int = 0) -> Speaker:
        doc = self.ctx.doc
        s, e = span
        toks = list(doc[s:e])
        if not toks or depth > 3:
            return Speaker(None, None, reason="empty mention")
        root = min(toks, key=lambda t: (not (t.head.i < s or t.head.i >= e or t.head.i == t.i), abs(t.i - (e - 1))))
        named = self._named_list(s, e, prior, depth)
        if named is not None:
            return named
        appos = self._appositive_name(root, s, e)
        if appos is not None:
            return self.described_then_named(toks, appos, prior, depth)
        conj = [c for c in list_members(root)[1:] if s <= c.i < e and not self._inside_one_name(root, c)]
        if conj:
            return self.joint(root, conj, s, e, prior, depth)
        if len(toks) == 1 and HANDLE.fullmatch(toks[0].text):
            # "@harbourwatch": an account speaks by its handle; whose it is, the text rarely says
            return Speaker(toks[0].text, None, reason="a handle")
        if len(toks) == 1 and toks[0].lower_ in self.pron.get("relative", ()) and toks[0].head.dep_ == "relcl" \
                and toks[0].head.head.i != toks[0].i:
            # "Ann Lee, who said ...": the relative pronoun is the mention, its antecedent the speaker
            return self.resolve(mention_span(toks[0].head.head, self.ctx), prior, depth + 1)
        if len(toks) == 1 and toks[0].pos_ == "PRON" and not _acronym(toks[0]):
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

    def _appositive_name(self, root: Token, s: int, e: int) -> Token | None:
        """"One of the factions, the Liberation Front, said": a description
        whose appositive after it names the speaker. A name with a
        description after it ("Lena Fisk, a lawyer") is the other way round."""
        ent = self.ctx.ent_of(root.i)
        is_name = (ent is not None and ent.label_ in ("PERSON", "ORG")) \
            or (_proper(root) and (ent is None or ent.label_ != "NORP"))
        if root.pos_ == "PRON" or is_name:
            return None  # a pronoun or a name is the speaker itself
        joined = any(c.dep_ == "conj" and s <= c.i < e for c in root.children)
        for c in root.children:
            # after the mention; inside it only when it is one member's (joint() asks per member)
            if c.dep_ == "appos" and (c.i >= e or c.i > root.i and not joined):
                c_ent = self.ctx.ent_of(c.i)
                # a person or a body; a party or nationality ("a Republican") is no name
                label = c_ent.label_ if c_ent is not None else None
                if label in ("PERSON", "ORG", "GPE", "FAC") \
                        or (c.pos_ == "PROPN" and _proper(c) and label not in NOT_NAMES):
                    return c
        return None

    def described_then_named(self, toks: list[Token], appos: Token, prior: list[Prior], depth: int) -> Speaker:
        # The appositive's own name, not what the parser joined to it ("the minister, Ann Lee, and ...")
        s, e = mention_span(appos, self.ctx)
        conj = next((c for c in appos.children if c.dep_ == "conj"), None)
        if conj is not None and conj.left_edge.i > appos.i and conj.pos_ != "PROPN":
            e = min(e, appos.i + 1)  # a description joined to the name is another member, not this name
        sp = self.resolve((s, e), prior, depth + 1)
        if sp.type == "person" and not sp.title:
            sp.title = self.text(toks)
        sp.reason = "appositive name after a description"
        return sp

    def _title_only(self, toks: list[Token], root: Token) -> bool:
        """"the prosecutor", "The Vice President", "the club's chairman": a
        singular title with no name."""
        if root.lower_.rstrip(".") not in self.titles or root.tag_ in ("NNS", "NNPS"):
            return False
        ent = self.ctx.ent_of(root.i)
        if ent is not None and ent.label_ == "PERSON":
            return False
        owner = {t.i for c in root.children if c.dep_ == "poss" for t in c.subtree}
        return all(t.dep_ == "det" or t.i in owner or t.lower_.rstrip(".") in self.titles or t.is_punct
                   or t.pos_ == "ADJ" for t in toks)

    def _inside_one_name(self, root: Token, c: Token) -> bool:
        ent = self.ctx.ent_of(root.i)
        return ent is not None and ent.start <= c.i < ent.end  # "Sea and Air Rescue Agency" is one name

    def _names_someone(self, toks: list[Token], root: Token) -> bool:
        if any(self.ctx.ent_of(t.i) is not None
               and cast("Span", self.ctx.ent_of(t.i)).label_ in ("PERSON", "ORG", "GPE", "FAC")
               for t in toks if t.i <= root.i or t.dep_ in ("compound", "flat")):
            return root.pos_ == "PROPN" or self.ctx.ent_of(root.i) is not None or _acronym(root)
        return _proper(root) and not (root.lower_ in self.titles and root.text[:1].isupper() and len(toks) <= 2
                                      and toks[0].lower_ in DEFINITE)

    def _indexed_whole(self, toks: list[Token], root: Token) -> Speaker | None:
        """A long body's name the index holds whole, which the parse and the
        capitalised-run rule would cut at a small word: "Letters from Lima"."""
        whole, words = self.index.entity_at(root.i), [t for t in toks if t.dep_ != "det"]
        if whole is None or whole.type not in ("organization", "outlet") or len(words) < 3:
            return None
        return Speaker(whole.name, whole.type, reason="organization") \
            if norm(whole.name) == norm(self.text(words)) else None

    # -- resolvers ------------------------------------------------------------
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

    def outlet(self, m: OutletMention) -> Speaker:
        aliases = self.ctx.patterns.outlet_aliases.values()
        if m.name in aliases:
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
        poss = next((c for c in root.children if c.dep_ == "poss"), None)
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

    def pronoun(self, tok: Token, prior: list[Prior]) -> Speaker:
        low = tok.lower_
        male, female = self.pron.get("male", ()), self.pron.get("female", ())
        at = tok.i
        since = self._window_start(at)
        if low in male or low in female:
            gender = "male" if low in male else "female"
            cands: list[tuple[int, str | None, str | None]] = []
            for p in prior:
                if since <= p.at < at and p.speaker.type == "person" and p.speaker.name:
                    cands.append((p.at, p.speaker.name, p.speaker.gender))
            for pos, eid in self.index.subjects:
                if since <= pos < at:
                    ent = self.index.entities[eid]
                    cands.append((pos, ent.name, ent.gender))
            # The nearest speaker or clause subject of a compatible gender (or
            # of none the text gives), then the nearest such person at all.
            further = [(p.at, p.speaker.name, p.speaker.gender) for p in prior
                       if p.at < since and p.speaker.type == "person" and p.speaker.name]
            for group in (cands, [(cast(int, ent.last_before(at)), ent.name, ent.gender)  # all named before `at`
                                  for ent in self.index.persons_before(at, since)], further):
                for pos, name, g in sorted(group, key=lambda c: -c[0]):
                    if (g or self._gender_of(name)) in (None, gender):
                        return Speaker(name, "person", gender, reason="pronoun: a person before it")
            return Speaker(None, "person", gender, reason="pronoun: no compatible person before it")
        if low in self.pron.get("plural", ()):
            return self.plural(at, prior) or Speaker(None, "group", reason="pronoun: no plural referent")
        if low in self.pron.get("neuter", ()):
            # The nearest of: a body that spoke before, a body named before, and
            # a body described as a clause's subject ("The ministry issued new rules. It said").
            found: list[tuple[int, Speaker]] = []
            for p in reversed(prior):
                if p.at < at and p.speaker.type in ("organization", "outlet") and p.speaker.name:
                    found.append((p.at, Speaker(p.speaker.name, p.speaker.type,
                                                reason="pronoun: an organisation before it")))
                    break
            org = self.index.last_body(at, ("organization", "outlet"))
            if org is not None:
                found.append((cast(int, org.last_before(at)),
                              Speaker(org.name, org.type, reason="pronoun: an organisation named before it")))
            described = self._described_body(at, since, prior)
            if described is not None:
                found.append(described)
            if found:
                return max(found, key=lambda f: f[0])[1]
            return Speaker(None, "organization", reason="pronoun: no organisation before it")
        return Speaker(None, "anonymous", reason="pronoun of the author or reader")

    def _described_body(self, at: int, since: int, prior: list[Prior]) -> tuple[int, Speaker] | None:
        """The nearest clause subject before `at` that describes a body by its
        kind ("the ministry", "the council"), resolved."""
        bodies = self.kinds.get("organization", frozenset())
        for t in reversed(self.ctx.doc[since:at]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and t.lemma_.lower() in bodies:
                sp = self.resolve(mention_span(t, self.ctx), prior, 2)
                if sp.type == "organization" and sp.name:
                    return t.i, Speaker(sp.name, sp.type, reason="pronoun: a body described before it")
                return None
        return None

    def _gender_of(self, name: str | None) -> str | None:
        ent = self.index.person(name, len(self.ctx.doc)) if name else None
        return ent.gender if ent else None

    def _window_start(self, at: int) -> int:
        """Pronouns look back over their own paragraph and the one before;
        the paragraphs of a quotation that runs over several count as one."""
        ctx = self.ctx
        p = ctx.para_of(ctx.doc[at].idx)
        q = p - 1
        while q > 0 and self._quoted_paragraph(q):
            q -= 1
        return ctx.token_at(ctx.para_starts[max(0, q)])

    def _quoted_paragraph(self, p: int) -> bool:
        s, e = self.ctx.para_span(p)
        near = self.ctx.quotes_near(s) or self.ctx.quotes_near(s + 1)
        return bool(near) and near[0].open <= s + 1 and near[0].end >= e - 1

    def plural(self, at: int, prior: list[Prior], people_only: bool = False) -> Speaker | None:
        """The latest several-named referent before `at`: a joint speaker, a
        group named by its members, or an organisation."""
        for p in reversed(prior):
            sp = p.speaker
            if p.at >= at or not sp.name:
                continue
            if sp.type == "group" and " and " in sp.name or sp.type == "organization" and not people_only:
                return Speaker(sp.name, sp.type, reason="plural: a joint or collective speaker before it")
        subject = self._joint_subject(at, prior)
        if subject is not None:
            return subject
        group = self.index.last_group(at)
        if group is not None and (group.type == "group" or not people_only):
            return Speaker(group.name, group.type, reason="plural: names joined before it")
        return None

    def _joint_subject(self, at: int, prior: list[Prior]) -> Speaker | None:
        """"Ana Costa and Lars Berg met in Oslo. [...] They said": the nearest
        clause subject before `at` that joins names is what "they" continues,
        before names joined elsewhere (objects, prepositions)."""
        doc = self.ctx.doc
        meet = self.ctx.patterns.lists.get("reciprocal_verbs", frozenset())
        for t in reversed(doc[self._window_start(at):at]):
            if t.pos_ == "VERB" and t.lemma_.lower() in meet and not self._meeting:
                self._meeting = True  # resolving a side must not look for a meeting again
                try:
                    sides = self._sides(t, at, prior)
                finally:
                    self._meeting = False
                if sides is not None:
                    return sides
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            members = list_members(t)
            appos = next((c for c in t.children if c.dep_ == "appos"), None)
            if len(members) == 1 and appos is not None:
                members += list_members(appos)[1:]  # the parser hung the second member on the first's name
            if len(members) > 1 and any(m.pos_ == "PROPN" or _named_by_appositive(m) for m in members):
                s, e = mention_span(t, self.ctx)
                if e > at or any(m.pos_ == "PRON" for m in members):
                    continue  # never through the pronoun itself, nor another one
                if any(_named_by_appositive(m) for m in members):
                    # "the health minister, Ana Costa, and the finance minister, Lars Berg":
                    # each member is named by its own appositive
                    parts: list[str] = []
                    for m in members:
                        one = self.resolve((m.left_edge.i, m.i + 1), prior, 1)  # the member's own words
                        if not one.name:
                            break
                        parts.extend(one.members or [one.name])
                    else:
                        return Speaker(join(parts), "group", reason="plural: names joined as a subject before it",
                                       members=tuple(parts))
                sp = self.resolve((s, e), prior, 1)
                if sp.name and " and " in sp.name:
                    sp.reason = "plural: names joined as a subject before it"
                    return sp
        return None

    def _sides(self, verb: Token, at: int, prior: list[Prior]) -> Speaker | None:
        """"Ana Costa met her counterparts, Lars Berg and Tom Vik. [...] They
        said": after a meeting ([lists] reciprocal_verbs), "they" is both
        sides, named. The other side may be a list the parser hung anywhere
        in the sentence after the verb."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        other = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if other is None:
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            other = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        if subj is None or other is None or subj.pos_ == "PRON":
            return None
        one = self.resolve(mention_span(subj, self.ctx), prior, 1)
        two = self.resolve(mention_span(other, self.ctx), prior, 1)
        if not two.name:
            # "her counterparts, Lars Berg, Tom Vik and ...": names listed after the verb
            group = self.index.last_group(at)
            end = self.ctx.sentence(verb.i)[1]
            if group is not None and verb.i < group.first < end and group.type == "group":
                two = Speaker(group.name, "group", members=tuple(self.index.entities[m].name for m in group.members))
        if not (one.name and two.name) or {one.type, two.type} - {"person", "group"}:
            return None
        parts = [*(one.members or [one.name]), *(two.members or [two.name])]
        return Speaker(join(parts), "group", reason="plural: the two sides of a meeting", members=tuple(parts))

    def document(self, toks: list[Token], root: Token, prior: list[Prior], depth: int) -> Speaker:
        """"the firm's statement", "an email from the council", "the report"
        (issued by a body named before): the issuer speaks."""
        owner = next((c for c in root.children if c.dep_ == "poss" and c.i >= toks[0].i), None)
        if owner is None:
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ in self.ctx.patterns.document_words.get("owner_preps", ()):
                    owner = next((g for g in c.children if g.dep_ == "pobj"), None)
        if owner is None:
            owner = released_by(root)
        if owner is None:
            owner = named_before(self.ctx, root)  # "WHO guidelines": a known organisation or acronym before the noun
        if owner is None:
            # "Ann sent out a press release saying": the index found who issued it
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
                named = self.plural(at, prior)
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
            return Speaker(text if definite or qualified else None, "organization", reason="organisation described")
        if plural:
            if qualified:
                return Speaker(text, "group", reason="group named by identity")
            if definite or toks[0].lower_ in kinds.get("collective", ()) or lemma in kinds.get("collective", ()) \
                    or any(t.pos_ == "NUM" for t in toks):
                named = self.plural(at, prior, people_only=True)
                if named is not None:
                    return named
            return Speaker(None, "group", reason="generic group")
        if lemma in kinds.get("anonymous", ()) or lemma in self.titles:
            return Speaker(None, "anonymous", title=text or None, reason="unnamed source")
        return Speaker(None, "anonymous", reason="description")

    def _named_list(self, s: int, e: int, prior: list[Prior], depth: int) -> Speaker | None:
        """"Health Minister Ann Lowe, Finance Minister Tom Ray and Joe Bloggs":
        two or more names of people in one mention, apart only by commas,
        "and" and their titles, are a group, however the parser joined them."""
        people = [x for x in self.ctx.ents_between(s, e) if x.end <= e and x.label_ == "PERSON"]
        bodies = [x for x in self.ctx.ents_between(s, e) if x.end <= e and x.label_ == "ORG"]
        kind: SpeakerType = "group" if len(people) >= 2 else "organization"
        ents = people if kind == "group" else bodies
        if len(ents) < 2 or people and bodies and kind == "organization":
            return None
        doc = self.ctx.doc
        joined = False
        for a, b in zip(ents, ents[1:]):
            gap = doc[a.end:b.start]
            if not all(self._list_gap(t, kind) for t in gap):
                return None
            joined = joined or any(t.lower_ == "and" for t in gap)
        if not joined:
            return None
        names = [self.resolve((x.start, x.end), prior, depth + 1).name or x.text for x in ents]
        return Speaker(join(names), kind, reason="joint speakers: a list of names", members=tuple(names))

    def _list_gap(self, t: Token, kind: str) -> bool:
        """A word that may stand between two names of a list: commas, "and",
        titles; for bodies also their descriptions ("UK-based retailer")."""
        if t.is_punct and t.text == "," or t.lower_ == "and" or t.pos_ == "PROPN" \
                or t.lower_.rstrip(".") in self.titles or t.pos_ == "ADP" and t.lower_ == "of" or t.pos_ == "DET":
            return True
        return kind == "organization" and t.dep_ in ("compound", "amod", "npadvmod", "punct", "nmod") \
            and (t.is_punct and t.text in ("-", "‐") or t.pos_ in ("NOUN", "ADJ", "VERB", "PROPN"))

    def joint(self, root: Token, conj: list[Token], s: int, e: int, prior: list[Prior], depth: int) -> Speaker:
        """"Ana Costa and Lars Berg", "The Vice President and the President":
        a group named by each member's resolved name."""
        heads = [root] + conj
        parts: list[str] = []
        types: set[SpeakerType | None] = set()
        named = 0  # members resolved to a name of their own ("the health minister, Ana Costa")
        for k, h in enumerate(heads):
            lo = s if k == 0 else h.left_edge.i
            hi = heads[k + 1].left_edge.i if k + 1 < len(heads) else e
            toks = [t for t in self.ctx.doc[max(lo, s):min(hi, e)] if t.dep_ not in ("cc", "punct", "preconj")]
            if k == 0:
                toks = [t for t in toks if t.i <= h.i or t.head.i == h.i and t.dep_ != "conj"]
            if not toks:
                continue
            sub = self.resolve((toks[0].i, toks[-1].i + 1), prior, depth + 1)
            # An unnamed member ("other agencies") is named by its own words;
            # a member that is itself joint ("his counterparts, B and C") adds its names.
            parts.extend(sub.members or [sub.name or self.text([t for t in toks if t.dep_ != "det" or k])])
            types.add(sub.type)
            named += bool(sub.name)
        name = join(parts) if named == len(heads) or any(
            self.ctx.doc[h.i].pos_ in ("PROPN", "PRON") or self.index.entity_at(h.i) for h in heads) else None
        kind = types.pop() if len(types) == 1 and types <= {"organization", "outlet"} else "group"
        return Speaker(name, kind, reason="joint speakers", members=tuple(parts) if name else ())
