"""Deletion records keep a digest of the username, so a purged account's name is not reissued.

Deletions still in their grace period get the digest of their account's current name; accounts
purged before this migration left no name behind to record."""

import hashlib

from django.db import migrations, models


def digest_pending(apps, schema_editor):  # type: ignore[no-untyped-def]
    AccountDeletion = apps.get_model("accounts", "AccountDeletion")
    User = apps.get_model("accounts", "User")
    pending = AccountDeletion.objects.filter(purged_at__isnull=True)
    names = dict(
        User.objects.filter(pk__in=pending.values("user_id")).values_list("pk", "username")
    )
    for deletion in pending:
        name = names.get(deletion.user_id)
        if name:
            deletion.username_digest = hashlib.sha256(name.strip().lower().encode()).hexdigest()
            deletion.save(update_fields=["username_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_drop_covered_fk_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="accountdeletion",
            name="username_digest",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
        ),
        migrations.RunPython(digest_pending, migrations.RunPython.noop),
    ]
