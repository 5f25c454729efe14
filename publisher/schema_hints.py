"""The ``# yaml-language-server: $schema=...`` hints of source files, aimed at schemas that exist.

A hint is a path relative to the file. A walens checkout keeps the schemas in ``publisher/schemas/``,
a project made by ``walens init`` in ``schemas/``; a hint that points at neither is worse than none.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

PROJECT_SCHEMAS = "schemas"
_HINT = re.compile(r"(\$schema=)\S*?([\w-]+\.schema\.json)")
_HINT_LINE = re.compile(r"^# yaml-language-server: \$schema=\S*\n", re.M)
_PROBE = "lens-source.schema.json"


def aim(path: str, text: str, schemas: str | None) -> str:
    """``text`` of the file at ``path`` (POSIX, relative to a tree root) with each hint pointing at
    ``schemas`` (a folder relative to that root), or with its hint lines removed when ``schemas`` is None."""
    if schemas is None:
        return _HINT_LINE.sub("", text)
    up = "../" * (len(PurePosixPath(path).parts) - 1)
    return _HINT.sub(lambda match: f"{match[1]}{up}{schemas}/{match[2]}", text)


def schemas_above(folder: Path) -> str | None:
    """The nearest schema folder of a project or checkout that holds ``folder``, relative to it (POSIX)."""
    start = folder.resolve()
    for ancestor in (start, *start.parents):
        for candidate in (ancestor / PROJECT_SCHEMAS, ancestor / "publisher" / "schemas"):
            if (candidate / _PROBE).is_file():
                return PurePosixPath(os.path.relpath(candidate, start)).as_posix()
    return None
