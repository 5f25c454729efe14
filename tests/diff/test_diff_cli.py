"""``walens diff``: formats, exit codes, git defaults, one-line errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import click
import pytest

from publisher.cli import main
from publisher.diff import diff_lenses
from publisher.diff.render_text import render_text
from publisher.sources.decompiler import decompile

from .lensfactory import Lens, choice, edited, make_lens, question


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(["diff", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def changed_lens() -> Lens:
    """One choice removed (major), one question title reworded, one URL changed."""
    new = edited(make_lens())
    question(new, "ops_q1")["choices"].pop(1)
    question(new, "sec_q1")["title"] = "How do you handle sec q1 today?"
    choice(new, "sec_q2", "sec_q2_a")["improvementPlan"]["url"] = "https://example.com/new-plan"
    return new


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    paths = []
    for name, doc in (("old", make_lens()), ("new", changed_lens())):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


def test_text_report(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, err = run(capsys, *pair)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].startswith("classification: MAJOR")
    assert lines[2] == "3 changes: 1 major, 2 minor"
    assert lines[4:7] == ["Major changes (1):",
                          "  choice_removed       ops/ops_q1/choices/ops_q1_b",
                          "                       - Practice ops_q1_b is in place"]
    assert "                       How do you handle sec[- q1?-]{+ q1 today?+}" in lines


def test_text_report_is_coloured_for_terminals() -> None:
    """Colours are in the report; click.echo drops them when stdout is not a terminal (as above)."""
    text = render_text(diff_lenses(make_lens(), changed_lens()), "old", "new")
    assert "classification: \x1b[31m\x1b[1mMAJOR\x1b[0m" in text
    assert "\x1b[31m[- q1?-]\x1b[0m" in text
    assert "sec[- q1?-]{+ q1 today?+}" in click.unstyle(text)


def test_json_report_is_the_contract(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, _ = run(capsys, *pair, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["classification"] == "major"
    assert [(c["kind"], c["path"]) for c in data["changes"]] == [
        ("choice_removed", "ops/ops_q1/choices/ops_q1_b"),
        ("question_retitled", "sec/sec_q1/title"),
        ("url_changed", "sec/sec_q2/choices/sec_q2_a/improvementPlan/url"),
    ]
    assert data["changes"][2]["after"] == "https://example.com/new-plan"


def test_markdown_report(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, _ = run(capsys, *pair, "--format", "markdown")
    assert code == 0
    assert out.startswith("## Lens diff: **MAJOR**\n")
    assert ("| `choice_removed` | major | 1 | a choice is gone, or its id changed: answers that ticked it are wiped "
            "on upgrade |") in out
    assert "| `question_retitled` | `sec/sec_q1/title` | How do you handle sec<del> q1?</del><ins> q1 today?</ins> |" \
        in out


def test_equal_lenses(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, out, _ = run(capsys, pair[0], pair[0])
    assert code == 0
    assert out.splitlines()[1].startswith("classification: NONE")


def test_bare_git_revision_defaults_to_the_other_side(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``walens diff git:HEAD lens_src/example`` compares the committed lens with the work tree."""
    monkeypatch.chdir(tmp_path)
    decompile(make_lens(), tmp_path / "lens_src" / "example")
    for args in (("init", "-q"), ("add", "."), ("-c", "user.name=T", "-c", "user.email=t@example.com",
                                                 "commit", "-q", "-m", "v1")):
        subprocess.run(["git", *args], check=True, cwd=tmp_path)
    md = tmp_path / "lens_src" / "example" / "sec" / "sec_q2.md"
    md.write_text(md.read_text(encoding="utf-8").replace("How do you handle sec q2?", "Sec q2, really?"),
                  encoding="utf-8")
    code, out, _ = run(capsys, "git:HEAD", "lens_src/example", "--format", "json")
    assert code == 0
    assert [c["path"] for c in json.loads(out)["changes"]] == ["sec/sec_q2/title"]


def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], pair: tuple[str, str],
                                         tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, out, err = run(capsys, pair[0], str(broken))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("walens: error: ") and "broken.json:1:2: E0001 invalid JSON" in err


def test_document_that_cannot_be_diffed_is_named(capsys: pytest.CaptureFixture[str], pair: tuple[str, str],
                                                 tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('{"pillars": [{"name": "no id"}]}', encoding="utf-8")
    code, _, err = run(capsys, pair[0], str(odd))
    assert code == 2
    assert err == f"walens: error: {odd}: pillars[0] has no string 'id'; a diff matches items by id\n"


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str], pair: tuple[str, str]) -> None:
    code, _, err = run(capsys, *pair, "--format", "html")
    assert code == 2
    assert "'html' is not one of 'text', 'markdown', 'json'" in err


def test_published_needs_one_target(capsys: pytest.CaptureFixture[str], pair: tuple[str, str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "walens.yaml"
    config.write_text("lens: lens\ntargets:\n  - name: a\n    regions: [us-east-1, eu-west-1]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "published", pair[1])
    assert code == 2
    assert err.startswith("walens: error: 'published' needs exactly one target and Region")
