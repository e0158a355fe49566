from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_save
from django.utils.autoreload import file_changed


class KaiyakuConfig(AppConfig):
    default = True
    name = "kaiyaku"
    verbose_name = "kaiyaku データ"

    def ready(self):
        from . import memos, versioning
        from .models import DATA_MODELS

        file_changed.connect(memos.forget_on_edit, dispatch_uid="kaiyaku-forget-on-edit")

        for model in DATA_MODELS:
            post_save.connect(versioning.bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(
                versioning.bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
            )


class EditorsAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose site asks for a second factor when required (editors.py)."""

    default = False  # named in INSTALLED_APPS; kaiyaku's own config stays the default
    default_site = "kaiyaku.editors.EditorsAdminSite"
