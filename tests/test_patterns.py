"""Pattern files: every frame's examples and counterexamples, the shape of
the bundled set, extending it without code, and the errors broken pattern
files raise (one PatternError listing every problem)."""
from __future__ import annotations

from pathlib import Path

import pytest

import claimx
from claimx import PatternError
from claimx.patterns import bundled_patterns_dir, core_files, load_patterns
from claimx.registry import frame_kinds

PATTERNS = load_patterns()


def _example_params(kind: str):
    for frame in PATTERNS.frames:
        for ex in getattr(frame, kind):
            yield pytest.param(frame.id, ex, id=f"{frame.id}:{ex[:40]}")


def _describe(claims) -> str:
    return "; ".join(f"{c.rule}: {c.text!r}" for c in claims) or "no claims"


def test_core_files_present():
    names = {p.name for p in core_files()}
    assert {"frames.toml", "cues.toml", "quotes.toml", "outlets.toml", "speakers.toml"} <= names
    assert (bundled_patterns_dir() / "core").is_dir()


def test_every_frame_has_an_example():
    missing = [f.id for f in PATTERNS.frames if not f.examples]
    assert not missing, f"frames without examples: {missing}"


def test_frame_ids_unique_and_kinds_registered():
    ids = [f.id for f in PATTERNS.frames]
    assert len(ids) == len(set(ids))
    assert all(f.kind in frame_kinds for f in PATTERNS.frames)


def test_every_cue_anchored_frame_is_taken_by_a_class():
    used = {fid for cls in PATTERNS.classes.values() for fid in cls.frames}
    cueless = {"quote.label", "quote.after-colon", "quote.signature", "quote.signed-paragraph", "quote.after-report", "quote.same-paragraph",
               "quote.continuation"}
    assert {f.id for f in PATTERNS.frames} - used == cueless


def test_every_class_has_words_and_frames():
    words: dict[str, int] = {}
    for e in PATTERNS.cues:
        words[e.cls] = words.get(e.cls, 0) + 1
    for cls in PATTERNS.classes.values():
        assert cls.frames, cls.name
        assert words.get(cls.name), cls.name
        assert cls.description, cls.name


@pytest.mark.parametrize("frame_id, example", list(_example_params("examples")))
def test_frame_example_yields_claim_from_frame(frame_id, example):
    claims = claimx.extract(example)
    assert any(c.rule == frame_id for c in claims), f"{frame_id} produced nothing; got {_describe(claims)}"
    for c in claims:
        if c.rule == frame_id:
            assert c.pattern_file == "core/frames.toml"


@pytest.mark.parametrize("frame_id, example", list(_example_params("counterexamples")))
def test_frame_counterexample_yields_no_claim_from_frame(frame_id, example):
    claims = claimx.extract(example)
    assert not [c for c in claims if c.rule == frame_id], f"{frame_id} fired on a counterexample: {_describe(claims)}"


