"""``walens reviews`` flags not-applicable marks a manager should not trust (issue 21): a choice the lens
sources say is never not applicable, and an applicable question whose every ordinary choice is marked
not applicable (rated NO_RISK whatever the rules say)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from publisher.adoption.collect import Collected
from publisher.adoption.report import Report
from publisher.publish.lensfind import LensState
from tests.publish.conftest import IN_PROCESS_ONLY
from tests.reviews.conftest import Fleet, run_json, walens

ENCRYPTION = "How do you protect data at rest?"
OWNERSHIP = "How do you know who owns each data store?"
KMS = "Every data store is encrypted with AWS KMS keys"
NEVER_WHY = "marked not applicable, but the lens says it applies to every workload"
EVERY_WHY = "every choice marked not applicable: rated no risk whatever the rules say"


def answer(fleet: Fleet, account: str, workload: str, question: str, statuses: dict[str, str]) -> None:
    fleet.wa(account).update_answer(
        WorkloadId=workload, LensAlias=fleet.lens_arn(), QuestionId=question,
        ChoiceUpdates={choice: {"Status": status, **({"Reason": "OUT_OF_SCOPE"} if status == "NOT_APPLICABLE" else {})}
                       for choice, status in statuses.items()})


@pytest.fixture
def marked(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> Fleet:
    """The sources list gov_enc_kms as never not applicable; four workloads mark choices not applicable."""
    source = fleet.project / "lens" / "governance" / "gov_encryption.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("choices:\n", "neverNotApplicable: [gov_enc_kms]\nchoices:\n", 1), encoding="utf-8")
    a, b = fleet.members["a"], fleet.members["b"]
    kms = fleet.workload(a, "kms-na", {})
    answer(fleet, a, kms, "gov_encryption", {"gov_enc_kms": "NOT_APPLICABLE", "gov_enc_rotation": "SELECTED"})
    everything = fleet.workload(b, "all-na", {})
    answer(fleet, b, everything, "gov_ownership",
           {"gov_own_tags": "NOT_APPLICABLE", "gov_own_policy": "NOT_APPLICABLE"})
    fine = fleet.workload(b, "fine", {})
    answer(fleet, b, fine, "gov_encryption", {"gov_enc_kms": "SELECTED", "gov_enc_rotation": "NOT_APPLICABLE"})
    skipped = fleet.workload(a, "question-na", {})
    fleet.wa(a).update_answer(WorkloadId=skipped, LensAlias=fleet.lens_arn(), QuestionId="gov_ownership",
                              IsApplicable=False, Reason="OUT_OF_SCOPE")
    capsys.readouterr()
    return fleet


@IN_PROCESS_ONLY
def test_flags_in_json_text_csv_and_html(marked: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "reviews")
    flags = {w["workloadName"]: w["flags"] for w in report["workloads"]}
    assert flags["kms-na"] == [{"kind": "neverNotApplicable", "pillarId": "governance", "questionId": "gov_encryption",
                                "questionTitle": ENCRYPTION, "choices": [{"choiceId": "gov_enc_kms", "title": KMS}]}]
    assert flags["all-na"] == [{
        "kind": "everyChoiceNotApplicable", "pillarId": "governance", "questionId": "gov_ownership",
        "questionTitle": OWNERSHIP, "choices": [
            {"choiceId": "gov_own_tags", "title": "Every data store carries an owner tag"},
            {"choiceId": "gov_own_policy", "title": "A tag policy enforces the owner tag"}]}]
    assert flags["fine"] == flags["question-na"] == []
    assert report["notes"] == []  # the sources are at hand: the check ran

    assert walens("reviews") == 0
    out = capsys.readouterr().out
    section = out.split("\nnot-applicable marks to check:\n", 1)[1].split("\n\n", 1)[0].strip().split("\n")
    a, b = marked.members["a"], marked.members["b"]
    assert sorted(section) == sorted([
        f"{a}/us-east-1 kms-na: {ENCRYPTION} (gov_encryption): {KMS}: {NEVER_WHY}",
        f"{b}/us-east-1 all-na: {OWNERSHIP} (gov_ownership): Every data store carries an owner tag; "
        f"A tag policy enforces the owner tag: {EVERY_WHY}"])

    assert walens("reviews", "--format", "csv") == 0
    rows = {row["workloadName"]: row["flaggedAnswers"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["kms-na"] == f"{ENCRYPTION} (gov_encryption): {KMS}: {NEVER_WHY}"
    assert rows["fine"] == rows["question-na"] == ""

    assert walens("reviews", "--format", "html") == 0
    html = capsys.readouterr().out
    table = html.split("<h2>Not-applicable marks to check</h2>", 1)[1]
    assert len(re.findall(r"<tr><td>", table.split("</table>", 1)[0])) == 2
    assert f"<td>{ENCRYPTION} (gov_encryption)</td><td>{KMS}</td><td>{NEVER_WHY}</td>" in table


@IN_PROCESS_ONLY
def test_without_never_lists_only_every_choice_marks_are_flagged(
        marked: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    source = marked.project / "lens" / "governance" / "gov_encryption.md"
    source.write_text(source.read_text(encoding="utf-8").replace("neverNotApplicable: [gov_enc_kms]\n", ""),
                      encoding="utf-8")
    flags = {w["workloadName"]: [f["kind"] for f in w["flags"]] for w in run_json(capsys, "reviews")["workloads"]}
    assert flags == {"kms-na": [], "all-na": ["everyChoiceNotApplicable"], "fine": [], "question-na": []}


def test_a_report_without_sources_says_the_check_was_not_run() -> None:
    collected = Collected({"us-east-1": LensState(name="L", arn="arn:l", published_version="1.0", has_draft=False)})
    assert [note for note in Report(collected).to_json()["notes"] if "neverNotApplicable check was not run" in note]
    assert Report(collected, {}).to_json()["notes"] == []
