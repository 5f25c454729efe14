"""Shares never reach a principal outside the allowlist of walens.yaml, whatever the config or flags say.

Hypothesis writes configs (allowlists, per-target share lists that may name anyone), chooses flags
(publish or share, --prune, --enable-org-sharing, --target) and plants shares that someone else made
(to allowlisted and foreign principals, pending or expired). Each example runs the whole path from
the config text to the API, in the in-process sandbox, and records every CreateLensShare call at the
botocore level: each one must name a principal that the target's share list (within the allowlist)
holds, and --prune must leave nothing else behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.errors import WalensError
from publisher.publish.config import WalensConfig, parse_config
from publisher.publish.fanout import run_targets
from publisher.publish.jobs import JobContext, publish_one
from publisher.publish.plan import PublishOptions
from publisher.publish.release import Release, build_release
from publisher.publish.targets import Connector, Overrides, Target, offline_session, resolve_targets
from publisher.sandbox import advance_clock, reset_sandbox

REPO = Path(__file__).resolve().parents[2]
OWNER = "123456789012"  # the sandbox account that walens's fake keys act as
REGIONS = ("us-east-1", "eu-west-1")
EXPIRY = 8 * 24 * 3600
#: Placeholders for the organization and OU that each example creates in the sandbox.
REAL_ORG, REAL_OU = "<org>", "<ou>"
ACCOUNTS = ("222222222222", "333333333333", "444444444444", OWNER)
STRANGERS = ("555555555555", "o-zzzzzzzzzz", "ou-zzzz-zzzzzzzz", "arn:aws:iam::666666666666:user/eve", "*")


@dataclass
class ShareRecorder:
    """Every CreateLensShare call made through the sessions it hooked: (Region, SharedWith)."""

    created: list[tuple[str, str]] = field(default_factory=list)

    def session(self, profile: str | None) -> Any:
        session = offline_session(profile)
        session.events.register("before-parameter-build.wellarchitected.CreateLensShare", self._on_share)
        return session

    def _on_share(self, params: dict[str, Any], **_: Any) -> None:
        self.created.append((params["LensAlias"].split(":")[3], params["SharedWith"]))


@dataclass(frozen=True)
class Scenario:
    allowlist: tuple[str, ...]
    target_shares: tuple[tuple[str, ...] | None, ...]  # one per target; None: the whole allowlist
    selected: tuple[int, ...]  # --target (empty: all)
    planted: tuple[str, ...]  # shares someone else made before the run
    expire_planted: bool
    share_only: bool  # `walens share` instead of `walens publish`
    prune: bool
    enable_org_sharing: bool


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    allowlisted = st.sampled_from((*ACCOUNTS, REAL_OU, "ou-ab12-abcdefgh"))
    allowlist = draw(st.lists(allowlisted, unique=True, max_size=4))
    if draw(st.booleans()):
        allowlist.append(draw(st.sampled_from((REAL_ORG, "o-abcdefghij"))))
    anyone = st.sampled_from((*allowlist, *STRANGERS)) if allowlist else st.sampled_from(STRANGERS)
    share_list = st.none() | st.lists(st.sampled_from(allowlist), unique=True).map(tuple) if allowlist else st.none()
    shares = draw(st.lists(share_list | st.lists(anyone, unique=True, max_size=3).map(tuple), min_size=1,
                           max_size=len(REGIONS)))
    return Scenario(
        allowlist=tuple(allowlist), target_shares=tuple(shares),
        selected=tuple(draw(st.sets(st.sampled_from(range(len(shares)))))),
        planted=tuple(draw(st.lists(st.sampled_from((*ACCOUNTS[:3], *STRANGERS[:1])), unique=True, max_size=3))),
        expire_planted=draw(st.booleans()), share_only=draw(st.booleans()), prune=draw(st.booleans()),
        enable_org_sharing=draw(st.booleans()))


def config_text(scenario: Scenario) -> str:
    """walens.yaml for the scenario: one target per Region, each with its own share list (if any)."""
    kinds: dict[str, list[str]] = {"accounts": [], "organizationalUnits": []}
    shares: dict[str, Any] = {}
    for principal in scenario.allowlist:
        if principal.startswith("o-") or principal == REAL_ORG:
            shares["organization"] = principal
        else:
            kinds["organizationalUnits" if principal.startswith("ou-") or principal == REAL_OU else "accounts"].append(
                principal)
    shares |= kinds
    targets = [{"name": f"t{index}", "regions": [REGIONS[index]], **({"shares": list(listed)} if listed is not None
                                                                     else {})}
               for index, listed in enumerate(scenario.target_shares)]
    return json.dumps({"lens": "lens", "shares": shares, "targets": targets})  # JSON is YAML


@dataclass
class Run:
    recorder: ShareRecorder
    connector: Connector
    backups: Path

    def __call__(self, release: Release, targets: list[Target], options: PublishOptions) -> list[Any]:
        return run_targets(targets, partial(publish_one, JobContext(self.connector, options, self.backups), release))


@cache
def scaffolding(service: str, region: str = REGIONS[0]) -> Any:
    """A client acting outside walens (the account owner by hand); cached across examples."""
    import boto3

    return boto3.client(service, region_name=region)


def real_organization() -> dict[str, str]:
    orgs = scaffolding("organizations")
    organization = orgs.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = orgs.list_roots()["Roots"][0]["Id"]
    unit = orgs.create_organizational_unit(ParentId=root, Name="apps")["OrganizationalUnit"]["Id"]
    return {REAL_ORG: organization, REAL_OU: unit}


def plant_shares(release: Release, targets: list[Target], principals: tuple[str, ...]) -> None:
    """Shares made outside walens (by hand, by an earlier config) on every published target lens."""
    for target in targets:
        wa = scaffolding("wellarchitected", target.region)
        lenses = wa.list_lenses(LensType="CUSTOM_SELF", LensStatus="PUBLISHED")["LensSummaries"]
        for lens in (s for s in lenses if s["LensName"] == release.name):
            for principal in principals:
                if principal not in {s["SharedWith"] for s in wa.list_lens_shares(LensAlias=lens["LensArn"])[
                        "LensShareSummaries"]}:
                    wa.create_lens_share(LensAlias=lens["LensArn"], SharedWith=principal)


def shares_of(release: Release, region: str) -> set[str]:
    wa = scaffolding("wellarchitected", region)
    lenses = wa.list_lenses(LensType="CUSTOM_SELF", LensStatus="PUBLISHED")["LensSummaries"]
    return {s["SharedWith"] for lens in lenses if lens["LensName"] == release.name
            for s in wa.list_lens_shares(LensAlias=lens["LensArn"])["LensShareSummaries"]}


@pytest.fixture(scope="module")
def release() -> Release:
    return build_release(REPO / "lens_src" / "example", {})


@pytest.fixture(scope="module")
def in_process_sandbox() -> Iterator[None]:
    from botocore.retries.standard import ExponentialBackoff
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as patch, mock_aws():
        patch.setattr(ExponentialBackoff, "delay_amount", lambda _self, _context: 0)
        yield


def resolve(text: str, path: Path, selected: tuple[str, ...]) -> tuple[WalensConfig, list[Target]]:
    config = parse_config(text, path)
    return config, resolve_targets(config, Overrides(targets=selected))


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_no_share_ever_leaves_the_allowlist(scenario: Scenario, release: Release, in_process_sandbox: None,
                                           tmp_path: Path) -> None:
    reset_sandbox()
    text = config_text(scenario)
    organization = real_organization() if REAL_ORG in text or REAL_OU in text else {}
    for placeholder, real in organization.items():
        text = text.replace(placeholder, real)
    names = tuple(f"t{index}" for index in scenario.selected)
    outsiders = {principal for listed in scenario.target_shares if listed is not None for principal in listed
                 if principal not in scenario.allowlist}
    try:
        config, targets = resolve(text, tmp_path / "walens.yaml", names)
    except WalensError as refused:  # a target naming anyone outside the allowlist stops everything
        assert outsiders and "not in the top-level shares allowlist" in refused.message
        return
    assert not outsiders
    recorder = ShareRecorder()
    run = Run(recorder, Connector(recorder.session, max_attempts=2), tmp_path / "backups")
    run(release, targets, PublishOptions())  # the lens exists (and is shared) before the scenario's run
    plant_shares(release, targets, tuple(organization.get(p, p) for p in scenario.planted))
    if scenario.expire_planted:
        advance_clock(EXPIRY)
    results = run(release, targets, PublishOptions(prune=scenario.prune, enable_org_sharing=scenario.enable_org_sharing,
                                                   lens=not scenario.share_only))

    desired = {target.region: target.shares for target in targets}
    outside = [(region, principal) for region, principal in recorder.created if principal not in desired[region]]
    assert outside == []
    assert all(principal in config.share_allowlist for _, principal in recorder.created)
    for target, result in zip(targets, results, strict=True):
        if scenario.prune and result.ok:
            assert shares_of(release, target.region) <= target.shares


def test_the_recorder_sees_shares_that_walens_makes(release: Release, in_process_sandbox: None,
                                                    tmp_path: Path) -> None:
    """The property above is only as good as its recorder: a plain publish must show up in it."""
    reset_sandbox()
    recorder = ShareRecorder()
    target = Target(name="t", region=REGIONS[0], shares=frozenset({"222222222222", "333333333333"}))
    Run(recorder, Connector(recorder.session, max_attempts=2), tmp_path)(release, [target], PublishOptions())
    assert sorted(recorder.created) == [(REGIONS[0], "222222222222"), (REGIONS[0], "333333333333")]
