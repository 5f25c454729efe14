"""``walens reviews`` as a manager reads it: who owns each workload (review owner, account name, tags),
grouping, titles before ids, times with their zone, and a scope that never silently reads one account."""

from __future__ import annotations

import csv
import io
import re

import pytest

from publisher.adoption.collect import OWNER_ONLY
from tests.publish.conftest import IN_PROCESS_ONLY
from tests.publish.test_org_role import Estate, estate  # noqa: F401 (a fixture)
from tests.reviews.conftest import OWNER_ACCOUNT, ROLE, Fleet, run_json, walens

pytestmark = IN_PROCESS_ONLY
PHRASE = "only the owner account was read: add `reviews.accounts` or `reviews.organizationalUnits`"
TAGS = "reviews:\n  organizationalUnits: [{unit}]\n  roleName: " + ROLE + "\n  tags: [team, environment]\n"


def tagged(fleet: Fleet, account: str, name: str, tags: dict[str, str], region: str = "us-east-1") -> str:
    """A workload of ``account`` with the lens and ``tags``."""
    workload = fleet.workload(account, name, {"gov_encryption": ["gov_enc_kms"]}, region=region)
    wa = fleet.wa(account, region)
    if tags:
        wa.tag_resource(WorkloadArn=wa.get_workload(WorkloadId=workload)["Workload"]["WorkloadArn"], Tags=tags)
    return workload


