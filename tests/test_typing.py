"""claimx is typed like a library people depend on: `mypy --strict` passes on
the package (settings in pyproject.toml's [tool.mypy]), the package ships a
`py.typed` marker, and `Claim`'s fields name their allowed values."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from claimx import Claim
from claimx.claim import KINDS, SPEAKER_TYPES, STANCES, Kind, SpeakerType, Stance

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                    reason="mypy is not installed (the [test] extra has it)")
def test_mypy_strict_passes_on_the_package(tmp_path):
    # A cache of its own: a stale one in the checkout cannot hide an error.
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), "src/claimx"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]


def test_package_ships_py_typed():
    assert (REPO / "src" / "claimx" / "py.typed").is_file()


def test_claim_fields_are_literal_types():
    hints = typing.get_type_hints(Claim)
    assert hints["content"] == tuple[int, int]
    assert hints["speaker"] == tuple[int, int] | None
    assert hints["kind"] == Kind
    assert hints["stance"] == Stance
    assert hints["speaker_type"] == SpeakerType | None
    # The run-time checks use the same values as the types.
    assert KINDS == typing.get_args(Kind) == ("direct", "indirect", "mixed")
    assert STANCES == typing.get_args(Stance)
    assert SPEAKER_TYPES == typing.get_args(SpeakerType)


@pytest.mark.parametrize("field, value", [("kind", "quoted"), ("stance", "agree"), ("speaker_type", "robot")])
def test_claim_still_refuses_values_outside_its_types(field, value):
    kwargs = {"content": (0, 4), "text": "Yes.", "kind": "direct", field: value}
    with pytest.raises(ValueError, match=field):
        Claim(**kwargs)
