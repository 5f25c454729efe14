"""ImportLens, CreateLensVersion, GetLens, ExportLens, ListLenses, DeleteLens through real boto3."""

from __future__ import annotations

import json

import pytest

from publisher.sandbox.harness import DEFAULT_ACCOUNT, Sandbox

from .lens_samples import lens, lens_json, question, strip_numbers


def import_new(client, **changes) -> str:
    arn: str = client.import_lens(JSONString=lens_json(**changes))["LensArn"]
    return arn


def test_import_creates_a_draft_with_a_lens_arn(sandbox: Sandbox) -> None:
    client = sandbox.client()
    response = client.import_lens(JSONString=lens_json())
    arn = response["LensArn"]
    assert arn.startswith(f"arn:aws:wellarchitected:us-east-1:{DEFAULT_ACCOUNT}:lens/")
    assert len(arn.rsplit("/", 1)[1]) == 32
    assert "Status" not in response
    summaries = client.list_lenses(LensType="CUSTOM_SELF", LensStatus="DRAFT")["LensSummaries"]
    assert [(item["LensArn"], item["LensStatus"], item["LensName"]) for item in summaries] == [
        (arn, "DRAFT", "Example Policy Lens")]
    assert "LensVersion" not in summaries[0]
    assert client.list_lenses(LensStatus="PUBLISHED")["LensSummaries"] == []


