"""Backups of the published version land at .walens/backups/<account>/<region>/<lens>-<version>-<utc>.json."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from publisher.publish.backup import lens_slug, save_backup


def test_backup_path_and_content(tmp_path: Path) -> None:
    doc = {"name": "Amazon EKS Lens", "pillars": []}
    when = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    path = save_backup(tmp_path, "123456789012", "eu-west-1", "Amazon EKS Lens", "1.2", doc, now=when)
    assert path == tmp_path / "123456789012" / "eu-west-1" / "amazon-eks-lens-1.2-20260102T030405000006Z.json"
    assert json.loads(path.read_text(encoding="utf-8")) == doc
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_lens_slug() -> None:
    assert lens_slug("AWS Operational Readiness Review (ORR)") == "aws-operational-readiness-review-orr"
    assert lens_slug("!!!") == "lens"
