"""Outlet profiles (patterns/outlets/*.toml): what each bundled profile
changes on text in its outlet's style, their rules' examples, overlays that
`extends` and `disable`, the loader's profile errors (P012-P015), third-party
packs through the `claimx.patterns` entry-point group, the regex time limit,
and the `claimx patterns ...` commands.

Core rules and the file errors P001-P011 are covered in test_patterns.py.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import os
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

import claimx
from claimx import PatternError
from claimx.text_frames import RuleTimeoutWarning
from claimx.patterns import available_outlets, bundled_patterns_dir, load_patterns

REPO = Path(__file__).resolve().parent.parent
OUTLETS_DIR = bundled_patterns_dir() / "outlets"
BUNDLED = ("aljazeera", "ap", "bbc", "guardian", "presstv", "reuters", "voa", "wikinews")


def _describe(claims) -> str:
    return "; ".join(f"{c.rule}: {c.text!r} (speaker {c.speaker_text!r}, via {c.via!r})" for c in claims) or "no claims"


def _find(claims, fragment: str):
    """The one claim whose text contains `fragment`."""
    hits = [c for c in claims if fragment in c.text]
    assert len(hits) == 1, f"{len(hits)} claims contain {fragment!r}: {_describe(claims)}"
    return hits[0]


def _write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# The bundled profiles
# ---------------------------------------------------------------------------

def test_bundled_profiles_available():
    assert set(BUNDLED) <= set(available_outlets())
    assert {p.stem for p in OUTLETS_DIR.glob("*.toml")} == set(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_profile_meta_is_complete(name):
    data = tomllib.loads((OUTLETS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    meta = data["meta"]
    assert meta["name"] == name
    assert meta.get("description")
    ps = load_patterns(outlet=name)
    assert ps.profile == name
    assert ps.author == meta["outlet"]
    # The author is a known outlet, so mentions of it are recognised (and dropped as via).
    assert meta["outlet"] in set(ps.outlet_aliases.values())
    assert str(OUTLETS_DIR / f"{name}.toml") in ps.files


def test_outlet_name_is_matched_loosely_and_a_plain_outlet_only_names_the_author():
    assert load_patterns(outlet="Press TV").profile == "presstv"
    assert load_patterns(outlet="AP").profile == "ap"
    cnn = load_patterns(outlet="CNN")  # no profile: the core rules, CNN as author
    assert cnn.profile is None and cnn.author == "CNN"
    assert [r.id for r in cnn.frames] == [r.id for r in load_patterns().frames]
    claims = claimx.extract("The senator told CNN that the bill would pass.", outlet="cnn")
    assert _find(claims, "the bill would pass").via is None
    assert _find(claimx.extract("The senator told CNN that the bill would pass."), "the bill would pass").via == "CNN"


# Passages in each outlet's style. For each claim (found by a fragment of its
# text): the via without any outlet, and the via with the outlet's profile.
# The outlet a text comes from is never the via of its own claims.
STYLE_CASES = {
    "presstv": (
        "Iran will not negotiate under pressure, Foreign Minister Abbas Araghchi said on Monday.\n"
        "“We will not negotiate under threats,” Araghchi told Press TV on the sidelines of the summit.\n"
        "Government spokeswoman Fatemeh Mohajerani told the Islamic Republic of Iran Broadcasting that fuel "
        "prices would not rise.\n"
        "Hezbollah chief Naim Qassem told Al Mayadeen that the resistance would not disarm.",
        [
            ("We will not negotiate under threats", "Press TV", None),
            # Core reads the whole name through "of"; the profile knows it as IRIB.
            ("fuel prices would not rise", "Islamic Republic of Iran Broadcasting", "IRIB"),
            # Al Mayadeen is known only to the profile.
            ("the resistance would not disarm", None, "Al Mayadeen"),
        ],
    ),
    "reuters": (
        "The bank will cut about 500 jobs in its investment division, two people familiar with the matter "
        "told Reuters on Tuesday.\n"
        "“The decision has been made,” one of the sources told Reuters, speaking on condition of anonymity.\n"
        "A spokesperson for the bank told Bloomberg that it does not comment on rumours.",
        [
            ("The bank will cut about 500 jobs", "Reuters", None),
            ("The decision has been made", "Reuters", None),
            ("it does not comment on rumours", "Bloomberg", "Bloomberg"),  # another outlet stays a via
        ],
    ),
    "ap": (
        "“The fire is under control,” Fire Chief Tom Alvarez told The Associated Press.\n"
        "“We will rebuild this town, brick by brick.” — Mayor Jane Doe, at a town hall meeting.",
        [("The fire is under control", "Associated Press", None)],
    ),
    "bbc": (
        "The health secretary said the NHS was facing a difficult winter.\n"
        "'We are doing everything we can to cut waiting lists,' he told the BBC.\n"
        "He told BBC Radio 4's Today programme that strikes would not change the government's position.",
        [
            ("We are doing everything we can", "BBC", None),
            # Without the profile the programme is read in full; the profile maps it to the BBC, the author.
            ("strikes would not change", "BBC Radio 4", None),
            ("the NHS was facing a difficult winter", None, None),
        ],
    ),
    "guardian": (
        "Local councils say they were never consulted about the plans.\n"
        "'It is a disgrace,' the council leader told the Guardian.\n"
        "A government spokesperson told the Guardian that the consultation had been thorough.",
        [
            ("It is a disgrace", "The Guardian", None),
            ("the consultation had been thorough", "The Guardian", None),
        ],
    ),
    "aljazeera": (
        "Hospitals in northern Gaza are running out of fuel.\n"
        "“The hospital has no fuel left for the generators,” a doctor at al-Shifa told Al Jazeera.\n"
        "The spokesman told Al Jazeera that the ceasefire had collapsed.",
        [
            ("The hospital has no fuel left", "Al Jazeera", None),
            ("the ceasefire had collapsed", "Al Jazeera", None),
        ],
    ),
    "voa": (
        "Opposition activists say the vote was marred by fraud.\n"
        "One activist told VOA's Persian Service that the elections were rigged.\n"
        "“People are afraid to speak,” she told VOA.",
        [
            ("the elections were rigged", "VOA", None),
            ("People are afraid to speak", "VOA", None),
        ],
    ),
    "wikinews": (
        "The tanker has not been seen since December.\n"
        "A maritime analyst told Wikinews the ship may have been hijacked.\n"
        "“It is rather difficult to tell what happened out there,” he told Wikinews.",
        [
            ("the ship may have been hijacked", "Wikinews", None),
            ("It is rather difficult to tell", "Wikinews", None),
        ],
    ),
}


@pytest.mark.parametrize("name", BUNDLED)
def test_profile_helps_on_text_in_its_style(name):
    text, expected = STYLE_CASES[name]
    plain = claimx.extract(text)
    styled = claimx.extract(text, outlet=name)
    for fragment, via_plain, via_styled in expected:
        a, b = _find(plain, fragment), _find(styled, fragment)
        assert a.via == via_plain, f"without a profile: {_describe(plain)}"
        assert b.via == via_styled, f"with outlet={name!r}: {_describe(styled)}"
        # Only the via changes: same words, same speaker.
        assert (a.text, a.speaker_text, a.kind) == (b.text, b.speaker_text, b.kind)
    author = load_patterns(outlet=name).author
    assert author in [c.via for c in plain], _describe(plain)
    assert author not in [c.via for c in styled], _describe(styled)


def test_dash_signature_in_the_core_set_and_ap_replaces_it():
    text, _ = STYLE_CASES["ap"]
    fragment = "We will rebuild this town, brick by brick"
    plain = _find(claimx.extract(text), fragment)
    # The core set reads a signature that ends its line (letters, posts, wire copy) ...
    assert (plain.rule, plain.kind, plain.speaker_name) == ("quote.signature", "direct", "Jane Doe")
    # ... and the AP profile replaces it with its own frame, which also reads one inside a line.
    c = _find(claimx.extract(text, outlet="ap"), fragment)
    assert c.rule == "ap.dash-attribution"
    assert c.kind == "direct"
    assert c.speaker_name == "Jane Doe"
    assert c.pattern_file == "outlets/ap.toml"
    inline = "“The pier is shut.” — Marta Ruiz, who runs the port, spoke to the crews on Friday at dawn."
    assert "quote.signature" in [x.rule for x in claimx.extract(inline)]  # to the line's end, after a comma
    mid = "A note hung on the gate. “The pier is shut for repairs.” — Marta Ruiz. The ferry left at noon."
    assert not [x for x in claimx.extract(mid) if x.rule == "quote.signature"]
    assert [x for x in claimx.extract(mid, outlet="ap") if x.rule == "ap.dash-attribution"]


def test_presstv_quoted_by_agency_gives_the_agency_as_via():
    text = "Foreign Minister Abbas Araghchi was quoted by Tasnim as saying that Tehran would not negotiate under pressure."
    c = _find(claimx.extract(text, outlet="presstv"), "Tehran would not negotiate")
    assert c.rule == "presstv.quoted-by-agency"
    assert c.speaker_name == "Abbas Araghchi"
    assert c.via == "Tasnim"
    assert c.pattern_file == "outlets/presstv.toml"
    assert "presstv.quoted-by-agency" not in [c.rule for c in claimx.extract(text)]


# -- every rule of every profile: examples and counterexamples ---------------------

def _profile_params(kind: str):
    for name in BUNDLED:
        for rule in load_patterns(outlet=name).frames:
            for ex in getattr(rule, kind):
                yield pytest.param(name, rule.id, ex, id=f"{name}:{rule.id}:{ex[:30]}")


@pytest.mark.parametrize("name, rule_id, example", list(_profile_params("examples")))
def test_profile_rule_example_yields_claim_from_rule(name, rule_id, example):
    claims = claimx.extract(example, outlet=name)
    mine = [c for c in claims if c.rule == rule_id]
    assert mine, f"{rule_id} under outlet={name!r} produced nothing; got {_describe(claims)}"
    own = load_patterns(outlet=name).frame(rule_id).file
    if Path(own).parent == OUTLETS_DIR:
        assert all(c.pattern_file == f"outlets/{name}.toml" for c in mine)


@pytest.mark.parametrize("name, rule_id, example", list(_profile_params("counterexamples")))
def test_profile_rule_counterexample_yields_no_claim_from_rule(name, rule_id, example):
    claims = claimx.extract(example, outlet=name)
    assert not [c for c in claims if c.rule == rule_id], f"{rule_id} fired on a counterexample: {_describe(claims)}"


def test_profile_rules_have_examples_and_prefixed_ids():
    for name in BUNDLED:
        own = [r for r in load_patterns(outlet=name).frames if Path(r.file).parent == OUTLETS_DIR]
        for r in own:
            assert r.examples, f"{r.id} has no examples"
            assert r.id.startswith(name + "."), r.id
    assert load_patterns(outlet="ap").frame("ap.dash-attribution").counterexamples


# ---------------------------------------------------------------------------
# Overlays: a user profile that extends a bundled one
# ---------------------------------------------------------------------------

OVERLAY = """\
[meta]
name = "myap"
extends = "ap"
disable = ["ap.dash-attribution", "adverb"]
description = "AP with a local bulletin format"

