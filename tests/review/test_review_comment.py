"""The pull-request comment: errors first, nothing important cut, no mentions, readable rule changes, right base."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.diff.notices import describe_example
from publisher.mdtext import escape
from publisher.review import build_review, render_markdown, render_text
from publisher.review.paths import repository_root, shown
from publisher.review.render_markdown import Links

from .conftest import LENS_YAML, QUESTION, RunCli, edit, git
from .test_review_output import LENS, _lens

COMMIT = ("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am")


def test_mentions_and_issue_references_are_shown_literally(lens_repo: Path) -> None:
    edit(lens_repo / QUESTION, "title: How do you protect data at rest?",
         "title: 'How do you protect data at rest, @octo-org/security and #123?'")
    markdown = render_markdown(build_review("git:HEAD", None, LENS))
    prose = re.sub(r"`[^`\n]*`", "", markdown)
    assert "@&#8203;octo-org/security" in prose and "#&#8203;123" in prose
    assert not re.search(r"(?<!\w)@(?!&#8203;)[\w-]", prose)
    assert not re.search(r"(?<!&)#(?!&#8203;)\d", prose)


def _big_change_with_an_error(tmp_path: Path) -> tuple[str, str]:
    """34 questions whose choices change wording, and one validation error in the head."""
    old = _lens(34, lambda i: " ".join(f"old{i}w{n}" for n in range(400)))
    new = _lens(34, lambda i: " ".join(f"new{i}w{n}" for n in range(400)))
    new["pillars"][0]["questions"][0]["riskRules"][0]["condition"] = "q0_a && ghost"  # E: unknown choice id
    base, head = tmp_path / "base.json", tmp_path / "head.json"
    base.write_text(json.dumps(old))
    head.write_text(json.dumps(new))
    return str(base), str(head)


def test_errors_and_the_version_verdict_survive_a_cut(tmp_path: Path, lens_repo: Path) -> None:
    base, head = _big_change_with_an_error(tmp_path)
    report = build_review(base, head, LENS)
    assert report.error_count >= 1 and len(report.questions) == 34
    markdown = render_markdown(report, limit=8_000, links=Links("https://github.com/o/r/actions/runs/7"))
    assert len(markdown) <= 8_000
    assert "**Version:**" in markdown and f"**Validation:** ❌ {report.error_count} error(s)" in markdown
    assert "ghost" in markdown  # the error itself, not only its count
    note = markdown.rstrip("\n").rsplit("\n", 1)[-1]
    assert note.startswith("> **Report cut**")
    assert re.search(r"Left out: .*Changed questions \(\d+\)", note)
    assert "[the job summary](https://github.com/o/r/actions/runs/7)" in note
    roomier = render_markdown(report, limit=12_000, links=Links("https://github.com/o/r/actions/runs/7"))
    assert "Report cut" in roomier and roomier.index("ghost") < roomier.index("### Changed questions")


def test_the_cut_comment_does_not_depend_on_where_the_repository_lives(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    comments = []
    for root in (tmp_path / "r", tmp_path.joinpath(*["deliberately-long-folder-name" * 3] * 4) / "r"):
        (root / "sub").mkdir(parents=True)
        git(root, "init", "-q")
        base, head = _big_change_with_an_error(root)
        monkeypatch.chdir(root / "sub")  # paths are shown from the repository root, not the current folder
        report = build_review(base, head, LENS)
        comments.append(render_markdown(report, limit=8_000, links=Links("https://github.com/o/r/actions/runs/7")))
        assert report.head.label == "head.json" and report.base.label == "base.json"
        assert {finding.location.file for finding in report.findings} == {"head.json"}
    short, long = comments
    assert long == short and str(tmp_path) not in short
    assert "`base.json` → `head.json`" in short and "`head.json:1:" in short and "Report cut" in short


def test_only_files_inside_the_repository_are_shown_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    git(root, "init", "-q")
    monkeypatch.chdir(root / "sub")
    assert repository_root().resolve() == root.resolve()
    assert shown(str(root / "lens_src" / "q.md"), root) == "lens_src/q.md"
    assert shown("q.md", root) == "sub/q.md"  # relative to the current folder, shown from the root
    assert shown("git:HEAD:lens_src/example", root) == "git:HEAD:lens_src/example"
    assert shown(str(tmp_path / "elsewhere.json"), root) == str(tmp_path / "elsewhere.json")


def test_step_summary_holds_the_full_report(tmp_path: Path, lens_repo: Path, run_cli: RunCli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    base, head = _big_change_with_an_error(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for name, value in {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r",
                        "GITHUB_RUN_ID": "7"}.items():
        monkeypatch.setenv(name, value)
    code, comment, _ = run_cli("review", "--base", base, "--head", head, "--preview-url", "https://x.test/a/1")
    assert code == 1
    assert "[the lens as an interactive HTML page](https://x.test/a/1)" in comment
    full = summary.read_text()
    assert "Report cut" not in full and full.count("<summary>") >= 34
    if "Report cut" in comment:
        assert "(https://github.com/o/r/actions/runs/7)" in comment


def test_each_rule_change_is_one_diff_block(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    report = build_review("git:HEAD", None, LENS)
    markdown = render_markdown(report)
    [(_, outcome)] = report.risk_changes()
    assert markdown.count("```diff\n") == 1
    block = markdown[markdown.index("```diff\n"):]
    block = block[:block.index("\n```", 8)]
    assert "\n- MEDIUM_RISK: gov_enc_kms && !gov_enc_no\n" in block
    assert "\n+ MEDIUM_RISK: (gov_enc_kms || gov_enc_rotation) && !gov_enc_no\n" in block
    assert "\n  HIGH_RISK: default" in block  # unchanged rules as context
    for example in outcome.examples:  # each example once, not in three sections
        assert markdown.count(escape(describe_example(example))) == 1
    assert "risk rules changed: see **Risk outcome changes**" in markdown
    text = render_text(report)
    assert text.count("- MEDIUM_RISK: gov_enc_kms && !gov_enc_no") == 1


def test_removed_choice_wipes_answers_and_is_counted(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    report = build_review("git:HEAD", None, LENS)
    [wiped] = report.wiped
    assert (wiped.path, wiped.removed, wiped.wiped, wiped.possible) == (
        "governance/gov_encryption", ("gov_enc_access",), 8, 15)
    assert any("every answer that ticked it is wiped whole" in line for line in report.impact)
    markdown = render_markdown(report)
    assert "8 of 15 possible answers are wiped on upgrade" in markdown
    assert report.to_json()["wipedAnswers"][0]["wiped"] == 8


def test_every_format_ends_with_a_newline(changed_repo: Callable[[str | None], Path], run_cli: RunCli) -> None:
    changed_repo("2.0")
    for fmt in ("markdown", "text", "json"):
        _, out, _ = run_cli("review", "--base", "git:HEAD", "--lens-dir", str(LENS), "--format", fmt)
        assert out.endswith("\n") and not out.endswith("\n\n\n"), fmt


def test_default_base_is_where_the_branch_started(lens_repo: Path, run_cli: RunCli) -> None:
    git(lens_repo, "checkout", "-q", "-b", "topic")
    edit(lens_repo / QUESTION, "title: How do you protect data at rest?", "title: How is stored data protected?")
    edit(lens_repo / LENS_YAML, 'version: "1.0"', 'version: "1.1"')
    git(lens_repo, *COMMIT, "topic: reword")
    git(lens_repo, "checkout", "-q", "main")
    ownership = lens_repo / "lens_src/example/governance/gov_ownership.md"
    edit(ownership, "title: Every data store carries an owner tag", "title: Every store carries an owner tag")
    git(lens_repo, *COMMIT, "main moves on")
    git(lens_repo, "checkout", "-q", "topic")
    _, out, _ = run_cli("review", "--lens-dir", str(LENS), "--format", "text")
    assert "base: the merge-base of main and HEAD" in out
    assert "gov_ownership" not in out  # main's later change is not shown as reverted by the branch
    assert "gov_encryption" in out
    _, markdown, _ = run_cli("review", "--lens-dir", str(LENS))
    assert "Base: the merge-base of main and HEAD" in markdown and "git diff main...HEAD" in markdown
    _, tip, _ = run_cli("review", "--lens-dir", str(LENS), "--base", "git:main", "--format", "text")
    assert "gov_ownership" in tip  # comparing with the tip shows main's change as reverted


def test_findings_of_a_git_head_point_at_the_file_and_line(lens_repo: Path, run_cli: RunCli) -> None:
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_kms, ghost]}")
    git(lens_repo, *COMMIT, "ghost")
    rev = git(lens_repo, "rev-parse", "--short", "HEAD").strip()
    _, out, _ = run_cli("review", "--base", "git:HEAD~1", "--head", f"git:{rev}", "--lens-dir", str(LENS),
                        "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert finding["file"] == f"git:{rev}:{QUESTION.as_posix()}"
    line = (lens_repo / QUESTION).read_text().splitlines().index(
        "  MEDIUM_RISK: {any: [gov_enc_kms, ghost]}") + 1
    assert finding["line"] == line and finding["column"] > 1
