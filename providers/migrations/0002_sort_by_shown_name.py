"""Providers sort by the name lists show (the short name, where there is one), as
Provider.save() now keeps it."""

from django.db import migrations

from rin_portal.text import slovenian_sort_key


def resort(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    changed = []
    for provider in Provider.objects.only("id", "name", "short_name", "sort_name"):
        key = slovenian_sort_key(provider.short_name or provider.name)
        if provider.sort_name != key:
            provider.sort_name = key
            changed.append(provider)
    Provider.objects.bulk_update(changed, ["sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]

    operations = [migrations.RunPython(resort, migrations.RunPython.noop)]
