"""What the admin of every kind of data does (DataAdmin), whichever the kind: the history page
with each field's old → new value, amounts shown as 「3,000円」, the version a form was loaded at,
periods (「新しい期間を追加」), drafts and their publishing, and deletes refused where the public
site still needs the record. kaiyaku/admin.py declares each kind's lists and forms on it.
"""

import dataclasses
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_forms import (
    VERSION_FIELD,
    NewPeriodForm,
    PublishForm,
    VersionedForm,
    describe_period,
)
from .admin_history import HistoryAdminMixin
from .integrity import ONE_DAY, answer_dates, describe_gaps
from .models import Dated, Status

# Each English field (shown on /en/ pages, the Japanese where empty) sits beside its Japanese.
PROVENANCE_FIELDS = ("status", ("note", "note_en"), "source", "verified_on", "updated_at")


class ChangeHelper(HistoricalRecordContextHelper):
    """Shows choices by their labels and leaves out the automatic edit time."""

    hidden_fields = frozenset({"updated_at"})

    def context_for_delta_changes(self, delta):
        shown = [c for c in delta.changes if c.field not in self.hidden_fields]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if field.name in MONEY_FIELDS:
            return yen(value)
        if value is None or value == "":
            return _("(空)")
        return super().prepare_delta_change_value(change, value)


def yen(amount):
    """An amount as editors read it: 3000.0 → 「3,000円」, 1234.5 → 「1,234.5円」."""
    if amount is None or amount == "":
        return _("(空)")
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}円"
    return f"{amount.normalize():,}円"


MONEY_FIELDS = frozenset({"monthly_price", "monthly_price_max", "amount", "price"})


def in_yen(field):
    """A fieldset entry with its amounts swapped for their 「3,000円」 display (DataAdmin)."""
    if isinstance(field, (list, tuple)):
        return tuple(in_yen(f) for f in field)
    return f"{field}_yen" if field in MONEY_FIELDS else field


NEW_PERIOD_PARAM = "new_period_of"
# Not copied into a new period: the record's identity and its own period and state.
NOT_CARRIED = {"id", "valid_from", "updated_at", "draft"}


