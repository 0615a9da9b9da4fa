import secrets

from django.db import migrations


def people_generation(apps, schema_editor):
    """The second row: the people generation, renewed by changes of users and roles."""
    ContentGeneration = apps.get_model("rin_portal", "ContentGeneration")
    for pk in (1, 2):
        ContentGeneration.objects.get_or_create(pk=pk, defaults={"value": secrets.randbits(62)})


class Migration(migrations.Migration):
    dependencies = [
        ("rin_portal", "0002_content_generation"),
    ]

    operations = [
        migrations.RunPython(people_generation, migrations.RunPython.noop),
    ]
