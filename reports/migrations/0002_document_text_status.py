"""A plan's document keeps the plan's status when its text was taken, so that its label
says what it holds (a draft, a draft in public consultation, an amendment in
preparation) without the lists reading the stored data."""

from django.db import migrations, models


def from_data(apps, schema_editor):
    Document = apps.get_model("reports", "Document")
    for document in (
        Document.objects.filter(kind__in=["plan", "strategy"]).only("id", "data").iterator(100)
    ):
        status = (document.data or {}).get("status", "")
        Document.objects.filter(pk=document.pk).update(text_status=status)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="text_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "Draft"),
                    ("consultation", "Public consultation"),
                    ("confirmed", "Confirmed"),
                    ("amendment", "Amendment in preparation"),
                    ("closed", "Closed"),
                ],
                editable=False,
                max_length=15,
                verbose_name="status of the text",
            ),
        ),
        migrations.RunPython(from_data, migrations.RunPython.noop),
    ]
