"""EKS access entries and access policies in the sandbox (in process and over HTTP)."""

from __future__ import annotations

from publisher.sandbox.harness import Sandbox

from .eks_helpers import ROLE, VPC, all_pages, eks_with_cluster, fails

ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
DEV = "arn:aws:iam::123456789012:role/developers"
CREATOR = "arn:aws:iam::123456789012:user/moto"


def test_cluster_creator_gets_an_admin_entry_unless_told_not_to(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    assert eks.list_access_entries(clusterName="prod")["accessEntries"] == [CREATOR]
    [policy] = eks.list_associated_access_policies(clusterName="prod", principalArn=CREATOR)["associatedAccessPolicies"]
    assert policy["policyArn"] == ADMIN and policy["accessScope"]["type"] == "cluster"
    eks.create_cluster(name="quiet", roleArn=ROLE, resourcesVpcConfig=VPC, accessConfig={
        "authenticationMode": "API_AND_CONFIG_MAP", "bootstrapClusterCreatorAdminPermissions": False})
    assert eks.list_access_entries(clusterName="quiet")["accessEntries"] == []


def test_access_entry_lifecycle(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    entry = eks.create_access_entry(clusterName="prod", principalArn=DEV, kubernetesGroups=["dev"])["accessEntry"]
    assert entry["type"] == "STANDARD" and entry["kubernetesGroups"] == ["dev"]
    assert entry["username"] == "arn:aws:sts::123456789012:assumed-role/developers/{{SessionName}}"
    assert entry["accessEntryArn"].startswith("arn:aws:eks:us-east-1:123456789012:access-entry/prod/role/")
    updated = eks.update_access_entry(clusterName="prod", principalArn=DEV, username="dev-user")["accessEntry"]
    assert updated["username"] == "dev-user" and updated["kubernetesGroups"] == ["dev"]
    assert eks.describe_access_entry(clusterName="prod", principalArn=DEV)["accessEntry"]["username"] == "dev-user"
    scoped = eks.associate_access_policy(clusterName="prod", principalArn=DEV, policyArn=VIEW,
                                         accessScope={"type": "namespace", "namespaces": ["team-a"]})
    assert scoped["associatedAccessPolicy"]["accessScope"] == {"type": "namespace", "namespaces": ["team-a"]}
    assert eks.list_access_entries(clusterName="prod", associatedPolicyArn=VIEW)["accessEntries"] == [DEV]
    eks.disassociate_access_policy(clusterName="prod", principalArn=DEV, policyArn=VIEW)
    assert eks.list_associated_access_policies(clusterName="prod", principalArn=DEV)["associatedAccessPolicies"] == []
    eks.delete_access_entry(clusterName="prod", principalArn=DEV)
    fails("ResourceNotFoundException", 404, eks.describe_access_entry, clusterName="prod", principalArn=DEV)


def test_access_entry_rules(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    fails("InvalidParameterException", 400, eks.create_access_entry, clusterName="prod",
          principalArn="arn:aws:sts::123456789012:assumed-role/developers/alice")
    fails("InvalidParameterException", 400, eks.create_access_entry, clusterName="prod", principalArn=DEV,
          username="system:admin")
    fails("InvalidParameterException", 400, eks.create_access_entry, clusterName="prod", principalArn=DEV,
          type="EC2_LINUX", kubernetesGroups=["x"])
    fails("InvalidParameterException", 400, eks.create_access_entry, clusterName="prod", principalArn=DEV,
          type="NOT_A_TYPE")
    eks.create_access_entry(clusterName="prod", principalArn=DEV)
    fails("ResourceInUseException", 409, eks.create_access_entry, clusterName="prod", principalArn=DEV)
    fails("InvalidParameterException", 400, eks.associate_access_policy, clusterName="prod", principalArn=DEV,
          policyArn="arn:aws:eks::aws:cluster-access-policy/Nope", accessScope={"type": "cluster"})
    fails("InvalidParameterException", 400, eks.associate_access_policy, clusterName="prod", principalArn=DEV,
          policyArn=VIEW, accessScope={"type": "namespace"})
    fails("ResourceNotFoundException", 404, eks.disassociate_access_policy, clusterName="prod", principalArn=DEV,
          policyArn=VIEW)
    fails("ResourceNotFoundException", 404, eks.list_access_entries, clusterName="nope")


def test_config_map_clusters_have_no_access_entries(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox, accessConfig={})  # the API's default mode: CONFIG_MAP
    assert eks.describe_cluster(name="prod")["cluster"]["accessConfig"]["authenticationMode"] == "CONFIG_MAP"
    fails("InvalidRequestException", 400, eks.create_access_entry, clusterName="prod", principalArn=DEV)
    fails("InvalidRequestException", 400, eks.list_access_entries, clusterName="prod")


def test_access_entries_and_policies_page(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    for name in ("b", "a"):
        eks.create_access_entry(clusterName="prod", principalArn=f"arn:aws:iam::123456789012:role/{name}")
    assert all_pages(eks.list_access_entries, "accessEntries", clusterName="prod") == [
        "arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b", CREATOR]
    policies = all_pages(eks.list_access_policies, "accessPolicies")
    assert ADMIN in [policy["arn"] for policy in policies] and len(policies) == 11
    for arn in (ADMIN, VIEW):
        eks.associate_access_policy(clusterName="prod", principalArn=DEV.replace("developers", "a"), policyArn=arn,
                                    accessScope={"type": "cluster"})
    associated = all_pages(eks.list_associated_access_policies, "associatedAccessPolicies", clusterName="prod",
                           principalArn="arn:aws:iam::123456789012:role/a")
    assert [item["policyArn"] for item in associated] == [ADMIN, VIEW]
