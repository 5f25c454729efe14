"""Shared set-up of the EKS sandbox tests: a cluster to work in, and error checks."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from publisher.sandbox.harness import Sandbox

ROLE = "arn:aws:iam::123456789012:role/eks-cluster"
VPC = {"subnetIds": ["subnet-0aa", "subnet-0bb"]}


def eks_with_cluster(sandbox: Sandbox, name: str = "prod", **extra: Any) -> Any:
    """An EKS client and a new cluster ``name`` (API authentication mode unless ``extra`` says otherwise)."""
    eks = sandbox.client("eks")
    eks.create_cluster(name=name, roleArn=ROLE, resourcesVpcConfig=VPC,
                       **{"accessConfig": {"authenticationMode": "API"}, **extra})
    return eks


def fails(code: str, status: int, call: Any, **kwargs: Any) -> dict[str, Any]:
    """Call and expect the modeled error ``code`` with HTTP ``status``; the error response."""
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    response: dict[str, Any] = caught.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    return response


def all_pages(call: Any, key: str, **kwargs: Any) -> list[Any]:
    """Every item of a paged EKS list, one item per page (maxResults=1)."""
    items, token = [], None
    while True:
        page = call(maxResults=1, **kwargs, **({"nextToken": token} if token else {}))
        assert len(page[key]) <= 1
        items += page[key]
        token = page.get("nextToken")
        if not token:
            return items