def test_load_patterns_is_cached_and_immutable():
    assert load_patterns() is load_patterns()
    with pytest.raises(TypeError):
        PATTERNS.classes["speech"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        PATTERNS.frames.append(PATTERNS.frames[0])  # type: ignore[attr-defined]


def test_a_single_path_is_one_file(tmp_path):
    path = _write(tmp_path, '[class.speech]\nwarn = ["forewarn"]\n')
    assert load_patterns(str(path)) is load_patterns([str(path)])


# -- extending the set without code -----------------------------------------------

def _write(tmp_path: Path, body: str, name: str = "extra.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_new_cue_works_in_every_frame_of_its_class(tmp_path):
    """"grumble" is no cue in the bundled set; listed once under the speech
    class it reports a clause, a quotation before it and one after it."""
    path = _write(tmp_path, '[class.speech]\nassert = ["grumble"]\n')
    texts = {
        "clause": "The harbour master grumbled that the pier was closed.",
        "quote.trailing": "“The pier is closed,” the harbour master grumbled.",
        "quote.leading": "The harbour master grumbled: “The pier is closed to everyone today.”",
        "parenthetical": "The pier, the harbour master grumbled, is closed to everyone.",
    }
    for frame_id, text in texts.items():
        assert not [c for c in claimx.extract(text) if c.cue_lemma == "grumble"], text
        mine = [c for c in claimx.extract(text, patterns=[path]) if c.cue_lemma == "grumble"]
        assert mine and mine[0].rule == frame_id, (text, _describe(mine))
        assert mine[0].stance == "assert"
        assert mine[0].speaker_text.lower() == "the harbour master"


def test_a_word_moves_to_another_stance_in_a_later_file(tmp_path):
    path = _write(tmp_path, '[class.speech]\nwarn = ["say"]\n')
    (c,) = claimx.extract("The harbour master said that the pier was closed.", patterns=[path])
    assert c.stance == "warn"
    (c,) = claimx.extract("The harbour master said that the pier was closed.")
    assert c.stance == "neutral"


def test_a_new_class_with_a_new_frame(tmp_path):
    """A user frame in the DependencyMatcher notation: "gushed about X"."""
    path = _write(tmp_path, """
[class.gush]
description = "Verbs of effusive praise with an about-phrase."
pos = ["VERB"]
frames = ["test.about"]
assert = ["gush", "rave"]

[[frame]]
id = "test.about"
description = "gushed about X: X is praised."
confidence = 0.9
pattern = [
    { RIGHT_ID = "cue", RIGHT_ATTRS = { POS = "VERB" } },
    { LEFT_ID = "cue", REL_OP = ">", RIGHT_ID = "about", RIGHT_ATTRS = { LOWER = "about" } },
    { LEFT_ID = "about", REL_OP = ">", RIGHT_ID = "content", RIGHT_ATTRS = { DEP = "pobj" } },
]
content = { cut = "phrase" }
examples = ["The critics gushed about the new opera house."]
counterexamples = ["The critics walked about the new opera house."]
""")
    ps = load_patterns([path])
    assert ps.frame("test.about").file == str(path)
    claims = claimx.extract("The critics raved about the new opera house.", patterns=[path])
    mine = [c for c in claims if c.rule == "test.about"]
    assert [(c.text, c.stance, c.speaker_text, c.pattern_file) for c in mine] == [
        ("the new opera house", "assert", "The critics", "extra.toml")]
    assert not [c for c in claimx.extract("The critics raved about the new opera house.") if c.rule == "test.about"]


def test_extra_regex_frame_file(tmp_path):
    path = _write(tmp_path, (
        '[[frame]]\n'
        'id = "test.bulletin"\n'
        'kind = "regex"\n'
        'confidence = 0.99\n'
        'stance = "warn"\n'
        "pattern = '''^BULLETIN from (?P<speaker>[A-Z][a-z]+ [A-Z][a-z]+): (?P<content>[^\\n]+)$'''\n"
        'examples = ["BULLETIN from Nasser Kanaani: the embassy is closed until further notice"]\n'))
    ps = load_patterns([path])
    assert ps.frame("test.bulletin").kind == "regex"
    assert len(ps.frames) == len(PATTERNS.frames) + 1
    text = "BULLETIN from Nasser Kanaani: the embassy is closed until further notice"
    mine = [c for c in claimx.extract(text, patterns=[path]) if c.rule == "test.bulletin"]
    assert mine, _describe(claimx.extract(text, patterns=[path]))
    assert (mine[0].text, mine[0].speaker_text, mine[0].stance) == (
        "the embassy is closed until further notice", "Nasser Kanaani", "warn")
    assert not any(c.rule == "test.bulletin" for c in claimx.extract(text))


def test_a_registered_frame_kind_is_usable_by_name(tmp_path):
    """Frame kinds that need code register themselves by name; a pattern
    file may then use them like the built-in ones, parameters checked."""
    from claimx.matches import Match
    from claimx.registry import Param

    @frame_kinds.register("test.first-sentence", params={"min_words": Param(int, 3, 1, 50)})
    def first_sentence(ctx, frame, cues, prior):
        s = ctx.doc[0].sent
        if len(s) >= frame.params["min_words"]:
            yield Match(frame=frame, content=ctx.chars(s.start, s.end - 1), anonymous=True)

    try:
        path = _write(tmp_path, '[[frame]]\nid = "test.lede"\nkind = "test.first-sentence"\n'
                                'params = { min_words = 4 }\nexamples = ["The pier is closed today. Boats wait."]\n')
        claims = claimx.extract("The pier is closed today. Boats wait.", patterns=[path])
        assert [c.text for c in claims if c.rule == "test.lede"] == ["The pier is closed today"]
        bad = _write(tmp_path, '[[frame]]\nid = "test.lede2"\nkind = "test.first-sentence"\n'
                               'params = { min_word = 4 }\n', "bad.toml")
        (p,) = _problems([bad])
        assert (p.code, p.field) == ("P003", "params.min_word") and "did you mean 'min_words'" in p.message
    finally:
        frame_kinds._entries.pop("test.first-sentence", None)


# -- broken pattern files ----------------------------------------------------------

def _problems(paths) -> list:
    with pytest.raises(PatternError) as info:
        load_patterns([str(p) for p in paths])
    err = info.value
    assert err.problems, "PatternError must list its problems"
    for p in err.problems:
        assert str(p) in str(err)
    return err.problems


def _only(problems, code):
    hits = [p for p in problems if p.code == code]
    assert hits, f"no {code} among {[str(p) for p in problems]}"
    return hits


def test_missing_file_P001(tmp_path):
    path = tmp_path / "does-not-exist.toml"
    (p,) = _problems([path])
    assert p.code == "P001"
    assert p.file == str(path)


def test_bad_toml_P002(tmp_path):
    path = _write(tmp_path, '[class.speech]\noppose = ["deny", "reject"\n')
    (p,) = _problems([path])
    assert p.code == "P002"
    assert "TOML" in p.message
    assert p.line is not None


def test_unknown_section_P003_did_you_mean(tmp_path):
    path = _write(tmp_path, '[clas.speech]\noppose = ["gainsay"]\n')
    (p,) = _problems([path])
    assert p.code == "P003"
    assert "did you mean 'class'" in p.message
    assert p.line == 1


def test_unknown_frame_key_P003_did_you_mean(tmp_path):
    path = _write(tmp_path, '\n[[frame]]\nid = "test.typo"\nkind = "quote.trailing"\nexampels = ["He said so."]\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field, p.line) == ("P003", "test.typo", "exampels", 3)
    assert "did you mean 'examples'" in p.message


def test_unknown_key_in_section_P003(tmp_path):
    path = _write(tmp_path, '[titles]\nwordz = ["envoy"]\n')
    (p,) = _problems([path])
    assert (p.code, p.field) == ("P003", "titles.wordz")
    assert "did you mean 'words'" in p.message


def test_unknown_stance_label_in_a_class_P006(tmp_path):
    path = _write(tmp_path, '[class.speech]\nopose = ["gainsay"]\n')
    (p,) = _problems([path])
    assert (p.code, p.field, p.line) == ("P006", "class.speech.opose", 1)
    assert "did you mean 'oppose'" in p.message


def test_unknown_stance_on_a_frame_P006(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.stance"\nkind = "quote.trailing"\nstance = "angry"\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field) == ("P006", "test.stance", "stance")


def test_unknown_kind_finder_and_cutter_P007(tmp_path):
    path = _write(tmp_path, "\n".join([
        '[[frame]]', 'id = "test.kind"', 'kind = "quote.trailng"',
        '[[frame]]', 'id = "test.roles"',
        'pattern = [{ RIGHT_ID = "cue" }, { LEFT_ID = "cue", REL_OP = ">", RIGHT_ID = "content" }]',
        'speaker = { find = "subjekt" }', 'content = { cut = "clauses" }', ''
    ]))
    problems = _problems([path])
    found = {(p.frame, p.field): p.message for p in _only(problems, "P007")}
    assert "did you mean 'quote.trailing'" in found[("test.kind", "kind")]
    assert "did you mean 'subject'" in found[("test.roles", "speaker.find")]
    assert "did you mean 'clause'" in found[("test.roles", "content.cut")]


def test_bad_dependency_pattern_P015(tmp_path):
    path = _write(tmp_path, "\n".join([
        '[[frame]]', 'id = "test.dep"',
        'pattern = [',
        '  { RIGHT_ID = "cue", RIGHT_ATTRS = { POSS = "VERB" } },',
        '  { LEFT_ID = "nowhere", REL_OP = ">", RIGHT_ID = "content" },',
        '  { LEFT_ID = "cue", REL_OP = "=>", RIGHT_ID = "other" },',
        ']', ''
    ]))
    problems = _only(_problems([path]), "P015")
    text = " ".join(p.message for p in problems)
    assert "unknown token attribute 'POSS'" in text and "did you mean 'POS'" in text
    assert "LEFT_ID 'nowhere'" in text
    assert "REL_OP '=>'" in text
    assert all(p.frame == "test.dep" and p.field == "pattern" for p in problems)


def test_unknown_list_and_node_P017(tmp_path):
    path = _write(tmp_path, "\n".join([
        '[[frame]]', 'id = "test.links"',
        'pattern = [{ RIGHT_ID = "cue", RIGHT_ATTRS = { LEMMA = { IN = "$light_verb" } } },',
        '           { LEFT_ID = "cue", REL_OP = ">", RIGHT_ID = "content" }]',
        'speaker = { find = "subject", from = "verbb" }',
        '[class.mine]', 'pos = ["VERB"]', 'frames = ["claus"]', 'neutral = ["opine"]', ''
    ]))
    problems = _only(_problems([path]), "P017")
    msgs = {p.field: p.message for p in problems}
    assert "did you mean 'light_verbs'" in msgs["pattern"]
    assert "'verbb'" in msgs["speaker.from"]
    assert "did you mean 'clause'" in msgs["class.mine.frames"]


def test_params_checked_by_kind_P003_P005_P008(tmp_path):
    path = _write(tmp_path, "\n".join([
        '[[frame]]', 'id = "test.p1"', 'kind = "quote.trailing"', 'params = { windw = 10 }',
        '[[frame]]', 'id = "test.p2"', 'kind = "quote.trailing"', 'params = { window = "wide" }',
        '[[frame]]', 'id = "test.p3"', 'kind = "regex"', "pattern = '(?P<content>x)'", 'params = { timeout = -1 }',
        '[[frame]]', 'id = "test.p4"', 'kind = "regex"', "pattern = '(?P<content>x)'", 'params = { timeout = 60 }',
        '',
    ]))
    problems = _problems([path])
    by_frame = {p.frame: p for p in problems}
    assert by_frame["test.p1"].code == "P003" and "did you mean 'window'" in by_frame["test.p1"].message
    assert by_frame["test.p2"].code == "P005"
    assert by_frame["test.p3"].code == "P008" and "at least" in by_frame["test.p3"].message
    assert by_frame["test.p4"].code == "P008" and "at most" in by_frame["test.p4"].message


def test_invalid_regex_P009(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.badregex"\nkind = "regex"\npattern = \'(?P<content>[a-z\'\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field) == ("P009", "test.badregex", "pattern")


def test_regex_without_content_group_P011(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.nocontent"\nkind = "regex"\npattern = \'(?P<speaker>\\w+) said\'\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field) == ("P011", "test.nocontent", "pattern")


def test_duplicate_frame_id_within_file_P010(tmp_path):
    body = ('[[frame]]\nid = "test.twice"\nkind = "quote.label"\n\n'
            '[[frame]]\nid = "test.twice"\nkind = "quote.label"\n')
    path = _write(tmp_path, body)
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field, p.line) == ("P010", "test.twice", "id", 6)  # the duplicate's own line
    assert f"{path}:2" in p.message  # the first definition, with its line


def test_duplicate_of_core_frame_id_P010(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "clause"\nkind = "quote.label"\n')
    (p,) = _problems([path])
    assert (p.code, p.frame) == ("P010", "clause")
    assert "frames.toml" in p.message


def test_bad_confidence_P008(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.conf"\nkind = "quote.label"\nconfidence = 1.5\n')
    (p,) = _problems([path])
    assert p.code == "P008"


def test_missing_id_and_pattern_P004(tmp_path):
    path = _write(tmp_path, '[[frame]]\nkind = "quote.label"\n[[frame]]\nid = "test.nopattern"\n')
    problems = _only(_problems([path]), "P004")
    assert {p.field for p in problems} == {"id", "pattern"}


def test_every_problem_of_one_frame_is_listed(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.many"\nkind = "quote.trailing"\nconfidence = 1.5\n'
                            'params = 3\nstance = "angry"\n')
    codes = sorted(p.code for p in _problems([path]))
    assert codes == ["P005", "P006", "P008"]


def test_several_problems_in_one_file_all_listed(tmp_path):
    body = "\n".join([
        '[clas.speech]',                            # P003
        'oppose = ["gainsay"]',
        '[class.noun]',
        'opose = ["rebuttal"]',                     # P006
        '[[frame]]',
        'id = "test.a"',
        'kind = "no_such_kind"',                    # P007
        '[[frame]]',
        'id = "test.b"',
        'kind = "regex"',
        'pattern = \'(?P<speaker>\\w+)\'',          # P011
        '[[frame]]',
        'id = "test.c"',
        'kind = "regex"',
        'pattern = \'(\'',                          # P009
        '[[frame]]',
        'id = "clause"',                            # P010
        'kind = "quote.label"',
        '',
    ])
    path = _write(tmp_path, body)
    problems = _problems([path])
    codes = sorted(p.code for p in problems)
    assert codes == ["P003", "P006", "P007", "P009", "P010", "P011"], [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)
    assert _only(problems, "P007")[0].frame == "test.a"
    assert _only(problems, "P011")[0].frame == "test.b"
    assert _only(problems, "P009")[0].frame == "test.c"


def test_problems_across_several_files_all_listed(tmp_path):
    bad_toml = _write(tmp_path, "[class\n", "a.toml")
    bad_stance = _write(tmp_path, '[class.speech]\nwarm = ["fume"]\n', "b.toml")
    missing = tmp_path / "c.toml"
    problems = _problems([bad_toml, bad_stance, missing])
    assert [(p.code, Path(p.file).name) for p in problems] == [("P002", "a.toml"), ("P006", "b.toml"),
                                                                 ("P001", "c.toml")]


def test_wrong_types_P005(tmp_path):
    path = _write(tmp_path, "\n".join([
        '[class.speech]', 'neutral = "say"', 'frames = [1, 2]',
        '[[style]]', 'name = "odd"', 'open = 1', 'close = "x"',
        '[outlets]', '"Foo News" = [1, 2]',
        '[lists]', 'light_verbs = "give"',
        '',
    ]))
    fields = {p.field for p in _only(_problems([path]), "P005")}
    assert {"class.speech.neutral", "class.speech.frames", "style.open", "outlets.Foo News",
            "lists.light_verbs"} <= fields


def test_pattern_error_message_names_file_and_count(tmp_path):
    path = _write(tmp_path, '[class.speech]\nopose = ["gainsay"]\n[[frame]]\nid = "x"\nkind = "nope"\n')
    with pytest.raises(PatternError) as info:
        load_patterns([path])
    msg = str(info.value)
    assert msg.startswith("2 problems in claimx pattern files")
    assert str(path) in msg
    assert "[P006]" in msg and "[P007]" in msg
    assert isinstance(info.value, ValueError)


def test_broken_patterns_through_extract(tmp_path):
    path = _write(tmp_path, '[class.speech]\nopose = ["gainsay"]\n')
    with pytest.raises(PatternError):
        claimx.extract("He said so.", patterns=[path])


# -- where each problem is reported ---------------------------------------------------

def test_every_frame_problem_at_its_own_block(tmp_path):
    """The same id three times, the first two broken: each problem points at
    the frame that has it, and both later ones are duplicates."""
    path = _write(tmp_path, "\n".join([
        '# a frame "test.same" follows',        # 1: the id in a comment is no frame
        '[[frame]]',                           # 2
        'id = "test.same"',                    # 3
        'kind = "quote.label"',
        'confidence = 2',                      # P008 at 3
        '',
        '[[frame]]',                           # 7
        'kind = "quote.label"',
        'id = "test.same"',                    # 9: P005 and P010 at 9
        'nested = "yes"',
        '',
        '[[frame]]',                           # 12: no id, P004 at 12
        'kind = "quote.label"',
        '',
        '[[frame]]',                           # 15
        'id = "test.same"',                    # 16: P010 at 16
        'kind = "quote.label"',
        '',
    ]))
    problems = _problems([path])
    assert sorted((p.code, p.line) for p in problems) == [
        ("P004", 12), ("P005", 9), ("P008", 3), ("P010", 9), ("P010", 16)], [str(p) for p in problems]
    assert all(f"{path}:3" in p.message for p in problems if p.code == "P010")


def test_duplicate_of_a_broken_frame_is_reported(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.dup"\nkind = "nope"\n\n'
                            '[[frame]]\nid = "test.dup"\nkind = "quote.label"\n')
    problems = _problems([path])
    assert [(p.code, p.line) for p in problems] == [("P007", 2), ("P010", 6)]


def test_a_disabled_frame_may_be_redefined_once(tmp_path):
    path = _write(tmp_path, '[meta]\ndisable = ["quote.label"]\n\n[[frame]]\nid = "quote.label"\nkind = "quote.label"\n'
                            '\n[[frame]]\nid = "quote.label"\nkind = "quote.label"\n')
    (p,) = _problems([path])
    assert (p.code, p.line) == ("P010", 9)


def test_frames_written_inline_get_the_line_of_their_own_id(tmp_path):
    path = _write(tmp_path, 'frame = [\n  { id = "test.i", kind = "quote.label" },\n'
                            '  { id = "test.i", kind = "quote.label", confidence = 3 },\n]\n')
    problems = _problems([path])
    assert sorted((p.code, p.line) for p in problems) == [("P008", 3), ("P010", 3)]


def test_frame_lines_skip_headers_inside_multiline_strings(tmp_path):
    path = _write(tmp_path, "[[frame]]\nid = \"test.m1\"\nkind = \"quote.label\"\ndescription = '''\n[[frame]]\n'''\n"
                            "[[frame]]\nid = \"test.m2\"\nkind = \"nope\"\n")
    (p,) = _problems([path])
    assert (p.code, p.frame, p.line) == ("P007", "test.m2", 8)


def test_toml_syntax_error_at_its_line(tmp_path):
    path = _write(tmp_path, '[class.speech]\nneutral = ["opine"]\n\nassert = ["aver" "avow"]\n')
    (p,) = _problems([path])
    assert (p.code, p.line) == ("P002", 4)


def test_extends_cycle_at_its_extends_line(tmp_path):
    folder = tmp_path / "loop"
    folder.mkdir()
    a = _write(folder, '# first\n[meta]\nname = "a"\nextends = "b"\n', "a.toml")
    _write(folder, '[meta]\nextends = "a"\n', "b.toml")
    (p,) = _problems([a])
    assert (p.code, p.file, p.line) == ("P013", str(a), 4)


def test_style_problems_at_their_block(tmp_path):
    path = _write(tmp_path, '[[style]]\nname = "a"\nopen = "<"\nclose = ">"\n\n[[style]]\nname = "b"\n'
                            'open = 1\nclose = ">"\n\n[[style]]\nopen = "<"\n')
    problems = _problems([path])
    assert sorted((p.code, p.field, p.line) for p in problems) == [
        ("P004", "style.close", 11), ("P004", "style.name", 11), ("P005", "style.open", 8)]


# -- every problem of a frame ---------------------------------------------------------

def test_bad_params_and_bad_pattern_both_listed(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.all"\nkind = "regex"\npattern = \'(?P<speaker>\\w+)\'\n'
                            'params = { timeout = 60, tiemout = 1 }\nconfidence = -1\nspeakr = "x"\n')
    problems = _problems([path])
    assert sorted((p.code, p.field) for p in problems) == [
        ("P003", "params.tiemout"), ("P003", "speakr"), ("P008", "confidence"), ("P008", "params.timeout"),
        ("P011", "pattern")], [str(p) for p in problems]
    assert {p.line for p in problems} == {2}


def test_no_node_problems_from_a_broken_pattern(tmp_path):
    """A node the broken pattern failed to define is not reported again as
    missing from `content` and `cue`."""
    path = _write(tmp_path, '[[frame]]\nid = "test.nodes"\n'
                            'pattern = [{ RIGHT_ID = "cue" },\n'
                            '           { LEFT_ID = "cue", REL_OP = "=>", RIGHT_ID = "content" }]\n'
                            'content = { cut = "clause", nodes = ["content"] }\ncue = ["content"]\n')
    problems = _problems([path])
    assert [p.code for p in problems] == ["P015"], [str(p) for p in problems]


# -- values the loader once let through or crashed on -------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "1" + "0" * 400])
def test_regex_timeout_must_be_finite_P005_P008(tmp_path, value):
    path = _write(tmp_path, f'[[frame]]\nid = "test.t"\nkind = "regex"\npattern = \'(?P<content>x)\'\n'
                            f'params = {{ timeout = {value} }}\n')
    (p,) = _problems([path])
    assert p.field == "params.timeout" and "finite" in p.message


def test_integer_too_long_for_python_P002(tmp_path):
    path = _write(tmp_path, "[[frame]]\nid = \"test.big\"\nconfidence = " + "9" * 5000 + "\n")
    (p,) = _problems([path])
    assert p.code == "P002"


def test_nesting_too_deep_P002(tmp_path):
    path = _write(tmp_path, "x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    (p,) = _problems([path])
    assert p.code == "P002" and "nested" in p.message


@pytest.mark.parametrize("name", ["a" * 5000, "a\\u0000b", "../../etc/passwd"])
def test_extends_any_string_P014(tmp_path, name):
    path = _write(tmp_path, f'[meta]\nextends = "{name}"\n')
    (p,) = _problems([path])
    assert (p.code, p.line) == ("P014", 2)


def test_blank_outlet_alias_P005(tmp_path):
    path = _write(tmp_path, '[outlets]\n"Harbour Radio" = ["HR", " "]\n')
    (p,) = _problems([path])
    assert (p.code, p.field, p.line) == ("P005", "outlets.Harbour Radio", 2)


@pytest.mark.parametrize("token, why", [
    ('{ LOWER = { REGEX = "(" } }', "unterminated subpattern"),
    ('{ _ = { no_such_extension = true } }', "no registered extension"),
])
def test_token_pattern_spacy_would_refuse_P015(tmp_path, token, why):
    path = _write(tmp_path, f'[[frame]]\nid = "test.tok"\nkind = "tokens"\npattern = [[{token}]]\n')
    (p,) = _problems([path])
    assert p.code == "P015" and why in p.message


def test_tokens_frame_may_name_its_speaker_finder(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.tokspeaker"\nkind = "tokens"\n'
                            'pattern = [[{ LOWER = "grumbled" }]]\nspeaker = { find = "subject", from = "cue" }\n')
    assert load_patterns([path]).frame("test.tokspeaker").speaker.find == "subject"


# -- the regex time budget of a document ------------------------------------------------

def test_regex_frames_share_one_budget_per_document(tmp_path, monkeypatch, nlp):
    import time
    import warnings

    from claimx import text_frames

    slow = "".join(f'[[frame]]\nid = "test.slow{k}"\nkind = "regex"\npattern = \'(?P<content>(a+)+$)\'\n'
                   'params = { timeout = 1.0 }\n\n' for k in range(1, 5))
    path = _write(tmp_path, slow)
    claimx.extract("Nothing here.", patterns=[path])  # builds the extractor
    monkeypatch.setattr(text_frames, "MAX_REGEX_SECONDS_PER_DOC", 0.3)
    doc = nlp("a" * 5000 + "b")
    for _ in range(2):  # the budget is the document's: the second one has its own
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            claimx.extract(doc, patterns=[path])
            took = time.perf_counter() - start
        messages = [str(w.message) for w in caught if issubclass(w.category, text_frames.RuleTimeoutWarning)]
        (spent,) = [m for m in messages if "used up" in m]
        assert "test.slow1" in spent and all(f"test.slow{k}" in spent for k in (2, 3, 4)), messages
        assert len(messages) == 1
        assert took < 3.0  # four frames of 1 s each, held to 0.3 s together
