"""Joins the two migrations made side by side: decision attributes (0004) and our-assessment
markers (0005). Neither touches the other's fields."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_decision_attributes"),
        ("content", "0005_assessed_markers"),
    ]

    operations = []
