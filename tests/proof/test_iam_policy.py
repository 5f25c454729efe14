"""``walens iam-policy`` grants exactly what walens uses.

Every publishing scenario (plan, first publish, no-op, minor and major updates, share with
accounts/OU/organization and --prune, status, rollback, diff against the published lens, a failed
publish that deletes its draft) runs through the real CLI against the HTTP sandbox, while every API
call is recorded twice: by the sandbox's call log (wellarchitected) and by a botocore hook on every
client walens creates (wellarchitected, sts, organizations, with the resource each call names).
The policy must allow every recorded call, on its resource, and grant nothing that was not used.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.iam import INVENTORY, Need, PolicyScope, Scope, build_policy, explain_policy
from publisher.sandbox.harness import DEFAULT_ACCOUNT, Sandbox

REPO = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ROLE_ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ROLE_ACCOUNT}:role/walens-publisher"
RECIPIENT = "222222222222"
STRANGER = "444444444444"
ORG_FLAG = "--enable-org-sharing"
KNOWN_ACTIONS = {entry.action for entry in INVENTORY}
DISCOVERY_ACTIONS = {entry.action for entry in INVENTORY if entry.need is Need.DISCOVERY}


@dataclass(frozen=True)
class Call:
    """One API call as IAM sees it: the action and the resource it is authorized against."""

    action: str
    resource: str


@dataclass
class CallRecorder:
    """Hooks every boto3 client; records the calls made while ``recording()`` is active."""

    unit_arns: dict[str, str] = field(default_factory=dict)  # OU id -> OU ARN
    calls: list[Call] = field(default_factory=list)
    active: bool = False

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import boto3.session

        original = boto3.session.Session.client

        def client(session: Any, *args: Any, **kwargs: Any) -> Any:
            created = original(session, *args, **kwargs)
            created.meta.events.register("before-parameter-build", self._on_call)
            return created

        monkeypatch.setattr(boto3.session.Session, "client", client)

    @contextmanager
    def recording(self) -> Iterator[None]:
        self.active = True
        try:
            yield
        finally:
            self.active = False

    def _on_call(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.active:
            action = f"{model.service_model.signing_name}:{model.name}"
            self.calls.append(Call(action, self._resource(model.name, params)))

    def _resource(self, operation: str, params: dict[str, Any]) -> str:
        if operation == "DescribeOrganizationalUnit":
            return self.unit_arns[params["OrganizationalUnitId"]]
        for key in ("LensAlias", "WorkloadArn", "RoleArn"):
            if key in params:
                return str(params[key])
        return "*"


def _pattern(text: str) -> re.Pattern[str]:
    """An IAM wildcard (``*``, ``?``) as a regular expression."""
    return re.compile(re.escape(text).replace(r"\*", ".*").replace(r"\?", "."), re.IGNORECASE)


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def allows(policy: dict[str, Any], call: Call) -> bool:
    """Whether an Allow statement of ``policy`` matches the call's action and resource."""
    return any(statement["Effect"] == "Allow"
               and any(_pattern(a).fullmatch(call.action) for a in _listed(statement["Action"]))
               and any(_pattern(r).fullmatch(call.resource) for r in _listed(statement["Resource"]))
               for statement in policy["Statement"])


@dataclass
class Project:
    """A walens project folder (config, lens sources) and the sandbox it publishes to."""

    root: Path
    sandbox: Sandbox
    recorder: CallRecorder
    log: list[Any] = field(default_factory=list)  # the sandbox's records of every recorded step

    @property
    def config(self) -> Path:
        return self.root / "walens.yaml"

    @property
    def lens(self) -> Path:
        return self.root / "lens"

    def walens(self, *args: str, expect: int = 0) -> str:
        """Run one walens command in process while recording its calls; return its stdout."""
        self.sandbox.steering.reset_calls()
        with self.recorder.recording():
            result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        self.log.extend(self.sandbox.steering.calls())
        assert result.exit_code == expect, f"walens {' '.join(args)}: {result.stdout}{result.stderr}"
        return result.stdout

    def command(self, name: str, *flags: str, expect: int = 0) -> str:
        return self.walens(name, "--config", str(self.config), *flags, expect=expect)

    def edit(self, version: str, change: Callable[[Path], None]) -> None:
        """Change the lens sources and declare ``version`` in lens.yaml."""
        lens_yaml = self.lens / "lens.yaml"
        lens_yaml.write_text(re.sub(r'version: "[^"]+"', f'version: "{version}"', lens_yaml.read_text()))
        change(self.lens)


