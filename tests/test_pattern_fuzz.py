"""Fuzzing the pattern loader: files of the known sections and keys holding
any TOML values either load or raise one PatternError, never another
exception and never a hang; a file that loads then runs on a text.

TOML is written by the small writer below (no TOML writer is a dependency).
"""
from __future__ import annotations

import datetime
import itertools
import logging
import math
import re
import signal
import tomllib
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimx
from claimx.errors import PatternError
from claimx.patterns import META_KEYS, SECTIONS, STYLE_KEYS, load_patterns
from claimx.registry import cutters, finders, frame_kinds
from claimx.schema import CLASS_KEYS, FRAME_KEYS, NODE_KEYS, POS_TAGS, REL_OPS, STANCE_SOURCES
from claimx.claim import STANCES

# -- a small TOML writer ------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _str(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else _str(k)


def _inline(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def _is_tables(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def to_toml(data: dict) -> str:
    """Top-level tables as [headers] (their tables as [a.b] headers, as in
    cues.toml), arrays of tables as [[blocks]], everything else inline."""
    lines = [f"{_key(k)} = {_inline(v)}" for k, v in data.items() if not isinstance(v, dict) and not _is_tables(v)]

    def table(path: list[str], body: dict) -> None:
        lines.append("[" + ".".join(_key(p) for p in path) + "]")
        lines.extend(f"{_key(k)} = {_inline(v)}" for k, v in body.items() if not isinstance(v, dict))
        for k, v in body.items():
            if isinstance(v, dict):
                table(path + [k], v)

    for k, v in data.items():
        if isinstance(v, dict):
            table([k], v)
        elif _is_tables(v):
            for item in v:
                lines.append(f"[[{_key(k)}]]")
                lines.extend(f"{_key(a)} = {_inline(b)}" for a, b in item.items())
    return "\n".join(lines) + "\n"


# -- strategies ------------------------------------------------------------------------

keys = st.text(max_size=8)
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(-(2 ** 63), 2 ** 63 - 1),
    st.integers(),  # tomllib reads integers of any size
    st.floats(),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
)
any_value = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(keys, inner, max_size=3)), max_leaves=8)
words = st.lists(st.one_of(st.sampled_from(["say", "claim", "BBC News", "the", " ", ""]), st.text(max_size=8)),
                 max_size=4)


def or_any(strategy):
    """Mostly the plausible value, now and then anything at all."""
    return st.one_of(strategy, strategy, strategy, any_value)


def table_of(key_strategy, value_strategy):
    """Mostly known keys with plausible values."""
    return st.dictionaries(st.one_of(key_strategy, keys), or_any(value_strategy), max_size=4)


frame_ids = st.sampled_from(["fz.a", "fz.b", "clause", "quote.label", ""])
node_names = st.sampled_from(["cue", "cue_last", "content", "speaker", "x"])
regex_texts = st.lists(st.sampled_from(["(?P<content>", "(?P<speaker>", "(?P<cue>", "(?P<via>", ")", "a+", "(a+)+",
                                        "$", "^", ".*", "\\w+", "[", "]", "{2,3}", "|", "\\", "said", "(?",
                                        "\\n", "[^\\n]+", "(?i)", "\\p{Lu}", "?"]),
                        min_size=1, max_size=8).map("".join)
attr_values = st.one_of(st.sampled_from(["VERB", "said", "$light_verbs", "$nope", "ccomp"]),
                        st.fixed_dictionaries({}, optional={"IN": words, "NOT_IN": words,
                                                            "REGEX": regex_texts}),
                        st.booleans())
attrs = st.dictionaries(st.sampled_from(["DEP", "POS", "LEMMA", "LOWER", "IN_QUOTE", "IS_CUE", "POSS", "OP",
                                         "LENGTH", "TEXT"]), attr_values, max_size=3)


def node():
    values = {"RIGHT_ID": node_names, "LEFT_ID": node_names, "REL_OP": st.sampled_from(REL_OPS + ("=>",)),
              "RIGHT_ATTRS": attrs, "OPTIONAL": st.booleans(), "ABSENT": st.booleans()}
    assert set(values) == NODE_KEYS
    return st.fixed_dictionaries({}, optional={k: or_any(v) for k, v in values.items()})


token = st.dictionaries(st.sampled_from(["LOWER", "ORTH", "LEMMA", "POS", "OP", "LENGTH", "IS_PUNCT", "LOWR"]),
                        st.one_of(st.sampled_from(["said", "+", "?", "!", "*", "VERB", "{2}"]), st.integers(-3, 3),
                                  st.booleans(), attr_values), max_size=2)


