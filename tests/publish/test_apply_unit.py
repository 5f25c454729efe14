"""The draft confirmation is bounded, and a draft that never shows up is cleaned up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publisher.publish.actions import Action, Kind, TargetPlan
from publisher.publish.apply import DRAFT_POLL_DELAYS, PublishStepError, apply_plan
from publisher.publish.release import Release, request_token
from publisher.publish.targets import Target
from publisher.publish.versioning import VersionDecision

ARN = "arn:aws:wellarchitected:us-east-1:123456789012:lens/0123456789abcdef0123456789abcdef"


class SlowService:
    """Accepts the import and exports it as the draft, but the draft never appears in ListLenses."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.draft = ""

    def __getattr__(self, operation: str) -> Any:
        def call(**params: Any) -> dict[str, Any]:
            self.calls.append((operation, params))
            if operation == "import_lens":
                self.draft = params["JSONString"]
                return {"LensArn": ARN}
            if operation == "export_lens":
                if "LensVersion" in params:
                    raise RuntimeError("no such version")
                return {"LensJSON": self.draft}
            return {"LensSummaries": []}
        return call


class FakeClients:
    def __init__(self) -> None:
        self.wa = SlowService()


def test_draft_that_never_appears_times_out_and_is_deleted(tmp_path: Path) -> None:
    aws = FakeClients()
    plan = TargetPlan(target=Target("t", "us-east-1"), account="123456789012", lens_arn=ARN,
                      version=VersionDecision("1.1", is_major=False),
                      actions=[Action(Kind.IMPORT_DRAFT, "import"), Action(Kind.PUBLISH_VERSION, "publish 1.1")])
    release = Release(doc={"name": "L", "pillars": []}, declared_version="1.1")
    slept: list[float] = []
    with pytest.raises(PublishStepError) as caught:
        apply_plan(aws, plan, release, tmp_path, sleep=slept.append)  # type: ignore[arg-type]
    assert "did not appear in ListLenses" in caught.value.message
    assert "draft it imported was deleted" in caught.value.message
    assert slept == list(DRAFT_POLL_DELAYS)
    operations = [name for name, _ in aws.wa.calls]
    assert "create_lens_version" not in operations
    token = request_token("delete-draft", ARN, release.content_hash, "1.1")
    assert aws.wa.calls[-1] == ("delete_lens", {"LensAlias": ARN, "LensStatus": "DRAFT", "ClientRequestToken": token})
