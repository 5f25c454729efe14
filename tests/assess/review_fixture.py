"""A workload reviewed with the test lens in the in-process sandbox, and the assess command around it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher.cli import main
from publisher.sandbox.harness import Sandbox
from publisher.sources import compile_lens

from .aws_fixture import REGION, create_cluster, create_detector
from .lens_fixture import LENS
from .objects import healthy, snapshot, workload


@dataclass
class Review:
    wa: Any
    arn: str
    workload_id: str
    tmp: Path

    def answer(self, question: str) -> dict[str, Any]:
        result: dict[str, Any] = self.wa.get_answer(WorkloadId=self.workload_id, LensAlias=self.arn,
                                                    QuestionId=question)["Answer"]
        return result

    def answer_as_person(self, question: str, selected: list[str], notes: str | None = None) -> None:
        extra = {"Notes": notes} if notes is not None else {}
        self.wa.update_answer(WorkloadId=self.workload_id, LensAlias=self.arn, QuestionId=question,
                              SelectedChoices=selected, **extra)


@pytest.fixture
def review(sandbox_inprocess: Sandbox, tmp_path: Path) -> Iterator[Review]:
    wa = sandbox_inprocess.client()
    arn = wa.import_lens(JSONString=json.dumps(compile_lens(LENS).doc))["LensArn"]
    wa.create_lens_version(LensAlias=arn, LensVersion="1.0")
    workload_id = wa.create_workload(WorkloadName="shop", Description="Shop on EKS", Environment="PRODUCTION",
                                     Lenses=[arn], ReviewOwner="team@example.com", AwsRegions=[REGION])["WorkloadId"]
    create_cluster(logs=("api", "audit", "authenticator"), cidrs=("203.0.113.0/24",))
    create_detector(audit=False)
    (tmp_path / "snapshot.json").write_text(json.dumps(snapshot(*healthy(), workload("api", replicas=1))))
    yield Review(wa, arn, workload_id, tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def assess_args(review: Review, *extra: str) -> list[str]:
    return ["assess", "--cluster", "prod", "--region", REGION, "--workload-id", review.workload_id,
            "--lens-dir", str(LENS), "--snapshot", str(review.tmp / "snapshot.json"), *extra]


def make_plan(review: Review, capsys: pytest.CaptureFixture[str], name: str = "plan.json") -> Path:
    path = review.tmp / name
    code, _, err = run(capsys, *assess_args(review, "--format", "json", "--out", str(path)))
    assert code == 0, err
    return path
