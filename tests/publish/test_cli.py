"""The commands end to end through ``walens`` (config file, output, exit codes) against the sandbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from publisher.errors import WalensError
from publisher.publish.exporter import make_exporter
from publisher.publish.targets import Overrides
from tests.publish.conftest import RECIPIENT, REPO, Sandbox, walens


def set_version(project: Path, version: str, title_suffix: str = "") -> None:
    lens_yaml = project / "lens" / "lens.yaml"
    text = lens_yaml.read_text(encoding="utf-8")
    lens_yaml.write_text(text.replace('version: "1.0"', f'version: "{version}"'), encoding="utf-8")
    if title_suffix:
        question = next((project / "lens").glob("*/*.md"))
        lines = question.read_text(encoding="utf-8").splitlines()
        lines = [line.rstrip("?") + f" {title_suffix}?" if line.startswith("title:") else line for line in lines]
        question.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_publish_plan_status_cycle(project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("publish", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True
    assert [(t["region"], t["version"], t["result"]) for t in doc["targets"]] == [
        ("us-east-1", "1.0", "ok"), ("eu-west-1", "1.0", "ok")]
    assert walens("plan") == 0
    out = capsys.readouterr().out
    assert out.count("(nothing to do)") == 2 and "no lens change" in out
    assert walens("status") == 0
    captured = capsys.readouterr()
    assert captured.out.count("in sync") == 2 and f"{RECIPIENT}:PENDING" in captured.out
    assert "[2/2]" in captured.err  # progress goes to stderr


def test_version_mismatch_exits_1_then_auto_bump_publishes(project: Path, sandbox: Sandbox,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("publish", "--region", "us-east-1") == 0
    set_version(project, "2.0", "today")  # a retitled question is a minor change, 2.0 is a major bump
    capsys.readouterr()
    for command in ("plan", "publish"):
        assert walens(command, "--region", "us-east-1") == 1
        out = capsys.readouterr().out
        assert "refused" in out and "but the change is minor" in out
    assert walens("publish", "--region", "us-east-1", "--auto-bump") == 0
    out = capsys.readouterr().out
    assert "publish 1.1 (minor)" in out and 'set version: "1.1" in lens.yaml' in out
    assert walens("rollback", "--region", "us-east-1", "--to", "1.0") == 0
    out = capsys.readouterr().out
    assert "republish 1.0 as 1.2" in out
    assert "the sources still hold the change rolled back from 1.1" in out
    assert 'set version: "1.2" in lens.yaml' in out
    lens_yaml, question = project / "lens" / "lens.yaml", next((project / "lens").glob("*/*.md"))
    question.write_text(question.read_text(encoding="utf-8").replace(" today?", "?"), encoding="utf-8")  # the revert
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace('version: "2.0"', 'version: "1.2"'),
                         encoding="utf-8")
    assert walens("plan", "--region", "us-east-1") == 0  # the advice followed: nothing left to do
    assert "(nothing to do)" in capsys.readouterr().out


def test_user_errors_are_one_line_with_exit_codes(project: Path, sandbox: Sandbox,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("publish", "--target", "nope") == 2
    assert capsys.readouterr().err.strip().startswith("walens: error: unknown target(s) nope")
    question = next((project / "lens").glob("*/*.md"))
    question.write_text(question.read_text(encoding="utf-8").replace("title:", "title: [", 1),
                        encoding="utf-8")  # a YAML syntax error: the sources do not compile
    assert walens("publish") == 2
    err = capsys.readouterr().err
    assert "E0901" in err and f"{question.relative_to(project)}:" in err and "Traceback" not in err
    (project / "lens" / "lens.yaml").write_text("name: Broken\n", encoding="utf-8")
    assert walens("publish") == 2
    assert "E0903 (top level): 'description' is a required property" in capsys.readouterr().err
    (project / "walens.yaml").write_text("targets: [{name: x, shares: ['999999999999']}]\n", encoding="utf-8")
    assert walens("share") == 2
    assert "not in the top-level shares allowlist" in capsys.readouterr().err


def test_exporter_serves_walens_diff(project: Path, sandbox: Sandbox) -> None:
    assert walens("publish", "--region", "us-east-1") == 0
    exporter = make_exporter(project / "walens.yaml", Overrides(regions=("us-east-1",)))
    published = exporter("published")
    assert published["name"] == "Example Data Governance Lens"
    assert all("number" not in q for p in published["pillars"] for q in p["questions"])

    with pytest.raises(WalensError, match="has no draft"):
        exporter("draft")
    with pytest.raises(WalensError, match="exactly one target and Region"):
        make_exporter(project / "walens.yaml")("published")


def test_walens_diff_published_uses_the_exporter(project: Path, sandbox: Sandbox,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    config = project / "walens.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("[us-east-1, eu-west-1]", "[us-east-1]"),
                      encoding="utf-8")
    assert walens("publish") == 0
    set_version(project, "1.1", "today")
    capsys.readouterr()
    assert walens("diff", "published", "lens", "--format", "json") == 0
    diff = json.loads(capsys.readouterr().out)
    assert diff["classification"] == "minor"
    [change] = diff["changes"]
    assert (change["kind"], change["id"]) == ("question_retitled", "gov_ownership")
    assert change["after"].endswith(" today?")


def test_walens_diff_published_takes_target_flags(project: Path, sandbox: Sandbox,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The config names two Regions: ``--region`` picks the one to export from, as for publish."""
    assert walens("publish", "--region", "eu-west-1") == 0
    capsys.readouterr()
    assert walens("diff", "published", "lens", "--format", "json") == 2
    assert "exactly one target and Region" in capsys.readouterr().err
    assert walens("diff", "published", "lens", "--region", "eu-west-1", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["classification"] == "none"
    assert walens("diff", "published", "lens", "--region", "us-east-1") == 2
    assert "does not exist" in capsys.readouterr().err


def test_diff_published_without_credentials_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """No credentials anywhere: the export fails as an operation, never as an internal error."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    shutil.copytree(REPO / "lens_src" / "example", tmp_path / "lens")
    (tmp_path / "walens.yaml").write_text("lens: lens\ntargets:\n  - name: t\n    regions: [us-east-1]\n",
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert walens("diff", "published", "lens") == 1
    err = capsys.readouterr().err
    assert err == "walens: error: cannot read the published lens: Unable to locate credentials\n"
