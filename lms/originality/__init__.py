"""Originality check (J11): normalise, fingerprint (winnowing), index, align (rapidfuzz), report (passages
marked in whole words, jieba).

Pure functions and plain data: no Flask, no database, no clock. Storage is reached through the
``FingerprintStore`` protocol (``index.py``).
"""

from .fingerprint import DEFAULT_PARAMS, Fingerprint, FingerprintParams
from .index import FingerprintIndex, FingerprintStore, Postings, SourceDocument, index_fingerprints
from .normalize import NormalizedText, normalize
from .report import CheckSettings, Match, OriginalityReport, SourceSummary, check

__all__ = [
    "DEFAULT_PARAMS",
    "CheckSettings",
    "Fingerprint",
    "FingerprintIndex",
    "FingerprintParams",
    "FingerprintStore",
    "Match",
    "NormalizedText",
    "OriginalityReport",
    "Postings",
    "SourceDocument",
    "SourceSummary",
    "check",
    "index_fingerprints",
    "normalize",
]