[class.speech]
warn = ["forewarn"]   # a new cue verb
hedge = ["predict"]   # moved from neutral

[[frame]]
id = "myap.bulletin"
kind = "regex"
confidence = 0.99
stance = "warn"
pattern = '''^BULLETIN from (?P<speaker>[A-Z][a-z]+ [A-Z][a-z]+): (?P<content>[^\\n]+)$'''
examples = ["BULLETIN from Jane Doe: the bridge is closed until further notice"]
"""
DASH = "“We will rebuild this town, brick by brick.” — Mayor Jane Doe, at a town hall meeting."
REPORTEDLY = "The suspect reportedly fled the country on Monday."


@pytest.fixture()
def overlay(tmp_path) -> Path:
    return _write(tmp_path / "profiles", "myap.toml", OVERLAY)


def test_overlay_merges_over_its_base(overlay):
    ps = load_patterns([overlay])
    ids = [r.id for r in ps.frames]
    assert ps.author == "Associated Press"  # inherited from ap's [meta] outlet
    assert "myap.bulletin" in ids and ids[-1] == "myap.bulletin"  # rules append
    assert "ap.dash-attribution" not in ids and "adverb" not in ids
    assert "clause" in ids
    assert ps.files[-2:] == (str(OUTLETS_DIR / "ap.toml"), str(overlay))
    speech = lambda p: {e.words[0]: e.stance for e in p.cues if e.cls == "speech"}
    assert speech(ps)["forewarn"] == "warn"
    assert speech(ps)["predict"] == "hedge"
    assert speech(load_patterns())["predict"] == "neutral"


def test_overlay_lexicon_adds_a_cue_and_moves_a_stance(overlay):
    new = "The minister forewarned that prices would rise."
    assert not claimx.extract(new)
    c = _find(claimx.extract(new, patterns=[overlay]), "prices would rise")
    assert (c.stance, c.cue_lemma) == ("warn", "forewarn")

    moved = "The minister predicted that prices would rise."
    assert _find(claimx.extract(moved), "prices would rise").stance == "neutral"
    assert _find(claimx.extract(moved, patterns=[overlay]), "prices would rise").stance == "hedge"


def test_overlay_rule_fires_and_disabled_rules_do_not(overlay):
    bulletin = "BULLETIN from Jane Doe: the bridge is closed until further notice"
    c = _find(claimx.extract(bulletin, patterns=[overlay]), "the bridge is closed")
    assert (c.rule, c.stance, c.speaker_text) == ("myap.bulletin", "warn", "Jane Doe")
    assert c.pattern_file == "myap.toml"
    assert not [c for c in claimx.extract(bulletin) if c.rule == "myap.bulletin"]

    assert "ap.dash-attribution" in [c.rule for c in claimx.extract(DASH, outlet="ap")]
    assert "ap.dash-attribution" not in [c.rule for c in claimx.extract(DASH, patterns=[overlay])]
    assert "adverb" in [c.rule for c in claimx.extract(REPORTEDLY)]
    assert "adverb" not in [c.rule for c in claimx.extract(REPORTEDLY, patterns=[overlay])]
    # The author inherited from ap is still no via.
    told = "The chief told The Associated Press that the fire was under control."
    assert _find(claimx.extract(told, patterns=[overlay]), "the fire was under control").via is None


def test_overlay_with_its_base_chosen_as_outlet_loads_the_base_once(overlay):
    ps = load_patterns([overlay], outlet="ap")
    assert ps.profile == "ap"
    assert ps.files.count(str(OUTLETS_DIR / "ap.toml")) == 1
    assert "ap.dash-attribution" not in [r.id for r in ps.frames]


def test_disabled_rule_can_be_replaced_under_its_own_id(tmp_path):
    path = _write(tmp_path, "replace.toml", """\
