"""EKS add-ons: CreateAddon, DescribeAddon, ListAddons, UpdateAddon, DeleteAddon, DescribeAddonVersions.

Rules follow the API reference (https://docs.aws.amazon.com/eks/latest/APIReference/API_<Operation>.html).
Add-ons become ``ACTIVE`` at once and updates are ``Successful`` at once (docs/sandbox.md).
"""

from __future__ import annotations

from typing import Any

from moto.eks.exceptions import InvalidParameterException, ResourceInUseException, ResourceNotFoundException
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from ..control import CONTROLS
from .catalogue import ADDONS, AddonOffer
from .pod_identity import PodIdentityOperations
from .updates import successful_update
from .utils import PAGINATION_MODEL
from .versions import calendar


class AddonOperations(PodIdentityOperations):
    """Add-ons of the clusters of one account and Region; an add-on may own Pod Identity associations."""

    def _offer(self, name: str, cluster_version: str) -> AddonOffer:
        offer = ADDONS.get(name)
        if offer is None or not offer.builds_for(cluster_version):
            raise InvalidParameterException(
                f"Addon {name} specified is not supported in {cluster_version} kubernetes version", addonName=name)
        return offer

    @staticmethod
    def _build_version(offer: AddonOffer, version: str | None, cluster_version: str) -> str:
        """``version`` if it runs on ``cluster_version``; without one, the default build (API_CreateAddon:
        "If you don't specify a version, Amazon EKS uses the default version")."""
        if version is None:
            build = offer.default_build(cluster_version)
            assert build is not None
            return build.version
        if version not in {build.version for build in offer.builds_for(cluster_version)}:
            raise InvalidParameterException(
                f"Addon version specified {version} is not supported for {offer.name} on Kubernetes "
                f"{cluster_version}; see DescribeAddonVersions", addonName=offer.name)
        return version

    def _addon(self, cluster_name: str, addon_name: str) -> dict[str, Any]:
        _, state = self.cluster_and_state(cluster_name)
        addon = state.addons.get(addon_name)
        if addon is None:
            raise ResourceNotFoundException(f"No addon: {addon_name} found in cluster: {cluster_name}",
                                            clusterName=cluster_name, addonName=addon_name)
        return addon

    def create_addon(self, cluster_name: str, request: dict[str, Any]) -> dict[str, Any]:
        cluster, state = self.cluster_and_state(cluster_name)
        name = request["addonName"]
        if name in state.addons:
            raise ResourceInUseException("Addon already exists.", clusterName=cluster_name, addonName=name)
        offer = self._offer(name, cluster.version)
        version = self._build_version(offer, request.get("addonVersion"), cluster.version)
        now = CONTROLS.now()
        arn = self.arn_in("addon", cluster_name, name, str(mock_random.uuid4()))
        namespace = (request.get("namespaceConfig") or {}).get("namespace") or offer.namespace
        addon: dict[str, Any] = {
            "addonName": name, "clusterName": cluster_name, "status": "ACTIVE", "addonVersion": version,
            "health": {"issues": []}, "addonArn": arn, "createdAt": now, "modifiedAt": now,
            "serviceAccountRoleArn": request.get("serviceAccountRoleArn"), "tags": request.get("tags") or {},
            "publisher": "eks", "owner": "aws", "configurationValues": request.get("configurationValues"),
            "podIdentityAssociations": [], "namespaceConfig": {"namespace": namespace},
        }
        # "podIdentityAssociations: An array of EKS Pod Identity associations to be created. Each
        # association maps a Kubernetes service account to an IAM role." (API_CreateAddon)
        for pair in request.get("podIdentityAssociations") or []:
            association = self.create_pod_identity_association(
                cluster_name, {"namespace": namespace, **pair}, owner_arn=arn)
            addon["podIdentityAssociations"].append(association["associationArn"])
        state.addons[name] = addon
        return addon

    def describe_addon(self, cluster_name: str, addon_name: str) -> dict[str, Any]:
        return self._addon(cluster_name, addon_name)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_addons(self, cluster_name: str) -> list[str]:
        _, state = self.cluster_and_state(cluster_name)
        return sorted(state.addons)

    def update_addon(self, cluster_name: str, addon_name: str, request: dict[str, Any]) -> dict[str, Any]:
        cluster, _ = self.cluster_and_state(cluster_name)
        addon = self._addon(cluster_name, addon_name)
        params = []
        if request.get("addonVersion") is not None:
            offer = self._offer(addon_name, cluster.version)
            addon["addonVersion"] = self._build_version(offer, request["addonVersion"], cluster.version)
            params.append(("AddonVersion", addon["addonVersion"]))
        for key, param in (("serviceAccountRoleArn", "ServiceAccountRoleArn"),
                           ("configurationValues", "ConfigurationValues"), ("resolveConflicts", "ResolveConflicts")):
            if request.get(key) is not None:
                if key in addon:
                    addon[key] = request[key]
                params.append((param, request[key]))
        addon["modifiedAt"] = CONTROLS.now()
        return successful_update("AddonUpdate", params)

    def delete_addon(self, cluster_name: str, addon_name: str) -> dict[str, Any]:
        """Remove the add-on and the Pod Identity associations it created; the answer says ``DELETING``."""
        addon = self._addon(cluster_name, addon_name)
        _, state = self.cluster_and_state(cluster_name)
        for association in list(state.pod_identities.values()):
            if association.get("ownerArn") == addon["addonArn"]:
                self.delete_pod_identity_association(cluster_name, association["associationId"])
        del state.addons[addon_name]
        return {**addon, "status": "DELETING"}

    @paginate(pagination_model=PAGINATION_MODEL)
    def describe_addon_versions(self, kubernetes_version: str | None, addon_name: str | None,
                                types: list[str] | None, publishers: list[str] | None,
                                owners: list[str] | None) -> list[dict[str, Any]]:
        now = CONTROLS.now()
        released = tuple(entry.version for entry in calendar(now))
        found = []
        for offer in ADDONS.values():
            info = offer.info(kubernetes_version, released)
            if not info["addonVersions"] or addon_name not in (None, offer.name):
                continue
            if (types and offer.type not in types) or (publishers and "eks" not in publishers) or (
                    owners and "aws" not in owners):
                continue
            found.append(info)
        return found
