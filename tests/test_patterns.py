"""Pattern files: every rule's examples and counterexamples, and the errors
that broken pattern files raise."""
from __future__ import annotations

from pathlib import Path

import pytest

import claimx
from claimx import PatternError
from claimx.patterns import bundled_patterns_dir, core_files, load_patterns

PATTERNS = load_patterns()

# Rule examples the extractor does not yet attribute to their own rule, with
# the reason (keyed by rule id and example text). Unused keys are harmless.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    # (rule id, example): "reason"   -- none at the moment
}


def _example_params(kind: str):
    for rule in PATTERNS.rules:
        for ex in getattr(rule, kind):
            gap = KNOWN_GAPS.get((rule.id, ex))
            marks = [pytest.mark.xfail(strict=False, reason=gap)] if gap else []
            yield pytest.param(rule.id, ex, id=f"{rule.id}:{ex[:40]}", marks=marks)


def _describe(claims) -> str:
    return "; ".join(f"{c.rule}: {c.text!r}" for c in claims) or "no claims"


def test_core_files_present():
    names = {p.name for p in core_files()}
    assert {"rules.toml", "cues.toml", "quotes.toml", "outlets.toml", "speakers.toml"} <= names
    assert (bundled_patterns_dir() / "core").is_dir()


def test_every_rule_has_an_example():
    missing = [r.id for r in PATTERNS.rules if not r.examples]
    assert not missing, f"rules without examples: {missing}"


def test_rule_ids_unique_and_handlers_known():
    from claimx.attribution import HANDLERS

    ids = [r.id for r in PATTERNS.rules]
    assert len(ids) == len(set(ids))
    assert all(r.handler in HANDLERS for r in PATTERNS.rules)


@pytest.mark.parametrize("rule_id, example", list(_example_params("examples")))
def test_rule_example_yields_claim_from_rule(rule_id, example):
    claims = claimx.extract(example)
    assert any(c.rule == rule_id for c in claims), f"{rule_id} produced nothing; got {_describe(claims)}"
    for c in claims:
        if c.rule == rule_id:
            assert c.pattern_file == "core/rules.toml"


@pytest.mark.parametrize("rule_id, example", list(_example_params("counterexamples")))
def test_rule_counterexample_yields_no_claim_from_rule(rule_id, example):
    claims = claimx.extract(example)
    assert not [c for c in claims if c.rule == rule_id], f"{rule_id} fired on a counterexample: {_describe(claims)}"


# -- an extra, valid pattern file ------------------------------------------------

def test_extra_regex_rule_file(tmp_path):
    path = tmp_path / "extra.toml"
    path.write_text(
        '[[frame]]\n'
        'id = "test.bulletin"\n'
        'kind = "regex"\n'
        'confidence = 0.99\n'
        'stance = "warn"\n'
        "pattern = '''^BULLETIN from (?P<speaker>[A-Z][a-z]+ [A-Z][a-z]+): (?P<content>[^\\n]+)$'''\n"
        'examples = ["BULLETIN from Nasser Kanaani: the embassy is closed until further notice"]\n',
        encoding="utf-8",
    )
    ps = load_patterns([path])
    assert ps.rule("test.bulletin").handler == "regex"
    assert len(ps.rules) == len(PATTERNS.rules) + 1
    text = "BULLETIN from Nasser Kanaani: the embassy is closed until further notice"
    claims = claimx.extract(text, patterns=[path])
    mine = [c for c in claims if c.rule == "test.bulletin"]
    assert mine, _describe(claims)
    assert mine[0].text == "the embassy is closed until further notice"
    assert mine[0].speaker_text == "Nasser Kanaani"
    assert mine[0].pattern_file.endswith("extra.toml")
    # The default set is unchanged.
    assert not any(c.rule == "test.bulletin" for c in claimx.extract(text))


def test_load_patterns_is_cached_and_immutable():
    assert load_patterns() is load_patterns()
    with pytest.raises(TypeError):
        PATTERNS.verb_stance["say"] = "oppose"  # type: ignore[index]


# -- broken pattern files ----------------------------------------------------------