def test_publish_then_get_and_export_each_version(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    published = client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    assert (published["LensArn"], published["LensVersion"]) == (arn, "1.0")
    changed = lens(description="Second edition.")
    client.import_lens(LensAlias=arn, JSONString=json.dumps(changed))
    client.create_lens_version(LensAlias=arn, LensVersion="1.1")

    assert client.get_lens(LensAlias=arn, LensVersion="1.0")["Lens"]["Description"] == lens()["description"]
    latest = client.get_lens(LensAlias=arn)["Lens"]
    assert (latest["LensVersion"], latest["Description"], latest["Owner"]) == ("1.1", "Second edition.",
                                                                               DEFAULT_ACCOUNT)
    exported = json.loads(client.export_lens(LensAlias=arn, LensVersion="1.0")["LensJSON"])
    assert strip_numbers(exported) == lens()
    numbers = [(item["number"], [choice["number"] for choice in item["choices"]])
               for item in exported["pillars"][0]["questions"]]
    assert numbers == [(1, [1, 2, 3])]


def test_export_without_version_prefers_the_draft(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    client.create_lens_version(LensAlias=arn, LensVersion="1")
    assert strip_numbers(json.loads(client.export_lens(LensAlias=arn)["LensJSON"])) == lens()
    client.import_lens(LensAlias=arn, JSONString=lens_json(description="Draft text."))
    exported = json.loads(client.export_lens(LensAlias=arn)["LensJSON"])
    assert exported["description"] == "Draft text."


def test_new_import_replaces_the_single_draft(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    client.import_lens(LensAlias=arn, JSONString=lens_json(description="Replaced."))
    drafts = client.list_lenses(LensStatus="DRAFT")["LensSummaries"]
    assert [item["Description"] for item in drafts] == ["Replaced."]


def test_list_all_reports_draft_and_published_separately(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    client.import_lens(LensAlias=arn, JSONString=lens_json(description="Next."))
    summaries = client.list_lenses(LensStatus="ALL")["LensSummaries"]
    assert sorted((item["LensStatus"], item.get("LensVersion")) for item in summaries) == [
        ("DRAFT", None), ("PUBLISHED", "1.0")]


def test_list_lenses_filters_by_full_name_and_paginates(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arns = {import_new(client, name=f"Team Lens {index:02d}") for index in range(7)}
    arns.add(import_new(client, name="Other"))
    assert client.list_lenses(LensName="Team")["LensSummaries"] == []
    assert len(client.list_lenses(LensName="Team Lens 03")["LensSummaries"]) == 1
    seen, token, pages = set(), None, 0
    while True:
        kwargs = {"MaxResults": 3, "LensType": "CUSTOM_SELF", **({"NextToken": token} if token else {})}
        page = client.list_lenses(**kwargs)
        seen |= {item["LensArn"] for item in page["LensSummaries"]}
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert (seen, pages) == (arns, 3)


def test_versions_need_a_draft_valid_names_and_no_duplicates(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    with pytest.raises(client.exceptions.ValidationException) as invalid:
        client.create_lens_version(LensAlias=arn, LensVersion="1.0-rc1")
    assert invalid.value.response["Fields"][0]["Name"] == "LensVersion"
    client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    with pytest.raises(client.exceptions.ConflictException) as no_draft:
        client.create_lens_version(LensAlias=arn, LensVersion="1.1")
    assert no_draft.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    client.import_lens(LensAlias=arn, JSONString=lens_json())
    with pytest.raises(client.exceptions.ConflictException) as duplicate:
        client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    assert duplicate.value.response["ResourceId"] == arn


def test_a_lens_has_at_most_100_versions(sandbox_inprocess: Sandbox) -> None:
    client = sandbox_inprocess.client()
    arn = import_new(client)
    for number in range(100):
        client.import_lens(LensAlias=arn, JSONString=lens_json())
        client.create_lens_version(LensAlias=arn, LensVersion=f"{number}")
    client.import_lens(LensAlias=arn, JSONString=lens_json())
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as quota:
        client.create_lens_version(LensAlias=arn, LensVersion="100")
    assert quota.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402


def test_fifteen_custom_lenses_per_account_and_region(sandbox: Sandbox) -> None:
    client = sandbox.client()
    for index in range(15):
        import_new(client, name=f"Lens {index}")
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as quota:
        import_new(client, name="Lens 15")
    assert quota.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert quota.value.response["ServiceCode"] == "wellarchitected"
    import_new(sandbox.client(region="eu-west-1"), name="Lens 15")


def test_alias_must_be_a_lens_arn(sandbox: Sandbox) -> None:
    client = sandbox.client()
    with pytest.raises(client.exceptions.ValidationException) as error:
        client.import_lens(LensAlias="test", JSONString=lens_json())
    assert "allowed value as alias is LensARN" in error.value.response["Message"]


def test_unknown_lens_arn_is_not_found(sandbox: Sandbox) -> None:
    client = sandbox.client()
    missing = f"arn:aws:wellarchitected:us-east-1:{DEFAULT_ACCOUNT}:lens/{'0' * 32}"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as error:
        client.get_lens(LensAlias=missing)
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_normalized_name_clash_and_rename_rules(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client, name="Ops Review")
    with pytest.raises(client.exceptions.ValidationException) as clash:
        import_new(client, name="ops review")
    assert "normalized name opsreview already exists" in clash.value.response["Message"]
    client.import_lens(LensAlias=arn, JSONString=lens_json(name="Ops Review Draft"))
    client.create_lens_version(LensAlias=arn, LensVersion="1")
    with pytest.raises(client.exceptions.ValidationException) as rename:
        client.import_lens(LensAlias=arn, JSONString=lens_json(name="Renamed"))
    assert rename.value.response["Message"] == "Lens name must match published name"


def test_import_rejects_invalid_documents_naming_the_field(sandbox: Sandbox) -> None:
    client = sandbox.client()
    bad = lens()
    question(bad)["title"] = "Uses <html>; and more"
    with pytest.raises(client.exceptions.ValidationException) as charset:
        client.import_lens(JSONString=json.dumps(bad))
    assert charset.value.response["Reason"] == "FIELD_VALIDATION_FAILED"
    assert charset.value.response["Fields"][0]["Name"] == "pillars[0].questions[0].title"
    with pytest.raises(client.exceptions.ValidationException) as unparsable:
        client.import_lens(JSONString='{"schemaVersion": NaN}')
    assert unparsable.value.response["Reason"] == "CANNOT_PARSE"


def test_delete_draft_published_and_all(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    client.create_lens_version(LensAlias=arn, LensVersion="1")
    client.import_lens(LensAlias=arn, JSONString=lens_json())
    client.delete_lens(LensAlias=arn, LensStatus="DRAFT")
    assert [item["LensStatus"] for item in client.list_lenses()["LensSummaries"]] == ["PUBLISHED"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_lens(LensAlias=arn, LensStatus="DRAFT")
    client.import_lens(LensAlias=arn, JSONString=lens_json())
    client.delete_lens(LensAlias=arn, LensStatus="PUBLISHED")
    assert [item["LensStatus"] for item in client.list_lenses()["LensSummaries"]] == ["DRAFT"]
    client.delete_lens(LensAlias=arn, LensStatus="ALL")
    assert client.list_lenses()["LensSummaries"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_lens(LensAlias=arn)


def test_tags_on_import_and_through_tag_apis(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = client.import_lens(JSONString=lens_json(), Tags={"team": "platform"})["LensArn"]
    client.tag_resource(WorkloadArn=arn, Tags={"cost": "42"})
    assert client.list_tags_for_resource(WorkloadArn=arn)["Tags"] == {"team": "platform", "cost": "42"}
    client.untag_resource(WorkloadArn=arn, TagKeys=["team"])
    assert client.get_lens(LensAlias=arn)["Lens"]["Tags"] == {"cost": "42"}
    with pytest.raises(client.exceptions.ValidationException):
        client.tag_resource(WorkloadArn=arn, Tags={f"k{index}": "v" for index in range(50)})
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_tags_for_resource(WorkloadArn=arn.replace(arn[-32:], "f" * 32))


def test_too_many_tags_on_import_change_nothing(sandbox: Sandbox) -> None:
    client = sandbox.client()
    too_many = {f"k{index}": "v" for index in range(51)}
    with pytest.raises(client.exceptions.ValidationException):
        client.import_lens(JSONString=lens_json(), Tags=too_many)
    assert client.list_lenses()["LensSummaries"] == []
    arn = import_new(client)
    with pytest.raises(client.exceptions.ValidationException):
        client.import_lens(LensAlias=arn, JSONString=lens_json(description="Changed."),
                           Tags=too_many)
    assert client.list_lenses()["LensSummaries"][0]["Description"] == lens()["description"]


def test_client_request_token_replays_the_first_answer(sandbox: Sandbox) -> None:
    client = sandbox.client()
    first = client.import_lens(JSONString=lens_json(), ClientRequestToken="same")["LensArn"]
    assert client.import_lens(JSONString=lens_json(), ClientRequestToken="same")["LensArn"] == first
    assert len(client.list_lenses(LensType="CUSTOM_SELF")["LensSummaries"]) == 1
    with pytest.raises(client.exceptions.ConflictException) as caught:
        client.import_lens(JSONString=lens_json(description="Other."), ClientRequestToken="same")
    assert "different parameters" in caught.value.response["Error"]["Message"]
    version = dict(LensAlias=first, LensVersion="1.0", ClientRequestToken="v1")
    client.create_lens_version(**version)
    assert client.create_lens_version(**version)["LensVersion"] == "1.0"  # replayed, not a duplicate


def test_a_failed_call_is_not_remembered_by_its_token(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = import_new(client)
    client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    retry = dict(LensAlias=arn, LensVersion="1.1", ClientRequestToken="retry")
    with pytest.raises(client.exceptions.ConflictException):
        client.create_lens_version(**retry)  # no draft to publish yet
    client.import_lens(JSONString=lens_json(description="Second edition."), LensAlias=arn)
    assert client.create_lens_version(**retry)["LensVersion"] == "1.1"
    assert client.get_lens(LensAlias=arn)["Lens"]["LensVersion"] == "1.1"
