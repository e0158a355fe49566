from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class KaiyakuConfig(AppConfig):
    name = "kaiyaku"
    verbose_name = "kaiyaku データ"

    def ready(self):
        from . import versioning
        from .models import DATA_MODELS

        for model in DATA_MODELS:
            post_save.connect(versioning.bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(
                versioning.bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
            )
