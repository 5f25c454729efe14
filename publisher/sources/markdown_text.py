"""Markdown to the plain text the WA Tool shows, and plain text back to Markdown.

The WA Tool displays lens texts verbatim, so Markdown is flattened: paragraphs are separated by a
blank line, soft line breaks become spaces, list items become ``- item`` lines, emphasis and code
markers disappear and an inline link becomes ``text (url)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


@dataclass(frozen=True)
class Block:
    """One top-level Markdown block: its plain text (a heading's raw text) and its first line (0-based)."""

    text: str
    line: int
    heading_level: int = 0
    autolink: str | None = None


def parse_blocks(markdown: str) -> list[Block]:
    """Split Markdown into top-level blocks converted to plain text."""
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = _block_end(tokens, i)
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append(Block(tokens[i + 1].content.strip(), line, heading_level=level))
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            blocks.append(Block(_inline_text(inline), line, autolink=_sole_autolink(inline)))
        elif token.type != "hr":
            text = _container_text(tokens[i : end + 1])
            if text:
                blocks.append(Block(text, line))
        i = end + 1
    return blocks


def to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment (no section structure)."""
    return "\n\n".join(block.text for block in parse_blocks(markdown))


def _block_end(tokens: list[Token], start: int) -> int:
    token = tokens[start]
    if token.nesting != 1:
        return start
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _sole_autolink(inline: Token) -> str | None:
    """The URL when a paragraph is nothing but ``<url>``."""
    raw = inline.content.strip()
    children = inline.children or []
    if (
        len(children) == 3
        and children[0].type == "link_open"
        and children[0].markup == "autolink"
        and raw.startswith("<")
        and raw.endswith(">")
    ):
        return raw[1:-1]
    return None


def _inline_text(inline: Token) -> str:
    out: list[str] = []
    link_stack: list[tuple[str, int, bool]] = []
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "image":
            out.append(child.content)
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(out), child.markup == "autolink"))
        elif kind == "link_close" and link_stack:
            href, start, is_auto = link_stack.pop()
            label = "".join(out[start:])
            if not is_auto and label != href:
                out.append(f" ({href})")
    return "".join(out)


def _container_text(tokens: list[Token], indent: str = "") -> str:
    """Plain text of a list, blockquote, code block or HTML block."""
    first = tokens[0]
    if first.type in ("fence", "code_block", "html_block"):
        return first.content.rstrip("\n")
    if first.type in ("bullet_list_open", "ordered_list_open"):
        return _list_text(tokens, indent)
    parts: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type in ("paragraph_open", "heading_open"):
            parts.append(_inline_text(tokens[i + 1]))
        elif tokens[i].nesting != -1:
            parts.append(_container_text(tokens[i : end + 1], indent))
        i = end + 1
    return "\n\n".join(p for p in parts if p)


def _list_text(tokens: list[Token], indent: str) -> str:
    ordered = tokens[0].type == "ordered_list_open"
    number = int(tokens[0].attrs.get("start", 1) or 1) if ordered else 0
    lines: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type == "list_item_open":
            marker = f"{number}. " if ordered else "- "
            number += 1
            lines.append(indent + marker + _item_text(tokens[i : end + 1], indent + "  "))
        i = end + 1
    return "\n".join(lines)


def _item_text(tokens: list[Token], indent: str) -> str:
    pieces: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type == "paragraph_open":
            pieces.append(_inline_text(tokens[i + 1]))
        elif tokens[i].type in ("bullet_list_open", "ordered_list_open"):
            pieces.append("\n" + _list_text(tokens[i : end + 1], indent))
        elif tokens[i].nesting != -1:
            pieces.append(_container_text(tokens[i : end + 1], indent))
        i = end + 1
    return " ".join(pieces).replace(" \n", "\n")


# --- plain text back to Markdown (decompiler) -------------------------------------------------

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>&!])")
_LINE_START_SPECIALS = re.compile(r"^(\s*)([#>+\-=|~]|\d+(?=[.)]))")


def from_text(text: str) -> str | None:
    """Markdown whose plain text is exactly ``text``, or None when Markdown cannot express it."""
    if not text or text != text.strip():
        return None
    if to_text(text) == text:
        return text
    paragraphs = text.split("\n\n")
    rendered = []
    for para in paragraphs:
        lines = [_escape_line(line) for line in para.split("\n")]
        rendered.append("\\\n".join(lines))
    markdown = "\n\n".join(rendered)
    return markdown if to_text(markdown) == text else None


def _escape_line(line: str) -> str:
    escaped = _INLINE_SPECIALS.sub(r"\\\1", line)
    return _LINE_START_SPECIALS.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        return lead + marker + "\\"
    return lead + "\\" + marker
