"""GuardDuty ListCoverage in the sandbox (in process and over HTTP): one resource per EKS cluster of
the account and Region once Runtime Monitoring is on; healthy when the agent add-on runs or
GuardDuty manages it; filters, sorting and pages as the API reference describes them."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox

from .eks_helpers import eks_with_cluster, fails

RUNTIME = {"Name": "RUNTIME_MONITORING", "Status": "ENABLED"}
MANAGED = {**RUNTIME, "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}]}


def detector(sandbox: Sandbox, *features: dict[str, Any]) -> tuple[Any, str]:
    guardduty = sandbox.client("guardduty")
    return guardduty, guardduty.create_detector(Enable=True, Features=list(features))["DetectorId"]


def by_cluster(guardduty: Any, detector_id: str, **kwargs: Any) -> dict[str, dict[str, Any]]:
    resources = guardduty.list_coverage(DetectorId=detector_id, **kwargs)["Resources"]
    return {r["ResourceDetails"]["EksClusterDetails"]["ClusterName"]: r for r in resources}


def named(*names: str, key: str = "EKS_CLUSTER_NAME", condition: str = "Equals") -> dict[str, Any]:
    return {"FilterCriterion": [{"CriterionKey": key, "FilterCondition": {condition: list(names)}}]}


def test_nothing_is_covered_without_runtime_monitoring(sandbox: Sandbox) -> None:
    eks_with_cluster(sandbox)
    guardduty, detector_id = detector(sandbox, {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"})
    assert guardduty.list_coverage(DetectorId=detector_id)["Resources"] == []


def test_a_cluster_is_healthy_once_the_agent_add_on_runs(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    eks.create_nodegroup(clusterName="prod", nodegroupName="workers", nodeRole="arn:aws:iam::123456789012:role/n",
                         subnets=["subnet-0aa"], scalingConfig={"minSize": 1, "maxSize": 5, "desiredSize": 3})
    guardduty, detector_id = detector(sandbox, RUNTIME)
    before = by_cluster(guardduty, detector_id)["prod"]
    assert (before["CoverageStatus"], before["ResourceId"], before["DetectorId"]) == ("UNHEALTHY", "prod", detector_id)
    assert "aws-guardduty-agent" in before["Issue"]
    assert before["ResourceDetails"]["EksClusterDetails"] == {
        "ClusterName": "prod", "CompatibleNodes": 3, "CoveredNodes": 0, "ManagementType": "MANUAL"}
    version = eks.create_addon(clusterName="prod", addonName="aws-guardduty-agent")["addon"]["addonVersion"]
    after = by_cluster(guardduty, detector_id)["prod"]
    assert after["CoverageStatus"] == "HEALTHY" and "Issue" not in after
    assert after["ResourceDetails"]["EksClusterDetails"]["CoveredNodes"] == 3
    assert after["ResourceDetails"]["EksClusterDetails"]["AddonDetails"] == {"AddonVersion": version,
                                                                            "AddonStatus": "ACTIVE"}


def test_guardduty_managed_agents_cover_every_cluster(sandbox: Sandbox) -> None:
    eks_with_cluster(sandbox, "prod")
    eks_with_cluster(sandbox, "dev")
    guardduty, detector_id = detector(sandbox, MANAGED)
    coverage = by_cluster(guardduty, detector_id)
    assert {name: r["CoverageStatus"] for name, r in coverage.items()} == {"prod": "HEALTHY", "dev": "HEALTHY"}
    assert {r["ResourceDetails"]["EksClusterDetails"]["ManagementType"] for r in coverage.values()} == {"AUTO_MANAGED"}


def test_filters_sorting_and_pages(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, "alpha")
    for name in ("bravo", "charlie"):
        eks_with_cluster(sandbox, name)
    eks.create_addon(clusterName="bravo", addonName="aws-guardduty-agent")
    guardduty, detector_id = detector(sandbox, RUNTIME)
    assert list(by_cluster(guardduty, detector_id, FilterCriteria=named("bravo"))) == ["bravo"]
    assert list(by_cluster(guardduty, detector_id, FilterCriteria=named("bravo", key="CLUSTER_NAME"))) == ["bravo"]
    unhealthy = by_cluster(guardduty, detector_id, FilterCriteria=named("HEALTHY", key="COVERAGE_STATUS",
                                                                        condition="NotEquals"))
    assert sorted(unhealthy) == ["alpha", "charlie"]
    assert by_cluster(guardduty, detector_id, FilterCriteria=named("i-0abc", key="INSTANCE_ID")) == {}
    descending = by_cluster(guardduty, detector_id, SortCriteria={"AttributeName": "CLUSTER_NAME", "OrderBy": "DESC"})
    assert list(descending) == ["charlie", "bravo", "alpha"]
    names, token = [], None
    while True:
        page = guardduty.list_coverage(DetectorId=detector_id, MaxResults=2, **({"NextToken": token} if token else {}),
                                       SortCriteria={"AttributeName": "CLUSTER_NAME", "OrderBy": "ASC"})
        names += [r["ResourceId"] for r in page["Resources"]]
        token = page.get("NextToken")
        if not token:
            break
    assert names == ["alpha", "bravo", "charlie"]


@pytest.mark.parametrize("kwargs", [{"MaxResults": 51}, {"NextToken": "x"},
                                    {"SortCriteria": {"AttributeName": "NAME"}}])
def test_bad_input_is_a_bad_request(sandbox: Sandbox, kwargs: dict[str, Any]) -> None:
    guardduty, detector_id = detector(sandbox, RUNTIME)
    fails("BadRequestException", 400, guardduty.list_coverage, DetectorId=detector_id, **kwargs)


def test_an_unknown_detector_is_refused(sandbox: Sandbox) -> None:
    guardduty = sandbox.client("guardduty")
    error = fails("BadRequestException", 400, guardduty.list_coverage, DetectorId="0" * 32)
    assert "detectorId" in error["Error"]["Message"]