def retitle_question(lens: Path) -> None:
    """A wording change: minor."""
    question = lens / "governance" / "gov_ownership.md"
    question.write_text(question.read_text().replace("each data store?", "each data store today?"))


def remove_question(lens: Path) -> None:
    """A removed question: major."""
    (lens / "governance" / "gov_encryption.md").unlink()
    pillar = lens / "governance" / "pillar.yaml"
    pillar.write_text(pillar.read_text().replace("  - gov_encryption\n", ""))


def reword_choice(lens: Path) -> None:
    """A reworded choice; the published content (rolled back to 1.0) still has the removed question: major."""
    question = lens / "governance" / "gov_ownership.md"
    question.write_text(question.read_text().replace("carries an owner tag", "carries an owner tag key"))


@dataclass(frozen=True)
class Variant:
    """Who publishes (through a role or with the environment's keys) and whom the allowlist names."""

    name: str
    owner: str
    role: str | None
    org_shares: bool


VARIANTS = [Variant("role-and-organization-shares", ROLE_ACCOUNT, ROLE, org_shares=True),
            Variant("account-shares-only", DEFAULT_ACCOUNT, None, org_shares=False)]


def write_config(project: Project, variant: Variant) -> None:
    lines = ["lens: lens", "shares:", f"  accounts: [\"{RECIPIENT}\"]"]
    if variant.org_shares:
        orgs = project.sandbox.client("organizations", account=variant.owner)
        organization = orgs.create_organization(FeatureSet="ALL")["Organization"]["Id"]
        root = orgs.list_roots()["Roots"][0]["Id"]
        unit = orgs.create_organizational_unit(ParentId=root, Name="apps")["OrganizationalUnit"]
        project.recorder.unit_arns[unit["Id"]] = unit["Arn"]
        lines += [f"  organizationalUnits: [\"{unit['Id']}\"]", f"  organization: {organization}"]
    lines += ["targets:", "  - name: owner", f"    endpointUrl: {project.sandbox.endpoint}",
              f"    regions: [{REGION}]"]
    if variant.role:
        lines.append(f"    roleArn: {variant.role}")
    project.config.write_text("\n".join(lines) + "\n")


def run_every_scenario(project: Project, variant: Variant) -> None:
    """Every command walens offers for publishing, in the order a lens's life would use them."""
    project.command("plan", ORG_FLAG)
    project.command("publish", ORG_FLAG)  # first publish, shares with the whole allowlist
    project.command("publish", ORG_FLAG)  # no-op
    project.command("status")
    project.edit("1.1", retitle_question)
    project.command("publish", ORG_FLAG)  # minor update: backup, import over the published lens
    project.edit("2.0", remove_question)
    project.command("plan", ORG_FLAG)
    project.command("publish", ORG_FLAG)  # major update
    wa = project.sandbox.client(account=variant.owner)
    [lens] = [s for s in wa.list_lenses(LensType="CUSTOM_SELF")["LensSummaries"] if s["LensStatus"] == "PUBLISHED"]
    wa.create_lens_share(LensAlias=lens["LensArn"], SharedWith=STRANGER)
    project.command("share", "--prune")
    project.command("rollback", "--to", "1.0")
    assert "classification: MAJOR" in project.walens("diff", "published", str(project.lens))  # ./walens.yaml
    project.edit("3.0", reword_choice)
    project.sandbox.steering.inject_fault("CreateLensVersion", "error")
    project.command("publish", expect=1)  # fails after the import: the draft is deleted again
    project.sandbox.steering.clear_faults()
    project.command("publish")


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> CallRecorder:
    recorder = CallRecorder()
    recorder.install(monkeypatch)
    return recorder