@pytest.fixture
def teams(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> Fleet:
    """Four workloads in three accounts: two of team payments, one of team search, one untagged."""
    a, b = fleet.members["a"], fleet.members["b"]
    tagged(fleet, a, "checkout", {"team": "payments", "environment": "prod", "cost": "1"})
    tagged(fleet, b, "refunds", {"team": "payments"}, region="eu-west-1")
    tagged(fleet, b, "search", {"team": "search", "environment": "dev"})
    tagged(fleet, OWNER_ACCOUNT, "platform", {})
    fleet.configure(TAGS.format(unit=fleet.unit))
    capsys.readouterr()
    return fleet


@pytest.mark.parametrize("command", ["reviews", "upgrade-reviews"])
def test_a_config_without_reviews_accounts_says_so_and_exits_1(
        fleet: Fleet, capsys: pytest.CaptureFixture[str], command: str) -> None:
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    fleet.workload(fleet.members["a"], "checkout", {})
    fleet.configure("")
    report = run_json(capsys, command, code=1)
    assert report["notes"] == [OWNER_ONLY] and PHRASE in OWNER_ONLY
    assert walens(command) == 1
    out, err = capsys.readouterr()
    assert f"note: {PHRASE}" in out and PHRASE in err
    # --owner-only: the owner account alone, on purpose: no note, exit 0
    assert run_json(capsys, command, "--owner-only")["notes"] == []
    if command == "reviews":
        assert [w["workloadName"] for w in run_json(capsys, "reviews", "--owner-only")["workloads"]] == ["platform"]
        assert walens("reviews", "--format", "csv") == 1
        out, err = capsys.readouterr()
        assert PHRASE not in out and PHRASE in err  # the CSV stays CSV


def test_owner_only_reads_the_owner_account_even_when_ous_are_configured(
        fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    fleet.workload(fleet.members["a"], "checkout", {})
    assert {w["workloadName"] for w in run_json(capsys, "reviews")["workloads"]} == {"platform", "checkout"}
    report = run_json(capsys, "reviews", "--owner-only")
    assert ([w["workloadName"] for w in report["workloads"]], report["notes"]) == (["platform"], [])


def test_owners_account_names_and_tags_in_every_format(teams: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = teams.members["a"], teams.members["b"]
    report = run_json(capsys, "reviews")
    rows = {w["workloadName"]: (w["account"], w["accountName"], w["reviewOwner"], w["tags"])
            for w in report["workloads"]}
    assert rows == {  # reviews.tags reads GetWorkload, which carries the review owner too; "cost" is not chosen
        "checkout": (a, "a", "checkout@example.com", {"team": "payments", "environment": "prod"}),
        "refunds": (b, "b", "refunds@example.com", {"team": "payments"}),
        "search": (b, "b", "search@example.com", {"team": "search", "environment": "dev"}),
        "platform": (OWNER_ACCOUNT, rows["platform"][1], "platform@example.com", {})}
    assert rows["platform"][1]  # the management account has a name too
    assert all((w["answered"], w["questions"]) == (1, 2) for w in report["workloads"])

    assert walens("reviews") == 0
    out = capsys.readouterr().out
    header = out.split("\n")[2]
    assert re.split(r"\s{2,}", header.strip())[:7] == ["ACCOUNT", "REGION", "WORKLOAD", "REVIEW OWNER", "TEAM",
                                                       "ENVIRONMENT", "VERSION"]
    checkout = next(line for line in out.split("\n") if " checkout " in line)
    assert re.split(r"\s{2,}", checkout.strip())[:7] == [f"{a} (a)", "us-east-1", "checkout", "checkout@example.com",
                                                         "payments", "prod", "1.0"]

    assert walens("reviews", "--format", "csv") == 0
    by_name = {row["workloadName"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert (by_name["search"]["accountName"], by_name["search"]["reviewOwner"], by_name["search"]["tag:team"],
            by_name["search"]["tag:environment"]) == ("b", "search@example.com", "search", "dev")
    assert by_name["platform"]["tag:team"] == ""

    assert walens("reviews", "--format", "html") == 0
    html = capsys.readouterr().out
    assert "<th>Review owner</th><th>Team</th><th>Environment</th>" in html
    assert f"<td>{a} (a)</td><td>us-east-1</td><td>checkout</td><td>checkout@example.com</td><td>payments</td>" in html


@pytest.mark.parametrize(("group_by", "expected"), [
    ("tag:team", {"payments": 2, "search": 1, "(no team tag)": 1}),
    ("owner", {"checkout@example.com": 1, "refunds@example.com": 1, "search@example.com": 1,
               "platform@example.com": 1}),
    ("region", {"us-east-1": 3, "eu-west-1": 1}),
])
def test_group_by_owner_region_or_tag(teams: Fleet, capsys: pytest.CaptureFixture[str], group_by: str,
                                      expected: dict[str, int]) -> None:
    report = run_json(capsys, "reviews", "--group-by", group_by)
    assert report["groupBy"] == group_by
    assert {g["value"]: g["workloads"] for g in report["groups"]} == expected
    assert all(g["MEDIUM"] == g["workloads"] for g in report["groups"])  # each workload: gov_encryption at MEDIUM
    values = [w["reviewOwner"] if group_by == "owner" else w["region"] if group_by == "region"
              else w["tags"].get("team", "(no team tag)") for w in report["workloads"]]
    assert values == sorted(values)  # the workloads come group by group
    assert walens("reviews", "--group-by", group_by) == 0
    out = capsys.readouterr().out
    title = {"tag:team": "team tag", "owner": "review owner"}.get(group_by, group_by)
    section = out.split(f"\nper {title}:\n", 1)[1].split("\n\n", 1)[0].split("\n")[1:]
    assert {re.split(r"\s{2,}", line)[0]: int(re.split(r"\s{2,}", line)[1]) for line in section} == expected


def test_group_by_account_names_each_account_and_reads_no_owner(
        fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a = fleet.members["a"]
    fleet.workload(a, "checkout", {})
    fleet.workload(a, "ledger", {})
    fleet.steering.reset_calls()
    report = run_json(capsys, "reviews", "--group-by", "account")
    assert {g["value"]: g["workloads"] for g in report["groups"]} == {f"{a} (a)": 2}
    assert "GetWorkload" not in {call.operation for call in fleet.steering.calls()}


def test_group_by_a_tag_not_configured_reads_it(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    tagged(fleet, fleet.members["a"], "checkout", {"team": "payments"})
    report = run_json(capsys, "reviews", "--group-by", "tag:team")
    assert [(g["value"], g["workloads"]) for g in report["groups"]] == [("payments", 1)]
    assert report["workloads"][0]["tags"] == {"team": "payments"}


@pytest.mark.parametrize("value", ["team", "tag:", "owners"])
def test_a_bad_group_by_is_a_usage_error(fleet: Fleet, capsys: pytest.CaptureFixture[str], value: str) -> None:
    assert walens("reviews", "--group-by", value) == 2
    assert f"--group-by {value!r}: expected owner, account, region or tag:KEY" in capsys.readouterr().err


def test_account_names_denied_to_a_member_account_leave_ids_and_one_note(
        estate: Estate, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    team_a = estate.org.account("team-a").id
    estate.configure(f"reviews: {{accounts: ['{team_a}'], roleName: WalensReviewsReader}}\n")
    assert walens("publish") == 0  # the lens lives in the tooling account, a member
    capsys.readouterr()
    report = run_json(capsys, "reviews")
    assert report["errors"] == []
    [note] = report["notes"]
    assert note.startswith("account names not read (accounts are shown by id): ListAccounts failed: "
                           "AccessDeniedException")
    assert "reviews.roleArn" in note
    assert walens("reviews") == 0
    out = capsys.readouterr().out
    assert out.count("account names not read") == 1


def test_times_carry_their_zone(teams: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "reviews")
    stamps = [w["updatedAt"] for w in report["workloads"]]
    assert all(stamp.endswith("+00:00") for stamp in stamps), stamps
    shown = {f"{stamp[:10]} {stamp[11:16]} UTC" for stamp in stamps}
    assert walens("reviews") == 0
    text = capsys.readouterr().out
    assert walens("reviews", "--format", "html") == 0
    html = capsys.readouterr().out
    for stamp in shown:
        assert stamp in text and f"<td>{stamp}</td>" in html


def test_html_shows_titles_and_names_before_ids(teams: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("reviews", "--format", "html") == 0
    html = capsys.readouterr().out
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert "<title>Data Governance (governance)</title>" in charts[0]
    assert "<title>How do you protect data at rest? (gov_encryption)</title>" in charts[1]
    assert "<td>Data Governance (governance)</td><td>How do you protect data at rest? (gov_encryption)</td>" in html
