"""A Part II item's exemption: the paragraph of Schedule 12A (council committees) beside the reason in words.

A Part II item now needs one or the other (the service decides which, by the board's kind), and a paragraph
is one of 1 to 7. Items already marked Part II all have a reason, so every row meets the new constraint.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0012_meeting_session_and_programme_periods'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='agendaitem',
            name='part_two_item_has_exemption_reason',
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='exemption_paragraph',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Information relating to any individual'), (2, 'Information which is likely to reveal the identity of an individual'), (3, 'Information relating to the financial or business affairs of any particular person (including the authority holding that information)'), (4, 'Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority'), (5, 'Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings'), (6, 'Information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any enactment'), (7, 'Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime')], help_text="A council committee's Part II item: the paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 that makes it exempt.", null=True, verbose_name='paragraph of Schedule 12A'),
        ),
        migrations.AddField(
            model_name='historicalagendaitem',
            name='exemption_paragraph',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Information relating to any individual'), (2, 'Information which is likely to reveal the identity of an individual'), (3, 'Information relating to the financial or business affairs of any particular person (including the authority holding that information)'), (4, 'Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority'), (5, 'Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings'), (6, 'Information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any enactment'), (7, 'Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime')], help_text="A council committee's Part II item: the paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 that makes it exempt.", null=True, verbose_name='paragraph of Schedule 12A'),
        ),
        migrations.AlterField(
            model_name='agendaitem',
            name='exemption_reason',
            field=models.CharField(blank=True, help_text='Why it is considered in private, in words, e.g. it identifies a child.', max_length=300, verbose_name='exemption reason'),
        ),
        migrations.AlterField(
            model_name='historicalagendaitem',
            name='exemption_reason',
            field=models.CharField(blank=True, help_text='Why it is considered in private, in words, e.g. it identifies a child.', max_length=300, verbose_name='exemption reason'),
        ),
        migrations.AddConstraint(
            model_name='agendaitem',
            constraint=models.CheckConstraint(condition=models.Q(('confidential', False), models.Q(('exemption_reason', ''), _negated=True), ('exemption_paragraph__isnull', False), _connector='OR'), name='part_two_item_has_exemption_ground'),
        ),
        migrations.AddConstraint(
            model_name='agendaitem',
            constraint=models.CheckConstraint(condition=models.Q(('exemption_paragraph__isnull', True), models.Q(('exemption_paragraph__gte', 1), ('exemption_paragraph__lte', 7)), _connector='OR'), name='exemption_paragraph_of_schedule_12a'),
        ),
    ]
