"""Saved plans, as in terraform: ``walens plan --out FILE``, then ``walens publish --plan FILE``.

The file holds, per target, what planning read (the lens ARN, published version, draft, tags and
shares: the *observed* state), the exact actions and the target's identity (account, role,
profile, endpoint, Region), with the lens name, a fingerprint of the build and the options.
Publishing from it checks, before any write, that the build is the one planned, that every
selected target is in the plan and that every target is still the account and endpoint it was
planned for: any of these refuses the whole apply. Then it plans each target again with the same
read calls and applies only where nothing moved: same observed state, same actions. A target whose
state changed is refused, naming what changed; the others go ahead.

A plan is saved only when every target planned; ``--allow-partial`` saves the others and records
which targets are missing and why, and such a plan applies only with ``--allow-partial`` again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import Refused, UsageError
from publisher.lensjson import text_fingerprint
from publisher.publish.actions import TargetPlan
from publisher.publish.awserrors import describe
from publisher.publish.fanout import TargetResult
from publisher.publish.plan import PublishOptions
from publisher.publish.plan_file import FORMAT, read_plan_document
from publisher.publish.plan_identity import Identity, identity_changes, identity_of
from publisher.publish.release import Release
from publisher.publish.targets import Connector, Target
from publisher.safetext import clean

Key = tuple[str, str]  # (target name, Region)


def build_fingerprint(release: Release) -> str:
    """SHA-256 of what a publish writes: the lens content, its declared version and its tags."""
    return text_fingerprint(json.dumps([release.canonical_text, release.declared_version,
                                        sorted(release.tags.items())]))


def key(target: Target) -> Key:
    return target.name, target.region


@dataclass(frozen=True)
class SavedPlan:
    path: Path
    lens: str
    fingerprint: str
    options: PublishOptions
    #: (target name, Region) -> the plan of that target as ``TargetPlan.to_json`` wrote it, and its identity.
    targets: dict[Key, dict[str, Any]]
    #: Saved with ``--allow-partial``: the targets in ``missing`` did not plan.
    partial: bool = False
    #: (target name, Region) -> why that target is not in the plan.
    missing: dict[Key, str] = field(default_factory=dict)

    def check_release(self, release: Release) -> None:
        """Refuse to apply the plan to another lens or another build than the one planned."""
        if release.name != self.lens:
            raise Refused(f"{self._name} was made for the lens {clean(self.lens)!r}, the config's lens is "
                          f"{clean(release.name)!r}; nothing was applied")
        if build_fingerprint(release) != self.fingerprint:
            raise Refused("the lens sources, version or tags changed since the plan was saved; plan again")

    def select(self, configured: Sequence[Target], selected: Sequence[Target], *,
               allow_partial: bool) -> tuple[list[Target], list[Target]]:
        """The ``selected`` targets the plan holds, and those it does not (to report as failed).

        ``configured`` are the targets before ``--shard``: a plan's targets outside the shard are
        left to the other jobs. A selected target missing from the plan refuses the whole apply,
        unless the plan was saved with ``--allow-partial`` and ``allow_partial`` is given again."""
        unknown = sorted(set(self.targets) - {key(target) for target in configured})
        if unknown:
            raise UsageError(f"{self._name} plans target(s) the config does not select: "
                             + ", ".join(f"{name}/{region}" for name, region in unknown))
        absent = [target for target in selected if key(target) not in self.targets]
        if absent and not (self.partial and allow_partial):
            raise Refused(self._absent_message(absent, allow_partial=allow_partial))
        return [target for target in selected if key(target) in self.targets], absent

    def _absent_message(self, absent: Sequence[Target], *, allow_partial: bool) -> str:
        listed = "; ".join(f"{target.label} ({self.why_missing(target)})" for target in absent)
        head = f"{self._name} does not hold {len(absent)} selected target(s): {listed}; nothing was applied: "
        if self.partial:
            return head + ("plan again, or pass --allow-partial to apply the targets the plan holds and "
                           "fail these")
        hint = " (--allow-partial applies only a plan saved with --allow-partial)" if allow_partial else ""
        return head + ("plan these targets, or give publish the --target, --region and --shard the plan was "
                       f"made with{hint}")

    def why_missing(self, target: Target) -> str:
        return clean(self.missing.get(key(target), "not planned"))

    def unplanned_result(self, target: Target) -> TargetResult:
        """A target of a partial plan that is not in it: failed, nothing done."""
        why = self.why_missing(target)
        return TargetResult(target, action="not in the plan", ok=False,
                            messages=[f"error: not applied: the plan holds no plan for it ({why})"])

    def check_identities(self, connector: Connector, targets: Sequence[Target]) -> None:
        """Refuse the whole apply when a target is not the account, role, profile, endpoint and Region it
        was planned for (or that cannot be told: then its error); reads only, before any write."""
        moved = []
        for target in targets:
            planned = Identity.from_json(self.targets[key(target)]["identity"])
            try:
                changes = identity_changes(planned, connector, target)
            except Exception as exc:
                changes = [f"cannot tell whether it is the account planned: {describe(exc)}"]
            if changes:
                moved.append(f"{target.label}: {', '.join(changes)}")
        if moved:
            raise Refused(f"nothing was applied: {len(moved)} target(s) are not the ones {self._name} was made for "
                          f"({'; '.join(moved)}); plan again for where you mean to publish")

    def changes(self, plan: TargetPlan) -> list[str]:
        """What differs between the saved plan of ``plan``'s target and ``plan``; empty: apply it."""
        saved = self.targets.get(key(plan.target))
        if saved is None:
            return [f"{plan.target.label} is not in the saved plan"]
        fresh = plan.to_json()
        moved = [f"{name}: {saved['observed'].get(name)!r} -> {fresh['observed'].get(name)!r}"
                 for name in sorted(set(saved["observed"]) | set(fresh["observed"]))
                 if saved["observed"].get(name) != fresh["observed"].get(name)]
        if moved:
            return [f"the target changed since the plan ({'; '.join(moved)})"]
        if saved["actions"] != fresh["actions"] or saved["refused"] != fresh["refused"]:
            return ["the plan for this target now has other actions; plan again"]
        return []

    @property
    def _name(self) -> str:
        return clean(str(self.path))


