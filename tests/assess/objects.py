"""Kubernetes objects as ``kubectl get -o json`` shows them, for the assess tests."""

from __future__ import annotations

from typing import Any


def container(*, probes: bool = True, resources: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "app", "image": "app:1"}
    if probes:
        out["readinessProbe"] = {"httpGet": {"path": "/ready", "port": 8080}}
        out["livenessProbe"] = {"httpGet": {"path": "/live", "port": 8080}}
    if resources:
        out["resources"] = {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}
    return out


def workload(name: str, namespace: str = "shop", *, kind: str = "Deployment", replicas: int | None = 3,
             spread: bool = True, probes: bool = True, resources: bool = True) -> dict[str, Any]:
    pod: dict[str, Any] = {"containers": [container(probes=probes, resources=resources)]}
    if spread:
        pod["topologySpreadConstraints"] = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                             "whenUnsatisfiable": "DoNotSchedule",
                                             "labelSelector": {"matchLabels": {"app": name}}}]
    spec: dict[str, Any] = {"selector": {"matchLabels": {"app": name}},
                            "template": {"metadata": {"labels": {"app": name, "tier": "web"}}, "spec": pod}}
    if replicas is not None and kind != "DaemonSet":
        spec["replicas"] = replicas
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": namespace}, "spec": spec}


def pdb(name: str, namespace: str = "shop", labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"minAvailable": 1, "selector": {"matchLabels": labels or {"app": name}}}}


def hpa(target: str, namespace: str = "shop", minimum: int = 2) -> dict[str, Any]:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": target, "namespace": namespace},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
                     "minReplicas": minimum, "maxReplicas": 10}}


def netpol(namespace: str = "shop") -> dict[str, Any]:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": namespace}, "spec": {"podSelector": {}}}


def namespace(name: str = "shop", enforce: str | None = "restricted") -> dict[str, Any]:
    labels = {"pod-security.kubernetes.io/enforce": enforce} if enforce else {}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


def snapshot(*items: dict[str, Any]) -> dict[str, Any]:
    """A ``kubectl get ... -A -o json`` List."""
    return {"apiVersion": "v1", "kind": "List", "items": list(items), "metadata": {"resourceVersion": ""}}


def healthy() -> list[dict[str, Any]]:
    """A namespace whose workloads satisfy every Kubernetes rule."""
    return [namespace(), netpol(), workload("web"), pdb("web"), hpa("web"),
            workload("agent", kind="DaemonSet", spread=False)]
