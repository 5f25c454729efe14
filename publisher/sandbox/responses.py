"""HTTP handlers: parse each request with botocore's model, call the backend, serialize the result.

Every call passes through ``call_action``, which applies fault injection and records the call log.
Calls are served one at a time (after any injected delay, so delayed calls still overlap): each
operation is atomic, as the service's are, even when a threaded server takes calls in parallel.
"""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

from moto.core.responses import ActionResult, BaseResponse, EmptyResult

from .control import CONTROLS
from .exceptions import ConflictException, InternalServerException, ThrottlingException, ValidationException
from .models import WellArchitectedBackend, wellarchitected_backends

MAX_PAGE_SIZE = 50
INJECTED = {"throttle": ThrottlingException, "error": InternalServerException}
SERVE_LOCK = threading.RLock()
#: Operations whose ClientRequestToken botocore fills in as an idempotency token.
IDEMPOTENT = frozenset({"ImportLens", "CreateLensVersion", "CreateLensShare", "DeleteLens", "DeleteLensShare",
                        "CreateWorkload"})
TOKEN = "ClientRequestToken"


class WellArchitectedResponse(BaseResponse):
    """Handler for ``wellarchitected`` requests."""

    def __init__(self) -> None:
        super().__init__(service_name="wellarchitected")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> WellArchitectedBackend:
        return wellarchitected_backends[self.current_account][self.region]

    def call_action(self) -> tuple[int, dict[str, str], str | bytes]:
        operation = self._get_action()
        fault = CONTROLS.before_call(operation)
        if fault is None:
            with SERVE_LOCK:
                status, headers, body = self._serve_once(operation)
        else:
            status, headers, body = self.serialized(ActionResult(INJECTED[fault]()))
        CONTROLS.record(self.current_account, self.region, operation, int(status), fault)
        return status, headers, body

    def _serve_once(self, operation: str) -> tuple[int, dict[str, str], str | bytes]:
        """Serve the call; a repeated idempotency token returns the first answer without acting again.

        Like the service, a token reused with other parameters is a ConflictException; failed calls
        are not remembered, so a retry after an error acts.
        """
        token = self._get_param(TOKEN) if operation in IDEMPOTENT else None
        if not token:
            return super().call_action()
        key = (operation, token)
        fingerprint = self._request_fingerprint()
        seen = self.backend.idempotent_answers.get(key)
        if seen is not None:
            if seen[0] == fingerprint:
                return seen[1]
            return self.serialized(ActionResult(ConflictException(
                f"ClientRequestToken {token} was already used with different parameters", token,
                "ClientRequestToken")))
        answer = super().call_action()
        if 200 <= int(answer[0]) < 300:
            self.backend.idempotent_answers[key] = (fingerprint, answer)
        return answer

    def _request_fingerprint(self) -> str:
        """The request's path, query and body without the token: what must match for a replay."""
        query = {k: v for k, v in sorted(self.querystring.items()) if k != TOKEN}
        try:
            body = json.loads(self.body) if self.body else {}
        except ValueError:
            body = {"raw": str(self.body)}
        if isinstance(body, dict):
            body.pop(TOKEN, None)
        return json.dumps([self.path, query, body], sort_keys=True, default=str)

    def _page(self, items: list[dict[str, Any]], key: str) -> ActionResult:
        """Cut ``items`` into pages with the request's MaxResults and NextToken."""
        size = self._get_param("MaxResults") or MAX_PAGE_SIZE
        token = self._get_param("NextToken")
        if not 1 <= int(size) <= MAX_PAGE_SIZE:
            raise ValidationException(f"MaxResults must be between 1 and {MAX_PAGE_SIZE}.",
                                      fields=[{"Name": "MaxResults", "Message": "out of range"}])
        start = _decode_token(token) if token else 0
        end = start + int(size)
        next_token = _encode_token(end) if end < len(items) else None
        return ActionResult({key: items[start:end], "NextToken": next_token})

    # -- lenses ---------------------------------------------------------------------------------
    def import_lens(self) -> ActionResult:
        arn = self.backend.import_lens(self._get_param("JSONString"), self._get_param("LensAlias"),
                                       self._get_param("Tags"))
        return ActionResult({"LensArn": arn})

    def create_lens_version(self) -> ActionResult:
        version = self._get_param("LensVersion")
        lens = self.backend.create_lens_version(self._get_param("LensAlias"), version,
                                                bool(self._get_param("IsMajorVersion")))
        return ActionResult({"LensArn": lens.arn, "LensVersion": version})

    def get_lens(self) -> ActionResult:
        return ActionResult({"Lens": self.backend.get_lens(self._get_param("LensAlias"),
                                                           self._get_param("LensVersion"))})

    def export_lens(self) -> ActionResult:
        return ActionResult({"LensJSON": self.backend.export_lens(self._get_param("LensAlias"),
                                                                  self._get_param("LensVersion"))})

    def list_lenses(self) -> ActionResult:
        summaries = self.backend.list_lenses(self._get_param("LensType"), self._get_param("LensStatus"),
                                             self._get_param("LensName"))
        return self._page(summaries, "LensSummaries")

    def get_lens_version_difference(self) -> ActionResult:
        return ActionResult(self.backend.get_lens_version_difference(
            self._get_param("LensAlias"), self._get_param("BaseLensVersion"),
            self._get_param("TargetLensVersion")))

    def delete_lens(self) -> ActionResult:
        self.backend.delete_lens(self._get_param("LensAlias"), self._get_param("LensStatus"))
        return EmptyResult()

    # -- sharing --------------------------------------------------------------------------------
    def create_lens_share(self) -> ActionResult:
        share_id = self.backend.create_lens_share(self._get_param("LensAlias"), self._get_param("SharedWith"))
        return ActionResult({"ShareId": share_id})

    def list_lens_shares(self) -> ActionResult:
        shares = self.backend.list_lens_shares(self._get_param("LensAlias"), self._get_param("SharedWithPrefix"),
                                               self._get_param("Status"))
        return self._page(shares, "LensShareSummaries")

    def delete_lens_share(self) -> ActionResult:
        self.backend.delete_lens_share(self._get_param("LensAlias"), self._get_param("ShareId"))
        return EmptyResult()

    def list_share_invitations(self) -> ActionResult:
        invitations = self.backend.list_share_invitations(self._get_param("ShareResourceType"),
                                                          self._get_param("LensNamePrefix"))
        return self._page(invitations, "ShareInvitationSummaries")

    def update_share_invitation(self) -> ActionResult:
        invitation = self.backend.update_share_invitation(self._get_param("ShareInvitationId"),
                                                          self._get_param("ShareInvitationAction"))
        return ActionResult({"ShareInvitation": invitation})

    def get_global_settings(self) -> ActionResult:
        return ActionResult(self.backend.get_global_settings())

    def update_global_settings(self) -> ActionResult:
        self.backend.update_global_settings(self._get_param("OrganizationSharingStatus"),
                                            self._get_param("DiscoveryIntegrationStatus"))
        return EmptyResult()

    # -- tags -----------------------------------------------------------------------------------
    def tag_resource(self) -> ActionResult:
        self.backend.tag_resource(self._get_param("WorkloadArn"), self._get_param("Tags"))
        return EmptyResult()

    def untag_resource(self) -> ActionResult:
        self.backend.untag_resource(self._get_param("WorkloadArn"), self._get_param("TagKeys"))
        return EmptyResult()

    def list_tags_for_resource(self) -> ActionResult:
        return ActionResult({"Tags": self.backend.list_tags_for_resource(self._get_param("WorkloadArn"))})

    # -- workloads and reviews ------------------------------------------------------------------
    def create_workload(self) -> ActionResult:
        details = {key: self._get_param(key) for key in (
            "AccountIds", "AwsRegions", "NonAwsRegions", "PillarPriorities", "ArchitecturalDesign",
            "ReviewOwner", "IndustryType", "Industry", "Notes")}
        workload = self.backend.create_workload(
            self._get_param("WorkloadName"), self._get_param("Description"), self._get_param("Environment"),
            self._get_param("Lenses"), self._get_param("Tags"), details)
        return ActionResult({"WorkloadId": workload.workload_id, "WorkloadArn": workload.arn})

    def get_workload(self) -> ActionResult:
        return ActionResult({"Workload": self.backend.describe_workload(self._get_param("WorkloadId"))})

    def delete_workload(self) -> ActionResult:
        self.backend.delete_workload(self._get_param("WorkloadId"))
        return EmptyResult()

    def get_lens_review(self) -> ActionResult:
        workload_id, milestone = self._get_param("WorkloadId"), self._get_param("MilestoneNumber")
        review = self.backend.get_lens_review(workload_id, self._get_param("LensAlias"), milestone)
        return ActionResult({"WorkloadId": workload_id, "MilestoneNumber": milestone, "LensReview": review})

    def get_answer(self) -> ActionResult:
        workload_id, milestone = self._get_param("WorkloadId"), self._get_param("MilestoneNumber")
        answer = self.backend.get_answer(workload_id, self._get_param("LensAlias"),
                                         self._get_param("QuestionId"), milestone)
        return ActionResult({"WorkloadId": workload_id, "MilestoneNumber": milestone, **answer})

    def update_answer(self) -> ActionResult:
        workload_id = self._get_param("WorkloadId")
        request = {key: self._get_param(key) for key in (
            "SelectedChoices", "ChoiceUpdates", "Notes", "IsApplicable", "Reason")}
        answer = self.backend.update_answer(workload_id, self._get_param("LensAlias"),
                                            self._get_param("QuestionId"), request)
        return ActionResult({"WorkloadId": workload_id, **answer})

    def list_notifications(self) -> ActionResult:
        notifications = self.backend.list_notifications(self._get_param("WorkloadId"),
                                                         self._get_param("ResourceArn"))
        return self._page(notifications, "NotificationSummaries")

    def upgrade_lens_review(self) -> ActionResult:
        self.backend.upgrade_lens_review(self._get_param("WorkloadId"), self._get_param("LensAlias"),
                                         self._get_param("MilestoneName"))
        return EmptyResult()


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_token(token: str) -> int:
    try:
        prefix, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix != "offset":
            raise ValueError(token)
        return int(offset)
    except ValueError as exc:
        raise ValidationException("Invalid NextToken.",
                                  fields=[{"Name": "NextToken", "Message": "not a token this API issued"}]) from exc
