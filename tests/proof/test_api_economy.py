"""API economy, counted by the sandbox: which write calls each scenario makes; no-op runs only read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.proof.scenarios import (
    FIRST_PUBLISH,
    MAJOR_CHANGE,
    NO_OP_PUBLISH,
    SHARE_NOTHING_TO_DO,
    SHARE_RECONCILE,
    WORDING_CHANGE,
    Rig,
    Scenario,
    run_cli_in_process,
)

EXPECTED_WRITES = {
    FIRST_PUBLISH: ["ImportLens", "CreateLensVersion", "TagResource", "CreateLensShare"],
    WORDING_CHANGE: ["ImportLens", "CreateLensVersion", "TagResource"],
    MAJOR_CHANGE: ["ImportLens", "CreateLensVersion", "TagResource"],
    SHARE_RECONCILE: ["DeleteLensShare", "CreateLensShare", "CreateLensShare", "DeleteLensShare"],
    NO_OP_PUBLISH: [],
    SHARE_NOTHING_TO_DO: [],
}


def run(rig: Rig, scenario: Scenario, folder: Path) -> list[tuple[str, str]]:
    """(operation, access) of every call one CLI run of the scenario makes."""
    rig.sandbox.steering.reset_calls()
    result = run_cli_in_process([*scenario.cli_args(), "--config", str(rig.write_config(scenario, folder))])
    assert result.exit_code == 0, result.output
    return [(call.operation, call.access) for call in rig.sandbox.steering.calls()]


@pytest.mark.parametrize("scenario", list(EXPECTED_WRITES), ids=str)
def test_write_calls_per_scenario(scenario: Scenario, inprocess_rig: Rig, tmp_path: Path) -> None:
    inprocess_rig.arrange(scenario, tmp_path / "backups")
    calls = run(inprocess_rig, scenario, tmp_path)
    assert [operation for operation, access in calls if access == "write"] == EXPECTED_WRITES[scenario]
    assert inprocess_rig.desired_state_problems(scenario) == []


@pytest.mark.parametrize("scenario", list(EXPECTED_WRITES), ids=str)
def test_running_again_makes_reads_only(scenario: Scenario, inprocess_rig: Rig, tmp_path: Path) -> None:
    inprocess_rig.arrange(scenario, tmp_path / "backups")
    run(inprocess_rig, scenario, tmp_path)
    again = run(inprocess_rig, scenario, tmp_path)
    assert again, "the no-op run made no call at all"
    assert [operation for operation, access in again if access == "write"] == []
    assert {operation for operation, _ in again} <= {"ListLenses", "ListTagsForResource", "ExportLens",
                                                     "ListLensShares"}
