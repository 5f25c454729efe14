"""`walens validate`, `walens explain` and `walens rules`: output contract and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.findings import Finding, Location, Severity
from publisher.validate.registry import all_checks
from publisher.validate.report import render_github
from tests.validate.lenses import as_text, lens, question

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "lens_src" / "example"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def defective(tmp_path: Path) -> Path:
    """A lens JSON file with one error (rejected character) and one warning (unknown key)."""
    doc = {"_version": "2", **lens()}
    question(doc)["choices"][0]["title"] = "KMS; everywhere"
    path = tmp_path / "defective.json"
    path.write_text(as_text(doc), encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.json"
    path.write_text(as_text(lens()), encoding="utf-8")
    return path


def test_text_format_lines_and_summary(capsys: pytest.CaptureFixture[str], defective: Path) -> None:
    code, out, _ = run(capsys, "validate", str(defective))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == f"{defective}:2:15: W1005 unknown property '_version' is not part of the lens format"
    assert re.fullmatch(rf"{re.escape(str(defective))}:\d+:\d+: E3030 choice title contains .*", lines[1])
    assert lines[-1] == "Found 1 error and 1 warning in 1 lens."


def test_clean_file_passes_even_strict(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    assert run(capsys, "validate", "--strict", str(clean))[:2] == (0, "All checks passed (1 lens).\n")


def test_json_format_is_one_object(capsys: pytest.CaptureFixture[str], defective: Path, clean: Path) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(defective), str(clean))
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"findings", "errors", "warnings"}
    assert (report["errors"], report["warnings"]) == (1, 1)
    error = next(f for f in report["findings"] if f["severity"] == "error")
    assert error == {"code": "E3030", "severity": "error", "message": error["message"], "file": str(defective),
                     "line": error["line"], "column": error["column"],
                     "pointer": "/pillars/0/questions/0/choices/0/title"}
    line = defective.read_text(encoding="utf-8").splitlines()[error["line"] - 1]
    assert line[error["column"] - 1] == ";"


def test_github_format_annotations(capsys: pytest.CaptureFixture[str], defective: Path) -> None:
    _, out, _ = run(capsys, "validate", "--format", "github", str(defective))
    warning, error = out.splitlines()
    assert warning.startswith(f"::warning file={defective},line=2,col=15,title=W1005::unknown property")
    assert re.match(rf"::error file={re.escape(str(defective))},line=\d+,col=\d+,title=E3030::choice title", error)


def test_github_format_escapes_its_special_characters() -> None:
    finding = Finding("E3030", Severity.ERROR, "50% off\nnow", Location("a,b:c.json", 3, 4, "/name"))
    assert render_github([finding]) == "::error file=a%2Cb%3Ac.json,line=3,col=4,title=E3030::50%25 off%0Anow\n"


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = lens()
    doc["_note"] = "x"
    path = tmp_path / "warn.json"
    path.write_text(as_text(doc), encoding="utf-8")
    assert run(capsys, "validate", str(path))[0] == 0
    assert run(capsys, "validate", "--strict", str(path))[0] == 1


def test_ignore_suppresses_codes(capsys: pytest.CaptureFixture[str], defective: Path) -> None:
    code, out, _ = run(capsys, "validate", "--ignore", "e3030,W1005", str(defective))
    assert (code, out) == (0, "All checks passed (1 lens).\n")


def test_unknown_ignore_code_is_a_usage_error(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, out, err = run(capsys, "validate", "--ignore", "E9999", str(clean))
    assert (code, out) == (2, "")
    assert "unknown code E9999" in err


def test_missing_path_exits_2_without_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.json"))
    assert code == 2
    assert err.strip() == f"walens: error: {tmp_path / 'nope.json'}: no such file or folder"


def test_folder_without_lens_yaml_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "no lens.yaml" in err


def test_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.strip() == f"walens: error: {path}: cannot read: Permission denied"


@pytest.mark.parametrize(("content", "code", "where"), [
    (b'{"a": NaN}', "E0001", ":1:7:"),
    (b'{\n  "name": "caf\xe9"\n}', "E0002", ":2:15:"),
    (b'{"name": "a",\n "name": "b"}', "W0003", ":2:10:"),
    ("\ufeff{}".encode(), "W0004", ":1:1:"),
])
def test_parse_problems_are_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes,
                                     code: str, where: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    exit_code, out, _ = run(capsys, "validate", str(path))
    assert exit_code == 1
    assert f"{path}{where} {code} " in out


def test_example_sources_validate_strict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--strict", str(EXAMPLE))
    assert (code, out) == (0, "All checks passed (1 lens).\n")


@pytest.mark.parametrize("title", ["Customer managed keys rotate; automatically",
                                   "'Customer managed keys rotate; automatically'",
                                   '"Customer managed keys rotate; automatically"'])
def test_source_findings_point_at_the_character_in_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        title: str) -> None:
    lens_dir = tmp_path / "example"
    shutil.copytree(EXAMPLE, lens_dir)
    question_file = lens_dir / "governance" / "gov_encryption.md"
    text = question_file.read_text(encoding="utf-8")
    question_file.write_text(text.replace("title: Customer managed keys rotate automatically",
                                          f"title: {title}"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--format", "json", str(lens_dir))
    (finding,) = json.loads(out)["findings"]
    lines = question_file.read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert finding["code"] == "E3030" and finding["file"].endswith("governance/gov_encryption.md")
    assert lines[finding["line"] - 1][finding["column"] - 1:].startswith("; automatically")
    assert finding["pointer"] == "/pillars/0/questions/0/choices/1/title"


def test_lens_yaml_suppress_applies(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lens_dir = tmp_path / "example"
    shutil.copytree(EXAMPLE, lens_dir)
    question_file = lens_dir / "governance" / "gov_encryption.md"
    question_file.write_text(question_file.read_text(encoding="utf-8").replace(
        "title: Every data store is encrypted with AWS KMS keys", "title: 'Every data store is encrypted '"),
        encoding="utf-8")
    assert run(capsys, "validate", "--strict", str(lens_dir))[0] == 1
    lens_yaml = lens_dir / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8") + "suppress: [W5001]\n", encoding="utf-8")
    assert run(capsys, "validate", "--strict", str(lens_dir))[:2] == (0, "All checks passed (1 lens).\n")


def test_explain_small_question_prints_every_selection(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, out, _ = run(capsys, "explain", str(clean), "pol_q01")
    assert code == 0
    assert "  1. NO_RISK     enc_kms && enc_rotation && !enc_no   decides 1 of 7 selections" in out
    rows = [line for line in out.splitlines() if " | " in line]
    assert rows[0].startswith("c1   c2   c3  ")
    assert rows[1:] == [
        "x    .    .    | MEDIUM_RISK (2)", ".    x    .    | HIGH_RISK (3)", "x    x    .    | NO_RISK (1)",
        ".    .    x    | HIGH_RISK (3)", "x    .    x    | HIGH_RISK (3)", ".    x    x    | HIGH_RISK (3)",
        "x    x    x    | HIGH_RISK (3)",
    ]


def test_explain_large_question_groups_by_outcome(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = lens()
    choices = question(doc)["choices"]
    choices[2:2] = [{"id": f"enc_extra{i}", "title": f"Extra {i}", "improvementPlan": {"displayText": "x"}}
                    for i in range(3)]
    path = tmp_path / "big.json"
    path.write_text(as_text(doc), encoding="utf-8")
    code, out, _ = run(capsys, "explain", str(path), "pol_q01")
    assert code == 0
    assert "Selections by outcome (63 in all; --all prints every one):" in out
    assert "  rule 1 NO_RISK: 8 selections, the smallest:\n    {enc_kms, enc_rotation}\n" in out
    code, out, _ = run(capsys, "explain", "--all", str(path), "pol_q01")
    assert len([line for line in out.splitlines() if " | " in line]) == 64


def test_explain_unknown_question_suggests(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    code, _, err = run(capsys, "explain", str(clean), "pol_q1")
    assert code == 2 and "did you mean pol_q01" in err


def test_explain_unparseable_rules_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = lens()
    question(doc)["riskRules"][0]["condition"] = "enc_kms &&"
    path = tmp_path / "bad.json"
    path.write_text(as_text(doc), encoding="utf-8")
    code, _, err = run(capsys, "explain", str(path), "pol_q01")
    assert code == 1 and "cannot be analysed" in err


def test_rules_lists_every_code_and_docs_cover_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    listed = {entry["code"] for entry in json.loads(out)}
    assert code == 0
    assert {check.code for check in all_checks()} | {"E0001", "E0002", "W0003", "E0901"} <= listed
    catalogue = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([EW]\d{4})$", catalogue, flags=re.MULTILINE))
    source_codes = {code for code in listed if code[1:3] == "09"}
    assert listed - source_codes == documented
    assert all(code in catalogue for code in source_codes)


def test_source_files_stand_for_their_lens_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lens_dir = tmp_path / "example"
    shutil.copytree(EXAMPLE, lens_dir)
    question_file = lens_dir / "governance" / "gov_encryption.md"
    question_file.write_text(question_file.read_text(encoding="utf-8").replace(
        "title: Customer managed keys rotate automatically", "title: Keys rotate; always"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--format", "json", str(question_file),
                       str(lens_dir / "governance" / "pillar.yaml"), str(lens_dir / "lens.yaml"))
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["E3030"]


def test_source_file_outside_a_lens_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stray = tmp_path / "notes.md"
    stray.write_text("# notes\n")
    code, _, err = run(capsys, "validate", str(stray))
    assert code == 2 and "not inside a lens source folder" in err
