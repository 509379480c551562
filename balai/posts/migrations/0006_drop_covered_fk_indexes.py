"""Foreign keys that a composite index already leads with lose their own index (one
index write less per row). Dropped in place: see foreign_key_indexes_dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from balai.core.migrations_helpers import foreign_key_indexes_dropped


class Migration(migrations.Migration):

    dependencies = [
        ('posts', '0005_account_post_counters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        foreign_key_indexes_dropped(
            'posts',
            migrations.AlterField(
                model_name='bookmark',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='bookmarks', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='like',
                name='post',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='likes', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='like',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='likes', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='mention',
                name='post',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='mentions', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='mention',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='mentioned_in', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='notification',
                name='post',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='notification',
                name='recipient',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='post',
                name='author',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='posts', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='post',
                name='in_reply_to',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replies', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='post',
                name='in_reply_to_account',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='post',
                name='quote_of',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quotes', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='post',
                name='reblog_of',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reblogs', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='posthashtag',
                name='hashtag',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='post_hashtags', to='posts.hashtag'),
            ),
            migrations.AlterField(
                model_name='posthashtag',
                name='post',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='post_hashtags', to='posts.post'),
            ),
            migrations.AlterField(
                model_name='postversion',
                name='post',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='posts.post'),
            ),
        ),
        migrations.RemoveIndex(
            model_name='post',
            name='post_state_idx',
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('post__isnull', False)), fields=['post'], name='notification_post_idx'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('in_reply_to__isnull', False)), fields=['in_reply_to'], name='post_reply_to_idx'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('in_reply_to_account__isnull', False)), fields=['in_reply_to_account'], name='post_reply_account_idx'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('reblog_of__isnull', False)), fields=['reblog_of'], name='post_reblog_of_idx'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('quote_of__isnull', False)), fields=['quote_of'], name='post_quote_of_idx'),
        ),
    ]
