"""Lost responses: a write that the service carries out after the client has given up on it.

The slow-response column of the fault matrix stays within the client's read timeout.  Here, over
HTTP, each write call of the recorded publish and share sequences answers later than a shortened
read timeout: botocore retries while the first request is still being served, so the same write
reaches the service twice, the retry first and the original late.  walens must still succeed, leave
the published version intact and converge; a second arrival is where ClientRequestToken
idempotency (and walens's handling of Conflict answers) matters.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import botocore.config
import pytest

from publisher.sandbox.control import access_of
from tests.proof.scenarios import (
    FIRST_PUBLISH,
    SHARE_RECONCILE,
    WORDING_CHANGE,
    Rig,
    Scenario,
    recorded_sequence,
    run_cli_in_process,
)

READ_TIMEOUT_S = 0.3
LATE_BY_MS = 900  # the first request of the call is served this late, after the retry
SCENARIOS = (FIRST_PUBLISH, WORDING_CHANGE, SHARE_RECONCILE)

class ShortReadTimeout(botocore.config.Config):
    """botocore's Config with the read timeout cut to READ_TIMEOUT_S, whatever the caller asks."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["read_timeout"] = READ_TIMEOUT_S
        super().__init__(*args, **kwargs)


def lost_writes() -> Iterator[object]:
    for scenario in SCENARIOS:
        sequence = recorded_sequence(scenario)
        for position, operation in enumerate(sequence):
            if access_of(operation) != "write":
                continue
            nth = sequence[:position + 1].count(operation)
            yield pytest.param(scenario, operation, nth, id=f"{scenario}-{position:02d}-{operation}")


def served(rig: Rig, operation: str, count: int, within_s: float = 5.0) -> bool:
    """Wait until the sandbox has served ``count`` calls of ``operation``."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if sum(call.operation == operation for call in rig.sandbox.steering.calls()) >= count:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.http
@pytest.mark.parametrize(("scenario", "operation", "nth"), list(lost_writes()))
def test_a_write_whose_response_is_lost(scenario: Scenario, operation: str, nth: int, http_rig: Rig,
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rig = http_rig
    rig.arrange(scenario, tmp_path / "arrange")
    before = rig.view()
    kept = rig.published_content(before)
    config = rig.write_config(scenario, tmp_path)
    monkeypatch.setattr(botocore.config, "Config", ShortReadTimeout)
    rig.sandbox.steering.inject_fault(operation, "delay", nth=nth, delay_ms=LATE_BY_MS)
    try:
        run = run_cli_in_process([*scenario.cli_args(), "--config", str(config)])
        assert served(rig, operation, nth + 1), f"{operation} was not retried after the read timeout"
    finally:
        rig.sandbox.steering.clear_faults()
        monkeypatch.undo()

    assert run.exit_code == 0, run.output
    assert rig.published_content(before) == kept  # the version published before the run is intact
    assert rig.desired_state_problems(scenario) == []
    assert rig.remaining_actions(scenario, tmp_path / "plan") == []
