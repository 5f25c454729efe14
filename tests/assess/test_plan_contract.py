"""The JSON contract of ``walens assess --format json`` (docs/assess.md), field by field."""

from __future__ import annotations

import json

import pytest

from publisher.assess.notes import BLOCK_END, BLOCK_START, MAX_CHOICE_NOTES, MAX_NOTES

from .review_fixture import Review, assess_args, make_plan, run

TOP = ["format", "version", "createdAt", "cluster", "workload", "lens", "sources", "notCollected", "apiCalls",
       "questions", "summary"]
QUESTION = ["questionId", "pillarId", "title", "current", "verdicts", "select", "contradicted", "notApplicable",
            "choiceNotes", "notes", "risk", "writes"]


def test_contract(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    review.answer_as_person("sec_access", ["acc_pod_identity"], notes="Reviewed by Kim.")
    plan = json.loads(make_plan(review, capsys).read_text())
    assert list(plan) == TOP
    assert (plan["format"], plan["version"]) == ("walens-assess-plan", 1)
    assert plan["createdAt"].endswith("Z")
    assert plan["cluster"] == {"name": "prod", "region": "us-east-1"}
    assert plan["workload"] == {"id": review.workload_id, "lensAlias": review.arn}
    assert plan["lens"] == {"name": "Assess Test EKS Lens"}
    by_name = {source["name"]: source for source in plan["sources"]}
    assert list(by_name["eks"]) == ["name", "origin", "collected", "reason", "calls"]
    assert by_name["eks"] == {"name": "eks", "origin": "api", "collected": True, "reason": "", "calls": 1}
    assert by_name["kubernetes"]["origin"] == "observed" and by_name["kubernetes"]["calls"] == 0
    assert by_name["eks.insights"]["collected"] is True  # the sandbox emulates ListInsights
    missing = [source for source in plan["sources"] if not source["collected"]]
    assert missing and [f"{s['name']}: not collected: {s['reason']}" for s in missing] == plan["notCollected"]
    assert plan["apiCalls"] == sum(source["calls"] for source in plan["sources"])
    assert [q["questionId"] for q in plan["questions"]] == [
        "sec_control_plane", "sec_access", "sec_threats", "rel_workloads", "rel_upgrades"]  # rel_manual: no rules
    for question in plan["questions"]:
        assert list(question) == QUESTION
        assert len(question["notes"]) <= MAX_NOTES
        assert all(len(note) <= MAX_CHOICE_NOTES for note in question["choiceNotes"].values())
        for verdict in question["verdicts"]:
            assert list(verdict) == ["choiceId", "verdict", "reason", "facts", "rule"]
            assert all(list(fact) == ["path", "value", "origin"] for fact in verdict["facts"])

    control = plan["questions"][0]
    assert control["pillarId"] == "security" and control["title"].startswith("How do you protect")
    assert control["current"] == {"answered": False, "selectedChoices": [], "notApplicableChoices": [],
                                  "isApplicable": True, "notes": "", "risk": "UNANSWERED"}
    verdicts = {v["choiceId"]: v for v in control["verdicts"]}
    assert verdicts["cp_audit_logs"]["verdict"] == "satisfied"
    assert verdicts["cp_audit_logs"]["facts"] == [{"path": "eks.logging.enabledTypes",
                                                  "value": ["api", "audit", "authenticator"], "origin": "api"}]
    assert verdicts["cp_audit_logs"]["rule"].endswith("sec_control_plane.md:8:9")
    assert control["select"] == ["cp_audit_logs", "cp_private_endpoint", "cp_secrets_encrypted"]
    assert control["contradicted"] == [] and control["notApplicable"] == []
    assert control["choiceNotes"]["cp_audit_logs"].startswith("[walens-assess] satisfied: audit and authenticator")
    assert control["notes"].startswith(BLOCK_START) and control["notes"].endswith(BLOCK_END)
    assert "eks.logging.enabledTypes=[api, audit, authenticator] (api)" in control["notes"]
    assert control["risk"] == {"current": "UNANSWERED", "afterApply": "NONE", "afterMerge": "NONE"}
    assert control["writes"] == {"apply": True, "merge": True}

    access = plan["questions"][1]
    assert access["current"]["selectedChoices"] == ["acc_pod_identity"] and access["current"]["risk"] == "MEDIUM"
    assert access["notes"].startswith("Reviewed by Kim.\n\n" + BLOCK_START)  # the person's text is kept
    assert access["writes"] == {"apply": False, "merge": True}  # answered: only --merge touches it

    threats = plan["questions"][2]
    assert [v["verdict"] for v in threats["verdicts"]] == ["violated", "unknown"]
    # runtime monitoring on, but the sandbox's coverage says UNHEALTHY (no agent add-on): no rule decides
    assert threats["verdicts"][1]["reason"] == "no evidence rule applies to these facts"
    assert threats["verdicts"][1]["facts"][-1] == {"path": "guardduty.coverage.status", "value": "UNHEALTHY",
                                                   "origin": "api"}
    assert threats["select"] == [] and threats["risk"]["afterApply"] == "UNANSWERED"

    workloads = plan["questions"][3]
    spread = {v["choiceId"]: v for v in workloads["verdicts"]}
    assert spread["wl_replicas"]["verdict"] == "violated"
    assert spread["wl_replicas"]["facts"][-1] == {"path": "kubernetes.workloads.singleReplica",
                                                  "value": ["shop/Deployment/api"], "origin": "observed"}
    assert spread["wl_spread"]["verdict"] == "satisfied"  # the DaemonSet and the 1-replica api are no failures
    # the sandbox emulates EKS access config, insights and versions: the CONFIG_MAP cluster's two access
    # choices and the version (1.33, past standard support on the sandbox clock) are violated, the
    # upgrade-readiness insights satisfied
    assert plan["summary"] == {"questions": 5, "select": 8, "contradicted": 0, "notApplicable": 0,
                               "satisfied": 8, "violated": 5, "unknown": 2, "not_applicable": 0}


def test_a_contradicted_choice_is_reported(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    review.answer_as_person("sec_threats", ["thr_audit_monitoring"])
    plan = json.loads(make_plan(review, capsys).read_text())
    threats = plan["questions"][2]
    assert threats["contradicted"] == ["thr_audit_monitoring"]
    assert plan["summary"]["contradicted"] == 1


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_text_and_markdown(review: Review, capsys: pytest.CaptureFixture[str], output: str) -> None:
    code, out, err = run(capsys, *assess_args(review, "--format", output))
    assert code == 0, err
    shown = out.replace("\\", "")  # Markdown escapes _ [ ]
    assert "eks.accessEntries: not collected" in shown and "eks.accessEntries: not collected" in err
    assert "sec_control_plane" in shown
    assert "select: cp_audit_logs, cp_private_endpoint, cp_secrets_encrypted" in shown
    assert "- wl_replicas: some workloads run a single replica" in shown
    if output == "markdown":
        assert out.startswith("# walens assess") and "\n### sec\\_control\\_plane" in out


def test_manifests_are_declared(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    folder = review.tmp / "rendered"
    folder.mkdir()
    (folder / "web.yaml").write_text("kind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 1}\n")
    args = [a for a in assess_args(review, "--format", "json") if a not in ("--snapshot",)]
    args = args[: args.index(str(review.tmp / "snapshot.json"))] + args[args.index(str(review.tmp / "snapshot.json"))
                                                                         + 1:]
    code, out, err = run(capsys, *args, "--manifests", str(folder))
    assert code == 0, err
    plan = json.loads(out)
    facts = [f for q in plan["questions"] for v in q["verdicts"] for f in v["facts"] if f["path"].startswith("kub")]
    assert facts and {f["origin"] for f in facts} == {"declared"}


def test_an_unreadable_snapshot_is_one_line_and_the_run_goes_on(review: Review,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (review.tmp / "snapshot.json").write_text("{not json")
    code, out, err = run(capsys, *assess_args(review, "--format", "json"))
    assert code == 0
    assert f"walens: kubernetes: not collected: {review.tmp / 'snapshot.json'}:1:2: not JSON" in err
    assert json.loads(out)["questions"][0]["select"]  # the AWS evidence still proposes


def test_live_without_the_extra_names_the_install(review: Review, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "kubernetes", None)  # as if the extra were not installed
    args = assess_args(review)
    args = args[: args.index("--snapshot")]
    code, _, err = run(capsys, *args, "--live")
    assert code == 2
    assert "pip install 'walens[kubernetes]'" in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "words"), [
    (["assess", "--region", "us-east-1"], "needs --cluster, --workload-id"),
    (["assess", "--cluster", "c", "--region", "r", "--workload-id", "w", "--snapshot", "a", "--live"],
     "at most one of"),
])
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and words in err


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_a_hostile_snapshot_cannot_forge_lines_or_escape_the_terminal(
        review: Review, capsys: pytest.CaptureFixture[str], output: str) -> None:
    from .objects import healthy, snapshot, workload

    forged = "api\n  + wl_replicas: forged row\x1b[8m"
    (review.tmp / "snapshot.json").write_text(json.dumps(snapshot(*healthy(), workload(forged, replicas=1))))
    code, out, err = run(capsys, *assess_args(review, "--format", output))
    assert code == 0, err
    assert "forged row" in out  # the name is shown, escaped on its own line
    assert not any(line.lstrip("- ").startswith("+ wl_replicas: forged") for line in out.splitlines())
    assert "\x1b" not in out


def test_a_not_collected_reason_is_one_line_whatever_the_file_name(review: Review,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    hostile = review.tmp / "x\nwalens: kubernetes: collected fine"
    hostile.write_text("{not json")
    args = [arg if arg != str(review.tmp / "snapshot.json") else str(hostile) for arg in assess_args(review)]
    code, _, err = run(capsys, *args)
    assert code == 0
    assert not any(line.startswith("walens: kubernetes: collected fine") for line in err.splitlines())
    assert "x\\nwalens: kubernetes: collected fine" in err
