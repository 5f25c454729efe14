"""Facts from the AWS APIs of one cluster: EKS and GuardDuty, each part read on its own.

Every part (the cluster, its versions, insights, add-ons, node groups, Fargate profiles, access
entries, Pod Identity, GuardDuty's detector and coverage) is one ``SourceFacts``; a part that
fails is a "not collected" line with the service's message and the others still run. Calls per
cluster: 11, plus one DescribeAddon per add-on and one DescribeNodegroup per node group (more
pages only past 100 items).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from publisher.assess.facts import SourceFacts

ClientFactory = Callable[[str], Any]
PartReader = Callable[[Any, dict[str, Any]], dict[str, Any]]
ALL_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")


class _Missing(Exception):
    """A part cannot be read for a reason walens states itself (no detector, no cluster version)."""


def _pages(client: Any, operation: str, key: str, **params: Any) -> list[Any]:
    items: list[Any] = []
    for page in client.get_paginator(operation).paginate(**params):
        items.extend(page.get(key, []))
    return items


def _error_text(exc: Exception) -> str:
    if isinstance(exc, _Missing):
        return str(exc)
    response = getattr(exc, "response", None)
    if isinstance(response, dict) and isinstance(response.get("Error"), dict):
        error = response["Error"]
        return f"{error.get('Code', type(exc).__name__)}: {error.get('Message', '')}".strip(": ")
    return f"{type(exc).__name__}: {exc}"


class _Counter:
    """Counts the operations a client calls (a retried call counts once)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, **_: Any) -> None:
        self.calls += 1


def _read(name: str, client: Any, reader: PartReader, context: dict[str, Any]) -> SourceFacts:
    counter = _Counter()
    events = getattr(getattr(client, "meta", None), "events", None)
    if events is not None:
        events.register("before-parameter-build", counter)
    try:
        values = reader(client, context)
    except Exception as exc:  # any failure of one part is reported, the run goes on
        return SourceFacts(name, "api", error=_error_text(exc), calls=counter.calls)
    finally:
        if events is not None:
            events.unregister("before-parameter-build", counter)
    return SourceFacts(name, "api", values, calls=counter.calls)


