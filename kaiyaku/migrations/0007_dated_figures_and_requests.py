"""Postage and plan prices get periods like fees (U1, U2); dated facts; readers' requests.

Editors keep facts like any datum, and work through readers' requests (view and change their
status only: requests are never added or deleted by hand).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {"fact": ("add", "change", "delete", "view"), "inquiry": ("change", "view")}


def grant_editors(apps, schema_editor):
    # As in 0002: permissions are made after all migrations, so make them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="kaiyaku", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kaiyaku", "0006_web_links_and_corporate_window"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Fact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        default="article",
                        help_text="URL、または元記事なら article",
                        max_length=500,
                        verbose_name="出典",
                    ),
                ),
                ("verified_on", models.DateField(verbose_name="確認日")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("confirmed", "確認済み"),
                            ("article", "記事のみ"),
                            ("disputed", "要確認(情報源で食い違い)"),
                        ],
                        default="article",
                        max_length=10,
                        verbose_name="確認状況",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="要確認の理由など。利用者にも表示されます。",
                        verbose_name="メモ",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="適用開始日")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="適用終了日")),
                ("code", models.SlugField(verbose_name="コード")),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                (
                    "value",
                    models.CharField(
                        help_text="日数、日付、可否など", max_length=200, verbose_name="値"
                    ),
                ),
            ],
            options={
                "verbose_name": "日数・日付などの情報",
                "verbose_name_plural": "日数・日付などの情報",
                "ordering": ["code", "valid_from"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalFact",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        default="article",
                        help_text="URL、または元記事なら article",
                        max_length=500,
                        verbose_name="出典",
                    ),
                ),
                ("verified_on", models.DateField(verbose_name="確認日")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("confirmed", "確認済み"),
                            ("article", "記事のみ"),
                            ("disputed", "要確認(情報源で食い違い)"),
                        ],
                        default="article",
                        max_length=10,
                        verbose_name="確認状況",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="要確認の理由など。利用者にも表示されます。",
                        verbose_name="メモ",
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="更新日時"),
                ),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="適用開始日")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="適用終了日")),
                ("code", models.SlugField(verbose_name="コード")),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                (
                    "value",
                    models.CharField(
                        help_text="日数、日付、可否など", max_length=200, verbose_name="値"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical 日数・日付などの情報",
                "verbose_name_plural": "historical 日数・日付などの情報",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Inquiry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("guide", "解約ガイドのリクエスト"),
                            ("figure", "数字の誤りの指摘"),
                        ],
                        max_length=10,
                        verbose_name="種類",
                    ),
                ),
                (
                    "service",
                    models.CharField(blank=True, max_length=100, verbose_name="サービス名"),
                ),
                ("figure", models.CharField(blank=True, max_length=200, verbose_name="対象の数字")),
                ("message", models.TextField(blank=True, verbose_name="内容")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "未対応"),
                            ("in_progress", "対応中"),
                            ("done", "対応済み"),
                            ("declined", "対応しない"),
                        ],
                        default="new",
                        max_length=12,
                        verbose_name="対応状況",
                    ),
                ),
                ("editor_note", models.TextField(blank=True, verbose_name="編集者のメモ")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="受付日時")),
            ],
            options={
                "verbose_name": "読者からのリクエスト",
                "verbose_name_plural": "読者からのリクエスト",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AlterModelOptions(
            name="plan",
            options={
                "ordering": ["carrier__sort_order", "kind", "monthly_price", "valid_from"],
                "verbose_name": "料金プラン",
                "verbose_name_plural": "料金プラン",
            },
        ),
        migrations.AlterModelOptions(
            name="postagemethod",
            options={
                "ordering": ["price", "valid_from"],
                "verbose_name": "返却の送り方",
                "verbose_name_plural": "返却の送り方",
            },
        ),
        migrations.RemoveConstraint(
            model_name="plan",
            name="plan_code_unique_per_carrier",
        ),
        migrations.RemoveConstraint(
            model_name="postagemethod",
            name="one_recommended_postage",
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="適用開始日"),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="適用終了日"),
        ),
        migrations.AddField(
            model_name="historicalpostagemethod",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="適用開始日"),
        ),
        migrations.AddField(
            model_name="historicalpostagemethod",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="適用終了日"),
        ),
        migrations.AddField(
            model_name="plan",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="適用開始日"),
        ),
        migrations.AddField(
            model_name="plan",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="適用終了日"),
        ),
        migrations.AddField(
            model_name="postagemethod",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="適用開始日"),
        ),
        migrations.AddField(
            model_name="postagemethod",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="適用終了日"),
        ),
        migrations.AlterField(
            model_name="postagemethod",
            name="code",
            field=models.SlugField(verbose_name="コード"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                fields=("carrier", "code", "valid_from"), name="plan_period_start_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="postagemethod",
            constraint=models.UniqueConstraint(
                fields=("code", "valid_from"), name="postage_period_start_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="fact",
            constraint=models.UniqueConstraint(
                fields=("code", "valid_from"), name="fact_period_start_unique"
            ),
        ),
        migrations.AddField(
            model_name="historicalfact",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
