"""Reading a plan file (a saved publish plan, an assessment plan): untrusted input, read within limits.

A plan comes from a CI artifact or a pull request: anything can be in it. It is read as the lens
loader reads JSON: a regular file (a FIFO or device is never opened) of at most ``max_bytes`` (larger
ones are refused unread), UTF-8, parsed strictly by ``publisher.jsonpos`` (nesting limit, positions,
repeated keys refused). Every problem is one ``UsageError`` naming the file, and ``file:line:col``
with the JSON pointer where there is one.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from publisher.errors import UsageError
from publisher.findings import SourceMap
from publisher.jsonpos import JsonSyntaxError, load_with_positions
from publisher.safetext import clean


def read_plan_json(path: Path, what: str, max_bytes: int) -> tuple[Any, SourceMap]:
    """The JSON document in ``path`` (``what`` names it in messages: "saved plan") and its positions."""
    shown = clean(str(path))
    try:
        text = _read_bytes(path, shown, what, max_bytes).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: byte offset {exc.start} is not valid UTF-8 (a {what} is UTF-8 JSON)") from None
    duplicates: list[str] = []
    try:
        doc, positions = load_with_positions(text, str(path), duplicates=duplicates)
    except JsonSyntaxError as exc:
        raise UsageError(f"{shown}:{exc.line}:{exc.column}: not valid JSON: {exc.message} "
                         "(a truncated or edited plan? make it again)") from None
    if duplicates:
        raise UsageError(f"{positions.locate(duplicates[0])}: {shown_pointer(duplicates[0])}: the key appears twice "
                         "in the same object")
    return doc, positions


def shown_pointer(pointer: str) -> str:
    """A pointer as messages show it: control characters escaped, at most 120 characters."""
    text = clean(pointer) or "(top level)"
    return text if len(text) <= 120 else text[:117] + "..."


def _read_bytes(path: Path, shown: str, what: str, max_bytes: int) -> bytes:
    """The file's bytes, if it is a regular file of at most ``max_bytes``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{shown}: not a regular file (a {what} is a JSON file)")
        if info.st_size > max_bytes:
            raise UsageError(f"{shown}: the file is {info.st_size:,} bytes; walens reads {what}s up to "
                             f"{max_bytes:,} bytes")
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {shown}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # it grew after stat
        raise UsageError(f"{shown}: larger than the {max_bytes:,} bytes walens reads in a {what}")
    return data
