"""The fact catalogue (every path an evidence rule may read) and the facts one run collected.

Facts are flat: a dotted path, such as ``eks.logging.enabledTypes``, names one value. The first
segment is the source that collects it (``eks``, ``guardduty``, ``kubernetes``); a source that could
not be read contributes no facts and one "not collected" line, so rules over it judge ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The sources a rule may name, and what reads each.
SOURCES = {
    "eks": "Amazon EKS API (DescribeCluster and related calls)",
    "guardduty": "Amazon GuardDuty API (detector features, coverage)",
    "kubernetes": "Kubernetes objects: rendered manifests (declared), a kubectl snapshot or a live cluster (observed)",
}

#: path -> (type, description). Types: bool, int, str, list (of strings).
CATALOGUE: dict[str, tuple[str, str]] = {
    "eks.cluster.name": ("str", "cluster name"),
    "eks.cluster.version": ("str", "Kubernetes version, e.g. 1.31"),
    "eks.compute.mode": ("str", "auto-mode, fargate, nodegroups, mixed or none (from computeConfig, node groups and "
                                "Fargate profiles)"),
    "eks.logging.enabledTypes": ("list", "control-plane log types enabled: api, audit, authenticator, "
                                         "controllerManager, scheduler"),
    "eks.endpoint.publicAccess": ("bool", "the API endpoint is reachable from the internet"),
    "eks.endpoint.privateAccess": ("bool", "the API endpoint is reachable from the VPC"),
    "eks.endpoint.publicAccessCidrs": ("list", "CIDRs allowed to reach the public endpoint"),
    "eks.endpoint.openToInternet": ("bool", "public endpoint allowed from 0.0.0.0/0"),
    "eks.auth.mode": ("str", "accessConfig.authenticationMode: API, API_AND_CONFIG_MAP or CONFIG_MAP"),
    "eks.auth.bootstrapAdmin": ("bool", "accessConfig.bootstrapClusterCreatorAdminPermissions"),
    "eks.accessEntries.count": ("int", "number of access entries (ListAccessEntries)"),
    "eks.encryption.secrets": ("str", "customer-key (encryptionConfig with a KMS key) or default-envelope (EKS "
                                      "encrypts secrets with an AWS owned key; not a failure)"),
    "eks.version.supportStatus": ("str", "STANDARD_SUPPORT, EXTENDED_SUPPORT or UNSUPPORTED (DescribeClusterVersions)"),
    "eks.version.daysToEndOfStandardSupport": ("int", "days until standard support ends (negative: ended)"),
    "eks.upgradePolicy.supportType": ("str", "upgradePolicy.supportType: STANDARD or EXTENDED"),
    "eks.insights.upgradeReadiness.notPassing": ("list", "UPGRADE_READINESS insights whose status is not PASSING"),
    "eks.insights.misconfiguration.notPassing": ("list", "MISCONFIGURATION insights whose status is not PASSING"),
    "eks.addons.names": ("list", "installed EKS add-ons"),
    "eks.addons.unhealthy": ("list", "add-ons not ACTIVE or with health issues"),
    "eks.nodegroups.count": ("int", "managed node groups"),
    "eks.nodegroups.behindCluster": ("list", "node groups whose Kubernetes version differs from the cluster's"),
    "eks.fargateProfiles.count": ("int", "Fargate profiles"),
    "eks.autoMode.enabled": ("bool", "computeConfig.enabled (EKS Auto Mode)"),
    "eks.podIdentity.count": ("int", "Pod Identity associations"),
    "guardduty.detector.enabled": ("bool", "a GuardDuty detector is enabled in the Region"),
    "guardduty.eksAuditLogs": ("bool", "feature EKS_AUDIT_LOGS is ENABLED"),
    "guardduty.runtimeMonitoring": ("bool", "feature RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING) is ENABLED"),
    "guardduty.coverage.status": ("str", "ListCoverage status of this cluster: HEALTHY or UNHEALTHY"),
    "kubernetes.origin": ("str", "declared (rendered manifests) or observed (a kubectl snapshot or a live cluster)"),
    "kubernetes.workloads.count": ("int", "Deployments, StatefulSets and DaemonSets"),
    "kubernetes.workloads.singleReplica": ("list", "Deployments/StatefulSets that can run fewer than 2 replicas "
                                                   "(an HPA minReplicas counts)"),
    "kubernetes.workloads.withoutPdb": ("list", "Deployments/StatefulSets with 2+ replicas no PodDisruptionBudget "
                                                "selects"),
    "kubernetes.workloads.withoutSpread": ("list", "Deployments/StatefulSets with 2+ replicas and neither topology "
                                                   "spread constraints nor pod anti-affinity (DaemonSets never)"),
    "kubernetes.workloads.withoutReadinessProbe": ("list", "workloads with a container lacking a readiness probe "
                                                           "(DaemonSets included)"),
    "kubernetes.workloads.withoutLivenessProbe": ("list", "workloads with a container lacking a liveness probe"),
    "kubernetes.workloads.withoutRequests": ("list", "workloads with a container lacking CPU or memory requests"),
    "kubernetes.workloads.withoutLimits": ("list", "workloads with a container lacking a memory limit"),
    "kubernetes.workloads.withoutHpa": ("list", "Deployments/StatefulSets no HorizontalPodAutoscaler targets"),
    "kubernetes.namespaces.count": ("int", "namespaces holding workloads"),
    "kubernetes.namespaces.withoutNetworkPolicy": ("list", "namespaces with workloads and no NetworkPolicy"),
    "kubernetes.namespaces.withoutPsaEnforce": ("list", "namespaces with workloads and no "
                                                        "pod-security.kubernetes.io/enforce label"),
}


def source_of(path: str) -> str:
    return path.partition(".")[0]


@dataclass
class SourceFacts:
    """What one source gave: facts with a provenance label, or the reason it gave none."""

    source: str
    label: str  # "api", "declared" or "observed"
    values: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    calls: int = 0


@dataclass
class Facts:
    """Every source's facts of one run."""

    sources: list[SourceFacts] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.labels: dict[str, str] = {}
        for source in self.sources:
            for path, value in source.values.items():
                self.values[path] = value
                self.labels[path] = source.label

    def lookup(self, path: str) -> tuple[bool, Any]:
        return path in self.values, self.values.get(path)

    @property
    def not_collected(self) -> list[str]:
        """One line per source that could not be read."""
        return [f"{source.source}: not collected: {source.error}" for source in self.sources if source.error]

    @property
    def calls(self) -> int:
        return sum(source.calls for source in self.sources)
