"""Two changes to agenda items.

``minutes`` (the time allowed for an item) becomes ``duration_minutes``: the name "minutes" is kept for the
record of a meeting. Renamed in place, so the times already set are kept.

``published_number``: the number an item was published with, which stays put until the changes are sent
to members. Agendas already published are given the numbers they show now.
"""

import string

from django.db import migrations, models


def _sub_number(parent_number: str, index: int, style: str) -> str:
    # As meetings.agenda.sub_number, copied so that this migration keeps working if that changes.
    if style == "decimal":
        return f"{parent_number}.{index + 1}"
    letters = string.ascii_lowercase
    suffix = letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
    return f"{parent_number}{suffix}"


def store_published_numbers(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    for meeting in Meeting.objects.filter(agenda_published_at__isnull=False).select_related("board"):
        items = list(
            AgendaItem.objects.filter(meeting=meeting, withdrawn_at__isnull=True).order_by("position", "pk")
        )
        tops = [i for i in items if i.parent_id is None]
        changed = []
        for index, top in enumerate(tops):
            top.published_number = str(index + 1)
            changed.append(top)
            children = [i for i in items if i.parent_id == top.pk]
            for child_index, child in enumerate(children):
                child.published_number = _sub_number(top.published_number, child_index, meeting.board.numbering_style)
                changed.append(child)
        AgendaItem.objects.bulk_update(changed, ["published_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0004_agenda_approval"),
        ("meetings", "0009_generated_document_kind"),
    ]

    operations = [
        migrations.RenameField(model_name="agendaitem", old_name="minutes", new_name="duration_minutes"),
        migrations.RenameField(model_name="historicalagendaitem", old_name="minutes", new_name="duration_minutes"),
        migrations.RenameField(model_name="agendatemplateitem", old_name="minutes", new_name="duration_minutes"),
        migrations.AddField(
            model_name="agendaitem",
            name="published_number",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The item's number when the agenda was last sent to members; empty for an item added since.",
                max_length=20,
                verbose_name="number as published",
            ),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="published_number",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The item's number when the agenda was last sent to members; empty for an item added since.",
                max_length=20,
                verbose_name="number as published",
            ),
        ),
        migrations.RunPython(store_published_numbers, migrations.RunPython.noop),
    ]