[meta]
extends = "ap"
disable = ["ap.dash-attribution"]

[[frame]]
id = "ap.dash-attribution"
kind = "regex"
confidence = 0.9
pattern = '''^[“"](?P<content>[^”"\\n]+)[”"] -- (?P<speaker>[A-Z][\\w ]+)$'''
examples = ["“We will rebuild.” -- Jane Doe"]
""")
    ps = load_patterns([path])
    assert ps.frame("ap.dash-attribution").file == str(path)
    c = _find(claimx.extract("“We will rebuild the bridge.” -- Jane Doe", patterns=[path]), "We will rebuild")
    assert c.rule == "ap.dash-attribution" and c.pattern_file == "replace.toml"


def test_merged_pattern_set_is_immutable(overlay):
    ps = load_patterns([overlay])
    assert isinstance(ps.frames, tuple)
    for mapping in (ps.classes, ps.lists, ps.not_claims, ps.blockers, ps.outlet_aliases, ps.channel_verbs,
                    ps.pronouns, ps.kind_words):
        with pytest.raises(TypeError):
            mapping["forewarn"] = "neutral"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ps.author = "Reuters"  # type: ignore[misc]
    rule = ps.frame("myap.bulletin")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.confidence = 0.1  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.params["timeout"] = 5  # type: ignore[index]
    with pytest.raises(AttributeError):
        ps.frames.append(rule)  # type: ignore[attr-defined]
    assert isinstance(ps.lists["light_verbs"], frozenset)
    assert isinstance(ps.cues, tuple) and isinstance(ps.classes["speech"].frames, tuple)


def test_loading_twice_gives_the_cached_object(overlay):
    a = load_patterns([overlay])
    assert load_patterns([overlay]) is a
    assert load_patterns([str(overlay)]) is a
    assert load_patterns(outlet="ap") is load_patterns(outlet="ap")
    assert load_patterns([overlay], outlet="ap") is not a


def test_core_and_base_profile_untouched_after_an_overlay(overlay):
    core_before = load_patterns()
    ids_before = [r.id for r in core_before.frames]
    load_patterns([overlay])
    claimx.extract(REPORTEDLY, patterns=[overlay])
    core = load_patterns()
    assert core is core_before
    assert [r.id for r in core.frames] == ids_before
    assert "adverb" in [r.id for r in core.frames]
    speech = {e.words[0]: e.stance for e in core.cues if e.cls == "speech"}
    assert "forewarn" not in speech and speech["predict"] == "neutral"
    assert "ap.dash-attribution" in [r.id for r in load_patterns(outlet="ap").frames]
    assert "adverb" in [c.rule for c in claimx.extract(REPORTEDLY)]
    assert "ap.dash-attribution" in [c.rule for c in claimx.extract(DASH, outlet="ap")]


def test_overlay_extending_core_explicitly(tmp_path):
    path = _write(tmp_path, "plain.toml", '[meta]\nextends = "core"\noutlet = "Harbour Gazette"\n')
    ps = load_patterns([path])
    assert ps.author == "Harbour Gazette"
    assert [r.id for r in ps.frames] == [r.id for r in load_patterns().frames]
    text = "Mayor Ann Lee told the Harbour Gazette that the bridge would reopen in May."
    assert _find(claimx.extract(text), "the bridge would reopen").via == "Harbour Gazette"
    assert _find(claimx.extract(text, patterns=[path]), "the bridge would reopen").via is None


# ---------------------------------------------------------------------------
# Profile errors: P012-P015 (P001-P011 are in test_patterns.py)
# ---------------------------------------------------------------------------

def _problems(paths) -> list:
    with pytest.raises(PatternError) as info:
        load_patterns([str(p) for p in paths])
    err = info.value
    assert err.problems
    for p in err.problems:
        assert str(p) in str(err)
    return err.problems


def test_disable_unknown_frame_P012(tmp_path):
    path = _write(tmp_path, "p012.toml", '[meta]\nextends = "ap"\ndisable = ["ap.dash-atribution"]\n')
    (p,) = _problems([path])
    assert p.code == "P012"
    assert p.file == str(path)
    assert p.frame == "ap.dash-atribution"
    assert p.field == "meta.disable"
    assert p.line == 3
    assert "did you mean 'ap.dash-attribution'" in p.message
    assert str(p).startswith(f"[P012] {path}:3, frame 'ap.dash-atribution', field 'meta.disable': ")


def test_disable_a_frame_of_a_profile_not_extended_P012(tmp_path):
    # ap.dash-attribution exists, but only in ap: a file extending core cannot disable it.
    path = _write(tmp_path, "p012b.toml", '[meta]\ndisable = ["ap.dash-attribution"]\n')
    (p,) = _problems([path])
    assert (p.code, p.frame) == ("P012", "ap.dash-attribution")


def test_extends_cycle_P013(tmp_path):
    folder = tmp_path / "cycle"
    a = _write(folder, "alpha.toml", '[meta]\nextends = "beta"\n')
    b = _write(folder, "beta.toml", '[meta]\nextends = "alpha"\n')
    (p,) = _problems([a])
    assert p.code == "P013"
    assert p.file == str(a)
    assert p.field == "meta.extends"
    assert p.frame is None
    assert "alpha.toml -> beta.toml -> alpha.toml" in p.message
    assert str(a) in str(p)
    (q,) = _problems([b])
    assert q.code == "P013" and "beta.toml -> alpha.toml -> beta.toml" in q.message


def test_extends_self_P013(tmp_path):
    path = _write(tmp_path / "self", "selfish.toml", '[meta]\nextends = "selfish"\n')
    (p,) = _problems([path])
    assert p.code == "P013" and "selfish.toml -> selfish.toml" in p.message


def test_extends_unknown_profile_P014(tmp_path):
    path = _write(tmp_path, "p014.toml", '# a typo\n[meta]\nextends = "presstvv"\n')
    (p,) = _problems([path])
    assert p.code == "P014"
    assert p.file == str(path)
    assert p.field == "meta.extends"
    assert p.frame is None
    assert p.line == 3
    assert "'presstvv'" in p.message
    assert "did you mean 'presstv'" in p.message
    assert str(p).startswith(f"[P014] {path}:3, field 'meta.extends': ")


def test_invalid_token_pattern_P015(tmp_path):
    path = _write(tmp_path, "p015.toml", '[[frame]]\nid = "test.tokens"\nkind = "tokens"\n'
                                         'pattern = [[{LOWR = "said"}]]\n')
    (p,) = _problems([path])
    assert p.code == "P015"
    assert p.file == str(path)
    assert p.frame == "test.tokens"
    assert p.field == "pattern"
    assert "LOWR" in p.message
    assert str(path) in str(p)


def test_token_pattern_of_wrong_shape_P015(tmp_path):
    # One list of token dicts, not a list of alternatives.
    path = _write(tmp_path, "p015b.toml", '[[frame]]\nid = "test.shape"\nkind = "tokens"\n'
                                          'pattern = [{LOWER = "said"}]\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field) == ("P015", "test.shape", "pattern")
    assert "list of token-pattern lists" in p.message


def test_valid_token_pattern_rule_runs(tmp_path):
    path = _write(tmp_path, "tokens.toml", """\
