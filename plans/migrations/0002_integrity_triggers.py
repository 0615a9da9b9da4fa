from django.db import migrations


def install(apps, schema_editor):
    from plans.database import install_triggers

    install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
