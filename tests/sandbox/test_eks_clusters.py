"""EKS cluster fields, cluster versions and insights in the sandbox (in process and over HTTP)."""

from __future__ import annotations

from datetime import datetime, timezone

from botocore.config import Config

from publisher.sandbox.eks.versions import CALENDAR, calendar, find_version
from publisher.sandbox.harness import Sandbox

from .eks_helpers import ROLE, VPC, all_pages, eks_with_cluster, fails

AUTO_MODE = {"computeConfig": {"enabled": True, "nodePools": ["general-purpose", "system"], "nodeRoleArn": ROLE},
             "storageConfig": {"blockStorage": {"enabled": True}},
             "kubernetesNetworkConfig": {"elasticLoadBalancing": {"enabled": True}}}


def test_new_cluster_defaults(sandbox: Sandbox) -> None:
    eks = sandbox.client("eks")
    cluster = eks.create_cluster(name="plain", roleArn=ROLE, resourcesVpcConfig=VPC)["cluster"]
    assert cluster["accessConfig"] == {"authenticationMode": "CONFIG_MAP",
                                       "bootstrapClusterCreatorAdminPermissions": True}
    assert cluster["upgradePolicy"] == {"supportType": "EXTENDED"}
    assert "computeConfig" not in cluster
    default = eks.describe_cluster_versions(defaultOnly=True)["clusterVersions"]
    assert [version["clusterVersion"] for version in default] == [cluster["version"]]


def test_auto_mode_cluster(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, **AUTO_MODE)
    cluster = eks.describe_cluster(name="prod")["cluster"]
    assert cluster["computeConfig"] == AUTO_MODE["computeConfig"]
    assert cluster["storageConfig"] == {"blockStorage": {"enabled": True}}
    assert cluster["kubernetesNetworkConfig"]["elasticLoadBalancing"] == {"enabled": True}
    update = eks.update_cluster_config(name="prod", computeConfig={"enabled": False},
                                       storageConfig={"blockStorage": {"enabled": False}},
                                       kubernetesNetworkConfig={"elasticLoadBalancing": {"enabled": False}})["update"]
    assert update["type"] == "AutoModeUpdate" and update["status"] == "Successful"
    assert eks.describe_cluster(name="prod")["cluster"]["computeConfig"] == {"enabled": False}


def test_auto_mode_is_all_or_nothing(sandbox: Sandbox) -> None:
    eks = sandbox.client("eks")
    base = {"name": "auto", "roleArn": ROLE, "resourcesVpcConfig": VPC}
    fails("InvalidParameterException", 400, eks.create_cluster, **base, computeConfig=AUTO_MODE["computeConfig"])
    fails("InvalidParameterException", 400, eks.create_cluster, **base, **{
        **AUTO_MODE, "storageConfig": {"blockStorage": {"enabled": False}}})
    fails("InvalidParameterException", 400, eks.create_cluster, **base, **{
        **AUTO_MODE, "computeConfig": {"enabled": True, "nodePools": ["system"]}})
    fails("InvalidParameterException", 400, eks.create_cluster, **base, **{
        **AUTO_MODE, "computeConfig": {"enabled": True, "nodePools": ["gpu"], "nodeRoleArn": ROLE}})
    assert eks.list_clusters()["clusters"] == []


def test_authentication_mode_only_moves_towards_api(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, accessConfig={})
    update = eks.update_cluster_config(name="prod", accessConfig={"authenticationMode": "API_AND_CONFIG_MAP"})
    assert update["update"]["type"] == "AccessConfigUpdate"
    eks.update_cluster_config(name="prod", accessConfig={"authenticationMode": "API"})
    fails("InvalidRequestException", 400, eks.update_cluster_config, name="prod",
          accessConfig={"authenticationMode": "CONFIG_MAP"})
    assert eks.describe_cluster(name="prod")["cluster"]["accessConfig"]["authenticationMode"] == "API"


