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
    cluster = out.split("== EKS cluster 'platform' (Kubernetes ")[1].splitlines()[0]
    assert cluster.split(", ")[1].startswith(("STANDARD_SUPPORT", "EXTENDED_SUPPORT"))
    assess = out.split("== walens assess --cluster platform")[1].split("== walens assess apply")[0]
    assert "guardduty.coverage: not collected: no GuardDuty detector in this Region" in assess
    checkout, analytics = (line for line in assess.splitlines() if line.startswith(("checkout:", "analytics:")))
    assert " 0 violated" in analytics and " 0 violated" not in checkout  # well run, and single replicas
    applied = out.split("== walens assess apply")[1].split("== walens reviews: risk counts")[0]
    assert applied.count("milestone walens-assess ") == 2 and "apply again: 0 write(s)" in applied
    assert "skipped eks_sec_cluster_access: answered by a person" in applied
    risks = out.split("== walens reviews: risk counts before and after assess\n")[1].split("\n\nsandbox stopped")[0]
    rows = risks.splitlines()
    for name, before, after in zip(("checkout", "analytics"), rows[0::2], rows[1::2], strict=True):
        assert before.startswith(f"{name}: before ") and after.split()[0] == "after"
        was, now = (dict(zip(text.split()[0::2], map(int, text.split()[1::2]), strict=True))
                    for text in (before.split("before")[1], after.split("after")[1]))
        assert now["unanswered"] < was["unanswered"] and now != was
    assert out.rstrip().endswith("sandbox stopped")
