"""EKS access entries and access policies: Create, Describe, List, Update and DeleteAccessEntry,
Associate and DisassociateAccessPolicy, ListAssociatedAccessPolicies, ListAccessPolicies.

Rules follow the API reference (https://docs.aws.amazon.com/eks/latest/APIReference/API_<Operation>.html).
"""

from __future__ import annotations

from typing import Any

from moto.eks.exceptions import (
    InvalidParameterException,
    InvalidRequestException,
    ResourceInUseException,
    ResourceNotFoundException,
)
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from ..control import CONTROLS
from .arns import require_principal
from .catalogue import CLUSTER_ADMIN_POLICY, access_policies, access_policy_arn
from .state import AccessEntry, ClusterState, ClusterStates
from .utils import PAGINATION_MODEL

ENTRY_TYPES = ("STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
# "If you set the value to EC2_LINUX or EC2_WINDOWS, you can't specify values for kubernetesGroups,
# or associate an AccessPolicy to the access entry." (API_CreateAccessEntry, type)
NODE_TYPES = ("EC2_LINUX", "EC2_WINDOWS")
# A username "can't start with system:, eks:, aws:, amazon:, or iam:" (API_CreateAccessEntry, username).
RESERVED_PREFIXES = ("system:", "eks:", "aws:", "amazon:", "iam:")


class AccessOperations(ClusterStates):
    def _entries(self, cluster_name: str) -> ClusterState:
        """The cluster's state, if its authentication mode allows access entries.

        Access entries need the ``API`` or ``API_AND_CONFIG_MAP`` authentication mode (``CONFIG_MAP``
        reads the ``aws-auth`` ConfigMap only; API_AccessConfigResponse, user guide "Grant IAM users
        access to Kubernetes with EKS access entries"); otherwise InvalidRequestException.
        """
        _, state = self.cluster_and_state(cluster_name)
        if state.access_config["authenticationMode"] == "CONFIG_MAP":
            raise InvalidRequestException(
                f"The cluster {cluster_name} authentication mode is CONFIG_MAP; set it to API or "
                "API_AND_CONFIG_MAP to use access entries", clusterName=cluster_name)
        return state

    def _entry(self, cluster_name: str, principal_arn: str) -> AccessEntry:
        entry = self._entries(cluster_name).access_entries.get(principal_arn)
        if entry is None:
            raise ResourceNotFoundException(
                f"The specified principalArn {principal_arn} could not be found.", clusterName=cluster_name)
        return entry

    def create_access_entry(self, cluster_name: str, request: dict[str, Any]) -> dict[str, Any]:
        state = self._entries(cluster_name)
        principal = require_principal(request["principalArn"])
        if principal in state.access_entries:
            raise ResourceInUseException(
                f"The specified access entry resource is already in use on this cluster: {principal}",
                clusterName=cluster_name)
        entry_type = request.get("type") or "STANDARD"
        if entry_type not in ENTRY_TYPES:
            raise InvalidParameterException(f"type must be one of {', '.join(ENTRY_TYPES)}", clusterName=cluster_name)
        groups = request.get("kubernetesGroups") or []
        if entry_type in NODE_TYPES and (groups or request.get("username")):
            raise InvalidParameterException(
                f"kubernetesGroups and username can't be set on an access entry of type {entry_type}",
                clusterName=cluster_name)
        username = _checked_username(request.get("username"), cluster_name) or _default_username(principal, entry_type)
        now = CONTROLS.now()
        kind, _, path = principal.split(":", 5)[5].partition("/")
        fields = {
            "clusterName": cluster_name, "principalArn": principal, "kubernetesGroups": groups,
            "accessEntryArn": self.arn_in("access-entry", cluster_name, kind, principal.split(":")[4], path,
                                          str(mock_random.uuid4())),
            "createdAt": now, "modifiedAt": now, "tags": request.get("tags") or {}, "username": username,
            "type": entry_type,
        }
        state.access_entries[principal] = AccessEntry(fields)
        return fields

    def describe_access_entry(self, cluster_name: str, principal_arn: str) -> dict[str, Any]:
        return self._entry(cluster_name, principal_arn).fields

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_access_entries(self, cluster_name: str, associated_policy_arn: str | None) -> list[str]:
        """Principal ARNs, only those with ``associatedPolicyArn`` when it is given."""
        state = self._entries(cluster_name)
        return sorted(principal for principal, entry in state.access_entries.items()
                      if associated_policy_arn in (None, *entry.policies))

    def update_access_entry(self, cluster_name: str, principal_arn: str, request: dict[str, Any]) -> dict[str, Any]:
        entry = self._entry(cluster_name, principal_arn)
        if entry.fields["type"] in NODE_TYPES and (request.get("kubernetesGroups") or request.get("username")):
            raise InvalidParameterException(
                f"kubernetesGroups and username can't be set on an access entry of type {entry.fields['type']}",
                clusterName=cluster_name)
        if request.get("kubernetesGroups") is not None:
            entry.fields["kubernetesGroups"] = request["kubernetesGroups"]
        if request.get("username") is not None:
            entry.fields["username"] = _checked_username(request["username"], cluster_name)
        entry.fields["modifiedAt"] = CONTROLS.now()
        return entry.fields

    def delete_access_entry(self, cluster_name: str, principal_arn: str) -> None:
        """Remove the entry and its policy associations."""
        self._entry(cluster_name, principal_arn)
        del self._entries(cluster_name).access_entries[principal_arn]

    def associate_access_policy(self, cluster_name: str, principal_arn: str, policy_arn: str,
                                scope: dict[str, Any]) -> dict[str, Any]:
        """Associate (or re-scope) ``policy_arn``: one association per policy and entry."""
        entry = self._entry(cluster_name, principal_arn)
        if policy_arn not in {policy["arn"] for policy in access_policies(self.partition)}:
            raise InvalidParameterException(f"The specified access policy {policy_arn} does not exist; "
                                            "see ListAccessPolicies", clusterName=cluster_name)
        if entry.fields["type"] in NODE_TYPES:
            raise InvalidParameterException(
                f"An access policy can't be associated with an access entry of type {entry.fields['type']}",
                clusterName=cluster_name)
        # "namespaces: ... A value is required if you specified namespace for Type." (API_AccessScope)
        if scope.get("type") == "namespace" and not scope.get("namespaces"):
            raise InvalidParameterException("accessScope.namespaces is required when accessScope.type is namespace",
                                            clusterName=cluster_name)
        now = CONTROLS.now()
        previous = entry.policies.get(policy_arn)
        association = {"policyArn": policy_arn, "accessScope": {"type": scope.get("type"),
                                                                 "namespaces": scope.get("namespaces") or []},
                       "associatedAt": previous["associatedAt"] if previous else now, "modifiedAt": now}
        entry.policies[policy_arn] = association
        return association

    def disassociate_access_policy(self, cluster_name: str, principal_arn: str, policy_arn: str) -> None:
        entry = self._entry(cluster_name, principal_arn)
        if entry.policies.pop(policy_arn, None) is None:
            raise ResourceNotFoundException(
                f"The access policy {policy_arn} is not associated with {principal_arn}.", clusterName=cluster_name)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_associated_access_policies(self, cluster_name: str, principal_arn: str) -> list[dict[str, Any]]:
        entry = self._entry(cluster_name, principal_arn)
        return [entry.policies[arn] for arn in sorted(entry.policies)]

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_access_policies(self) -> list[dict[str, str]]:
        return access_policies(self.partition)

    def bootstrap_admin(self, cluster_name: str, creator_arn: str) -> None:
        """The cluster creator's admin entry: "Specifies whether or not the cluster creator IAM
        principal was set as a cluster admin access entry during cluster creation time"
        (API_CreateAccessConfigRequest, bootstrapClusterCreatorAdminPermissions), with
        AmazonEKSClusterAdminPolicy on the whole cluster."""
        self.create_access_entry(cluster_name, {"principalArn": creator_arn})
        self.associate_access_policy(cluster_name, creator_arn, access_policy_arn(CLUSTER_ADMIN_POLICY, self.partition),
                                     {"type": "cluster"})


def _checked_username(username: str | None, cluster_name: str) -> str | None:
    if username is not None and username.startswith(RESERVED_PREFIXES):
        raise InvalidParameterException(
            f"username {username} can't start with {', '.join(RESERVED_PREFIXES)}", clusterName=cluster_name)
    return username


def _default_username(principal: str, entry_type: str) -> str:
    """The username EKS derives when none is given (access-entries user guide, "Kubernetes username")."""
    if entry_type in NODE_TYPES:
        return "system:node:{{EC2PrivateDNSName}}"
    account, resource = principal.split(":")[4], principal.split(":", 5)[5]
    if resource.startswith("role/"):
        return f"arn:aws:sts::{account}:assumed-role/{resource.rsplit('/', 1)[-1]}/{{{{SessionName}}}}"
    return principal
