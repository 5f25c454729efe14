"""Turn a custom-lens JSON document into lens sources that compile back to the same lens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import InputError, UsageError
from publisher.lensformat import SCHEMA_VERSION
from publisher.lensjson import SERVICE_ADDED_KEYS
from publisher.sources.compiler import LENS_FILE, PILLAR_FILE
from publisher.sources.markdown_text import from_text, parse_blocks

LENS_KEYS = ("schemaVersion", "name", "description", "pillars")
PILLAR_KEYS = ("id", "name", "questions")
QUESTION_KEYS = ("id", "title", "description", "helpfulResource", "choices", "riskRules")
CHOICE_KEYS = ("id", "title", "helpfulResource", "improvementPlan", "additionalResources")
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
SCHEMA_COMMENT = "# yaml-language-server: $schema={}publisher/schemas/{}.schema.json\n"


@dataclass
class DecompileReport:
    """What the decompiler did that a user should know about."""

    files: int = 0
    verbatim_texts: int = 0
    kept_extra_keys: list[str] = field(default_factory=list)
    dropped_service_keys: int = 0


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def decompile(doc: Any, out_dir: Path, version: str = "1.0") -> DecompileReport:
    """Write ``doc`` as lens sources into ``out_dir`` (which must not exist or be empty)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("pillars"), list):
        raise InputError("cannot decompile: the document has no 'pillars' list")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise UsageError(f"{out_dir} is not empty; decompile writes into a new folder")
    report = DecompileReport()
    files: dict[Path, str] = {}
    lens_meta: dict[str, Any] = {k: doc[k] for k in ("name", "description") if k in doc}
    lens_meta["version"] = version
    pillar_ids = _unique_names([p.get("id") if isinstance(p, dict) else None for p in doc["pillars"]], "pillar")
    lens_meta["pillars"] = pillar_ids
    extra = _extra(doc, LENS_KEYS, "lens", report)
    if doc.get("schemaVersion") != SCHEMA_VERSION:
        extra["schemaVersion"] = doc.get("schemaVersion")
        report.kept_extra_keys.append("lens.schemaVersion")
    if extra:
        lens_meta["extra"] = extra
    files[out_dir / LENS_FILE] = SCHEMA_COMMENT.format("../../", "lens-source") + _yaml(lens_meta)
    for pillar_id, pillar in zip(pillar_ids, doc["pillars"], strict=True):
        _pillar(pillar, out_dir / pillar_id, files, report)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    report.files = len(files)
    return report


def _unique_names(ids: list[Any], what: str) -> list[str]:
    seen: set[str] = set()
    for item in ids:
        if not isinstance(item, str) or not SAFE_NAME.match(item):
            raise InputError(f"cannot decompile: {what} id {item!r} cannot be used as a file name")
        if item.lower() in seen:
            raise InputError(f"cannot decompile: {what} id {item!r} appears twice (ignoring case)")
        seen.add(item.lower())
    return list(ids)


def _extra(obj: dict[str, Any], known: tuple[str, ...], where: str, report: DecompileReport) -> dict[str, Any]:
    extra = {}
    for key, value in obj.items():
        if key in known:
            continue
        if key in SERVICE_ADDED_KEYS and where in ("question", "choice"):
            report.dropped_service_keys += 1
            continue
        extra[key] = value
        report.kept_extra_keys.append(f"{where}.{key}")
    return extra


def _pillar(pillar: dict[str, Any], folder: Path, files: dict[Path, str], report: DecompileReport) -> None:
    questions = pillar.get("questions", [])
    if not isinstance(questions, list):
        raise InputError(f"cannot decompile: pillar {pillar.get('id')!r} has no questions list")
    qids = _unique_names([q.get("id") if isinstance(q, dict) else None for q in questions], "question")
    meta: dict[str, Any] = {"name": pillar["name"]} if "name" in pillar else {}
    meta["questions"] = qids
    extra = _extra(pillar, PILLAR_KEYS, "pillar", report)
    if extra:
        meta["extra"] = extra
    files[folder / PILLAR_FILE] = SCHEMA_COMMENT.format("../../../", "pillar-source") + _yaml(meta)
    for qid, question in zip(qids, questions, strict=True):
        files[folder / f"{qid}.md"] = _question(question, report)


def _markdown_resource(resource: Any) -> str | None:
    """Markdown for a {displayText, url} resource, or None when it must stay verbatim."""
    if not isinstance(resource, dict) or set(resource) - {"displayText", "url"}:
        return None
    text, url = resource.get("displayText"), resource.get("url")
    if not isinstance(text, str) or (url is not None and not _autolink_safe(url)):
        return None
    markdown = from_text(text)
    if markdown is None:
        return None
    return markdown + (f"\n\n<{url}>" if url is not None else "")


def _autolink_safe(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    blocks = parse_blocks(f"<{url}>")
    return len(blocks) == 1 and blocks[0].autolink == url


def _question(question: dict[str, Any], report: DecompileReport) -> str:
    meta: dict[str, Any] = {"title": question["title"]} if "title" in question else {}
    body: list[str] = []
    if "description" in question:
        markdown = from_text(question["description"]) if isinstance(question["description"], str) else None
        if markdown is None:
            meta["description"] = question["description"]
            report.verbatim_texts += 1
        else:
            body.append(markdown)
    if "helpfulResource" in question:
        meta["helpfulResource"] = question["helpfulResource"]
    choices = question.get("choices")
    if isinstance(choices, list):
        ids = [c.get("id") for c in choices if isinstance(c, dict)]
        sections_allowed = len(ids) == len(set(ids)) == len(choices) and all(_heading_safe(i) for i in ids)
        meta["choices"] = [_choice(c, body, sections_allowed, report) for c in choices]
    elif "choices" in question:
        meta["choices"] = choices
    if "riskRules" in question:
        meta["riskRules"] = question["riskRules"]
    extra = _extra(question, QUESTION_KEYS, "question", report)
    if extra:
        meta["extra"] = extra
    head = "---\n" + SCHEMA_COMMENT.format("../../../", "question-source") + _yaml(meta) + "---\n"
    return head + "".join(f"\n{part}\n" for part in body)


def _heading_safe(choice_id: Any) -> bool:
    if not isinstance(choice_id, str) or not choice_id:
        return False
    blocks = parse_blocks(f"## {choice_id}")
    return len(blocks) == 1 and blocks[0].heading_level == 2 and blocks[0].text == choice_id


def _choice(choice: Any, body: list[str], sections_allowed: bool, report: DecompileReport) -> Any:
    if not isinstance(choice, dict):
        return choice
    spec: dict[str, Any] = {k: choice[k] for k in ("id", "title") if k in choice}
    section: list[str] = []
    for key in ("helpfulResource", "improvementPlan"):
        if key not in choice:
            continue
        markdown = _markdown_resource(choice[key]) if sections_allowed else None
        if markdown is None:
            spec[key] = choice[key]
            report.verbatim_texts += 1
        elif key == "helpfulResource":
            section.append(markdown)
        else:
            section.append(f"### Improvement plan\n\n{markdown}")
    if "additionalResources" in choice:
        spec["additionalResources"] = choice["additionalResources"]
    extra = _extra(choice, CHOICE_KEYS, "choice", report)
    if extra:
        spec["extra"] = extra
    if section:
        body.append(f"## {choice['id']}")
        body.extend(section)
    return spec
