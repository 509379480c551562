"""Foreign keys that a composite index already leads with lose their own index (one
index write less per row). Dropped in place: see foreign_key_indexes_dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from balai.core.migrations_helpers import foreign_key_indexes_dropped


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_client_features'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        foreign_key_indexes_dropped(
            'api',
            migrations.AlterField(
                model_name='announcementread',
                name='announcement',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='api.announcement'),
            ),
            migrations.AlterField(
                model_name='conversationstate',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='followedtag',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='idempotencykey',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='listaccount',
                name='list',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='members', to='api.userlist'),
            ),
            migrations.AlterField(
                model_name='marker',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='pin',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='pollvote',
                name='option',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='api.polloption'),
            ),
            migrations.AlterField(
                model_name='suggestiondismissal',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
        ),
    ]
