"""The plan as people read it, one block per target, terraform style.

Each action carries one symbol: ``+`` creates, ``~`` updates, ``-`` removes; ``!`` marks a refusal
or an error, with its reason, in the block of the target it concerns. A summary line closes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from publisher.publish.actions import Kind
from publisher.publish.fanout import TargetResult, render_table

SYMBOLS = {Kind.CREATE_LENS: "+", Kind.IMPORT_DRAFT: "+", Kind.PUBLISH_VERSION: "+", Kind.SHARE: "+",
           Kind.RESUME_DRAFT: "~", Kind.TAG: "~", Kind.ENABLE_ORG_SHARING: "~", Kind.RESHARE: "~",
           Kind.UNSHARE: "-"}


def render_plans(results: Sequence[TargetResult]) -> str:
    """Every target's block, the table and the summary line."""
    lines: list[str] = []
    for result in results:
        plan = result.detail.get("plan")
        lines.extend(_block(result, plan) if plan is not None else [f"{result.target.label}:",
                                                                      *(f"  ! {m}" for m in result.messages)])
    return "\n".join([*lines, "", render_table(results, messages=False), "", summary(results)])


def _block(result: TargetResult, plan: dict[str, Any]) -> list[str]:
    lines = [f"{result.target.label} (account {plan['account']}): {plan['lens']!r} "
             f"{plan['lensArn'] or '(new lens)'}, published {plan['publishedVersion'] or '-'}, "
             f"change: {plan['classification']}"]
    lines += [f"  ! {'refused' if plan['refused'] else 'error'}: {error}" for error in plan["errors"]]
    lines += [f"  {SYMBOLS[Kind(action['kind'])]} {action['detail']}" for action in plan["actions"]]
    if not plan["actions"] and not plan["errors"]:
        lines.append("  (nothing to do)")
    notes = [m for m in result.messages if not m.startswith("error: ")]
    lines += [f"    {note}" for note in notes]
    return lines


def summary(results: Sequence[TargetResult]) -> str:
    """``2 to publish, 1 share to add, 1 to remove, 1 refused`` (or ``nothing to do``)."""
    kinds: Counter[str] = Counter()
    for result in results:
        plan = result.detail.get("plan")
        if plan is None:
            kinds["failed"] += 1
            continue
        if plan["refused"]:
            kinds["refused"] += 1
        for action in plan["actions"]:
            kinds[action["kind"]] += 1
    parts = [
        _count(kinds[Kind.PUBLISH_VERSION.value], "to publish"),
        _count(kinds[Kind.SHARE.value] + kinds[Kind.RESHARE.value], "share to add", "shares to add"),
        _count(kinds[Kind.UNSHARE.value], "share to remove", "shares to remove"),
        _count(kinds[Kind.TAG.value], "to tag"),
        _count(kinds["refused"], "refused"),
        _count(kinds["failed"], "failed"),
    ]
    text = ", ".join(part for part in parts if part)
    return f"Plan: {text or 'nothing to do'}."


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 or not plural else plural}" if number else ""
