"""What the emulation keeps per EKS cluster beyond moto's ``Cluster``, and the view that serializes both.

moto's ``Cluster`` holds the fields moto knows; ``ClusterState`` holds the rest (access, upgrade
policy and Auto Mode configuration, add-ons, access entries, Pod Identity associations, insights).
The backend keeps one ``ClusterState`` per cluster name and drops it with the cluster, so deleting a
cluster deletes everything in it, as EKS does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moto.eks.exceptions import ResourceNotFoundException
from moto.eks.models import Cluster


@dataclass
class AccessEntry:
    """An access entry and the access policies associated with it (by policy ARN)."""

    fields: dict[str, Any]
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ClusterState:
    access_config: dict[str, Any]
    upgrade_policy: dict[str, Any]
    compute_config: dict[str, Any] | None
    storage_config: dict[str, Any] | None
    addons: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_entries: dict[str, AccessEntry] = field(default_factory=dict)
    pod_identities: dict[str, dict[str, Any]] = field(default_factory=dict)
    insights: dict[str, dict[str, Any]] = field(default_factory=dict)


class ClusterView:
    """A moto ``Cluster`` plus its ``ClusterState``, as moto's serializer reads it (by attribute)."""

    def __init__(self, cluster: Cluster, state: ClusterState) -> None:
        self.cluster = cluster
        self.access_config = state.access_config
        self.upgrade_policy = state.upgrade_policy
        self.compute_config = state.compute_config
        self.storage_config = state.storage_config

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cluster, name)


class ClusterStates:
    """Mixin base: the per-cluster state of one account and Region, and the lookup every operation uses."""

    account_id: str
    region_name: str
    partition: str
    clusters: dict[str, Cluster]
    states: dict[str, ClusterState]

    def cluster_and_state(self, name: str) -> tuple[Cluster, ClusterState]:
        """The cluster ``name``; a missing one is ``ResourceNotFoundException`` (404)."""
        cluster = self.clusters.get(name)
        if cluster is None:
            raise ResourceNotFoundException(f"No cluster found for name: {name}.", clusterName=name)
        return cluster, self.states[name]

    def arn_in(self, kind: str, cluster: str, *parts: str) -> str:
        """``arn:<partition>:eks:<region>:<account>:<kind>/<cluster>/<parts...>``."""
        return "/".join((f"arn:{self.partition}:eks:{self.region_name}:{self.account_id}:{kind}", cluster, *parts))
