"""apply with a fake service: the bounded draft confirmation and its cleanup, request tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publisher.publish.actions import Action, Kind, TargetPlan
from publisher.publish.apply import DRAFT_POLL_DELAYS, PublishStepError, apply_plan
from publisher.publish.release import Release
from publisher.publish.targets import Target
from publisher.publish.versioning import VersionDecision

ARN = "arn:aws:wellarchitected:us-east-1:123456789012:lens/0123456789abcdef0123456789abcdef"


class FakeService:
    """Records calls; exports the imported JSON; lists the draft only when ``lists_draft``."""

    def __init__(self, lists_draft: bool) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.draft = ""
        self.lists_draft = lists_draft

    def __getattr__(self, operation: str) -> Any:
        def call(**params: Any) -> dict[str, Any]:
            self.calls.append((operation, params))
            if operation == "import_lens":
                self.draft = params["JSONString"]
                return {"LensArn": ARN}
            if operation == "export_lens":
                if "LensVersion" in params and not self.lists_draft:
                    raise RuntimeError("no such version")
                return {"LensJSON": self.draft}
            listed = [{"LensArn": ARN, "LensStatus": "DRAFT"}] if self.lists_draft and self.draft else []
            return {"LensSummaries": listed}
        return call


class FakeClients:
    def __init__(self, lists_draft: bool = False) -> None:
        self.wa = FakeService(lists_draft)


def update_plan() -> TargetPlan:
    return TargetPlan(target=Target("t", "us-east-1"), account="123456789012", lens_arn=ARN,
                      version=VersionDecision("1.1", is_major=False),
                      actions=[Action(Kind.IMPORT_DRAFT, "import"), Action(Kind.PUBLISH_VERSION, "publish 1.1")])


RELEASE = Release(doc={"name": "L", "pillars": []}, declared_version="1.1")


def test_draft_that_never_appears_times_out_and_is_deleted(tmp_path: Path) -> None:
    aws = FakeClients()
    slept: list[float] = []
    with pytest.raises(PublishStepError) as caught:
        apply_plan(aws, update_plan(), RELEASE, tmp_path, sleep=slept.append)  # type: ignore[arg-type]
    assert "did not appear in ListLenses" in caught.value.message
    assert "draft it imported was deleted" in caught.value.message
    assert slept == list(DRAFT_POLL_DELAYS)
    operations = [name for name, _ in aws.wa.calls]
    assert "create_lens_version" not in operations
    assert aws.wa.calls[-1] == ("delete_lens", {"LensAlias": ARN, "LensStatus": "DRAFT"})


def test_writes_leave_the_idempotency_token_to_botocore(tmp_path: Path) -> None:
    """botocore fills a fresh ClientRequestToken per call and resends it on its own retries. A token
    fixed across runs would let the service replay an earlier answer instead of acting: a rerun's
    import would not import, and a concurrent run's CreateLensVersion would not consume its draft."""
    aws = FakeClients(lists_draft=True)
    apply_plan(aws, update_plan(), RELEASE, tmp_path, sleep=lambda _delay: None)  # type: ignore[arg-type]
    writes = [(name, params) for name, params in aws.wa.calls if name in ("import_lens", "create_lens_version")]
    assert [name for name, _ in writes] == ["import_lens", "create_lens_version"]
    assert all("ClientRequestToken" not in params for _, params in writes)
