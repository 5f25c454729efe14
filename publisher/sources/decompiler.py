"""Turn a custom-lens JSON document into lens sources that compile back to the same JSON text.

Texts become Markdown where Markdown converts back exactly, and stay verbatim in front matter
otherwise. Keys the source format has no field for are kept under ``extra`` and a non-default key
order under ``keyOrder``, at every level, so ``dumps(compile(decompile(doc)))`` equals
``dumps(doc)`` once the ``number`` fields ExportLens adds are dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from publisher.errors import InputError
from publisher.lensformat import SCHEMA_VERSION
from publisher.lensjson import SERVICE_ADDED_KEYS
from publisher.schema_hints import aim, schemas_above
from publisher.sources.compiler import LENS_FILE, PILLAR_FILE
from publisher.sources.extra_keys import EXTRA, carry_unknown, format_keys
from publisher.sources.file_names import checked_names
from publisher.sources.markdown_text import from_text, parse_blocks
from publisher.sources.tree_writer import check_new_folder, write_tree

#: Objects to which ExportLens adds ``number``.
NUMBERED_KINDS = ("question", "choice")
#: The editor's schema hint; ``decompile`` aims it at the schemas above the output folder (or drops it).
SCHEMA_COMMENT = "# yaml-language-server: $schema={}.schema.json\n"


@dataclass
class DecompileReport:
    """What the decompiler did that a user should know about."""

    files: int = 0
    verbatim_texts: int = 0
    #: ``<kind>.<key>`` for each key kept under ``extra``
    kept_extra_keys: list[str] = field(default_factory=list)
    dropped_service_keys: int = 0


#: Characters YAML reads as line breaks that PyYAML writes raw outside double quotes.
_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _UNICODE_BREAKS.intersection(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def decompile(doc: Any, out_dir: Path, version: str = "1.0", tags: dict[str, str] | None = None) -> DecompileReport:
    """Write ``doc`` as lens sources into ``out_dir``, which must not exist or be empty.

    Raises InputError for a document that cannot become sources (located at a JSON pointer) and
    UsageError when ``out_dir`` cannot be used; nothing is left behind in either case.
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("pillars"), list):
        raise InputError("cannot decompile: the document has no 'pillars' list", "/pillars")
    check_new_folder(out_dir)
    report = DecompileReport()
    schemas = schemas_above(out_dir)
    files = {path: aim(path.as_posix(), text, schemas)
             for path, text in _Decompiler(report).lens(doc, version, tags or {}).items()}
    write_tree(files, out_dir, verify=lambda staging: _builds_back(staging, doc))
    report.files = len(files)
    return report


def _builds_back(folder: Path, doc: dict[str, Any]) -> None:
    """Refuse sources that would not build back to ``doc`` (e.g. values nested deeper than YAML
    sources may be): the promise of decompile is that its output builds to the same lens."""
    from publisher.lensjson import canonical_text
    from publisher.sources.compiler import compile_lens

    compiled = compile_lens(folder)
    errors = [finding for finding in compiled.findings if finding.is_error]
    if errors:
        first = errors[0]
        where = os.path.relpath(first.location.file, folder)
        raise InputError(f"cannot decompile: its sources would not build ({where}: {first.code} {first.message})",
                         first.location.pointer)
    expected = {"schemaVersion": SCHEMA_VERSION, **doc} if "schemaVersion" not in doc else doc
    if canonical_text(compiled.doc) != canonical_text(expected):
        raise InputError("cannot decompile: the sources would not build back to the same lens")


def _id(obj: Any) -> Any:
    return obj.get("id") if isinstance(obj, dict) else None


