import secrets

from django.db import migrations


def narrower_generations(apps, schema_editor):
    """Rows 2 and 3: the people and reference generations (see rin_portal/generation.py)."""
    ContentGeneration = apps.get_model("rin_portal", "ContentGeneration")
    for pk in (1, 2, 3):
        ContentGeneration.objects.get_or_create(pk=pk, defaults={"value": secrets.randbits(62)})


class Migration(migrations.Migration):
    dependencies = [
        ("rin_portal", "0002_content_generation"),
    ]

    operations = [
        migrations.RunPython(narrower_generations, migrations.RunPython.noop),
    ]
