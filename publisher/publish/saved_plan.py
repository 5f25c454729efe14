"""Saved plans, as in terraform: ``walens plan --out FILE``, then ``walens publish --plan FILE``.

The file holds, per target, what planning read (the lens ARN, published version, draft, tags and
shares: the *observed* state) and the exact actions, with a fingerprint of the build and the
options. Publishing from it plans each target again with the same read calls and applies only
where nothing moved: same build, same observed state, same actions. A target whose state changed
is refused, naming what changed; the others go ahead.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from publisher.errors import Refused, UsageError
from publisher.lensjson import text_fingerprint
from publisher.publish.actions import TargetPlan
from publisher.publish.plan import PublishOptions
from publisher.publish.release import Release

FORMAT = "walens-plan/1"


def build_fingerprint(release: Release) -> str:
    """SHA-256 of what a publish writes: the lens content, its declared version and its tags."""
    return text_fingerprint(json.dumps([release.canonical_text, release.declared_version,
                                        sorted(release.tags.items())]))


@dataclass(frozen=True)
class SavedPlan:
    fingerprint: str
    options: PublishOptions
    #: (target name, Region) -> the plan of that target as ``TargetPlan.to_json`` wrote it.
    targets: dict[tuple[str, str], dict[str, Any]]

    def check_release(self, release: Release) -> None:
        """Refuse to apply the plan to another build than the one planned."""
        if build_fingerprint(release) != self.fingerprint:
            raise Refused("the lens sources, version or tags changed since the plan was saved; plan again")

    def changes(self, plan: TargetPlan) -> list[str]:
        """What differs between the saved plan of ``plan``'s target and ``plan``; empty: apply it."""
        saved = self.targets.get((plan.target.name, plan.target.region))
        if saved is None:
            return [f"{plan.target.label} is not in the saved plan"]
        fresh = plan.to_json()
        moved = [f"{key}: {saved['observed'].get(key)!r} -> {fresh['observed'].get(key)!r}"
                 for key in sorted(set(saved["observed"]) | set(fresh["observed"]))
                 if saved["observed"].get(key) != fresh["observed"].get(key)]
        if moved:
            return [f"the target changed since the plan ({'; '.join(moved)})"]
        if saved["actions"] != fresh["actions"] or saved["refused"] != fresh["refused"]:
            return ["the plan for this target now has other actions; plan again"]
        return []


def write_plan(path: Path, release: Release, options: PublishOptions, plans: list[dict[str, Any]]) -> None:
    """Save ``plans`` (``TargetPlan.to_json`` of every planned target) for ``publish --plan``."""
    document = {"format": FORMAT, "lens": release.name, "fingerprint": build_fingerprint(release),
                "options": asdict(options), "targets": plans}
    try:
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the plan to {path}: {exc.strerror or exc}") from exc


def read_plan(path: Path) -> SavedPlan:
    """The plan saved at ``path``; UsageError when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the saved plan {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UsageError(f"{path} is not a saved walens plan (expected \"format\": \"{FORMAT}\")")
    try:
        targets = {(entry["target"], entry["region"]): entry for entry in document["targets"]}
        return SavedPlan(str(document["fingerprint"]), PublishOptions(**document["options"]), targets)
    except (KeyError, TypeError) as exc:
        raise UsageError(f"{path}: the saved plan is incomplete ({exc})") from exc