def pattern(kind):
    if kind == "regex":
        p = regex_texts
    elif kind == "tokens":
        p = st.lists(st.lists(token, max_size=3), max_size=2)
    else:
        p = st.lists(node(), max_size=4)
    return or_any(p)


params = st.dictionaries(st.sampled_from(["timeout", "window", "min_words", "max_words", "lemma", "via_in_match",
                                          "max_gap", "windw"]),
                         st.one_of(st.integers(-5, 300), st.integers(), st.floats(), st.booleans(),
                                   st.text(max_size=4)),
                         max_size=2)
role = st.one_of(st.sampled_from(finders.names() + ["subjekt"]),
                 st.fixed_dictionaries({}, optional={"find": st.sampled_from(finders.names()), "from": node_names}))
content = st.fixed_dictionaries({}, optional={"cut": st.sampled_from(cutters.names() + ["clauses"]),
                                              "nodes": st.lists(node_names, max_size=2)})


@st.composite
def frame(draw):
    kind = draw(st.sampled_from(frame_kinds.names() + ["regexp"]))
    values = {
        "id": frame_ids, "kind": st.just(kind), "description": st.text(max_size=10),
        "confidence": st.floats(-0.5, 1.5), "pattern": pattern(kind), "params": params,
        "speaker": role, "addressee": role, "content": content, "cue": st.lists(node_names, max_size=2),
        "stance": st.sampled_from(STANCES + STANCE_SOURCES + ("angry",)),
        "examples": st.lists(st.text(max_size=30), max_size=2),
        "counterexamples": st.lists(st.text(max_size=30), max_size=2), "nested": st.booleans(),
    }
    assert set(values) == FRAME_KEYS
    values = {k: or_any(v) for k, v in values.items()} | {"exampels": any_value}
    out = {"id": draw(values.pop("id")), "kind": kind}
    out |= draw(st.fixed_dictionaries({}, optional=values))
    return out


def section(name: str):
    if name == "meta":
        values = {"name": st.text(max_size=8), "outlet": st.sampled_from(["BBC", "", "Nowhere Weekly"]),
                  "extends": st.one_of(st.sampled_from(["core", "", "bbc", "nope", "fz"]), st.text(max_size=300)),
                  "disable": st.lists(frame_ids, max_size=2), "description": st.text(max_size=8)}
        assert set(values) == META_KEYS
        s = st.fixed_dictionaries({}, optional=values)
    elif name == "class":
        cls = table_of(st.sampled_from(sorted(CLASS_KEYS)),
                       st.one_of(words, st.lists(st.sampled_from(sorted(POS_TAGS) + ["VRB"]), max_size=2),
                                 st.lists(frame_ids, max_size=2)))
        s = table_of(st.sampled_from(["speech", "fz", "noun"]), cls)
    elif name == "frame":
        s = st.lists(frame(), max_size=3)
    elif name == "style":
        marks = st.one_of(st.text(max_size=3), st.lists(st.text(max_size=3), max_size=3))
        s = st.lists(table_of(st.sampled_from(sorted(STYLE_KEYS)), st.one_of(marks, st.sampled_from(
            ["double", "single", "odd"]))), max_size=2)
    elif name == "channel_verbs":
        s = table_of(st.text(max_size=6), st.text(max_size=6))
    else:
        allowed = SECTIONS[name]
        s = table_of(st.sampled_from(sorted(allowed)) if allowed else st.text(max_size=8), words)
    return or_any(s)


def pattern_file():
    """Known sections (and two unknown ones) holding mostly plausible values."""
    names = sorted(SECTIONS) + ["rule", "styles"]
    return st.lists(st.sampled_from(names), unique=True, max_size=4).flatmap(
        lambda chosen: st.fixed_dictionaries({n: section(n) if n in SECTIONS else any_value for n in chosen}))


# Files meant to load: every value of the right shape, drawn widely, so that
# what the loader accepts reaches the extractor.
sound_words = st.lists(st.one_of(st.sampled_from(["said", "it", "she", "fine", "text", "News"]),
                                 st.text(min_size=1, max_size=8).filter(str.strip)), max_size=3)
regex_atoms = st.sampled_from(["a+", "(a+)+", "\\w+", ".*", "[^\\n]+", "said", "(?P<speaker>\\w+)", "\\s*",
                               "(?P<cue>said)", "$", "^", "(?i:she)", "\\p{Lu}\\w*", "", "(?P<via>\\w+)?"])


@st.composite
def sound_regex(draw):
    before, inside, after = (draw(st.lists(regex_atoms, max_size=3).map("".join)) for _ in range(3))
    body = before + f"(?P<content>{inside})" + after
    # Named groups may appear once only.
    return body if all(body.count(f"<{g}>") <= 1 for g in ("speaker", "cue", "via")) else "(?P<content>.+)"


