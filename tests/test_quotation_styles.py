"""Quotations as blogs, wires, digests and letters pages write them (#10).

Each case is a whole short document in one style, written for these tests,
with the claims it must give (content, kind, speaker, cue, via) and the
stretches no claim may cover. Matching follows test_constructions: content
compared after trimming marks and final punctuation.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimx
from claimx.extractor import Extractor

from test_constructions import Case, _describe, check_case, norm

BLOG = """The town council voted on Tuesday to close the old library.

Local historian Dana Whitfield posted on her blog:

The library has served this town for a century. Closing it would erase a piece of our history.

Another resident, Omar Haddad, wrote on Facebook:

We were never asked. Nobody held a meeting.

[ar] لم يسألنا أحد

Mayor Luisa Brandt tweeted: "The decision was difficult but necessary."
"""

DIGEST = """Press digest, Monday

The finance minister will resign next week, according to the Daily Ledger, quoting two aides.

The army has withdrawn from the border town, the governor said, the Northern Gazette reported.

The Morning Post quoted the energy minister as saying that fuel prices would fall.

The central bank will cut rates in March, a senior banker told Radio Meridian.
"""

LETTERS = """Letters to the editor

The new bus timetable leaves our village without a service after six.
— Margaret Olsen, Little Brampton

Thank you for covering the school closures so thoroughly.
― Peter Vance
"""

SIGNED_QUOTES = """“We will rebuild the pier before the summer.” — Ines Duarte, harbour master

“Nobody warned the ferry crews.” ― Tomas Berg
"""

ODD_MARKS = 'He said "the bridge was unsafe. Nobody listened. "Then it fell," she said.'

NESTED = """“Mayor Ada Lind told us that the road would reopen in May,” shopkeeper Rita Moll said.

“As I said last week, we will not raise taxes,” the premier said.
"""

COUNTER = """The film, titled "A Long Night", opens on Friday. The so-called "reform" package passed.

The menu has three parts: soup, fish and cake.

The agency, known as "the Bureau", was founded in 1950. The hashtag "#SaveTheLibrary" spread quickly.
"""

CASES = [
    Case("blog-two-blockquotes-a-tweet-and-a-translation-note", BLOG, [
        dict(text="The library has served this town for a century. Closing it would erase a piece of our history",
             kind="direct", speaker_name="Dana Whitfield", cue_text="posted", via="blog"),
        dict(text="We were never asked. Nobody held a meeting", kind="direct", speaker_name="Omar Haddad",
             cue_text="wrote", via="Facebook"),
        dict(text="The decision was difficult but necessary", kind="direct", speaker_name="Luisa Brandt",
             cue_text="tweeted", via="Twitter"),
    ], absent=["لم يسألنا أحد", "[ar]", "The town council voted"], n=3),
    Case("digest-according-to-a-quoting-b", DIGEST, [
        dict(text="The finance minister will resign next week", kind="indirect", speaker_text="two aides",
             cue_text="according to", via="Daily Ledger"),
    ], absent=["quoting two aides"]),
    Case("digest-b-said-a-reported", DIGEST, [
        dict(text="The army has withdrawn from the border town", speaker_text="the governor", cue_text="said",
             via="Northern Gazette"),
    ], absent=["the Northern Gazette reported"]),
    Case("digest-a-quoted-b-as-saying", DIGEST, [
        dict(text="fuel prices would fall", speaker_text="the energy minister", via="The Morning Post"),
    ]),
    Case("digest-b-told-a-an-outlet-by-its-name", DIGEST, [
        dict(text="The central bank will cut rates in March", speaker_text="a senior banker", cue_text="told",
             via="Radio Meridian"),
    ]),
    Case("letters-page-signed-paragraphs", LETTERS, [
        dict(text="The new bus timetable leaves our village without a service after six", kind="direct",
             speaker_name="Margaret Olsen", cue_text=None, via=None),
        dict(text="Thank you for covering the school closures so thoroughly", kind="direct",
             speaker_name="Peter Vance"),
    ], absent=["Letters to the editor"], n=2),
    Case("dash-signatures-after-quotations", SIGNED_QUOTES, [
        dict(text="We will rebuild the pier before the summer", kind="direct", speaker_name="Ines Duarte"),
        dict(text="Nobody warned the ferry crews", kind="direct", speaker_name="Tomas Berg"),
    ], n=2),
    Case("odd-marks-close-at-the-sentence-end", ODD_MARKS, [
        dict(text="the bridge was unsafe", kind="direct", speaker_text="He", cue_text="said"),
        dict(text="Then it fell", kind="direct", speaker_text="she", cue_text="said"),
    ], absent=["Nobody listened"], n=2),
    Case("reports-inside-quotations-stay-in-the-quotation-by-default", NESTED, [
        dict(text="Mayor Ada Lind told us that the road would reopen in May", kind="direct",
             speaker_name="Rita Moll", via=None),
        dict(text="As I said last week, we will not raise taxes", kind="direct", speaker_text="the premier"),
    ], n=2),
    Case("titles-scare-quotes-names-and-lists-are-not-claims", COUNTER, [], n=0),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_quotation_style(case: Case):
    check_case(case, claimx.extract(case.text, outlet=case.outlet))


NESTED_ON = '''
[meta]
name = "nested-reports"
description = "The core clause frame, read inside quotations too."
disable = ["clause"]

[[frame]]
id = "clause.nested"
description = "A reported clause, also inside quotations, for a named source."
confidence = 0.8
nested = true
pattern = [
    { RIGHT_ID = "cue", RIGHT_ATTRS = { POS = { IN = ["VERB", "AUX"] } } },
    { LEFT_ID = "cue", REL_OP = ">", RIGHT_ID = "content", RIGHT_ATTRS = { DEP = { IN = "$clause_deps" } } },
]
content = { cut = "clause" }
examples = ["The harbour master said that the pier would reopen in May."]
counterexamples = ["The harbour master did not say that the pier would reopen."]

[class.speech]
frames = ["clause.nested"]
'''


def test_nested_reports_when_a_frame_turns_them_on(nlp, tmp_path):
    path = tmp_path / "nested.toml"
    path.write_text(NESTED_ON, encoding="utf-8")
    ex = Extractor(nlp, patterns=[path])
    claims = ex(NESTED)
    got = _describe(claims)
    inner = [c for c in claims if norm(c.text) == "the road would reopen in May"]
    assert inner, got
    assert (inner[0].kind, inner[0].speaker_name, inner[0].cue_text, inner[0].via) == \
        ("indirect", "Ada Lind", "told", "Rita Moll"), got
    # The premier's own "As I said" is no report of someone else's.
    assert not [c for c in claims if norm(c.text).startswith("we will not raise taxes")], got


# -- marks that lie --------------------------------------------------------------

MARKS = ["\"", "“", "”", "'", "‘", "’", "«", "»"]
WORDS = ["He said", "she said", "the vote was rigged.", "Nobody believed him.", "Then the count began,", "Fine.",
         "the minister added", "We will win.", ":", "\n", "\n\n", ",", "and"]


@given(st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS)), max_size=30).map(" ".join))
def test_claims_never_cross_whatever_the_marks(text):
    claims = claimx.extract(text)
    for a in claims:
        for b in claims:
            if a is b:
                continue
            (s1, e1), (s2, e2) = a.content, b.content
            crossing = s1 < s2 < e1 < e2
            assert not crossing, f"claims cross: {a.text!r} and {b.text!r} in {text!r}"
