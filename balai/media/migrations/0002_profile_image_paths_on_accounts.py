from django.db import migrations


def copy_paths_to_accounts(apps, schema_editor):  # type: ignore[no-untyped-def]
    profile_image = apps.get_model("media", "ProfileImage")
    user = apps.get_model("accounts", "User")
    for user_id, kind, path in profile_image.objects.values_list("user_id", "kind", "file_path"):
        user.objects.filter(pk=user_id).update(**{f"{kind}_path": path})


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_media_attachments_profile_images_hash_bank"),
        ("accounts", "0006_profile_image_paths"),
    ]

    operations = [migrations.RunPython(copy_paths_to_accounts, migrations.RunPython.noop)]
