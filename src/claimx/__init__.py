"""claimx: who said what in English news text, how, and through which outlet.

    >>> import claimx
    >>> claims = claimx.extract(text)          # list[claimx.Claim]

Nothing heavy happens at import: the spaCy pipeline loads on the first call.
"""
from .errors import ArgumentError, ClaimxError, DocumentTooLongError, ModelNotFoundError, PatternError
from .extractor import DocumentTruncatedWarning, Extractor, extract, extract_many
from .claim import Claim, Claims
from .patterns import available_outlets, load_patterns
from .render import render, to_dataframe, to_records

__all__ = ["extract", "extract_many", "Extractor", "Claim", "Claims", "render", "to_dataframe", "to_records",
           "load_patterns", "available_outlets", "PatternError", "ModelNotFoundError",
           "ClaimxError", "ArgumentError", "displacy_spans", "DocumentTooLongError", "DocumentTruncatedWarning"]
__version__ = "0.1.0"

# `doc._.claims` exists as soon as claimx is imported (a DocBin read in a new
# process needs it), and so does the "claimx" factory.
from .component import displacy_spans  # noqa: E402
from .component import register_extensions as _register_extensions  # noqa: E402

_register_extensions()
