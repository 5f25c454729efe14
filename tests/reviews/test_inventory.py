"""``walens reviews``: every workload with the lens, in every account and Region, with its risk."""

from __future__ import annotations

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, run_json


def test_inventory_lists_every_workload_with_the_lens(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, "payments", {"gov_encryption": ["gov_enc_kms"]})
    fleet.workload(b, "search", {"gov_ownership": ["gov_own_tags", "gov_own_policy"]}, region="eu-west-1")
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    report = run_json(capsys, "reviews")
    print(report)
    assert report["errors"] == []
    assert [(w["account"], w["region"], w["workloadName"]) for w in report["workloads"]] == sorted(
        [(a, "us-east-1", "payments"), (b, "eu-west-1", "search"), (OWNER_ACCOUNT, "us-east-1", "platform")])
