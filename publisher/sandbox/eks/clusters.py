"""The cluster fields moto lacks: accessConfig, upgradePolicy and EKS Auto Mode (computeConfig,
storageConfig, kubernetesNetworkConfig.elasticLoadBalancing), on CreateCluster, DescribeCluster and
UpdateClusterConfig.  Rules cite https://docs.aws.amazon.com/eks/latest/APIReference/API_<Operation>.html.
"""

from __future__ import annotations

from typing import Any

from moto.eks.exceptions import InvalidParameterException, InvalidRequestException
from moto.eks.models import Cluster

from ..control import CONTROLS
from .state import ClusterState
from .versions import find_version

# "authenticationMode: ... If you create a cluster by using the EKS API, AWS SDKs, or AWS
# CloudFormation, the default is CONFIG_MAP" (API_CreateAccessConfigRequest).
DEFAULT_ACCESS = {"authenticationMode": "CONFIG_MAP", "bootstrapClusterCreatorAdminPermissions": True}
# "By default, for all new and existing clusters, the upgrade policy is set to EXTENDED"
# (user guide, kubernetes-versions.html, extended support FAQ).
DEFAULT_UPGRADE_POLICY = {"supportType": "EXTENDED"}
# The authentication mode only moves towards API: CONFIG_MAP -> API_AND_CONFIG_MAP -> API (user
# guide, setting-up-access-entries: a cluster can't go back to an earlier mode).
MODE_ORDER = ("CONFIG_MAP", "API_AND_CONFIG_MAP", "API")
NODE_POOLS = ("general-purpose", "system")


def new_state(request: dict[str, Any]) -> ClusterState:
    """The state of a new cluster from its CreateCluster request (Auto Mode checked)."""
    compute, storage = request.get("computeConfig"), request.get("storageConfig")
    balancing = (request.get("kubernetesNetworkConfig") or {}).get("elasticLoadBalancing")
    _check_auto_mode(compute, storage, balancing)
    return ClusterState(access_config={**DEFAULT_ACCESS, **(request.get("accessConfig") or {})},
                        upgrade_policy={**DEFAULT_UPGRADE_POLICY, **(request.get("upgradePolicy") or {})},
                        compute_config=compute, storage_config=storage)


def _enabled(part: dict[str, Any] | None) -> bool:
    return bool(part and part.get("enabled"))


def _check_auto_mode(compute: dict[str, Any] | None, storage: dict[str, Any] | None,
                     balancing: dict[str, Any] | None) -> None:
    """EKS Auto Mode is all or nothing, and its built-in node pools need a node role.

    Its three capabilities (computeConfig, storageConfig.blockStorage and
    kubernetesNetworkConfig.elasticLoadBalancing) are enabled or disabled together (API_CreateCluster,
    API_UpdateClusterConfig; user guide "Enable EKS Auto Mode on an existing cluster"); the built-in
    ``nodePools`` are ``general-purpose`` and ``system`` and run under ``nodeRoleArn``
    (API_ComputeConfigRequest).
    """
    if compute is None and storage is None and balancing is None:
        return
    flags = {_enabled(compute), _enabled((storage or {}).get("blockStorage")), _enabled(balancing)}
    if len(flags) > 1:
        raise InvalidParameterException(
            "For EKS Auto Mode, computeConfig, kubernetesNetworkConfig.elasticLoadBalancing and "
            "storageConfig.blockStorage must all be enabled or all be disabled")
    pools = (compute or {}).get("nodePools") or []
    unknown = [pool for pool in pools if pool not in NODE_POOLS]
    if unknown:
        raise InvalidParameterException(f"computeConfig.nodePools: unknown node pool(s) {', '.join(unknown)}; "
                                        f"use {' or '.join(NODE_POOLS)}")
    if pools and not (compute or {}).get("nodeRoleArn"):
        raise InvalidParameterException("computeConfig.nodeRoleArn is required when computeConfig.nodePools is set")


def apply_update(cluster: Cluster, state: ClusterState, request: dict[str, Any]) -> tuple[str, list[tuple[str, Any]]]:
    """Apply the accessConfig, upgradePolicy and Auto Mode parts of an UpdateClusterConfig request.

    Returns the ``Update`` type and params; ``("", [])`` when the request has none of these parts.
    """
    access, policy = request.get("accessConfig"), request.get("upgradePolicy")
    compute, storage = request.get("computeConfig"), request.get("storageConfig")
    balancing = (request.get("kubernetesNetworkConfig") or {}).get("elasticLoadBalancing")
    if access and access.get("authenticationMode"):
        mode, current = access["authenticationMode"], state.access_config["authenticationMode"]
        if MODE_ORDER.index(mode) < MODE_ORDER.index(current):
            raise InvalidRequestException(f"Unsupported authentication mode update from {current} to {mode}",
                                          clusterName=cluster.name)
        state.access_config["authenticationMode"] = mode
        return "AccessConfigUpdate", [("AuthenticationMode", mode)]
    if policy and policy.get("supportType"):
        entry = find_version(cluster.version, CONTROLS.now())
        # "You cannot disable extended support once your cluster has entered it" (user guide,
        # disable-extended-support.html).
        if policy["supportType"] == "STANDARD" and entry and entry.status(CONTROLS.now()) == "EXTENDED_SUPPORT":
            raise InvalidRequestException(
                f"Cluster {cluster.name} runs {cluster.version}, which is in extended support: the upgrade policy "
                "can't be set to STANDARD", clusterName=cluster.name)
        state.upgrade_policy = {"supportType": policy["supportType"]}
        return "UpgradePolicyUpdate", [("UpgradePolicy", policy["supportType"])]
    if compute is not None or storage is not None or balancing is not None:
        _check_auto_mode(compute, storage, balancing)
        state.compute_config, state.storage_config = compute, storage
        # moto types the network configuration as dict[str, str]; EKS nests elasticLoadBalancing in it.
        cluster.kubernetes_network_config = {**cluster.kubernetes_network_config,
                                             "elasticLoadBalancing": balancing}  # type: ignore[dict-item]
        return "AutoModeUpdate", [("ComputeConfig", compute), ("StorageConfig", storage),
                                  ("KubernetesNetworkConfig", {"elasticLoadBalancing": balancing})]
    return "", []
