"""``minutes`` (the time allowed for an item) becomes ``duration_minutes``: the name "minutes" is kept for
the record of a meeting. Renamed in place, so the times already set are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_pack_build_heartbeat_and_attempts"),
    ]

    operations = [
        migrations.RenameField(model_name="agendaitem", old_name="minutes", new_name="duration_minutes"),
        migrations.RenameField(model_name="historicalagendaitem", old_name="minutes", new_name="duration_minutes"),
        migrations.RenameField(model_name="agendatemplateitem", old_name="minutes", new_name="duration_minutes"),
    ]