class DataAdmin(HistoryAdminMixin, SimpleHistoryAdmin):
    """What every kind of datum shares: provenance, filters on it, a readable history, a trash."""

    form = VersionedForm
    object_history_list_template = "admin/kaiyaku/object_history_list.html"
    object_history_form_template = "admin/kaiyaku/object_history_form.html"
    change_list_template = "admin/kaiyaku/data_change_list.html"
    change_form_template = "admin/kaiyaku/change_form.html"
    readonly_fields = ("updated_at",)
    list_per_page = 50
    save_on_top = True
    # What names the record in shared links (?plan=giga-5gb) or where the planner looks it up:
    # fixed after the first save, since renaming breaks every link made before.
    identity_fields = ()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return (*self.identity_fields, *fields)

    def get_fieldsets(self, request, obj=None):
        """Every change form carries the loaded version, hidden, in its first fieldset.

        Someone who may only look sees amounts in yen (「3,000円」) and no version to send.
        """
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return [
                (name, {**options, "fields": [in_yen(f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        (name, options), *rest = fieldsets
        first = (name, {**options, "fields": (*options["fields"], VERSION_FIELD)})
        return [first, *rest]

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangeHelper(self.model, historical_record)

    def delete_refusal(self, obj):
        """Why `obj` must stay (the public site needs it), or None when it may be deleted."""
        gaps = obj.new_gaps(deleting=True) if isinstance(obj, Dated) else []
        if gaps:
            first, last = answer_dates()
            return _(
                "「%(obj)s」を削除すると、%(what)sの決まらない期間ができるため削除できません"
                "(%(gaps)s)。案内で選べる%(first)s〜%(last)sのどの日にも数字が要ります。"
                "先に、その期間を受け持つ期間を登録してください。"
            ) % {
                "obj": obj,
                "what": "、".join(str(label) for label, _gaps in gaps),
                "gaps": "、".join(describe_gaps(g) for _label, g in gaps),
                "first": first,
                "last": last,
            }
        return None

    # -- 新しい期間を追加 ---------------------------------------------------------------------
    def new_period_source(self, request):
        """The published period a new one follows (`?new_period_of=<pk>` on the add form)."""
        if not issubclass(self.model, Dated):
            return None
        pk = request.GET.get(NEW_PERIOD_PARAM, "")
        if not pk.isdigit():
            return None
        return self.model._default_manager.filter(pk=pk, draft=False).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        current = None if obj is not None else self.new_period_source(request)
        if current is None:
            return form
        return type(form.__name__, (NewPeriodForm, form), {"current": current})

    def get_changeform_initial_data(self, request):
        current = self.new_period_source(request)
        if current is None:
            return super().get_changeform_initial_data(request)
        initial = {
            f.name: f.value_from_object(current)
            for f in self.model._meta.concrete_fields
            if f.name not in NOT_CARRIED
        }
        return initial

    def add_view(self, request, form_url="", extra_context=None):
        current = self.new_period_source(request)
        if current is not None:
            extra_context = {
                **(extra_context or {}),
                "title": _("新しい期間を追加: %(obj)s") % {"obj": current},
                "new_period_of": current,
                "current_period": describe_period(current),
            }
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if isinstance(obj, Dated):
            extra_context = {**(extra_context or {}), "dated": obj}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """A published period that replaces another ends it the day before, in the same save."""
        closing = None if getattr(obj, "draft", True) else obj.replaced()
        if closing is not None:
            closing.valid_to = obj.valid_from - ONE_DAY
            closing.save()
            messages.info(
                request,
                _("%(kind)s %(obj)s の適用終了日を %(end)s にしました。")
                % {
                    "kind": self.model._meta.verbose_name,
                    "obj": closing,
                    "end": closing.valid_to.isoformat(),
                },
            )
        super().save_model(request, obj, form, change)

    # -- drafts -------------------------------------------------------------------------------
    def get_actions(self, request):
        actions = super().get_actions(request)
        if not issubclass(self.model, Dated):
            actions.pop("publish_drafts", None)
        return actions

    @admin.action(description=_("選んだ下書きを公開する"), permissions=["change"])
    def publish_drafts(self, request, queryset):
        drafts = list(queryset.filter(draft=True).order_by("valid_from"))
        if not drafts:
            messages.warning(request, _("選んだ中に下書きはありません。"))
            return None
        form = PublishForm(request.POST if "publish" in request.POST else None)
        if form.is_valid():
            return self.publish(request, drafts, form.cleaned_data["reason"])
        return TemplateResponse(
            request,
            "admin/kaiyaku/publish.html",
            {
                **self.admin_site.each_context(request),
                "title": _("下書きを公開する"),
                "opts": self.model._meta,
                "drafts": drafts,
                "form": form,
                "action": "publish_drafts",
            },
        )

    def get_urls(self):
        opts = self.model._meta
        own = [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{opts.app_label}_{opts.model_name}_publish",
            )
        ]
        return own + super().get_urls()

    def publish_view(self, request, object_id):
        """One draft's 「公開する」 button: its reason, then the same publishing as the action."""
        if not issubclass(self.model, Dated):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id), draft=True)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = PublishForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            self.publish(request, [obj], form.cleaned_data["reason"])
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return TemplateResponse(
            request,
            "admin/kaiyaku/publish.html",
            {
                **self.admin_site.each_context(request),
                "title": _("下書きを公開する"),
                "opts": self.model._meta,
                "drafts": [obj],
                "form": form,
            },
        )

    def publish(self, request, drafts, reason):
        """Publishes every draft in one transaction: each ends the period it replaces the day
        before it starts; the history records the editor's reason; the data version moves."""
        try:
            with transaction.atomic():
                for draft in drafts:
                    draft.draft = False
                    closing = draft.closing = draft.period_to_close()
                    draft.full_clean()
                    if closing is not None:
                        closing.valid_to = draft.valid_from - ONE_DAY
                        closing._change_reason = _("「%(obj)s」の公開で終了: %(reason)s") % {
                            "obj": draft,
                            "reason": reason,
                        }
                        closing.save()
                    draft._change_reason = _("公開: %(reason)s") % {"reason": reason}
                    draft.save()
        except ValidationError as error:
            messages.error(
                request,
                _("公開できませんでした(「%(obj)s」): %(why)s")
                % {"obj": draft, "why": " ".join(error.messages)},
            )
            return None
        messages.success(
            request,
            _("%(count)d件の下書きを公開しました。") % {"count": len(drafts)},
        )
        return None

    def get_deleted_objects(self, objs, request):
        """The delete action's confirmation lists, as blocking, each record that must stay."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for obj in objs if (reason := self.delete_refusal(obj))]
        if super().has_delete_permission(request):
            # A refusal is not a missing permission: the editor may delete the others.
            name = str(self.model._meta.verbose_name)
            perms_needed = {p for p in perms_needed if str(p) != name}
        return deleted, counts, perms_needed, [*protected, *refusals]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.delete_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        reason = obj and self.delete_refusal(obj)
        if reason:
            messages.error(request, reason)
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    actions = ["publish_drafts"]

    @admin.display(description=_("確認状況"), ordering="status")
    def status_marked(self, obj):
        label = obj.get_status_display()
        return f"⚠ {label}" if obj.status == Status.DISPUTED else label

    @admin.display(description=_("月額料金"), ordering="monthly_price")
    def monthly_price_yen(self, obj):
        return yen(obj.monthly_price)

    @admin.display(description=_("月額料金の上限"), ordering="monthly_price_max")
    def monthly_price_max_yen(self, obj):
        return yen(obj.monthly_price_max)

    @admin.display(description=_("金額"), ordering="amount")
    def amount_yen(self, obj):
        return yen(obj.amount)

    @admin.display(description=_("料金(税込)"), ordering="price")
    def price_yen(self, obj):
        return yen(obj.price)

    @admin.display(description=_("適用期間"), ordering="valid_from")
    def period(self, obj):
        start = obj.valid_from.isoformat() if obj.valid_from else ""
        end = obj.valid_to.isoformat() if obj.valid_to else ""
        shown = f"{start}〜{end}" if start or end else _("期限なし")
        return _("%(period)s(下書き)") % {"period": shown} if obj.draft else shown


def kept_for_links(obj, link):
    """Why a record people's links name cannot be deleted, and how to end or retire it."""
    message = _(
        "「%(obj)s」は、共有されたリンクや保存された結果(%(link)s)で使われているため削除できません。"
        "削除すると、そのリンクを開いた人にエラーが表示されます。"
    ) % {"obj": obj, "link": link}
    if hasattr(obj, "valid_to"):
        message += _("使わなくなったときは、適用終了日を入れて期間を終わらせてください。")
    return message


def provenance_fieldset():
    return (
        _("出典と確認"),
        {
            "fields": PROVENANCE_FIELDS,
            "description": _("要確認にしたときは、食い違いの内容をメモに書いてください。"),
        },
    )


def period_fieldset():
    return (
        _("適用期間"),
        {
            "fields": (("valid_from", "valid_to"), "draft"),
            "description": _(
                "両端の日を含みます。値上げ・値下げは、この画面の「新しい期間を追加」から。"
            ),
        },
    )
