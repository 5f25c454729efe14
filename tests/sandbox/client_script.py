"""An independent client: drives a wellarchitected endpoint the way a user's own tooling would.

Uses boto3 only (nothing from walens).  Steps: import a lens, publish version 1.0, export it and
compare with the source, re-import a change and publish 1.1 as a major version, share with a
second account, switch to that account (STS AssumeRole), accept the invitation and check the lens
is listed there as CUSTOM_SHARED.  Prints one JSON report; exits 1 when a step's result is wrong.

    python client_script.py --endpoint-url http://127.0.0.1:5000 --lens lens.json --recipient 111122223333
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError


class StepFailed(Exception):
    pass


def without_numbers(document: Any) -> Any:
    if isinstance(document, dict):
        return {key: without_numbers(value) for key, value in document.items() if key != "number"}
    if isinstance(document, list):
        return [without_numbers(item) for item in document]
    return document


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def run(endpoint: str, lens: dict[str, Any], recipient: str, region: str) -> dict[str, Any]:
    session = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                                    aws_secret_access_key="client-script-secret", region_name=region)
    owner = session.client("wellarchitected", endpoint_url=endpoint)
    arn = owner.import_lens(JSONString=json.dumps(lens))["LensArn"]
    owner.create_lens_version(LensAlias=arn, LensVersion="1.0")
    exported = json.loads(owner.export_lens(LensAlias=arn, LensVersion="1.0")["LensJSON"])
    expect(without_numbers(exported) == lens, "export of 1.0 differs from the imported lens")

    changed = {**lens, "description": lens["description"] + " Revised."}
    owner.import_lens(LensAlias=arn, JSONString=json.dumps(changed))
    owner.create_lens_version(LensAlias=arn, LensVersion="1.1", IsMajorVersion=True)
    expect(owner.get_lens(LensAlias=arn)["Lens"]["LensVersion"] == "1.1", "latest version is not 1.1")

    share_id = owner.create_lens_share(LensAlias=arn, SharedWith=recipient)["ShareId"]
    role = session.client("sts", endpoint_url=endpoint).assume_role(
        RoleArn=f"arn:aws:iam::{recipient}:role/reviewer", RoleSessionName="client-script")["Credentials"]
    guest = boto3.session.Session(
        aws_access_key_id=role["AccessKeyId"], aws_secret_access_key=role["SecretAccessKey"],
        aws_session_token=role["SessionToken"], region_name=region).client("wellarchitected", endpoint_url=endpoint)
    invitations = [item for item in guest.list_share_invitations(ShareResourceType="LENS")[
        "ShareInvitationSummaries"] if item["LensArn"] == arn]
    expect(len(invitations) == 1, f"expected one invitation for {arn}, got {len(invitations)}")
    guest.update_share_invitation(ShareInvitationId=invitations[0]["ShareInvitationId"],
                                  ShareInvitationAction="ACCEPT")
    shared = guest.list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"]
    expect([item["LensArn"] for item in shared] == [arn], "the accepted lens is not listed as CUSTOM_SHARED")
    statuses = [item["Status"] for item in owner.list_lens_shares(LensAlias=arn)["LensShareSummaries"]]
    expect(statuses == ["ACCEPTED"], f"owner sees share statuses {statuses}")
    return {"lens_arn": arn, "versions": ["1.0", "1.1"], "share_id": share_id, "recipient": recipient,
            "shared_status": statuses[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--lens", required=True, type=Path, help="custom lens JSON file")
    parser.add_argument("--recipient", required=True, help="12-digit account to share with")
    parser.add_argument("--region", default="us-east-1")
    arguments = parser.parse_args(argv)
    lens = json.loads(arguments.lens.read_text(encoding="utf-8"))
    try:
        report = run(arguments.endpoint_url, lens, arguments.recipient, arguments.region)
    except (StepFailed, ClientError) as failure:
        print(json.dumps({"ok": False, "error": str(failure)}))
        return 1
    print(json.dumps({"ok": True, **report}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
