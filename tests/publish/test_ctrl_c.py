"""Ctrl-C means stop: real SIGINTs sent to ``walens publish`` at several points of its call sequence.

Each test holds one call in the HTTP sandbox with a delay fault, waits until the sandbox has seen
that call start, and only then signals, so the point of interruption is certain whatever the
machine's speed. No assertion is about time.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.sandbox.harness import Sandbox
from tests.proof.scenarios import child_environment

REPO = Path(__file__).resolve().parents[2]
LENS = "Example Data Governance Lens"
HOLD_MS = 4000  # how long the held call lasts: long enough to signal while it runs
pytestmark = [pytest.mark.http, pytest.mark.slow]


@pytest.fixture
def project(tmp_path: Path, sandbox_http: Sandbox) -> Path:
    shutil.copytree(REPO / "lens_src" / "example", tmp_path / "lens")
    (tmp_path / "walens.yaml").write_text(
        f"lens: lens\ntargets:\n  - name: one\n    regions: [us-east-1]\n    endpointUrl: {sandbox_http.endpoint}\n"
        f"  - name: two\n    regions: [us-east-1]\n    endpointUrl: {sandbox_http.endpoint}\n"
        "    roleArn: arn:aws:iam::222222222222:role/walens-test\n", encoding="utf-8")
    return tmp_path


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "publisher.cli", "publish", "--workers", "1", *args],
                            cwd=project, env=child_environment(), text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_until(condition: Callable[[], bool], process: subprocess.Popen[str] | None = None) -> None:
    """Poll ``condition`` (bounded: 60 s), failing early if ``process`` ends first."""
    for _ in range(600):
        if condition():
            return
        assert process is None or process.poll() is None, process and process.communicate()
        time.sleep(0.1)
    raise AssertionError("the condition never held")


def interrupt_during(sandbox: Sandbox, project: Path, operation: str, *, twice: bool = False) -> tuple[int, str, str]:
    """Run publish, hold the first ``operation``, send SIGINT (twice: two in a row) while it runs."""
    sandbox.steering.inject_fault(operation, "delay", nth=1, delay_ms=HOLD_MS)
    process = start(project)
    wait_until(lambda: sandbox.steering.started_calls(operation) >= 1, process)
    process.send_signal(signal.SIGINT)
    if twice:
        time.sleep(0.2)  # let the first signal's handler run before the second one
        process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def writes(sandbox: Sandbox) -> list[str]:
    return [call.operation for call in sandbox.steering.calls() if call.access == "write"]


def lens_status(sandbox: Sandbox, account: str = "123456789012") -> dict[str, str]:
    summaries = sandbox.client(account=account).list_lenses(LensType="CUSTOM_SELF", LensStatus="ALL")["LensSummaries"]
    return {s["LensStatus"]: s.get("LensVersion", "") for s in summaries if s["LensName"] == LENS}


def test_stop_during_import_deletes_the_draft_and_starts_no_other_target(sandbox_http: Sandbox,
                                                                          project: Path) -> None:
    code, out, err = interrupt_during(sandbox_http, project, "ImportLens")
    assert code == 130, err
    assert "walens: stopping" in err and "Traceback" not in err
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("one ", "two "))}
    assert "interrupted" in rows["one"] and "not started (Ctrl-C)" in rows["two"]
    assert "stopped (Ctrl-C) before confirming the draft" in out and "draft it imported was deleted" in out
    assert writes(sandbox_http) == ["ImportLens", "DeleteLens"]  # nothing after the signal but the cleanup
    assert lens_status(sandbox_http) == {}
    assert json.loads((project / ".walens" / "drafts.json").read_text(encoding="utf-8")) == []


def test_stop_during_create_lens_version_keeps_the_version_and_writes_nothing_more(sandbox_http: Sandbox,
                                                                                   project: Path) -> None:
    code, out, err = interrupt_during(sandbox_http, project, "CreateLensVersion")
    assert code == 130, err
    assert writes(sandbox_http) == ["ImportLens", "CreateLensVersion"]  # no TagResource, no share
    assert lens_status(sandbox_http) == {"PUBLISHED": "1.0"}
    assert "stopped (Ctrl-C) before tagging" in out
    assert "1/100 versions after this publish" in out  # the version exists: the count says so


def test_a_second_ctrl_c_quits_at_once_and_the_next_run_recognises_the_draft(sandbox_http: Sandbox,
                                                                               project: Path) -> None:
    code, _, err = interrupt_during(sandbox_http, project, "ImportLens", twice=True)
    assert code == 130
    assert "quitting at once; these targets may hold a draft walens imported: one/us-east-1" in err
    wait_until(lambda: "DRAFT" in lens_status(sandbox_http))  # the held import lands after walens has gone
    question = project / "lens" / "governance" / "gov_ownership.md"
    question.write_text(question.read_text(encoding="utf-8").replace("title: How", "title: Now, how", 1),
                        encoding="utf-8")  # other sources: the draft no longer holds this build
    process = start(project, "--target", "one")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    assert "the draft was left by an interrupted walens run" in out
    assert "did not create" not in out
    assert lens_status(sandbox_http) == {"PUBLISHED": "1.0"}
