"""The quote scanner: quotation marks found in raw text before any parsing."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimx
from claimx.quotes import Quote, QuoteScanner, top_level


@pytest.fixture(scope="module")
def scanner() -> QuoteScanner:
    return QuoteScanner.from_patterns(claimx.load_patterns())


def quoted(text: str, q: Quote) -> str:
    s, e = q.content
    return text[s:e]


def contents(scanner, text, depth=None) -> list[str]:
    return [quoted(text, q) for q in scanner.scan(text) if depth is None or q.depth == depth]


# -- quotation styles ----------------------------------------------------------

@pytest.mark.parametrize(
    "text, inner",
    [
        pytest.param("The envoy said “we are ready to talk” on Friday.", "we are ready to talk", id="curly-double"),
        pytest.param('The envoy said "we are ready to talk" on Friday.', "we are ready to talk", id="straight-double"),
        pytest.param("The envoy said «we are ready to talk» on Friday.", "we are ready to talk", id="guillemets"),
        pytest.param("The envoy said ‘we are ready to talk’ on Friday.", "we are ready to talk", id="uk-curly-single"),
        pytest.param("The envoy said 'we are ready to talk' on Friday.", "we are ready to talk", id="uk-straight-single"),
        pytest.param('The envoy said "we are ready to talk” on Friday.', "we are ready to talk", id="straight-open-curly-close"),
        pytest.param('The envoy said “we are ready to talk" on Friday.', "we are ready to talk", id="curly-open-straight-close"),
    ],
)
def test_quote_styles(scanner, text, inner):
    quotes = scanner.scan(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert quoted(text, q) == inner
    assert q.depth == 0
    assert q.paragraphs == 1
    assert text[q.open] in "“\"«‘'" and text[q.close] in "”\"»’'"
    assert q.end == q.close + 1


def test_quote_at_start_of_text(scanner):
    text = "“Sanctions have failed,” the minister said."
    (q,) = scanner.scan(text)
    assert q.open == 0
    assert quoted(text, q) == "Sanctions have failed,"


def test_several_straight_quotes_in_one_paragraph(scanner):
    text = '"We won\'t stop," she said, "and we\'ll win." Then "fine" was all he said.'
    assert contents(scanner, text) == ["We won't stop,", "and we'll win.", "fine"]


def test_quotes_sorted_by_opening(scanner):
    text = "“One,” he said. «Two», she said.\n‘Three’ was the answer to “four”."
    opens = [q.open for q in scanner.scan(text)]
    assert opens == sorted(opens)
    assert len(opens) == 4


# -- apostrophes ---------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Iran’s foreign ministry said nothing about it.",
        "Iran's foreign ministry said nothing about it.",
        "We don't know and we won’t guess.",
        "It's the students' choice and the workers’ decision.",
        "Back in the ’90s the market boomed.",
        "The country’s leaders didn't attend the president’s dinner.",
    ],
)
def test_apostrophes_are_not_quotes(scanner, text):
    assert scanner.scan(text) == []


def test_apostrophes_inside_a_single_quote(scanner):
    text = "The union said ‘we won’t accept Iran’s terms’ on Monday."
    assert contents(scanner, text) == ["we won’t accept Iran’s terms"]


def test_apostrophe_inside_a_double_quote(scanner):
    text = "“They don’t understand Iran’s position,” he said."
    assert contents(scanner, text) == ["They don’t understand Iran’s position,"]


def test_rock_n_roll_apostrophes(scanner):
    assert scanner.scan("He loved rock 'n' roll all his life.") == []


# -- nesting -------------------------------------------------------------------

def test_single_nested_in_double(scanner):
    text = "“They called it a ‘historic mistake’ and left,” the envoy said."
    quotes = scanner.scan(text)
    assert len(quotes) == 2
    outer = [q for q in quotes if q.depth == 0]
    inner = [q for q in quotes if q.depth == 1]
    assert [quoted(text, q) for q in outer] == ["They called it a ‘historic mistake’ and left,"]
    assert [quoted(text, q) for q in inner] == ["historic mistake"]
    assert outer[0].open < inner[0].open < inner[0].close < outer[0].close
    assert top_level(quotes) == outer


def test_straight_single_nested_in_straight_double(scanner):
    text = '"They called it a \'historic mistake\' and left," the envoy said.'
    quotes = scanner.scan(text)
    assert {(quoted(text, q), q.depth) for q in quotes} == {
        ("They called it a 'historic mistake' and left,", 0),
        ("historic mistake", 1),
    }


# -- paragraphs ----------------------------------------------------------------

def test_multi_paragraph_quote(scanner):
    text = ("“The first paragraph of the statement sets out the position.\n"
            "“The second paragraph goes on without closing.\n"
            "“The third one closes it,” the spokesman said.\n"
            "Then the briefing ended.")
    quotes = scanner.scan(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.open == 0
    assert q.paragraphs == 3
    assert q.depth == 0
    assert text[q.close] == "”"
    assert quoted(text, q).endswith("The third one closes it,")
    assert text[q.end:].startswith(" the spokesman said.")


def test_unclosed_quote_does_not_continue_into_unquoted_paragraph(scanner):
    text = ("“An unclosed quotation starts here and never ends.\n"
            "The next paragraph is the author's own plain text.\n"
            "“A new quotation,” she said.")
    quotes = scanner.scan(text)
    assert [quoted(text, q) for q in quotes] == ["A new quotation,"]
    assert quotes[0].depth == 0 and quotes[0].paragraphs == 1


def test_unbalanced_mark_never_swallows_the_document(scanner):
    paras = ["The minister said “we will respond in kind on Monday."]
    paras += [f"Paragraph {k} is plain reporting, with “quote {k}” in it." for k in range(2, 40)]
    text = "\n".join(paras)
    quotes = scanner.scan(text)
    first_break = text.index("\n")
    assert all(not (q.open < first_break < q.close) for q in quotes)
    assert [quoted(text, q) for q in quotes if q.depth == 0] == [f"quote {k}" for k in range(2, 40)]


def test_stray_closing_mark_is_ignored(scanner):
    text = "The plan failed” and nobody noticed.\n“Later,” he said."
    assert contents(scanner, text, depth=0) == ["Later,"]


def test_stray_opening_mark_does_not_demote_the_next_quote(scanner):
    # The first opener never closes: it closes at the end of its sentence, and
    # the next quotation is one of its own, not nested in the stray.
    text = "He said “never closed and goes on. “Then another one” was heard."
    assert contents(scanner, text, depth=0) == ["never closed and goes on.", "Then another one"]


@pytest.mark.parametrize("text", [
    'He said "the bridge was unsafe. Nobody listened. "Then it fell," she said.',
    "He said “the bridge was unsafe. Nobody listened. “Then it fell,” she said.",
])
def test_an_opener_left_unclosed_before_the_next_closes_at_its_sentence_end(scanner, text):
    assert contents(scanner, text, depth=0) == ["the bridge was unsafe.", "Then it fell,"]


def test_a_straight_mark_inside_a_sentence_still_nests_nothing(scanner):
    # no sentence ends inside the open quotation: the inner mark is not an opener
    text = 'He called it "the "best" plan" and left.'
    assert all(q.depth == 0 for q in scanner.scan(text))


def test_a_second_opening_mark_before_the_paragraph_s_last_close_is_a_slip(scanner):
    # “A. “B.” ending a paragraph is one quotation, not one left open into the next paragraph
    text = "“We tested it every week. “The results are public.”\n“The fish are back,” said Tom Ray."
    assert contents(scanner, text, depth=0) == ["We tested it every week. “The results are public.", "The fish are back,"]


# -- properties ----------------------------------------------------------------

QUOTE_CHARS = "“”\"'‘’«»„‹›`"
pieces = st.one_of(
    st.text(max_size=12),
    st.sampled_from(list(QUOTE_CHARS)),
    st.sampled_from(["\n", " ", "\u200b", "\u202e", "\x00", "\r\n", "Iran’s", "don't", "said", ". "]),
)
quote_heavy_text = st.lists(pieces, max_size=40).map("".join)


@given(st.text())
def test_scan_never_raises_on_any_text(text):
    scanner = QuoteScanner.from_patterns(claimx.load_patterns())
    for q in scanner.scan(text):
        assert 0 <= q.open < q.close < len(text)


@given(quote_heavy_text)
def test_scan_invariants_on_quote_heavy_text(text):
    scanner = QuoteScanner.from_patterns(claimx.load_patterns())
    quotes = scanner.scan(text)
    opens = [q.open for q in quotes]
    assert opens == sorted(opens)
    for q in quotes:
        assert 0 <= q.open < q.close < len(text)
        assert q.depth >= 0 and q.paragraphs >= 1
        assert text[q.open] in scanner.marks and text[q.close] in scanner.marks
        # A quote never crosses a paragraph break unless it is a multi-paragraph one.
        if q.paragraphs == 1:
            assert "\n" not in text[q.open:q.close]
        assert text[q.open:q.close].count("\n") == q.paragraphs - 1


def test_straight_and_curly_marks_pair_but_two_curly_openers_do_not(scanner):
    text = '"We are done,” she said. "The talks go on.”'
    assert contents(scanner, text) == ["We are done,", "The talks go on."]
    assert contents(scanner, "“A word “and another.") == []  # no closer: nothing pairs
