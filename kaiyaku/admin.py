"""The editors' room: every figure the guide shows, with its provenance and its change history.

Each kind of data's lists and forms, declared on DataAdmin (kaiyaku/admin_data.py: history,
versions, periods, drafts, refused deletes). Each model's `clean()` runs through the admin forms
(ModelForm calls `full_clean()`), so the same rules hold here as anywhere else.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_data import DataAdmin, kept_for_links, period_fieldset, provenance_fieldset
from .admin_forms import VERSION_FIELD, VersionedInlineForm
from .desk import provenance_filters
from .models import (
    Carrier,
    Fact,
    Fee,
    Inquiry,
    Option,
    Plan,
    PostageMethod,
    ReturnAddress,
    TaxRate,
)

admin.site.site_header = _("kaiyaku データ管理")
admin.site.site_title = _("kaiyaku データ管理")
admin.site.index_title = _("案内に使うデータ")


class PlanInline(admin.TabularInline):
    model = Plan
    form = VersionedInlineForm
    extra = 0
    fields = (
        "code",
        "name",
        "name_en",
        "kind",
        "data_gb",
        "monthly_price",
        "tax_class",
        "valid_from",
        "valid_to",
        "is_current",
        "status",
        "verified_on",
        "note",
        "note_en",
        VERSION_FIELD,
    )
    show_change_link = True


@admin.register(Carrier)
class CarrierAdmin(DataAdmin):
    list_display = (
        "name",
        "status_marked",
        "verified_on",
        "code",
        "is_source",
        "is_destination",
        "mnp_one_stop",
    )
    list_filter = (*provenance_filters(Carrier), "is_source", "is_destination", "mnp_one_stop")
    search_fields = ("name", "code", "note")
    inlines = [PlanInline]
    identity_fields = ("code",)

    def delete_refusal(self, obj):
        if obj.is_source:
            return _(
                "「%(name)s」は解約・転出元として案内している通信会社なので削除できません。"
                "削除すると案内のページを表示できなくなります。"
            ) % {"name": obj.name}
        if obj.is_destination:
            return kept_for_links(obj, f"dest={obj.code}") + _(
                "転入先から外すときは、「転入先として選べる」のチェックを外してください。"
            )
        return None

    fieldsets = (
        (
            None,
            {"fields": ("code", ("name", "name_en"), ("networks", "networks_en"), "sort_order")},
        ),
        (
            _("転入先として"),
            {
                "fields": (
                    "is_destination",
                    "mnp_days_required",
                    ("mnp_one_stop", "mnp_one_stop_from"),
                    "esim_delivery_days",
                    ("card_delivery_days_min", "card_delivery_days_max"),
                )
            },
        ),
        (
            _("解約・転出元として"),
            {
                "fields": (
                    "is_source",
                    "mnp_number_valid_days",
                    ("mnp_issue_from", "mnp_issue_until"),
                    ("maintenance_weekday", "maintenance_from", "maintenance_until"),
                    ("nightly_from", "nightly_until"),
                    "member_page_url",
                    ("cancel_menu", "cancel_menu_en"),
                    ("mnp_menu", "mnp_menu_en"),
                    ("options_menu", "options_menu_en"),
                )
            },
        ),
        (
            _("問い合わせ先"),
            {
                "fields": (
                    "support_phone",
                    ("support_hours", "support_hours_en"),
                    ("chat_hours", "chat_hours_en"),
                    ("support_busy", "support_busy_en"),
                    ("mail_reply", "mail_reply_en"),
                    "mail_domains",
                )
            },
        ),
        (
            _("法人窓口"),
            {
                "fields": (
                    ("corporate_hours", "corporate_hours_en"),
                    ("corporate_documents", "corporate_documents_en"),
                    ("corporate_processing", "corporate_processing_en"),
                )
            },
        ),
        provenance_fieldset(),
    )


@admin.register(Plan)
class PlanAdmin(DataAdmin):
    list_display = (
        "name",
        "status_marked",
        "verified_on",
        "carrier",
        "monthly_price_yen",
        "period",
        "is_current",
    )
    list_filter = (*provenance_filters(Plan), "carrier", "kind", "tax_class", "is_current")
    list_select_related = ("carrier",)
    search_fields = ("name", "code", "carrier__name", "note")
    identity_fields = ("carrier", "code")
    fieldsets = (
        (
            None,
            {"fields": ("carrier", "code", ("name", "name_en"), "kind", "data_gb", "is_current")},
        ),
        (_("料金"), {"fields": ("monthly_price", "tax_class", ("price_note", "price_note_en"))}),
        period_fieldset(),
        provenance_fieldset(),
    )

    def delete_refusal(self, obj):
        """The source carrier's plans are answers (plan=, hikari=) until their last period goes."""
        other_periods = Plan.objects.filter(carrier=obj.carrier, code=obj.code).exclude(pk=obj.pk)
        if not obj.carrier.is_source or other_periods.exists():
            return super().delete_refusal(obj)
        if obj.kind == Plan.Kind.FIBRE:
            link = f"hikari={obj.code.removeprefix('hikari-')}"
        else:
            link = f"plan={obj.code}"
        return kept_for_links(obj, link) + _(
            "新しく選べなくするだけなら、「新規受付中」のチェックを外してください。"
        )


