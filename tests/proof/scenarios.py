"""Publish and share scenarios shared by the proof tests and the API benchmarks.

A scenario is a starting state (nothing, or the example lens published by walens with some shares)
and one ``walens publish`` or ``walens share`` run.  ``Rig`` arranges the state in a sandbox (in
process under ``moto.mock_aws`` or over HTTP), runs the CLI and reads back what the service holds.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from unittest import mock

from publisher.lensjson import canonical
from publisher.publish.jobs import JobContext, plan_one, publish_one
from publisher.publish.plan import PublishOptions
from publisher.publish.release import Release, build_release
from publisher.publish.targets import Connector, Target, default_session_factory
from publisher.publish.version_count import VERSION_COUNT_TAG, VERSION_TAG
from publisher.sandbox.harness import DEFAULT_REGION, FAKE_CREDENTIALS, Sandbox

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_LENS = REPO / "lens_src" / "example"
RECIPIENT, SECOND_RECIPIENT, STRANGER = "222222222222", "444444444444", "555555555555"
CONFIG_TAGS = {"team": "platform"}
ACTIVE_SHARES = frozenset({"PENDING", "ACCEPTED", "ASSOCIATING", "ASSOCIATED"})
PAST_INVITATION_TTL = 8 * 24 * 3600.0  # seconds: pending invitations expire after seven days

#: Environment of every in-process or child-process run: fake keys, no profile, no shared config.
FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
    "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
    "AWS_DEFAULT_REGION": DEFAULT_REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
LEAKY_VARIABLES = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_WELLARCHITECTED",
                   "AWS_ENDPOINT_URL_STS")


def child_environment() -> dict[str, str]:
    """``os.environ`` with fake AWS credentials and nothing that could point at real AWS."""
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_VARIABLES}
    return env | FAKE_ENVIRONMENT


@contextlib.contextmanager
def fake_environment() -> Iterator[None]:
    """Run the block with ``child_environment()`` as this process's environment."""
    with mock.patch.dict(os.environ, child_environment(), clear=True):
        yield


@cache
def _shared_loader() -> Any:
    import botocore.session

    return botocore.session.get_session().get_component("data_loader")


def quick_session(profile: str | None) -> Any:
    """``default_session_factory`` whose sessions share one botocore data loader, so that the many
    short runs of a test session read botocore's model files once (the publisher shares its loader
    within one run the same way)."""
    session = default_session_factory(profile)
    session._session.register_component("data_loader", _shared_loader())
    return session


def quick_connector() -> Connector:
    return Connector(quick_session)


# -- lens variants --------------------------------------------------------------------------------
QUESTION_FILE = Path("governance") / "gov_ownership.md"
QUESTION_TITLE = "title: How do you know who owns each data store?"
VARIANT_VERSIONS = {"base": "1.0", "wording": "1.1", "rewording": "1.1", "major": "2.0"}
RETITLED = {"wording": "each data store today?", "rewording": "each data store now?"}


def write_variant(variant: str, folder: Path) -> Path:
    """The example lens as ``base`` (1.0), ``wording`` or ``rewording`` (1.1: one question retitled in
    two different ways, a minor change) or ``major`` (2.0: that question removed), written to
    ``folder/variant``."""
    lens_dir = folder / variant
    shutil.copytree(EXAMPLE_LENS, lens_dir)
    lens_yaml = lens_dir / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace(
        'version: "1.0"', f'version: "{VARIANT_VERSIONS[variant]}"'), encoding="utf-8")
    if variant in RETITLED:
        question = lens_dir / QUESTION_FILE
        question.write_text(question.read_text(encoding="utf-8").replace(
            QUESTION_TITLE, QUESTION_TITLE.replace("each data store?", RETITLED[variant])), encoding="utf-8")
    elif variant == "major":
        pillar = lens_dir / "governance" / "pillar.yaml"
        pillar.write_text(pillar.read_text(encoding="utf-8").replace("  - gov_ownership\n", ""), encoding="utf-8")
        (lens_dir / QUESTION_FILE).unlink()
    return lens_dir