def _write(tmp_path: Path, body: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


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
    path = _write(tmp_path, '[verbs]\noppose = ["deny", "reject"\n')
    (p,) = _problems([path])
    assert p.code == "P002"
    assert p.file == str(path)
    assert "TOML" in p.message


def test_unknown_section_P003_did_you_mean(tmp_path):
    path = _write(tmp_path, '[verbz]\noppose = ["gainsay"]\n')
    (p,) = _problems([path])
    assert p.code == "P003"
    assert "did you mean 'verbs'" in p.message
    assert p.line == 1


def test_unknown_rule_key_P003_did_you_mean(tmp_path):
    path = _write(tmp_path, '\n[[frame]]\nid = "test.typo"\nhandler = "verb_clause"\nexampels = ["He said so."]\n')
    (p,) = _problems([path])
    assert p.code == "P003"
    assert p.rule == "test.typo"
    assert p.field == "exampels"
    assert "did you mean 'examples'" in p.message
    assert p.line == 3


def test_unknown_key_in_section_P003(tmp_path):
    path = _write(tmp_path, '[titles]\nwordz = ["envoy"]\n')
    (p,) = _problems([path])
    assert p.code == "P003"
    assert p.field == "titles.wordz"
    assert "did you mean 'words'" in p.message


def test_unknown_stance_label_P006(tmp_path):
    path = _write(tmp_path, '[verbs]\nopose = ["gainsay"]\n')
    (p,) = _problems([path])
    assert p.code == "P006"
    assert p.field == "verbs.opose"
    assert "did you mean 'oppose'" in p.message
    assert p.line == 2


def test_unknown_stance_on_rule_P006(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.stance"\nhandler = "verb_clause"\nstance = "angry"\n')
    (p,) = _problems([path])
    assert p.code == "P006"
    assert p.rule == "test.stance" and p.field == "stance"


def test_unknown_handler_P007(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.handler"\nhandler = "verb_clauses"\n')
    (p,) = _problems([path])
    assert p.code == "P007"
    assert p.rule == "test.handler" and p.field == "handler"
    assert "did you mean 'verb_clause'" in p.message


def test_invalid_regex_P009(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.badregex"\nkind = "regex"\npattern = \'(?P<content>[a-z\'\n')
    (p,) = _problems([path])
    assert p.code == "P009"
    assert p.rule == "test.badregex" and p.field == "pattern"


def test_regex_without_content_group_P011(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.nocontent"\nkind = "regex"\npattern = \'(?P<speaker>\\w+) said\'\n')
    (p,) = _problems([path])
    assert p.code == "P011"
    assert p.rule == "test.nocontent" and p.field == "pattern"


def test_duplicate_rule_id_within_file_P010(tmp_path):
    body = ('[[frame]]\nid = "test.twice"\nhandler = "verb_clause"\n\n'
            '[[frame]]\nid = "test.twice"\nhandler = "verb_object"\n')
    path = _write(tmp_path, body)
    (p,) = _problems([path])
    assert p.code == "P010"
    assert p.rule == "test.twice" and p.field == "id"


def test_duplicate_of_core_rule_id_P010(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "verb.clause"\nhandler = "verb_clause"\n')
    (p,) = _problems([path])
    assert p.code == "P010"
    assert p.rule == "verb.clause"
    assert "rules.toml" in p.message


def test_bad_confidence_P008(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.conf"\nhandler = "verb_clause"\nconfidence = 1.5\n')
    (p,) = _problems([path])
    assert p.code == "P008"


def test_missing_required_rule_key_P004(tmp_path):
    path = _write(tmp_path, '[[frame]]\nid = "test.nohandler"\n')
    (p,) = _problems([path])
    assert p.code == "P004"
    assert p.field == "handler"


def test_several_problems_in_one_file_all_listed(tmp_path):
    body = "\n".join([
        '[verbz]',                                  # P003
        'oppose = ["gainsay"]',
        '[nouns]',
        'opose = ["rebuttal"]',                     # P006
        '[[rule]]',
        'id = "test.a"',
        'handler = "no_such_handler"',              # P007
        '[[rule]]',
        'id = "test.b"',
        'kind = "regex"',
        'pattern = \'(?P<speaker>\\w+)\'',          # P011
        '[[rule]]',
        'id = "test.c"',
        'kind = "regex"',
        'pattern = \'(\'',                          # P009
        '[[rule]]',
        'id = "verb.clause"',                       # P010
        'handler = "verb_clause"',
        '',
    ])
    path = _write(tmp_path, body)
    problems = _problems([path])
    codes = sorted(p.code for p in problems)
    assert codes == ["P003", "P006", "P007", "P009", "P010", "P011"], [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)
    assert _only(problems, "P007")[0].rule == "test.a"
    assert _only(problems, "P011")[0].rule == "test.b"
    assert _only(problems, "P009")[0].rule == "test.c"


def test_problems_across_several_files_all_listed(tmp_path):
    bad_toml = _write(tmp_path, "[verbs\n", "a.toml")
    bad_stance = _write(tmp_path, '[verbs]\nfurious = ["fume"]\n', "b.toml")
    missing = tmp_path / "c.toml"
    problems = _problems([bad_toml, bad_stance, missing])
    assert [(p.code, Path(p.file).name) for p in problems] == [("P002", "a.toml"), ("P006", "b.toml"),
                                                                 ("P001", "c.toml")]


def test_pattern_error_message_names_file_and_count(tmp_path):
    path = _write(tmp_path, '[verbs]\nopose = ["gainsay"]\n[[frame]]\nid = "x"\nhandler = "nope"\n')
    with pytest.raises(PatternError) as info:
        load_patterns([path])
    msg = str(info.value)
    assert msg.startswith("2 problems in claimx pattern files")
    assert str(path) in msg
    assert "[P006]" in msg and "[P007]" in msg
    assert isinstance(info.value, ValueError)


def test_broken_patterns_through_extract(tmp_path):
    path = _write(tmp_path, '[verbs]\nopose = ["gainsay"]\n')
    with pytest.raises(PatternError):
        claimx.extract("He said so.", patterns=[path])
