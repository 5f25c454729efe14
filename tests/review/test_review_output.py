"""Review output: GitHub Markdown (marker, folding, escaping, size limit), text, JSON and the CLI."""

from __future__ import annotations

import copy
import json
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.review import MARKER, build_review, render_markdown, render_text
from publisher.review.render_markdown import COMMENT_LIMIT, MAX_ITEMS

from .conftest import QUESTION, RunCli, edit, hostile_lens

LENS = Path("lens_src/example")


def _lens(questions: int, title: Callable[[int], str]) -> dict[str, Any]:
    return {"schemaVersion": "2021-11-01", "name": "Big <b>lens</b>", "description": "d", "pillars": [{
        "id": "p", "name": "P", "questions": [{
            "id": f"q{i}", "title": f"Question {i}", "choices": [
                {"id": f"q{i}_a", "title": title(i), "improvementPlan": {"displayText": "x"}},
                {"id": f"q{i}_no", "title": "None of these"}],
            "riskRules": [{"condition": f"q{i}_a", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}],
        } for i in range(questions)]}]}


def _write_pair(tmp_path: Path, questions: int, words: int) -> tuple[str, str]:
    base, head = tmp_path / "base.json", tmp_path / "head.json"
    base.write_text(json.dumps(_lens(questions, lambda i: " ".join(f"old{i}w{n}" for n in range(words)))))
    head.write_text(json.dumps(_lens(questions, lambda i: " ".join(f"new{i}w{n}" for n in range(words)))))
    return str(base), str(head)


