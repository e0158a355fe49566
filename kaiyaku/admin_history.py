"""What the admin keeps of the past: a trash to restore deleted records from, and undo.

Both read django-simple-history's records, so there is no second store: a deletion leaves a
historical record of type "-" with every field, and restoring saves that record's instance back
under its old id. Reverting to an older version (the history page's "この版に戻す") is recorded
as an undo — 取り消し, naming the version and the fields it put back — in the record's history and
in the admin's log, not as a plain change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

REASON_LENGTH = 100  # django-simple-history's history_change_reason column
RESTORED = "ゴミ箱から復元"
HIDDEN_FIELDS = frozenset({"updated_at"})


def is_id(value):
    return str(value).isdigit()


def local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class HistoryAdminMixin:
    """For a SimpleHistoryAdmin: ids checked (404, not 500), undo recorded, a trash."""

    trash_template = "admin/kaiyaku/trash.html"

    # -- History and undo ----------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if not is_id(object_id):
            raise Http404(_("そのデータはありません。"))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_id(object_id) and is_id(version_id)):
            raise Http404(_("そのデータの版はありません。"))
        if request.method == "POST":
            request.kaiyaku_undo_to = self.model.history.filter(pk=version_id, id=object_id).first()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def undone_fields(self, obj):
        """The labels of the fields a revert puts back, with their value now → restored."""
        current = type(obj)._default_manager.filter(pk=obj.pk).first()
        if current is None:
            return []
        changes = []
        for field in obj._meta.concrete_fields:
            if field.name in HIDDEN_FIELDS or field.primary_key:
                continue
            if field.value_from_object(current) != field.value_from_object(obj):
                changes.append(str(field.verbose_name))
        return changes

    def save_model(self, request, obj, form, change):
        version = getattr(request, "kaiyaku_undo_to", None)
        if version is not None:
            fields = self.undone_fields(obj)
            request.kaiyaku_undo_message = _(
                "取り消し: %(when)s の版に戻しました(戻した項目: %(fields)s)"
            ) % {"when": local(version.history_date), "fields": "、".join(fields) or _("なし")}
            obj._change_reason = request.kaiyaku_undo_message[:REASON_LENGTH]
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        undo = getattr(request, "kaiyaku_undo_message", None)
        return super().log_change(request, obj, undo or message)

    # -- Trash ---------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("trash/", view(self.trash_view), name=f"{prefix}_trash"),
            path(
                "trash/<int:history_id>/restore/",
                view(require_POST(self.restore_view)),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def trash_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_trash")

    def deleted_records(self):
        """The last deletion of each record that is still deleted, newest first."""
        history = self.model.history
        existing = self.model._default_manager.values("pk")
        latest = {}
        for record in (
            history.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        ):
            latest.setdefault(record.id, record)
        return list(latest.values())

    def trash_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("ゴミ箱: %(name)s") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "records": self.deleted_records(),
            "can_restore": self.has_add_permission(request),
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return TemplateResponse(request, self.trash_template, context)

    def restore_view(self, request, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        record = self.model.history.filter(history_id=history_id, history_type="-").first()
        if record is None:
            raise Http404(_("ゴミ箱にそのデータはありません。"))
        if self.model._default_manager.filter(pk=record.id).exists():
            messages.info(request, _("「%(obj)s」はすでに戻されています。") % {"obj": record})
            return redirect(self.trash_url())
        obj = record.instance
        obj._state.adding = True
        try:
            obj.full_clean()
        except ValidationError as error:
            messages.error(
                request,
                _("「%(obj)s」は、いまのデータと合わないため戻せませんでした: %(why)s")
                % {"obj": obj, "why": " ".join(error.messages)},
            )
            return redirect(self.trash_url())
        obj._history_user = request.user
        obj._change_reason = RESTORED
        obj.save(force_insert=True)
        self.log_addition(request, obj, _("%(reason)sしました") % {"reason": RESTORED})
        messages.success(request, _("「%(obj)s」をゴミ箱から戻しました。") % {"obj": obj})
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        messages.info(
            request,
            _("削除した「%(obj)s」は、一覧の「ゴミ箱」から元に戻せます。") % {"obj": obj},
        )

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        messages.info(request, _("削除したデータは、一覧の「ゴミ箱」から元に戻せます。"))