def test_upgrade_policy(sandbox: Sandbox) -> None:
    newest = CALENDAR[0].version  # in standard support until its end date
    eks = eks_with_cluster(sandbox, version=newest, upgradePolicy={"supportType": "STANDARD"})
    assert eks.describe_cluster(name="prod")["cluster"]["upgradePolicy"] == {"supportType": "STANDARD"}
    eks.update_cluster_config(name="prod", upgradePolicy={"supportType": "EXTENDED"})
    sandbox.steering.advance_clock((CALENDAR[0].end_of_standard - datetime.now(timezone.utc)).total_seconds() + 60)
    fails("InvalidRequestException", 400, eks.update_cluster_config, name="prod",
          upgradePolicy={"supportType": "STANDARD"})


def test_cluster_versions_follow_the_calendar_and_the_clock(sandbox: Sandbox) -> None:
    eks = sandbox.client("eks")
    now = datetime.now(timezone.utc)
    every = all_pages(eks.describe_cluster_versions, "clusterVersions", includeAll=True)
    assert [row["clusterVersion"] for row in every] == [entry.version for entry in calendar(now)]
    assert [row["clusterVersion"] for row in every][-len(CALENDAR):] == [entry.version for entry in CALENDAR]
    row = next(row for row in every if row["clusterVersion"] == "1.32")
    assert row["endOfStandardSupportDate"].date().isoformat() == "2026-03-23"
    assert row["endOfExtendedSupportDate"].date().isoformat() == "2027-03-23"
    for row in every:
        assert row["versionStatus"] == find_version(row["clusterVersion"], now).status(now)  # type: ignore[union-attr]
    offered = eks.describe_cluster_versions()["clusterVersions"]
    assert all(row["versionStatus"] != "UNSUPPORTED" for row in offered)
    # past the calendar's last end of extended support: its versions are gone, projected ones are offered
    sandbox.steering.advance_clock((CALENDAR[0].end_of_extended - now).total_seconds() + 60)
    statuses = {row["clusterVersion"]: row["versionStatus"]
                for row in eks.describe_cluster_versions(includeAll=True)["clusterVersions"]}
    assert {statuses[entry.version] for entry in CALENDAR} == {"UNSUPPORTED"}
    fails("InvalidParameterException", 400, eks.create_cluster, name="late", roleArn=ROLE, resourcesVpcConfig=VPC,
          version=CALENDAR[0].version)
    cluster = eks.create_cluster(name="later", roleArn=ROLE, resourcesVpcConfig=VPC)["cluster"]
    assert statuses[cluster["version"]] == "STANDARD_SUPPORT"
    assert int(cluster["version"].split(".")[1]) > int(CALENDAR[0].version.split(".")[1])
    assert eks.create_addon(clusterName="later", addonName="kube-proxy")["addon"]["addonVersion"] == \
        f"v{cluster['version']}.0-eksbuild.2"


def test_versions_are_projected_every_four_months_after_the_calendar() -> None:
    """Kubernetes publishes three minor versions a year: after the newest row (1.35, 2026-01-28) one
    every four months, each with 14 months of standard and 12 more of extended support."""
    projected = calendar(datetime(2027, 1, 28, tzinfo=timezone.utc))
    assert [entry.version for entry in projected[:4]] == ["1.38", "1.37", "1.36", "1.35"]
    assert [entry.released.date().isoformat() for entry in projected[:3]] == ["2027-01-28", "2026-09-28",
                                                                               "2026-05-28"]
    assert projected[0].end_of_standard.date().isoformat() == "2028-03-28"
    assert projected[0].end_of_extended.date().isoformat() == "2029-03-28"
    assert calendar(datetime(2026, 5, 27, tzinfo=timezone.utc)) == CALENDAR  # 1.36 not yet released



def test_unknown_version_is_refused(sandbox: Sandbox) -> None:
    fails("InvalidParameterException", 400, sandbox.client("eks").create_cluster, name="old", roleArn=ROLE,
          resourcesVpcConfig=VPC, version="1.19")


