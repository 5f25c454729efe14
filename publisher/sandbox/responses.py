"""HTTP handlers: parse each request with botocore's model, call the backend, serialize the result.

Every call passes through ``call_action``, which applies our layer (``idempotency.py``, fault
injection, the call log) around moto's dispatch.  Before a handler runs, the request is validated
against the operation's input shape (``validation.py``); operations of the model without a handler
answer ``NotImplementedException`` naming the operation.  Calls are served one at a time (after any
injected delay, so delayed calls still overlap): each operation is atomic, as the service's are,
even when a threaded server takes calls in parallel.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import InvalidToken
from moto.core.request import Request
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.core.utils import camelcase_to_underscores, get_service_model

from .control import CONTROLS
from .exceptions import InternalServerException, ThrottlingException, ValidationException
from .idempotency import replay_or_serve
from .models import WellArchitectedBackend, wellarchitected_backends
from .template_responses import TemplateHandlers
from .validation import parse_json_body, validate_request

INJECTED = {"throttle": ThrottlingException, "error": InternalServerException}
SERVE_LOCK = threading.RLock()
UNKNOWN_OPERATION = "UnknownOperation"
WORKLOAD_DETAILS = ("AccountIds", "AwsRegions", "NonAwsRegions", "PillarPriorities", "ArchitecturalDesign",
                    "ReviewOwner", "IndustryType", "Industry", "Notes", "Applications")


@lru_cache(maxsize=1)
def _path_patterns() -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path regex, operation) of every operation; the last URI label is greedy, as in moto."""
    model = get_service_model("wellarchitected")
    patterns = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = http["requestUri"].split("?")[0]
        labels = list(re.finditer(r"\{([A-Za-z0-9_]+)\+?\}", path))
        regex, end = "", 0
        for index, label in enumerate(labels):
            greedy = label.group(0).endswith("+}") or (index == len(labels) - 1 and label.end() == len(path))
            regex += re.escape(path[end:label.start()]) + f"(?P<{label.group(1)}>{'.+' if greedy else '[^/]+'})"
            end = label.end()
        patterns.append((http["method"], re.compile(regex + re.escape(path[end:]) + "/?$"), name))
    return patterns


