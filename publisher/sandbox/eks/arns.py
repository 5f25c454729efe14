"""IAM principal ARNs as EKS accepts them in access entries and Pod Identity associations."""

from __future__ import annotations

import re

from moto.eks.exceptions import InvalidParameterException

IAM_ROLE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
IAM_PRINCIPAL = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$")


def require_role(arn: str, member: str) -> str:
    """``arn`` if it is an IAM role ARN, else ``InvalidParameterException`` naming ``member``."""
    if not IAM_ROLE.match(arn):
        raise InvalidParameterException(f"{member} {arn} is not a valid IAM role ARN")
    return arn


def require_principal(arn: str) -> str:
    """An IAM role or user ARN: "You can't use the STS session principal type with access entries
    because this is a temporary principal for each session"
    (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html, principalArn)."""
    if not IAM_PRINCIPAL.match(arn):
        raise InvalidParameterException(
            f"principalArn {arn} must be the ARN of an IAM role or IAM user (not an STS session)")
    return arn
