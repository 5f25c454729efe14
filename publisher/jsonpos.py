"""Strict JSON parser that remembers where every value sits.

``load_with_positions`` returns the document and a :class:`SourceMap` holding the 1-based
line and column of every value, keyed by JSON pointer.  It accepts exactly RFC 8259 JSON:
``NaN``, ``Infinity``, trailing commas, comments and single quotes are syntax errors with
the line and column where they start.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from json import JSONDecodeError
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated; missing from typeshed
from typing import Any

from publisher.findings import SourceMap, pointer_join

MAX_NESTING = 200
#: Longer numbers mean nothing in a lens, and Python refuses to convert integers over 4,300 digits.
MAX_NUMBER_CHARACTERS = 100

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_NON_STANDARD = ("NaN", "Infinity", "-Infinity")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")


class JsonSyntaxError(ValueError):
    """Invalid JSON, with the 1-based line and column of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column


class _Parser:
    def __init__(self, text: str, file: str, duplicates: list[str] | None) -> None:
        self.text = text
        self.source_map = SourceMap(file)
        self.file = file
        self.duplicates = duplicates
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def fail(self, message: str, offset: int) -> JsonSyntaxError:
        return JsonSyntaxError(message, *self.position(offset))

    def skip_ws(self, offset: int) -> int:
        return _WS.match(self.text, offset).end()  # type: ignore[union-attr]

    def describe(self, offset: int) -> str:
        if offset >= len(self.text):
            return "the end of the file"
        return f"{self.text[offset]!r}"

    def value(self, offset: int, pointer: str, depth: int) -> tuple[Any, int]:
        """Parse the value starting at ``offset`` (no leading whitespace); return it and the end offset."""
        self.source_map.add(pointer, self.file, *self.position(offset))
        char = self.text[offset:offset + 1]
        if char == '"':
            return self.string(offset)
        if char in ("{", "["):
            if depth >= MAX_NESTING:
                raise self.fail(f"arrays and objects nested deeper than {MAX_NESTING} levels", offset)
            if char == "{":
                return self.obj(offset, pointer, depth + 1)
            return self.array(offset, pointer, depth + 1)
        number = _NUMBER.match(self.text, offset)
        if number is not None:
            return self.number(number.group(), offset, bool(number.group(1) or number.group(2))), number.end()
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, offset):
                return literal, offset + len(word)
        for word in _NON_STANDARD:
            if self.text.startswith(word, offset):
                raise self.fail(f"{word} is not valid JSON (use a number, a string or null)", offset)
        raise self.fail(f"expected a JSON value but found {self.describe(offset)}", offset)

    def number(self, text: str, offset: int, is_float: bool) -> int | float:
        if len(text) > MAX_NUMBER_CHARACTERS:
            raise self.fail(f"a number of {len(text)} characters (at most {MAX_NUMBER_CHARACTERS})", offset)
        if not is_float:
            return int(text)
        value = float(text)
        if math.isinf(value):
            raise self.fail(f"{text} is too large for a number", offset)
        return value

    def string(self, offset: int) -> tuple[str, int]:
        try:
            value: str
            end: int
            value, end = scanstring(self.text, offset + 1, True)
        except JSONDecodeError as exc:
            raise self.fail(exc.msg.removesuffix(" at").lower(), exc.pos) from None
        return value, end

    def obj(self, offset: int, pointer: str, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        pos = self.skip_ws(offset + 1)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                problem = "trailing comma before '}'" if self.text.startswith("}", pos) else (
                    f"expected a member name in double quotes but found {self.describe(pos)}")
                raise self.fail(problem, pos)
            key, pos = self.string(pos)
            pos = self.skip_ws(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(f"expected ':' after the member name but found {self.describe(pos)}", pos)
            child = pointer_join(pointer, key)
            if key in result and self.duplicates is not None:
                self.duplicates.append(child)
            result[key], pos = self.value(self.skip_ws(pos + 1), child, depth)
            pos = self.skip_ws(pos)
            if self.text.startswith("}", pos):
                return result, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail(f"expected ',' or '}}' after a member but found {self.describe(pos)}", pos)
            pos = self.skip_ws(pos + 1)

    def array(self, offset: int, pointer: str, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        pos = self.skip_ws(offset + 1)
        if self.text.startswith("]", pos):
            return result, pos + 1
        while True:
            if self.text.startswith("]", pos):
                raise self.fail("trailing comma before ']'", pos)
            item, pos = self.value(pos, pointer_join(pointer, len(result)), depth)
            result.append(item)
            pos = self.skip_ws(pos)
            if self.text.startswith("]", pos):
                return result, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail(f"expected ',' or ']' after an item but found {self.describe(pos)}", pos)
            pos = self.skip_ws(pos + 1)


def load_with_positions(text: str, file: str, *,
                        duplicates: list[str] | None = None) -> tuple[Any, SourceMap]:
    """Parse ``text`` strictly; return the document and the position of every value by JSON pointer.

    A leading byte-order mark is ignored.  When ``duplicates`` is given, the pointer of every
    member whose name repeats an earlier one in the same object is appended to it (the last
    occurrence wins, as in :func:`json.loads`).  Raises :class:`JsonSyntaxError`.
    """
    parser = _Parser(text.removeprefix("\ufeff"), file, duplicates)
    start = parser.skip_ws(0)
    if start == len(parser.text):
        raise parser.fail("the file is empty: expected a JSON value", start)
    doc, end = parser.value(start, "", 0)
    end = parser.skip_ws(end)
    if end != len(parser.text):
        raise parser.fail(f"unexpected {parser.describe(end)} after the end of the JSON value", end)
    return doc, parser.source_map


def column_in_string(line: str, quote_column: int, offset: int) -> int:
    """Column of the ``offset``-th decoded character of the JSON string whose quote is at ``quote_column``.

    Escapes (``\\n``, ``\\u00e9``, surrogate pairs) take several characters of ``line`` but
    decode to one, so the column is found by walking the raw text.
    """
    index = quote_column  # 0-based index of the first character after the opening quote
    for _ in range(offset):
        if index >= len(line):
            break
        index += _raw_width(line, index)
    return index + 1


def _raw_width(line: str, index: int) -> int:
    """How many characters of ``line`` encode the decoded character that starts at ``index``."""
    if line[index] != "\\":
        return 1
    if line[index + 1:index + 2] != "u":
        return 2
    code = int(line[index + 2:index + 6], 16) if _HEX4.fullmatch(line, index + 2, index + 6) else 0
    is_pair = 0xD800 <= code < 0xDC00 and line[index + 6:index + 8] == "\\u"
    return 12 if is_pair else 6
