"""Field-level "our assessment" markers on approaches, methods, case examples and considerations."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_editor_and_reviewer_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="approach",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
        migrations.AddField(
            model_name="caseexample",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
        migrations.AddField(
            model_name="consideration",
            name="assessed",
            field=models.BooleanField(
                default=False,
                help_text='Tick when this row is our judgement, not something the NHS pages state: the site then labels it "our assessment".',
                verbose_name="our assessment",
            ),
        ),
        migrations.AddField(
            model_name="historicalapproach",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseexample",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsideration",
            name="assessed",
            field=models.BooleanField(
                default=False,
                help_text='Tick when this row is our judgement, not something the NHS pages state: the site then labels it "our assessment".',
                verbose_name="our assessment",
            ),
        ),
        migrations.AddField(
            model_name="historicalmethod",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
        migrations.AddField(
            model_name="method",
            name="assessed",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Fields whose values are our judgement, each with a one-line reason, e.g. {"cost": "The service usually needs new funding, so we rate it high."}. Each field named here is labelled "our assessment" on the public pages.',
                verbose_name="our assessments",
            ),
        ),
    ]
