"""The notes walens writes: a per-choice note (at most 250 characters) and its own block in the
question notes, ``[walens-assess v1] ... [/walens-assess]``, which a rerun replaces and nothing else."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from publisher.assess.evaluate import Cited, Verdict

MAX_NOTES = 2084
MAX_CHOICE_NOTES = 250
BLOCK_START, BLOCK_END = "[walens-assess v1]", "[/walens-assess]"
CHOICE_NOTE_PREFIX = "[walens-assess] "
_BLOCK = re.compile(r"\n*\[walens-assess v\d+\].*?\[/walens-assess\]\n?", re.DOTALL)
_MARK = {"satisfied": "+", "violated": "-", "unknown": "?", "not_applicable": "n/a"}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_value(value: Any, limit: int = 80) -> str:
    """A fact value for a note: lists show their first items and how many more."""
    if isinstance(value, list):
        shown = ", ".join(str(item) for item in value[:3])
        more = f" +{len(value) - 3} more" if len(value) > 3 else ""
        return _shorten(f"[{shown}{more}]", limit)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _shorten(str(value), limit)


def cite(facts: Sequence[Cited]) -> str:
    return "; ".join(f"{fact.path}={show_value(fact.value)} ({fact.origin})" for fact in facts)


def choice_note(verdict: Verdict) -> str:
    """The note of one judged choice, within the API's 250 characters."""
    text = f"{CHOICE_NOTE_PREFIX}{verdict.verdict}: {verdict.reason}"
    if verdict.facts:
        text += f" [{cite(verdict.facts)}]"
    return _shorten(text, MAX_CHOICE_NOTES)


def without_block(notes: str) -> str:
    """``notes`` with walens's block taken out (a person's text is left as it is)."""
    if _BLOCK.search(notes) is None:
        return notes
    return _BLOCK.sub("", notes).rstrip("\n")


def with_block(notes: str, header: str, lines: Sequence[str]) -> str:
    """``notes`` with walens's block replaced by one holding ``lines``, cut to fit ``MAX_NOTES``.

    Lines that do not fit are dropped from the end and counted; when not even the header fits,
    the block is left out and the person's notes are kept whole.
    """
    kept = without_block(notes)
    prefix = kept + "\n\n" if kept else ""
    room = MAX_NOTES - len(prefix)
    for count in range(len(lines), -1, -1):
        tail = [f"… {len(lines) - count} more in the plan"] if count < len(lines) else []
        block = "\n".join([BLOCK_START, header, *lines[:count], *tail, BLOCK_END])
        if len(block) <= room:
            return prefix + block
    return kept


def verdict_line(verdict: Verdict) -> str:
    facts = f" [{cite(verdict.facts)}]" if verdict.facts else ""
    return _shorten(f"{_MARK[verdict.verdict]} {verdict.choice_id}: {verdict.reason}{facts}", 400)
