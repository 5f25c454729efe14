"""EKS cluster insights: ListInsights and DescribeInsight, computed from the cluster's state.

AWS computes insights by itself (https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html);
so does the emulation, for the upgrade-readiness checks it can judge from its own state:

- "Kubelet version skew": node groups behind the control plane (WARNING), or so far behind that
  the next upgrade leaves the three-minor-version skew the Kubernetes version skew policy allows
  (ERROR);
- "Amazon EKS add-on version compatibility": add-ons whose version has no build for the next
  Kubernetes version (ERROR);
- "Cluster health issues" and "Deprecated APIs removed in Kubernetes v<next>": PASSING (the
  sandbox has no health problems and no audit log).

``seed_insight`` adds or replaces an insight in process (e.g. a failing deprecated-API check).
"""

from __future__ import annotations

import uuid
from typing import Any

from moto.eks.exceptions import ResourceNotFoundException
from moto.eks.models import Cluster
from moto.utilities.paginator import paginate

from ..control import CONTROLS
from .catalogue import ADDONS
from .state import ClusterState, ClusterStates
from .utils import PAGINATION_MODEL
from .versions import minor_of, next_version

SUMMARY_KEYS = ("id", "name", "category", "kubernetesVersion", "lastRefreshTime", "lastTransitionTime",
                "description", "insightStatus")
MAX_KUBELET_SKEW = 3  # https://kubernetes.io/releases/version-skew-policy/#kubelet


def _matches(wanted: list[str] | None, value: str) -> bool:
    """An absent or empty filter list matches everything."""
    return not wanted or value in wanted


class InsightOperations(ClusterStates):
    def seed_insight(self, cluster_name: str, name: str, status: str, reason: str,
                     category: str = "UPGRADE_READINESS") -> dict[str, Any]:
        """Add or replace (by ``name``) an insight of ``cluster_name``, as AWS would report it."""
        cluster, state = self.cluster_and_state(cluster_name)
        state.insights[name] = self._insight(cluster, name, category, status, reason)
        return state.insights[name]

    def _insight(self, cluster: Cluster, name: str, category: str, status: str, reason: str,
                 resources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        now = CONTROLS.now()
        return {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{cluster.arn}/{name}")), "name": name, "category": category,
            "kubernetesVersion": next_version(cluster.version, now) or cluster.version, "lastRefreshTime": now,
            "lastTransitionTime": cluster.created_at, "description": f"Checks {name.lower()}.",
            "insightStatus": {"status": status, "reason": reason}, "recommendation": "",
            "additionalInfo": {}, "resources": resources or [],
        }

    def _computed(self, cluster: Cluster, state: ClusterState) -> list[dict[str, Any]]:
        target = next_version(cluster.version, CONTROLS.now())
        behind = [(group, minor_of(cluster.version) - minor_of(group.version)) for group in cluster.nodegroups.values()
                  if minor_of(group.version) < minor_of(cluster.version)]
        too_far = [group for group, gap in behind if gap + 1 > MAX_KUBELET_SKEW]
        skew_status = "ERROR" if too_far else "WARNING" if behind else "PASSING"
        skew = self._insight(
            cluster, "Kubelet version skew", "UPGRADE_READINESS", skew_status,
            f"{len(behind)} node group(s) run an older kubelet than the control plane" if behind else
            "Node kubelet versions match the control plane version",
            [{"arn": group.arn, "insightStatus": {"status": "ERROR" if group in too_far else "WARNING",
                                                  "reason": f"kubelet {group.version}"}} for group, _ in behind])
        stuck = [name for name, addon in state.addons.items() if target is not None and
                 addon["addonVersion"] not in {build.version for build in ADDONS[name].builds_for(target)}]
        addons = self._insight(
            cluster, "Amazon EKS add-on version compatibility", "UPGRADE_READINESS", "ERROR" if stuck else "PASSING",
            f"Add-ons without a build for Kubernetes {target}: {', '.join(stuck)}" if stuck else
            "Every add-on version is compatible with the next Kubernetes version",
            [{"arn": state.addons[name]["addonArn"], "insightStatus": {"status": "ERROR", "reason": name}}
             for name in stuck])
        health = self._insight(cluster, "Cluster health issues", "UPGRADE_READINESS", "PASSING",
                               "No cluster health issues detected")
        deprecated = self._insight(cluster, f"Deprecated APIs removed in Kubernetes v{target or cluster.version}",
                                   "UPGRADE_READINESS", "PASSING", "No deprecated API usage detected")
        return [skew, addons, health, deprecated]

    def _all_insights(self, cluster_name: str) -> list[dict[str, Any]]:
        cluster, state = self.cluster_and_state(cluster_name)
        by_name = {insight["name"]: insight for insight in self._computed(cluster, state)}
        by_name.update(state.insights)
        return sorted(by_name.values(), key=lambda insight: insight["id"])

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_insights(self, cluster_name: str, filter_by: dict[str, Any] | None) -> list[dict[str, Any]]:
        """Insight summaries matching every list of ``filter`` given (API_InsightsFilter)."""
        wanted = filter_by or {}
        return [{key: insight[key] for key in SUMMARY_KEYS} for insight in self._all_insights(cluster_name)
                if _matches(wanted.get("categories"), insight["category"])
                and _matches(wanted.get("kubernetesVersions"), insight["kubernetesVersion"])
                and _matches(wanted.get("statuses"), insight["insightStatus"]["status"])]

    def describe_insight(self, cluster_name: str, insight_id: str) -> dict[str, Any]:
        found = next((insight for insight in self._all_insights(cluster_name) if insight["id"] == insight_id), None)
        if found is None:
            raise ResourceNotFoundException(f"No insight found for id: {insight_id}.", clusterName=cluster_name)
        return found
