"""The assess step of ``walens demo``: its shipped Kubernetes snapshots and the cluster version it picks."""

from __future__ import annotations

from datetime import datetime, timezone

from publisher.adoption.demo_assess import SNAPSHOTS, offered_version
from publisher.assess.k8s_facts import kubernetes_facts
from publisher.assess.k8s_read import read_snapshot
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
    # once every version has left standard support, the newest one still offered (extended support)
    advance_clock((datetime(2027, 6, 1, tzinfo=timezone.utc) - datetime.now(timezone.utc)).total_seconds())
    version, status = offered_version(eks)
    assert (version, status) == ("1.35", "EXTENDED_SUPPORT")