@dataclass(frozen=True)
class Scenario:
    """A starting state and one run of ``command`` that should end in the desired state."""

    name: str
    command: str  # publish | share
    lens: str  # the variant the run publishes
    published: str | None  # the variant walens published before the run, if any
    allowlist: tuple[str, ...]  # the config's share allowlist (the desired shares)
    prior_shares: tuple[str, ...] = ()
    prior_shares_expired: bool = False
    prune: bool = False

    @property
    def expected_version(self) -> str:
        return VARIANT_VERSIONS[self.lens]

    @property
    def expected_version_count(self) -> int:
        return 1 if self.published in (None, self.lens) else 2

    def cli_args(self) -> list[str]:
        return [self.command, *(["--prune"] if self.prune else [])]

    def options(self) -> PublishOptions:
        return PublishOptions(prune=self.prune, lens=self.command == "publish")

    def __str__(self) -> str:
        return self.name


FIRST_PUBLISH = Scenario("first-publish", "publish", "base", None, (RECIPIENT,))
NO_OP_PUBLISH = Scenario("no-op-publish", "publish", "base", "base", (RECIPIENT,), (RECIPIENT,))
WORDING_CHANGE = Scenario("wording-change", "publish", "wording", "base", (RECIPIENT,), (RECIPIENT,))
MAJOR_CHANGE = Scenario("major-change", "publish", "major", "base", (RECIPIENT,), (RECIPIENT,))
SHARE_NOTHING_TO_DO = Scenario("share-nothing-to-do", "share", "base", "base", (RECIPIENT,), (RECIPIENT,))
#: Re-share an expired invitation, share with a new account, prune a share the config does not list.
SHARE_RECONCILE = Scenario("share-reconcile", "share", "base", "base", (RECIPIENT, SECOND_RECIPIENT),
                           (RECIPIENT, STRANGER), prior_shares_expired=True, prune=True)


# -- running the CLI ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli_in_process(args: list[str]) -> CliRun:
    """``walens ARGS`` through the real entry point, in this process, with output captured."""
    from publisher.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return CliRun(code, out.getvalue(), err.getvalue())


# -- what the service holds -----------------------------------------------------------------------
@dataclass(frozen=True)
class LensView:
    """Our lens as the owner account sees it."""

    arn: str | None
    published_version: str | None
    has_draft: bool
    tags: dict[str, str] = field(default_factory=dict)
    shares: dict[str, set[str]] = field(default_factory=dict)  # principal -> statuses

    def active_shares(self) -> set[str]:
        return {principal for principal, statuses in self.shares.items() if statuses & ACTIVE_SHARES}


@cache
def built_releases(workspace: Path) -> dict[str, Release]:
    return {variant: build_release(workspace / variant, CONFIG_TAGS) for variant in VARIANT_VERSIONS}