def unplanned_reasons(results: Sequence[TargetResult]) -> dict[Key, str]:
    """The targets of a plan run that did not plan (failed, or not started after Ctrl-C), and why."""
    return {key(result.target): "; ".join(result.messages) or result.action
            for result in results if "plan" not in result.detail}


def write_plan(path: Path, release: Release, options: PublishOptions, results: Sequence[TargetResult],
               connector: Connector) -> None:
    """Save the plans among ``results`` for ``publish --plan``, each with its target's identity; the
    targets that did not plan are recorded as missing (the plan is then partial)."""
    missing = unplanned_reasons(results)
    document = {
        "format": FORMAT, "lens": release.name, "fingerprint": build_fingerprint(release),
        "options": asdict(options), "partial": bool(missing),
        "missing": [{"target": name, "region": region, "reason": reason} for (name, region), reason in missing.items()],
        "targets": [{**result.detail["plan"], "identity": identity_of(connector, result.target).to_json()}
                    for result in results if "plan" in result.detail],
    }
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise UsageError(f"cannot write the plan to {clean(str(path))}: {exc.strerror or exc}") from exc


def read_plan(path: Path) -> SavedPlan:
    """The plan saved at ``path``; UsageError naming the file, line, column and key when it is not one."""
    document = read_plan_document(path)
    targets: dict[Key, dict[str, Any]] = {}
    for index, entry in enumerate(document["targets"]):
        if (entry["target"], entry["region"]) in targets:
            raise UsageError(f"{clean(str(path))}: /targets/{index}: a second plan for "
                             f"{clean(entry['target'])}/{clean(entry['region'])}")
        targets[entry["target"], entry["region"]] = entry
    missing = {(entry["target"], entry["region"]): entry["reason"] for entry in document["missing"]}
    return SavedPlan(path, document["lens"], document["fingerprint"], PublishOptions(**document["options"]),
                     targets, document["partial"], missing)
