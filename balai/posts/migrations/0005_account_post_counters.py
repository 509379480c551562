from django.db import migrations


def count_existing_posts(apps, schema_editor):  # type: ignore[no-untyped-def]
    from balai.posts.counters import recount_statuses

    recount_statuses(None)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0004_home_lists"),
        ("accounts", "0005_account_counters"),
    ]

    operations = [migrations.RunPython(count_existing_posts, migrations.RunPython.noop)]
