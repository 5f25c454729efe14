"""Semantic, id-keyed diff of two custom-lens documents with major/minor classification."""

from publisher.diff.engine import diff_lenses
from publisher.diff.model import Change, LensDiff, RiskExample, RiskOutcome

__all__ = ["Change", "LensDiff", "RiskExample", "RiskOutcome", "diff_lenses"]
