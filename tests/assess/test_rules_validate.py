"""Evidence rules in sources: the compiler leaves them out of the JSON, validate checks them (E6001)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.loader import load
from publisher.sources import compile_lens
from publisher.validate.engine import validate_loaded

from .lens_fixture import LENS, copy_lens, lens_and_rules


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def test_rules_are_read_with_their_location() -> None:
    _, rules = lens_and_rules()
    first = rules.of("sec_control_plane", "cp_audit_logs")
    assert [rule.verdict for rule in first] == ["satisfied", "violated"]
    assert first[0].location.file.endswith("security/sec_control_plane.md")
    assert (first[0].location.line, first[0].location.column) == (8, 9)
    assert rules.questions == {"sec_control_plane", "sec_access", "sec_threats", "rel_workloads", "rel_upgrades"}
    assert rules.problems == []


def test_the_compiled_json_has_no_evidence() -> None:
    compiled = compile_lens(LENS)
    assert not compiled.has_errors
    assert '"evidence":' not in json.dumps(compiled.doc)
    choice = compiled.doc["pillars"][0]["questions"][0]["choices"][0]
    assert set(choice) == {"id", "title", "improvementPlan"}


def test_the_test_lens_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(LENS))
    assert code == 0, out


def _break(folder: Path, old: str, new: str) -> None:
    path = folder / "security" / "sec_control_plane.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("source: eks\n        when: eks.logging", "source: ekz\n        when: eks.logging", 8,
     "unknown source 'ekz': use one of eks, guardduty, kubernetes"),
    ("contains 'audit' and", "contains 'audit' and and", 9, "condition does not parse at its column 47"),
    ("exists eks.logging.enabledTypes", "exists eks.logging.enabled", 13, "unknown fact 'eks.logging.enabled'"),
    ("source: eks\n        when: eks.encryption", "source: guardduty\n        when: eks.encryption", 33,
     "fact 'eks.encryption.secrets' is not collected by source 'guardduty'"),
])
def test_a_broken_rule_is_e6001_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str,
                                            line: int, words: str) -> None:
    folder = copy_lens(tmp_path)
    _break(folder, old, new)
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    findings = [row for row in out.splitlines() if " E6001 " in row]
    assert len(findings) == 1, out
    assert findings[0].startswith(f"{folder}/security/sec_control_plane.md:{line}:")
    assert words in findings[0]


def test_a_bad_verdict_or_missing_field_is_a_schema_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_lens(tmp_path)
    _break(folder, "verdict: violated", "verdict: broken")
    _break(folder, "        reason: secrets are envelope", "        why: secrets are envelope")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert "sec_control_plane.md:14:" in out and "broken" in out
    assert "sec_control_plane.md:35:9: E0903" in out and "unknown key 'why'" in out
    assert " E6001 " not in out  # the shape is the schema's finding, not repeated


def test_assess_refuses_a_lens_with_a_broken_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_lens(tmp_path)
    _break(folder, "exists eks.logging.enabledTypes", "exists eks.nope")
    code, _, err = run(capsys, "assess", "--cluster", "c", "--region", "us-east-1", "--workload-id", "w" * 32,
                       "--lens-dir", str(folder))
    assert code == 2
    assert f"{folder}/security/sec_control_plane.md:13:15: E6001" in err and "eks.nope" in err


def test_a_broken_rule_in_a_git_revision_is_e6001_under_its_label(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules come from the front matter the compiler parsed, so a lens read from a git revision
    (compiled in a scratch folder, its files then named ``git:REV:path``) has its rules checked too."""
    folder = copy_lens(tmp_path)
    _break(folder, "exists eks.logging.enabledTypes", "exists eks.logging.enabled")
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-q", "-m", "broken rule")):
        subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    findings = [f for f in validate_loaded(load("git:HEAD", lens_dir=Path("lens"))) if f.code == "E6001"]
    located = [(f.location.file, f.location.line) for f in findings]
    assert located == [("git:HEAD:lens/security/sec_control_plane.md", 13)]
