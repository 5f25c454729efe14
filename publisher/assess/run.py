"""One assessment: read the lens and its rules, collect every source, read the answers, plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from publisher.assess.collect_aws import ClientFactory, collect_aws
from publisher.assess.facts import Facts, SourceFacts
from publisher.assess.k8s_facts import kubernetes_facts
from publisher.assess.k8s_read import read_live, read_manifests, read_snapshot
from publisher.assess.plan import build_plan, evidence_questions
from publisher.assess.proposal import Answer
from publisher.assess.rules import RuleSet
from publisher.assess.template import (
    TemplateOutcome,
    find_template,
    lens_arn,
    platform_rules,
    template_answers,
    write_template,
)
from publisher.errors import InputError, MissingExtra, OperationFailed, Refused, UsageError

_T = TypeVar("_T")


@dataclass(frozen=True)
class Request:
    cluster: str
    region: str
    workload_id: str
    lens_dir: Path
    snapshot: Path | None = None
    manifests: Path | None = None
    kube_context: str | None = None
    live: bool = False
    lens_alias: str | None = None


def lens_and_rules(lens_dir: Path) -> tuple[dict[str, Any], RuleSet]:
    """The lens document and its evidence rules; InputError at the first broken rule."""
    from publisher.loader import load

    loaded = load(lens_dir)
    doc = loaded.document()
    rules = loaded.evidence or RuleSet({}, [])
    if rules.problems:
        first = rules.problems[0]
        more = f" (and {len(rules.problems) - 1} more: run 'walens validate')" if len(rules.problems) > 1 else ""
        raise InputError(f"E6001 {first.message}{more}", str(first.location))
    if not rules.rules:
        raise UsageError(f"{lens_dir}: the lens has no evidence rules (see docs/assess.md)")
    return doc, rules


def kubernetes_source(request: Request) -> SourceFacts | None:
    """The Kubernetes facts, or the reason they could not be read; None when no input was named."""
    if request.snapshot is None and request.manifests is None and not request.live:
        return None
    label = "declared" if request.manifests is not None else "observed"
    try:
        if request.manifests is not None:
            objects = read_manifests(request.manifests)
        elif request.snapshot is not None:
            objects = read_snapshot(request.snapshot)
        else:
            objects = read_live(request.kube_context)
    except InputError as exc:
        return SourceFacts("kubernetes", label, error=exc.message)
    except MissingExtra:
        raise
    except Exception as exc:  # the live cluster: kubeconfig, connection or API errors
        return SourceFacts("kubernetes", label, error=f"{type(exc).__name__}: {exc}")
    return SourceFacts("kubernetes", label, kubernetes_facts(objects, label))


def lens_alias(wa: Any, workload_id: str, lens_name: str) -> str:
    """The ARN of the lens review of ``lens_name`` on the workload (one ListLensReviews call)."""
    summaries = wa.list_lens_reviews(WorkloadId=workload_id).get("LensReviewSummaries", [])
    arns = [s.get("LensArn") or s.get("LensAlias") for s in summaries if s.get("LensName") == lens_name]
    if not arns:
        raise Refused(f"workload {workload_id} has no review of lens {lens_name!r}: apply the lens to it, or "
                      "pass --lens-alias")
    return str(arns[0])


def current_answers(wa: Any, workload_id: str, alias: str, question_ids: list[str]) -> dict[str, Answer]:
    answers = {}
    for qid in question_ids:
        try:
            answer = wa.get_answer(WorkloadId=workload_id, LensAlias=alias, QuestionId=qid)["Answer"]
        except Exception as exc:
            raise OperationFailed(f"GetAnswer {qid} on workload {workload_id}: {exc}") from exc
        answers[qid] = Answer.from_api(answer)
    return answers


def _reading(what: str, read: Callable[[], _T]) -> _T:
    """``read()``, with any failure but a refusal turned into OperationFailed naming ``what``."""
    try:
        return read()
    except (Refused, OperationFailed):
        raise
    except Exception as exc:
        raise OperationFailed(f"cannot read {what}: {exc}") from exc


def _meta(request: Request, now: Callable[[], str], alias: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {"createdAt": now(), "cluster": request.cluster, "region": request.region,
            "workloadId": request.workload_id, "lensAlias": alias, "lensName": doc.get("name")}


def assess(request: Request, clients: ClientFactory, *, today: date, now: Callable[[], str]) -> dict[str, Any]:
    """The plan for one cluster and workload."""
    doc, rules = lens_and_rules(request.lens_dir)
    wa = clients("wellarchitected")

    def read() -> tuple[str, dict[str, Answer]]:
        alias = request.lens_alias or lens_alias(wa, request.workload_id, str(doc.get("name")))
        return alias, current_answers(wa, request.workload_id, alias, evidence_questions(doc, rules))

    alias, answers = _reading(f"workload {request.workload_id}", read)
    sources = collect_aws(clients, request.cluster, today)
    kubernetes = kubernetes_source(request)
    if kubernetes is not None:
        sources.append(kubernetes)
    return build_plan(doc, rules, Facts(sources), answers, meta=_meta(request, now, alias, doc))


def assess_template(request: Request, name: str, clients: ClientFactory, *, today: date, now: Callable[[], str],
                    merge: bool, dry_run: bool) -> tuple[dict[str, Any], TemplateOutcome]:
    """The plan of the platform-level rules for review template ``name``, and what writing it did."""
    doc, rules = lens_and_rules(request.lens_dir)
    platform = platform_rules(rules)
    if not platform.rules:
        raise UsageError(f"{request.lens_dir}: no choice is judged by EKS or GuardDuty facts alone, so nothing "
                         "belongs in a review template")
    wa = clients("wellarchitected")

    def read() -> tuple[str, str | None, dict[str, Answer]]:
        alias = request.lens_alias or lens_arn(wa, str(doc.get("name")))
        arn = find_template(wa, name)
        return alias, arn, template_answers(wa, arn, alias, evidence_questions(doc, platform))

    alias, arn, answers = _reading(f"review template {name!r}", read)
    plan = build_plan(doc, platform, Facts(collect_aws(clients, request.cluster, today)), answers,
                      meta=_meta(request, now, alias, doc))
    description = f"Platform evidence of EKS cluster {request.cluster} ({request.region}), from walens assess"
    outcome = write_template(plan, wa, TemplateOutcome(name, arn or ""), merge=merge, dry_run=dry_run,
                             description=description)
    return plan, outcome
