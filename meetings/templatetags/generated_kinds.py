"""``{% generated_summary entry meeting %}``: what a kind of generated document shows live under the agenda
item that carries it, on the members' meeting page (:mod:`meetings.packs.generated`).

The kind's app decides what the reader may see (its ``summary`` returns None otherwise); this tag never
renders on the public page, nor for an item the reader is shown by title only.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from ..packs.generated import generated_kind

register = template.Library()

ROW_TEMPLATE = "meetings/partials/generated_summary.html"


@register.simple_tag(takes_context=True)
def generated_summary(context, entry, meeting) -> str:
    if context.get("public") or entry.withheld:
        return ""
    kind = generated_kind(entry.item.generated_kind)
    if kind is None or kind.summary is None:
        return ""
    request = context.get("request")
    reader = getattr(request, "user", None) or context.get("user")
    shown = kind.summary(meeting, reader)
    if shown is None:
        return ""
    template_name, summary_context = shown
    return render_to_string(
        ROW_TEMPLATE,
        {**summary_context, "summary_template": template_name, "entry": entry, "kind": kind},
        request=request,
    )
