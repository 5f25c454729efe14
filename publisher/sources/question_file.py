"""One question file (front matter + Markdown body) compiled to a custom-lens question object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from publisher.findings import Finding
from publisher.sources.markdown_text import Block, parse_blocks, to_text
from publisher.sources.problems import SourceError, source_finding
from publisher.sources.risk_shorthand import compile_risk
from publisher.sources.schema_check import check_source
from publisher.sources.yamlpos import Positions, load_yaml

IMPROVEMENT_HEADING = "improvement plan"
Position = tuple[int, int]


@dataclass
class TextPart:
    """Plain text with an optional URL taken from a trailing ``<url>`` paragraph."""

    text: str
    line: int
    url: str | None = None
    url_line: int = 0

    def resource(self) -> dict[str, str]:
        out = {"displayText": self.text} if self.text else {}
        if self.url is not None:
            out["url"] = self.url
        return out


@dataclass
class ChoiceBody:
    helpful: TextPart | None = None
    plan: TextPart | None = None
    line: int = 0


@dataclass
class Body:
    description: TextPart | None = None
    choices: dict[str, ChoiceBody] = field(default_factory=dict)


@dataclass
class CompiledQuestion:
    data: dict[str, Any]
    # relative JSON pointer inside the question -> (line, column)
    positions: dict[str, Position]
    findings: list[Finding]


def split_front_matter(text: str, file: str) -> tuple[str, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("E0903", "a question file must start with YAML front matter between '---' lines", file)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise SourceError("E0901", "front matter is not closed by a '---' line", file, len(lines), 1)


def _text_part(blocks: list[Block], body_line: int) -> TextPart | None:
    if not blocks:
        return None
    url = url_line = None
    if blocks[-1].autolink is not None:
        url, url_line = blocks[-1].autolink, blocks[-1].line + body_line
        blocks = blocks[:-1]
    texts = [to_text(b.text) if b.heading_level else b.text for b in blocks]
    line = (blocks[0].line if blocks else 0) + body_line
    return TextPart("\n\n".join(texts), line, url, url_line or 0)


def parse_body(body: str, body_line: int, file: str, findings: list[Finding]) -> Body:
    """Split the body into the description and per-choice sections."""
    result = Body()
    current: list[Block] = []
    section: ChoiceBody | None = None
    in_plan = False

    def flush() -> None:
        part = _text_part(current, body_line)
        if section is None:
            result.description = part
        elif in_plan:
            section.plan = part or TextPart("", body_line)
        else:
            section.helpful = part
        current.clear()

    for block in parse_blocks(body):
        if block.heading_level == 2:
            flush()
            if block.text in result.choices:
                findings.append(source_finding("E0908", f"second section for choice {block.text!r}", file,
                                               block.line + body_line))
            section = ChoiceBody(line=block.line + body_line)
            result.choices[block.text] = section
            in_plan = False
        elif block.heading_level == 3 and block.text.lower() == IMPROVEMENT_HEADING and section is not None:
            flush()
            in_plan = True
        else:
            current.append(block)
    flush()
    return result


def compile_question(text: str, stem: str, file: str) -> CompiledQuestion:
    """Compile one question file; problems become findings, never exceptions (except unreadable input)."""
    fm_text, body_text, body_line = split_front_matter(text, file)
    meta, positions = load_yaml(fm_text, file, line_offset=1)
    if meta is None:
        meta = {}
    findings = check_source(meta, "question-source", positions, file)
    if not isinstance(meta, dict):
        return CompiledQuestion({"id": stem}, {"": (1, 1)}, findings)
    body = parse_body(body_text, body_line, file, findings)
    builder = _QuestionBuilder(meta, positions, body, file, findings)
    return CompiledQuestion(builder.build(stem), builder.out_positions, findings)


class _QuestionBuilder:
    def __init__(self, meta: dict[str, Any], positions: Positions, body: Body, file: str,
                 findings: list[Finding]) -> None:
        self.meta = meta
        self.positions = positions
        self.body = body
        self.file = file
        self.findings = findings
        self.out_positions: dict[str, Position] = {"": (1, 1)}

    def _at(self, pointer: str, path: tuple[str | int, ...]) -> None:
        if path in self.positions:
            self.out_positions[pointer] = self.positions[path]

    def _problem(self, code: str, message: str, position: Position) -> None:
        self.findings.append(source_finding(code, message, self.file, *position))

    def build(self, stem: str) -> dict[str, Any]:
        meta = self.meta
        if "id" in meta and meta["id"] != stem:
            self._problem("E0911", f"front matter id {meta['id']!r} differs from the file name {stem!r}",
                          self.positions.get(("id",), (1, 1)))
        question: dict[str, Any] = {"id": stem}
        if "title" in meta:
            question["title"] = meta["title"]
            self._at("/title", ("title",))
        self._description(question)
        if "helpfulResource" in meta:
            question["helpfulResource"] = meta["helpfulResource"]
            self._resource_positions("/helpfulResource", ("helpfulResource",))
        choices = meta.get("choices")
        if isinstance(choices, list):
            question["choices"] = [self._choice(index, choice) for index, choice in enumerate(choices)]
            self._orphan_sections({c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str)})
        self._risk(question)
        if isinstance(meta.get("extra"), dict):
            question.update(meta["extra"])
        return question

    def _description(self, question: dict[str, Any]) -> None:
        verbatim = "description" in self.meta
        part = self.body.description
        if verbatim and part is not None:
            self._problem("E0908", "description given both in front matter and in the body", (part.line, 1))
        if verbatim:
            question["description"] = self.meta["description"]
            self._at("/description", ("description",))
        elif part is not None:
            if part.url is not None:
                self._problem("E0908", "a question description has no url field: move the link to "
                              "helpfulResource", (part.url_line, 1))
            question["description"] = part.text
            self.out_positions["/description"] = (part.line, 1)

    def _resource_positions(self, pointer: str, path: tuple[str | int, ...]) -> None:
        self._at(pointer, path)
        for key in ("displayText", "url"):
            self._at(f"{pointer}/{key}", (*path, key))

    def _choice(self, index: int, spec: Any) -> Any:
        pointer = f"/choices/{index}"
        self._at(pointer, ("choices", index))
        if not isinstance(spec, dict):
            return spec
        for key in ("id", "title"):
            self._at(f"{pointer}/{key}", ("choices", index, key))
        choice_id = spec.get("id")
        section = self.body.choices.get(choice_id) if isinstance(choice_id, str) else None
        choice: dict[str, Any] = {k: spec[k] for k in ("id", "title") if k in spec}
        for key, part in (("helpfulResource", section.helpful if section else None),
                          ("improvementPlan", section.plan if section else None)):
            if key in spec:
                if part is not None:
                    self._problem("E0908", f"choice {spec.get('id')!r}: {key} given both in front matter "
                                  "and in the body", (part.line, 1))
                choice[key] = spec[key]
                self._resource_positions(f"{pointer}/{key}", ("choices", index, key))
            elif part is not None:
                choice[key] = part.resource()
                self.out_positions[f"{pointer}/{key}"] = (part.line, 1)
                self.out_positions[f"{pointer}/{key}/displayText"] = (part.line, 1)
                if part.url is not None:
                    self.out_positions[f"{pointer}/{key}/url"] = (part.url_line, 2)
        if "additionalResources" in spec:
            choice["additionalResources"] = spec["additionalResources"]
            self._at(f"{pointer}/additionalResources", ("choices", index, "additionalResources"))
        if isinstance(spec.get("extra"), dict):
            choice.update(spec["extra"])
        return choice

    def _orphan_sections(self, choice_ids: set[str]) -> None:
        for choice_id, section in self.body.choices.items():
            if choice_id not in choice_ids:
                self._problem("E0908", f"section '## {choice_id}' names no choice of this question",
                              (section.line, 1))

    def _risk(self, question: dict[str, Any]) -> None:
        meta = self.meta
        if "riskRules" in meta:
            question["riskRules"] = meta["riskRules"]
            self._at("/riskRules", ("riskRules",))
            for index, rule in enumerate(meta["riskRules"] if isinstance(meta["riskRules"], list) else []):
                self._at(f"/riskRules/{index}", ("riskRules", index))
                if isinstance(rule, dict):
                    for key in ("condition", "risk"):
                        self._at(f"/riskRules/{index}/{key}", ("riskRules", index, key))
            return
        risk = meta.get("risk")
        if not _well_formed_risk(risk):
            return  # the schema check has reported what is wrong
        none_ids = [c["id"] for c in question.get("choices", [])
                    if isinstance(c, dict) and isinstance(c.get("id"), str) and c["id"].endswith("_no")]
        rules = compile_risk(risk, none_ids[0] if len(none_ids) == 1 else None)
        question["riskRules"] = rules
        self._at("/riskRules", ("risk",))
        for index, rule in enumerate(rules):
            level = "default" if rule["condition"] == "default" else rule["risk"]
            self._at(f"/riskRules/{index}", ("risk", level))
            self._at(f"/riskRules/{index}/condition", ("risk", level))
            self._at(f"/riskRules/{index}/risk", ("risk", level))


def _well_formed_risk(risk: Any) -> bool:
    if not isinstance(risk, dict) or not isinstance(risk.get("default"), str):
        return False
    for level, spec in risk.items():
        if level == "default" or isinstance(spec, str):
            continue
        if not isinstance(spec, dict) or len(spec) != 1:
            return False
        ids = spec.get("all", spec.get("any"))
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            return False
    return True
