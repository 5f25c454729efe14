"""Targets from AWS Organizations: every active account under some OUs (child OUs included), minus exclusions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.publish.conftest import Sandbox, walens

ROLE = "WalensPublisher"


def organization(sandbox: Sandbox) -> tuple[str, dict[str, str]]:
    """An organization whose OU ``fleet`` holds two accounts and a child OU with a third;
    returns the fleet OU id and the account ids by name (``outside`` sits at the root)."""
    org = sandbox.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    fleet = org.create_organizational_unit(ParentId=root, Name="fleet")["OrganizationalUnit"]["Id"]
    child = org.create_organizational_unit(ParentId=fleet, Name="team")["OrganizationalUnit"]["Id"]
    accounts = {}
    for name, parent in (("a", fleet), ("b", fleet), ("c", child), ("outside", root)):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
        if parent != root:
            org.move_account(AccountId=accounts[name], SourceParentId=root, DestinationParentId=parent)
    return fleet, accounts


def test_plan_and_publish_reach_every_account_of_the_ou(project: Path, sandbox: Sandbox,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    fleet, accounts = organization(sandbox)
    endpoint = f"    endpointUrl: {sandbox.endpoint}\n" if sandbox.endpoint else ""
    (project / "walens.yaml").write_text(
        "lens: lens\ntargets:\n  - name: fleet\n    regions: [us-east-1]\n"
        f"    organizationalUnits: [{fleet}]\n    roleName: {ROLE}\n    excludeAccounts: ['{accounts['b']}']\n"
        f"{endpoint}", encoding="utf-8")
    assert walens("plan", "--format", "json") == 0
    planned = json.loads(capsys.readouterr().out)["targets"]
    expected = sorted([accounts["a"], accounts["c"]])
    assert [(t["target"], t["account"]) for t in planned] == [(f"fleet-{a}", a) for a in expected]
    assert walens("publish") == 0
    capsys.readouterr()
    for account in expected:
        assert sandbox.lens("Example Data Governance Lens", account=account)["PUBLISHED"]["LensVersion"] == "1.0"
    assert sandbox.lens("Example Data Governance Lens", account=accounts["b"]) == {}


@pytest.mark.parametrize(("target", "message"), [
    ("{name: x, organizationalUnits: [ou-ab12-abcd1234]}", "targets[0].roleName: organizationalUnits needs roleName"),
    ("{name: x, roleName: R}", "targets[0].organizationalUnits: roleName and excludeAccounts go with"),
    ("{name: x, organizationalUnits: [ou-ab12-abcd1234], roleName: R, roleArn: 'arn:aws:iam::111111111111:role/r'}",
     "targets[0].roleArn: roleArn names one account"),
    ("{name: x, organizationalUnits: [ou-bad], roleName: R}", "targets[0].organizationalUnits[0]: 'ou-bad' does"),
])
def test_discovery_config_errors_name_the_key(project: Path, capsys: pytest.CaptureFixture[str], target: str,
                                              message: str) -> None:
    (project / "walens.yaml").write_text(f"lens: lens\ntargets: [{target}]\n", encoding="utf-8")
    assert walens("plan") == 2
    assert message in capsys.readouterr().err


def test_an_unreachable_organization_is_one_line(project: Path, sandbox: Sandbox,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f", endpointUrl: '{sandbox.endpoint}'" if sandbox.endpoint else ""
    (project / "walens.yaml").write_text(
        "lens: lens\ntargets: [{name: x, regions: [us-east-1], organizationalUnits: [ou-ab12-abcd1234], "
        f"roleName: R{endpoint}}}]\n", encoding="utf-8")
    assert walens("plan") == 1  # no organization exists: the listing fails as an operation
    err = capsys.readouterr().err
    assert err.startswith("walens: error: cannot list the accounts of ou-ab12-abcd1234: ") and err.count("\n") == 1


def test_the_iam_policy_grants_discovery_and_the_discovered_roles(project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (project / "walens.yaml").write_text("lens: lens\ntargets: [{name: fleet, regions: [us-east-1], "
                                         f"organizationalUnits: [ou-ab12-abcd1234], roleName: {ROLE}}}]\n",
                                         encoding="utf-8")
    assert walens("iam-policy") == 0
    statements = {s["Sid"]: s for s in json.loads(capsys.readouterr().out)["Statement"]}
    assert sorted(statements["DiscoverTargetAccounts"]["Action"]) == [
        "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"]
    assert statements["AssumeTargetRoles"]["Resource"] == f"arn:aws:iam::*:role/{ROLE}"
