"""AWS facts: the sandbox's EKS and GuardDuty (moto's, extended), Stubber for answers it cannot give."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import boto3
import pytest
from moto import mock_aws

from publisher.assess.collect_aws import collect_aws
from publisher.assess.facts import Facts

from .aws_fixture import REGION, Routed, create_cluster, create_detector, routed_clients, stub_coverage, stub_eks

TODAY = date(2026, 6, 1)


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def routed(aws: None) -> Iterator[dict[str, Routed]]:
    yield from routed_clients()


def test_the_sandbox_emulation_serves_every_eks_part(aws: None) -> None:
    create_cluster(logs=("api", "audit", "authenticator"))
    facts = Facts(collect_aws(lambda service: boto3.client(service, region_name=REGION), "prod", TODAY))
    assert facts.values["eks.logging.enabledTypes"] == ["api", "audit", "authenticator"]
    assert facts.values["eks.endpoint.openToInternet"] is True
    assert facts.values["eks.encryption.secrets"] == "default-envelope"
    assert facts.values["eks.nodegroups.count"] == 1
    assert facts.values["eks.compute.mode"] == "nodegroups"
    assert facts.values["eks.auth.mode"] == "CONFIG_MAP"  # the API's default when accessConfig is not given
    assert (facts.values["eks.addons.names"], facts.values["eks.podIdentity.count"]) == ([], 0)
    assert facts.values["eks.version.supportStatus"] in ("STANDARD_SUPPORT", "EXTENDED_SUPPORT")
    not_collected = "\n".join(facts.not_collected)
    for part in ("eks.versions", "eks.insights", "eks.addons", "eks.podIdentity"):
        assert f"{part}: not collected" not in not_collected
    assert "eks.accessEntries: not collected: InvalidRequestException" in not_collected  # CONFIG_MAP has none
    assert "guardduty: not collected" not in not_collected  # no detector is a fact, not a failure
    assert facts.values["guardduty.eksAuditLogs"] is False
    assert "guardduty.coverage: not collected: no GuardDuty detector" in not_collected


def test_the_sandbox_emulation_serves_guardduty_coverage(aws: None) -> None:
    create_cluster()
    create_detector(audit=True, runtime=True)

    def client(service: str) -> Any:
        return boto3.client(service, region_name=REGION)

    before = Facts(collect_aws(client, "prod", TODAY))
    assert before.values["guardduty.runtimeMonitoring"] is True
    assert before.values["guardduty.coverage.status"] == "UNHEALTHY"  # no agent on the cluster yet
    client("eks").create_addon(clusterName="prod", addonName="aws-guardduty-agent")
    after = Facts(collect_aws(client, "prod", TODAY))
    assert after.values["guardduty.coverage.status"] == "HEALTHY"
    assert not [line for line in after.not_collected if line.startswith("guardduty")]


def test_every_part_with_stubs_for_what_moto_lacks(routed: dict[str, Routed]) -> None:
    create_cluster(key=True, public=True, cidrs=("203.0.113.0/24",), nodegroup_version="1.32", fargate=True)
    detector = create_detector(audit=True, runtime=True)
    stub_eks(routed["eks"].stubber, insight="ERROR", addon_status="DEGRADED")
    stub_coverage(routed["guardduty"].stubber, detector)
    sources = collect_aws(lambda service: routed[service], "prod", TODAY)
    facts = Facts(sources)
    assert facts.not_collected == []
    values = facts.values
    assert values["eks.encryption.secrets"] == "customer-key"
    assert values["eks.endpoint.openToInternet"] is False
    assert values["eks.endpoint.publicAccessCidrs"] == ["203.0.113.0/24"]
    assert values["eks.version.supportStatus"] == "STANDARD_SUPPORT"
    assert values["eks.version.daysToEndOfStandardSupport"] == (date(2026, 11, 21) - TODAY).days
    assert values["eks.insights.upgradeReadiness.notPassing"] == ["Deprecated APIs removed in Kubernetes v1.32 (ERROR)"]
    assert values["eks.insights.misconfiguration.notPassing"] == []
    assert values["eks.addons.names"] == ["coredns", "vpc-cni"]
    assert values["eks.addons.unhealthy"] == ["coredns (DEGRADED)"]
    assert values["eks.nodegroups.behindCluster"] == ["general (1.32)"]
    assert values["eks.fargateProfiles.count"] == 1
    assert values["eks.compute.mode"] == "mixed"
    assert values["eks.accessEntries.count"] == 1
    assert values["eks.podIdentity.count"] == 1
    assert values["guardduty.eksAuditLogs"] is True and values["guardduty.runtimeMonitoring"] is True
    assert values["guardduty.coverage.status"] == "HEALTHY"
    # the minimum: one call per operation, plus one Describe per add-on and node group
    assert {s.source: s.calls for s in sources} == {
        "eks": 1, "eks.versions": 1, "eks.insights": 1, "eks.addons": 3, "eks.nodegroups": 2, "eks.fargate": 1,
        "eks.accessEntries": 1, "eks.podIdentity": 1, "guardduty": 2, "guardduty.coverage": 1}
    assert facts.calls == 14


def test_access_config_upgrade_policy_and_auto_mode(aws: None) -> None:
    from botocore.stub import Stubber

    eks = boto3.client("eks", region_name=REGION)
    stubber = Stubber(eks)
    stubber.add_response("describe_cluster", {"cluster": {
        "name": "auto", "version": "1.29", "resourcesVpcConfig": {"endpointPublicAccess": False,
                                                                  "endpointPrivateAccess": True},
        "accessConfig": {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        "upgradePolicy": {"supportType": "EXTENDED"}, "computeConfig": {"enabled": True}}}, {"name": "auto"})
    stubber.activate()
    facts = Facts(collect_aws(lambda service: eks if service == "eks" else boto3.client(service, region_name=REGION),
                              "auto", TODAY))
    assert facts.values["eks.auth.mode"] == "API"
    assert facts.values["eks.auth.bootstrapAdmin"] is False
    assert facts.values["eks.upgradePolicy.supportType"] == "EXTENDED"
    assert facts.values["eks.autoMode.enabled"] is True
    assert facts.values["eks.endpoint.publicAccess"] is False
    assert facts.values["eks.endpoint.openToInternet"] is False
    assert facts.values["eks.logging.enabledTypes"] == []
    # the stubbed client has no more responses: every later EKS part is one line, and the run went on
    assert len([line for line in facts.not_collected if line.startswith("eks.")]) == 7
    assert "guardduty.detector.enabled" in facts.values


def test_a_missing_cluster_is_one_line_per_part_and_the_run_goes_on(aws: None) -> None:
    create_detector()
    facts = Facts(collect_aws(lambda service: boto3.client(service, region_name=REGION), "nope", TODAY))
    assert facts.not_collected[0].startswith("eks: not collected: ResourceNotFoundException")
    assert "eks.versions: not collected: the cluster's version is not known" in "\n".join(facts.not_collected)
    assert facts.values["guardduty.eksAuditLogs"] is True


def test_a_client_that_cannot_be_made_is_reported_per_part() -> None:
    def clients(service: str) -> Any:
        raise RuntimeError(f"no Region for {service}")

    facts = Facts(collect_aws(clients, "prod", TODAY))
    assert len(facts.not_collected) == 10
    assert facts.not_collected[0] == "eks: not collected: RuntimeError: no Region for eks"