class _Decompiler:
    def __init__(self, report: DecompileReport) -> None:
        self.report = report
        self.files: dict[PurePosixPath, str] = {}

    def _unknown(self, obj: dict[str, Any], kind: str, emitted: list[str]) -> dict[str, Any]:
        """``extra``/``keyOrder`` for ``obj``, counted in the report."""
        fields = carry_unknown(obj, emitted)
        self.report.kept_extra_keys.extend(f"{kind}.{key}" for key in fields.get(EXTRA, {}))
        return fields

    def _numbers_dropped(self, obj: dict[str, Any]) -> dict[str, Any]:
        kept = {key: value for key, value in obj.items() if key not in SERVICE_ADDED_KEYS}
        self.report.dropped_service_keys += len(obj) - len(kept)
        return kept

    def lens(self, doc: dict[str, Any], version: str, tags: dict[str, str]) -> dict[PurePosixPath, str]:
        pillars = doc["pillars"]
        pillar_ids = checked_names([_id(p) for p in pillars], lambda i: f"/pillars/{i}/id", "pillar", "", LENS_FILE)
        emitted = [k for k in format_keys(doc, "lens") if k != "schemaVersion" or doc[k] == SCHEMA_VERSION]
        meta: dict[str, Any] = {k: doc[k] for k in emitted if k in ("name", "description")}
        meta["version"] = version
        if tags:
            meta["tags"] = dict(sorted(tags.items()))
        meta["pillars"] = pillar_ids
        meta.update(self._unknown(doc, "lens", emitted))
        self.files[PurePosixPath(LENS_FILE)] = SCHEMA_COMMENT.format("lens-source") + _yaml(meta)
        for index, pillar in enumerate(pillars):
            self._pillar(pillar, f"/pillars/{index}")
        return self.files

    def _pillar(self, pillar: dict[str, Any], pointer: str) -> None:
        questions = pillar.get("questions")
        if not isinstance(questions, list):
            raise InputError(f"cannot decompile: pillar {pillar['id']!r} has no questions list", f"{pointer}/questions")
        qids = checked_names([_id(q) for q in questions], lambda i: f"{pointer}/questions/{i}/id", "question", ".md",
                             PILLAR_FILE)
        emitted = format_keys(pillar, "pillar")
        meta: dict[str, Any] = {"name": pillar["name"]} if "name" in emitted else {}
        meta["questions"] = qids
        meta.update(self._unknown(pillar, "pillar", emitted))
        folder = PurePosixPath(pillar["id"])
        self.files[folder / PILLAR_FILE] = SCHEMA_COMMENT.format("pillar-source") + _yaml(meta)
        for qid, question in zip(qids, questions, strict=True):
            self.files[folder / f"{qid}.md"] = self._question(self._numbers_dropped(question))

    def _question(self, question: dict[str, Any]) -> str:
        emitted = format_keys(question, "question")
        meta: dict[str, Any] = {"title": question["title"]} if "title" in emitted else {}
        body: list[str] = []
        if "description" in emitted:
            markdown = from_text(question["description"])
            if markdown is None:
                meta["description"] = question["description"]
                self.report.verbatim_texts += 1
            else:
                body.append(markdown)
        if "helpfulResource" in emitted:
            meta["helpfulResource"] = self._verbatim(question["helpfulResource"], "link")
        if "choices" in emitted:
            choices = question["choices"]
            ids = [_id(c) for c in choices]
            sections = len(set(map(str, ids))) == len(ids) and all(_heading_safe(i) for i in ids)
            meta["choices"] = [self._choice(c, body, sections) for c in choices]
        if "riskRules" in emitted:
            meta["riskRules"] = [self._verbatim(rule, "riskRule") for rule in question["riskRules"]]
        meta.update(self._unknown(question, "question", emitted))
        head = "---\n" + SCHEMA_COMMENT.format("question-source") + _yaml(meta) + "---\n"
        return head + "".join(f"\n{part}\n" for part in body)

    def _choice(self, choice: Any, body: list[str], sections_allowed: bool) -> Any:
        if not isinstance(choice, dict):
            return choice
        choice = self._numbers_dropped(choice)
        emitted = format_keys(choice, "choice")
        spec: dict[str, Any] = {k: choice[k] for k in ("id", "title") if k in emitted}
        section: list[str] = []
        for key in ("helpfulResource", "improvementPlan"):
            if key not in emitted:
                continue
            markdown = _markdown_resource(choice[key]) if sections_allowed else None
            if markdown is None:
                spec[key] = self._verbatim(choice[key], "link")
                self.report.verbatim_texts += 1
            elif key == "helpfulResource":
                section.append(markdown)
            else:
                section.append(f"### Improvement plan\n\n{markdown}")
        if "additionalResources" in emitted:
            spec["additionalResources"] = [self._verbatim(item, "additionalResource")
                                           for item in choice["additionalResources"]]
        spec.update(self._unknown(choice, "choice", emitted))
        if section:
            body.append(f"## {choice['id']}")
            body.extend(section)
        return spec

    def _verbatim(self, value: Any, kind: str) -> Any:
        """A front-matter copy of ``value``; the compiler keeps the YAML order of its format keys."""
        if not isinstance(value, dict):
            return value
        holdable = set(format_keys(value, kind))
        emitted = [key for key in value if key in holdable]
        spec = {key: value[key] for key in emitted}
        if "content" in emitted:
            spec["content"] = [self._verbatim(item, "link") for item in value["content"]]
        spec.update(self._unknown(value, kind, emitted))
        return spec


def _markdown_resource(resource: Any) -> str | None:
    """Markdown for a {displayText, url} resource, or None when it must stay verbatim."""
    if not isinstance(resource, dict) or list(resource) not in (["displayText"], ["displayText", "url"]):
        return None
    text, url = resource["displayText"], resource.get("url")
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


def _heading_safe(choice_id: Any) -> bool:
    if not isinstance(choice_id, str) or not choice_id:
        return False
    blocks = parse_blocks(f"## {choice_id}")
    return len(blocks) == 1 and blocks[0].heading_level == 2 and blocks[0].text == choice_id
