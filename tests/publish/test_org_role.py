"""Reading the organisation from CI: walens runs with the keys of a member account (``tooling``),
which may not list OUs; ``reviews.roleArn`` and a target's ``organizationRoleArn`` name a role in
the management account that may. Without them the error names the account and the key to set."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.sandbox.harness import DEFAULT_ACCOUNT
from publisher.sandbox.harness import Sandbox as Harness
from publisher.sandbox.org_seed import SeededOrg, seed_organisation
from publisher.sandbox.org_spec import parse_org_spec
from tests.publish.conftest import Sandbox, walens

ORG = "units: [{name: workloads, accounts: [team-a, team-b]}]\naccounts: [tooling]\n"
ORG_READER = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/WalensOrgReader"


@dataclass
class Estate:
    """The seeded organisation, the project and the member account walens runs as."""

    org: SeededOrg
    project: Path
    endpoint: str | None

    @property
    def tooling(self) -> str:
        return self.org.account("tooling").id

    @property
    def unit(self) -> str:
        return self.org.units["workloads"]

    def configure(self, extra: str) -> None:
        endpoint = f", endpointUrl: '{self.endpoint}'" if self.endpoint else ""
        (self.project / "walens.yaml").write_text(
            f"lens: lens\ntargets:\n  - {{name: owner, regions: [us-east-1]{endpoint}}}\n{extra}", encoding="utf-8")


@pytest.fixture
def estate(sandbox: Sandbox, project: Path, monkeypatch: pytest.MonkeyPatch) -> Estate:
    """The organisation (management: the default account) and the tooling account's keys in the environment;
    AssumeRole refuses roles that do not exist, so the seeded roles are the ones used."""
    harness = Harness(sandbox.endpoint)
    org = seed_organisation(harness, parse_org_spec(ORG, "org.yaml"))
    harness.create_role(DEFAULT_ACCOUNT, "WalensOrgReader")
    keys = harness.credentials(org.account("tooling").id)
    for name, value in (("AWS_ACCESS_KEY_ID", keys["aws_access_key_id"]),
                        ("AWS_SECRET_ACCESS_KEY", keys["aws_secret_access_key"]),
                        ("AWS_SESSION_TOKEN", keys["aws_session_token"])):
        monkeypatch.setenv(name, value)
    harness.steering.require_existing_roles(True)
    return Estate(org, project, sandbox.endpoint)


def test_reviews_list_the_ous_through_reviews_role_arn(estate: Estate, capsys: pytest.CaptureFixture[str]) -> None:
    reviews = f"reviews: {{organizationalUnits: [{estate.unit}], roleName: WalensReviewsReader"
    estate.configure(reviews + "}\n")
    assert walens("publish") == 0  # the lens lives in the tooling account
    capsys.readouterr()
    assert walens("reviews", "--format", "json") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"walens: error: cannot list the accounts of {estate.unit}: the caller is in account {estate.tooling}, a "
        f"member: only the management account {DEFAULT_ACCOUNT} or a delegated administrator may list the "
        "organisation's accounts (ListAccountsForParent failed: AccessDeniedException: You don't have permissions "
        f"to access this resource.); set reviews.roleArn to a role in account {DEFAULT_ACCOUNT} allowed "
        "organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent")
    assert "Traceback" not in err

    estate.configure(f"{reviews}, roleArn: '{ORG_READER}'}}\n")
    assert walens("reviews", "--format", "json") == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["errors"] == []
    assert f"of account {estate.tooling}: 3 account-Region(s) to read" in err  # tooling, team-a, team-b


def test_a_role_in_a_member_account_is_named_with_the_fix(estate: Estate, capsys: pytest.CaptureFixture[str]) -> None:
    member_role = f"arn:aws:iam::{estate.org.account('team-a').id}:role/WalensReviewsReader"
    estate.configure(f"reviews: {{organizationalUnits: [{estate.unit}], roleName: WalensReviewsReader, "
                     f"roleArn: '{member_role}'}}\n")
    assert walens("publish") == 0
    capsys.readouterr()
    assert walens("reviews") == 1
    err = capsys.readouterr().err
    assert f"role {member_role} is in account {estate.org.account('team-a').id}, a member" in err
    assert f"set reviews.roleArn to a role in account {DEFAULT_ACCOUNT}" in err


def test_targets_discover_accounts_through_organization_role_arn(estate: Estate,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f", endpointUrl: '{estate.endpoint}'" if estate.endpoint else ""
    fleet = (f"lens: lens\ntargets:\n  - {{name: fleet, regions: [us-east-1], organizationalUnits: [{estate.unit}], "
             f"roleName: WalensPublisher{endpoint}")
    (estate.project / "walens.yaml").write_text(fleet + "}\n", encoding="utf-8")
    assert walens("plan") == 1
    err = capsys.readouterr().err
    assert f"the caller is in account {estate.tooling}, a member" in err
    assert f"set organizationRoleArn of target fleet to a role in account {DEFAULT_ACCOUNT}" in err

    (estate.project / "walens.yaml").write_text(f"{fleet}, organizationRoleArn: '{ORG_READER}'}}\n", encoding="utf-8")
    assert walens("plan", "--format", "json") == 0
    planned = json.loads(capsys.readouterr().out)["targets"]
    members = sorted(estate.org.account(name).id for name in ("team-a", "team-b"))
    assert [t["target"] for t in planned] == [f"fleet-{account}" for account in members]


def test_an_organization_role_that_cannot_be_assumed_is_one_line(estate: Estate,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    missing = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/NotDeployed"
    endpoint = f", endpointUrl: '{estate.endpoint}'" if estate.endpoint else ""
    (estate.project / "walens.yaml").write_text(
        f"lens: lens\ntargets:\n  - {{name: fleet, regions: [us-east-1], organizationalUnits: [{estate.unit}], "
        f"roleName: WalensPublisher, organizationRoleArn: '{missing}'{endpoint}}}\n", encoding="utf-8")
    assert walens("plan") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"walens: error: cannot assume {missing} to list the organisation's accounts: ")
    assert err.count("\n") == 1
