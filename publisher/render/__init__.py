"""Rendering a lens for people: a self-contained interactive HTML page, and Markdown for docs."""

from publisher.render.html_page import render_html
from publisher.render.markdown_doc import render_markdown

__all__ = ["render_html", "render_markdown"]
