"""A CloudFormation template for the reviews role of every member account.

Meant for a service-managed StackSet deployed to the OUs that ``reviews.organizationalUnits``
names: each account gets the role ``reviews.roleName``, trusted by one (management or CI)
account, allowed exactly the member-account calls of ``walens reviews`` (and with ``apply``,
``upgrade-reviews --apply``). IAM is global: deploy the StackSet in one Region.
"""

from __future__ import annotations

from typing import Any

from publisher.iam_reviews import Where, build_reviews_policy

DEFAULT_ROLE_NAME = "WalensReviewsReader"


def _substituted(value: Any) -> Any:
    """Every string holding ``${...}`` becomes ``{"Fn::Sub": string}``, in lists and mappings too."""
    if isinstance(value, str) and "${" in value:
        return {"Fn::Sub": value}
    if isinstance(value, list):
        return [_substituted(item) for item in value]
    if isinstance(value, dict):
        return {key: _substituted(item) for key, item in value.items()}
    return value


def reviews_role_template(*, apply: bool = False, role_name: str = DEFAULT_ROLE_NAME) -> dict[str, Any]:
    """The template: parameters ``TrustedAccountId`` and ``RoleName``, one role, its ARN as output."""
    policy = build_reviews_policy(apply=apply, where=(Where.MEMBER,), partition="${AWS::Partition}",
                                  account="${AWS::AccountId}")
    trust = {"Version": policy["Version"], "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"AWS": "arn:${AWS::Partition}:iam::${TrustedAccountId}:root"}}]}
    what = "reviews and upgrade-reviews --apply" if apply else "reviews and upgrade-reviews (dry run)"
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"walens: the role that walens {what} assumes in this account",
        "Parameters": {
            "TrustedAccountId": {
                "Type": "String", "AllowedPattern": r"^\d{12}$",
                "Description": "The management or CI account whose principals run walens (it may assume the role)"},
            "RoleName": {
                "Type": "String", "Default": role_name, "AllowedPattern": r"^[\w+=,.@-]{1,64}$",
                "Description": "The role name, as reviews.roleName in walens.yaml"},
        },
        "Resources": {
            "ReviewsRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": {"Ref": "RoleName"},
                    "Description": f"walens {what}",
                    "AssumeRolePolicyDocument": _substituted(trust),
                    "Policies": [{"PolicyName": "walens-reviews", "PolicyDocument": _substituted(policy)}],
                },
            },
        },
        "Outputs": {"RoleArn": {"Description": "The reviews role of this account",
                                "Value": {"Fn::GetAtt": ["ReviewsRole", "Arn"]}}},
    }
