"""EKS add-ons in the sandbox (in process and over HTTP), with real boto3 clients."""

from __future__ import annotations

from publisher.sandbox.harness import Sandbox

from .eks_helpers import ROLE, all_pages, eks_with_cluster, fails


def test_addon_lifecycle(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    created = eks.create_addon(clusterName="prod", addonName="vpc-cni", serviceAccountRoleArn=ROLE)["addon"]
    assert created["status"] == "ACTIVE" and created["addonVersion"] == "v1.19.6-eksbuild.1"
    assert created["addonArn"].startswith("arn:aws:eks:us-east-1:123456789012:addon/prod/vpc-cni/")
    described = eks.describe_addon(clusterName="prod", addonName="vpc-cni")["addon"]
    assert described["serviceAccountRoleArn"] == ROLE and described["namespaceConfig"] == {"namespace": "kube-system"}
    update = eks.update_addon(clusterName="prod", addonName="vpc-cni", addonVersion="v1.19.2-eksbuild.5")["update"]
    assert update["type"] == "AddonUpdate" and update["status"] == "Successful"
    assert {"type": "AddonVersion", "value": "v1.19.2-eksbuild.5"} in update["params"]
    assert eks.describe_addon(clusterName="prod", addonName="vpc-cni")["addon"]["addonVersion"] == "v1.19.2-eksbuild.5"
    assert eks.delete_addon(clusterName="prod", addonName="vpc-cni")["addon"]["status"] == "DELETING"
    assert eks.list_addons(clusterName="prod")["addons"] == []


def test_addon_errors(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    fails("ResourceNotFoundException", 404, eks.describe_addon, clusterName="prod", addonName="coredns")
    fails("ResourceNotFoundException", 404, eks.create_addon, clusterName="nope", addonName="coredns")
    fails("InvalidParameterException", 400, eks.create_addon, clusterName="prod", addonName="not-an-addon")
    fails("InvalidParameterException", 400, eks.create_addon, clusterName="prod", addonName="kube-proxy",
          addonVersion="v1.29.0-eksbuild.2")  # a build for another Kubernetes version
    eks.create_addon(clusterName="prod", addonName="coredns")
    fails("ResourceInUseException", 409, eks.create_addon, clusterName="prod", addonName="coredns")
    fails("InvalidParameterException", 400, eks.update_addon, clusterName="prod", addonName="coredns",
          addonVersion="v0.0.1")
    fails("ResourceNotFoundException", 404, eks.delete_addon, clusterName="prod", addonName="vpc-cni")


def test_addons_page_and_versions_filter(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    for name in ("vpc-cni", "coredns", "kube-proxy"):
        eks.create_addon(clusterName="prod", addonName=name)
    assert all_pages(eks.list_addons, "addons", clusterName="prod") == ["coredns", "kube-proxy", "vpc-cni"]
    fails("InvalidParameterException", 400, eks.list_addons, clusterName="prod", nextToken="garbage")
    storage = eks.describe_addon_versions(types=["storage"])["addons"]
    assert [addon["addonName"] for addon in storage] == ["aws-ebs-csi-driver"]
    proxy = eks.describe_addon_versions(addonName="kube-proxy", kubernetesVersion="1.32")["addons"]
    assert [v["addonVersion"] for v in proxy[0]["addonVersions"]] == ["v1.32.0-eksbuild.2"]
    assert proxy[0]["addonVersions"][0]["compatibilities"][0]["clusterVersion"] == "1.32"
    names = [addon["addonName"] for addon in all_pages(eks.describe_addon_versions, "addons")]
    assert len(names) == len(set(names)) == 7


def test_addon_pod_identity_associations_go_with_the_addon(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    addon = eks.create_addon(clusterName="prod", addonName="aws-ebs-csi-driver", podIdentityAssociations=[
        {"serviceAccount": "ebs-csi-controller-sa", "roleArn": ROLE}])["addon"]
    [association] = eks.list_pod_identity_associations(clusterName="prod")["associations"]
    assert association["ownerArn"] == addon["addonArn"] and association["namespace"] == "kube-system"
    assert addon["podIdentityAssociations"] == [association["associationArn"]]
    eks.delete_addon(clusterName="prod", addonName="aws-ebs-csi-driver")
    assert eks.list_pod_identity_associations(clusterName="prod")["associations"] == []