@pytest.fixture
def project(tmp_path: Path, sandbox_http: Sandbox, recorder: CallRecorder,
            monkeypatch: pytest.MonkeyPatch) -> Project:
    from botocore.retries.standard import ExponentialBackoff

    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda _self, _context: 0)  # injected faults: no waits
    shutil.copytree(REPO / "lens_src" / "example", tmp_path / "lens")
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, sandbox_http, recorder)


@pytest.mark.http
@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_policy_grants_exactly_the_calls_of_every_scenario(project: Project, variant: Variant) -> None:
    write_config(project, variant)
    run_every_scenario(project, variant)
    # the role names the account and the target its Region; with plain keys only --account can say it
    scope_flags = () if variant.role else ("--account", variant.owner)
    policy = json.loads(project.command("iam-policy", *scope_flags))
    calls = [call for call in project.recorder.calls if call.action != "sts:GetCallerIdentity"]

    granted = {action for statement in policy["Statement"] for action in _listed(statement["Action"])}
    assert {call.action for call in calls} == granted
    denied = sorted({f"{call.action} on {call.resource}" for call in calls if not allows(policy, call)})
    assert denied == []
    for statement in policy["Statement"]:  # no resource pattern is broader than the calls need
        for resource in _listed(statement["Resource"]):
            used = {call.action for call in calls if _pattern(resource).fullmatch(call.resource)}
            assert set(_listed(statement["Action"])) <= used, (statement["Sid"], resource)
    always_named = {call.action for call in calls} - {call.action for call in calls if call.resource == "*"}
    unscoped = [statement["Sid"] for statement in policy["Statement"]  # scoped wherever the calls allow it
                if statement["Resource"] == "*" and set(_listed(statement["Action"])) & always_named]
    assert unscoped == []

    served = {f"wellarchitected:{record.operation}" for record in project.log}
    assert served == {call.action for call in calls if call.action.startswith("wellarchitected:")}
    assert {(record.account, record.region) for record in project.log} == {(variant.owner, REGION)}
    called = {call.action for call in project.recorder.calls}
    if variant.role and variant.org_shares:  # this variant reaches every action walens knows but these:
        # a role target's account comes from its ARN (only targets with plain keys ask STS who they are),
        # and no target discovers its accounts (tests/publish/test_org_discovery.py checks that policy)
        assert called == KNOWN_ACTIONS - {"sts:GetCallerIdentity", *DISCOVERY_ACTIONS}
    if not variant.role:
        assert "sts:GetCallerIdentity" in called


def _source_of(paths: list[Path]) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def test_inventory_covers_every_client_method_the_publisher_code_names() -> None:
    """A static cross-check for code paths no scenario reaches: every boto3 method of the three
    services that the publishing code names belongs to an inventory action, and the other way round."""
    import botocore.session
    from botocore import xform_name

    source = _source_of([*sorted((REPO / "publisher" / "publish").glob("*.py")), REPO / "publisher" / "cli_publish.py"])
    session = botocore.session.get_session()
    methods = {xform_name(operation) for service in ("wellarchitected", "organizations", "sts")
               for operation in session.get_service_model(service).operation_names}
    named = {method for method in methods if re.search(rf"\.{method}\b|get_paginator\(\"{method}\"\)", source)}
    assert named == {xform_name(action.split(":")[1]) for action in KNOWN_ACTIONS}


def test_org_sharing_follows_the_allowlist_unless_a_flag_says_otherwise(tmp_path: Path) -> None:
    from publisher.iam import scope_from_config
    from publisher.publish.config import parse_config

    config = parse_config("shares:\n  accounts: ['222222222222']\n  organization: o-abcdefghij\n",
                          tmp_path / "walens.yaml")
    sids = [s["Sid"] for s in build_policy(scope_from_config(config))["Statement"]]
    assert sids[-2:] == ["OrganizationSharingSettings", "ReadOrganization"]  # no OU allowlisted: no OU read
    off = build_policy(scope_from_config(config, org_sharing=False))
    assert not any(a.startswith("organizations:") or "GlobalSettings" in a
                   for s in off["Statement"] for a in _listed(s["Action"]))


