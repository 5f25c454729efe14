"""E3040-W3043: URL form (http or https, a host, no whitespace, not empty)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from publisher.findings import Finding, Severity
from publisher.validate.context import CheckContext
from publisher.validate.registry import FORMAT_SPEC, Check

_HTTP_URL = re.compile(r"https?://[^/?#\s]+")
_INNER_WHITESPACE = re.compile(r"\s")


def _urls(ctx: CheckContext) -> Iterator[tuple[str, str]]:
    for text in ctx.texts:
        if text.field.endswith(".url"):
            yield text.pointer, text.value


class EmptyUrl(Check):
    code = "E3040"
    severity = Severity.ERROR
    description = "A url is empty (leave the url property out instead)"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for pointer, url in _urls(ctx):
            if not url.strip():
                yield ctx.report(self, pointer, "url is empty: remove the property or give an http(s) URL")


class NotHttpUrl(Check):
    code = "E3041"
    severity = Severity.ERROR
    description = "A url does not start with http:// or https:// followed by a host"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for pointer, url in _urls(ctx):
            stripped = url.strip()
            if stripped and not _HTTP_URL.match(stripped):
                yield ctx.report(self, pointer, f"url {stripped[:80]!r} must start with http:// or https:// "
                                 "followed by a host")


class WhitespaceInUrl(Check):
    code = "E3042"
    severity = Severity.ERROR
    description = "A url contains whitespace (often two URLs in one field)"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for pointer, url in _urls(ctx):
            stripped = url.strip()
            inner = _INNER_WHITESPACE.search(stripped)
            if inner:
                offset = len(url) - len(url.lstrip()) + inner.start()
                yield ctx.report(self, pointer, f"url contains whitespace at position {offset + 1}: a url is one "
                                 "address; encode spaces as %20 or move further links to additionalResources",
                                 offset)


class UrlSurroundingWhitespace(Check):
    code = "W3043"
    severity = Severity.WARNING
    description = "A url starts or ends with whitespace"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for pointer, url in _urls(ctx):
            if url.strip() and url != url.strip():
                offset = 0 if url[0].isspace() else len(url.rstrip())
                yield ctx.report(self, pointer, "url has leading or trailing whitespace: remove it", offset)