string_test = st.one_of(st.sampled_from(["VERB", "said", "nsubj", "ccomp", "$light_verbs", "$addressee_verbs"]),
                        st.text(max_size=5), st.fixed_dictionaries({"IN": sound_words}),
                        st.fixed_dictionaries({"NOT_IN": sound_words}),
                        st.fixed_dictionaries({"REGEX": st.sampled_from(["^s", "a+$", "(a+)+$", ".", "("])}))
sound_attrs = st.dictionaries(st.sampled_from(["DEP", "POS", "TAG", "LEMMA", "LOWER", "TEXT", "ENT_TYPE", "MORPH"]),
                              string_test, max_size=2) | st.dictionaries(
    st.sampled_from(["IS_CUE", "IS_PUNCT", "IS_TITLE", "IN_QUOTE", "IN_CUE", "LIKE_NUM"]), st.booleans(), max_size=2)


@st.composite
def sound_dependency(draw):
    nodes = ["cue"]
    out = [{"RIGHT_ID": "cue", "RIGHT_ATTRS": draw(sound_attrs)}]
    for name in draw(st.lists(st.sampled_from(["content", "speaker", "x", "y"]), unique=True, max_size=3)):
        node = {"LEFT_ID": draw(st.sampled_from(nodes + ["cue_last"])), "REL_OP": draw(st.sampled_from(REL_OPS)),
                "RIGHT_ID": name, "RIGHT_ATTRS": draw(sound_attrs)}
        flag = draw(st.sampled_from([None, "OPTIONAL", "ABSENT"]))
        if flag and name != "content":
            node[flag] = True
        if flag != "ABSENT" or name == "content":
            nodes.append(name)
        out.append(node)
    if "content" not in nodes:
        out.append({"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content"})
        nodes.append("content")
    return out, nodes


sound_token = st.dictionaries(st.sampled_from(["LOWER", "ORTH", "LEMMA", "TEXT"]), string_test.filter(
    lambda v: not (isinstance(v, str) and v.startswith("$"))), max_size=1) | st.fixed_dictionaries(
    {"POS": st.sampled_from(sorted(POS_TAGS))}, optional={"OP": st.sampled_from(["+", "?", "*", "!"])}) | \
    st.fixed_dictionaries({"IS_PUNCT": st.booleans()}) | st.fixed_dictionaries({"LENGTH": st.integers(0, 9)}) | \
    st.fixed_dictionaries({"_": st.fixed_dictionaries({"fz_unknown": st.booleans()})})


@st.composite
def sound_frame(draw, fid: str):
    kind = draw(st.sampled_from(frame_kinds.names()))
    entry = frame_kinds.get(kind)
    out = {"id": fid, "kind": kind, "confidence": draw(st.floats(0, 1)),
           "stance": draw(st.sampled_from(STANCES + STANCE_SOURCES)), "nested": draw(st.booleans()),
           "examples": draw(st.lists(st.text(max_size=20), max_size=1))}
    chosen = {}
    for name, p in entry.params.items():
        if p.type is float:
            chosen[name] = draw(st.floats(p.minimum, min(p.maximum, 0.05)))  # short: the test stays quick
        elif p.type is int:
            chosen[name] = draw(st.integers(int(p.minimum), int(p.maximum)))
        elif p.type is bool:
            chosen[name] = draw(st.booleans())
        else:
            chosen[name] = draw(st.text(max_size=6))
    out["params"] = draw(st.fixed_dictionaries({}, optional={k: st.just(v) for k, v in chosen.items()}))
    nodes = ["cue"]
    if kind == "regex":
        out["pattern"] = draw(sound_regex())
    elif kind == "tokens":
        out["pattern"] = draw(st.lists(st.lists(sound_token, min_size=1, max_size=3), min_size=1, max_size=2))
    elif kind == "dependency":
        out["pattern"], nodes = draw(sound_dependency())
        out["content"] = {"cut": draw(st.sampled_from(cutters.names())),
                          "nodes": draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2))}
        out["cue"] = draw(st.lists(st.sampled_from(nodes), max_size=2))
    if kind in ("dependency", "tokens") or "compile" not in entry.info:
        for role in ("speaker", "addressee"):
            if draw(st.booleans()):
                out[role] = {"find": draw(st.sampled_from(finders.names())), "from": draw(st.sampled_from(nodes))}
    return out


