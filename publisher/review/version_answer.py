"""One "set version" answer per review: the version check (from the git base) and the publish preview
(from the lens published in each target) must not tell the author two different versions."""

from __future__ import annotations

import re
from dataclasses import replace

from publisher.review.model import PublishPreview, VersionCheck

_SET_VERSION = re.compile(r'set version: "([^"]+)" in lens\.yaml')
_OWN_HINT = re.compile(r'; set version: "[^"]+" in lens\.yaml$')


def reconcile(version: VersionCheck, preview: PublishPreview) -> VersionCheck:
    """``version`` with its hint replaced by what the previewed targets need, when they need a version.

    The published lens can be ahead of the git base (another branch published first): then publish
    needs the targets' version, not the base's, and the verdict says which and why.
    """
    needed: dict[str, list[str]] = {}
    for row in preview.targets:
        for message in row.get("messages", ()):
            found = _SET_VERSION.search(str(message))
            if found:
                needed.setdefault(found.group(1), []).append(f"{row.get('target')}/{row.get('region')}")
    if not needed:
        return version
    own = _SET_VERSION.search(version.message)
    message = _OWN_HINT.sub("", version.message)
    if len(needed) > 1:
        each = "; ".join(f"{answer} in {', '.join(where)}" for answer, where in sorted(needed.items()))
        message += f"; the targets need different versions ({each}): publish them apart or pass --auto-bump"
    else:
        [(answer, where)] = needed.items()
        message += f'; set version: "{answer}" in lens.yaml, what publish needs in {", ".join(where)}'
        if own and own.group(1) != answer:
            message += f" (the published lens is ahead of the base, which alone would need {own.group(1)})"
    return replace(version, message=message, status="unknown" if version.status == "unknown" else "mismatch")
