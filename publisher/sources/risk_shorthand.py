"""Declarative risk rules (``risk:`` in front matter) compiled to WA Tool ``riskRules``."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from publisher.lensformat import DEFAULT_CONDITION, ID_CHARACTERS, RISK_LEVELS


def _group(ids: list[str], operator: str) -> str:
    joined = f" {operator} ".join(ids)
    return f"({joined})" if len(ids) > 1 else joined


def condition_text(spec: Any) -> str:
    """The condition for one declarative entry: ``{all: [..]}``, ``{any: [..]}`` or a raw string."""
    if isinstance(spec, str):
        return spec.strip()
    if "all" in spec:
        return _group(list(spec["all"]), "&&")
    return _group(list(spec["any"]), "||")


def compile_risk(risk: dict[str, Any], none_choice: str | None,
                 never_not_applicable: Collection[str] = ()) -> list[dict[str, str]]:
    """Rules in the order NO, MEDIUM, HIGH, default; non-default rules guarded by ``!<none_choice>``.

    With a "None of these" choice, each reference to a choice of ``never_not_applicable`` becomes
    ``(<choice> || <none_choice>)``: the WA Tool drops a not-applicable choice from ``&&`` and ``||``
    alike, leaving ``<none_choice>``, which can never be not applicable and is unselected whenever
    the guarded rule can hold. Marking the choice not applicable then scores as leaving it unselected.
    """
    rules = []
    for level in RISK_LEVELS:
        if level not in risk:
            continue
        condition = condition_text(risk[level])
        if none_choice:
            condition = _count_not_applicable_as_unselected(condition, never_not_applicable, none_choice)
            condition = f"({condition}) && !{none_choice}" if _needs_parens(condition) else \
                f"{condition} && !{none_choice}"
        rules.append({"condition": condition, "risk": level})
    rules.append({"condition": DEFAULT_CONDITION, "risk": str(risk["default"])})
    return rules


def _needs_parens(condition: str) -> bool:
    """True when the top level of ``condition`` contains ``||`` (``&&`` binds tighter)."""
    depth = 0
    for index, char in enumerate(condition):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and condition.startswith("||", index):
            return True
    return False


#: A run of id characters: a choice id in a condition is always a whole run.
_ID_RUN = re.compile(f"[{ID_CHARACTERS}]+")


def _count_not_applicable_as_unselected(condition: str, choice_ids: Collection[str], none_choice: str) -> str:
    if not choice_ids:
        return condition
    ids = frozenset(choice_ids)
    if all(_ID_RUN.fullmatch(name) for name in (*ids, none_choice)):  # one shared pattern, no compiling per rule
        return _ID_RUN.sub(lambda run: f"({run[0]} || {none_choice})" if run[0] in ids else run[0], condition)
    names = "|".join(re.escape(choice_id) for choice_id in sorted(choice_ids, key=len, reverse=True))
    return re.sub(rf"(?<![{ID_CHARACTERS}])({names})(?![{ID_CHARACTERS}])", rf"(\1 || {none_choice})", condition)