def test_markdown_starts_with_the_marker_and_explains_the_change(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo(None)
    markdown = render_markdown(build_review("git:HEAD", None, LENS))
    assert markdown.startswith(MARKER + "\n")
    assert "**Change: MAJOR**" in markdown
    assert '**Version:** ❌ the change is major but the version stays 1.0; set version: "2.0"' in markdown
    assert "| Choices | 0 | 1 | 0 | 0 |" in markdown
    assert "selecting gov\\_enc\\_rotation was HIGH\\_RISK, now MEDIUM\\_RISK" in markdown
    assert "**Title before:** How do you protect data at rest?" in markdown
    assert "**Title after:** How do you keep stored data unreadable?" in markdown
    assert "- `choice_removed` `choices/gov_enc_access` (major): - Key policies grant decrypt" in markdown
    assert "governance/gov\\_encryption/choices/gov\\_enc\\_access is removed" in markdown


def test_many_questions_are_folded_and_text_is_escaped(tmp_path: Path, lens_repo: Path) -> None:
    base, head = _write_pair(tmp_path, questions=12, words=3)
    markdown = render_markdown(build_review(base, head, LENS))
    assert markdown.count("<details>") == markdown.count("</details>") >= 12
    assert "## Lens review: Big \\<b>lens\\</b>" in markdown  # an escaped '<' opens no HTML tag
    assert "<summary>Question 0 (<code>p/q0</code>)</summary>" in markdown


def test_long_report_is_cut_to_whole_sections_under_the_comment_limit(tmp_path: Path, lens_repo: Path) -> None:
    base, head = _write_pair(tmp_path, questions=300, words=60)
    report = build_review(base, head, LENS)
    assert len(render_text(report)) > 2 * COMMENT_LIMIT  # the full report really is too long
    markdown = render_markdown(report)
    assert len(markdown) <= COMMENT_LIMIT
    assert markdown.count("<details>") == markdown.count("</details>")
    assert "**Report cut**" in markdown and "Left out: Changed questions (" in markdown
    assert "| Questions | 0 | 0 | 0 | 300 |" in markdown and "| Choices | 0 | 0 | 0 | 300 |" in markdown


def test_small_limit_keeps_the_header_first(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    markdown = render_markdown(build_review("git:HEAD", None, LENS), limit=1500)
    assert len(markdown) <= 1500
    assert markdown.startswith(MARKER) and "**Change: MAJOR**" in markdown and "Report cut" in markdown


def test_text_report(changed_repo: Callable[[str | None], Path]) -> None:
    changed_repo("2.0")
    text = render_text(build_review("git:HEAD", None, LENS))
    assert "change: MAJOR" in text and "version: OK: 1.0 -> 2.0" in text
    assert "selecting gov_enc_rotation was HIGH_RISK, now MEDIUM_RISK" in text
    assert "choices          0        1      0        0" in text


def test_cli_json_report(changed_repo: Callable[[str | None], Path], run_cli: RunCli) -> None:
    changed_repo("2.0")
    code, out, _ = run_cli("review", "--base", "git:HEAD", "--lens-dir", str(LENS), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert (report["classification"], report["version"]["status"], report["passed"]) == ("major", "ok", True)
    assert report["summary"]["choices"]["removed"] == 1
    assert report["diff"]["classification"] == "major"


def test_cli_exits_1_on_a_wrong_bump_and_writes_the_step_summary(
        changed_repo: Callable[[str | None], Path], run_cli: RunCli, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    changed_repo(None)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _, err = run_cli("review", "--lens-dir", str(LENS), "--format", "text", "--out", "review.txt")
    assert code == 1
    assert "wrote review.txt" in err
    assert "version: MISMATCH" in Path("review.txt").read_text()
    assert summary.read_text().startswith("earlier step\n" + MARKER)


def test_cli_reports_validation_errors_with_exit_1(lens_repo: Path, run_cli: RunCli) -> None:
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_kms, ghost]}")
    code, out, _ = run_cli("review", "--lens-dir", str(LENS))
    assert code == 1
    assert "ghost" in out
    assert "### Validation: 1 error(s)" in out


def test_cli_usage_errors_are_one_line(lens_repo: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli("review", "--lens-dir", "lens_src/nowhere")
    assert code == 2
    assert err.strip().splitlines() == ["walens: error: lens_src/nowhere: no such file or folder"]


def test_publish_preview_plans_against_a_reachable_target(
        lens_repo: Path, run_cli: RunCli, sandbox_server: str) -> None:
    config = lens_repo / "walens.yaml"
    config.write_text(f"lens: lens_src/example\ntargets:\n  - name: sandbox\n    endpointUrl: {sandbox_server}\n"
                      "    regions: [us-east-1]\n")
    code, out, _ = run_cli("review", "--lens-dir", str(LENS), "--plan", "--config", str(config), "--format", "json")
    preview = json.loads(out)["publish"]
    assert code == 0
    assert preview["note"].startswith("plan for 1 target(s)")
    [target] = preview["targets"]
    assert (target["target"], target["region"], target["result"]) == ("sandbox", "us-east-1", "ok")


def test_publish_preview_is_skipped_with_a_note_when_not_configured(lens_repo: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("review", "--lens-dir", str(LENS), "--plan", "--config", "missing.yaml")
    assert code == 0
    assert "not computed: config file missing.yaml not found" in out


def test_unreachable_target_is_noted_and_never_fails_the_review(lens_repo: Path, run_cli: RunCli) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = lens_repo / "walens.yaml"
    config.write_text(f"lens: lens_src/example\ntargets:\n  - name: down\n    endpointUrl: http://127.0.0.1:{port}\n"
                      "    regions: [us-east-1]\n")
    code, out, _ = run_cli("review", "--lens-dir", str(LENS), "--plan", "--config", str(config))
    assert code == 0
    assert "1 could not be planned (down/us-east-1: Could not connect to the endpoint URL" in out


def test_hostile_lens_text_cannot_inject_markup_into_the_comment(tmp_path: Path, lens_repo: Path) -> None:
    from markdown_it import MarkdownIt

    base, head = tmp_path / "base.json", tmp_path / "head.json"
    old = hostile_lens()
    new = copy.deepcopy(old)
    question = new["pillars"][0]["questions"][0]  # type: ignore[index]
    question["choices"].pop()
    question["riskRules"][0]["condition"] = "default"
    base.write_text(json.dumps(old))
    head.write_text(json.dumps(new))
    for limit in (COMMENT_LIMIT, 3000):
        markdown = render_markdown(build_review(str(base), str(head), LENS), limit=limit)
        html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)  # raw HTML on, as on GitHub
        assert not re.search(r"<(script|img|svg)\b", html)
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_long_lists_are_cut_so_the_impact_section_still_fits(tmp_path: Path, lens_repo: Path) -> None:
    old = _lens(200, lambda i: f"choice {i}")
    new = copy.deepcopy(old)
    for question in new["pillars"][0]["questions"]:
        del question["choices"][0]  # every workload that ticked it loses the tick
    base, head = tmp_path / "base.json", tmp_path / "head.json"
    base.write_text(json.dumps(old))
    head.write_text(json.dumps(new))
    markdown = render_markdown(build_review(str(base), str(head), LENS))
    assert len(markdown) <= COMMENT_LIMIT
    impact = markdown[markdown.index("Impact on existing workload reviews (200)"):]
    kept = impact.count("is removed: on upgrade, every answer that ticked it is wiped whole")
    assert 50 < kept <= MAX_ITEMS
    assert impact.count("and the question must be answered again.") == kept  # whole sentences, never cut
    assert f"… and {200 - kept} more: run `walens review --format text` for the full report." in impact
