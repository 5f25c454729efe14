"""A risk-rule change as diff lines: old rules with ``-``, new with ``+``, unchanged with two spaces."""

from __future__ import annotations

from typing import Any

from publisher.diff import Change
from publisher.diff.evidence import marked_lines
from publisher.safetext import clean


def _rules(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [clean(f"{rule.get('risk')}: {rule.get('condition')}") for rule in value if isinstance(rule, dict)]


def rule_diff(change: Change) -> list[str]:
    """One line per rule of either side, in order, marked as a unified diff marks lines."""
    return marked_lines(_rules(change.before), _rules(change.after))
