"""A risk-rule change as diff lines: old rules with ``-``, new with ``+``, unchanged with two spaces."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from publisher.diff import Change
from publisher.safetext import clean


def _rules(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [clean(f"{rule.get('risk')}: {rule.get('condition')}") for rule in value if isinstance(rule, dict)]


def rule_diff(change: Change) -> list[str]:
    """One line per rule of either side, in order, marked as a unified diff marks lines."""
    old, new = _rules(change.before), _rules(change.after)
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [f"  {rule}" for rule in old[i1:i2]]
            continue
        lines += [f"- {rule}" for rule in old[i1:i2]]
        lines += [f"+ {rule}" for rule in new[j1:j2]]
    return lines