def test_accounts_and_regions_come_from_targets_that_name_them(tmp_path: Path) -> None:
    from publisher.iam import scope_from_config
    from publisher.publish.config import parse_config

    roles = ("targets:\n  - {name: a, roleArn: 'arn:aws:iam::111111111111:role/p', regions: [eu-west-1]}\n"
             "  - {name: b, roleArn: 'arn:aws:iam::333333333333:role/p', regions: [us-east-1, eu-west-1]}\n")
    scope = scope_from_config(parse_config(roles, tmp_path / "walens.yaml"))
    assert (scope.accounts, scope.regions) == (("111111111111", "333333333333"), ("eu-west-1", "us-east-1"))
    profile = roles + "  - {name: c, profile: dev}\n"
    scope = scope_from_config(parse_config(profile, tmp_path / "walens.yaml"), regions=["ap-south-1"])
    assert (scope.accounts, scope.regions) == (("*",), ("ap-south-1",))  # c: account unknown, no Regions


def test_the_organization_role_of_a_target_may_be_assumed(tmp_path: Path) -> None:
    from publisher.iam import scope_from_config
    from publisher.publish.config import parse_config

    reader = "arn:aws:iam::123456789012:role/org-reader"
    config = parse_config("targets: [{name: f, organizationalUnits: [ou-ab12-cdefghij], roleName: p, "
                          f"organizationRoleArn: '{reader}'}}]\n", tmp_path / "walens.yaml")
    statements = {s["Sid"]: s for s in build_policy(scope_from_config(config))["Statement"]}
    assert statements["AssumeTargetRoles"]["Resource"] == ["arn:aws:iam::*:role/p", reader]


def test_units_and_roles_are_named_one_by_one() -> None:
    scope = PolicyScope(partition="aws-us-gov", accounts=("111111111111", "333333333333"),
                        regions=("us-gov-west-1",), org_sharing=True, organization="o-abcdefghij",
                        organizational_units=("ou-ab12-cdefghij",), role_arns=(ROLE,))
    statements = {s["Sid"]: s for s in build_policy(scope)["Statement"]}
    assert statements["ReadAllowlistedUnits"]["Resource"] == \
        "arn:aws-us-gov:organizations::*:ou/o-abcdefghij/ou-ab12-cdefghij"
    assert statements["AssumeTargetRoles"] == {"Sid": "AssumeTargetRoles", "Effect": "Allow",
                                               "Action": ["sts:AssumeRole"], "Resource": ROLE}
    assert statements["ShareOwnLenses"]["Resource"] == [
        "arn:aws-us-gov:wellarchitected:us-gov-west-1:111111111111:lens/*",
        "arn:aws-us-gov:wellarchitected:us-gov-west-1:333333333333:lens/*"]


def test_explain_gives_the_reason_for_every_granted_action() -> None:
    scope = PolicyScope(accounts=("111111111111",), org_sharing=True, role_arns=(ROLE,))
    policy, text = build_policy(scope), explain_policy(scope)
    for statement in policy["Statement"]:
        resources = ", ".join(_listed(statement["Resource"]))
        assert f"{statement['Sid']} on {resources}\n" in text
        for action in _listed(statement["Action"]):
            assert re.search(rf"^  {re.escape(action)}: \w", text, re.MULTILINE), action


def test_every_statement_is_explained_in_the_docs() -> None:
    docs = (REPO / "docs" / "iam.md").read_text(encoding="utf-8")
    for entry in INVENTORY:
        assert f"`{entry.action}`" in docs
        assert not entry.sid or f"`{entry.sid}`" in docs
    assert all(entry.sid for entry in INVENTORY if entry.scope is not Scope.FREE)


@pytest.mark.parametrize(("flags", "message"), [
    (["--account", "12345"], "account '12345' is not a 12-digit account id"),
    (["--region", "Mars"], "region 'Mars' is not a Region name"),
    (["--partition", "azure"], "partition 'azure'"),
])
def test_bad_scope_values_are_usage_errors(flags: list[str], message: str, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "publisher.cli", "iam-policy", *flags], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
