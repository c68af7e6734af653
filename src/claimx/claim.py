"""The result type: a frozen, JSON-ready record of one attributed claim.

Claims hold character offsets and strings only, never spaCy objects, so they
outlive their Doc, pickle across processes and serialise to JSON exactly.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, get_args

if TYPE_CHECKING:
    import pandas as pd

Span = tuple[int, int]

Kind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["person", "organization", "group", "anonymous", "outlet"]
Stance = Literal["neutral", "assert", "oppose", "accuse", "concede", "warn", "hedge", "commit", "question"]

# The same values at run time, for validation and for the pattern loader.
KINDS: tuple[Kind, ...] = get_args(Kind)
SPEAKER_TYPES: tuple[SpeakerType, ...] = get_args(SpeakerType)
STANCES: tuple[Stance, ...] = get_args(Stance)


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim the text attributes to a source.

    Offsets are Python ``str`` offsets into the analysed text, end exclusive:
    ``text[claim.content[0]:claim.content[1]] == claim.text``.
    """

    content: Span
    text: str
    kind: Kind
    speaker: Span | None = None
    speaker_text: str | None = None
    speaker_name: str | None = None
    speaker_type: SpeakerType | None = None
    title: str | None = None
    cue: Span | None = None
    cue_text: str | None = None
    cue_lemma: str | None = None
    stance: Stance = "neutral"
    via: str | None = None
    addressee: str | None = None
    time: str | None = None
    rule: str = ""
    pattern_file: str = ""
    confidence: float = 0.5

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.stance not in STANCES:
            raise ValueError(f"stance must be one of {STANCES}, not {self.stance!r}")
        if self.speaker_type is not None and self.speaker_type not in SPEAKER_TYPES:
            raise ValueError(f"speaker_type must be one of {SPEAKER_TYPES}, not {self.speaker_type!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must lie in [0, 1], not {self.confidence!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the gold field names (spans as [start, end])."""
        out = asdict(self)
        for key in ("content", "speaker", "cue"):
            if out[key] is not None:
                out[key] = list(out[key])
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Claim":
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        for key in ("content", "speaker", "cue"):
            if kwargs.get(key) is not None:
                kwargs[key] = tuple(kwargs[key])
        return cls(**kwargs)

    def _repr_html_(self) -> str | None:
        return VIEW.claim_html(self) if VIEW.claim_html else None

    def __repr__(self) -> str:
        who = self.speaker_name or self.speaker_text or "?"
        snippet = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"<Claim {self.kind} {who!r} {self.cue_lemma or '-'}/{self.stance}: {snippet!r}>"


class Claims(list[Claim]):
    """The claims of one text: a plain list that also knows its text, so a
    notebook shows it as the highlighted article (`_repr_html_`).

    `error` is set, and the list empty, when the document could not be
    processed and the caller chose to skip such documents (`on_error`)."""

    def __init__(self, claims: Iterable[Claim] = (), text: str = "", error: str | None = None) -> None:
        super().__init__(claims)
        self.text = text
        self.error = error

    def _repr_html_(self) -> str | None:
        return VIEW.claims_html(self.text, self) if VIEW.claims_html else None

    def to_dataframe(self, doc_id: object = None) -> pd.DataFrame:
        """One row per claim; with `doc_id`, an `id` column holding it."""
        if VIEW.to_dataframe is None:
            raise RuntimeError("claimx.render is not loaded; import claimx first")
        return VIEW.to_dataframe(self, doc_id)


@dataclass
class _View:
    """How claims show themselves in a notebook. `claimx.render`, which sits
    above this module, fills these in when it is imported (the package always
    imports it), so this module imports nothing of claimx's."""

    claim_html: Callable[[Claim], str] | None = None
    claims_html: Callable[[str, Claims], str] | None = None
    to_dataframe: Callable[[Claims, object], pd.DataFrame] | None = None


VIEW = _View()
