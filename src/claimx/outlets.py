"""Finding outlet mentions (news media, agencies, platforms) in a parsed Doc.

An outlet is a listed alias ("ISNA", "the BBC"), a proper name ending in an
outlet word ("Harbour Bulletin", "Gazeta Miejska"), or a web address used as a
name ("Kropka.com").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy
import regex
from spacy.attrs import ORTH, POS, PREFIX
from spacy.strings import get_string_id
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in strings.pyx, missing from strings.pyi

from .patterns import PatternSet

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Doc

_WEB_NAME = regex.compile(r"^[A-Z][\w-]*\.(com|org|net|info|news|ru|pl|hu|de|fr|co|uk|io|tv|eu|in|id|cz|ua|it|es|nl)$")


@dataclass(frozen=True, slots=True)
class OutletMention:
    start: int  # token indices, end exclusive
    end: int
    name: str  # canonical name, or the name as written


# The low bits of a string id that index the first-word table (`OutletFinder._listed_firsts`).
_TABLE_MASK = (1 << 16) - 1

# Lower-case words inside a capitalised name ("Mitigation and Management").
_CONNECTORS = frozenset({"and", "of", "for", "on", "&"})


class OutletFinder:
    def __init__(self, patterns: PatternSet) -> None:
        self.aliases = patterns.outlet_aliases
        self.prefixes = {a[:k] for a in self.aliases for k in range(1, len(a) + 1)}
        self.max_len = max((len(a) for a in self.aliases), default=0)
        self.name_parts = patterns.outlet_name_parts
        self.leading_parts = patterns.outlet_leading_parts
        self.programme_parts = patterns.outlet_programme_parts
        self.bodies = patterns.kind_words.get("organization", frozenset())
        self.nouns = patterns.outlet_nouns
        self.endings = patterns.outlet_endings
        # The same words as string ids, as `_named_at` compares them.
        self.name_part_ids = {get_string_id(w) for w in self.name_parts}
        self.leading_part_ids = {get_string_id(w) for w in self.leading_parts}
        self.ending_ids = tuple(tuple(get_string_id(w) for w in end) for end in self.endings)
        self.ending_last = frozenset(end[-1] for end in self.ending_ids if end)  # a run's last word, tested first
        self.first = {hash_string(a[0]) for a in self.aliases}
        self.first_ids = numpy.array(sorted(self.first), dtype=numpy.uint64)
        self.first_bits = numpy.zeros(_TABLE_MASK + 1, dtype=bool)  # by the ids' low bits (_listed_firsts)
        self.first_bits[self.first_ids & _TABLE_MASK] = True
        # String ids of the one-word aliases, and of the first two words of the
        # longer ones: most listed first words ("The") start no alias here.
        self.single_ids = {get_string_id(a[0]) for a in self.aliases if len(a) == 1}
        self.pair_ids = {(get_string_id(a[0]), get_string_id(a[1])) for a in self.aliases if len(a) > 1}
        self.upper: dict[int, bool] = {}  # first-character id -> is it a capital
        # the same as sorted arrays: the ids, and whether each is a capital (_capitals)
        self.capital_table: tuple[NDArray[numpy.uint64], NDArray[numpy.bool_]] = (
            numpy.zeros(0, dtype=numpy.uint64), numpy.zeros(0, dtype=bool))
        self.name_pos: set[int] | None = None  # POS ids, from the first doc's vocab

    def find(self, doc: Doc, cols: NDArray[numpy.uint64] | None = None) -> list[OutletMention]:
        """The outlet mentions in `doc`; `cols` are its ORTH, PREFIX and POS
        columns when the caller has them already."""
        found: list[OutletMention] = []
        n = len(doc)
        if not n:
            return found
        # Only capitalised tokens and listed first words can start an outlet
        # name; find those on integer columns, without building Tokens.
        # spaCy's doc.pyi says to_array gives floats; it gives uint64 ids.
        if cols is None:
            cols = cast("NDArray[numpy.uint64]", doc.to_array([ORTH, PREFIX, POS]))
        # Flat lists: one list per token (a 2-D tolist) costs more than the scan.
        orths: list[int] = cols[:, 0].tolist()
        tags: list[int] = cols[:, 2].tolist()
        capitals = self._capitals(doc, cols[:, 1])
        firsts = self._listed_firsts(cols[:, 0], orths)
        starts: list[int] = numpy.flatnonzero(capitals | firsts).tolist()
        cap: list[bool] = capitals.tolist()
        listed: list[bool] = firsts.tolist()
        strings = doc.vocab.strings
        punct = strings["PUNCT"]
        if self.name_pos is None:
            self.name_pos = {strings[p] for p in ("PROPN", "NOUN", "ADJ", "DET")}
        i = 0  # the next token a name may start at
        for k in starts:
            if k < i:
                continue
            m = (self._alias_at(doc, k, n) if listed[k] and self._may_start_alias(orths, k, n) else None) \
                or (self._named_at(doc, k, n, cap, orths, tags, punct) if cap[k] else None)
            if m is not None:
                found.append(m)
                i = m.end
            elif cap[k]:
                # A failed capitalised run cannot succeed from a later word of it.
                j = k + 1
                while j < n and cap[j] and tags[j] != punct and not listed[j]:
                    j += 1
                i = j
            else:
                i = k + 1
        return found

    def _listed_firsts(self, orths: NDArray[numpy.uint64], ids: list[int]) -> NDArray[numpy.bool_]:
        """Whether each token (`orths`, and the same ids as a list) is the
        first word of a listed alias: marked by a table over the ids' low
        bits (numpy.isin and sorted searches cost more on columns this
        short), the few marked tested exactly."""
        marked = cast("NDArray[numpy.bool_]", self.first_bits[orths & _TABLE_MASK])
        for i in numpy.flatnonzero(marked).tolist():
            if ids[i] not in self.first:
                marked[i] = False
        return marked

    def _capitals(self, doc: Doc, prefixes: NDArray[numpy.uint64]) -> NDArray[numpy.bool_]:
        """Whether each token starts with a capital, worked out once per
        distinct first character (a string id means the same string in any
        vocab, so the answers serve every document) and kept as sorted
        arrays: a sorted look-up costs less than numpy.unique on every document."""
        ids, caps = self.capital_table  # one pair: a finder shared by threads never mixes two
        at = numpy.minimum(numpy.searchsorted(ids, prefixes), max(len(ids) - 1, 0))
        if not len(ids) or not (ids[at] == prefixes).all():
            ids, caps = self._learn_prefixes(doc, prefixes)
            at = numpy.searchsorted(ids, prefixes)
        return caps[at]

    def _learn_prefixes(self, doc: Doc, prefixes: NDArray[numpy.uint64]
                        ) -> tuple[NDArray[numpy.uint64], NDArray[numpy.bool_]]:
        """Add a document's new first characters to the sorted arrays."""
        strings, upper = doc.vocab.strings, self.upper
        for prefix in set(prefixes.tolist()) - upper.keys():
            upper[prefix] = strings[prefix][:1].isupper()
        known = sorted(upper)
        self.capital_table = (numpy.array(known, dtype=numpy.uint64),
                              numpy.array([upper[p] for p in known], dtype=bool))
        return self.capital_table

    def _may_start_alias(self, orths: list[int], i: int, n: int) -> bool:
        """Whether token i is a one-word alias or starts a longer one with
        the next token (compared as string ids: no Tokens, no text)."""
        return orths[i] in self.single_ids or i + 1 < n and (orths[i], orths[i + 1]) in self.pair_ids

    def _alias_at(self, doc: Doc, i: int, n: int) -> OutletMention | None:
        best = None
        key: tuple[str, ...] = ()
        for j in range(i, min(n, i + self.max_len)):
            key = key + (doc[j].text,)
            if key not in self.prefixes:
                break
            if key in self.aliases:
                best = (j + 1, self.aliases[key])
        if best is None:
            return None
        end, name = best
        k = end
        while k < n and doc[k].text in self.programme_parts:
            k += 1  # "BBC Breakfast", "BBC Radio 4": one of the outlet's programmes, named in full
        if k > end and k < n and doc[k - 1].text in self.leading_parts and doc[k].like_num:
            k += 1
        if k > end:
            first = i + 1 if doc[i].text == "the" else i  # "the BBC World Service" is "BBC World Service"
            return OutletMention(i, k, doc[first:k].text)
        # "AP" inside a longer proper name ("AP Moller") is not the agency.
        if end < n and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and len(doc[i:end].text) <= 3:
            return None
        return OutletMention(i, end, name)

    def _named_at(self, doc: Doc, i: int, n: int, cap: list[bool], orths: list[int], tags: list[int],
                  punct: int) -> OutletMention | None:
        if not cap[i]:
            return None  # web names and outlet names start with a capital
        strings = doc.vocab.strings
        text = strings[orths[i]]
        if "." in text and _WEB_NAME.match(text):
            return OutletMention(i, i + 1, text)
        assert self.name_pos is not None  # set by find() before it calls this
        if tags[i] not in self.name_pos or i + 1 >= n or not (cap[i + 1] or i + 2 < n and cap[i + 2]):
            return None  # a name and an outlet word take two words at least
        if i >= 2 and strings[orths[i - 1]].lower() in _CONNECTORS and cap[i - 2]:
            return None  # the tail of a longer name: "Flood Defence and | Drainage Commission Report"
        # A run of capitalised words ("The Dakota Independent", "Republic of
        # Iran Broadcasting") ending in an outlet word.
        j = i
        while j < min(n, i + 10) and tags[j] != punct and (
                cap[j] or j > i and j + 1 < n and cap[j + 1] and strings[orths[j]].lower() in _CONNECTORS):
            j += 1
        if j - i < 2:
            return None  # a name and an outlet word take two words at least
        # The longest part of the run that ends in an outlet word ("the Weekly
        # Standard | on Thursday": the run went on through "on").
        # (words compared as string ids: no string is read for the many runs that fail)
        for end in range(j, i + 1, -1):
            if orths[end - 1] in self.name_part_ids:
                if strings[orths[end - 2]].lower() in self.bodies:
                    return None  # "the Flood Commission Report": a body's document, not an outlet
                return OutletMention(i, end, doc[i:end].text)
        if orths[i] in self.leading_part_ids:
            end = i + 1
            while end < j and cap[end]:
                end += 1  # "Radio Meridian", not "Radio Meridian on Monday"
            return OutletMention(i, end, doc[i:end].text) if end - i >= 2 else None
        words = tuple(orths[i:j])
        if words[-1] in self.ending_last and any(len(words) > len(end) and words[-len(end):] == end
                                                 for end in self.ending_ids):
            return OutletMention(i, j, doc[i:j].text)
        return None
