"""Create the "Content editor" and "Reviewer" groups with their permissions.

Permissions are normally created after all migrations run (post_migrate), so on a fresh database
they do not exist yet here: this migration creates the ones it needs itself, exactly as Django
would name them, and Django's own pass later finds them already there.
"""

from django.db import migrations

EDITOR = "Content editor"
REVIEWER = "Reviewer"

# Guide content an editor may add, change and delete. Nothing from auth or selector.
CONTENT_MODELS = (
    "source",
    "approach",
    "method",
    "consideration",
    "caseexample",
    "combinationstep",
    "principle",
    "topic",
    "glossaryterm",
    "slugredirect",
)
# Seen by both roles, changed by neither: anonymous usage counts.
VIEW_ONLY_MODELS = ("usagecount",)
PUBLISH = ("publish_content", "Can publish and unpublish guide content", "method")


def _permission(apps, model_name, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = apps.get_model("content", model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label="content", model=model_name)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or f"Can {codename.split('_')[0]} {model._meta.verbose_name_raw}"},
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    editor_perms = []
    reviewer_perms = []
    for model_name in CONTENT_MODELS:
        for action in ("add", "change", "delete", "view"):
            editor_perms.append(_permission(apps, model_name, f"{action}_{model_name}"))
        reviewer_perms.append(_permission(apps, model_name, f"view_{model_name}"))
    for model_name in VIEW_ONLY_MODELS:
        view = _permission(apps, model_name, f"view_{model_name}")
        editor_perms.append(view)
        reviewer_perms.append(view)
    codename, name, model_name = PUBLISH
    editor_perms.append(_permission(apps, model_name, codename, name))
    editor.permissions.add(*editor_perms)
    reviewer.permissions.add(*reviewer_perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REVIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_slug_redirects_usage_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
