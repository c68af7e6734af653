"""claimx.Claim: validation, JSON-ready dicts and the dict round trip."""
from __future__ import annotations

import dataclasses
import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimx import Claim
from claimx.claim import KINDS, SPEAKER_TYPES, STANCES


def make(**over) -> Claim:
    base = dict(
        content=(1, 40),
        text="The navy is unready and underfunded",
        kind="direct",
        speaker=(45, 58),
        speaker_text="Kaveh Sarrafi",
        speaker_name="Kaveh Sarrafi",
        speaker_type="person",
        title="secretary of the Maritime Defence Board",
        cue=(100, 104),
        cue_text="said",
        cue_lemma="say",
        stance="neutral",
        via=None,
        addressee=None,
        time="on Monday",
        rule="quote.trailing-attribution",
        pattern_file="core/rules.toml",
        confidence=0.95,
    )
    base.update(over)
    return Claim(**base)


# -- validation ----------------------------------------------------------------

def test_valid_claim_builds():
    c = make()
    assert c.kind == "direct" and c.stance == "neutral"


def test_minimal_claim_defaults():
    c = Claim(content=(0, 3), text="abc", kind="indirect")
    assert c.speaker is None and c.speaker_name is None and c.cue is None
    assert c.stance == "neutral"
    assert 0.0 <= c.confidence <= 1.0


@pytest.mark.parametrize("kind", ["quote", "", "Direct", "indirect ", None])
def test_bad_kind_raises(kind):
    with pytest.raises(ValueError, match="kind"):
        make(kind=kind)


@pytest.mark.parametrize("stance", ["positive", "", "NEUTRAL", "denial", None])
def test_bad_stance_raises(stance):
    with pytest.raises(ValueError, match="stance"):
        make(stance=stance)


@pytest.mark.parametrize("confidence", [-0.01, 1.01, 2, -1, float("nan"), float("inf")])
def test_bad_confidence_raises(confidence):
    with pytest.raises(ValueError, match="confidence"):
        make(confidence=confidence)


@pytest.mark.parametrize("confidence", [0, 0.0, 0.5, 1, 1.0])
def test_confidence_bounds_accepted(confidence):
    assert make(confidence=confidence).confidence == confidence


@pytest.mark.parametrize("speaker_type", ["people", "org", "Person", ""])
def test_bad_speaker_type_raises(speaker_type):
    with pytest.raises(ValueError, match="speaker_type"):
        make(speaker_type=speaker_type)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_accepted(kind):
    assert make(kind=kind).kind == kind


@pytest.mark.parametrize("stance", STANCES)
def test_every_stance_accepted(stance):
    assert make(stance=stance).stance == stance


def test_claim_is_frozen():
    c = make()
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.kind = "indirect"  # type: ignore[misc]


def test_claim_is_hashable_and_picklable():
    c = make()
    assert hash(c) == hash(make())
    assert pickle.loads(pickle.dumps(c)) == c


# -- to_dict / from_dict -------------------------------------------------------

def test_to_dict_is_json_ready():
    c = make(via="ISNA")
    d = c.to_dict()
    assert isinstance(d, dict)
    s = json.dumps(d, ensure_ascii=False)
    assert json.loads(s) == d
    for key in ("content", "speaker", "cue"):
        assert isinstance(d[key], list), key
        assert len(d[key]) == 2
    assert d["content"] == [1, 40]
    assert d["via"] == "ISNA"
    # The gold field names are used.
    for key in ("content", "kind", "speaker", "speaker_name", "speaker_type", "cue", "stance", "via"):
        assert key in d


def test_to_dict_none_spans_stay_none():
    d = Claim(content=(0, 3), text="abc", kind="indirect").to_dict()
    assert d["speaker"] is None and d["cue"] is None
    json.dumps(d)


def test_from_dict_round_trip():
    c = make()
    assert Claim.from_dict(c.to_dict()) == c


def test_from_dict_through_json_round_trip():
    c = make(via="Reuters", stance="warn", kind="mixed")
    assert Claim.from_dict(json.loads(json.dumps(c.to_dict()))) == c


def test_from_dict_ignores_unknown_keys():
    d = make().to_dict()
    d["note"] = "a gold-file field claimx does not model"
    d["fragments"] = {"content": [[1, 5]]}
    assert Claim.from_dict(d) == make()


def test_from_dict_validates():
    d = make().to_dict()
    d["stance"] = "furious"
    with pytest.raises(ValueError):
        Claim.from_dict(d)


def test_repr_mentions_speaker_and_kind():
    r = repr(make())
    assert "Kaveh Sarrafi" in r and "direct" in r


# -- hypothesis round trip -----------------------------------------------------

offsets = st.integers(min_value=0, max_value=10**6)
spans = st.tuples(offsets, offsets).map(lambda t: (min(t), max(t)))
texts = st.text(max_size=80)
opt_text = st.none() | texts

claims = st.builds(
    Claim,
    content=spans,
    text=texts,
    kind=st.sampled_from(KINDS),
    speaker=st.none() | spans,
    speaker_text=opt_text,
    speaker_name=opt_text,
    speaker_type=st.none() | st.sampled_from(SPEAKER_TYPES),
    title=opt_text,
    cue=st.none() | spans,
    cue_text=opt_text,
    cue_lemma=opt_text,
    stance=st.sampled_from(STANCES),
    via=opt_text,
    addressee=opt_text,
    time=opt_text,
    rule=texts,
    pattern_file=texts,
    confidence=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)


@given(claims)
def test_round_trip_property(c):
    d = c.to_dict()
    assert Claim.from_dict(d) == c
    again = json.loads(json.dumps(d))
    assert again == d
    assert Claim.from_dict(again) == c
