from django.db import migrations

from balai.core.migrations_helpers import install_search


class Migration(migrations.Migration):
    dependencies = [("posts", "0001_initial")]

    operations = [migrations.RunPython(install_search, migrations.RunPython.noop)]
