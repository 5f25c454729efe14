"""STS AssumeRole into a role the target account's IAM lacks is AccessDenied, when roles must exist."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from publisher.sandbox.harness import Sandbox

MEMBER = "444455556666"


def test_assume_role_needs_the_role_in_the_target_account(sandbox: Sandbox) -> None:
    sandbox.steering.require_existing_roles(True)
    sts = sandbox.client("sts")
    role = f"arn:aws:iam::{MEMBER}:role/walens-publisher"
    with pytest.raises(ClientError) as refused:
        sts.assume_role(RoleArn=role, RoleSessionName="test")
    error = refused.value.response
    assert (error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"]) == (403, "AccessDenied")
    assert role in error["Error"]["Message"]
    assert sandbox.create_role(MEMBER, "walens-publisher") == role
    assert sts.assume_role(RoleArn=role, RoleSessionName="test")["AssumedRoleUser"]["Arn"].startswith(
        f"arn:aws:sts::{MEMBER}:assumed-role/walens-publisher/")
    with pytest.raises(ClientError):  # the role exists in MEMBER only
        sts.assume_role(RoleArn="arn:aws:iam::777788889999:role/walens-publisher", RoleSessionName="test")
    assert sandbox.client(account="777788889999").list_lenses()["LensSummaries"] == []  # harness creates its role
    sandbox.steering.require_existing_roles(False)
    assert sts.assume_role(RoleArn="arn:aws:iam::121212121212:role/never", RoleSessionName="test")
