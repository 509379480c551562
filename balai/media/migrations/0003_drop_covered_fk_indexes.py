"""Foreign keys that a composite index already leads with lose their own index (one
index write less per row). Dropped in place: see foreign_key_indexes_dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from balai.core.migrations_helpers import foreign_key_indexes_dropped


class Migration(migrations.Migration):

    dependencies = [
        ('media', '0002_profile_image_paths_on_accounts'),
        ('posts', '0006_drop_covered_fk_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        foreign_key_indexes_dropped(
            'media',
            migrations.AlterField(
                model_name='mediaattachment',
                name='post',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='media_attachments', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='profileimage',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='profile_images', to=settings.AUTH_USER_MODEL),
            ),
        ),
    ]
