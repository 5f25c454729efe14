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
from urllib.parse import urlsplit

from publisher.lensformat import HIGH_RISK, MEDIUM_RISK, NO_RISK
from publisher.render.view import ChoiceView, LensView, QuestionView, Resource, lens_view

_STATIC = files("publisher.render") / "static"
#: Characters that could end a <script> element or confuse an HTML parser, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})
RISK_NAMES = {NO_RISK: "No risk", MEDIUM_RISK: "Medium risk", HIGH_RISK: "High risk"}
#: Lens ids become element ids only behind these prefixes, so that none can clobber the page's own
#: elements (``risk-rules``): a pillar or question id of ``risk-rules`` stays harmless.
PILLAR_PREFIX = "pillar-"
QUESTION_PREFIX = "question-"
#: A resource text longer than this is guidance, not a title: it stays plain text and only a short
#: link to its source follows it.
TITLE_MAX = 80


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
    """Pillar and question links, folded into a <details> that the script closes on narrow screens."""
    items = []
    for pillar in lens.pillars:
        links = "".join(f'<li><a href="#{escape(QUESTION_PREFIX + q.id)}">{escape(q.title)}</a></li>'
                        for q in pillar.questions)
        anchor = escape(PILLAR_PREFIX + pillar.id)
        items.append(f'<li class="pillar-link"><a href="#{anchor}">{escape(pillar.name)}</a>'
                     f'<span class="tally" data-tally-for="{anchor}"></span><ol>{links}</ol></li>')
    summary = f"Contents: {len(lens.pillars)} pillars, {len(lens.questions)} questions"
    return (f'<nav aria-label="Pillars"><details class="toc" open><summary>{summary}</summary>'
            f'<ol>{"".join(items)}</ol></details></nav>')


def _pillars(lens: LensView) -> list[str]:
    out, index = [], 0
    for pillar in lens.pillars:
        out.append(f'<section class="pillar" id="{escape(PILLAR_PREFIX + pillar.id)}">'
                   f"<h2>{escape(pillar.name)}</h2>")
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
    return (f'<article class="question" id="{escape(QUESTION_PREFIX + question.id)}" data-index="{index}" '
            f'data-question="{escape(question.id)}">'
            f'<h3><span>{escape(question.title)} <span class="qid">{escape(question.id)}</span></span>'
            f'<span class="risk" data-risk="UNANSWERED" role="status">Unanswered</span></h3>'
            f'<p class="description">{escape(question.description)}</p>{helpful}'
            f"<fieldset><legend>Choices</legend>{choices}</fieldset>"
            f'<details class="rules"><summary>Risk rules (first match wins)</summary>'
            f"<table><tr><th>Risk</th><th>Condition</th></tr>{rules}</table></details></article>")


def _choice(choice: ChoiceView) -> str:
    """The tick box, and (except for "None of these", as in the WA Tool) a "Not applicable" box."""
    css = "choice none-of-these" if choice.is_none_of_these else "choice"
    not_applicable = ("" if choice.is_none_of_these else
                      f'<label class="na"><input type="checkbox" data-na-for="{escape(choice.id)}">'
                      "Not applicable</label>")
    notes = []
    if choice.helpful:
        notes.append(f"<p>{_resource(choice.helpful)}</p>")
    if choice.improvement:
        notes.append(f"<p><strong>Improvement plan:</strong> {_resource(choice.improvement)}</p>")
    for kind, resources in choice.additional:
        notes += [f"<p><strong>{escape(_kind_label(kind))}:</strong> {_resource(r)}</p>" for r in resources]
    details = f"<details><summary>Guidance</summary>{''.join(notes)}</details>" if notes else ""
    return (f'<div class="{css}"><label class="tick"><input type="checkbox" value="{escape(choice.id)}">'
            f'<span>{escape(choice.title)} <span class="cid">{escape(choice.id)}</span></span></label>'
            f"{not_applicable}{details}</div>")


def _kind_label(kind: str) -> str:
    return {"HELPFUL_RESOURCE": "More help", "IMPROVEMENT_PLAN": "More improvement"}.get(kind, kind)


def _resource(resource: Resource | None) -> str:
    """A short text (a title) is the link; longer guidance stays plain text, followed by a link to its source."""
    if resource is None:
        return ""
    text = escape(resource.text or resource.url)
    url = resource.safe_url
    if not url:
        return text
    if len(resource.text) <= TITLE_MAX and "\n" not in resource.text:
        return _link(url, text)
    return f'{text} <span class="source">({_link(url, escape(_source_title(url)))})</span>'


def _link(url: str, label: str) -> str:
    return f'<a href="{escape(url)}" rel="noopener noreferrer" target="_blank">{label}</a>'


def _source_title(url: str) -> str:
    """``docs.aws.amazon.com: eks-observe``: the host and the last part of the path, as a short title."""
    parts = urlsplit(url)
    page = parts.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    host = parts.hostname or url
    return f"{host}: {page}" if page else host
