"""The ``wellarchitected`` backend: per-account, per-Region state held in a moto ``BackendDict``.

Lens lifecycle and tags are implemented here; sharing and workload reviews come from the mixins
in ``shares.py`` and ``reviews.py``.  Every rule mirrors the service's documented behaviour
(see docs/sandbox.md for the choices made where the service's behaviour is unconfirmed).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from .control import CONTROLS
from .exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from .lens_checks import parse_lens
from .lenses import (
    LENS_ARN,
    OFFICIAL_LENSES,
    CustomLens,
    LensRef,
    LensSnapshot,
    holder_of_name,
    normalized_name,
    numbered,
    official_lens,
    parse_lens_arn,
)
from .reviews import ReviewOperations
from .shares import ShareOperations
from .tags import ResourceTags
from .templates import TemplateOperations
from .utils import PAGINATION_MODEL
from .versiondiff import version_differences

MAX_LENSES = 15
MAX_VERSIONS = 100
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9.]{1,32}$")


class WellArchitectedBackend(ShareOperations, ReviewOperations, TemplateOperations, BaseBackend):
    """Custom lenses, shares, workloads and settings of one account in one Region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.lenses: dict[str, CustomLens] = {}
        self.tagger = ResourceTags()
        # (operation, ClientRequestToken) -> (request fingerprint, the first successful answer)
        self.idempotent_answers: dict[tuple[str, str], tuple[str, Any]] = {}
        self.organization_sharing = "DISABLED"
        self.discovery_integration = "DISABLED"
        self.init_shares()
        self.init_reviews()
        self.init_templates()

    # -- helpers shared with the mixins -----------------------------------------------------------
    def peer(self, account_id: str) -> WellArchitectedBackend:
        """The backend of another account in this Region."""
        return wellarchitected_backends[account_id][self.region_name]

    def all_accounts(self) -> list[str]:
        """Accounts that have state in this emulation."""
        return list(wellarchitected_backends.keys())

    def lenses_of(self, account_id: str) -> list[CustomLens]:
        """The custom lenses another account owns in this Region."""
        return list(self.peer(account_id).lenses.values())

    def find_lens(self, ref: LensRef) -> CustomLens | None:
        if ref.region != self.region_name:
            return None
        return self.peer(ref.account).lenses.get(ref.lens_id)

    def owned_lens(self, alias: str) -> CustomLens:
        """The caller's own lens, for owner-only operations."""
        ref = parse_lens_arn(alias)
        lens = self.find_lens(ref)
        if lens is None:
            raise ResourceNotFoundException(f"Lens {alias} not found.", alias, "LENS")
        if ref.account != self.account_id:
            raise AccessDeniedException(f"Only the owner of lens {alias} can perform this operation.")
        return lens

    def readable_lens(self, alias: str) -> CustomLens:
        """A lens the caller owns or has accepted a share of."""
        ref = parse_lens_arn(alias)
        lens = self.find_lens(ref)
        if lens is None or (ref.account != self.account_id and self.accepted_share(lens) is None):
            raise ResourceNotFoundException(f"Lens {alias} not found.", alias, "LENS")
        return lens

    @staticmethod
    def snapshot(lens: CustomLens, version: str | None) -> LensSnapshot:
        """``version`` of the lens; without one, the draft if there is one, else the latest version."""
        if version is None:
            return lens.current
        snapshot = lens.version(version)
        if snapshot is None:
            raise ResourceNotFoundException(
                f"Lens version {version} of {lens.arn} not found.", lens.arn, "LENS_VERSION")
        return snapshot

    # -- lenses ---------------------------------------------------------------------------------
    def import_lens(self, json_string: str, lens_alias: str | None, tags: dict[str, str] | None) -> str:
        content = parse_lens(json_string)
        lens = None if lens_alias is None else self._updatable_lens(lens_alias, content)
        now = CONTROLS.now()
        if lens is None:
            self.tagger.check("the new lens", tags)
            lens = self._new_lens(content, now)
        self.tagger.add(lens.arn, tags)
        lens.draft = LensSnapshot(content=content, updated_at=now)
        return lens.arn

    def _updatable_lens(self, lens_alias: str, content: dict[str, Any]) -> CustomLens:
        lens = self.owned_lens(lens_alias)
        published = lens.published_name
        if published is not None and content["name"] != published:
            raise ValidationException(
                "Lens name must match published name",
                fields=[{"Name": "name", "Message": f"must be {published}"}])
        self._check_name_is_free(content["name"], exclude=lens)
        return lens

    def _new_lens(self, content: dict[str, Any], now: datetime) -> CustomLens:
        if len(self.lenses) >= MAX_LENSES:
            raise ServiceQuotaExceededException(
                f"You can have at most {MAX_LENSES} custom lenses in an account per Region.",
                quota_code="L-CUSTOM-LENSES", resource_type="LENS")
        self._check_name_is_free(content["name"], exclude=None)
        lens_id = mock_random.get_random_hex(32)
        ref = LensRef(self.account_id, self.region_name, lens_id)
        arn = f"arn:{self.partition}:wellarchitected:{self.region_name}:{self.account_id}:lens/{lens_id}"
        lens = CustomLens(ref=ref, arn=arn, created_at=now)
        self.lenses[lens_id] = lens
        return lens

    def _check_name_is_free(self, name: str, exclude: CustomLens | None) -> None:
        if holder_of_name(name, self.lenses.values(), lambda lens: lens.current.name, exclude) is not None:
            raise ValidationException(
                f"A lens with normalized name {normalized_name(name)} already exists.",
                fields=[{"Name": "name", "Message": "a lens with this normalized name exists"}])

    def create_lens_version(self, lens_alias: str, version: str, is_major: bool) -> CustomLens:
        lens = self.owned_lens(lens_alias)
        if not VERSION_PATTERN.match(version):
            raise ValidationException(
                f"Invalid lens version {version}: use 1-32 letters, digits and periods.",
                fields=[{"Name": "LensVersion", "Message": "must match ^[A-Za-z0-9.]{1,32}$"}])
        if lens.version(version) is not None:
            raise ConflictException(f"Lens version {version} already exists.", lens.arn, "LENS_VERSION")
        if lens.draft is None:
            raise ConflictException(f"Lens {lens.arn} has no draft to publish.", lens.arn, "LENS")
        if len(lens.versions) >= MAX_VERSIONS:
            raise ServiceQuotaExceededException(
                f"A lens can have at most {MAX_VERSIONS} versions.",
                quota_code="L-LENS-VERSIONS", resource_type="LENS_VERSION")
        published = LensSnapshot(content=lens.draft.content, updated_at=CONTROLS.now(), version=version,
                                 is_major=is_major)
        lens.versions.append(published)
        lens.draft = None
        self.apply_new_version(lens, published)
        return lens

    def get_lens(self, lens_alias: str, version: str | None) -> dict[str, Any]:
        official = official_lens(lens_alias)
        if official is not None:
            return official.lens()
        lens = self.readable_lens(lens_alias)
        shared = lens.ref.account != self.account_id
        # Without LensVersion the owner reads the draft if there is one (a recipient the latest
        # version): the reference documents LensVersion as optional without saying which is returned;
        # the choice is documented in docs/sandbox.md.
        snapshot = lens.latest if shared and version is None else self.snapshot(lens, version)
        assert snapshot is not None
        share = self.accepted_share(lens) if shared else None
        return {
            "LensArn": lens.arn, "LensVersion": snapshot.version, "Name": snapshot.name,
            "Description": snapshot.description, "Owner": lens.ref.account,
            "ShareInvitationId": share.invitation_id if share else None,
            "Tags": None if shared else self.tagger.get_tag_dict_for_resource(lens.arn),
        }

    def export_lens(self, lens_alias: str, version: str | None) -> str:
        if official_lens(lens_alias) is not None:
            # "Only the owner of a lens can export it. Lenses provided by AWS (AWS Official Content)
            # cannot be exported." (API reference, ExportLens)
            raise AccessDeniedException(f"AWS official lens {lens_alias} cannot be exported.")
        lens = self.owned_lens(lens_alias)
        return json.dumps(numbered(self.snapshot(lens, version).content), ensure_ascii=False, indent=2)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_lenses(self, lens_type: str | None, lens_status: str | None,
                    lens_name: str | None) -> list[dict[str, Any]]:
        summaries: list[dict[str, Any]] = []
        # Official lenses only when asked for by type (docs/sandbox.md): they cannot be used here.
        if lens_type == "AWS_OFFICIAL" and lens_status in (None, "ALL", "PUBLISHED"):
            summaries += [official.summary() for official in OFFICIAL_LENSES]
        if lens_type in (None, "CUSTOM_SELF"):
            for lens in self.lenses.values():
                if lens_status in (None, "ALL", "PUBLISHED") and lens.latest is not None:
                    summaries.append(_summary(lens, lens.latest, "CUSTOM_SELF", "PUBLISHED"))
                if lens_status in (None, "ALL", "DRAFT") and lens.draft is not None:
                    summaries.append(_summary(lens, lens.draft, "CUSTOM_SELF", "DRAFT"))
        if lens_type in (None, "CUSTOM_SHARED") and lens_status in (None, "ALL", "PUBLISHED"):
            for lens in self.shared_lenses():
                assert lens.latest is not None
                summaries.append(_summary(lens, lens.latest, "CUSTOM_SHARED", "PUBLISHED"))
        if lens_name:
            # "The full name of the lens" (API reference, ListLenses:
            # https://docs.aws.amazon.com/wellarchitected/latest/APIReference/API_ListLenses.html):
            # an exact, case-sensitive match; case handling is undocumented (docs/sandbox.md).
            summaries = [summary for summary in summaries if summary["LensName"] == lens_name]
        return summaries

    def get_lens_version_difference(self, lens_alias: str, base: str | None,
                                    target: str | None) -> dict[str, Any]:
        lens = self.readable_lens(lens_alias)
        if base is None and target is None:
            raise ValidationException(
                "Specify BaseLensVersion, TargetLensVersion or both.",
                fields=[{"Name": "BaseLensVersion", "Message": "required when TargetLensVersion is absent"}])
        if lens.latest is None:
            raise ResourceNotFoundException(f"Lens {lens.arn} has no published version.", lens.arn, "LENS")
        base_snapshot = self.snapshot(lens, base) if base else lens.latest
        target_snapshot = self.snapshot(lens, target) if target else lens.latest
        return {
            "LensAlias": lens_alias, "LensArn": lens.arn, "BaseLensVersion": base_snapshot.version,
            "TargetLensVersion": target_snapshot.version, "LatestLensVersion": lens.latest.version,
            "VersionDifferences": {"PillarDifferences": version_differences(
                base_snapshot.content, target_snapshot.content)},
        }

    def delete_lens(self, lens_alias: str, lens_status: str) -> None:
        lens = self.owned_lens(lens_alias)
        if lens_status == "DRAFT":
            if lens.draft is None:
                raise ResourceNotFoundException(f"Lens {lens.arn} has no draft.", lens.arn, "LENS")
            lens.draft = None
        elif lens_status == "PUBLISHED":
            if lens.latest is None:
                raise ResourceNotFoundException(f"Lens {lens.arn} is not published.", lens.arn, "LENS")
            self._withdraw(lens)
        else:
            self._withdraw(lens)
            lens.draft = None
        if lens.draft is None and not lens.versions:
            self.tagger.delete_all_tags_for_resource(lens.arn)
            del self.lenses[lens.ref.lens_id]

    def _withdraw(self, lens: CustomLens) -> None:
        """Remove every published version and share; workloads keep their copy (and are notified)."""
        lens.versions = []
        self.drop_shares(lens)

    # -- tags -----------------------------------------------------------------------------------
    def _tagged(self, arn: str) -> str:
        """``arn`` if it is a lens of this account or one of its workloads."""
        if LENS_ARN.match(arn):
            lens = self.find_lens(parse_lens_arn(arn))
            if lens is not None and lens.ref.account == self.account_id:
                return arn
        if self.workload_by_arn(arn) is not None:
            return arn
        raise ResourceNotFoundException(f"Resource {arn} not found.", arn, "RESOURCE")

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        self.tagger.add(self._tagged(arn), tags)

    def untag_resource(self, arn: str, keys: list[str]) -> None:
        self.tagger.untag_resource_using_names(self._tagged(arn), keys)

    def list_tags_for_resource(self, arn: str) -> dict[str, str]:
        return self.tagger.get_tag_dict_for_resource(self._tagged(arn))

    # -- settings -------------------------------------------------------------------------------
    def get_global_settings(self) -> dict[str, Any]:
        return {"OrganizationSharingStatus": self.organization_sharing,
                "DiscoveryIntegrationStatus": self.discovery_integration}

    def update_global_settings(self, organization_sharing: str | None, discovery: str | None) -> None:
        self.organization_sharing = organization_sharing or self.organization_sharing
        self.discovery_integration = discovery or self.discovery_integration



def _summary(lens: CustomLens, snapshot: LensSnapshot, lens_type: str, status: str) -> dict[str, Any]:
    return {
        "LensArn": lens.arn, "LensAlias": None, "LensName": snapshot.name, "LensType": lens_type,
        "Description": snapshot.description, "CreatedAt": lens.created_at, "UpdatedAt": snapshot.updated_at,
        "LensVersion": snapshot.version, "Owner": lens.ref.account, "LensStatus": status,
    }


wellarchitected_backends = BackendDict(WellArchitectedBackend, "wellarchitected")
