"""Every error is AWS-shaped: input validation from botocore's model, unemulated operations,
malformed bodies and deep risk-rule conditions, in process and over HTTP."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.model import Shape

from publisher.sandbox.harness import Sandbox
from publisher.sandbox.responses import is_emulated

from .lens_samples import lens, lens_json, question
from .raw import raw_client, without

MODEL = botocore.session.get_session().get_service_model("wellarchitected")
EMULATED = sorted(name for name in MODEL.operation_names if is_emulated(name))
NOT_EMULATED = sorted(set(MODEL.operation_names) - set(EMULATED))
WORKLOAD_REVIEW = ("ListWorkloads", "GetWorkload", "UpdateWorkload", "DeleteWorkload", "AssociateLenses",
                   "DisassociateLenses", "ListLensReviews", "GetLensReview", "ListAnswers", "GetAnswer",
                   "UpdateAnswer", "ListLensReviewImprovements", "CreateMilestone", "ListMilestones",
                   "GetMilestone", "ListNotifications", "UpgradeLensReview")


def error_of(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as failed:
        call(**kwargs)
    response = failed.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def dummy(shape: Shape) -> Any:
    """A value of ``shape`` with only its required members, to get a request through the serializer."""
    kind = shape.type_name
    if kind == "structure":
        return {name: dummy(member) for name, member in shape.members.items()
                if name in shape.required_members}
    return {"string": "dummy", "integer": 1, "long": 1, "boolean": True, "list": [], "map": {},
            "blob": b"x", "timestamp": 0, "float": 1.0, "double": 1.0}[kind]


def test_the_workload_review_operations_are_emulated() -> None:
    assert set(WORKLOAD_REVIEW) <= set(EMULATED)
    assert (len(EMULATED), len(NOT_EMULATED), len(MODEL.operation_names)) == (46, 66, 112)  # + 9 review-template


def test_every_operation_of_the_model_is_emulated_or_says_it_is_not(sandbox: Sandbox) -> None:
    sandbox.client_hooks.clear()  # the shape checker knows no NotImplementedException
    client = raw_client(sandbox)
    for operation in NOT_EMULATED:
        method = getattr(client, botocore.xform_name(operation))
        status, code, message = error_of(method, **dummy(MODEL.operation_model(operation).input_shape))
        assert (status, code) == (501, "NotImplementedException"), operation
        assert f"operation {operation} is not emulated" in message


@pytest.mark.parametrize(("operation", "params", "field"), [
    ("import_lens", {}, "JSONString"),
    ("create_lens_version", {"LensAlias": "arn"}, "LensVersion"),
    ("create_lens_share", {"LensAlias": "arn"}, "SharedWith"),
    ("delete_lens", {"LensAlias": "arn"}, "LensStatus"),
    ("create_workload", {}, "WorkloadName"),
    ("list_lenses", {"MaxResults": 51}, "MaxResults"),
    ("list_lenses", {"LensType": "MINE"}, "LensType"),
    ("get_workload", {"WorkloadId": "not-hex"}, "WorkloadId"),
    ("import_lens", {"JSONString": 5}, "JSONString"),
])
def test_invalid_input_is_a_validation_exception_naming_the_field(sandbox: Sandbox, operation: str,
                                                                  params: dict[str, Any], field: str) -> None:
    client = raw_client(sandbox)
    with pytest.raises(client.exceptions.ValidationException) as failed:
        getattr(client, operation)(**params)
    error = failed.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert field in error["Error"]["Message"]
    assert field in {item["Name"].split(".")[0] for item in error["Fields"]}


@pytest.mark.parametrize(("operation", "params"), [
    ("import_lens", {"JSONString": lens_json()}),
    ("create_workload", {"WorkloadName": "w", "Description": "d", "Environment": "PRODUCTION", "Lenses": ["x"]}),
])
def test_client_request_token_is_required_where_the_reference_requires_it(sandbox: Sandbox, operation: str,
                                                                        params: dict[str, Any]) -> None:
    client = raw_client(sandbox, body=without("ClientRequestToken"))
    with pytest.raises(client.exceptions.ValidationException, match="ClientRequestToken"):
        getattr(client, operation)(**params)


def test_client_request_token_in_the_query_string_is_required_and_checked(sandbox: Sandbox) -> None:
    arn = sandbox.client().import_lens(JSONString=lens_json())["LensArn"]
    client = raw_client(sandbox, drop_query=("ClientRequestToken",))
    with pytest.raises(client.exceptions.ValidationException, match="ClientRequestToken"):
        client.delete_lens(LensAlias=arn, LensStatus="DRAFT")
    with pytest.raises(sandbox.client().exceptions.ValidationException, match="ClientRequestToken"):
        sandbox.client().delete_lens(LensAlias=arn, LensStatus="DRAFT", ClientRequestToken="jeton-\u00e9t\u00e9")
    sandbox.client().delete_lens(LensAlias=arn, LensStatus="DRAFT", ClientRequestToken="ascii-token")


@pytest.mark.parametrize("body", [b"{garbage", b"[1,2,3]", b"null", b'{"JSONString": NaN}'])
def test_malformed_bodies_are_json_validation_errors(sandbox: Sandbox, body: bytes) -> None:
    client = raw_client(sandbox, body=body)
    with pytest.raises(client.exceptions.ValidationException) as failed:
        client.import_lens(JSONString="{}")
    assert failed.value.response["Reason"] == "CANNOT_PARSE"


@pytest.mark.parametrize("json_string", ["[" * 100_000, '{"a":' * 100_000, "[" * 100_000 + "]" * 100_000])
def test_a_deeply_nested_lens_json_is_a_modeled_validation_error(sandbox: Sandbox, json_string: str) -> None:
    client = sandbox.client()
    with pytest.raises(client.exceptions.ValidationException) as failed:
        client.import_lens(JSONString=json_string, ClientRequestToken="deep")
    assert failed.value.response["Reason"] == "CANNOT_PARSE"
    assert failed.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_deeply_nested_conditions_are_refused_without_recursion_error(sandbox: Sandbox) -> None:
    document = lens()
    question(document)["riskRules"][0]["condition"] = "(" * 2000 + "enc_kms" + ")" * 2000
    client = sandbox.client()
    with pytest.raises(client.exceptions.ValidationException, match="nested deeper than 200"):
        client.import_lens(JSONString=json.dumps(document))
    question(document)["riskRules"][0]["condition"] = "(" * 200 + "enc_kms && enc_rotation" + ")" * 200
    client.import_lens(JSONString=json.dumps(document))
    question(document)["riskRules"][0]["condition"] = "!" * 5000 + "enc_kms"  # negations are not nesting levels
    document["name"] = "Negated"
    client.import_lens(JSONString=json.dumps(document))


def test_an_unknown_path_is_a_json_error(sandbox_http: Sandbox) -> None:
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(urllib.request.Request(
            f"{sandbox_http.endpoint}/nowhere", headers={
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/"
                                 "wellarchitected/aws4_request, SignedHeaders=host, Signature=x"}), timeout=10)
    assert failed.value.code == 404
    assert json.loads(failed.value.read())["__type"] == "UnknownOperationException"


def test_docs_name_every_operation_of_the_model() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "sandbox.md").read_text(encoding="utf-8")
    table = docs[docs.index("### Operations"):docs.index("### ImportLens checks")]
    assert [name for name in MODEL.operation_names if name not in table] == []
    assert f"{len(EMULATED)} of the {len(MODEL.operation_names)} operations" in docs
