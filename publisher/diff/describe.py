"""Short human descriptions of change values, shared by the text and Markdown renderers."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from publisher.diff.model import Change, RiskOutcome

MAX_VALUE = 160
CONTEXT_WORDS = 6
_WORDS = re.compile(r"\s*\S+")  # a word with the space before it, so spaces never anchor a match


class Markers(NamedTuple):
    """How a word diff marks deleted and inserted text."""

    delete_open: str
    delete_close: str
    insert_open: str
    insert_close: str


TERMINAL_MARKERS = Markers("[-", "-]", "{+", "+}")


def shorten(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def show_value(value: Any) -> str:
    """A before/after value as one short line."""
    if value is None:
        return "(absent)"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return shorten(", ".join(value))
    if isinstance(value, list) and all(isinstance(rule, dict) for rule in value):
        return rules_text(value)  # never cut: every condition matters to a reviewer
    if isinstance(value, str):
        return shorten(repr(value)[1:-1] if "\n" in value else value)
    return shorten(str(value))


def rules_text(rules: list[dict[str, Any]]) -> str:
    """``NO_RISK: a && b; HIGH_RISK: default``."""
    return "; ".join(f"{rule.get('risk')}: {rule.get('condition')}" for rule in rules)


def _plain(text: str) -> str:
    return text


def word_diff(before: str, after: str, markers: Markers, escape: Callable[[str], str] = _plain,
              context: int = CONTEXT_WORDS) -> str:
    """Only the changed words with a little context, e.g. ``… in the event of[- occurance.-]{+ occurrence.+}``"""
    old, new = _WORDS.findall(" ".join(before.split())), _WORDS.findall(" ".join(after.split()))
    if old == new:
        return "(only whitespace changed)"
    pieces: list[str] = []
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.append(escape(_context(old[i1:i2], context, first=position == 0,
                                          last=position == len(opcodes) - 1)))
            continue
        if i2 > i1:
            pieces.append(f"{markers.delete_open}{escape(''.join(old[i1:i2]))}{markers.delete_close}")
        if j2 > j1:
            pieces.append(f"{markers.insert_open}{escape(''.join(new[j1:j2]))}{markers.insert_close}")
    return "".join(pieces)


def _context(tokens: list[str], keep: int, *, first: bool, last: bool) -> str:
    """Equal tokens (words and spaces) next to a change, ``keep`` on each side that touches one."""
    head = [] if first else tokens[:keep]
    tail = [] if last else tokens[-keep:]
    if len(head) + len(tail) >= len(tokens):
        return "".join(tokens)
    return "".join(head) + "…" + "".join(tail)


def outcome_summary(outcome: RiskOutcome) -> str:
    """``6 of 16 possible answers change risk (6 held today, 3 riskier)``."""
    if not outcome.computed:
        return f"risk outcome not compared: {outcome.note}"
    if not outcome.changed:
        return "no answer changes risk (the rules were rewritten with the same outcomes)"
    return (f"{outcome.changed} of {outcome.selections} possible answers change risk "
            f"({outcome.existing_changed} possible today, {outcome.riskier} riskier)")


def change_details(change: Change, markers: Markers, escape: Callable[[str], str] = _plain) -> list[str]:
    """Lines that explain one change under its kind and path."""
    if change.outcome is not None:
        lines = [escape(outcome_summary(change.outcome))]
        lines += [escape(f"{example.describe()}: {example.before} -> {example.after}")
                  for example in change.outcome.examples]
        return [*lines, escape(f"- {show_value(change.before)}"), escape(f"+ {show_value(change.after)}")]
    if change.kind.endswith("_moved"):
        return [escape(f"from {change.before} to {change.after}")]
    if _is_text_edit(change):
        return [word_diff(change.before, change.after, markers, escape)]
    lines = []
    if change.before is not None:
        lines.append(escape(f"- {show_value(change.before)}"))
    if change.after is not None:
        lines.append(escape(f"+ {show_value(change.after)}"))
    return lines


def _is_text_edit(change: Change) -> bool:
    """Both sides are non-empty text: worth a word diff rather than two full values."""
    before, after = change.before, change.after
    return isinstance(before, str) and isinstance(after, str) and bool(before.strip()) and bool(after.strip())
