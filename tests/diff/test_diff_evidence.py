"""``walens diff`` and ``walens review`` show evidence-rule changes (added, removed, changed per choice, with
the rule text) when both sides are sources, git revisions included, and never change the classification."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.diff.evidence import NO_CLASSIFICATION
from publisher.loader import load

LENS = Path(__file__).resolve().parents[1] / "assess" / "data" / "lens"
ACCESS = Path("lens/security/sec_access.md")
MANUAL = Path("lens/reliability/rel_manual.md")
NEW_RULE = """    evidence:
      - source: kubernetes
        when: kubernetes.workloads.count > 0
        verdict: unknown
        reason: workloads run, game days are for a person to confirm
"""
PATHS = {"security/sec_access/choices/acc_access_entries/evidence": "evidence_changed",
         "security/sec_access/choices/acc_pod_identity/evidence": "evidence_removed",
         "reliability/rel_manual/choices/man_game_days/evidence": "evidence_added"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(cwd), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   check=True, capture_output=True)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The assess test lens committed, then its evidence rules changed in the work tree (nothing else)."""
    shutil.copytree(LENS, tmp_path / "lens")
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-q", "-m", "v1")):
        git(tmp_path, *args)
    monkeypatch.chdir(tmp_path)
    replace_once(ACCESS, "eks.accessEntries.count >= 1", "eks.accessEntries.count >= 2")
    replace_once(ACCESS, """    evidence:
      - source: eks
        when: eks.podIdentity.count > 0
        verdict: satisfied
        reason: Pod Identity associations exist
""", "")
    replace_once(MANUAL, "    title: We run game days\n", "    title: We run game days\n" + NEW_RULE)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_diff_json_lists_each_choice_once_and_keeps_the_classification(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "diff", "git:HEAD", "lens", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["classification"] == "none" and report["changes"] == []
    evidence = report["evidence"]
    assert evidence["compared"] is True and evidence["note"] == NO_CLASSIFICATION
    assert {change["path"]: change["kind"] for change in evidence["changes"]} == PATHS
    changed = next(c for c in evidence["changes"] if c["kind"] == "evidence_changed")
    assert changed["before"][0].startswith("satisfied: eks.auth.mode == 'API' and eks.accessEntries.count >= 1  # eks:")
    assert changed["after"][0].startswith("satisfied: eks.auth.mode == 'API' and eks.accessEntries.count >= 2  # eks:")
    assert changed["before"][1:] == changed["after"][1:]


def test_diff_text_and_markdown_show_the_rules_marked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, text = run(capsys, "diff", "git:HEAD", "lens")
    assert "classification: NONE" in text and "Evidence rule changes (3):" in text and NO_CLASSIFICATION in text
    assert "- satisfied: eks.auth.mode == 'API' and eks.accessEntries.count >= 1" in text
    assert "+ satisfied: eks.auth.mode == 'API' and eks.accessEntries.count >= 2" in text
    assert "  violated: eks.auth.mode == 'CONFIG_MAP'" in text  # the unchanged rule, unmarked
    assert "- satisfied: eks.podIdentity.count > 0" in text and "+ unknown: kubernetes.workloads.count > 0" in text
    _, markdown = run(capsys, "diff", "git:HEAD", "lens", "--format", "markdown")
    assert "### Evidence rule changes (3)" in markdown and "```diff" in markdown
    assert "**`reliability/rel_manual/choices/man_game_days/evidence`** (evidence_added)" in markdown


def test_a_change_that_also_edits_the_json_is_classified_by_the_json_alone(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_once(MANUAL, "title: We run game days\n", "title: We run game days every quarter\n")
    report = json.loads(run(capsys, "diff", "git:HEAD", "lens", "--format", "json")[1])
    assert report["classification"] == "minor" and len(report["evidence"]["changes"]) == 3


def test_lens_json_on_either_side_is_not_compared(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "build", "lens", "--out", "out")[0] == 0
    report = json.loads(run(capsys, "diff", "out/lens.json", "lens", "--format", "json")[1])
    assert report["evidence"] == {"compared": False, "classification": "unchanged", "changes": [],
                                  "note": "evidence rules not compared: out/lens.json is not lens sources (lens JSON "
                                          "has none)"}
    assert "Evidence rule" not in run(capsys, "diff", "out/lens.json", "lens")[1]


def test_equal_sources_show_no_evidence_section(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v2")
    report = json.loads(run(capsys, "diff", "git:HEAD", "lens", "--format", "json")[1])
    assert report["evidence"]["compared"] is True and report["evidence"]["changes"] == []
    assert "Evidence rule" not in run(capsys, "diff", "git:HEAD", "lens")[1]


def test_rules_read_from_a_git_revision_name_that_revision(repo: Path) -> None:
    loaded = load("git:HEAD:lens")
    assert loaded.evidence is not None
    files = {rule.location.file for rules in loaded.evidence.rules.values() for rule in rules}
    assert files and all(file.startswith("git:HEAD:lens/") for file in files), files


def test_review_shows_evidence_changes_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(run(capsys, "review", "--base", "git:HEAD", "--lens-dir", "lens", "--format", "json")[1])
    assert report["classification"] == "none" and report["evidence"]["note"] == NO_CLASSIFICATION
    assert {change["path"]: change["kind"] for change in report["evidence"]["changes"]} == PATHS
    _, text = run(capsys, "review", "--base", "git:HEAD", "--lens-dir", "lens", "--format", "text")
    assert "Evidence rule changes (3):" in text and "+ unknown: kubernetes.workloads.count > 0" in text
    _, markdown = run(capsys, "review", "--base", "git:HEAD", "--lens-dir", "lens")
    assert "### Evidence rule changes (3)" in markdown and NO_CLASSIFICATION[1:] in markdown
    assert "- satisfied: eks.podIdentity.count > 0  # eks: Pod Identity associations exist" in markdown


def test_review_of_a_new_lens_adds_every_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(LENS, repo / "fresh")
    report = json.loads(run(capsys, "review", "--base", "git:HEAD", "--lens-dir", "fresh", "--format", "json")[1])
    judged = load(LENS).evidence
    assert judged is not None
    assert [change["kind"] for change in report["evidence"]["changes"]] == ["evidence_added"] * len(judged.rules)
