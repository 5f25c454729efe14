"""The response shape checker catches what the real SDK model does not allow."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest

from .shape_checker import ResponseShapeChecker, ShapeViolation

MODEL = botocore.session.get_session().get_service_model("wellarchitected")
SUMMARY = {"LensArn": "arn", "LensName": "n", "LensType": "CUSTOM_SELF", "LensStatus": "DRAFT",
           "CreatedAt": 1700000000.0, "Owner": "123456789012"}


@dataclass
class FakeResponse:
    status_code: int
    content: bytes


def check(operation: str, body: dict[str, Any], status: int = 200) -> ResponseShapeChecker:
    checker = ResponseShapeChecker()
    checker(http_response=FakeResponse(status, json.dumps(body).encode()), model=MODEL.operation_model(operation))
    return checker


def test_valid_response_and_documented_deviation_pass() -> None:
    assert check("ListLenses", {"LensSummaries": [SUMMARY], "NextToken": "t"}).checked == {"ListLenses": 1}


@pytest.mark.parametrize(("body", "message"), [
    ({"LensSummaries": [{**SUMMARY, "Extra": 1}]}, "unknown member 'Extra'"),
    ({"LensSummaries": [{**SUMMARY, "LensType": "CUSTOM"}]}, "not one of LensType"),
    ({"LensSummaries": [{**SUMMARY, "LensStatus": "ARCHIVED"}]}, "not one of LensStatus"),
    ({"LensSummaries": [{**SUMMARY, "LensVersion": 1}]}, "expected string"),
    ({"LensSummaries": {"not": "a list"}}, "expected list"),
])
def test_violations_are_reported_with_their_path(body: dict[str, Any], message: str) -> None:
    with pytest.raises(ShapeViolation, match=message) as violation:
        check("ListLenses", body)
    assert str(violation.value).startswith("ListLenses.LensSummaries")


def test_booleans_are_not_integers_and_maps_are_checked() -> None:
    with pytest.raises(ShapeViolation, match="expected integer"):
        check("GetLensReview", {"MilestoneNumber": True})
    with pytest.raises(ShapeViolation, match="expected string"):
        check("ListTagsForResource", {"Tags": {"team": 7}})


def test_errors_must_be_modeled_or_common_and_fit_their_shape() -> None:
    assert check("TagResource", {"__type": "ValidationException", "Message": "m", "Fields": []}, 400).checked
    with pytest.raises(ShapeViolation, match="not one of its modeled errors"):
        check("GetLens", {"__type": "ConflictException", "Message": "m"}, 409)
    with pytest.raises(ShapeViolation, match="misses required"):
        check("GetLens", {"__type": "ResourceNotFoundException", "Message": "m"}, 404)
