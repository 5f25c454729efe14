"""Markdown to the plain text the WA Tool shows, and plain text back to Markdown.

The WA Tool displays lens texts verbatim, as plain text with its line breaks, so Markdown is
flattened: paragraphs are separated by a blank line, soft line breaks become spaces, emphasis and
code markers disappear and an inline link becomes ``text (url)``.

Lists are plain-text lines: each item is one line starting with ``- `` (or ``1. ``), items are
separated by ``\n`` and nested items are indented by two spaces per level. A list written directly
under its lead-in line (no blank line between them) stays attached to it with a single ``\n``. A line
after a list item that is not indented to the item's text (a CommonMark "lazy continuation") is not
glued onto the item: it starts a new line after it, because an author who writes

    Write policies that:
    - require requests,
    - warn on annotations.
    Start in audit mode.

means a closing sentence, not more words of the last item.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from publisher.sources.markdown_plain import Block, plain_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    # pure functions of the URL, each a fifth of the time of an autolink; a lens repeats its links
    parser.normalizeLink = lru_cache(maxsize=4096)(parser.normalizeLink)  # type: ignore[method-assign]
    parser.normalizeLinkText = lru_cache(maxsize=4096)(parser.normalizeLinkText)  # type: ignore[method-assign]
    return parser


def parse_blocks(markdown: str) -> list[Block]:
    """Split Markdown into top-level blocks converted to plain text.

    A paragraph directly followed by a list (no blank line between them) is one block: the lead-in
    line and the list items are joined with a single line break. Markdown in the plain subset of
    ``markdown_plain`` is split without markdown-it, to the same blocks.
    """
    plain = plain_blocks(markdown)
    if plain is not None:
        return plain
    return _markdown_it_blocks(markdown)


def _markdown_it_blocks(markdown: str) -> list[Block]:
    """``parse_blocks`` by markdown-it, for any Markdown."""
    source = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    attach_to_previous = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = _block_end(tokens, i)
        line = token.map[0] if token.map else 0
        block: Block | None = None
        if token.type == "heading_open":
            level = int(token.tag[1])
            block = Block(tokens[i + 1].content.strip(), line, heading_level=level)
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            block = Block(_inline_text(inline), line, autolink=_sole_autolink(inline))
        elif token.type != "hr":
            text = _container_text(tokens[i : end + 1], source=source)
            if text:
                block = Block(text, line)
        if block is not None:
            is_list = token.type in ("bullet_list_open", "ordered_list_open")
            if attach_to_previous and is_list and blocks:
                lead = blocks.pop()
                block = Block(f"{lead.text}\n{block.text}", lead.line)
            blocks.append(block)
            attach_to_previous = token.type == "paragraph_open" and token.map is not None and (
                _next_block_starts_at(tokens, end + 1, token.map[1]))
        i = end + 1
    return blocks


def _next_block_starts_at(tokens: list[Token], index: int, line: int) -> bool:
    """True when the block token at ``index`` starts on ``line`` (no blank line before it)."""
    where = tokens[index].map if index < len(tokens) else None
    return where is not None and where[0] == line


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


def _inline_text(inline: Token, lazy_lines: set[int] | None = None) -> str:
    """Plain text of an inline token.

    ``lazy_lines`` holds the offsets of lines that are lazy continuations of a list item: the first
    of them starts a new line (the list has ended for the reader); later soft breaks are spaces.
    """
    out: list[str] = []
    link_stack: list[tuple[str, int, bool]] = []
    line = 0
    broke_out = False
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            line += 1
            if lazy_lines and line in lazy_lines and not broke_out:
                out.append("\n")
                broke_out = True
            else:
                out.append(" ")
        elif kind == "hardbreak":
            line += 1
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


def _container_text(tokens: list[Token], indent: str = "", source: list[str] | None = None) -> str:
    """Plain text of a list, blockquote, code block or HTML block."""
    first = tokens[0]
    if first.type in ("fence", "code_block", "html_block"):
        return first.content.rstrip("\n")
    if first.type in ("bullet_list_open", "ordered_list_open"):
        return _list_text(tokens, indent, source)
    parts: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type in ("paragraph_open", "heading_open"):
            parts.append(_inline_text(tokens[i + 1]))
        elif tokens[i].nesting != -1:
            # Inside a blockquote the source lines carry "> " prefixes: no lazy-line detection there.
            parts.append(_container_text(tokens[i : end + 1], indent))
        i = end + 1
    return "\n\n".join(p for p in parts if p)


def _list_text(tokens: list[Token], indent: str, source: list[str] | None = None) -> str:
    ordered = tokens[0].type == "ordered_list_open"
    number = int(tokens[0].attrs.get("start", 1) or 1) if ordered else 0
    lines: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type == "list_item_open":
            marker = f"{number}. " if ordered else "- "
            number += 1
            lines.append(indent + marker + _item_text(tokens[i : end + 1], indent + "  ", source))
        i = end + 1
    return "\n".join(lines)


_ITEM_START = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( {1,4}(?! )|$)")


def _content_column(source: list[str] | None, item: Token) -> int | None:
    """Column where the text of a list item starts in the source, None when unknown."""
    if source is None or item.map is None or item.map[0] >= len(source):
        return None
    match = _ITEM_START.match(source[item.map[0]].expandtabs(4))
    return len(match.group(0)) if match else None


def _lazy_lines(source: list[str] | None, paragraph: Token, column: int | None) -> set[int]:
    """Offsets (1 = second line) of a paragraph's lines that are lazy continuations of a list item."""
    if source is None or column is None or paragraph.map is None:
        return set()
    start, stop = paragraph.map
    lazy = set()
    for number in range(start + 1, min(stop, len(source))):
        text = source[number].expandtabs(4)
        if len(text) - len(text.lstrip(" ")) < column:
            lazy.add(number - start)
    return lazy


def _item_text(tokens: list[Token], indent: str, source: list[str] | None = None) -> str:
    column = _content_column(source, tokens[0])
    pieces: list[str] = []
    i = 1
    while i < len(tokens) - 1:
        end = _block_end(tokens, i)
        if tokens[i].type == "paragraph_open":
            pieces.append(_inline_text(tokens[i + 1], _lazy_lines(source, tokens[i], column)))
        elif tokens[i].type in ("bullet_list_open", "ordered_list_open"):
            pieces.append("\n" + _list_text(tokens[i : end + 1], indent, source))
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