def match_path(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operation and URI labels of a request by method and path alone."""
    for wanted, pattern, name in _path_patterns():
        found = pattern.match(path)
        if wanted == method and found:
            return name, {key: unquote(value) for key, value in found.groupdict().items()}
    return None


def is_emulated(operation: str) -> bool:
    """Whether a handler serves ``operation`` (an operation name of the service model)."""
    name = camelcase_to_underscores(operation)
    return any(name in handlers.__dict__ for handlers in (WellArchitectedResponse, TemplateHandlers))


class WellArchitectedResponse(TemplateHandlers, BaseResponse):
    """Handler for ``wellarchitected`` requests."""

    def __init__(self) -> None:
        super().__init__(service_name="wellarchitected")
        self.automated_parameter_parsing = True
        self.input_error: ValidationException | None = None

    @property
    def backend(self) -> WellArchitectedBackend:
        return wellarchitected_backends[self.current_account][self.region]

    # -- our layer around moto's dispatch ---------------------------------------------------------
    def _get_action(self) -> str:
        """moto's router, which needs every required query argument to pick an operation; else the
        operation whose method and path match, so that the missing argument is reported by name."""
        found = super()._get_action()
        if found or self.automated_parameter_parsing is False:
            return found
        match = match_path(self.method, self.parsed_url.path)
        if match is None:
            return None  # type: ignore[return-value]
        self.uri_match = match[1]
        return match[0]

    def parse_parameters(self, request: Request) -> None:
        """Validate the request against the model, then let moto parse it; a bad request is kept
        for ``call_action`` to answer (moto parses before the account is known)."""
        self.params = {}
        model = get_service_model(self.boto3_service_name).operation_model(self._get_action())
        try:
            validate_request(model, parse_json_body(request.data), self._located_values(model, request))
            super().parse_parameters(request)
        except ValidationException as error:
            self.input_error = error
        except (ValueError, TypeError, KeyError) as error:  # moto's parser on input the model forbids
            self.input_error = ValidationException(f"Could not parse the request: {error}", reason="CANNOT_PARSE")

    def _located_values(self, model: Any, request: Request) -> dict[str, str | list[str] | None]:
        """The URI, query string and header members of the request, as sent."""
        values: dict[str, str | list[str] | None] = {}
        for name, member in model.input_shape.members.items() if model.input_shape else ():
            location, wire = member.serialization.get("location"), member.serialization.get("name", name)
            if location == "uri":
                values[name] = self.uri_match.get(wire)
            elif location == "querystring":
                values[name] = request.args.getlist(wire)
            elif location == "header":
                values[name] = request.headers.get(wire)
        return values

    def call_action(self) -> TYPE_RESPONSE:
        operation = self._get_action() or UNKNOWN_OPERATION
        fault = CONTROLS.before_call(operation)
        if fault is not None:
            answer = self.serialized(ActionResult(INJECTED[fault]()))
        elif operation == UNKNOWN_OPERATION:
            answer = self._not_emulated(404, "UnknownOperationException",
                                        f"No wellarchitected operation matches {self.method} {self.path}.")
        elif not is_emulated(operation):
            answer = self._not_emulated(501, "NotImplementedException",
                                        f"The wellarchitected operation {operation} is not emulated by the "
                                        "walens sandbox.")
        elif self.input_error is not None:
            answer = self.serialized(ActionResult(self.input_error))
        else:
            with SERVE_LOCK:
                answer = replay_or_serve(self, operation, super().call_action)
        CONTROLS.record(self.current_account, self.region, operation, int(answer[0]), fault)
        return answer

    def _not_emulated(self, status: int, code: str, message: str) -> TYPE_RESPONSE:
        """A JSON error the SDKs parse (``__type`` and ``message``) for requests no handler serves."""
        body = json.dumps({"__type": code, "message": message})
        return status, {**self.response_headers, "Content-Type": "application/json", "x-amzn-ErrorType": code,
                        "status": str(status)}, body

    def _page(self) -> dict[str, Any]:
        """The paging arguments of a list request, for moto's ``@paginate``."""
        return {"next_token": self._get_param("NextToken"), "max_results": self._get_param("MaxResults")}

    def listing(self, method: Any, key: str, **filters: Any) -> dict[str, Any]:
        """One page of a ``@paginate`` backend method as ``{key: items, "NextToken": token}``."""
        try:
            items, token = method(**filters, **self._page())
        except InvalidToken as error:
            raise ValidationException("Invalid NextToken.", fields=[
                {"Name": "NextToken", "Message": str(error)}]) from error
        return {key: items, "NextToken": token}

    def list_call(self, method: Any, key: str, **filters: Any) -> ActionResult:
        return ActionResult(self.listing(method, key, **filters))

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
        return self.list_call(self.backend.list_lenses, "LensSummaries", lens_type=self._get_param("LensType"),
                              lens_status=self._get_param("LensStatus"), lens_name=self._get_param("LensName"))

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
        return self.list_call(self.backend.list_lens_shares, "LensShareSummaries",
                              lens_alias=self._get_param("LensAlias"),
                              prefix=self._get_param("SharedWithPrefix"), status=self._get_param("Status"))

    def delete_lens_share(self) -> ActionResult:
        self.backend.delete_lens_share(self._get_param("LensAlias"), self._get_param("ShareId"))
        return EmptyResult()

    def list_share_invitations(self) -> ActionResult:
        return self.list_call(self.backend.list_share_invitations, "ShareInvitationSummaries",
                              resource_type=self._get_param("ShareResourceType"),
                              lens_name_prefix=self._get_param("LensNamePrefix"))

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

    # -- workloads ------------------------------------------------------------------------------
    def _details(self) -> dict[str, Any]:
        return {key: self._get_param(key) for key in WORKLOAD_DETAILS if self._get_param(key) is not None}

    def create_workload(self) -> ActionResult:
        templates = self._get_param("ReviewTemplateArns") or []
        lenses = self.backend.lenses_with_templates(self._get_param("Lenses") or [], templates)
        workload = self.backend.create_workload(
            self._get_param("WorkloadName"), self._get_param("Description"), self._get_param("Environment"),
            lenses, self._get_param("Tags"), self._details())
        self.backend.start_from_templates(workload, templates)
        return ActionResult({"WorkloadId": workload.workload_id, "WorkloadArn": workload.arn})

    def get_workload(self) -> ActionResult:
        return ActionResult({"Workload": self.backend.describe_workload(self._get_param("WorkloadId"))})

    def update_workload(self) -> ActionResult:
        changes = {key: self._get_param(key) for key in (
            "WorkloadName", "Description", "Environment", "ImprovementStatus", "IsReviewOwnerUpdateAcknowledged")}
        workload = self.backend.update_workload(self._get_param("WorkloadId"), changes, self._details())
        return ActionResult({"Workload": workload})

    def delete_workload(self) -> ActionResult:
        self.backend.delete_workload(self._get_param("WorkloadId"))
        return EmptyResult()

    def list_workloads(self) -> ActionResult:
        return self.list_call(self.backend.list_workloads, "WorkloadSummaries",
                              name_prefix=self._get_param("WorkloadNamePrefix"))

    def associate_lenses(self) -> ActionResult:
        self.backend.associate_lenses(self._get_param("WorkloadId"), self._get_param("LensAliases"))
        return EmptyResult()

    def disassociate_lenses(self) -> ActionResult:
        self.backend.disassociate_lenses(self._get_param("WorkloadId"), self._get_param("LensAliases"))
        return EmptyResult()

    # -- lens reviews and answers ---------------------------------------------------------------
    def _review_keys(self) -> dict[str, Any]:
        return {"workload_id": self._get_param("WorkloadId"), "lens_alias": self._get_param("LensAlias"),
                "milestone": self._get_param("MilestoneNumber")}

    def get_lens_review(self) -> ActionResult:
        keys = self._review_keys()
        return ActionResult({"WorkloadId": keys["workload_id"], "MilestoneNumber": keys["milestone"],
                             "LensReview": self.backend.get_lens_review(**keys)})

    def update_lens_review(self) -> ActionResult:
        workload_id, alias = self._get_param("WorkloadId"), self._get_param("LensAlias")
        review = self.backend.update_lens_review(workload_id, alias, self._get_param("LensNotes"),
                                                 self._get_param("PillarNotes"))
        return ActionResult({"WorkloadId": workload_id, "LensReview": review})

    def list_lens_reviews(self) -> ActionResult:
        workload_id, milestone = self._get_param("WorkloadId"), self._get_param("MilestoneNumber")
        result = self.listing(self.backend.list_lens_reviews, "LensReviewSummaries", workload_id=workload_id,
                              milestone=milestone)
        return ActionResult({**result, "WorkloadId": workload_id, "MilestoneNumber": milestone})

    def _per_question(self, method: Any, key: str) -> ActionResult:
        keys = self._review_keys()
        review = self.backend.review_identity(**keys)
        result = self.listing(method, key, **keys, pillar_id=self._get_param("PillarId"),
                              priority=self._get_param("QuestionPriority"))
        return ActionResult({**result, "WorkloadId": keys["workload_id"],
                             "MilestoneNumber": keys["milestone"], **review})

    def list_answers(self) -> ActionResult:
        return self._per_question(self.backend.list_answers, "AnswerSummaries")

    def list_lens_review_improvements(self) -> ActionResult:
        return self._per_question(self.backend.list_lens_review_improvements, "ImprovementSummaries")

    def get_answer(self) -> ActionResult:
        keys = self._review_keys()
        answer = self.backend.get_answer(question_id=self._get_param("QuestionId"), **keys)
        return ActionResult({"WorkloadId": keys["workload_id"], "MilestoneNumber": keys["milestone"], **answer})

    def update_answer(self) -> ActionResult:
        workload_id = self._get_param("WorkloadId")
        request = {key: self._get_param(key) for key in (
            "SelectedChoices", "ChoiceUpdates", "Notes", "IsApplicable", "Reason")}
        answer = self.backend.update_answer(workload_id, self._get_param("LensAlias"),
                                            self._get_param("QuestionId"), request)
        return ActionResult({"WorkloadId": workload_id, **answer})

    # -- milestones, notifications, upgrades ----------------------------------------------------
    def create_milestone(self) -> ActionResult:
        workload_id = self._get_param("WorkloadId")
        number = self.backend.create_milestone(workload_id, self._get_param("MilestoneName"))
        return ActionResult({"WorkloadId": workload_id, "MilestoneNumber": number})

    def list_milestones(self) -> ActionResult:
        workload_id = self._get_param("WorkloadId")
        result = self.listing(self.backend.list_milestones, "MilestoneSummaries", workload_id=workload_id)
        return ActionResult({**result, "WorkloadId": workload_id})

    def get_milestone(self) -> ActionResult:
        workload_id = self._get_param("WorkloadId")
        milestone = self.backend.get_milestone(workload_id, self._get_param("MilestoneNumber"))
        return ActionResult({"WorkloadId": workload_id, "Milestone": milestone})

    def list_notifications(self) -> ActionResult:
        return self.list_call(self.backend.list_notifications, "NotificationSummaries",
                              workload_id=self._get_param("WorkloadId"),
                              resource_arn=self._get_param("ResourceArn"))

    def get_consolidated_report(self) -> ActionResult | TYPE_RESPONSE:
        if self._get_param("Format") != "JSON":
            return self._not_emulated(501, "NotImplementedException",
                                      "GetConsolidatedReport is emulated in JSON format only, not as a PDF.")
        return self.list_call(self.backend.consolidated_metrics, "Metrics")

    def upgrade_lens_review(self) -> ActionResult:
        self.backend.upgrade_lens_review(self._get_param("WorkloadId"), self._get_param("LensAlias"),
                                         self._get_param("MilestoneName"))
        return EmptyResult()
