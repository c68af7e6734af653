"""Document-level speaker resolution: from mentions to full names.

News follows strong conventions, and this module encodes them without a
coreference model: a person is named in full once and by surname after
("Shamkhani" is "Ali Shamkhani"); a pronoun refers to the last-named
compatible speaker; a role description ("the ministry's spokesman") names
whoever holds that role in the text; a lede's "a top security official" is
the person quoted by name right after. NER labels help but are not trusted
alone (en_core_web_sm tags "Shamkhani" as ORG in places).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from .attribution import Draft
from .claim import Claim, Claims
from .context import Context
from .patterns import short_path
from .syntax import mention_span, subject_of

NAME_PARTICLES = frozenset({"bin", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den",
                            "del", "della", "la", "le", "ibn", "abu", "ben", "dos", "das", "y", "st", "st."})
PERSON_LABELS = ("PERSON",)
ORG_LABELS = ("ORG", "GPE", "NORP", "FAC", "LOC")
# How far back pronouns and descriptions look for their referent, in
# speakers: news refers to recent speakers, and a bound keeps long documents linear.
RECENT = 60
ACRONYM = regex.compile(r"\b((?:[A-Z][\w.'’-]*)(?:\s+(?:of|for|and|on|the|de|from|in|at|[A-Z][\w.'’-]*))*\s+[A-Z][\w.'’-]*)\s+\(([A-Z][A-Z0-9]{1,7})\)")
# Title words that make a role someone else's: a deputy governor is not "the governor".
SUBORDINATE = frozenset({"deputy", "vice", "assistant", "former", "ex", "acting", "associate", "under"})


@dataclass
class Speaker:
    name: str | None
    type: str | None
    gender: str | None = None
    title: str | None = None


@dataclass
class Registry:
    """Names met in the document, indexed by word for surname, acronym and
    role look-ups (no scan over every name per mention)."""

    persons: list[tuple[int, str, str | None]] = field(default_factory=list)  # (token, full name, title)
    orgs: list[tuple[int, str]] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    person_words: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # word -> {full name: [first, last token]}
    org_words: dict[str, list[int]] = field(default_factory=dict)  # any word (lower case) -> indices into orgs
    roles: dict[str, set] = field(default_factory=dict)  # role word -> names

    def person_by_part(self, part: str, at: int) -> str | None:
        """The full name that `part` ("Shamkhani") abbreviates: the latest one
        named before token `at`, else the first one named after it."""
        toks = part.split()
        if not toks:
            return None
        before, after = None, None  # (length, last mention, name) of the best candidates
        cands = {**self.person_words.get(toks[-1], {}), **self.person_words.get(toks[0], {})}
        for full, (first, last) in cands.items():
            ft = full.split()
            if ft == toks or (len(ft) > len(toks) and (ft[-len(toks):] == toks or ft[:len(toks)] == toks)):
                if first <= at:
                    # The longest name, then the one mentioned most recently.
                    key = (len(ft), last if last <= at else first, full)
                    before = max(before, key) if before else key
                elif after is None or first < after[1]:
                    after = (len(ft), first, full)
        best = before or after
        return best[2] if best else None

    def org_by_part(self, part: str, at: int) -> str | None:
        if part in self.acronyms:
            return self.acronyms[part]
        low = part.lower().split()
        if not low:
            return None
        best = None
        for k in sorted(set(self.org_words.get(low[0], ()))):
            pos, full = self.orgs[k]
            if pos > at:
                continue
            ft = full.lower().split()
            if ft == low:
                return full
            if len(ft) > len(low) and (ft[:len(low)] == low or ft[-len(low):] == low
                                       or len(low) >= 2 and set(low) <= set(ft)):
                best = full  # "State Department" names the "United States Department of State"
        return best

    def add_person(self, at: int, name: str, title: str | None) -> None:
        self.persons.append((at, name, title))
        words = name.split()
        if words:
            for w in {words[0], words[-1]}:
                span = self.person_words.setdefault(w, {}).setdefault(name, [at, at])  # each name once
                span[0], span[1] = min(span[0], at), max(span[1], at)
        for w in (title or "").lower().replace("’s", " ").replace("'s", " ").split():
            self.roles.setdefault(w, set()).add((name, title))

    def add_org(self, at: int, name: str) -> None:
        k = len(self.orgs)
        self.orgs.append((at, name))
        for w in set(name.lower().split()):
            self.org_words.setdefault(w, []).append(k)

    def recent_orgs(self, n: int = 200):
        return reversed(self.orgs[-n:])

    def person_by_role(self, word: str, at: int) -> str | None:
        """The one person whose title has `word` as its role ("the spokesman"):
        deputies and former holders do not hold the role itself."""
        hits = {n for n, t in self.roles.get(word, ())
                if not set((t or "").lower().replace("’s", " ").replace("'s", " ").split()) & SUBORDINATE}
        return hits.pop() if len(hits) == 1 else None


class Resolver:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        p = ctx.patterns
        self.titles = p.title_words
        self.connectors = p.title_connectors
        self.pron = p.pronouns
        self.kinds = p.kind_words
        self.registry = Registry()
        self.person_words: set[str] = set()
        self.subjects: list[tuple[int, str]] = []  # persons named as a clause subject
        self.documents: dict[str, list[tuple[int, object]]] = {}  # lemma -> [(token, owner token)], in order
        self.lists: list[tuple[int, str, str]] = []  # (token, "A, B and C", type): coordinated names
        self._prefill()
        self._index_documents()

    def _prefill(self) -> None:
        """Read every named person and organisation once, in text order."""
        doc = self.ctx.doc
        reg = self.registry
        for ent in self.ctx.ents:
            if ent.label_ in PERSON_LABELS:
                words = self._strip_titles(list(ent))
                if not words:
                    continue
                name = self._text(words)
                self.person_words.update((name, words[-1].text))
                full = reg.person_by_part(name, ent.start) if len(words) == 1 else None
                full = full or name
                role = [t for t in self._role_tokens(ent) if t.i < words[0].i or t.i >= ent.end]
                reg.add_person(ent.start, full, self._text(role) if role else None)
                gender = self._gender(self._role_tokens(ent)) or self._pronoun_gender_after(ent)
                if gender:
                    reg.gender.setdefault(full, gender)
                root = ent.root
                # Main-clause subjects only: a name inside a reported clause
                # ("said Trump is ...") is not who speaks next.
                verb = root.head
                if root.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
                    self.subjects.append((ent.start, full))
            elif ent.label_ in ORG_LABELS:
                toks = list(ent)
                # "the US Embassy in London": a place after "in" is part of the name.
                e = ent.end
                if ent.label_ == "ORG" and e + 1 < len(doc) and doc[e].lower_ == "in" and doc[e + 1].ent_type_ == "GPE":
                    k = e + 1
                    while k < len(doc) and doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ != "B" or k == e + 1:
                        k += 1
                    toks = list(doc[ent.start:k])
                reg.add_org(ent.start, self._org_name(toks))
        # "the World Health Organization (WHO)": the bracketed acronym names it.
        for m in ACRONYM.finditer(self.ctx.text):
            name = _name_for_acronym(m.group(1), m.group(2))
            if name:
                reg.acronyms.setdefault(m.group(2), name)
                at = self.ctx.token_at(m.start(1) + m.group(1).index(name))
                if reg.org_by_part(name, len(doc)) != name:
                    reg.add_org(at, name)
        for ent in self.ctx.ents:  # "the Federal Security Service (FSB)": initials need not match
            e = ent.end
            if ent.label_ in ORG_LABELS and e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" \
                    and doc[e + 1].text.isupper():
                reg.acronyms.setdefault(doc[e + 1].text, self._org_name(list(ent)))
        # Coordinated names ("Antoine Quirin and Nicolas Redouane") are what a
        # later "they" or "the defendants" refers to.
        from spacy.attrs import DEP, POS
        conj = doc.vocab.strings["conj"]
        arr = doc.to_array([DEP, POS]) if len(doc) else []
        conj_heads = {doc[i].head.i for i in range(len(arr)) if arr[i][0] == conj}
        for i in sorted(conj_heads):
            tok = doc[i]
            if tok.dep_ == "conj" or tok.pos_ != "PROPN":
                continue
            heads, k = [tok], tok
            while (k := next((c for c in k.children if c.dep_ == "conj"), None)) is not None:
                heads.append(k)
            if len({h.text for h in heads}) < len(heads) or not all(h.pos_ == "PROPN" for h in heads):
                continue
            if all(h.ent_type_ in ("GPE", "LOC", "NORP") for h in heads):
                continue  # places, not speakers
            people = [h for h in heads if h.ent_type_ == "PERSON" or h.text in self.person_words]
            names = []
            for h in heads:
                ent = self.ctx.ent_of(h.i)
                if ent is not None and ent.label_ == "PERSON":
                    words = self._strip_titles(list(ent))
                else:
                    k = h.i
                    while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper() and h.i - k < 3:
                        k -= 1
                    words = list(doc[k:h.i + 1])
                name = self._text(words) if words else h.text
                full = reg.person_by_part(name, h.i) or name
                if people and full == name and len(words) >= 2:
                    reg.add_person(h.i, name, None)  # "Antoine Quirin and Nicolas Redouane"
                names.append(full)
            self.lists.append((tok.i, _join(names), "group" if people else "organization"))
        # Proper-noun runs the NER missed ("Antoine Quirin" in a list) still
        # give full names for surname look-ups.
        for chunk in doc.noun_chunks:
            run = [t for t in chunk if t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in ("DATE", "TIME")]
            if 2 <= len(run) <= 4 and run[-1].i == chunk.root.i and not any(t.ent_type_ in ORG_LABELS for t in run) \
                    and not any(t.lower_.rstrip(".") in self.titles for t in run):
                name = self._text(run)
                if not reg.person_by_part(name, chunk.start):
                    reg.add_person(run[0].i, name, None)

    def _index_documents(self) -> None:
        """Documents the text attributes to someone, so that a later "the
        statement said" speaks for the one who issued it: "Trump, in a
        statement, announced ...", "per WHO guidelines", "a statement released
        by Erdogan's office"."""
        documents = self.kinds.get("documents", frozenset())
        issue_verbs = {"issue", "release", "publish", "put", "send", "post", "file", "deliver", "establish"}
        for t in self.ctx.doc:
            if t.pos_ != "NOUN" or t.lemma_.lower() not in documents:
                continue
            owner = self._owner(t, next((c for c in t.children if c.dep_ == "poss"), None))
            if owner is None:
                owner = next((c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
            if owner is None and t.dep_ == "pobj" and t.head.lower_ in ("in", "via", "through") and t.head.head.pos_ == "VERB":
                owner = subject_of(t.head.head, self.ctx)
            if owner is None and t.dep_ == "dobj" and t.head.lemma_ in issue_verbs:
                owner = subject_of(t.head, self.ctx)
            if owner is not None and (owner.pos_ in ("PROPN", "NOUN") or _acronym(owner)):
                self.documents.setdefault(t.lemma_.lower(), []).append((t.i, owner))

    def _document_owner(self, root, at, prior) -> Speaker | None:
        found = self.documents.get(root.lemma_.lower(), [])
        k = bisect_left(found, root.i, key=lambda d: d[0])
        if k == 0:
            return None
        owner = found[k - 1][1]
        return self.speaker_for(mention_span(owner, self.ctx), owner.i, prior)

    def _role_tokens(self, ent) -> list:
        """Words that describe a named person: premodifying titles ("Crown
        Prince") and appositives ("Khashoggi's fiancée")."""
        root = ent.root
        toks = [t for t in root.subtree if t.i < ent.start] + list(ent)
        for c in root.children:
            if c.dep_ == "appos":
                toks.extend(c.subtree)
        if root.dep_ == "appos":
            toks.append(root.head)
        return toks

    def _pronoun_gender_after(self, ent) -> str | None:
        # "Hatice Cengiz ... her fiancé": the first gendered pronoun after a
        # name, before any other person is named, tells the name's gender.
        doc = self.ctx.doc
        male, female = self.pron.get("male", ()), self.pron.get("female", ())
        end = min(len(doc), ent.sent.end + 40)
        for t in doc[ent.end:end]:
            if t.ent_type_ == "PERSON":
                return None
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if t.lower_ in male:
                return "male"
            if t.lower_ in female:
                return "female"
        return None

    def _text(self, toks) -> str:
        text = self.ctx.text
        return text[toks[0].idx: toks[-1].idx + len(toks[-1])]

    # -- names -------------------------------------------------------------
    def _strip_titles(self, toks) -> list:
        last_title = -1
        for k, t in enumerate(toks):
            low = t.lower_.rstrip(".")
            if low in self.titles:
                last_title = k
            elif t.text in ("-", "–") and k > 0 and toks[k - 1].lower_.rstrip(".") in self.titles:
                last_title = k
            elif t.text[:1].islower() and low not in NAME_PARTICLES and low not in self.connectors and t.dep_ != "det":
                last_title = k  # lower-case description words belong to the title
        out = []
        for t in toks[last_title + 1:]:
            if t.dep_ == "det" and not out:
                continue  # "The FSB"
            if t.text in ("'s", "’s", "(", ")", ","):
                break
            if t.text[:1].isupper() or (out and (t.lower_ in NAME_PARTICLES or t.text in ("-", ".") or t.text[:1].isdigit())):
                out.append(t)
            elif out:
                break
        while out and (out[-1].lower_ in NAME_PARTICLES or out[-1].text == "-"):
            out.pop()
        return out

    def _org_name(self, toks) -> str:
        while toks and (toks[0].dep_ == "det" or toks[0].lower_ == "the"):
            toks = toks[1:]
        while toks and toks[-1].text in ("'s", "’s"):
            toks = toks[:-1]
        # Drop a bracketed acronym: "Syrian Democratic Forces (SDF)".
        for k, t in enumerate(toks):
            if t.text == "(":
                toks = toks[:k]
                break
        return self._text(toks) if toks else ""

    def speaker_for(self, span: tuple[int, int], at: int, prior: list[tuple[Draft, Speaker]]) -> Speaker:
        doc = self.ctx.doc
        s, e = span
        toks = [t for t in doc[s:e]]
        if not toks:
            return Speaker(None, None)
        root = min(toks, key=lambda t: (not (t.head.i < s or t.head.i >= e or t.head.i == t.i), abs(t.i - (e - 1))))
        # Conjoined speakers: "Miller and Smith acknowledged".
        te = self.ctx.tok_ent
        conj = [c for c in root.children if c.dep_ == "conj" and s <= c.i < e]
        conj = [c for c in conj if te[c.i] < 0 or te[c.i] != te[root.i]]  # "Search and Rescue Agency" is one name
        for c in root.children:
            if c.dep_ in ("nmod", "compound") and any(g.dep_ == "conj" for g in c.children) and te[c.i] >= 0 \
                    and te[c.i] == te[root.i]:
                conj = []
        if conj:
            return self._group(root, conj, s, e, at, prior)
        if len(toks) == 1 and toks[0].pos_ == "PRON" and not _acronym(toks[0]):
            return self._pronoun(toks[0], at, prior)
        return self._named_or_described(toks, root, at, prior)

    def _group(self, root, conj, s, e, at, prior) -> Speaker:
        heads = [root] + conj
        parts = []
        types = set()
        for k, h in enumerate(heads):
            hs = h.left_edge.i if h is not root else s
            he = (heads[k + 1].left_edge.i if k + 1 < len(heads) else e) if h is root else h.right_edge.i + 1
            toks = [t for t in self.ctx.doc[max(hs, s):min(he, e)] if t.dep_ not in ("cc", "punct", "preconj")]
            if h is root:
                toks = [t for t in toks if t.i <= h.i or t.head.i == h.i and t.dep_ != "conj"]
            if not toks:
                continue
            sub = self._pronoun(h, at, prior) if h.pos_ == "PRON" else self._named_or_described(toks, h, at, prior)
            if sub.name:
                parts.append(sub.name)
            types.add(sub.type)
        name = None
        if parts and len(parts) == len(heads):
            name = _join(parts)
        kind = types.pop() if len(types) == 1 and types <= {"organization", "outlet"} else "group"
        return Speaker(name, kind)

    def _pronoun(self, tok, at, prior) -> Speaker:
        low = tok.lower_
        male, female = self.pron.get("male", ()), self.pron.get("female", ())
        if low in male or low in female:
            gender = "male" if low in male else "female"
            # The last-named compatible person: a claim's speaker or a clause subject.
            cands = [(self._tok_pos(d), sp.name) for d, sp in prior if sp.type == "person" and sp.name]
            # "The head of the internal investigators told …; she said": an
            # unnamed individual can be the referent too, and stays unnamed.
            cands += [(self._tok_pos(d), None) for d, sp in prior if sp.type == "anonymous" and sp.title]
            k = bisect_left(self.subjects, at, key=lambda c: c[0])
            cands += self.subjects[max(0, k - RECENT):k]
            for pos, name in sorted(cands, key=lambda c: c[0], reverse=True):
                if name is None:
                    return Speaker(None, "anonymous")
                if self.registry.gender.get(name, gender) == gender:
                    self.registry.gender.setdefault(name, gender)
                    return Speaker(name, "person", gender)
            for pos, name, _ in reversed(self.registry.persons[-RECENT:]):
                if pos < at and self.registry.gender.get(name, gender) == gender:
                    return Speaker(name, "person", gender)
            return Speaker(None, "person", gender)
        if low in self.pron.get("plural", ()):
            return self._plural(at, prior) or Speaker(None, "group")
        if low in self.pron.get("neuter", ()):
            for d, sp in reversed(prior):
                if sp.type in ("organization", "outlet") and sp.name:
                    return Speaker(sp.name, sp.type)
            return Speaker(None, "organization")
        return Speaker(None, "anonymous")

    def _plural(self, at: int, prior, people_only: bool = False) -> Speaker | None:
        """The latest several-named referent before token `at`: a group
        speaker, or a coordinated list of names ("Quirin and Redouane")."""
        cands = [(self._tok_pos(d), sp.name, sp.type) for d, sp in prior
                 if sp.name and (sp.type == "group" and " and " in sp.name or sp.type == "organization" and not people_only)]
        k = bisect_left(self.lists, at, key=lambda c: c[0])
        cands += [(pos, name, kind) for pos, name, kind in self.lists[max(0, k - RECENT):k]
                  if kind == "group" or not people_only]
        if not cands:
            return None
        pos, name, kind = max(cands, key=lambda c: c[0])
        return Speaker(name, kind)

    def _tok_pos(self, d: Draft) -> int:
        if d.speaker:
            return d.speaker[0]
        return self.ctx.token_at(d.content[0])

    def _outlet_in(self, s: int, e: int):
        return next((m for m in self.ctx.outlets_between(s, e) if m.end <= e), None)

    def _named_or_described(self, toks, root, at, prior) -> Speaker:
        doc = self.ctx.doc
        reg = self.registry
        s, e = toks[0].i, toks[-1].i + 1
        outlet = self._outlet_in(s, e)
        if outlet is not None and outlet.start <= root.i < outlet.end:
            return Speaker(self._text(list(doc[outlet.start:outlet.end])) if outlet.name not in self.ctx.patterns.outlet_aliases.values()
                           else self._as_written(outlet), "outlet")
        if toks[0].lower_ in ("a", "an") and len([t for t in toks if _proper(t)]) <= 1 and not any(
                t.ent_type_ == "PERSON" for t in toks):
            return Speaker(None, "anonymous", title=self._text(toks))  # "a Republican"
        ents = [ent for ent in {self.ctx.tok_ent[i] for i in range(s, e)} - {-1} for ent in [self.ctx.ents[ent]]
                if ent.start >= s and ent.end <= e and ent.label_ in PERSON_LABELS]
        ents.sort(key=lambda ent: (not ent.start <= root.i < ent.end, ent.start > root.i, -ent.start))
        name_toks = self._strip_titles(list(ents[0])) if ents else []
        org_like = root.lower_ in self.kinds.get("organization", ()) or root.lemma_.lower() in self.kinds.get("organization", ())
        if not name_toks and not org_like:
            name_toks = [t for t in self._strip_titles(toks)]
            # A capitalised common noun ("Officials said") is no name.
            if name_toks and all(not _proper(t) and not t.ent_type_ for t in name_toks):
                name_toks = []
        while len(name_toks) > 2 and name_toks[0].ent_type_ in ORG_LABELS and name_toks[-1].ent_type_ not in ORG_LABELS:
            name_toks = name_toks[1:]  # "Ambassador to the United Nations Nikki Haley"
        if name_toks and name_toks[-1].i < root.i and root.pos_ == "NOUN":
            name_toks = []  # "Turkish president" + noun head: a description
        title_toks = [t for t in toks if t.i < (name_toks[0].i if name_toks else e) and t.dep_ != "det"]
        title = self._text(title_toks) if title_toks else None
        if name_toks:
            name = self._text(name_toks)
            if self._looks_person(name, name_toks, title_toks, at):
                full = reg.person_by_part(name, at) or name
                reg.add_person(at, full, title)
                gender = self._gender(title_toks)
                if gender:
                    reg.gender.setdefault(full, gender)
                return Speaker(full, "person", reg.gender.get(full), title)
            org = self._known_org(name, at, prior) or self._org_name(self._name_around(toks, root) or name_toks)
            reg.add_org(at, org)
            return Speaker(org, "organization")
        if org_like and any(_proper(t) for t in toks):
            name = self._org_name(self._name_around(toks, root) or toks)
            org = self._known_org(name, at, prior) or name
            return Speaker(org, "organization")
        return self._described(toks, root, at, prior, title)

    def _name_around(self, toks, root) -> list:
        """The capitalised run that ends at the head, with an "of ..." tail:
        "Denmark-based retailer Salling Group" -> "Salling Group",
        "the Turkish Ministry of Foreign Affairs" -> "Turkish Ministry of Foreign Affairs"."""
        idx = [t.i for t in toks]
        if root.i not in idx or not root.text[:1].isupper():
            return []
        ent = self.ctx.ent_of(root.i)
        if ent is not None and ent.label_ in ORG_LABELS and ent.start >= idx[0]:
            return list(ent)  # "Notes from Poland", whatever the mention kept of it
        k = idx.index(root.i)
        joins = ("of", "for", "and", "&", "from", "on")
        start = k
        while start > 0 and toks[start - 1].dep_ != "det" and (toks[start - 1].text[:1].isupper() or (
                toks[start - 1].lower_ in joins and start > 1 and toks[start - 2].text[:1].isupper())):
            start -= 1
        end = k + 1
        while end < len(toks) and (toks[end].text[:1].isupper() or toks[end].lower_ in joins):
            end += 1
        while end > k + 1 and not toks[end - 1].text[:1].isupper():
            end -= 1
        return toks[start:end]

    def _known_org(self, name: str, at: int, prior) -> str | None:
        # An earlier speaker first ("the Department" after "The Justice
        # Department announced"), then any organisation the text named.
        low = name.lower().split()
        for d, sp in reversed(prior):
            if sp.type == "organization" and sp.name:
                ft = sp.name.lower().split()
                if ft == low or len(ft) > len(low) and (ft[-len(low):] == low or ft[:len(low)] == low):
                    return sp.name
        return self.registry.org_by_part(name, at)

    @staticmethod
    def _owner(root, poss):
        """Who a document belongs to: "WHO's statistics", "a poll published by NBC News"."""
        if poss is not None and poss.pos_ == "PROPN":
            return poss
        for c in root.children:
            if c.i < root.i and _acronym(c):
                return c  # "WHO guidelines" (the small model may tag WHO as a pronoun)
        for c in root.children:
            if c.dep_ == "acl":
                for a in c.children:
                    if a.dep_ == "agent":
                        pobj = next((g for g in a.children if g.dep_ == "pobj"), None)
                        if pobj is not None and (pobj.pos_ == "PROPN" or any(
                                g.dep_ in ("poss", "compound") and g.pos_ == "PROPN" for g in pobj.children)):
                            return pobj
        return None

    def _as_written(self, outlet) -> str:
        toks = list(self.ctx.doc[outlet.start:outlet.end])
        if toks and toks[0].lower_ == "the" and toks[0].text == "the":
            toks = toks[1:]
        return self._text(toks) if toks else outlet.name

    def _looks_person(self, name, name_toks, title_toks, at) -> bool:
        if self.registry.person_by_part(name, at):
            return True
        if name in self.person_words or name_toks[-1].text in self.person_words:
            return True
        org_words = self.kinds.get("organization", frozenset())
        if {t.lower_ for t in name_toks} & org_words:
            return False
        if any(t.lower_.rstrip(".") in self.titles for t in title_toks):
            return True
        if any(t.ent_type_ in ORG_LABELS for t in name_toks):
            return False
        return 2 <= len(name_toks) <= 4

    def _gender(self, title_toks) -> str | None:
        p = self.ctx.patterns
        for t in title_toks:
            low = t.lower_.rstrip(".")
            if low in p.male or low + "." in p.male:
                return "male"
            if low in p.female or low + "." in p.female:
                return "female"
        return None

    def _described(self, toks, root, at, prior, title) -> Speaker:
        doc = self.ctx.doc
        head = root.lower_
        lemma = root.lemma_.lower()
        definite = toks[0].lower_ in ("the", "this", "that") or any(t.dep_ == "poss" for t in toks)
        indefinite = toks[0].lower_ in self.kinds.get("indefinite_determiners", ())
        plural = root.tag_ in ("NNS", "NNPS") or head in self.kinds.get("group", ())
        text = self._org_name(toks)
        capitalised_modifier = any(t.text[:1].isupper() and t.i < root.i and t.dep_ != "det" and not t.is_sent_start for t in toks) \
            or any(t.ent_type_ in ("NORP", "GPE") for t in toks if t.i < root.i)
        kinds = self.kinds
        # Documents speak for whoever they belong to: "WHO's statistics".
        poss = next((c for c in root.children if c.dep_ == "poss" and c.i >= toks[0].i), None)
        documents = kinds.get("documents", frozenset())
        if lemma in documents or head in documents or lemma in self.ctx.patterns.outlet_nouns:
            owner = self._owner(root, poss)
            if owner is not None:
                sub = self._named_or_described(list(doc[owner.left_edge.i:owner.i + 1]) if owner is poss
                                               else list(doc[owner.left_edge.i:owner.right_edge.i + 1]), owner, at, prior)
                if sub.name:
                    return sub
            elif definite:
                sub = self._document_owner(root, at, prior)
                if sub is not None and sub.name:
                    return sub
        if lemma in self.ctx.patterns.outlet_nouns or head in self.ctx.patterns.outlet_nouns:
            if definite:
                m = self.ctx.outlet_before(toks[0].i)
                if m is not None:
                    return Speaker(self._as_written(m), "outlet")
            return Speaker(None, "outlet")
        if plural and root.is_lower and definite and lemma in kinds.get("organization", ()):
            named = self._plural(at, prior)  # "the parties": the organisations already named
            if named is not None:
                return named
        if lemma in kinds.get("organization", ()) or head in kinds.get("organization", ()):
            if not indefinite:
                for d, sp in reversed(prior):
                    if sp.type == "organization" and sp.name and head in sp.name.lower().split():
                        return Speaker(sp.name, "organization")
                for pos, org in self.registry.recent_orgs():
                    if pos < toks[0].i and (head in org.lower().split() or lemma in org.lower().split()):
                        return Speaker(org, "organization")
            return Speaker(text if (definite or capitalised_modifier) else None, "organization")
        if plural:
            if capitalised_modifier:
                return Speaker(text, "group")
            # "the defendants", "both officers", "the parties": people already named
            if definite or toks[0].lower_ in ("both", "all", "these", "those"):
                people = lemma not in kinds.get("organization", ()) and lemma not in ("party", "side", "country")
                named = self._plural(at, prior, people_only=people)
                if named is not None:
                    return named
            return Speaker(None, "group")
        if lemma in self.titles or lemma in kinds.get("anonymous", ()):
            if lemma in self.titles and definite:
                hit = self.registry.person_by_role(lemma, at)
                if hit:
                    return Speaker(hit, "person")
            if lemma in self.titles or lemma in kinds.get("anonymous", ()):
                return Speaker(None, "anonymous", title=text)
        return Speaker(None, "anonymous")


def _acronym(tok) -> bool:
    return len(tok.text) >= 2 and tok.text.isupper() and tok.text.isalpha()


def _proper(tok) -> bool:
    # The small model tags some acronyms ("WHO") as pronouns.
    return tok.pos_ == "PROPN" or _acronym(tok)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _name_for_acronym(words: str, acronym: str) -> str | None:
    """The shortest tail of `words` whose capitalised initials spell `acronym`:
    "Ann Lee of the World Fishing Council (WFC)" -> "World Fishing Council"."""
    toks = words.split()
    for k in range(len(toks) - 1, -1, -1):
        if not toks[k][:1].isupper():
            continue
        capitals = "".join(w[0] for w in toks[k:] if w[:1].isupper())
        every = "".join(w[0] for w in toks[k:] if w.lower() != "the")  # "Notes from Poland (NFP)"
        if acronym.upper() in (capitals.upper(), every.upper()):
            return " ".join(toks[k:])
    return None


def resolve(drafts: list[Draft], ctx: Context) -> list[Claim]:
    """Turn drafts into Claims, resolving every speaker through the document."""
    r = Resolver(ctx)
    doc, text = ctx.doc, ctx.text
    prior: list[tuple[Draft, Speaker]] = []
    resolved: dict[int, Speaker] = {}
    for d in drafts:
        recent = prior[-RECENT:]
        if d.speaker is not None:
            sp = r.speaker_for(d.speaker, d.speaker[0], recent)
        elif d.name_span is not None:
            sp = r.speaker_for(d.name_span, d.name_span[0], recent)
        elif d.continues is not None:
            sp = resolved.get(id(d.continues), Speaker(None, None))
        else:
            sp = Speaker(None, "anonymous")
        if d.title is not None and not sp.name and any(t.pos_ == "PROPN" for t in doc[d.title[0]:d.title[1]]):
            named = r.speaker_for(d.title, d.title[0], recent)
            if named.name:
                sp = named
        if d.title is not None and sp.type == "person" and sp.name:
            title = text[slice(*ctx.chars(*d.title))]
            gender = r._gender(list(doc[d.title[0]:d.title[1]]))
            if gender:
                r.registry.gender.setdefault(sp.name, gender)
            r.registry.add_person(d.speaker[0] if d.speaker else 0, sp.name, title)
            sp.title = title
        resolved[id(d)] = sp
        prior.append((d, sp))
    _lede_cataphora(drafts, resolved, ctx)
    drafts = _transmitted(drafts, resolved, ctx)
    return Claims((_claim(d, resolved[id(d)], ctx) for d in drafts), text=ctx.text)


def _transmitted(drafts, resolved, ctx: Context) -> list[Draft]:
    """"Znak.com reported its source said X": an outlet that only transmits
    another source's claim is that claim's via, not a claim of its own. An
    outlet whose cue carries a stance ("Znak.com claims") keeps its claim."""
    drop = set()
    starts = [d.content[0] for d in drafts]
    for a in drafts:
        sp = resolved[id(a)]
        if sp.type != "outlet" or a.stance != "neutral" or not sp.name:
            continue
        s, e = a.content
        for b in drafts[bisect_left(starts, s):bisect_left(starts, e)]:
            if b is a or b.cue_span is None or b.speaker is None:
                continue
            bs, be = b.content
            cue_char = ctx.doc[b.cue_span[0]].idx
            spk_char = ctx.doc[b.speaker[0]].idx
            if s <= spk_char < e and s <= cue_char < e and s <= bs and be <= e:
                drop.add(id(a))
                if b.via is None and sp.name != ctx.author:
                    b.via = sp.name
    return [d for d in drafts if id(d) not in drop]


def _lede_cataphora(drafts, resolved, ctx: Context) -> None:
    # "…, according to a top security official." then “…,” Ali Shamkhani said:
    # a lede's unnamed official is the person quoted by name right after.
    for k, d in enumerate(drafts[:3]):
        sp = resolved[id(d)]
        if sp.name or sp.type != "anonymous" or sp.title is None or d.speaker is None:
            continue
        if ctx.doc[d.speaker[0]].lower_ not in ctx.patterns.kind_words.get("indefinite_determiners", ()):
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


def _kind(d: Draft, ctx: Context) -> str:
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
    # Quotation marks around a name or a term ("COVID-19", "Callisto Group")
    # do not make a claim mixed.
    words = quoted.strip(" ,.").split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words)


def _claim(d: Draft, sp: Speaker, ctx: Context) -> Claim:
    text = ctx.text
    s, e = d.content
    speaker = ctx.chars(*d.speaker) if d.speaker else None
    cue = ctx.chars(*d.cue_span) if d.cue_span else None
    stype = sp.type
    if stype is None:
        stype = "anonymous" if d.anonymous or d.speaker is None else None
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
        stance=d.stance,
        via=d.via if d.via != sp.name else None,
        addressee=text[slice(*ctx.chars(*d.addressee))] if d.addressee else None,
        time=text[slice(*ctx.chars(*d.time))] if d.time else None,
        rule=d.frame.id,
        pattern_file=short_path(d.frame.file),
        confidence=d.frame.confidence,
    )
