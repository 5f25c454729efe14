"""The sandbox as an organisation: the seeder (``walens sandbox --org``) and Organizations as a
member account sees it (AWS Organizations API Reference: ListAccountsForParent, ListRoots, ... "can
be called only from the organization's management account or by a member account that is a
delegated administrator"; DescribeOrganization from any member)."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from publisher.iam_reviews import Where, build_reviews_policy
from publisher.sandbox.harness import DEFAULT_ACCOUNT, Sandbox
from publisher.sandbox.org_seed import SeededOrg, seed_organisation
from publisher.sandbox.org_spec import OrgSpecError, parse_org_spec

REPO = Path(__file__).resolve().parents[2]
MANAGEMENT = "111111111111"
OUTSIDER = "999999999999"
SPEC = f"""\
managementAccount: "{MANAGEMENT}"
units:
  - name: workloads
    accounts: [team-a]
    units:
      - name: prod
        accounts: [team-b]
accounts: [tooling]
"""


def _code(call: object) -> str:
    with pytest.raises(ClientError) as caught:
        call()  # type: ignore[operator]
    return str(caught.value.response["Error"]["Code"])


@pytest.fixture
def org(sandbox: Sandbox) -> SeededOrg:
    return seed_organisation(sandbox, parse_org_spec(SPEC, "org.yaml"))


def test_the_seeder_builds_the_tree_and_the_roles(sandbox: Sandbox, org: SeededOrg) -> None:
    orgs = sandbox.client("organizations", account=MANAGEMENT)
    assert orgs.describe_organization()["Organization"]["Id"] == org.organization_id
    assert list(org.units) == ["workloads", "workloads/prod"]
    parents = {name: orgs.list_parents(ChildId=org.account(name).id)["Parents"][0]["Id"]
               for name in ("team-a", "team-b", "tooling")}
    assert parents == {"team-a": org.units["workloads"], "team-b": org.units["workloads/prod"], "tooling": org.root_id}
    iam = sandbox.iam_client(org.account("team-b").id)
    role = iam.get_role(RoleName="WalensReviewsReader")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}
    policy = iam.get_role_policy(RoleName="WalensReviewsReader", PolicyName="walens-reviews")["PolicyDocument"]
    assert policy == build_reviews_policy(apply=True, where=(Where.MEMBER,), account=org.account("team-b").id)
    assert iam.get_role(RoleName="WalensPublisher")["Role"]["Arn"] == org.role_arn(org.account("team-b").id, "publish")
    summary = org.summary()
    assert f"organizationalUnits: [{org.units['workloads']}]" in summary and "roleName: WalensReviewsReader" in summary


def test_a_second_seed_of_the_same_management_account_is_refused(sandbox: Sandbox, org: SeededOrg) -> None:
    from publisher.errors import Refused

    with pytest.raises(Refused, match=f"account {MANAGEMENT} is already in an organization"):
        seed_organisation(sandbox, parse_org_spec(SPEC, "org.yaml"))


def test_members_may_describe_the_organization_and_nothing_else(sandbox: Sandbox, org: SeededOrg) -> None:
    member = sandbox.client("organizations", account=org.account("team-a").id)
    assert member.describe_organization()["Organization"]["MasterAccountId"] == MANAGEMENT
    unit = org.units["workloads"]
    for call in (member.list_roots, member.list_accounts,
                 lambda: member.list_accounts_for_parent(ParentId=unit),
                 lambda: member.list_organizational_units_for_parent(ParentId=org.root_id),
                 lambda: member.describe_organizational_unit(OrganizationalUnitId=unit),
                 lambda: member.create_organizational_unit(ParentId=org.root_id, Name="rogue")):
        assert _code(call) == "AccessDeniedException"


def test_an_account_outside_any_organization_is_told_so(sandbox: Sandbox, org: SeededOrg) -> None:
    outsider = sandbox.client("organizations", account=OUTSIDER)
    for call in (outsider.describe_organization, outsider.list_roots,
                 lambda: outsider.list_accounts_for_parent(ParentId=org.units["workloads"])):
        assert _code(call) == "AWSOrganizationsNotInUseException"


def test_the_management_account_and_a_delegated_administrator_may_list(sandbox: Sandbox, org: SeededOrg) -> None:
    management = sandbox.client("organizations", account=MANAGEMENT)
    unit = org.units["workloads/prod"]
    expected = [org.account("team-b").id]
    assert [a["Id"] for a in management.list_accounts_for_parent(ParentId=unit)["Accounts"]] == expected
    tooling = org.account("tooling").id
    management.register_delegated_administrator(AccountId=tooling, ServicePrincipal="ssm.amazonaws.com")
    delegated = sandbox.client("organizations", account=tooling)
    assert [a["Id"] for a in delegated.list_accounts_for_parent(ParentId=unit)["Accounts"]] == expected
    assert _code(lambda: delegated.create_organizational_unit(ParentId=org.root_id, Name="x")) == \
        "AccessDeniedException"  # delegation covers reads only


def test_the_default_account_keeps_its_own_organization(sandbox: Sandbox) -> None:
    """A management account that is the default account (as in ``walens demo``) lists as before."""
    org = seed_organisation(sandbox, parse_org_spec("units: [{name: w, accounts: [x]}]\nroles: {publish: null}\n",
                                                    "org.yaml"))
    assert org.management_account == DEFAULT_ACCOUNT and org.roles == {"reviews": "WalensReviewsReader"}
    orgs = sandbox.client("organizations")
    assert [a["Name"] for a in orgs.list_accounts_for_parent(ParentId=org.units["w"])["Accounts"]] == ["x"]


@pytest.mark.parametrize(("text", "problems"), [
    ("units: [{nme: w}]\n", ["org.yaml: units[0].nme: unknown key; allowed: name, accounts, units",
                             "org.yaml: units[0].name: missing: every OU has a name"]),
    ("managementAccount: 111111111111\nroles: {reviews: 'a b', trustedAccount: '1'}\nextra: 1\n",
     ["org.yaml: extra: unknown key; allowed: managementAccount, units, accounts, roles",
      "org.yaml: managementAccount: expected a 12-digit account id, got 111111111111 (quote it: YAML reads digits "
      "as a number)",
      "org.yaml: roles.reviews: expected an IAM role name, got 'a b'",
      "org.yaml: roles.trustedAccount: expected a 12-digit account id, got '1'"]),
    ("accounts: [a]\nunits: [{name: w, accounts: [b, a], units: {name: x}}]\n",
     ["org.yaml: units[0].units: expected a list of OUs",
      "org.yaml: units[0].accounts[1]: account 'a' is already listed at accounts[0]"]),
    ("- just a list\n", ["org.yaml: top level: expected a mapping"]),
])
def test_every_bad_key_is_one_problem_naming_its_path(text: str, problems: list[str]) -> None:
    with pytest.raises(OrgSpecError) as caught:
        parse_org_spec(text, "org.yaml")
    assert caught.value.problems == problems


def test_the_sample_of_the_docs_is_a_valid_organisation_file() -> None:
    docs = (REPO / "docs" / "sandbox.md").read_text(encoding="utf-8")
    sample = docs.split("<!-- org-sample -->\n```yaml\n", 1)[1].split("```", 1)[0]
    spec = parse_org_spec(sample, "docs/sandbox.md")
    assert spec.units and spec.roles == {"reviews": "WalensReviewsReader", "publish": "WalensPublisher"}



class _StopAtOnce:
    """Stands in for ``threading`` in ``publisher.cli_sandbox``: the server runs until Ctrl-C, at once."""

    class Event:
        def wait(self) -> None:
            raise KeyboardInterrupt


def test_walens_sandbox_org_seeds_the_server_it_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from publisher import cli_sandbox
    from publisher.cli import main
    from publisher.sandbox.control import CONTROLS

    (tmp_path / "org.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.setattr(cli_sandbox, "threading", _StopAtOnce)
    monkeypatch.setattr(CONTROLS, "roles_must_exist_by_default", False)  # the server turns it on
    monkeypatch.setattr(CONTROLS, "roles_must_exist", False)
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--port", "0", "--org", str(tmp_path / "org.yaml")])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert f"management account {MANAGEMENT}" in out and "account team-b: " in out and " in workloads/prod" in out
    assert "export AWS_ENDPOINT_URL_ORGANIZATIONS=http://" in out


def test_walens_sandbox_starts_empty_whatever_its_process_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An organisation left in this process by an earlier sandbox (moto's state is per process) does not
    make ``walens sandbox --org`` fail to create its own: the command starts from an empty emulation,
    as it does in a process of its own. (This test failed when another test had left an organisation.)"""
    from publisher.sandbox import reset_sandbox
    from publisher.sandbox.server import local_sandbox

    reset_sandbox()
    with local_sandbox() as endpoint:  # the leftover: the same organisation, seeded and left behind
        seed_organisation(Sandbox(endpoint), parse_org_spec(SPEC, "org.yaml"))
    test_walens_sandbox_org_seeds_the_server_it_starts(tmp_path, monkeypatch, capsys)


def test_a_bad_organisation_file_lists_every_problem_and_exits_2(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from publisher.cli import main

    (tmp_path / "org.yaml").write_text("units: [{nme: w}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--org", str(tmp_path / "org.yaml")])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "Traceback" not in err
    assert err.splitlines() == [
        f"walens: error: {tmp_path / 'org.yaml'}: units[0].nme: unknown key; allowed: name, accounts, units",
        f"walens: error: {tmp_path / 'org.yaml'}: units[0].name: missing: every OU has a name",
        f"walens: error: {tmp_path / 'org.yaml'}: 2 problem(s) in the organisation file (listed above)"]


def test_a_hostile_key_in_the_organisation_file_stays_on_its_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from publisher.cli import main

    (tmp_path / "org.yaml").write_text('units: [{name: w, "x\\nwalens: error: forged": 1}]\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--org", str(tmp_path / "org.yaml")])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert not any(line.startswith("walens: error: forged") for line in err.splitlines())
    assert "x\\nwalens: error: forged" in err
