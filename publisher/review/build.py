"""Assembling a review report: load both sides, diff, check the version, summarise the impact."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from publisher.diff import Change, LensDiff, diff_lenses
from publisher.diff.evidence import EvidenceDiff, diff_evidence
from publisher.findings import Finding
from publisher.lensformat import MAX_LENS_BYTES, MAX_LENS_CHARACTERS
from publisher.lensjson import wire_text
from publisher.review.model import (
    CountRow,
    PublishPreview,
    QuestionChanges,
    ReviewReport,
    SizeCheck,
    VersionCheck,
    WipedAnswers,
)
from publisher.review.paths import repository_root, shown, shown_findings
from publisher.review.sides import load_base, load_head
from publisher.review.version_answer import reconcile
from publisher.review.version_check import check_version

#: What each removal or move does, on UpgradeLensReview, to the answers workloads already hold. The
#: service documents only that an upgrade applies the new version and asks for the workload to be
#: reviewed again; walens (and its sandbox) take the worst case: an answer holding a removed choice
#: is wiped whole, not just that tick (see docs/review.md, "Impact on existing workload reviews").
ANSWER_LOSS = {
    "pillar_removed": "pillar {id} is removed: on upgrade, the answers to all its questions are lost.",
    "question_removed": "question {path} is removed: on upgrade, its answers are lost.",
    "question_moved": "question {path} moves from pillar {before} to {after}: its answers count toward another "
                      "pillar.",
    "choice_removed": "choice {path} is removed: on upgrade, every answer that ticked it is wiped whole (not just "
                      "that tick), and the question must be answered again.",
    "choice_moved": "choice {id} moves from {before} to {after}: on upgrade, every answer that ticked it in "
                    "{before} is wiped whole.",
}
EMPTY_DOC: dict[str, Any] = {"pillars": []}


def build_review(base_ref: str, head_ref: str | None, lens_dir: Path,
                 publish: PublishPreview | None = None, base_note: str = "") -> ReviewReport:
    """The full report for the change from ``base_ref`` to ``head_ref`` (default: the ``lens_dir`` folder).

    ``base_note`` says how the base was chosen, for the header (e.g. the merge-base of main and HEAD).
    """
    head, findings, compiled = load_head(head_ref, lens_dir)
    base = load_base(base_ref, lens_dir)
    root = repository_root()
    head, base = replace(head, label=shown(head.label, root)), replace(base, label=shown(base.label, root))
    findings = shown_findings(findings, root)
    notes: tuple[str, ...] = ()
    diff: LensDiff | None = None
    evidence: EvidenceDiff | None = None
    size: SizeCheck | None = None
    if not compiled or head.doc is None:
        notes = ("the head's lens sources have errors (see the findings), so it was not compared",)
        version = VersionCheck("unknown", "not checked: the head was not compared", base.version, head.version,
                               "unknown")
    else:
        # a new lens is compared with itself emptied, so that every pillar and question shows as added
        diff = diff_lenses(base.doc or {**head.doc, "pillars": []}, head.doc)
        evidence = diff_evidence(base.evidence, head.evidence, base.doc, head.doc,
                                 {"old": base.label, "new": head.label})
        size = _size(head.doc)
        version = check_version(base.version, head.version, diff.classification, base_exists=base.doc is not None)
        if publish is not None:
            version = reconcile(version, publish)
    ids = _Ids(base.doc, head.doc)
    return ReviewReport(
        lens_name=str((head.doc or {}).get("name") or (base.doc or {}).get("name") or ""),
        base=base, head=head, diff=diff, version=version,
        counts=_counts(diff, ids) if diff else (),
        questions=_questions(diff, ids) if diff else (),
        impact=tuple(_impact(diff)) if diff else (),
        wiped=_wiped(base.doc, head.doc) if diff else (),
        base_note=base_note,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        size=size,
        publish=publish or PublishPreview("not requested (pass --plan to include what publish would do)"),
        notes=notes,
        evidence=evidence,
    )


def _size(doc: dict[str, Any]) -> SizeCheck:
    text = wire_text(doc)  # the JSONString that publish imports
    return SizeCheck(len(text), len(text.encode("utf-8")), MAX_LENS_CHARACTERS, MAX_LENS_BYTES)


class _Ids:
    """Pillar, question and choice titles of both sides, to place each change and name it."""

    def __init__(self, *docs: dict[str, Any] | None) -> None:
        self.pillars: set[str] = set()
        self.titles: list[dict[str, str]] = []
        for doc in docs:
            titles: dict[str, str] = {}
            for pillar in (doc or EMPTY_DOC).get("pillars", []):
                self.pillars.add(str(pillar.get("id")))
                for question in pillar.get("questions", []):
                    titles[str(question.get("id"))] = str(question.get("title", ""))
            self.titles.append(titles)

    def question_of(self, change: Change) -> str | None:
        """``pillar/question`` when the change is inside a question, else None."""
        parts = change.path.split("/")
        known = any(len(parts) > 1 and parts[1] in titles for titles in self.titles)
        return "/".join(parts[:2]) if known and not change.kind.startswith("pillar") else None

    def level(self, change: Change) -> str:
        """``choices``, ``questions``, ``pillars`` or ``lens``: what the change is about."""
        parts = change.path.split("/")
        if self.question_of(change) is not None:
            return "choices" if len(parts) > 3 and parts[2] == "choices" else "questions"
        return "pillars" if change.kind.startswith("pillar") or parts[0] in self.pillars else "lens"


def _counts(diff: LensDiff, ids: _Ids) -> tuple[CountRow, ...]:
    tallies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for change in diff.changes:
        level = ids.level(change)
        if level == "lens":
            continue
        verb = change.kind.rsplit("_", 1)[-1]
        item = "/".join(change.path.split("/")[: {"pillars": 1, "questions": 2, "choices": 4}[level]])
        tallies[level][verb if verb in ("added", "removed", "moved") else "changed"].add(item)
        if level == "choices":  # a question whose choices change is a changed question
            tallies["questions"]["changed"].add("/".join(change.path.split("/")[:2]))
    for level in tallies:  # an item added, removed or moved is not also counted as changed
        tallies[level]["changed"] -= tallies[level]["added"] | tallies[level]["removed"] | tallies[level]["moved"]
    return tuple(CountRow(level, **{verb: len(items) for verb, items in tallies[level].items()})
                 for level in ("pillars", "questions", "choices"))


def _questions(diff: LensDiff, ids: _Ids) -> tuple[QuestionChanges, ...]:
    grouped: dict[str, list[Change]] = {}
    for change in diff.changes:
        key = ids.question_of(change)
        if key is not None:
            grouped.setdefault(key, []).append(change)
    return tuple(QuestionChanges(path, ids.titles[0].get(path.split("/")[1]), ids.titles[1].get(path.split("/")[1]),
                                 tuple(changes)) for path, changes in grouped.items())


def _impact(diff: LensDiff) -> list[str]:
    """Changes that drop or re-home answers workloads hold, then the diff's warnings for reviewers.

    Warnings about risk-rule changes are left out: the risk section shows each of those once.
    """
    lines = [ANSWER_LOSS[change.kind].format(id=change.id, path=change.path, before=change.before,
                                              after=change.after)
             for change in diff.changes if change.kind in ANSWER_LOSS]
    risk_paths = tuple(f"{change.path}: " for change in diff.changes if change.outcome is not None)
    return lines + [warning for warning in diff.warnings if not warning.startswith(risk_paths)]


def _choices(doc: dict[str, Any] | None) -> dict[str, tuple[str, list[str]]]:
    """question id -> (pillar/question, choice ids)."""
    return {str(question.get("id")): (f"{pillar.get('id')}/{question.get('id')}",
                                      [str(choice.get("id")) for choice in question.get("choices", [])])
            for pillar in (doc or EMPTY_DOC).get("pillars", []) for question in pillar.get("questions", [])}


def _wiped(base: dict[str, Any] | None, head: dict[str, Any] | None) -> tuple[WipedAnswers, ...]:
    """Per question kept in the head: how many possible answers hold a choice the head no longer has."""
    after = _choices(head)
    out = []
    for qid, (_, old) in _choices(base).items():
        if qid not in after:
            continue  # a removed question loses every answer: said in the impact lines
        removed = tuple(choice for choice in old if choice not in after[qid][1])
        if removed:
            total = len(set(old))
            kept = total - len(set(removed))
            out.append(WipedAnswers(after[qid][0], removed, 2**total - 2**kept, 2**total - 1))
    return tuple(out)