def test_insights_are_computed_from_the_cluster(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, version="1.33")
    eks.create_nodegroup(clusterName="prod", nodegroupName="old", nodeRole=ROLE, subnets=["subnet-0aa"],
                         version="1.30")
    eks.create_addon(clusterName="prod", addonName="kube-proxy")  # its 1.33 build does not run on 1.34
    insights = {item["name"]: item for item in eks.list_insights(clusterName="prod")["insights"]}
    assert insights["Kubelet version skew"]["insightStatus"]["status"] == "ERROR"
    assert insights["Kubelet version skew"]["kubernetesVersion"] == "1.34"
    assert insights["Amazon EKS add-on version compatibility"]["insightStatus"]["status"] == "ERROR"
    assert insights["Cluster health issues"]["insightStatus"]["status"] == "PASSING"
    skew = eks.describe_insight(clusterName="prod", id=insights["Kubelet version skew"]["id"])["insight"]
    assert [resource["arn"] for resource in skew["resources"]] == [
        eks.describe_nodegroup(clusterName="prod", nodegroupName="old")["nodegroup"]["nodegroupArn"]]
    errors = eks.list_insights(clusterName="prod", filter={"statuses": ["ERROR"]})["insights"]
    assert len(errors) == 2
    assert len(all_pages(eks.list_insights, "insights", clusterName="prod")) == 4
    fails("ResourceNotFoundException", 404, eks.describe_insight, clusterName="prod", id="no-such-insight")
    fails("ResourceNotFoundException", 404, eks.list_insights, clusterName="nope")


def test_kubelet_behind_but_within_skew_is_a_warning(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, version="1.33")
    eks.create_nodegroup(clusterName="prod", nodegroupName="n", nodeRole=ROLE, subnets=["subnet-0aa"], version="1.32")
    insights = {item["name"]: item for item in eks.list_insights(clusterName="prod")["insights"]}
    assert insights["Kubelet version skew"]["insightStatus"]["status"] == "WARNING"


def test_deleting_a_cluster_deletes_what_is_in_it(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    eks.create_addon(clusterName="prod", addonName="coredns")
    eks.create_access_entry(clusterName="prod", principalArn="arn:aws:iam::123456789012:role/dev")
    eks.create_pod_identity_association(clusterName="prod", namespace="a", serviceAccount="b", roleArn=ROLE)
    eks.delete_cluster(name="prod")
    fails("ResourceNotFoundException", 404, eks.list_addons, clusterName="prod")
    eks_with_cluster(sandbox)  # same name again: nothing of the old cluster is left
    assert eks.list_addons(clusterName="prod")["addons"] == []
    assert eks.list_access_entries(clusterName="prod")["accessEntries"] == ["arn:aws:iam::123456789012:user/moto"]
    assert eks.list_pod_identity_associations(clusterName="prod")["associations"] == []


def test_requests_are_validated_against_the_model(sandbox: Sandbox) -> None:
    eks = sandbox.client("eks", config=Config(parameter_validation=False))
    eks_with_cluster(sandbox)
    response = fails("InvalidParameterException", 400, eks.list_addons, clusterName="prod", maxResults=500)
    assert "maxResults" in response["Error"]["Message"]
    fails("InvalidParameterException", 400, eks.create_addon, clusterName="prod")  # addonName missing
    fails("InvalidParameterException", 400, eks.create_addon, clusterName="prod", addonName="coredns",
          resolveConflicts="SOMETIMES")
    fails("InvalidParameterException", 400, eks.describe_cluster_versions, versionStatus="ANCIENT")


def test_operations_not_emulated_say_so(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    fails("NotImplementedException", 501, eks.describe_update, name="prod", updateId="x")


def test_seeded_insight_replaces_the_computed_one(sandbox_inprocess: Sandbox) -> None:
    from publisher.sandbox.eks.models import eks_backends

    eks = eks_with_cluster(sandbox_inprocess, version="1.33")
    name = "Deprecated APIs removed in Kubernetes v1.34"
    seeded = eks_backends["123456789012"]["us-east-1"].seed_insight("prod", name, "ERROR", "flowcontrol v1beta3 used")
    insight = eks.describe_insight(clusterName="prod", id=seeded["id"])["insight"]
    assert insight["insightStatus"] == {"status": "ERROR", "reason": "flowcontrol v1beta3 used"}
    assert len(eks.list_insights(clusterName="prod")["insights"]) == 4


def test_deleted_cluster_leaves_no_state_behind(sandbox_inprocess: Sandbox) -> None:
    from publisher.sandbox.eks.models import eks_backends

    eks = eks_with_cluster(sandbox_inprocess)
    eks.delete_cluster(name="prod")
    assert eks_backends["123456789012"]["us-east-1"].states == {}
