"""Errors claimx raises, each with the detail a user needs to fix the cause."""
from __future__ import annotations

from dataclasses import dataclass


class ClaimxError(Exception):
    """Base of every error claimx raises on purpose; catch this to catch them all."""


class ArgumentError(ClaimxError, TypeError, ValueError):
    """An argument of claimx's API has the wrong type or value. It is both a
    TypeError and a ValueError, so code catching either keeps working."""


class DocumentTooLongError(ClaimxError, ValueError):
    """A text is longer than the `max_chars` the user set, with `too_long="refuse"`."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a pattern file. ``code`` is stable across releases; ``frame`` is the id of the frame at fault."""

    code: str
    file: str
    message: str
    frame: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [f"[{self.code}] {where}"]
        if self.frame:
            parts.append(f"frame {self.frame!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts) + f": {self.message}"


class PatternError(ClaimxError, ValueError):
    """A pattern file set is invalid. Lists every problem found, not the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in claimx pattern files:\n{lines}")


class ModelNotFoundError(ClaimxError, OSError):
    """No usable spaCy English pipeline is installed."""
