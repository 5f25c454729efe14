"""Static EKS catalogues: the access policies (ListAccessPolicies) and the add-ons on offer
(DescribeAddonVersions).

Access policies are those of "Review access policy permissions" in the EKS user guide
(https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html); their ARNs have
the form ``arn:aws:eks::aws:cluster-access-policy/<name>``.  The add-on builds are illustrative:
the names, types and namespaces are the real Amazon EKS add-ons', the build numbers are made up
(docs/sandbox.md), and each build lists the cluster versions it is compatible with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .versions import CALENDAR, minor_of

ACCESS_POLICY_NAMES = (
    "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSAutoNodePolicy", "AmazonEKSBlockStoragePolicy",
    "AmazonEKSClusterAdminPolicy", "AmazonEKSComputePolicy", "AmazonEKSEditPolicy", "AmazonEKSLoadBalancingPolicy",
    "AmazonEKSNetworkingPolicy", "AmazonEKSSecretReaderPolicy", "AmazonEKSViewPolicy",
)
CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy"


def access_policy_arn(name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:eks::aws:cluster-access-policy/{name}"


def access_policies(partition: str) -> list[dict[str, str]]:
    return [{"name": name, "arn": access_policy_arn(name, partition)} for name in ACCESS_POLICY_NAMES]


@dataclass(frozen=True)
class AddonBuild:
    """One version of an add-on and the Kubernetes 1.x minor versions it runs on (every later one too
    when ``last`` is None, projected versions included)."""

    version: str
    first: int
    last: int | None
    default: bool

    def runs_on(self, cluster_version: str) -> bool:
        minor = minor_of(cluster_version)
        return minor >= self.first and (self.last is None or minor <= self.last)


@dataclass(frozen=True)
class AddonOffer:
    """An add-on on offer: its builds, or with ``per_version`` one build for each Kubernetes version
    (a format with ``{version}``, as kube-proxy ships)."""

    name: str
    type: str
    namespace: str
    builds: tuple[AddonBuild, ...] = ()
    per_version: str | None = None

    def builds_for(self, cluster_version: str) -> list[AddonBuild]:
        if self.per_version is not None:
            minor = minor_of(cluster_version)
            return [AddonBuild(self.per_version.format(version=cluster_version), minor, minor, True)]
        return [build for build in self.builds if build.runs_on(cluster_version)]

    def default_build(self, cluster_version: str) -> AddonBuild | None:
        builds = self.builds_for(cluster_version)
        return next((build for build in builds if build.default), builds[0] if builds else None)

    def info(self, cluster_version: str | None, released: tuple[str, ...]) -> dict[str, Any]:
        """The add-on as an ``AddonInfo`` of DescribeAddonVersions, for ``cluster_version`` or for every
        version ``released`` (newest first)."""
        wanted = released if cluster_version is None else tuple(v for v in released if v == cluster_version)
        compatible: dict[AddonBuild, list[str]] = {}
        for version in wanted:
            for build in self.builds_for(version):
                compatible.setdefault(build, []).append(version)
        versions = [{
            "addonVersion": build.version, "architecture": ["amd64", "arm64"], "computeTypes": ["ec2"],
            "requiresConfiguration": False, "requiresIamPermissions": self.type in ("storage", "security"),
            "compatibilities": [{"clusterVersion": version, "platformVersions": ["*"], "defaultVersion": build.default}
                                for version in cluster_versions],
        } for build, cluster_versions in compatible.items()]
        return {"addonName": self.name, "type": self.type, "addonVersions": versions, "publisher": "eks",
                "owner": "aws", "defaultNamespace": self.namespace}


#: The oldest minor version of the calendar: builds "everywhere" run on it and every later one.
OLDEST = minor_of(CALENDAR[-1].version)


def _everywhere(*versions: str) -> tuple[AddonBuild, ...]:
    """Builds compatible with every released version; the first is the default."""
    return tuple(AddonBuild(version, OLDEST, None, index == 0) for index, version in enumerate(versions))


ADDONS = {offer.name: offer for offer in (
    AddonOffer("vpc-cni", "networking", "kube-system", _everywhere("v1.19.6-eksbuild.1", "v1.19.2-eksbuild.5")),
    AddonOffer("coredns", "networking", "kube-system", (
        AddonBuild("v1.12.2-eksbuild.4", 33, None, True),
        AddonBuild("v1.11.4-eksbuild.14", OLDEST, 32, True),
    )),
    # kube-proxy ships one build per Kubernetes minor version.
    AddonOffer("kube-proxy", "networking", "kube-system", per_version="v{version}.0-eksbuild.2"),
    AddonOffer("aws-ebs-csi-driver", "storage", "kube-system", _everywhere("v1.45.0-eksbuild.2", "v1.44.0-eksbuild.1")),
    AddonOffer("eks-pod-identity-agent", "security", "kube-system", _everywhere("v1.3.7-eksbuild.2")),
    AddonOffer("aws-guardduty-agent", "security", "amazon-guardduty", _everywhere("v1.10.0-eksbuild.2")),
    AddonOffer("amazon-cloudwatch-observability", "observability", "amazon-cloudwatch",
               _everywhere("v4.1.0-eksbuild.1")),
)}