class Rig:
    """A workspace (lens variants, config files, releases) on one sandbox, in process or over HTTP."""

    def __init__(self, workspace: Path, endpoint: str | None = None) -> None:
        self.workspace = workspace
        self.endpoint = endpoint
        self.sandbox = Sandbox(endpoint=endpoint)
        self.lens_dirs = {variant: workspace / variant for variant in VARIANT_VERSIONS}
        for variant, lens_dir in self.lens_dirs.items():
            if not lens_dir.is_dir():
                write_variant(variant, workspace)

    @property
    def releases(self) -> dict[str, Release]:
        """Every variant built exactly as the CLI builds it from a config with ``CONFIG_TAGS``."""
        return built_releases(self.workspace)

    @cached_property
    def wa(self) -> Any:
        return self.sandbox.client()

    def target(self, shares: tuple[str, ...] = ()) -> Target:
        return Target(name="owner", region=DEFAULT_REGION, endpoint_url=self.endpoint, shares=frozenset(shares))

    def write_config(self, scenario: Scenario, folder: Path) -> Path:
        """A walens.yaml in ``folder`` publishing the scenario's lens to one owner target."""
        target: dict[str, Any] = {"name": "owner", "regions": [DEFAULT_REGION]}
        if self.endpoint:
            target["endpointUrl"] = self.endpoint
        config = {"lens": str(self.lens_dirs[scenario.lens]), "tags": CONFIG_TAGS,
                  "shares": {"accounts": list(scenario.allowlist)}, "targets": [target]}
        path = folder / "walens.yaml"
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")  # JSON is YAML
        return path

    def arrange(self, scenario: Scenario, backups: Path) -> None:
        """Reset the sandbox to the scenario's starting state and empty the call log."""
        self.sandbox.reset()
        if scenario.published is not None:
            context = JobContext(quick_connector(), PublishOptions(), backups)
            result = publish_one(context, self.releases[scenario.published], self.target(scenario.prior_shares))
            if not result.ok:
                raise RuntimeError(f"arranging {scenario}: {result.messages}")
            if scenario.prior_shares_expired:
                self.sandbox.steering.advance_clock(PAST_INVITATION_TTL)
        self.sandbox.steering.reset_calls()

    def remaining_actions(self, scenario: Scenario, backups: Path) -> list[str]:
        """What a plan of the scenario would still do now (read calls only)."""
        context = JobContext(quick_connector(), scenario.options(), backups)
        result = plan_one(context, self.releases[scenario.lens], self.target(scenario.allowlist))
        return [action["detail"] for action in result.detail["plan"]["actions"]]

    def view(self) -> LensView:
        name = self.releases["base"].name
        summaries = self.wa.list_lenses(LensType="CUSTOM_SELF", LensStatus="ALL", MaxResults=50)["LensSummaries"]
        ours = {s["LensStatus"]: s for s in summaries if s["LensName"] == name}
        if not ours:
            return LensView(None, None, False)
        arn = next(iter(ours.values()))["LensArn"]
        published = ours.get("PUBLISHED", {}).get("LensVersion")
        shares: dict[str, set[str]] = {}
        if published:
            for share in self.wa.list_lens_shares(LensAlias=arn, MaxResults=50)["LensShareSummaries"]:
                shares.setdefault(share["SharedWith"], set()).add(share["Status"])
        tags = self.wa.list_tags_for_resource(WorkloadArn=arn).get("Tags", {})
        return LensView(arn, published, "DRAFT" in ours, dict(tags), shares)

    def exported(self, arn: str, version: str) -> dict[str, Any]:
        """ExportLens of one published version, without ``number`` fields."""
        return dict(canonical(json.loads(self.wa.export_lens(LensAlias=arn, LensVersion=version)["LensJSON"])))

    def published_content(self, view: LensView) -> dict[str, Any] | None:
        """ExportLens of the version ``view`` shows as published, or None when it shows none."""
        if view.arn is None or view.published_version is None:
            return None
        return self.exported(view.arn, view.published_version)

    def desired_state_problems(self, scenario: Scenario, *, count_exact: bool = True) -> list[str]:
        """How the sandbox differs from the state the scenario should end in (empty: converged).

        ``count_exact`` False: a version went out untagged, so the count tag may only be a lower bound.
        """
        view = self.view()
        if view.arn is None:
            return ["the lens does not exist"]
        problems = []
        version = scenario.expected_version
        if view.published_version != version:
            problems.append(f"published version is {view.published_version}, expected {version}")
        elif self.exported(view.arn, version) != canonical(self.releases[scenario.lens].doc):
            problems.append(f"version {version} does not hold the build")
        if view.has_draft:
            problems.append("a draft is left")
        count = f"{scenario.expected_version_count}{'' if count_exact else '+'}"
        wanted_tags = CONFIG_TAGS | {VERSION_TAG: version, VERSION_COUNT_TAG: count}
        wrong = {key: view.tags.get(key) for key, value in wanted_tags.items() if view.tags.get(key) != value}
        if wrong:
            problems.append(f"tags differ: {wrong}")
        if view.active_shares() != set(scenario.allowlist):
            problems.append(f"active shares {sorted(view.active_shares())}, expected {sorted(scenario.allowlist)}")
        return problems


@cache
def recorded_sequence(scenario: Scenario) -> tuple[str, ...]:
    """The operations a fault-free run of the scenario calls, in order (in process, under mock_aws)."""
    from moto import mock_aws

    with fake_environment(), tempfile.TemporaryDirectory() as folder, mock_aws():
        rig = Rig(Path(folder))
        rig.arrange(scenario, Path(folder) / "backups")
        run = run_cli_in_process([*scenario.cli_args(), "--config", str(rig.write_config(scenario, Path(folder)))])
        calls = tuple(call.operation for call in rig.sandbox.steering.calls())
        rig.sandbox.reset()
    if run.exit_code != 0:
        raise RuntimeError(f"recording {scenario} failed: {run.output}")
    return calls
