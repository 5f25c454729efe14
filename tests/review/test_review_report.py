"""The review report: version verdict, summary counts, risk outcomes, impact, findings, size."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.diff.model import Classification
from publisher.errors import WalensError
from publisher.review import build_review
from publisher.review.sides import default_base
from publisher.review.version_check import check_version

from .conftest import EXAMPLE, LENS_YAML, QUESTION, edit, git

LENS = Path("lens_src/example")


def test_unchanged_lens_is_none_and_needs_no_bump(lens_repo: Path) -> None:
    report = build_review("git:HEAD", None, LENS)
    assert report.classification == "none"
    assert report.version.status == "ok"
    assert report.questions == ()
    assert report.passed


def test_issue_scenario_is_major_and_flags_the_missing_bump(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo(None)
    report = build_review("git:HEAD", None, LENS)
    assert report.classification == "major"
    assert report.version.status == "mismatch"
    assert 'set version: "2.0"' in report.version.message
    assert not report.passed


def test_major_bump_matches_a_major_change(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    report = build_review("git:HEAD", None, LENS)
    assert (report.version.status, report.version.base, report.version.head) == ("ok", "1.0", "2.0")
    assert report.passed


def test_minor_bump_for_a_major_change_is_a_mismatch(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("1.1")
    report = build_review("git:HEAD", None, LENS)
    assert report.version.status == "mismatch"
    assert "1.0 -> 1.1 is a minor bump but the change is major" in report.version.message


def test_summary_counts_removed_and_changed_items(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    counts = {row.what: row for row in build_review("git:HEAD", None, LENS).counts}
    assert (counts["choices"].removed, counts["choices"].added) == (1, 0)
    assert counts["questions"].changed == 1
    assert (counts["pillars"].added, counts["pillars"].removed, counts["pillars"].changed) == (0, 0, 0)


def test_changed_question_has_titles_before_and_after(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    [question] = build_review("git:HEAD", None, LENS).questions
    assert question.path == "governance/gov_encryption"
    assert question.title_before == "How do you protect data at rest?"
    assert question.title_after == "How do you keep stored data unreadable?"
    kinds = {change.kind for change in question.changes}
    assert {"question_retitled", "choice_removed", "risk_rules_changed"} <= kinds


def test_risk_outcome_names_a_selection_whose_risk_changes(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    [(change, outcome)] = build_review("git:HEAD", None, LENS).risk_changes()
    assert change.path == "governance/gov_encryption/riskRules"
    examples = {(e.selected, e.before, e.after) for e in outcome.examples}
    assert (("gov_enc_rotation",), "HIGH_RISK", "MEDIUM_RISK") in examples


def test_impact_lists_the_removed_choice(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    impact = build_review("git:HEAD", None, LENS).impact
    assert any("gov_enc_access is removed" in line for line in impact)


def test_validation_findings_come_from_the_head(lens_repo: Path) -> None:
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_kms, ghost]}")
    report = build_review("git:HEAD", None, LENS)
    assert report.error_count >= 1
    assert any(finding.location.file.endswith("gov_encryption.md") for finding in report.findings)
    assert not report.passed


def test_size_is_measured_on_the_json_that_publish_imports(lens_repo: Path) -> None:
    from publisher.lensjson import wire_text
    from publisher.sources import compile_lens

    size = build_review("git:HEAD", None, LENS).size
    expected = wire_text(compile_lens(LENS).doc)
    assert size is not None
    assert (size.characters, size.bytes, size.max_characters) == (len(expected), len(expected.encode()), 500_000)


def test_lens_missing_from_the_base_is_a_new_lens(lens_repo: Path) -> None:
    git(lens_repo, "mv", "lens_src/example", "lens_src/renamed")
    report = build_review("git:HEAD", None, Path("lens_src/renamed"))
    assert report.base.doc is None
    assert report.version.required == "new"
    counts = {row.what: row for row in report.counts}
    assert (counts["pillars"].added, counts["questions"].added) == (1, 2)


def test_head_with_source_errors_is_reported_not_compared(lens_repo: Path) -> None:
    edit(lens_repo / LENS_YAML, "  - governance", "  - governance\n  - missing_pillar")
    report = build_review("git:HEAD", None, LENS)
    assert report.diff is None
    assert report.version.status == "unknown"
    assert report.error_count >= 1
    assert "not compared" in report.notes[0]
    assert not report.passed


def test_head_can_be_another_revision(changed_repo: Callable[[str | None], Path]) -> None:
    repo = changed_repo("2.0")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "lens 2.0")
    report = build_review("git:HEAD~1", "git:HEAD", LENS)
    assert (report.classification, report.version.status, report.head.version) == ("major", "ok", "2.0")


def test_unknown_base_revision_is_a_usage_error(lens_repo: Path) -> None:
    with pytest.raises(WalensError, match="git:no-such-branch: unknown revision"):
        build_review("git:no-such-branch", None, LENS)


def test_base_outside_a_git_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(WalensError, match="is not inside a git repository"):
        build_review("git:HEAD", str(EXAMPLE), LENS)


def test_default_base_falls_back_to_head_without_a_main_branch(lens_repo: Path) -> None:
    git(lens_repo, "branch", "-m", "main", "topic")
    assert default_base().ref == "git:HEAD"
    git(lens_repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    fork = git(lens_repo, "rev-parse", "HEAD").strip()
    assert default_base().ref == f"git:{fork}"
    assert "merge-base of origin/main and HEAD" in default_base().note


@pytest.mark.parametrize(("base", "head", "classification", "status"), [
    ("1.0", "2.0", "major", "ok"),
    ("1.9", "2", "major", "ok"),
    ("1.0", "1.1", "major", "mismatch"),
    ("1.0", "1.0.1", "minor", "ok"),
    ("1.0", "2.0", "minor", "mismatch"),
    ("1.0", "1.0", "minor", "mismatch"),
    ("1.0", "0.9", "minor", "mismatch"),
    ("1.0", "v2", "major", "mismatch"),
    ("1.0", "1.0", "none", "ok"),
    (None, "1.0", "minor", "unknown"),
])
def test_version_policy(base: str | None, head: str, classification: Classification, status: str) -> None:
    assert check_version(base, head, classification, base_exists=True).status == status


def test_base_can_be_a_folder_with_its_own_version(changed_repo: Callable[[str | None], Path], tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "before")
    changed_repo("2.0")
    report = build_review(str(tmp_path / "before"), None, LENS)
    assert (report.base.version, report.head.version, report.version.status) == ("1.0", "2.0", "ok")
    assert report.classification == "major"