[[frame]]
id = "test.said-in-statement"
kind = "tokens"
confidence = 0.97
stance = "assert"
pattern = [[{LEMMA = "say"}, {LOWER = "in"}, {LOWER = "a"}, {LOWER = {IN = ["statement", "communique"]}}]]
params = { lemma = "say in a statement" }
examples = ["The ministry said in a statement that the border would reopen."]
""")
    rule = load_patterns([path]).frame("test.said-in-statement")
    assert rule.kind == "tokens" and isinstance(rule.pattern, tuple)
    for text, fragment, kind in [
        ("The ministry said in a statement: “The border will reopen next week.”", "The border will reopen", "direct"),
        ("The ministry said in a communique on Monday that the border would reopen.", "the border would", "indirect"),
    ]:
        c = _find(claimx.extract(text, patterns=[path]), fragment)
        assert (c.rule, c.stance, c.cue_lemma, c.kind) == ("test.said-in-statement", "assert", "say in a statement",
                                                           kind)
        assert c.speaker_text == "The ministry"
        assert c.cue_text.startswith("said in a ")


def test_unknown_meta_key_P003(tmp_path):
    path = _write(tmp_path, "meta.toml", '[meta]\nextend = "ap"\n')
    (p,) = _problems([path])
    assert (p.code, p.field) == ("P003", "meta.extend")
    assert "did you mean 'extends'" in p.message


def test_several_profile_problems_in_one_file_all_listed(tmp_path):
    path = _write(tmp_path, "many.toml", "\n".join([
        '[meta]',
        'extends = "reuterz"',                       # P014
        'disable = ["clauze"]',                 # P012
        'descripton = "typo"',                       # P003
        '[[frame]]',
        'id = "many.tokens"',
        'kind = "tokens"',
        'pattern = [[{LOWR = "said"}]]',             # P015
        '[[frame]]',
        'id = "many.regex"',
        'kind = "regex"',
        "pattern = '(?P<speaker>\\w+)'",            # P011
        '',
    ]))
    problems = _problems([path])
    assert sorted(p.code for p in problems) == ["P003", "P011", "P012", "P014", "P015"], [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)
    by_code = {p.code: p for p in problems}
    assert "did you mean 'reuters'" in by_code["P014"].message
    assert by_code["P012"].frame == "clauze"
    assert by_code["P015"].frame == "many.tokens"
    assert by_code["P011"].frame == "many.regex"


def test_problems_in_a_base_and_its_overlay_all_listed(tmp_path):
    folder = tmp_path / "chain"
    base = _write(folder, "base.toml", '[[frame]]\nid = "base.tokens"\nkind = "tokens"\n'
                                       'pattern = [[{LOWR = "said"}]]\n')
    top = _write(folder, "top.toml", '[meta]\nextends = "base"\ndisable = ["base.nothing"]\n')
    problems = _problems([top])
    assert sorted((p.code, p.file) for p in problems) == [("P012", str(top)), ("P015", str(base))]


# ---------------------------------------------------------------------------
# Third-party packs: the `claimx.patterns` entry-point group
# ---------------------------------------------------------------------------

PACK_PROFILE = """\
[meta]
name = "harbour"
outlet = "Harbour Gazette"
description = "The Harbour Gazette: a test pack profile"

