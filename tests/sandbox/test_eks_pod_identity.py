"""EKS Pod Identity associations in the sandbox (in process and over HTTP)."""

from __future__ import annotations

from publisher.sandbox.harness import Sandbox

from .eks_helpers import ROLE, all_pages, eks_with_cluster, fails

OTHER_ROLE = "arn:aws:iam::123456789012:role/other"


def test_association_lifecycle(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    created = eks.create_pod_identity_association(clusterName="prod", namespace="shop", serviceAccount="cart",
                                                  roleArn=ROLE)["association"]
    assert created["associationId"].startswith("a-") and len(created["associationId"]) == 19
    assert created["associationArn"].endswith(f":podidentityassociation/prod/{created['associationId']}")
    found = eks.describe_pod_identity_association(clusterName="prod", associationId=created["associationId"])
    assert found["association"]["roleArn"] == ROLE
    updated = eks.update_pod_identity_association(clusterName="prod", associationId=created["associationId"],
                                                  roleArn=OTHER_ROLE)["association"]
    assert updated["roleArn"] == OTHER_ROLE
    deleted = eks.delete_pod_identity_association(clusterName="prod", associationId=created["associationId"])
    assert deleted["association"]["associationId"] == created["associationId"]
    fails("ResourceNotFoundException", 404, eks.describe_pod_identity_association, clusterName="prod",
          associationId=created["associationId"])


def test_association_rules(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    fails("InvalidParameterException", 400, eks.create_pod_identity_association, clusterName="prod",
          namespace="shop", serviceAccount="cart", roleArn="arn:aws:iam::123456789012:user/alice")
    fails("ResourceNotFoundException", 404, eks.create_pod_identity_association, clusterName="nope",
          namespace="shop", serviceAccount="cart", roleArn=ROLE)
    eks.create_pod_identity_association(clusterName="prod", namespace="shop", serviceAccount="cart", roleArn=ROLE)
    fails("ResourceInUseException", 409, eks.create_pod_identity_association, clusterName="prod",
          namespace="shop", serviceAccount="cart", roleArn=OTHER_ROLE)
    fails("ResourceNotFoundException", 404, eks.delete_pod_identity_association, clusterName="prod",
          associationId="a-00000000000000000")


def test_associations_filter_and_page(sandbox: Sandbox) -> None:
    eks = eks_with_cluster(sandbox)
    for namespace, account in (("shop", "cart"), ("shop", "pay"), ("ops", "cart")):
        eks.create_pod_identity_association(clusterName="prod", namespace=namespace, serviceAccount=account,
                                            roleArn=ROLE)
    assert len(all_pages(eks.list_pod_identity_associations, "associations", clusterName="prod")) == 3
    shop = eks.list_pod_identity_associations(clusterName="prod", namespace="shop")["associations"]
    assert sorted(item["serviceAccount"] for item in shop) == ["cart", "pay"]
    carts = eks.list_pod_identity_associations(clusterName="prod", serviceAccount="cart")["associations"]
    assert sorted(item["namespace"] for item in carts) == ["ops", "shop"]
