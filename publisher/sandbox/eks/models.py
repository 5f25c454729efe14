"""The EKS backend: moto's ``EKSBackend`` plus the operations and cluster fields moto lacks.

Registration (``publisher.sandbox.eks.install``) makes moto's ``eks`` service use
``eks_backends`` below, so one backend serves moto's operations (clusters, node groups, Fargate
profiles, tags) and ours (add-ons, access entries, Pod Identity, insights, cluster versions).
"""

from __future__ import annotations

from typing import Any

from moto.core.base_backend import BackendDict
from moto.eks.models import EKSBackend
from moto.utilities.paginator import paginate

from .access import AccessOperations
from .addons import AddonOperations
from .clusters import apply_update, new_state
from .insights import InsightOperations
from .state import ClusterState, ClusterView
from .updates import successful_update
from .utils import PAGINATION_MODEL
from .versions import creatable_version, describe_versions

MOTO_UPDATES = (("logging", "LoggingUpdate", "ClusterLogging"),
                ("resourcesVpcConfig", "EndpointAccessUpdate", "PublicAccessCidrs"))


class WalensEKSBackend(AddonOperations, AccessOperations, InsightOperations, EKSBackend):
    """EKS clusters of one account in one Region, with everything in them."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.states: dict[str, ClusterState] = {}

    def create_walens_cluster(self, request: dict[str, Any], creator_arn: str) -> ClusterView:
        """CreateCluster with the fields moto lacks; ``creator_arn`` gets the bootstrap admin entry."""
        state = new_state(request)
        cluster = self.create_cluster(
            name=request["name"], role_arn=request["roleArn"], resources_vpc_config=request["resourcesVpcConfig"],
            version=creatable_version(request.get("version")),
            kubernetes_network_config=request.get("kubernetesNetworkConfig"), logging=request.get("logging"),
            client_request_token=request.get("clientRequestToken"), tags=request.get("tags"),
            encryption_config=request.get("encryptionConfig"), remote_network_config=request.get("remoteNetworkConfig"))
        self.states[cluster.name] = state
        if state.access_config["authenticationMode"] != "CONFIG_MAP" and \
                state.access_config["bootstrapClusterCreatorAdminPermissions"]:
            self.bootstrap_admin(cluster.name, creator_arn)
        return ClusterView(cluster, state)

    def describe_walens_cluster(self, name: str) -> ClusterView:
        return ClusterView(*self.cluster_and_state(name))

    def delete_walens_cluster(self, name: str) -> ClusterView:
        """DeleteCluster; the cluster's add-ons, access entries, associations and insights go with it."""
        view = self.describe_walens_cluster(name)
        self.delete_cluster(name)
        del self.states[name]
        return view

    def update_walens_cluster(self, name: str, request: dict[str, Any]) -> dict[str, Any]:
        """UpdateClusterConfig: our fields here, logging and VPC configuration by moto; an ``Update``."""
        cluster, state = self.cluster_and_state(name)
        update_type, params = apply_update(cluster, state, request)
        if not update_type:
            self.update_cluster_config(name=name, resources_vpc_config=request.get("resourcesVpcConfig") or {},
                                       logging=request.get("logging"))
            for key, kind, param in MOTO_UPDATES:
                if request.get(key) is not None:
                    return successful_update(kind, [(param, request[key])])
        return successful_update(update_type or "ConfigUpdate", params)

    @paginate(pagination_model=PAGINATION_MODEL)
    def describe_cluster_versions(self, cluster_type: str | None, default_only: bool, include_all: bool,
                                  versions: list[str] | None, status: str | None) -> list[dict[str, Any]]:
        return describe_versions(cluster_type, default_only, include_all, versions, status)


eks_backends = BackendDict(WalensEKSBackend, "eks")