[[frame]]
id = "harbour.flash"
kind = "regex"
confidence = 0.95
pattern = '''^FLASH: (?P<speaker>[A-Z][a-z]+ [A-Z][a-z]+) says (?P<content>[^\\n]+)$'''
examples = ["FLASH: Ann Lee says the ferry will run all winter"]
"""
PACK_TEXT = "Mayor Ann Lee told the Harbour Gazette that the bridge would reopen in May."


def _install_pack(monkeypatch, root: Path, dist: str, module: str, entry_points: str, files: dict) -> None:
    """A fake installed distribution: `<dist>-0.1.dist-info` with the given
    entry_points.txt, plus `<module>.py` and pattern folders, on sys.path."""
    (root / f"{dist}-0.1.dist-info").mkdir(parents=True)
    (root / f"{dist}-0.1.dist-info" / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    (root / f"{dist}-0.1.dist-info" / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    (root / f"{module}.py").write_text(
        "from pathlib import Path\n"
        "HERE = Path(__file__).resolve().parent\n"
        f"PATTERNS_DIR = str(HERE / '{module}_patterns')\n"
        f"def patterns_dir():\n    return HERE / '{module}_more'\n",
        encoding="utf-8")
    for rel, body in files.items():
        _write(root / Path(rel).parent, Path(rel).name, body)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, module, raising=False)
    importlib.invalidate_caches()


@pytest.fixture()
def pack(tmp_path, monkeypatch):
    module = "claimx_testpack_mod"
    _install_pack(
        monkeypatch, tmp_path / "site", "claimx_testpack", module,
        "[claimx.patterns]\n"
        f"testpack = {module}:PATTERNS_DIR\n"
        f"testpack_more = {module}:patterns_dir\n",
        {
            f"{module}_patterns/harbour.toml": PACK_PROFILE,
            # A pack profile may extend a bundled one.
            f"{module}_more/harbourwire.toml": '[meta]\nname = "harbourwire"\nextends = "ap"\n'
                                               'outlet = "Harbour Wire"\n',
        },
    )
    yield tmp_path / "site"
    sys.modules.pop(module, None)
    importlib.invalidate_caches()


def test_pack_profiles_are_listed(pack):
    names = available_outlets()
    assert "harbour" in names  # a folder path as a string
    assert "harbourwire" in names  # a callable returning a Path
    assert set(BUNDLED) <= set(names)


def test_pack_profile_is_used_by_extract(pack):
    ps = load_patterns(outlet="harbour")
    assert ps.profile == "harbour" and ps.author == "Harbour Gazette"
    assert ps.frame("harbour.flash").file == str(pack / "claimx_testpack_mod_patterns" / "harbour.toml")
    assert _find(claimx.extract(PACK_TEXT), "the bridge would reopen").via == "Harbour Gazette"
    assert _find(claimx.extract(PACK_TEXT, outlet="harbour"), "the bridge would reopen").via is None
    c = _find(claimx.extract("FLASH: Ann Lee says the ferry will run all winter", outlet="harbour"), "the ferry")
    assert (c.rule, c.speaker_text, c.pattern_file) == ("harbour.flash", "Ann Lee", "harbour.toml")


def test_pack_profile_extending_a_bundled_one(pack):
    ps = load_patterns(outlet="harbourwire")
    assert ps.author == "Harbour Wire"
    assert "ap.dash-attribution" in [r.id for r in ps.frames]
    assert "ap.dash-attribution" in [c.rule for c in claimx.extract(DASH, outlet="harbourwire")]


def test_user_file_may_extend_a_pack_profile(pack, tmp_path):
    path = _write(tmp_path / "mine", "mine.toml", '[meta]\nextends = "harbour"\ndisable = ["harbour.flash"]\n')
    ps = load_patterns([path])
    assert ps.author == "Harbour Gazette"
    assert "harbour.flash" not in [r.id for r in ps.frames]


def test_pack_gone_when_uninstalled(tmp_path, monkeypatch):
    with monkeypatch.context() as m:
        _install_pack(m, tmp_path / "site", "claimx_gonepack", "claimx_gonepack_mod",
                      "[claimx.patterns]\ngonepack = claimx_gonepack_mod:PATTERNS_DIR\n",
                      {"claimx_gonepack_mod_patterns/gone.toml": '[meta]\nname = "gone"\noutlet = "Gone Daily"\n'})
        assert "gone" in available_outlets()
    sys.modules.pop("claimx_gonepack_mod", None)
    importlib.invalidate_caches()
    assert "gone" not in available_outlets()


def test_broken_pack_warns_and_hides_no_other_pack(pack, tmp_path, monkeypatch):
    _install_pack(monkeypatch, tmp_path / "site2", "claimx_brokenpack", "claimx_brokenpack_mod",
                  "[claimx.patterns]\nbroken = claimx_no_such_module_xyz:PATTERNS_DIR\n", {})
    with pytest.warns(UserWarning, match="'broken' could not be loaded"):
        names = available_outlets()
    assert "harbour" in names and set(BUNDLED) <= set(names)


# ---------------------------------------------------------------------------
# Regex rules run with a time limit
# ---------------------------------------------------------------------------

# `(a+)+b` is the textbook catastrophic pattern, but the `regex` module
# optimises it away; `(a|aa)+b` still backtracks exponentially on a's.
SLOW_RULE = """\
[[frame]]
id = "test.slow"
kind = "regex"
confidence = 0.5
pattern = '(?P<content>(a|aa)+)b'
params = { timeout = 0.05 }
"""


def test_regex_timeout_warns_and_document_continues(tmp_path):
    path = _write(tmp_path, "slow.toml", SLOW_RULE)
    text = "“We will win the final,” the coach said.\n" + "a" * 40 + "\n"
    with pytest.warns(RuleTimeoutWarning, match="'test.slow'") as record:
        claims = claimx.extract(text, patterns=[path])
    msg = str(record[0].message)
    assert "slow.toml" in msg and "0.05" in msg
    c = _find(claims, "We will win the final")
    assert c.rule == "quote.trailing"
    assert c.speaker_text == "the coach"
    assert not [c for c in claims if c.rule == "test.slow"]
    # The next document is run normally: the rule is not dropped for good.
    with pytest.warns(RuleTimeoutWarning):
        claimx.extract("a" * 41, patterns=[path])


def test_regex_within_its_time_limit_does_not_warn(tmp_path):
    path = _write(tmp_path, "slow.toml", SLOW_RULE)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuleTimeoutWarning)
        claims = claimx.extract("“We will win the final,” the coach said.\nxaab", patterns=[path])
    assert "test.slow" in [c.rule for c in claims], _describe(claims)
    assert _find(claims, "We will win the final").speaker_text == "the coach"


# ---------------------------------------------------------------------------
# Regressions: bugs found while testing, since fixed
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("outlet, text, via", [
    ("presstv", "Naim Qassem told Al-Manar that the resistance would not disarm.", "Al-Manar"),
    ("presstv", "Naim Qassem told Al-Mayadeen that the resistance would not disarm.", "Al Mayadeen"),
    (None, "The minister told Agence France-Presse that the ceasefire had collapsed.", "AFP"),
])
def test_hyphenated_outlet_alias_is_a_via(outlet, text, via):
    claims = claimx.extract(text, outlet=outlet)
    assert [c.via for c in claims] == [via], _describe(claims)


def test_regex_via_group_is_never_the_author(tmp_path):
    path = _write(tmp_path, "told.toml", """\
