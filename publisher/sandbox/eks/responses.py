"""HTTP handlers of the EKS emulation: moto's ``EKSResponse`` plus the operations moto lacks.

Every request is validated against its operation's input shape in botocore's model, with the
model-driven validation of the ``wellarchitected`` emulation (``publisher.sandbox.validation``);
EKS answers a bad request with ``InvalidParameterException`` (HTTP 400).  Operations of the model
that neither moto nor this package serves answer ``NotImplementedException`` (501) naming them.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import InvalidToken
from moto.core.request import Request
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import camelcase_to_underscores, get_service_model, method_names_from_class
from moto.eks.exceptions import InvalidParameterException
from moto.eks.responses import EKSResponse
from moto.sts.models import sts_backends

from ..exceptions import ValidationException
from ..responses import WellArchitectedResponse
from ..validation import parse_json_body, validate_request
from .models import WalensEKSBackend, eks_backends


class WalensEKSResponse(EKSResponse):
    """Handler for ``eks`` requests."""

    def __init__(self) -> None:
        super().__init__()
        self.automated_parameter_parsing = True
        self.input_error: InvalidParameterException | None = None

    @property
    def eks_backend(self) -> WalensEKSBackend:  # type: ignore[override]
        return eks_backends[self.current_account][self.region]

    # -- our layer around moto's dispatch ---------------------------------------------------------
    def parse_parameters(self, request: Request) -> None:
        """Validate the request against the model, then let moto parse it; a bad request is kept for
        ``call_action`` to answer (moto parses before the account is known)."""
        self.params = {}
        model = get_service_model("eks").operation_model(self._get_action())
        try:
            validate_request(model, parse_json_body(request.data),
                             self._located_values(model, request))  # type: ignore[misc]
            super().parse_parameters(request)
        except ValidationException as error:
            self.input_error = InvalidParameterException(error.message)
        except (ValueError, TypeError, KeyError) as error:  # moto's parser on input the model forbids
            self.input_error = InvalidParameterException(f"Could not parse the request: {error}")

    # The URI, query string and header members as sent: the wellarchitected handler's reader, which
    # needs nothing but ``uri_match`` and the request.
    _located_values = WellArchitectedResponse._located_values

    def call_action(self) -> TYPE_RESPONSE:
        operation = self._get_action()
        if operation and camelcase_to_underscores(operation) not in method_names_from_class(self.__class__):
            body = json.dumps({"__type": "NotImplementedException",
                               "message": f"The eks operation {operation} is not emulated by the walens sandbox."})
            return 501, {**self.response_headers, "Content-Type": "application/json", "status": "501",
                         "x-amzn-ErrorType": "NotImplementedException"}, body
        if self.input_error is not None:
            return self.serialized(ActionResult(self.input_error))
        return super().call_action()

    def _request(self, *names: str) -> dict[str, Any]:
        """The named members of the request that were sent."""
        return {name: self._get_param(name) for name in names if self._get_param(name) is not None}

    def _page(self, method: Any, key: str, **filters: Any) -> dict[str, Any]:
        """One page of a ``@paginate`` backend method as ``{key: items, "nextToken": token}``."""
        try:
            items, token = method(**filters, next_token=self._get_param("nextToken"),
                                  max_results=self._get_param("maxResults"))
        except InvalidToken as error:
            raise InvalidParameterException(f"Invalid nextToken: {error}") from error
        return {key: items, "nextToken": token}

    def _creator_arn(self) -> str:
        """The IAM principal behind the caller's credentials (an assumed role as its role ARN)."""
        _, arn, account = sts_backends[self.current_account][self.partition].get_caller_identity(
            self.get_access_key(), self.region)
        partition, resource = arn.split(":")[1], arn.split(":", 5)[5]
        kind, _, rest = resource.partition("/")
        if kind == "assumed-role":
            return f"arn:{partition}:iam::{account}:role/{rest.split('/')[0]}"
        return f"arn:{partition}:iam::{account}:user/{rest.rsplit('/', 1)[-1]}"

    # -- clusters (moto's, with the fields it lacks) -----------------------------------------------
    def create_cluster(self) -> ActionResult:
        request = self._request(*get_service_model("eks").operation_model("CreateCluster").input_shape.members)
        return ActionResult({"cluster": self.eks_backend.create_walens_cluster(request, self._creator_arn())})

    def describe_cluster(self) -> ActionResult:
        return ActionResult({"cluster": self.eks_backend.describe_walens_cluster(self._get_param("name"))})

    def delete_cluster(self) -> ActionResult:
        return ActionResult({"cluster": self.eks_backend.delete_walens_cluster(self._get_param("name"))})

    def update_cluster_config(self) -> ActionResult:
        request = self._request("resourcesVpcConfig", "logging", "accessConfig", "upgradePolicy", "computeConfig",
                                "storageConfig", "kubernetesNetworkConfig")
        return ActionResult({"update": self.eks_backend.update_walens_cluster(self._get_param("name"), request)})

    def describe_cluster_versions(self) -> ActionResult:
        return ActionResult(self._page(
            self.eks_backend.describe_cluster_versions, "clusterVersions",
            cluster_type=self._get_param("clusterType"), default_only=bool(self._get_param("defaultOnly")),
            include_all=bool(self._get_param("includeAll")), versions=self._get_param("clusterVersions"),
            status=self._get_param("versionStatus") or (self._get_param("status") or "").upper().replace("-", "_")
            or None))

    # -- add-ons ----------------------------------------------------------------------------------
    def create_addon(self) -> ActionResult:
        request = self._request("addonName", "addonVersion", "serviceAccountRoleArn", "tags", "configurationValues",
                                "podIdentityAssociations", "namespaceConfig")
        return ActionResult({"addon": self.eks_backend.create_addon(self._get_param("name"), request)})

    def describe_addon(self) -> ActionResult:
        return ActionResult({"addon": self.eks_backend.describe_addon(self._get_param("name"),
                                                                      self._get_param("addonName"))})

    def list_addons(self) -> ActionResult:
        return ActionResult(self._page(self.eks_backend.list_addons, "addons", cluster_name=self._get_param("name")))

    def update_addon(self) -> ActionResult:
        request = self._request("addonVersion", "serviceAccountRoleArn", "resolveConflicts", "configurationValues")
        return ActionResult({"update": self.eks_backend.update_addon(self._get_param("name"),
                                                                     self._get_param("addonName"), request)})

    def delete_addon(self) -> ActionResult:
        return ActionResult({"addon": self.eks_backend.delete_addon(self._get_param("name"),
                                                                    self._get_param("addonName"))})

    def describe_addon_versions(self) -> ActionResult:
        return ActionResult(self._page(
            self.eks_backend.describe_addon_versions, "addons", kubernetes_version=self._get_param("kubernetesVersion"),
            addon_name=self._get_param("addonName"), types=self._get_param("types"),
            publishers=self._get_param("publishers"), owners=self._get_param("owners")))

    # -- access entries and policies ----------------------------------------------------------------
    def create_access_entry(self) -> ActionResult:
        request = self._request("principalArn", "kubernetesGroups", "tags", "username", "type")
        return ActionResult({"accessEntry": self.eks_backend.create_access_entry(self._get_param("name"), request)})

    def describe_access_entry(self) -> ActionResult:
        return ActionResult({"accessEntry": self.eks_backend.describe_access_entry(
            self._get_param("name"), self._get_param("principalArn"))})

    def list_access_entries(self) -> ActionResult:
        return ActionResult(self._page(self.eks_backend.list_access_entries, "accessEntries",
                                       cluster_name=self._get_param("name"),
                                       associated_policy_arn=self._get_param("associatedPolicyArn")))

    def update_access_entry(self) -> ActionResult:
        return ActionResult({"accessEntry": self.eks_backend.update_access_entry(
            self._get_param("name"), self._get_param("principalArn"), self._request("kubernetesGroups", "username"))})

    def delete_access_entry(self) -> ActionResult:
        self.eks_backend.delete_access_entry(self._get_param("name"), self._get_param("principalArn"))
        return EmptyResult()

    def associate_access_policy(self) -> ActionResult:
        cluster, principal = self._get_param("name"), self._get_param("principalArn")
        association = self.eks_backend.associate_access_policy(cluster, principal, self._get_param("policyArn"),
                                                               self._get_param("accessScope"))
        return ActionResult({"clusterName": cluster, "principalArn": principal, "associatedAccessPolicy": association})

    def disassociate_access_policy(self) -> ActionResult:
        self.eks_backend.disassociate_access_policy(self._get_param("name"), self._get_param("principalArn"),
                                                    self._get_param("policyArn"))
        return EmptyResult()

    def list_associated_access_policies(self) -> ActionResult:
        cluster, principal = self._get_param("name"), self._get_param("principalArn")
        page = self._page(self.eks_backend.list_associated_access_policies, "associatedAccessPolicies",
                          cluster_name=cluster, principal_arn=principal)
        return ActionResult({"clusterName": cluster, "principalArn": principal, **page})

    def list_access_policies(self) -> ActionResult:
        return ActionResult(self._page(self.eks_backend.list_access_policies, "accessPolicies"))

    # -- Pod Identity -------------------------------------------------------------------------------
    def create_pod_identity_association(self) -> ActionResult:
        request = self._request("namespace", "serviceAccount", "roleArn", "tags", "disableSessionTags",
                                "targetRoleArn", "policy")
        return ActionResult({"association": self.eks_backend.create_pod_identity_association(
            self._get_param("name"), request)})

    def describe_pod_identity_association(self) -> ActionResult:
        return ActionResult({"association": self.eks_backend.describe_pod_identity_association(
            self._get_param("name"), self._get_param("associationId"))})

    def list_pod_identity_associations(self) -> ActionResult:
        return ActionResult(self._page(
            self.eks_backend.list_pod_identity_associations, "associations", cluster_name=self._get_param("name"),
            namespace=self._get_param("namespace"), service_account=self._get_param("serviceAccount")))

    def update_pod_identity_association(self) -> ActionResult:
        request = self._request("roleArn", "disableSessionTags", "targetRoleArn", "policy")
        return ActionResult({"association": self.eks_backend.update_pod_identity_association(
            self._get_param("name"), self._get_param("associationId"), request)})

    def delete_pod_identity_association(self) -> ActionResult:
        return ActionResult({"association": self.eks_backend.delete_pod_identity_association(
            self._get_param("name"), self._get_param("associationId"))})

    # -- insights -----------------------------------------------------------------------------------
    def list_insights(self) -> ActionResult:
        return ActionResult(self._page(self.eks_backend.list_insights, "insights",
                                       cluster_name=self._get_param("name"), filter_by=self._get_param("filter")))

    def describe_insight(self) -> ActionResult:
        return ActionResult({"insight": self.eks_backend.describe_insight(self._get_param("name"),
                                                                          self._get_param("id"))})
