"""GuardDuty state per account and Region: moto's, plus the coverage of the Region's EKS clusters.

ListCoverage (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListCoverage.html)
lists, for a detector with Runtime Monitoring (``RUNTIME_MONITORING``, or the older
``EKS_RUNTIME_MONITORING``) enabled, one resource per EKS cluster of its account and Region
(CoverageResource, CoverageEksClusterDetails). A cluster is covered (``HEALTHY``) when its
security agent runs: GuardDuty manages the ``aws-guardduty-agent`` add-on itself when the
feature's ``EKS_ADDON_MANAGEMENT`` configuration is enabled (``AUTO_MANAGED``); otherwise
(``MANUAL``) the cluster needs that add-on ``ACTIVE``. Without Runtime Monitoring nothing is
listed. The ``issue`` wording and the node counts (the node groups' desired sizes) are the
sandbox's own (docs/sandbox.md).
"""

from __future__ import annotations

from typing import Any

from moto.core.base_backend import BackendDict
from moto.guardduty.exceptions import GuardDutyException
from moto.guardduty.models import Detector, GuardDutyBackend
from moto.utilities.paginator import paginate

from ..control import CONTROLS
from ..eks.catalogue import ADDONS
from ..eks.models import eks_backends

AGENT = "aws-guardduty-agent"
RUNTIME_FEATURES = ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")
#: Filter keys and the coverage fields they compare (keys of other resource types match no EKS cluster).
CRITERIA = {"ACCOUNT_ID": "accountId", "CLUSTER_NAME": "clusterName", "EKS_CLUSTER_NAME": "clusterName",
            "RESOURCE_TYPE": "resourceType", "COVERAGE_STATUS": "coverageStatus", "ADDON_VERSION": "addonVersion",
            "MANAGEMENT_TYPE": "managementType"}
SORT_KEYS = {"ACCOUNT_ID": "accountId", "CLUSTER_NAME": "clusterName", "COVERAGE_STATUS": "coverageStatus",
             "ISSUE": "issue", "ADDON_VERSION": "addonVersion", "UPDATED_AT": "updatedAt"}
NOT_INSTALLED = f"The {AGENT} add-on is not installed on this cluster, and GuardDuty does not manage it"
#: ListCoverage pages (moto's ``@paginate``): ``maxResults`` 1-50, 50 by default; a token names the next
#: cluster, so it survives clusters added or removed between calls.
MAX_RESULTS = 50
PAGINATION_MODEL = {"list_coverage": {"input_token": "next_token", "limit_key": "max_results",
                                      "limit_default": MAX_RESULTS, "unique_attribute": "resourceId"}}


class BadRequestException(GuardDutyException):
    """GuardDuty's answer to input it cannot use (HTTP 400)."""

    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("BadRequestException", message)


def _feature(detector: Detector, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The first enabled feature of ``detector`` among ``names`` (features are stored as sent)."""
    return next((feature for feature in detector.features
                 if feature.get("name") in names and feature.get("status") == "ENABLED"), None)


def _manages_addon(runtime: dict[str, Any]) -> bool:
    return any(config.get("name") == "EKS_ADDON_MANAGEMENT" and config.get("status") == "ENABLED"
               for config in runtime.get("additionalConfiguration") or [])


class WalensGuardDutyBackend(GuardDutyBackend):
    """moto's GuardDuty backend with ListCoverage."""

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_coverage(self, detector_id: str, criteria: list[dict[str, Any]], sort: dict[str, Any] | None,
                      ) -> list[dict[str, Any]]:
        """The coverage of this account's EKS clusters in this Region, filtered and sorted (one page)."""
        detector = self.get_detector(detector_id)
        runtime = _feature(detector, RUNTIME_FEATURES)
        if runtime is None:
            return []
        eks = eks_backends[self.account_id][self.region_name]
        resources = [self._cluster_coverage(detector, eks, name, _manages_addon(runtime)) for name in eks.clusters]
        found = [resource for resource in resources if all(_matches(resource, criterion) for criterion in criteria)]
        if sort:
            key = SORT_KEYS.get(sort.get("attributeName", ""))
            if key is None:
                raise BadRequestException(f"sortCriteria.attributeName must be one of {', '.join(SORT_KEYS)}")
            found.sort(key=lambda resource: str(_field(resource, key)), reverse=sort.get("orderBy") == "DESC")
        return found

    def _cluster_coverage(self, detector: Detector, eks: Any, name: str, managed: bool) -> dict[str, Any]:
        cluster, state = eks.cluster_and_state(name)
        addon = state.addons.get(AGENT)
        details: dict[str, Any] | None
        if managed:
            build = ADDONS[AGENT].default_build(cluster.version)
            details = {"addonVersion": addon["addonVersion"] if addon else build.version if build else "",
                       "addonStatus": "ACTIVE"}
        else:
            details = {"addonVersion": addon["addonVersion"], "addonStatus": addon["status"]} if addon else None
        healthy = details is not None and details["addonStatus"] == "ACTIVE"
        nodes = sum(int(group.scaling_config.get("desiredSize", 0)) for group in cluster.nodegroups.values())
        eks_details: dict[str, Any] = {"clusterName": name, "compatibleNodes": nodes,
                                       "coveredNodes": nodes if healthy else 0,
                                       "managementType": "AUTO_MANAGED" if managed else "MANUAL"}
        if details is not None:
            eks_details["addonDetails"] = details
        resource: dict[str, Any] = {
            "resourceId": name, "detectorId": detector.id, "accountId": self.account_id,
            "resourceDetails": {"resourceType": "EKS", "eksClusterDetails": eks_details},
            "coverageStatus": "HEALTHY" if healthy else "UNHEALTHY", "updatedAt": CONTROLS.now().timestamp(),
        }
        if not healthy:
            resource["issue"] = NOT_INSTALLED if details is None else f"The {AGENT} add-on is {details['addonStatus']}"
        return resource


def _field(resource: dict[str, Any], key: str) -> Any:
    """A coverage field by its filter or sort name (top level, or in the EKS cluster details)."""
    details = resource["resourceDetails"]
    eks = details["eksClusterDetails"]
    return {"resourceType": details["resourceType"], "clusterName": eks["clusterName"],
            "managementType": eks["managementType"],
            "addonVersion": (eks.get("addonDetails") or {}).get("addonVersion")}.get(key, resource.get(key))


def _matches(resource: dict[str, Any], criterion: dict[str, Any]) -> bool:
    """Whether ``resource`` passes one FilterCriterion (``equals``: any of; ``notEquals``: none of)."""
    key = CRITERIA.get(criterion.get("criterionKey", ""))
    condition = criterion.get("filterCondition") or {}
    value = _field(resource, key) if key else None
    equals, not_equals = condition.get("equals"), condition.get("notEquals")
    if equals is None and not_equals is None:
        raise BadRequestException("a filterCondition needs equals or notEquals")
    return (equals is None or value in equals) and (not_equals is None or value not in not_equals)


guardduty_backends = BackendDict(WalensGuardDutyBackend, "guardduty")
