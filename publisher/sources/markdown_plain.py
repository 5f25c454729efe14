"""The Markdown most lens bodies are written in, split into blocks without markdown-it.

Lens bodies are mostly headings, paragraphs, ``- `` lists and ``<https://...>`` link lines.
:func:`plain_blocks` splits such a body exactly as ``markdown_text.parse_blocks`` does with
markdown-it (with its import, a fifth of the time ``walens build`` takes) and answers None for
anything outside that subset, which markdown-it then reads. The subset is chosen so that CommonMark
reads it in one way only: no character that can start inline markup (``*``, a backtick, ``[``,
``!``, ``\\``, ``&``, and ``<`` or ``>`` outside a link line), no ``_`` but between two ASCII
letters or digits, no line that is indented or ends in a space, no ordered list, setext heading,
thematic break, block quote, fence or closing ``#`` sequence, and no tab, carriage return, control
character or Unicode space. ``tests/sources/test_markdown_plain.py`` holds the two readers to the
same blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One top-level Markdown block: its plain text (a heading's raw text) and its first line (0-based)."""

    text: str
    line: int
    heading_level: int = 0
    autolink: str | None = None


#: Characters that can start markup, or that CommonMark reads as white space or replaces.
_MARKUP_OR_SPACE = re.compile(r"[*`\[\]!\\&<>\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200a"
                              r"\u2028\u2029\u202f\u205f\u3000\ufeff]")
#: An underscore that is not between two ASCII letters or digits could open or close emphasis.
_LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
#: A paragraph of one autolink that markdown-it shows as written (no percent-escape to decode,
#: no punycode host to recode).
_LINK_LINE = re.compile(r"<(https?://(?!xn--)[a-z0-9-]+(?:\.(?!xn--)[a-z0-9-]+)*(?::[0-9]{1,5})?"
                        r"(?:[/?#][A-Za-z0-9._~/?#=+,;:@$&'()!*-]*)?)>")
_HEADING = re.compile(r"(#{1,6}) ([^ #](?:.*[^#])?)")
#: How a line may start when it is not a heading or a ``- `` item: nothing another block could start with.
_BLOCK_START = re.compile(r"[ #+=>~-]|\d{1,9}[.)]")
_ITEM = "- "


def plain_blocks(markdown: str) -> list[Block] | None:
    """The blocks of ``markdown`` when it is in the plain subset, else None."""
    lines = markdown.split("\n")
    if not all(_plain_line(line) for line in lines):
        return None
    blocks: list[Block] = []
    lead_in: Block | None = None  # a paragraph on the lines right above: a list there joins it
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.fullmatch(line)
        if not line or heading is not None:
            if heading is not None:
                blocks.append(Block(heading.group(2), index, heading_level=len(heading.group(1))))
            lead_in = None
            index += 1
            continue
        read = _list(lines, index) if line.startswith(_ITEM) else _paragraph(lines, index)
        if read is None:
            return None
        block, index = read
        if lead_in is not None and line.startswith(_ITEM):
            blocks.pop()
            block = Block(f"{lead_in.text}\n{block.text}", lead_in.line)
        blocks.append(block)
        lead_in = None if line.startswith(_ITEM) else block
    return blocks


def _plain_line(line: str) -> bool:
    if _LINK_LINE.fullmatch(line):
        return True
    return not (line.endswith(" ") or _MARKUP_OR_SPACE.search(line) or _LOOSE_UNDERSCORE.search(line))


def _ends_paragraph(line: str) -> bool:
    """Whether ``line`` ends a paragraph above it: a blank line, a heading or a list item."""
    return not line or line.startswith(_ITEM) or _HEADING.fullmatch(line) is not None


def _paragraph(lines: list[str], start: int) -> tuple[Block, int] | None:
    """The paragraph starting at ``start`` and the index after it; None outside the subset."""
    link = _LINK_LINE.fullmatch(lines[start])
    if link is not None:  # alone in its paragraph, or markdown-it reads an inline link
        if start + 1 < len(lines) and not _ends_paragraph(lines[start + 1]):
            return None
        return Block(link.group(1), start, autolink=link.group(1)), start + 1
    index = start
    while index < len(lines) and not _ends_paragraph(lines[index]):
        if _LINK_LINE.fullmatch(lines[index]) or _BLOCK_START.match(lines[index]):
            return None
        index += 1
    return Block(" ".join(lines[start:index]), start), index


def _list(lines: list[str], start: int) -> tuple[Block, int] | None:
    """The ``- `` list starting at ``start`` and the index after it; None outside the subset.

    Lines right under an item that are not items are lazy continuations: as ``markdown_text`` reads
    them, the first starts a new line of the item's text and the others join it with spaces.
    """
    items: list[str] = []
    index = start
    while True:
        content = lines[index][len(_ITEM):]
        if _BLOCK_START.match(content):
            return None  # the item could hold another block
        index += 1
        lazy = []
        while index < len(lines) and not _ends_paragraph(lines[index]):
            if _LINK_LINE.fullmatch(lines[index]) or _BLOCK_START.match(lines[index]):
                return None
            lazy.append(lines[index])
            index += 1
        items.append(content + "\n" + " ".join(lazy) if lazy else content)
        after = index
        while after < len(lines) and not lines[after]:
            after += 1
        if after < len(lines) and lines[after].startswith(_ITEM):
            index = after
            continue
        return Block("\n".join(_ITEM + item for item in items), start), index
