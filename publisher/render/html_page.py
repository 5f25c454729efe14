"""One self-contained HTML page of a lens: pillar navigation, questions, choices as checkboxes, live risk.

Everything the page needs is inline (CSS, the risk evaluator script, the rules as JSON data). A
Content-Security-Policy allows no network at all and runs only the evaluator script, identified by
its hash; on top of that, every piece of lens text is HTML-escaped and only http(s) links are made.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib.resources import files
from typing import Any

from publisher.lensformat import HIGH_RISK, MEDIUM_RISK, NO_RISK
from publisher.render.view import ChoiceView, LensView, QuestionView, Resource, lens_view

_STATIC = files("publisher.render") / "static"
#: Characters that could end a <script> element or confuse an HTML parser, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})
RISK_NAMES = {NO_RISK: "No risk", MEDIUM_RISK: "Medium risk", HIGH_RISK: "High risk"}


def script_json(value: Any) -> str:
    """JSON text that is safe inside an HTML <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def render_html(doc: dict[str, Any]) -> str:
    """The complete page for the custom-lens document ``doc``."""
    lens = lens_view(doc)
    script = (_STATIC / "risk.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src 'none'; form-action 'none'; base-uri 'none'")
    rules = [list(question.rules) for question in lens.questions]
    title = escape(lens.name or "Custom lens")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title}</title>",
        f"<style>\n{(_STATIC / 'page.css').read_text(encoding='utf-8')}</style>",
        "</head>",
        "<body>",
        f'<header class="lens"><h1>{title}</h1><p>{escape(lens.description)}</p></header>',
        '<div class="layout">',
        _navigation(lens),
        "<main>",
        *_pillars(lens),
        "</main>",
        "</div>",
        f'<script type="application/json" id="risk-rules">{script_json(rules)}</script>',
        f"<script>{script}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _navigation(lens: LensView) -> str:
    items = []
    for pillar in lens.pillars:
        links = "".join(f'<li><a href="#{escape(q.id)}">{escape(q.title)}</a></li>' for q in pillar.questions)
        items.append(f'<li class="pillar-link"><a href="#{escape(pillar.id)}">{escape(pillar.name)}</a>'
                     f'<span class="tally" data-tally-for="{escape(pillar.id)}"></span><ol>{links}</ol></li>')
    return f'<nav aria-label="Pillars"><ol>{"".join(items)}</ol></nav>'


def _pillars(lens: LensView) -> list[str]:
    out, index = [], 0
    for pillar in lens.pillars:
        out.append(f'<section class="pillar" id="{escape(pillar.id)}"><h2>{escape(pillar.name)}</h2>')
        for question in pillar.questions:
            out.append(_question(question, index))
            index += 1
        out.append("</section>")
    return out


def _question(question: QuestionView, index: int) -> str:
    helpful = f"<p>{_resource(question.helpful)}</p>" if question.helpful else ""
    choices = "".join(_choice(choice) for choice in question.choices)
    rules = "".join(f"<tr><td>{escape(RISK_NAMES.get(rule['risk'], rule['risk']))}</td>"
                    f"<td><code>{escape(rule['condition'])}</code></td></tr>" for rule in question.rules)
    return (f'<article class="question" id="{escape(question.id)}" data-index="{index}">'
            f'<h3><span>{escape(question.title)} <span class="qid">{escape(question.id)}</span></span>'
            f'<span class="risk" data-risk="UNANSWERED" role="status">Unanswered</span></h3>'
            f'<p class="description">{escape(question.description)}</p>{helpful}'
            f"<fieldset><legend>Choices</legend>{choices}</fieldset>"
            f'<details class="rules"><summary>Risk rules (first match wins)</summary>'
            f"<table><tr><th>Risk</th><th>Condition</th></tr>{rules}</table></details></article>")


def _choice(choice: ChoiceView) -> str:
    css = "choice none-of-these" if choice.is_none_of_these else "choice"
    notes = []
    if choice.helpful:
        notes.append(f"<p>{_resource(choice.helpful)}</p>")
    if choice.improvement:
        notes.append(f"<p><strong>Improvement plan:</strong> {_resource(choice.improvement)}</p>")
    for kind, resources in choice.additional:
        notes += [f"<p><strong>{escape(_kind_label(kind))}:</strong> {_resource(r)}</p>" for r in resources]
    details = f"<details><summary>Guidance</summary>{''.join(notes)}</details>" if notes else ""
    return (f'<div class="{css}"><label><input type="checkbox" value="{escape(choice.id)}">'
            f'<span>{escape(choice.title)} <span class="cid">{escape(choice.id)}</span></span></label>'
            f"{details}</div>")


def _kind_label(kind: str) -> str:
    return {"HELPFUL_RESOURCE": "More help", "IMPROVEMENT_PLAN": "More improvement"}.get(kind, kind)


def _resource(resource: Resource | None) -> str:
    """The resource's text, linked when its URL is http(s); its text doubles as the link text."""
    if resource is None:
        return ""
    text = escape(resource.text or resource.url)
    if not resource.safe_url:
        return text
    return f'<a href="{escape(resource.safe_url)}" rel="noopener noreferrer" target="_blank">{text}</a>'
