import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def build_lists_for_existing_posts(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Raw SQL on table names that this migration itself fixes; a no-op on a new instance.
    from balai.posts.home import rebuild_home_lists

    rebuild_home_lists()


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0003_post_public_timeline_sqlite_idx"),
        ("accounts", "0004_home_lists"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HomeEntry",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "user",
                        "post",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="home_entries",
                        to="posts.post",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(build_lists_for_existing_posts, migrations.RunPython.noop),
    ]
