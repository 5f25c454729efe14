"""Kubernetes facts from object dicts: each fact holds, fails and (where input lacks it) is unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.assess.k8s_facts import kubernetes_facts, selector_matches
from publisher.assess.k8s_read import read_manifests, read_snapshot
from publisher.errors import InputError

from .objects import hpa, namespace, netpol, pdb, snapshot, workload

W = "kubernetes.workloads."


def facts(*items: dict) -> dict:
    return kubernetes_facts(items, "observed")


def test_a_healthy_namespace_has_no_offenders() -> None:
    from .objects import healthy

    result = facts(*healthy())
    assert result["kubernetes.workloads.count"] == 2
    assert result["kubernetes.namespaces.count"] == 1
    for key in ("singleReplica", "withoutPdb", "withoutSpread", "withoutReadinessProbe", "withoutLivenessProbe",
                "withoutRequests", "withoutLimits", "withoutHpa"):
        assert result[W + key] == [], key
    assert result["kubernetes.namespaces.withoutNetworkPolicy"] == []
    assert result["kubernetes.namespaces.withoutPsaEnforce"] == []
    assert result["kubernetes.origin"] == "observed"


def test_each_gap_names_the_workload() -> None:
    result = facts(namespace(enforce=None), workload("api", spread=False, probes=False, resources=False),
                   workload("db", kind="StatefulSet", replicas=1))
    assert result[W + "singleReplica"] == ["shop/StatefulSet/db"]
    assert result[W + "withoutPdb"] == ["shop/Deployment/api"]
    assert result[W + "withoutSpread"] == ["shop/Deployment/api"]
    assert result[W + "withoutReadinessProbe"] == ["shop/Deployment/api"]
    assert result[W + "withoutLivenessProbe"] == ["shop/Deployment/api"]
    assert result[W + "withoutRequests"] == ["shop/Deployment/api"]
    assert result[W + "withoutLimits"] == ["shop/Deployment/api"]
    assert result[W + "withoutHpa"] == ["shop/Deployment/api", "shop/StatefulSet/db"]
    assert result["kubernetes.namespaces.withoutNetworkPolicy"] == ["shop"]
    assert result["kubernetes.namespaces.withoutPsaEnforce"] == ["shop"]


def test_daemonsets_and_single_replicas_are_no_spread_or_budget_failures() -> None:
    result = facts(workload("agent", kind="DaemonSet", spread=False), workload("cron", replicas=1, spread=False))
    assert result[W + "withoutSpread"] == []
    assert result[W + "withoutPdb"] == []
    assert result[W + "singleReplica"] == ["shop/Deployment/cron"]  # the DaemonSet is not a replica failure
    assert "shop/DaemonSet/agent" not in result[W + "withoutHpa"]


def test_an_hpa_minimum_decides_the_replica_count() -> None:
    assert facts(workload("web", replicas=1), hpa("web", minimum=2))[W + "singleReplica"] == []
    assert facts(workload("web", replicas=3), hpa("web", minimum=1))[W + "singleReplica"] == ["shop/Deployment/web"]


def test_replicas_default_to_one() -> None:
    assert facts(workload("web", replicas=None))[W + "singleReplica"] == ["shop/Deployment/web"]


def test_a_budget_must_select_the_pods_in_the_same_namespace() -> None:
    assert facts(workload("web"), pdb("web", namespace="other"))[W + "withoutPdb"] == ["shop/Deployment/web"]
    assert facts(workload("web"), pdb("web", labels={"tier": "web"}))[W + "withoutPdb"] == []
    assert facts(workload("web"), pdb("x", labels={"app": "x"}))[W + "withoutPdb"] == ["shop/Deployment/web"]
    unset = pdb("web")
    del unset["spec"]["selector"]  # policy/v1: an unset selector selects no pod
    assert facts(workload("web"), unset)[W + "withoutPdb"] == ["shop/Deployment/web"]


@pytest.mark.parametrize(("expression", "matches"), [
    ({"key": "tier", "operator": "In", "values": ["web"]}, True),
    ({"key": "tier", "operator": "In", "values": ["db"]}, False),
    ({"key": "tier", "operator": "NotIn", "values": ["web"]}, False),
    ({"key": "zone", "operator": "NotIn", "values": ["a"]}, True),
    ({"key": "tier", "operator": "Exists"}, True),
    ({"key": "zone", "operator": "Exists"}, False),
    ({"key": "zone", "operator": "DoesNotExist"}, True),
    ({"key": "tier", "operator": "DoesNotExist"}, False),
])
def test_match_expressions(expression: dict, matches: bool) -> None:
    assert selector_matches({"matchExpressions": [expression]}, {"tier": "web"}) is matches


def test_psa_is_unknown_when_a_namespace_object_is_missing() -> None:
    result = facts(workload("web"), namespace("other"))
    assert "kubernetes.namespaces.withoutPsaEnforce" not in result


def test_system_namespaces_are_left_out() -> None:
    result = facts(workload("coredns", namespace="kube-system", replicas=1))
    assert result["kubernetes.workloads.count"] == 0
    assert result[W + "singleReplica"] == []


def test_snapshot_list_and_manifest_folder(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(snapshot(workload("web"), netpol())))
    assert [o["kind"] for o in read_snapshot(path)] == ["Deployment", "NetworkPolicy"]
    folder = tmp_path / "rendered"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "all.yaml").write_text(
        "# Source: chart/templates/web.yaml\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
        "spec: {replicas: 1}\n---\n---\nkind: PodDisruptionBudget\nmetadata: {name: web}\n")
    (folder / "notes.txt").write_text("not a manifest")
    assert [o["kind"] for o in read_manifests(folder)] == ["Deployment", "PodDisruptionBudget"]


@pytest.mark.parametrize(("name", "text", "where"), [
    ("bad.json", '{"items": [1,', "bad.json:1:"),
    ("bad.yaml", "kind: [unclosed\n", "bad.yaml:2:1"),
])
def test_unreadable_input_names_file_and_line(tmp_path: Path, name: str, text: str, where: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(InputError) as caught:
        read_snapshot(tmp_path / name)
    assert where in caught.value.message
