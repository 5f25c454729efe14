"""Fault injection at every position of the recorded call sequences of ``publish`` and ``share``.

At collection time each scenario runs once without faults (in process, under ``mock_aws``) and the
sandbox's call log gives its sequence of ``wellarchitected`` calls.  Every position of every
sequence then becomes three tests: the call at that position is throttled until one attempt is
left, fails with InternalServerException on every attempt, or answers slowly.  The CLI runs with
three attempts per call instead of the publisher's five, and with short throttling backoff, so the
matrix stays fast; the behaviour under test is walens's, not botocore's timing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher.publish import targets
from publisher.publish.version_count import VERSION_TAG
from publisher.sandbox import FaultKind, inject_fault
from publisher.sandbox.control import CONTROLS
from tests.proof.scenarios import (
    FIRST_PUBLISH,
    MAJOR_CHANGE,
    SHARE_RECONCILE,
    WORDING_CHANGE,
    Rig,
    Scenario,
    quick_session,
    recorded_sequence,
    run_cli_in_process,
)

MATRIX = (FIRST_PUBLISH, WORDING_CHANGE, MAJOR_CHANGE, SHARE_RECONCILE)
RETRIES = 2  # botocore's retries ``max_attempts``: retries after the first attempt
ATTEMPTS = RETRIES + 1
SLOW_RESPONSE_MS = 150
KINDS: tuple[FaultKind, ...] = ("throttle", "error", "delay")


@dataclass(frozen=True)
class FaultCase:
    """The ``nth`` call of ``operation`` (position ``position`` of the sequence) gets fault ``kind``."""

    scenario: Scenario
    position: int
    operation: str
    nth: int
    kind: FaultKind

    def __str__(self) -> str:
        return f"{self.scenario}-{self.position:02d}-{self.operation}-{self.kind}"

    def inject(self) -> None:
        if self.kind == "delay":
            inject_fault(self.operation, "delay", nth=self.nth, delay_ms=SLOW_RESPONSE_MS)
            return
        # every attempt fails for an error; all but the last attempt for throttling
        failing_attempts = ATTEMPTS if self.kind == "error" else ATTEMPTS - 1
        for attempt in range(failing_attempts):
            inject_fault(self.operation, self.kind, nth=self.nth + attempt)


def fault_cases() -> Iterator[FaultCase]:
    for scenario in MATRIX:
        sequence = recorded_sequence(scenario)
        for position, operation in enumerate(sequence):
            nth = sequence[:position + 1].count(operation)
            for kind in KINDS:
                yield FaultCase(scenario, position, operation, nth, kind)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", list(fault_cases()), ids=str)


class FewRetries(targets.Connector):
    """The publisher's connector with ``ATTEMPTS`` attempts per call and a shared model loader."""

    def __init__(self, session_factory: targets.SessionFactory = quick_session, max_attempts: int = RETRIES,
                 **options: Any) -> None:
        super().__init__(session_factory, max_attempts, **options)


@pytest.fixture
def rig(inprocess_rig: Rig, monkeypatch: pytest.MonkeyPatch) -> Rig:
    """The in-process rig, with the CLI's connector on few retries and short throttling backoff."""
    from botocore.retries.standard import ExponentialBackoff

    monkeypatch.setattr(targets, "Connector", FewRetries)
    monkeypatch.setitem(ExponentialBackoff._DEFAULT_BACKOFF_CONFIG, "throttling_base_scale", 0.05)
    return inprocess_rig


def fired(case: FaultCase) -> bool:
    """Whether the injected fault hit the call it was meant for."""
    if case.kind == "delay":
        return any(fault.seen >= case.nth for fault in CONTROLS.faults())
    return any(call.operation == case.operation and call.fault == case.kind
               for call in CONTROLS.calls())


def test_the_recordings_cover_every_write_walens_makes() -> None:
    writes = {operation for scenario in MATRIX for operation in recorded_sequence(scenario)
              if not operation.startswith(("Get", "List", "Export"))}
    assert writes == {"ImportLens", "CreateLensVersion", "TagResource", "CreateLensShare", "DeleteLensShare"}


def test_fault(case: FaultCase, rig: Rig, tmp_path: Path) -> None:
    scenario = case.scenario
    rig.arrange(scenario, tmp_path / "arrange")
    before = rig.view()
    kept = rig.published_content(before)
    config = rig.write_config(scenario, tmp_path)
    case.inject()

    run = run_cli_in_process([*scenario.cli_args(), "--config", str(config)])

    assert fired(case), f"the {case.kind} fault never reached call {case.nth} of {case.operation}"
    assert "Traceback" not in run.output and "internal error" not in run.output
    after = rig.view()
    assert rig.published_content(before) == kept  # the version published before the run is intact
    if after.has_draft:  # a draft may only be left behind when the run says so
        assert "delete it by hand" in run.output
    untagged = False
    if case.kind == "error":
        failed = rig.view()
        # the version went out but its tags did not: no one can tell it from a publish outside walens
        untagged = (failed.published_version == scenario.expected_version != before.published_version
                    and failed.tags.get(VERSION_TAG) != scenario.expected_version)
        assert run.exit_code == 1, run.output
        assert f"{case.operation} failed: InternalServerException" in run.output, run.output
        rig.sandbox.steering.clear_faults()
        rerun = run_cli_in_process([*scenario.cli_args(), "--config", str(config)])
        assert rerun.exit_code == 0, rerun.output
    else:
        assert run.exit_code == 0, run.output
    assert rig.desired_state_problems(scenario, count_exact=not untagged) == []
    assert rig.remaining_actions(scenario, tmp_path / "plan") == []
