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

from .versions import CALENDAR

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


ALL_VERSIONS = tuple(entry.version for entry in CALENDAR)


@dataclass(frozen=True)
class AddonBuild:
    """One version of an add-on and the cluster versions it runs on (the first listed is the default)."""

    version: str
    cluster_versions: tuple[str, ...]
    default: bool


@dataclass(frozen=True)
class AddonOffer:
    name: str
    type: str
    namespace: str
    builds: tuple[AddonBuild, ...]

    def builds_for(self, cluster_version: str) -> list[AddonBuild]:
        return [build for build in self.builds if cluster_version in build.cluster_versions]

    def default_build(self, cluster_version: str) -> AddonBuild | None:
        builds = self.builds_for(cluster_version)
        return next((build for build in builds if build.default), builds[0] if builds else None)

    def info(self, cluster_version: str | None) -> dict[str, Any]:
        """The add-on as an ``AddonInfo`` of DescribeAddonVersions."""
        versions = []
        for build in self.builds:
            wanted = build.cluster_versions if cluster_version is None else (
                (cluster_version,) if cluster_version in build.cluster_versions else ())
            if wanted:
                versions.append({
                    "addonVersion": build.version, "architecture": ["amd64", "arm64"], "computeTypes": ["ec2"],
                    "requiresConfiguration": False, "requiresIamPermissions": self.type in ("storage", "security"),
                    "compatibilities": [{"clusterVersion": version, "platformVersions": ["*"],
                                         "defaultVersion": build.default} for version in wanted],
                })
        return {"addonName": self.name, "type": self.type, "addonVersions": versions, "publisher": "eks",
                "owner": "aws", "defaultNamespace": self.namespace}


def _everywhere(*versions: str) -> tuple[AddonBuild, ...]:
    """Builds compatible with every calendar version; the first is the default."""
    return tuple(AddonBuild(version, ALL_VERSIONS, index == 0) for index, version in enumerate(versions))


ADDONS = {offer.name: offer for offer in (
    AddonOffer("vpc-cni", "networking", "kube-system", _everywhere("v1.19.6-eksbuild.1", "v1.19.2-eksbuild.5")),
    AddonOffer("coredns", "networking", "kube-system", (
        AddonBuild("v1.12.2-eksbuild.4", ("1.33", "1.34", "1.35"), True),
        AddonBuild("v1.11.4-eksbuild.14", ("1.29", "1.30", "1.31", "1.32"), True),
    )),
    # kube-proxy ships one build per Kubernetes minor version.
    AddonOffer("kube-proxy", "networking", "kube-system", tuple(
        AddonBuild(f"v{version}.0-eksbuild.2", (version,), True) for version in ALL_VERSIONS)),
    AddonOffer("aws-ebs-csi-driver", "storage", "kube-system", _everywhere("v1.45.0-eksbuild.2", "v1.44.0-eksbuild.1")),
    AddonOffer("eks-pod-identity-agent", "security", "kube-system", _everywhere("v1.3.7-eksbuild.2")),
    AddonOffer("aws-guardduty-agent", "security", "amazon-guardduty", _everywhere("v1.10.0-eksbuild.2")),
    AddonOffer("amazon-cloudwatch-observability", "observability", "amazon-cloudwatch",
               _everywhere("v4.1.0-eksbuild.1")),
)}
