"""An EKS cluster in moto, and botocore Stubber responses for the operations moto lacks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

import boto3
from botocore.stub import Stubber

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/eks"
#: Operations moto 5.2 does not emulate: answered by a Stubber, which checks each response against the model.
STUBBED = frozenset({"describe_cluster_versions", "list_insights", "list_addons", "describe_addon",
                     "list_access_entries", "list_pod_identity_associations", "list_coverage"})


def create_cluster(name: str = "prod", *, version: str = "1.33", public: bool = True,
                   cidrs: tuple[str, ...] = ("0.0.0.0/0",), logs: tuple[str, ...] = ("api", "audit"),
                   key: bool = False, nodegroup_version: str | None = "1.33", fargate: bool = False) -> None:
    eks = boto3.client("eks", region_name=REGION)
    encryption = [{"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}}]
    eks.create_cluster(name=name, version=version, roleArn=ROLE,
                       resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"], "endpointPublicAccess": public,
                                           "endpointPrivateAccess": True, "publicAccessCidrs": list(cidrs)},
                       logging={"clusterLogging": [{"types": list(logs), "enabled": True}]},
                       **({"encryptionConfig": encryption} if key else {}))
    if nodegroup_version:
        eks.create_nodegroup(clusterName=name, nodegroupName="general", nodeRole=ROLE, subnets=["subnet-1"],
                             version=nodegroup_version)
    if fargate:
        eks.create_fargate_profile(clusterName=name, fargateProfileName="default", podExecutionRoleArn=ROLE,
                                   subnets=["subnet-1"], selectors=[{"namespace": "shop"}])


def create_detector(audit: bool = True, runtime: bool = True) -> str:
    features = [{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" if audit else "DISABLED"},
                {"Name": "RUNTIME_MONITORING", "Status": "ENABLED" if runtime else "DISABLED"}]
    return str(boto3.client("guardduty", region_name=REGION).create_detector(Enable=True, Features=features)
               ["DetectorId"])


class _Events:
    def __init__(self, *clients: Any) -> None:
        self.clients = clients

    def register(self, name: str, handler: Any) -> None:
        for client in self.clients:
            client.meta.events.register(name, handler)

    def unregister(self, name: str, handler: Any) -> None:
        for client in self.clients:
            client.meta.events.unregister(name, handler)


class Routed:
    """A client that sends ``STUBBED`` operations to a Stubber and every other one to moto."""

    def __init__(self, service: str) -> None:
        self.moto = boto3.client(service, region_name=REGION)
        self.stubbed = boto3.client(service, region_name=REGION)
        self.stubber = Stubber(self.stubbed)
        self.stubber.activate()
        self.meta = SimpleNamespace(events=_Events(self.moto, self.stubbed))

    def _for(self, operation: str) -> Any:
        return self.stubbed if operation in STUBBED else self.moto

    def get_paginator(self, operation: str) -> Any:
        return self._for(operation).get_paginator(operation)

    def __getattr__(self, operation: str) -> Any:
        return getattr(self._for(operation), operation)


def stub_eks(stubber: Stubber, cluster: str = "prod", *, version: str = "1.33", status: str = "STANDARD_SUPPORT",
             end: datetime = datetime(2026, 11, 21, tzinfo=timezone.utc), insight: str = "PASSING",
             addon_status: str = "ACTIVE") -> None:
    """Responses, in call order, for the EKS operations moto lacks."""
    stubber.add_response("describe_cluster_versions", {"clusterVersions": [
        {"clusterVersion": version, "versionStatus": status, "endOfStandardSupportDate": end}]},
        {"clusterVersions": [version], "includeAll": True})
    stubber.add_response("list_insights", {"insights": [
        {"id": "i-1", "name": "Deprecated APIs removed in Kubernetes v1.32", "category": "UPGRADE_READINESS",
         "insightStatus": {"status": insight, "reason": "checked"}},
        {"id": "i-2", "name": "Kubelet version skew", "category": "MISCONFIGURATION",
         "insightStatus": {"status": "PASSING", "reason": "ok"}}]}, {"clusterName": cluster})
    stubber.add_response("list_addons", {"addons": ["vpc-cni", "coredns"]}, {"clusterName": cluster})
    for name in ("coredns", "vpc-cni"):
        stubber.add_response("describe_addon", {"addon": {
            "addonName": name, "clusterName": cluster, "addonVersion": "v1.0.0-eksbuild.1",
            "status": addon_status if name == "coredns" else "ACTIVE", "health": {"issues": []}}},
            {"clusterName": cluster, "addonName": name})
    stubber.add_response("list_access_entries", {"accessEntries": ["arn:aws:iam::123456789012:role/admin"]},
                         {"clusterName": cluster})
    stubber.add_response("list_pod_identity_associations", {"associations": [
        {"clusterName": cluster, "namespace": "shop", "serviceAccount": "web", "associationId": "a-1",
         "associationArn": "arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod/a-1"}]},
        {"clusterName": cluster})


def stub_coverage(stubber: Stubber, detector: str, cluster: str = "prod", status: str = "HEALTHY") -> None:
    criteria = {"FilterCriterion": [{"CriterionKey": "EKS_CLUSTER_NAME", "FilterCondition": {"Equals": [cluster]}}]}
    stubber.add_response("list_coverage", {"Resources": [{"ResourceId": cluster, "DetectorId": detector,
                                                          "CoverageStatus": status}]},
                         {"DetectorId": detector, "FilterCriteria": criteria})


def routed_clients() -> Iterator[dict[str, Routed]]:
    clients = {"eks": Routed("eks"), "guardduty": Routed("guardduty")}
    yield clients
    for client in clients.values():
        client.stubber.assert_no_pending_responses()
