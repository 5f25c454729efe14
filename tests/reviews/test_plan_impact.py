"""``walens plan`` and ``publish`` say how the lens moves the risk of the workload reviews that use it,
when walens.yaml has a ``reviews`` section (the computation ``walens review --plan`` shows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, major_change, walens

PARTIAL = {"gov_encryption": ["gov_enc_kms", "gov_enc_access"], "gov_ownership": ["gov_own_tags"]}
HEADER = "Workload reviews (the config's reviews accounts):"


def _version(lens_dir: Path, version: str) -> None:
    lens_yaml = lens_dir / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"'),
                         encoding="utf-8")


def _workloads(fleet: Fleet) -> None:
    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, "partial-a", PARTIAL)
    fleet.workload(b, "partial-b", PARTIAL, region="eu-west-1")
    fleet.workload(OWNER_ACCOUNT, "steady", {"gov_encryption": ["gov_enc_kms"]})


def test_plan_and_publish_show_the_risk_shifts_of_a_major_version(fleet: Fleet,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _workloads(fleet)
    major_change(fleet.project / "lens")
    _version(fleet.project / "lens", "2.0")
    assert walens("plan", "--format", "json") == 0
    workloads = json.loads(capsys.readouterr().out)["workloads"]
    assert workloads[0] == "3 workload(s) on version 1.0 compared; 2 change(s) of risk"
    assert "2 workload(s) in 2 account(s) go from MEDIUM to HIGH on gov_ownership" in workloads
    assert not any("automatically" in line for line in workloads)  # a major version: reviews upgrade by choice
    assert walens("publish") == 0
    out = capsys.readouterr().out
    assert HEADER in out and "  2 workload(s) in 2 account(s) go from MEDIUM to HIGH on gov_ownership" in out


def test_a_minor_version_says_the_reviews_move_automatically(fleet: Fleet,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    _workloads(fleet)
    question = fleet.project / "lens" / "governance" / "gov_ownership.md"
    text = question.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    question.write_text(text.replace(title, title.rstrip("?") + " today?"), encoding="utf-8")  # a retitle: minor
    _version(fleet.project / "lens", "1.1")
    assert walens("plan") == 0
    out = capsys.readouterr().out
    assert "  3 workload(s) on version 1.0 compared; 0 change(s) of risk" in out
    assert "  3 review(s) move to 1.1 automatically" in out


def test_without_a_reviews_section_nothing_is_read(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    _workloads(fleet)
    fleet.configure(reviews="")
    fleet.steering.reset_calls()
    assert walens("plan", "--format", "json") == 0
    assert "workloads" not in json.loads(capsys.readouterr().out)
    assert walens("plan") == 0
    assert HEADER not in capsys.readouterr().out
    assert not [call for call in fleet.steering.calls() if call.operation == "ListWorkloads"]
