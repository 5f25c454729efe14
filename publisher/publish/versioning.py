"""Version policy: which version string a publish uses, and whether it is a major version.

Scheme: versions are dot-separated numbers, ``MAJOR[.MINOR[.PATCH...]]`` (``1``, ``1.0``, ``1.3.6``),
within the service rule ``^[A-Za-z0-9.]{1,32}$``. Compared with the published version:

- a *major* bump raises MAJOR (``1.4`` -> ``2.0``); required when the diff is ``major``;
- a *minor* bump keeps MAJOR and raises the rest (``1.3.6`` -> ``1.3.7`` or ``1.4``); required when
  the diff is ``minor``.

A disagreement is refused unless auto-bump is on, which then takes the next version: MAJOR+1 ``.0``
for a major change, the last number + 1 for a minor one (``1.0`` -> ``1.1``, ``1.3.6`` -> ``1.3.7``).
A version string that the lens has already published is never reused (``version_count.py`` counts them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

VERSION_RE = re.compile(r"^[A-Za-z0-9.]{1,32}$")
NUMERIC_RE = re.compile(r"^\d+(\.\d+)*$")

Bump = Literal["major", "minor"]


class VersionPolicyError(ValueError):
    """The declared version cannot be published; the message says why and what to do."""


def parse(version: str) -> tuple[int, ...]:
    """The numbers of a version string; raises VersionPolicyError when it does not follow the scheme."""
    if not VERSION_RE.match(version):
        raise VersionPolicyError(f"version {version!r} must match {VERSION_RE.pattern} (letters, digits, dots)")
    if not NUMERIC_RE.match(version):
        raise VersionPolicyError(f"version {version!r} is not MAJOR[.MINOR[.PATCH]] numbers; walens cannot "
                                 "tell a major from a minor bump")
    return tuple(int(part) for part in version.split("."))


def bump_kind(published: str, declared: str) -> Bump:
    """How ``declared`` moves on from ``published``; raises VersionPolicyError if it does not increase."""
    old, new = parse(published), parse(declared)
    if new[0] > old[0]:
        return "major"
    if new[0] == old[0] and _padded(new[1:], old[1:]) > _padded(old[1:], new[1:]):
        return "minor"
    raise VersionPolicyError(f"version {declared} does not increase on the published version {published}")


def _padded(parts: tuple[int, ...], other: tuple[int, ...]) -> tuple[int, ...]:
    return parts + (0,) * max(0, len(other) - len(parts))


def next_version(published: str, bump: Bump) -> str:
    """The next version after ``published`` for a change of kind ``bump``."""
    parts = parse(published)
    if bump == "major":
        return f"{parts[0] + 1}.0"
    if len(parts) == 1:
        return f"{parts[0]}.1"
    return ".".join(str(n) for n in (*parts[:-1], parts[-1] + 1))


@dataclass(frozen=True)
class VersionDecision:
    version: str
    is_major: bool
    note: str = ""


def decide_version(*, declared: str, published: str | None, classification: Bump, auto_bump: bool,
                   version_exists: Callable[[str], bool]) -> VersionDecision:
    """Pick the version to publish for a change of kind ``classification``.

    ``published`` is the lens's current version (None for a new lens); ``version_exists`` asks the
    service whether a version string was already used by this lens.
    """
    if published is None:
        if not VERSION_RE.match(declared):
            raise VersionPolicyError(f"version {declared!r} must match {VERSION_RE.pattern}")
        return VersionDecision(declared, is_major=True, note="first version")
    try:
        agrees = bump_kind(published, declared) == classification
        reason = "" if agrees else (f"lens.yaml declares {declared}, a {bump_kind(published, declared)} bump "
                                    f"from {published}, but the change is {classification}")
    except VersionPolicyError as exc:
        agrees, reason = False, str(exc)
    if agrees and not version_exists(declared):
        return VersionDecision(declared, is_major=classification == "major")
    if agrees:
        reason = f"version {declared} was already published by this lens; versions are never reused"
    if not auto_bump:
        hint = next_version(published, classification) if NUMERIC_RE.match(published) else "a new version"
        raise VersionPolicyError(f"{reason}; set version: \"{hint}\" in lens.yaml or pass --auto-bump")
    candidate = next_version(published, classification)
    while version_exists(candidate):
        candidate = next_version(candidate, "minor")
    note = (f"lens.yaml declares {declared}; auto-bumped to {candidate}: set version: \"{candidate}\" in lens.yaml "
            "so that the sources name the version they published") if declared else ""
    return VersionDecision(candidate, is_major=classification == "major", note=note)
