"""Keep only the hash of the unsubscribe tokens already mailed.

A database dump used to hold every subscriber's unsubscribe link. Each token is now
replaced by its hash, in place: links in mail already sent still work (the lookup hashes
the token the link carries), but the stored value is no longer a link. New mail carries
links signed with the SECRET_KEY, which are not stored (news/models.py).
"""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    Subscriber = apps.get_model("news", "Subscriber")
    for subscriber in Subscriber.objects.exclude(unsubscribe_token_hash=None):
        token = subscriber.unsubscribe_token_hash
        subscriber.unsubscribe_token_hash = hashlib.sha256(token.encode()).hexdigest()
        subscriber.save(update_fields=["unsubscribe_token_hash"])


def new_plain_tokens(apps, schema_editor):
    """Back to stored plain tokens: the hashes cannot be undone, so every subscriber gets
    a new token, and the links already mailed stop working."""
    import secrets

    Subscriber = apps.get_model("news", "Subscriber")
    for subscriber in Subscriber.objects.all():
        subscriber.unsubscribe_token_hash = secrets.token_urlsafe(32)
        subscriber.save(update_fields=["unsubscribe_token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_field_labels"),
    ]

    operations = [
        migrations.RenameField(
            model_name="subscriber",
            old_name="unsubscribe_token",
            new_name="unsubscribe_token_hash",
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="unsubscribe_token_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
        migrations.RunPython(hash_tokens, new_plain_tokens),
    ]
