"""A minute's discussion, written in Markdown by the coordinator, as safe HTML for the minutes page and PDF.

Markdown (CommonMark, with a single line break kept as a line break, as clerks type) is rendered by
markdown-it-py, then cleaned by nh3 to a small allow-list: paragraphs, lists, bold and italic, quotes, line
breaks and links to web or e-mail addresses (which open with ``rel="noopener noreferrer"``). Everything else
goes: raw HTML tags (their text stays; the content of ``<script>`` and ``<style>`` does not), images,
``javascript:`` links. Markdown headings become a bold paragraph, so that a note never adds a heading to the
document's outline or breaks the order of its headings.
"""

from __future__ import annotations

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser():
    from markdown_it import MarkdownIt

    # Raw HTML is parsed as HTML (and then removed by the cleaner), so that a pasted <script> disappears
    # with its content instead of being printed; indented and fenced code read as ordinary paragraphs.
    md = MarkdownIt("commonmark", {"html": True, "breaks": True, "linkify": False})
    md.disable(["code", "fence", "image"])

    def heading_open(renderer, tokens, idx, options, env):
        return "<p><strong>"

    def heading_close(renderer, tokens, idx, options, env):
        return "</strong></p>\n"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


def notes_html(text: str) -> SafeString:
    """The discussion of a minute as sanitised HTML (empty for no text)."""
    if not text or not text.strip():
        return mark_safe("")
    rendered = _parser().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - cleaned by nh3 to the allow-list above