[meta]
extends = "reuters"

[[frame]]
id = "test.told"
kind = "regex"
confidence = 0.99
pattern = '''^(?P<content>[^,\\n]+), (?P<speaker>[A-Z]\\w+) (?P<cue>told) (?P<via>[A-Z][\\w ]+?)\\.$'''
""")
    other = _find(claimx.extract("The plant will close next year, Smith told Bloomberg.", patterns=[path]), "plant")
    assert (other.rule, other.via) == ("test.told", "Bloomberg")  # passes: another outlet is a via
    own = _find(claimx.extract("The plant will close next year, Smith told Reuters.", patterns=[path]), "plant")
    assert own.rule == "test.told"
    assert own.via is None  # fails: via == "Reuters", the author


def test_frame_written_as_a_single_table_is_reported(tmp_path):
    path = _write(tmp_path, "single.toml", '[frame]\nid = "test.single"\nkind = "regex"\n'
                                           'pattern = "(?P<content>x+)"\n')
    (p,) = _problems([path])
    assert p.code == "P005"


def test_extends_of_wrong_type_P005(tmp_path):
    path = _write(tmp_path, "ext.toml", '[meta]\nextends = ["ap"]\n')
    (p,) = _problems([path])
    assert (p.code, p.field) == ("P005", "meta.extends")


def test_disable_as_a_string_P005(tmp_path):
    path = _write(tmp_path, "dis.toml", '[meta]\ndisable = "verb.clause"\n')
    (p,) = _problems([path])
    assert (p.code, p.field) == ("P005", "meta.disable")


def test_disable_with_a_number_P005(tmp_path):
    path = _write(tmp_path, "dis3.toml", '[meta]\ndisable = [3]\n')
    (p,) = _problems([path])
    assert (p.code, p.field) == ("P005", "meta.disable")


def test_examples_as_a_string_P005(tmp_path):
    path = _write(tmp_path, "ex.toml", '[[frame]]\nid = "test.ex"\nkind = "regex"\n'
                                       'pattern = "(?P<content>x+)"\nexamples = "xxx yyy"\n')
    (p,) = _problems([path])
    assert (p.code, p.frame, p.field) == ("P005", "test.ex", "examples")


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "claimx", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=300)


def test_cli_patterns_outlets_lists_every_bundled_profile():
    proc = run("patterns", "outlets")
    assert proc.returncode == 0, proc.stderr
    rows = dict(line.split(None, 1) for line in proc.stdout.splitlines() if line.strip())
    assert set(BUNDLED) <= set(rows)
    assert rows["ap"].strip() == "Associated Press"
    assert rows["presstv"].strip() == "Press TV"


def test_cli_patterns_list_with_outlet():
    proc = run("patterns", "list", "--outlet", "ap")
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.strip().startswith("ap.dash-attribution"))
    assert "regex" in line and "outlets/ap.toml" in line
    assert "clause" in proc.stdout and "cue classes:" in proc.stdout
    plain = run("patterns", "list")
    assert "ap.dash-attribution" not in plain.stdout


def test_cli_patterns_list_with_overlay(overlay):
    proc = run("patterns", "list", "--patterns", str(overlay))
    assert proc.returncode == 0, proc.stderr
    assert "myap.bulletin" in proc.stdout and str(overlay) in proc.stdout
    assert "ap.dash-attribution" not in proc.stdout
    frames = proc.stdout.split("cue classes:")[0]
    assert not [line for line in frames.splitlines() if line.strip().startswith("adverb ")]


def test_cli_patterns_check_bundled_profiles():
    files = sorted(str(p) for p in OUTLETS_DIR.glob("*.toml"))
    proc = run("patterns", "check", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for f in files:
        assert f"{f}: ok" in proc.stdout
    assert "ap.toml: ok: 1 frames, 3 examples, 0 failed" in proc.stdout


def test_cli_patterns_check_failing_example(tmp_path):
    path = _write(tmp_path, "failing.toml", """\
