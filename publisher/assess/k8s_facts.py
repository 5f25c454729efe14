"""Kubernetes facts from plain object dicts (a snapshot, rendered manifests or a live cluster).

Workloads are Deployments, StatefulSets and DaemonSets, named ``namespace/Kind/name``. The rules
know the kind: a DaemonSet runs one pod per node, so it is never a replica, disruption-budget or
spread failure; a workload that can run a single replica (an HPA's minReplicas counts) needs no
spread nor budget, only more replicas. System namespaces (kube-*) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")
REPLICATED_KINDS = ("Deployment", "StatefulSet")
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease"})
PSA_ENFORCE = "pod-security.kubernetes.io/enforce"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """A Kubernetes label selector (matchLabels, matchExpressions) against ``labels``; an empty one selects all."""
    for key, value in _dict(selector.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    for item in _list(selector.get("matchExpressions")):
        expression = _dict(item)
        name, operator, values = str(expression.get("key")), expression.get("operator"), _list(expression.get("values"))
        present = name in labels
        if operator == "In" and not (present and labels[name] in values):
            return False
        if operator == "NotIn" and present and labels[name] in values:
            return False
        if (operator == "Exists") != present and operator in ("Exists", "DoesNotExist"):
            return False
    return True


@dataclass
class _Objects:
    workloads: list[dict[str, Any]] = field(default_factory=list)
    pdbs: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    hpas: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (ns, kind, name) -> minReplicas
    policies: set[str] = field(default_factory=set)
    namespaces: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> labels


def _sort(objects: Iterable[Any]) -> _Objects:
    found = _Objects()
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        kind, meta, spec = obj.get("kind"), _dict(obj.get("metadata")), _dict(obj.get("spec"))
        namespace = str(meta.get("namespace") or "default")
        if kind in WORKLOAD_KINDS:
            found.workloads.append(obj)
        elif kind == "PodDisruptionBudget" and isinstance(spec.get("selector"), dict):  # unset selects nothing
            found.pdbs[namespace].append(spec["selector"])
        elif kind == "HorizontalPodAutoscaler":
            target = _dict(spec.get("scaleTargetRef"))
            minimum = spec.get("minReplicas", 1)
            found.hpas[(namespace, str(target.get("kind")), str(target.get("name")))] = (
                minimum if isinstance(minimum, int) else 1)
        elif kind == "NetworkPolicy":
            found.policies.add(namespace)
        elif kind == "Namespace":
            found.namespaces[str(meta.get("name"))] = _dict(meta.get("labels"))
    return found


def _containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    pod = _dict(_dict(_dict(workload.get("spec")).get("template")).get("spec"))
    return [_dict(c) for c in _list(pod.get("containers"))]


def _lacks(containers: list[dict[str, Any]], *path: str) -> bool:
    """Whether a container lacks the value at ``path`` (e.g. resources, requests, cpu)."""
    for container in containers:
        value: Any = container
        for key in path:
            value = _dict(value).get(key)
        if value in (None, "", {}):
            return True
    return not containers


def kubernetes_facts(objects: Iterable[Any], origin: str) -> dict[str, Any]:
    """The ``kubernetes.*`` facts of the objects; ``origin`` is declared or observed."""
    found = _sort(objects)
    lists: dict[str, list[str]] = defaultdict(list)
    namespaces: set[str] = set()
    count = 0
    for workload in found.workloads:
        meta, spec = _dict(workload.get("metadata")), _dict(workload.get("spec"))
        namespace, kind = str(meta.get("namespace") or "default"), str(workload["kind"])
        if namespace in SYSTEM_NAMESPACES:
            continue
        count += 1
        namespaces.add(namespace)
        name = f"{namespace}/{kind}/{meta.get('name')}"
        containers = _containers(workload)
        for fact, lacking in (("withoutReadinessProbe", _lacks(containers, "readinessProbe")),
                              ("withoutLivenessProbe", _lacks(containers, "livenessProbe")),
                              ("withoutRequests", _lacks(containers, "resources", "requests", "cpu")
                               or _lacks(containers, "resources", "requests", "memory")),
                              ("withoutLimits", _lacks(containers, "resources", "limits", "memory"))):
            if lacking:
                lists[fact].append(name)
        if kind not in REPLICATED_KINDS:
            continue
        hpa_minimum = found.hpas.get((namespace, kind, str(meta.get("name"))))
        replicas = spec.get("replicas", 1) if isinstance(spec.get("replicas", 1), int) else 1
        if hpa_minimum is None:
            lists["withoutHpa"].append(name)
        if (hpa_minimum if hpa_minimum is not None else replicas) < 2:
            lists["singleReplica"].append(name)
            continue
        template = _dict(spec.get("template"))
        labels = _dict(_dict(template.get("metadata")).get("labels"))
        if not any(selector_matches(selector, labels) for selector in found.pdbs.get(namespace, ())):
            lists["withoutPdb"].append(name)
        pod = _dict(template.get("spec"))
        if not _list(pod.get("topologySpreadConstraints")) and not _dict(pod.get("affinity")).get("podAntiAffinity"):
            lists["withoutSpread"].append(name)
    facts: dict[str, Any] = {"kubernetes.origin": origin, "kubernetes.workloads.count": count,
                             "kubernetes.namespaces.count": len(namespaces)}
    for key in ("singleReplica", "withoutPdb", "withoutSpread", "withoutReadinessProbe", "withoutLivenessProbe",
                "withoutRequests", "withoutLimits", "withoutHpa"):
        facts[f"kubernetes.workloads.{key}"] = sorted(lists[key])
    facts["kubernetes.namespaces.withoutNetworkPolicy"] = sorted(namespaces - found.policies)
    if namespaces <= set(found.namespaces):  # else the labels of some namespaces are not known
        facts["kubernetes.namespaces.withoutPsaEnforce"] = sorted(
            ns for ns in namespaces if not found.namespaces[ns].get(PSA_ENFORCE))
    return facts
