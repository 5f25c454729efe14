"""``walens assess --template NAME``: platform-level evidence written into a WA review template.

Only the rules over cluster-wide sources (EKS and GuardDuty) belong in a template: every workload
created from it (CreateWorkload ``ReviewTemplateArns``) starts with those answers, and its own
Kubernetes evidence is assessed per workload. The template is found by name (ListReviewTemplates)
or created with the lens; each answer is read (GetReviewTemplateAnswer) and written only when the
proposal changes it (UpdateReviewTemplateAnswer), with the same rules as ``apply``: unanswered
questions only unless ``merge``, never removing a choice a person made, replacing only walens's
own notes block. A rerun on the same facts writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from publisher.assess.apply import planned
from publisher.assess.proposal import Answer, target, update_request
from publisher.assess.rules import RuleSet
from publisher.errors import OperationFailed, Refused

#: The sources whose facts hold for the whole cluster, whatever workload runs on it.
PLATFORM_SOURCES = frozenset({"eks", "guardduty"})


def platform_rules(rules: RuleSet) -> RuleSet:
    """The rules of the choices judged by platform sources alone (a choice with a Kubernetes rule is left out)."""
    return RuleSet({key: listed for key, listed in rules.rules.items()
                    if all(rule.source in PLATFORM_SOURCES for rule in listed)}, [])


@dataclass
class TemplateOutcome:
    """The template (created or found) and what happened to each question."""

    name: str
    arn: str = ""
    created: bool = False
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def writes(self) -> int:
        return len(self.written) + (1 if self.created else 0)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "arn": self.arn or None, "created": self.created, "written": self.written,
                "unchanged": self.unchanged, "skipped": self.skipped, "writes": self.writes}


def find_template(wa: Any, name: str) -> str | None:
    """The ARN of the caller's review template called ``name`` (ListReviewTemplates, every page)."""
    token: dict[str, str] = {}
    while True:
        page = wa.list_review_templates(**token)
        for summary in page.get("ReviewTemplates", []):
            if summary.get("TemplateName") == name:
                return str(summary["TemplateArn"])
        if not page.get("NextToken"):
            return None
        token = {"NextToken": page["NextToken"]}


def lens_arn(wa: Any, lens_name: str) -> str:
    """The ARN of the custom lens called ``lens_name`` (owned, else shared with the caller)."""
    for lens_type in ("CUSTOM_SELF", "CUSTOM_SHARED"):
        for summary in wa.list_lenses(LensType=lens_type, LensName=lens_name).get("LensSummaries", []):
            if summary.get("LensName") == lens_name and summary.get("LensArn"):
                return str(summary["LensArn"])
    raise Refused(f"no custom lens named {lens_name!r} in this account and Region: publish it, or pass --lens-alias")


def template_answers(wa: Any, arn: str | None, alias: str, question_ids: list[str]) -> dict[str, Answer]:
    """The template's current answers (none yet when it does not exist)."""
    if arn is None:
        return {}
    return {qid: Answer.from_api(wa.get_review_template_answer(TemplateArn=arn, LensAlias=alias,
                                                               QuestionId=qid)["Answer"])
            for qid in question_ids}


def write_template(plan: Mapping[str, Any], wa: Any, outcome: TemplateOutcome, *, merge: bool,
                   dry_run: bool, description: str) -> TemplateOutcome:
    """Create the template when it is missing, then write each answer the plan changes."""
    alias = plan["workload"]["lensAlias"]
    if not outcome.arn:
        outcome.created = True
        if not dry_run:
            outcome.arn = str(wa.create_review_template(TemplateName=outcome.name, Description=description,
                                                        Lenses=[alias], ClientRequestToken=outcome.name)["TemplateArn"])
    for entry in plan["questions"]:
        qid = entry["questionId"]
        current, proposal = planned(entry)
        wanted = target(current, proposal, merge=merge)
        request = update_request(current, wanted, proposal)
        if request is None:
            if current.answered and not merge and wanted == current and (proposal.select or proposal.not_applicable):
                outcome.skipped[qid] = "answered by a person: --merge adds the proposed choices"
            else:
                outcome.unchanged.append(qid)
            continue
        if not dry_run:
            try:
                wa.update_review_template_answer(TemplateArn=outcome.arn, LensAlias=alias, QuestionId=qid, **request)
            except Exception as exc:
                raise OperationFailed(f"UpdateReviewTemplateAnswer {qid} on template {outcome.name}: {exc}") from exc
        outcome.written.append(qid)
    return outcome
