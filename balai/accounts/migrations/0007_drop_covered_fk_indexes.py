"""Foreign keys that a composite index already leads with lose their own index (one
index write less per row). Dropped in place: see foreign_key_indexes_dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from balai.core.migrations_helpers import foreign_key_indexes_dropped


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_profile_image_paths'),
    ]

    operations = [
        foreign_key_indexes_dropped(
            'accounts',
            migrations.AlterField(
                model_name='block',
                name='blocked',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='blocks_received', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='block',
                name='blocker',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='blocks_made', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='follow',
                name='followee',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='follower_set', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='follow',
                name='follower',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='following_set', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='followrequest',
                name='requester',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sent_requests', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='mute',
                name='muter',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='mutes_made', to=settings.AUTH_USER_MODEL),
            ),
        ),
    ]
