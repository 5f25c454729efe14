"""The Kubernetes versions the emulated EKS offers, with their support dates (DescribeClusterVersions).

Dates are those of the "Amazon EKS Kubernetes release calendar" in the EKS user guide,
https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (source:
awsdocs/amazon-eks-user-guide, latest/ug/versioning/kubernetes-versions.adoc): standard support
lasts 14 months from the EKS release, extended support 12 months more; "the dates in the
following table use the UTC+0 timezone".  A version's status is computed against the sandbox
clock (``CONTROLS.now()``), so ``advance_clock`` moves a version into extended support and past it.

Past the last row of the calendar the sandbox projects versions: Kubernetes publishes three minor
versions a year, so one follows every four months after the newest known release, with the same
14 + 12 months of support. Without them a sandbox running after the last row's end of extended
support (March 2028) would offer no version to create a cluster with (docs/sandbox.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from moto.eks.exceptions import InvalidParameterException

from ..control import CONTROLS


def minor_of(version: str) -> int:
    """The minor number of a Kubernetes ``1.x`` version (``35`` for ``1.35``)."""
    return int(version.split(".")[1])


def _day(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class KubernetesVersion:
    """One row of the EKS release calendar."""

    version: str
    released: datetime
    end_of_standard: datetime
    end_of_extended: datetime

    def status(self, now: datetime) -> str:
        """``STANDARD_SUPPORT``, ``EXTENDED_SUPPORT`` or ``UNSUPPORTED`` at ``now``."""
        if now < self.end_of_standard:
            return "STANDARD_SUPPORT"
        return "EXTENDED_SUPPORT" if now < self.end_of_extended else "UNSUPPORTED"

    def information(self, now: datetime, default: str) -> dict[str, Any]:
        """The version as a ``ClusterVersionInformation`` (the deprecated ``status`` member too);
        ``default`` is the version CreateCluster picks at ``now``."""
        status = self.status(now)
        return {
            "clusterVersion": self.version, "clusterType": "eks", "defaultVersion": self.version == default,
            "releaseDate": self.released, "endOfStandardSupportDate": self.end_of_standard,
            "endOfExtendedSupportDate": self.end_of_extended, "versionStatus": status,
            "status": status.lower().replace("_", "-"),
        }


# (version, Amazon EKS release, end of standard support, end of extended support), from the calendar;
# 1.35 is newer than the stored copy of that page: its support dates are those of the EKS version
# calendar in aws-samples' eks-operation-review skill ("Last verified: 2026-04-24",
# https://aws-samples.github.io/sample-apex-skills/docs/skills/eks-operation-review/references/cluster-lifecycle),
# its release date that of https://endoflife.date/amazon-eks.
CALENDAR = tuple(KubernetesVersion(version, _day(released), _day(standard), _day(extended)) for
                 version, released, standard, extended in (
    ("1.35", "2026-01-28", "2027-03-27", "2028-03-27"),
    ("1.34", "2025-10-02", "2026-12-02", "2027-12-02"),
    ("1.33", "2025-05-29", "2026-07-29", "2027-07-29"),
    ("1.32", "2025-01-23", "2026-03-23", "2027-03-23"),
    ("1.31", "2024-09-26", "2025-11-26", "2026-11-26"),
    ("1.30", "2024-05-23", "2025-07-23", "2026-07-23"),
    ("1.29", "2024-01-23", "2025-03-23", "2026-03-23"),
))
#: Months between two projected releases, and the months of standard and of all support after a release.
CADENCE_MONTHS, STANDARD_MONTHS, SUPPORT_MONTHS = 4, 14, 26


def _months_after(day: datetime, months: int) -> datetime:
    """``day`` moved by whole months (to the 28th at most, so that every month has the day)."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def calendar(now: datetime) -> tuple[KubernetesVersion, ...]:
    """The versions released by ``now``, newest first: the calendar's rows and those projected after it."""
    rows = list(CALENDAR)
    while (released := _months_after(rows[0].released, CADENCE_MONTHS)) <= now:
        rows.insert(0, KubernetesVersion(f"1.{minor_of(rows[0].version) + 1}", released,
                                         _months_after(released, STANDARD_MONTHS),
                                         _months_after(released, SUPPORT_MONTHS)))
    return tuple(rows)


def find_version(version: str, now: datetime) -> KubernetesVersion | None:
    """The calendar row of ``version`` at ``now``, if EKS has released it."""
    return next((entry for entry in calendar(now) if entry.version == version), None)


def default_version(now: datetime) -> KubernetesVersion:
    """The version a cluster gets when CreateCluster names none: the newest in standard support.

    "If you don't specify a value here, the default version available in Amazon EKS is used"
    (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html); which one that
    is the reference does not say (docs/sandbox.md).
    """
    rows = calendar(now)
    return next((entry for entry in rows if entry.status(now) == "STANDARD_SUPPORT"), rows[0])


def creatable_version(version: str | None) -> str:
    """The version CreateCluster uses; one not offered now is an ``InvalidParameterException``.

    "You can create new Amazon EKS clusters on any version offered in standard or extended
    support" (kubernetes-versions.html); "On the end of extended support date, you can no longer
    create new Amazon EKS clusters with the unsupported version" (same page).
    """
    now = CONTROLS.now()
    chosen = version or default_version(now).version
    entry = find_version(chosen, now)
    if entry is None or entry.status(now) == "UNSUPPORTED":
        offered = ", ".join(v.version for v in calendar(now) if v.status(now) != "UNSUPPORTED")
        raise InvalidParameterException(f"unsupported Kubernetes version {chosen}; offered versions: {offered}")
    return chosen


def next_version(version: str, now: datetime) -> str | None:
    """The minor version after ``version``, if EKS has released it by ``now``."""
    following = f"1.{minor_of(version) + 1}"
    return following if find_version(following, now) is not None else None


def describe_versions(cluster_type: str | None, default_only: bool, include_all: bool,
                      versions: list[str] | None, status: str | None) -> list[dict[str, Any]]:
    """The calendar rows DescribeClusterVersions returns, newest first.

    Filters as the API reference describes them (API_DescribeClusterVersions.html): ``clusterType``,
    ``defaultOnly`` ("show only default versions"), ``clusterVersions`` ("specific cluster versions
    to describe"), ``versionStatus``; unsupported versions only with ``includeAll`` ("Include all
    available versions"), with ``clusterVersions`` or when asked for by status.
    """
    now = CONTROLS.now()
    default = default_version(now).version
    rows = []
    for entry in calendar(now):
        info = entry.information(now, default)
        if cluster_type not in (None, "eks") or (default_only and not info["defaultVersion"]):
            continue
        if versions and entry.version not in versions:
            continue
        if status is not None and info["versionStatus"] != status:
            continue
        if info["versionStatus"] == "UNSUPPORTED" and not (include_all or versions or status):
            continue
        rows.append(info)
    return rows