def _cluster(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    cluster = eks.describe_cluster(name=context["name"])["cluster"]
    context["cluster"] = cluster
    enabled = sorted({kind for entry in cluster.get("logging", {}).get("clusterLogging", []) if entry.get("enabled")
                      for kind in entry.get("types", [])})
    vpc = cluster.get("resourcesVpcConfig", {})
    cidrs = list(vpc.get("publicAccessCidrs", ["0.0.0.0/0"] if vpc.get("endpointPublicAccess") else []))
    facts: dict[str, Any] = {
        "eks.cluster.name": cluster.get("name", context["name"]),
        "eks.cluster.version": cluster.get("version"),
        "eks.logging.enabledTypes": enabled,
        "eks.endpoint.publicAccess": bool(vpc.get("endpointPublicAccess", True)),
        "eks.endpoint.privateAccess": bool(vpc.get("endpointPrivateAccess", False)),
        "eks.endpoint.publicAccessCidrs": cidrs,
        "eks.endpoint.openToInternet": bool(vpc.get("endpointPublicAccess", True)) and "0.0.0.0/0" in cidrs,
        # since 1.28 EKS envelope-encrypts every secret with an AWS owned key: no encryptionConfig is no failure
        "eks.encryption.secrets": "customer-key" if any(
            "secrets" in entry.get("resources", []) and entry.get("provider", {}).get("keyArn")
            for entry in cluster.get("encryptionConfig", [])) else "default-envelope",
        "eks.autoMode.enabled": bool(cluster.get("computeConfig", {}).get("enabled", False)),
    }
    access = cluster.get("accessConfig")
    if isinstance(access, dict):  # absent from old clusters (and from moto): unknown, not a guess
        if "authenticationMode" in access:
            facts["eks.auth.mode"] = access["authenticationMode"]
        if "bootstrapClusterCreatorAdminPermissions" in access:
            facts["eks.auth.bootstrapAdmin"] = bool(access["bootstrapClusterCreatorAdminPermissions"])
    policy = cluster.get("upgradePolicy")
    if isinstance(policy, dict) and "supportType" in policy:
        facts["eks.upgradePolicy.supportType"] = policy["supportType"]
    return facts


def _days_until(value: Any, today: date) -> int | None:
    if isinstance(value, datetime):
        return (value.date() - today).days
    return None


def _versions(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    version = context.get("cluster", {}).get("version")
    if not version:
        raise _Missing("the cluster's version is not known (DescribeCluster was not read)")
    found = [v for v in _pages(eks, "describe_cluster_versions", "clusterVersions", clusterVersions=[version],
                               includeAll=True) if v.get("clusterVersion") == version]
    if not found:
        raise _Missing(f"DescribeClusterVersions does not list version {version}")
    facts: dict[str, Any] = {"eks.version.supportStatus": found[0].get("versionStatus") or found[0].get("status")}
    days = _days_until(found[0].get("endOfStandardSupportDate"), context["today"])
    if days is not None:
        facts["eks.version.daysToEndOfStandardSupport"] = days
    return facts


def _insights(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    failing: dict[str, list[str]] = {"UPGRADE_READINESS": [], "MISCONFIGURATION": []}
    for insight in _pages(eks, "list_insights", "insights", clusterName=context["name"]):
        status = insight.get("insightStatus", {}).get("status")
        if status != "PASSING" and insight.get("category") in failing:
            failing[insight["category"]].append(f"{insight.get('name')} ({status})")
    return {"eks.insights.upgradeReadiness.notPassing": sorted(failing["UPGRADE_READINESS"]),
            "eks.insights.misconfiguration.notPassing": sorted(failing["MISCONFIGURATION"])}


def _addons(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    names = sorted(_pages(eks, "list_addons", "addons", clusterName=context["name"]))
    unhealthy = []
    for name in names:
        addon = eks.describe_addon(clusterName=context["name"], addonName=name)["addon"]
        if addon.get("status") != "ACTIVE" or addon.get("health", {}).get("issues"):
            unhealthy.append(f"{name} ({addon.get('status')})")
    return {"eks.addons.names": names, "eks.addons.unhealthy": unhealthy}


def _nodegroups(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    names = sorted(_pages(eks, "list_nodegroups", "nodegroups", clusterName=context["name"]))
    context["nodegroups"] = len(names)
    version = context.get("cluster", {}).get("version")
    behind = []
    for name in names:
        group = eks.describe_nodegroup(clusterName=context["name"], nodegroupName=name)["nodegroup"]
        if version and group.get("version") and group["version"] != version:
            behind.append(f"{name} ({group['version']})")
    return {"eks.nodegroups.count": len(names), "eks.nodegroups.behindCluster": behind}


def _fargate(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    count = len(_pages(eks, "list_fargate_profiles", "fargateProfileNames", clusterName=context["name"]))
    facts: dict[str, Any] = {"eks.fargateProfiles.count": count}
    if "cluster" in context and "nodegroups" in context:
        auto = context["cluster"].get("computeConfig", {}).get("enabled", False)
        kinds = [kind for kind, present in (("auto-mode", auto), ("nodegroups", context["nodegroups"] > 0),
                                            ("fargate", count > 0)) if present]
        facts["eks.compute.mode"] = kinds[0] if len(kinds) == 1 else "mixed" if kinds else "none"
    return facts


def _access_entries(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    return {"eks.accessEntries.count": len(_pages(eks, "list_access_entries", "accessEntries",
                                                  clusterName=context["name"]))}


def _pod_identity(eks: Any, context: dict[str, Any]) -> dict[str, Any]:
    return {"eks.podIdentity.count": len(_pages(eks, "list_pod_identity_associations", "associations",
                                                clusterName=context["name"]))}


def _detector(guardduty: Any, context: dict[str, Any]) -> dict[str, Any]:
    detectors = guardduty.list_detectors().get("DetectorIds", [])
    if not detectors:
        return {"guardduty.detector.enabled": False, "guardduty.eksAuditLogs": False,
                "guardduty.runtimeMonitoring": False}
    context["detector"] = detectors[0]
    detector = guardduty.get_detector(DetectorId=detectors[0])
    features = {f.get("Name"): f.get("Status") for f in detector.get("Features", [])}
    return {"guardduty.detector.enabled": detector.get("Status") == "ENABLED",
            "guardduty.eksAuditLogs": features.get("EKS_AUDIT_LOGS") == "ENABLED",
            "guardduty.runtimeMonitoring": "ENABLED" in (features.get("RUNTIME_MONITORING"),
                                                         features.get("EKS_RUNTIME_MONITORING"))}


def _coverage(guardduty: Any, context: dict[str, Any]) -> dict[str, Any]:
    if "detector" not in context:
        raise _Missing("no GuardDuty detector in this Region")
    criteria = {"FilterCriterion": [{"CriterionKey": "EKS_CLUSTER_NAME",
                                     "FilterCondition": {"Equals": [context["name"]]}}]}
    resources = guardduty.list_coverage(DetectorId=context["detector"], FilterCriteria=criteria).get("Resources", [])
    if not resources:
        raise _Missing(f"GuardDuty lists no coverage for cluster {context['name']}")
    healthy = all(r.get("CoverageStatus") == "HEALTHY" for r in resources)
    return {"guardduty.coverage.status": "HEALTHY" if healthy else "UNHEALTHY"}


EKS_PARTS: tuple[tuple[str, PartReader], ...] = (
    ("eks", _cluster), ("eks.versions", _versions), ("eks.insights", _insights), ("eks.addons", _addons),
    ("eks.nodegroups", _nodegroups), ("eks.fargate", _fargate), ("eks.accessEntries", _access_entries),
    ("eks.podIdentity", _pod_identity))
GUARDDUTY_PARTS: tuple[tuple[str, PartReader], ...] = (("guardduty", _detector), ("guardduty.coverage", _coverage))


def collect_aws(clients: ClientFactory, cluster: str, today: date) -> list[SourceFacts]:
    """Every part's facts for ``cluster``; ``clients(service)`` gives a boto3 client."""
    context: dict[str, Any] = {"name": cluster, "today": today}
    results: list[SourceFacts] = []
    for service, parts in (("eks", EKS_PARTS), ("guardduty", GUARDDUTY_PARTS)):
        try:
            client = clients(service)
        except Exception as exc:  # e.g. no Region, unknown profile: every part of the service says why
            results.extend(SourceFacts(name, "api", error=_error_text(exc)) for name, _ in parts)
            continue
        results.extend(_read(name, client, reader, context) for name, reader in parts)
    return results