[[frame]]
id = "test.never"
kind = "regex"
pattern = '''^NEVER: (?P<content>.+)$'''
examples = ["This sentence does not start with the marker."]
counterexamples = ["NEVER: this one does match"]
""")
    proc = run("patterns", "check", str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "'test.never'" in proc.stdout
    assert "example gives no claim from this frame" in proc.stdout
    assert "counterexample gives a claim from this frame" in proc.stdout
    assert "FAILED: 1 frames, 2 examples, 2 failed" in proc.stdout


def test_cli_patterns_check_invalid_file(tmp_path):
    good = OUTLETS_DIR / "bbc.toml"
    bad = _write(tmp_path, "bad.toml", '[meta]\nextends = "presstvv"\n')
    proc = run("patterns", "check", str(bad), str(good))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{bad}: INVALID" in proc.stdout
    assert "[P014]" in proc.stdout and "did you mean 'presstv'" in proc.stdout
    assert f"{good}: ok" in proc.stdout  # the other files are still checked


def test_cli_extract_with_outlet_drops_the_author_via(tmp_path):
    text, _ = STYLE_CASES["bbc"]
    path = _write(tmp_path, "story.txt", text)
    assert "BBC" in [c.via for c in claimx.extract(text)]
    proc = run("extract", "--outlet", "bbc", str(path))
    assert proc.returncode == 0, proc.stderr
    (doc,) = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert doc["id"] == "story"
    claims = doc["claims"]
    assert len(claims) == 3
    assert not [c for c in claims if c["via"] is not None and "BBC" in c["via"]]
    assert claims == [c.to_dict() for c in claimx.extract(text, outlet="bbc")]


def test_cli_extract_with_overlay_patterns(tmp_path, overlay):
    path = _write(tmp_path, "bulletin.txt", "BULLETIN from Jane Doe: the bridge is closed until further notice\n")
    proc = run("extract", "--patterns", str(overlay), "--format", "table", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "Jane Doe" in proc.stdout and "the bridge is closed" in proc.stdout and "warn" in proc.stdout


# ---------------------------------------------------------------------------
# docs/patterns.md stays in step with the code
# ---------------------------------------------------------------------------

GUIDE = REPO / "docs" / "patterns.md"


def test_guide_names_every_kind_finder_cutter_section_and_error_code():
    from claimx.patterns import META_KEYS, SECTIONS
    from claimx.registry import cutters, finders, frame_kinds
    from claimx.schema import FRAME_KEYS

    text = GUIDE.read_text(encoding="utf-8")
    for registry in (frame_kinds, finders, cutters):
        assert not [n for n in registry.names() if f"`{n}`" not in text], registry.sort
    assert not [s for s in SECTIONS if s not in text]
    assert not [k for k in META_KEYS | FRAME_KEYS if f"`{k}`" not in text]
    codes = {f"P{n:03d}" for n in range(1, 100)}
    source = "".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "claimx").glob("*.py"))
    used = {c for c in codes if f'"{c}"' in source}
    assert {f"P{n:03d}" for n in range(1, 18)} <= used
    assert not [c for c in sorted(used) if f"| {c} |" not in text], "error codes missing from the guide's table"


def test_guide_example_profile_passes_check(tmp_path):
    import io
    import re

    from claimx.cli import check_files

    blocks = re.findall(r"```toml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    for b in blocks:
        tomllib.loads(b)
    profile = next(b for b in blocks if 'name = "harbour"' in b)
    path = _write(tmp_path, "myoutlet.toml", profile)
    out = io.StringIO()
    assert check_files([str(path)], out=out) == 0, out.getvalue()
    assert "ok: 1 frames, 2 examples, 0 failed" in out.getvalue()
    text = "Mayor Ann Lee told the Harbour Gazette that the bridge would reopen in May."
    assert _find(claimx.extract(text, patterns=[path]), "the bridge would reopen").via is None


def test_unknown_outlet_name_warns_with_a_suggestion():
    with pytest.warns(UserWarning, match=r"'presstvv'.*did you mean 'presstv'"):
        claimx.load_patterns(outlet="presstvv")
    ps = claimx.load_patterns(outlet="presstvv")
    assert ps.profile is None and ps.author == "presstvv"


def test_known_outlet_without_profile_is_the_author_without_warning(recwarn):
    ps = claimx.load_patterns(outlet="Bloomberg")
    assert ps.author == "Bloomberg" and ps.profile is None
    assert not [w for w in recwarn if "no outlet profile" in str(w.message)]


@pytest.mark.parametrize("text, via", [
    ("Ann Berg told BBC Breakfast the strikes were unjustified.", "BBC Breakfast"),
    ("Ann Berg told BBC Radio 4 the strikes were unjustified.", "BBC Radio 4"),
    ("Ann Berg told the BBC World Service that the strikes were unjustified.", "BBC World Service"),
    ("Ann Berg told CNN International the strikes were unjustified.", "CNN International"),
    ("Ann Berg told the BBC the strikes were unjustified.", "BBC"),
])
def test_a_listed_outlet_with_a_programme_is_the_via_in_full(text, via):
    claims = claimx.extract(text)
    assert [(c.speaker_name, c.via) for c in claims] == [("Ann Berg", via)]


def test_a_short_agency_name_inside_a_longer_name_is_still_no_outlet():
    claims = claimx.extract("The deal with AP Moller was signed, Ann Berg said.")
    assert [c.via for c in claims] == [None]
