"""``walens validate --format sarif``: valid SARIF 2.1.0 (the OASIS schema, offline) that GitHub code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from publisher.validate.sarif import artifact_uri

from .conftest import QUESTION, RunCli, edit

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture
def broken(lens_repo: Path) -> Path:
    """The example lens with an error (a rule names an unknown choice) and a too-long title."""
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_kms, ghost]}")
    edit(lens_repo / QUESTION, "title: How do you protect data at rest?", "title: " + "Long " * 30 + "?")
    return lens_repo


def test_sarif_is_valid_and_places_each_finding(broken: Path, run_cli: RunCli,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    github = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}
    for name, value in github.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run_cli("validate", "--format", "sarif", "lens_src/example")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    _, text, _ = run_cli("validate", "--format", "json", "lens_src/example")
    findings = json.loads(text)["findings"]
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [result["ruleId"] for result in run["results"]] == [finding["code"] for finding in findings]
    for result, finding in zip(run["results"], findings, strict=True):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": QUESTION.as_posix(), "uriBaseId": "%SRCROOT%"}
        assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (finding["line"],
                                                                                         finding["column"])
        assert result["level"] == finding["severity"] and result["message"]["text"] == finding["message"]
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"] and rule["helpUri"].startswith("https://")
    assert len(rules) == len({finding["code"] for finding in findings}) >= 2


def test_no_findings_is_an_empty_valid_run(lens_repo: Path, run_cli: RunCli) -> None:
    code, out, _ = run_cli("validate", "--format", "sarif", "lens_src/example")
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.parametrize(("file", "uri"), [
    ("lens_src/eks/x.md", "lens_src/eks/x.md"),
    ("git:abc123:lens_src/eks/a b.md", "lens_src/eks/a%20b.md"),
])
def test_artifact_uris_are_relative_to_the_repository(file: str, uri: str) -> None:
    assert artifact_uri(file) == uri
    assert artifact_uri(str(Path.cwd() / file.split(":")[-1])) == uri