@st.composite
def sound_file(draw):
    n = draw(st.integers(0, 3))
    frames = [draw(sound_frame(f"fz.{k}")) for k in range(n)]
    own = [f["id"] for f in frames]
    core = ["clause", "quote.trailing", "quote.label", "parenthetical"]
    marks = st.one_of(st.text(min_size=1, max_size=3),
                      st.lists(st.text(min_size=1, max_size=2), min_size=1, max_size=3))
    parts = {
        "meta": st.fixed_dictionaries({}, optional={
            "name": st.text(max_size=6), "outlet": st.text(max_size=6), "description": st.text(max_size=6),
            "extends": st.sampled_from(["core", "bbc", "ap"]), "disable": st.lists(st.sampled_from(core),
                                                                                   unique=True, max_size=2)}),
        "class": st.dictionaries(st.sampled_from(["speech", "noun", "fz"]), st.fixed_dictionaries(
            {"pos": st.lists(st.sampled_from(sorted(POS_TAGS)), min_size=1, max_size=2),
             "frames": st.lists(st.sampled_from(own + ["clause", "quote.trailing"]), max_size=3)},
            optional={s: sound_words for s in STANCES} | {"description": st.text(max_size=6)}), max_size=2),
        "style": st.lists(st.fixed_dictionaries({"name": st.text(max_size=6), "open": marks, "close": marks},
                                                optional={"family": st.sampled_from(["double", "single", "odd"])}),
                          max_size=2),
        "outlets": st.dictionaries(st.text(min_size=1, max_size=8).filter(str.strip), sound_words.filter(
            lambda w: all(x.strip() for x in w)), max_size=2),
        "channel_verbs": st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2),
    }
    for name, allowed in SECTIONS.items():
        if name not in parts and name != "frame":
            names = st.sampled_from(sorted(allowed)) if allowed else st.sampled_from(
                ["light_verbs", "addressee_verbs", "say", "fz"])
            parts[name] = st.dictionaries(names, sound_words, max_size=2)
    chosen = draw(st.lists(st.sampled_from(sorted(parts)), unique=True, max_size=4))
    out = {name: draw(parts[name]) for name in chosen}
    if frames:
        out["frame"] = frames
    return out


# -- helpers -------------------------------------------------------------------------

class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` swallows it."""


@contextmanager
def time_limit(seconds: float):
    def ring(signum, frame):
        raise Hang(f"took over {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_count = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def write(folder, text: str):
    # A fresh name each time: load_patterns caches by path.
    path = folder / f"fz{next(_count)}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_or_pattern_error(path):
    try:
        with time_limit(10):
            return load_patterns([path])
    except PatternError as err:
        assert err.problems and all(p.code.startswith("P") and p.message for p in err.problems)
        return None


class Failures(logging.Handler):
    """Frame failures that attribution logs and skips, kept for the test to see."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


TEXT = "Some short text. She said it was fine."
# Quotations, an outlet, a colon and a long word give the frames more to read.
TEXTS = [TEXT, "“It is fine,” she told BBC News on Monday. «Not so», he replied: the pier is closed.",
         "a" * 300 + "b said it."]


# -- tests -------------------------------------------------------------------------

@settings(max_examples=150)
@given(data=pattern_file())
def test_fuzzed_file_loads_or_raises_pattern_error(folder, data):
    text = to_toml(data)
    tomllib.loads(text)  # the writer's own check: the loader sees valid TOML
    load_or_pattern_error(write(folder, text))


@pytest.mark.filterwarnings("ignore::claimx.text_frames.RuleTimeoutWarning")  # (a+)+ on a long word, on purpose
@settings(max_examples=40)
@given(data=sound_file(), text=st.sampled_from(TEXTS))
def test_fuzzed_file_that_loads_runs(folder, nlp, data, text):
    path = write(folder, to_toml(data))
    if load_or_pattern_error(path) is None:
        return
    failures = Failures()
    logger = logging.getLogger("claimx")
    logger.addHandler(failures)
    try:
        with time_limit(20):
            claimx.extract(text, patterns=[path])
    finally:
        logger.removeHandler(failures)
    assert not failures.records, [r.getMessage() for r in failures.records]


@settings(max_examples=60)
@given(text=st.text(alphabet='[]{}="\'#.,\nframeidstyl123 ', max_size=60))
def test_fuzzed_text_loads_or_raises_pattern_error(folder, text):
    load_or_pattern_error(write(folder, text))


# Shapes that once raised something other than PatternError.
@pytest.mark.parametrize("body", [
    'style = ["«", "»"]\n',
    'rule = [1, 2]\n',
    '[[style]]\nopen = 1\n',
    '[outlets]\n"Foo News" = [1, 2]\n',
])
def test_former_crashers_raise_pattern_error(folder, body):
    with pytest.raises(PatternError):
        load_patterns([write(folder, body)])
