"""Ids that become folder and file names: refused unless safe on Linux, macOS and Windows."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from publisher.errors import InputError

#: The lens format allows ids of up to 128 characters (question ids; pillar and choice ids up to 64).
MAX_ID_LENGTH = 128
_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                               *(f"LPT{n}" for n in range(1, 10))})


def name_problem(value: Any) -> str | None:
    """Why ``value`` cannot name a file or folder, or None when it can."""
    if not isinstance(value, str):
        return "is missing or not a string"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long; ids have at most {MAX_ID_LENGTH}"
    if not _NAME.fullmatch(value):
        return ("cannot be a file name: use letters, digits, '_' and '-', and '.' only inside "
                "(the lens format allows letters, digits and '_')")
    if value.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        return "is a reserved file name on Windows"
    return None


def checked_names(ids: Sequence[Any], pointer_of: Callable[[int], str], kind: str, suffix: str,
                  taken: str) -> list[str]:
    """``ids`` when each can name ``<id><suffix>`` in a folder that already holds the file ``taken``.

    Raises InputError, located at the JSON pointer of the offending id, for an unsafe id and for
    two names that are equal ignoring case (macOS and Windows folders ignore case).
    """
    seen = {taken.lower(): taken}
    names: list[str] = []
    for index, value in enumerate(ids):
        problem = name_problem(value)
        if problem is not None:
            raise InputError(f"{kind} id {value!r} {problem}", pointer_of(index))
        clash = seen.get(f"{value}{suffix}".lower())
        if clash is not None:
            raise InputError(f"{kind} id {value!r} would name {value}{suffix}, which clashes with {clash} "
                             "(file names ignore case on macOS and Windows)", pointer_of(index))
        seen[f"{value}{suffix}".lower()] = f"{kind} id {value!r} at {pointer_of(index)}"
        names.append(value)
    return names
