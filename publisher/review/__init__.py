"""Review reports of lens changes for pull requests: build, then render as Markdown, text or JSON."""

from publisher.review.build import build_review
from publisher.review.model import ReviewReport
from publisher.review.render_markdown import MARKER, render_markdown
from publisher.review.render_text import render_text

__all__ = ["MARKER", "ReviewReport", "build_review", "render_markdown", "render_text"]
