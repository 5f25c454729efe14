"""Lens text inside GitHub Markdown: escaped, one line, with no mentions, issue links or control characters.

GitHub turns ``@name`` into a mention (a notification) and ``#123`` into a cross-reference even
after a backslash escape, so both get an invisible break: a zero-width space (``&#8203;``, as
Dependabot writes it) after the ``@`` or ``#``. Code spans need none (GitHub links nothing there).
"""

from __future__ import annotations

import html
import re

from publisher.safetext import clean

_SPECIAL = re.compile(r"([\\`*_\[\]<|~&])")
_SPACE = re.compile(r"\s+")
#: ``@user``, ``@org/team``, ``#123``, ``GH-123`` and ``owner/repo#123`` references.
_REFERENCE = re.compile(r"(?<![\w`])([@#])(?=[\w-])|(?<=\bGH)(-)(?=\d)", re.IGNORECASE)
ZERO_WIDTH = "&#8203;"


def no_references(text: str) -> str:
    """``text`` with a zero-width space after every ``@`` or ``#`` that GitHub would link."""
    return _REFERENCE.sub(lambda match: match.group() + ZERO_WIDTH, text)


def escape(text: str) -> str:
    """Text safe inside a GitHub table cell: Markdown and HTML characters escaped, one line, no links."""
    return no_references(_SPECIAL.sub(r"\\\1", clean(_SPACE.sub(" ", text))))


def html_text(text: str) -> str:
    """Text inside an HTML element (``<summary>``): HTML-escaped, one line, no links."""
    return no_references(html.escape(clean(_SPACE.sub(" ", text))))


def code_span(text: str, *, in_table: bool = False) -> str:
    """Inline code; text holding a backtick is escaped instead, as a code span could not hold it.

    In a table even a code span must escape ``|``, or GitHub splits the cell there.
    """
    text = clean(_SPACE.sub(" ", text))
    if "`" in text or not text.strip():
        return escape(text)
    return "`" + (text.replace("|", "\\|") if in_table else text) + "`"


def fenced(language: str, lines: list[str]) -> str:
    """A fenced code block; its fence is longer than any backtick run inside, so no line can close it."""
    body = [clean(line) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([f"{fence}{language}", *body, fence])
