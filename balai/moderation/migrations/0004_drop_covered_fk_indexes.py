"""Foreign keys that a composite index already leads with lose their own index (one
index write less per row). Dropped in place: see foreign_key_indexes_dropped."""

import django.db.models.deletion
from django.db import migrations, models

from balai.core.migrations_helpers import foreign_key_indexes_dropped


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_exemplars'),
        ('posts', '0006_drop_covered_fk_indexes'),
    ]

    operations = [
        foreign_key_indexes_dropped(
            'moderation',
            migrations.AlterField(
                model_name='verdict',
                name='post',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='posts.post'),
            ),
        ),
    ]
