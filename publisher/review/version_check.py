"""Does the declared version move on from the base as the change requires? Uses the publisher's policy."""

from __future__ import annotations

from publisher.diff.model import Classification
from publisher.publish.versioning import NUMERIC_RE, Bump, VersionPolicyError, bump_kind, next_version
from publisher.review.model import VersionCheck


def check_version(base: str | None, head: str | None, classification: Classification, *,
                  base_exists: bool) -> VersionCheck:
    """Compare the head's version with the base's for a change classified ``classification``.

    A major change needs MAJOR raised, a minor change a higher version with the same MAJOR, and no
    change needs no bump (a bump alone publishes nothing new).
    """
    if not base_exists:
        return VersionCheck("ok", f"new lens, first version {head or '(not declared)'}", base, head, "new")
    if head is None or base is None:
        side = "head" if head is None else "base"
        return VersionCheck("unknown", f"the {side} declares no version (a JSON file); bump not checked",
                            base, head, classification)
    if classification == "none":
        message = ("no lens change and no bump" if head == base
                   else f"version changed {base} -> {head} but the lens did not change")
        return VersionCheck("ok", message, base, head, "none")
    required: Bump = "major" if classification == "major" else "minor"
    hint = f"; set version: \"{next_version(base, required)}\" in lens.yaml" if NUMERIC_RE.match(base) else ""
    if head == base:
        return VersionCheck("mismatch", f"the change is {classification} but the version stays {head}{hint}",
                            base, head, classification)
    try:
        bump = bump_kind(base, head)
    except VersionPolicyError as exc:
        return VersionCheck("mismatch", f"{exc}{hint}", base, head, classification)
    if bump != classification:
        return VersionCheck("mismatch", f"{base} -> {head} is a {bump} bump but the change is {classification}"
                            f"{hint}", base, head, classification)
    return VersionCheck("ok", f"{base} -> {head}: a {bump} bump for a {classification} change",
                        base, head, classification)