@admin.register(Fee)
class FeeAdmin(DataAdmin):
    list_display = (
        "name",
        "status_marked",
        "verified_on",
        "amount_yen",
        "tax_class",
        "period",
        "carrier",
    )
    list_filter = (*provenance_filters(Fee), "carrier", "tax_class", "per_month", "code")
    list_select_related = ("carrier",)
    search_fields = ("name", "code", "carrier__name", "note")
    identity_fields = ("carrier", "code")
    fieldsets = (
        (None, {"fields": ("carrier", "code", ("name", "name_en"))}),
        (_("金額"), {"fields": ("amount", "tax_class", "per_month")}),
        (
            _("適用期間"),
            {
                "fields": (("valid_from", "valid_to"), "draft"),
                "description": _(
                    "両端の日を含みます。同じコードの料金どうしで期間を重ねることはできません。"
                    "金額の変更は、この画面の「新しい期間を追加」から。"
                ),
            },
        ),
        (
            _("対象の契約"),
            {"fields": (("contracted_from", "contracted_to"), "services", "term_months")},
        ),
        provenance_fieldset(),
    )


@admin.register(Option)
class OptionAdmin(DataAdmin):
    list_display = (
        "name",
        "status_marked",
        "verified_on",
        "carrier",
        "monthly_price_yen",
        "ends_with_line",
        "period",
    )
    list_filter = (*provenance_filters(Option), "carrier", "ends_with_line", "tax_class")
    list_select_related = ("carrier",)
    search_fields = ("name", "code", "provider", "note")
    identity_fields = ("carrier", "code")
    fieldsets = (
        (None, {"fields": ("carrier", "code", ("name", "name_en"), "provider")}),
        (_("料金"), {"fields": ("monthly_price", "monthly_price_max", "tax_class")}),
        (_("解約"), {"fields": ("ends_with_line", "cancel_where", "cancel_url")}),
        period_fieldset(),
        provenance_fieldset(),
    )

    def delete_refusal(self, obj):
        """Options that outlive the line are answers (options=) of the source carrier."""
        if obj.carrier.is_source and not obj.ends_with_line:
            return kept_for_links(obj, f"options={obj.code}")
        return super().delete_refusal(obj)


@admin.register(ReturnAddress)
class ReturnAddressAdmin(DataAdmin):
    list_display = ("recipient", "status_marked", "verified_on", "carrier", "postcode", "period")
    list_filter = (*provenance_filters(ReturnAddress), "carrier")
    list_select_related = ("carrier",)
    search_fields = ("recipient", "address", "postcode")
    fieldsets = (
        (None, {"fields": ("carrier", "postcode", "address", "recipient")}),
        period_fieldset(),
        provenance_fieldset(),
    )


@admin.register(PostageMethod)
class PostageMethodAdmin(DataAdmin):
    list_display = (
        "name",
        "status_marked",
        "verified_on",
        "price_yen",
        "period",
        "recommended",
        "tracking",
    )
    list_filter = (*provenance_filters(PostageMethod), "recommended", "tracking")
    search_fields = ("name", "code", "note")
    identity_fields = ("code",)
    fieldsets = (
        (None, {"fields": ("code", ("name", "name_en"))}),
        (
            _("料金と特徴"),
            {
                "fields": (
                    "price",
                    "price_is_minimum",
                    "tracking",
                    "compensation",
                    "recommended",
                )
            },
        ),
        period_fieldset(),
        provenance_fieldset(),
    )

    def delete_refusal(self, obj):
        """The recommended method is the postage of every answer that returns a SIM card."""
        if obj.recommended:
            return kept_for_links(obj, _("SIMカードを返す人の送料"))
        return super().delete_refusal(obj)


@admin.register(TaxRate)
class TaxRateAdmin(DataAdmin):
    list_display = ("__str__", "status_marked", "verified_on", "period")
    list_filter = provenance_filters(TaxRate)
    fieldsets = (
        (
            None,
            {
                "fields": ("rate_percent", ("valid_from", "valid_to"), "draft"),
                "description": _(
                    "新しい税率は適用開始日を入れて追加してください。"
                    "それまでの税率は、その前日で自動的に終わります。"
                ),
            },
        ),
        provenance_fieldset(),
    )


@admin.register(Fact)
class FactAdmin(DataAdmin):
    list_display = ("name", "status_marked", "verified_on", "value", "period")
    list_filter = (*provenance_filters(Fact), "code")
    search_fields = ("name", "code", "value", "note")
    identity_fields = ("code",)
    fieldsets = (
        (None, {"fields": ("code", ("name", "name_en"), ("value", "value_en"))}),
        period_fieldset(),
        provenance_fieldset(),
    )


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """What readers sent through /request/: editors work through it by status."""

    list_display = ("created_at", "kind", "service", "figure", "status")
    list_filter = ("status", "kind")
    list_editable = ("status",)
    search_fields = ("service", "figure", "message")
    readonly_fields = ("kind", "service", "figure", "message", "created_at")
    fields = ("kind", "service", "figure", "message", "created_at", "status", "editor_note")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
