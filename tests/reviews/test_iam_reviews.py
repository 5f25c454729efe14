"""``walens iam-policy --reviews`` grants exactly what ``reviews`` and ``upgrade-reviews`` call.

The calls come from the sandbox's call log (wellarchitected) and from a botocore hook on every client
walens creates (wellarchitected and organizations) during a real ``reviews --owners``, ``upgrade-reviews``
(dry run) and ``upgrade-reviews --apply`` over an organisation whose owner and member accounts have
workloads on an old lens version; no hand-written list is involved.
"""

from __future__ import annotations

import json

import pytest

from publisher.sandbox.control import CallRecord
from tests.proof.test_iam_policy import CallRecorder
from tests.publish.conftest import walens
from tests.reviews.conftest import OWNER_ACCOUNT, Fleet
from tests.reviews.test_upgrade import remove_questions, upgraded_fleet  # noqa: F401 (a fixture)


def _actions(records: list[CallRecord]) -> set[str]:
    return {record.iam_action for record in records}


def _granted(policy: dict[str, object]) -> set[str]:
    statements = policy["Statement"]
    assert isinstance(statements, list)
    return {action for statement in statements for action in statement["Action"]}


def _iam_policy(capsys: pytest.CaptureFixture[str], *flags: str) -> dict[str, object]:
    assert walens("iam-policy", "--reviews", *flags) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_the_reviews_policy_grants_exactly_the_calls_of_a_real_run(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]],  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fleet, _ids = upgraded_fleet
    # 3.0 removes gov_ownership, which "complete" did not answer: its notes are read (GetAnswer)
    fleet.publish_version("3.0", lambda lens: remove_questions(lens, "ownership"))
    capsys.readouterr()
    recorder = CallRecorder()
    recorder.install(monkeypatch)
    fleet.steering.reset_calls()
    with recorder.recording():
        assert walens("reviews", "--owners") == 0
        assert walens("upgrade-reviews") == 0
    reads = fleet.steering.calls()
    read_hooked = {call.action for call in recorder.calls}
    fleet.steering.reset_calls()
    with recorder.recording():
        assert walens("upgrade-reviews", "--apply") == 0
    applied = fleet.steering.calls()
    hooked = {call.action for call in recorder.calls if not call.action.startswith("sts:")}
    capsys.readouterr()
    assert {record.account for record in reads + applied} == {OWNER_ACCOUNT, *fleet.members.values()}
    assert {"wellarchitected:GetWorkload", "wellarchitected:GetAnswer", "organizations:ListAccounts",
            "organizations:ListAccountsForParent"} <= hooked

    reads_hooked = {action for action in read_hooked if not action.startswith("sts:")}
    assert _granted(_iam_policy(capsys)) == _actions(reads) | reads_hooked
    assert _granted(_iam_policy(capsys, "--apply")) == _actions(reads + applied) | hooked
    assert {action for action in hooked if action.startswith("wellarchitected:")} == _actions(reads + applied)

    member_calls = _actions([r for r in reads + applied if r.account != OWNER_ACCOUNT])
    assert walens("iam-policy", "--reviews", "--apply", "--format", "cloudformation") == 0
    template = json.loads(capsys.readouterr().out)
    role = template["Resources"]["ReviewsRole"]["Properties"]
    assert _granted(role["Policies"][0]["PolicyDocument"]) == member_calls


@pytest.mark.parametrize("flags", [(), ("--apply",)])
def test_the_template_passes_cfn_lint(flags: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    from cfnlint.api import lint

    assert walens("iam-policy", "--reviews", "--format", "cloudformation", *flags) == 0
    text = capsys.readouterr().out
    assert [str(match) for match in lint(text)] == []
    template = json.loads(text)
    assert set(template["Parameters"]) == {"TrustedAccountId", "RoleName"}
    trust = template["Resources"]["ReviewsRole"]["Properties"]["AssumeRolePolicyDocument"]
    trusted = "arn:${AWS::Partition}:iam::${TrustedAccountId}:root"
    assert trust["Statement"][0]["Principal"] == {"AWS": {"Fn::Sub": trusted}}


def test_the_template_role_name_defaults_to_reviews_role_name(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("iam-policy", "--reviews", "--format", "cloudformation") == 0
    assert json.loads(capsys.readouterr().out)["Parameters"]["RoleName"]["Default"] == "WalensReader"


@pytest.mark.parametrize("flags", [("--apply",), ("--format", "cloudformation")])
def test_reviews_flags_without_reviews_are_usage_errors(flags: tuple[str, ...],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("iam-policy", *flags) == 2
    assert "--apply and --format cloudformation go with --reviews" in capsys.readouterr().err


def test_explain_names_every_action_and_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    from publisher.iam_reviews import REVIEWS_INVENTORY

    assert walens("iam-policy", "--reviews", "--apply", "--explain") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [entry.action for entry in REVIEWS_INVENTORY]
