"""``walens demo`` runs on a machine without AWS credentials and shows the whole flow."""

from __future__ import annotations

import pytest
import yaml

from publisher.cli import main
from tests.publish.conftest import REPO


def test_demo_publishes_shares_and_prints_status(monkeypatch: pytest.MonkeyPatch, tmp_path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_PROFILE", "does-not-exist")  # must not matter
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    try:
        main(["demo", "--root", str(REPO)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    out = capsys.readouterr().out
    version = yaml.safe_load((REPO / "lens_src" / "eks" / "lens.yaml").read_text(encoding="utf-8"))["version"]
    assert f"create {version} (major), 3 share change(s), tag" in out
    assert "0 write call(s): none" in out  # the second publish is a no-op
    assert "accepted 1 invitation(s)" in out
    status = out.split("== status")[1]
    assert "in sync" in status and "222222222222:ACCEPTED" in status and status.count(":ASSOCIATED") == 2
    adoption = out.split("== walens reviews\n")[1]
    assert "2 workload(s) in 2 account(s)" in adoption.splitlines()[0]
    dry_run = out.split("== walens upgrade-reviews (dry run)")[1].split("== walens upgrade-reviews --apply")[0]
    assert "ops_obs_tracing removed: its answer is lost" in dry_run and "eks_ops_delivery: MEDIUM -> HIGH" in dry_run
    assert "dry run: nothing was changed" in dry_run
    applied = out.split("== walens upgrade-reviews --apply")[1].split("== walens reviews (after the upgrade)")[0]
    assert applied.count("upgraded  before lens") == 2
    after = out.split("== walens reviews (after the upgrade)")[1]
    assert after.count("CURRENT") == 2 and "NOT_CURRENT" not in after
