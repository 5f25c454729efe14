"""EKS Pod Identity associations: Create, Describe, List, Update and DeletePodIdentityAssociation.

Rules follow the API reference (https://docs.aws.amazon.com/eks/latest/APIReference/API_<Operation>.html).
"""

from __future__ import annotations

from typing import Any

from moto.eks.exceptions import ResourceInUseException, ResourceNotFoundException
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from ..control import CONTROLS
from .arns import require_role
from .state import ClusterStates
from .utils import PAGINATION_MODEL

SUMMARY_KEYS = ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId", "ownerArn")
UPDATABLE = ("roleArn", "disableSessionTags", "targetRoleArn", "policy")


class PodIdentityOperations(ClusterStates):
    def create_pod_identity_association(self, cluster_name: str, request: dict[str, Any],
                                        owner_arn: str | None = None) -> dict[str, Any]:
        """A new association; ``owner_arn`` is the add-on that creates it, if one does."""
        _, state = self.cluster_and_state(cluster_name)
        namespace, account = request["namespace"], request["serviceAccount"]
        require_role(request["roleArn"], "roleArn")
        if request.get("targetRoleArn") is not None:
            require_role(request["targetRoleArn"], "targetRoleArn")
        # One association per service account and namespace: a second one is ResourceInUseException
        # (409, "The specified resource is in use", API_CreatePodIdentityAssociation, Errors).
        if any(found["namespace"] == namespace and found["serviceAccount"] == account
               for found in state.pod_identities.values()):
            raise ResourceInUseException(
                f"Association already exists for service account {account} in namespace {namespace}",
                clusterName=cluster_name)
        association_id = "a-" + mock_random.get_random_string(17, lower_case=True)
        now = CONTROLS.now()
        association = {
            "clusterName": cluster_name, "namespace": namespace, "serviceAccount": account,
            "roleArn": request["roleArn"], "associationId": association_id,
            "associationArn": self.arn_in("podidentityassociation", cluster_name, association_id),
            "tags": request.get("tags") or {}, "createdAt": now, "modifiedAt": now, "ownerArn": owner_arn,
            "disableSessionTags": bool(request.get("disableSessionTags")),
            "targetRoleArn": request.get("targetRoleArn"), "policy": request.get("policy"),
        }
        state.pod_identities[association_id] = association
        return association

    def _association(self, cluster_name: str, association_id: str) -> dict[str, Any]:
        _, state = self.cluster_and_state(cluster_name)
        association = state.pod_identities.get(association_id)
        if association is None:
            raise ResourceNotFoundException(f"No association found for id: {association_id}.",
                                            clusterName=cluster_name)
        return association

    def describe_pod_identity_association(self, cluster_name: str, association_id: str) -> dict[str, Any]:
        return self._association(cluster_name, association_id)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_pod_identity_associations(self, cluster_name: str, namespace: str | None,
                                       service_account: str | None) -> list[dict[str, Any]]:
        """Summaries, filtered by ``namespace`` and ``serviceAccount`` as API_ListPodIdentityAssociations says."""
        _, state = self.cluster_and_state(cluster_name)
        return [{key: found[key] for key in SUMMARY_KEYS} for found in
                sorted(state.pod_identities.values(), key=lambda item: item["associationId"])
                if namespace in (None, found["namespace"]) and service_account in (None, found["serviceAccount"])]

    def update_pod_identity_association(self, cluster_name: str, association_id: str,
                                        request: dict[str, Any]) -> dict[str, Any]:
        association = self._association(cluster_name, association_id)
        for key in ("roleArn", "targetRoleArn"):
            if request.get(key) is not None:
                require_role(request[key], key)
        association.update({key: request[key] for key in UPDATABLE if request.get(key) is not None})
        association["modifiedAt"] = CONTROLS.now()
        return association

    def delete_pod_identity_association(self, cluster_name: str, association_id: str) -> dict[str, Any]:
        self._association(cluster_name, association_id)
        _, state = self.cluster_and_state(cluster_name)
        return state.pod_identities.pop(association_id)
