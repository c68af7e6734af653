"""Shared fixtures and settings for the claimx test suite.

The default spaCy pipeline is loaded once per session (``claimx.pipelines.load_model``
caches it, so ``claimx.extract`` without ``nlp=`` reuses the same object).
Hypothesis runs without deadlines (the first call of a test may parse with a
cold pipeline) and with modest example counts, so the whole suite finishes in
a few minutes on two cores. Set HYPOTHESIS_PROFILE=claimx-thorough for a
longer run.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import claimx.pipelines

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

settings.register_profile(
    "claimx",
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "claimx-thorough",
    deadline=None,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "claimx"))


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once (shared: do not mutate it)."""
    return claimx.pipelines.load_model()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
