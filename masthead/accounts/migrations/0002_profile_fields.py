# Profile fields, the canonical username (filled for existing accounts before it turns unique)
# and the table of retired usernames.

from django.db import migrations, models

import masthead.accounts.usernames


def fill_canonical(apps, schema_editor):
    # The folding rules as of this migration; later rule changes need their own migration.
    from masthead.accounts.usernames import canonical

    User = apps.get_model("accounts", "User")
    for user in User.objects.only("id", "username"):
        User.objects.filter(pk=user.pk).update(username_canonical=canonical(user.username))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RetiredUsername",
            fields=[
                ("canonical_digest", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("retired_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddField(
            model_name="user",
            name="avatar",
            field=models.ImageField(blank=True, upload_to="avatars/%Y/%m/"),
        ),
        migrations.AddField(
            model_name="user",
            name="bio",
            field=models.TextField(blank=True, help_text="Up to 500 characters, plain text.", max_length=500, verbose_name="short bio"),
        ),
        migrations.AddField(
            model_name="user",
            name="display_name",
            field=models.CharField(blank=True, help_text="Shown on your profile and beside what you write.", max_length=80),
        ),
        migrations.AddField(
            model_name="user",
            name="notify_comment_replies",
            field=models.BooleanField(default=True, verbose_name="e-mail me when someone replies to my comment"),
        ),
        migrations.AddField(
            model_name="user",
            name="notify_contribution_decisions",
            field=models.BooleanField(default=True, verbose_name="e-mail me when editors decide on my story or pictures"),
        ),
        migrations.AddField(
            model_name="user",
            name="notify_newsletter",
            field=models.BooleanField(default=False, verbose_name="send me the daily newsletter"),
        ),
        migrations.AddField(
            model_name="user",
            name="username_canonical",
            field=models.CharField(editable=False, max_length=150, null=True),
        ),
        migrations.RunPython(fill_canonical, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_canonical",
            field=models.CharField(editable=False, help_text="The username folded for look-alike comparison; set once, never changed.", max_length=150, unique=True, verbose_name="canonical username"),
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(error_messages={"unique": "That username is taken."}, help_text=masthead.accounts.usernames.RULES_TEXT, max_length=30, unique=True, validators=[masthead.accounts.usernames.UsernameCharactersValidator()], verbose_name="username"),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(condition=models.Q(("username_canonical", ""), _negated=True), name="accounts_user_canonical_not_empty"),
        ),
    ]
