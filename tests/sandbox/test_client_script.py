"""Runs the independent client script against the HTTP sandbox, as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.sandbox.harness import Sandbox

from .lens_samples import lens

SCRIPT = Path(__file__).with_name("client_script.py")
RECIPIENT = "210987654321"

pytestmark = pytest.mark.http


def run_script(sandbox: Sandbox, lens_file: Path) -> tuple[int, dict[str, object]]:
    done = subprocess.run([sys.executable, str(SCRIPT), "--endpoint-url", str(sandbox.endpoint), "--lens",
                           str(lens_file), "--recipient", RECIPIENT], capture_output=True, text=True, timeout=120,
                          check=False)
    return done.returncode, json.loads(done.stdout)


def test_client_script_imports_versions_shares_and_accepts(sandbox_http: Sandbox, tmp_path: Path) -> None:
    lens_file = tmp_path / "lens.json"
    lens_file.write_text(json.dumps(lens()), encoding="utf-8")
    status, report = run_script(sandbox_http, lens_file)
    assert (status, report["ok"], report["shared_status"]) == (0, True, "ACCEPTED")
    accounts = {call.account for call in sandbox_http.steering.calls()}
    assert accounts == {"123456789012", RECIPIENT}
    shared = sandbox_http.client(account=RECIPIENT).list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"]
    assert [item["LensArn"] for item in shared] == [report["lens_arn"]]


def test_client_script_reports_a_failed_step(sandbox_http: Sandbox, tmp_path: Path) -> None:
    lens_file = tmp_path / "lens.json"
    lens_file.write_text(json.dumps(lens()), encoding="utf-8")
    sandbox_http.steering.inject_fault("ExportLens", "error")
    status, report = run_script(sandbox_http, lens_file)
    assert (status, report["ok"]) == (1, False)
    assert "InternalServerException" in str(report["error"])
