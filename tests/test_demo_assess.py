"""The assess step of ``walens demo``: its shipped Kubernetes snapshots and the cluster version it picks."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from publisher.adoption.demo_assess import SNAPSHOTS, offered_version
from publisher.assess.k8s_facts import kubernetes_facts
from publisher.assess.k8s_read import read_snapshot
from publisher.errors import OperationFailed
from publisher.sandbox import advance_clock
from publisher.sandbox.harness import Sandbox

FAILURES = ("singleReplica", "withoutPdb", "withoutSpread", "withoutReadinessProbe", "withoutLivenessProbe",
            "withoutRequests", "withoutLimits", "withoutHpa")


def _facts(name: str) -> dict[str, object]:
    return kubernetes_facts(read_snapshot(SNAPSHOTS[name]), "observed")


def test_the_analytics_snapshot_is_well_run() -> None:
    facts = _facts("analytics")
    assert facts["kubernetes.workloads.count"] == 3
    assert all(facts[f"kubernetes.workloads.{fact}"] == [] for fact in FAILURES)
    assert facts["kubernetes.namespaces.withoutNetworkPolicy"] == facts["kubernetes.namespaces.withoutPsaEnforce"] == []


def test_the_checkout_snapshot_runs_single_replicas_without_budgets_or_probes() -> None:
    facts = _facts("checkout")
    assert facts["kubernetes.workloads.singleReplica"] == ["checkout/Deployment/cart"]
    assert facts["kubernetes.workloads.withoutPdb"] == ["checkout/Deployment/payments"]
    assert facts["kubernetes.workloads.withoutReadinessProbe"] == ["checkout/Deployment/cart",
                                                                    "checkout/Deployment/payments"]
    assert facts["kubernetes.namespaces.withoutNetworkPolicy"] == ["checkout"]


def test_the_cluster_version_follows_the_sandbox_calendar(sandbox_inprocess: Sandbox) -> None:
    eks = sandbox_inprocess.client("eks")
    standard = [v["clusterVersion"] for v in
                eks.describe_cluster_versions(versionStatus="STANDARD_SUPPORT")["clusterVersions"]]
    version, status = offered_version(eks)
    assert status == "STANDARD_SUPPORT" and version in standard
    assert all(tuple(map(int, version.split("."))) >= tuple(map(int, other.split("."))) for other in standard)
    # the demo keeps working after the last date of the sandbox's calendar (March 2028)
    advance_clock((datetime(2029, 6, 1, tzinfo=timezone.utc) - datetime.now(timezone.utc)).total_seconds())
    later, status = offered_version(eks)
    assert status == "STANDARD_SUPPORT" and tuple(map(int, later.split("."))) > tuple(map(int, version.split(".")))


class _Versions:
    """An EKS client whose DescribeClusterVersions pages are ``pages``."""

    def __init__(self, *pages: list[tuple[str, str]]) -> None:
        self.pages = [{"clusterVersions": [{"clusterVersion": v, "versionStatus": s} for v, s in page]}
                      for page in pages]

    def get_paginator(self, name: str) -> _Versions:
        assert name == "describe_cluster_versions"
        return self

    def paginate(self) -> list[dict[str, object]]:
        return self.pages


def test_offered_version_prefers_standard_support_then_the_newest() -> None:
    mixed = _Versions([("1.9", "EXTENDED_SUPPORT"), ("1.10", "STANDARD_SUPPORT")], [("1.11", "EXTENDED_SUPPORT")])
    assert offered_version(mixed) == ("1.10", "STANDARD_SUPPORT")
    extended = _Versions([("1.9", "EXTENDED_SUPPORT")], [("1.10", "EXTENDED_SUPPORT")])
    assert offered_version(extended) == ("1.10", "EXTENDED_SUPPORT")
    with pytest.raises(OperationFailed, match="offers no Kubernetes version"):
        offered_version(_Versions([]))
