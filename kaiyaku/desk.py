"""The editors' desk on the admin index: what needs an editor's attention this week.

The desk is the list `SECTIONS` of small functions; each takes a `Desk` (the request and today's
date) and returns a `Section`, or None when it has nothing to say to this editor. A new section
(drafts, figures not registered, …) is one more function appended to `SECTIONS`. Each section
links every entry to its record and each kind of record to its admin list, filtered by one of the
list filters below, so that the desk and the lists always agree on what "stale" means.
"""

import dataclasses
import datetime

from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import integrity
from .models import DATA_MODELS, Inquiry, Status
from .planner.calendar import JST
from .snapshot.store import get_snapshot

STALE_AFTER = datetime.timedelta(days=180)  # a figure not checked for this long is stale
SOON = datetime.timedelta(days=60)  # scheduled changes shown on the desk
SHOWN = 10  # entries listed per section; the rest are in the filtered lists


def today():
    return timezone.localdate(timezone=JST)


def stale_on_or_before(day):
    """The last check date that counts as stale on `day` (checked 180 days ago or earlier)."""
    return day - STALE_AFTER


def is_dated(model):
    return any(field.name == "valid_from" for field in model._meta.fields)


# -- List filters, the same class on every kind of data --------------------------------------


class VerifiedFilter(admin.SimpleListFilter):
    title = _("確認日")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("stale", _("180日以上前")), ("recent", _("180日以内"))]

    def queryset(self, request, queryset):
        cutoff = stale_on_or_before(today())
        if self.value() == "stale":
            return queryset.filter(verified_on__lte=cutoff)
        if self.value() == "recent":
            return queryset.filter(verified_on__gt=cutoff)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("確認状況")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("要確認(確認済み以外すべて)")), *Status.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.exclude(status=Status.CONFIRMED)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class PeriodFilter(admin.SimpleListFilter):
    title = _("適用期間")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [
            ("soon", _("60日以内に始まる")),
            ("future", _("これから始まる(予定)")),
            ("current", _("いま適用中")),
            ("ended", _("終了した")),
        ]

    def queryset(self, request, queryset):
        day = today()
        value = self.value()
        if value == "soon":
            return queryset.filter(valid_from__gt=day, valid_from__lte=day + SOON)
        if value == "future":
            return queryset.filter(valid_from__gt=day)
        if value == "current":
            started = Q(valid_from__isnull=True) | Q(valid_from__lte=day)
            running = Q(valid_to__isnull=True) | Q(valid_to__gte=day)
            return queryset.filter(started & running)
        if value == "ended":
            return queryset.filter(valid_to__lt=day)
        return queryset


def provenance_filters(model):
    """The filters every kind of data starts its list with."""
    return (StatusFilter, VerifiedFilter, *((PeriodFilter, "draft") if is_dated(model) else ()))


# -- The desk ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Section:
    key: str  # the section's id on the page
    title: str
    description: str
    lists: list[Link]  # one filtered admin list per kind of record, with its count
    entries: list[Link]  # the first records themselves
    total: int

    @property
    def more(self):
        return self.total - len(self.entries)


@dataclasses.dataclass(frozen=True)
class Desk:
    request: object
    today: datetime.date

    def can_view(self, model):
        opts = model._meta
        return self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def changelist_url(model, **filters):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def data_section(desk, *, key, title, description, query, filters, detail, models=DATA_MODELS):
    """A section over every kind of data: `query(model)` picks the records, `filters` the list."""
    lists, entries, total = [], [], 0
    for model in models:
        if not desk.can_view(model):
            continue
        records = query(model)
        count = records.count()
        if not count:
            continue
        total += count
        lists.append(
            Link(str(model._meta.verbose_name_plural), changelist_url(model, **filters), count)
        )
        for obj in records[: max(SHOWN - len(entries), 0)]:
            entries.append(
                Link(f"{model._meta.verbose_name}: {obj}", change_url(obj), detail=detail(obj))
            )
    return Section(key, title, description, lists, entries, total)


def stale_figures(desk):
    cutoff = stale_on_or_before(desk.today)
    return data_section(
        desk,
        key="stale",
        title=_("180日以上確認していない数字"),
        description=_("確認日が %(day)s 以前のもの。出典を見直して確認日を更新してください。")
        % {"day": cutoff.isoformat()},
        query=lambda model: model.objects.filter(verified_on__lte=cutoff).order_by("verified_on"),
        filters={"verified": "stale"},
        detail=lambda obj: _("確認日 %(day)s") % {"day": obj.verified_on.isoformat()},
    )


def unconfirmed_figures(desk):
    return data_section(
        desk,
        key="unconfirmed",
        title=_("要確認の数字"),
        description=_("確認状況が「確認済み」でないもの。利用者には要確認と表示されています。"),
        query=lambda model: model.objects.exclude(status=Status.CONFIRMED).order_by(
            "-status", "verified_on"
        ),
        filters={"status": "open"},
        detail=lambda obj: obj.get_status_display(),
    )


def upcoming_changes(desk):
    last = desk.today + SOON
    return data_section(
        desk,
        key="upcoming",
        title=_("60日以内に適用される変更"),
        description=_(
            "適用開始日が明日から %(day)s までの期間。公開中の案内はその日から変わります。"
        )
        % {"day": last.isoformat()},
        query=lambda model: model.objects.filter(
            valid_from__gt=desk.today, valid_from__lte=last
        ).order_by("valid_from"),
        filters={"period": "soon"},
        detail=lambda obj: _("%(day)s から") % {"day": obj.valid_from.isoformat()},
        models=[model for model in DATA_MODELS if is_dated(model)],
    )


def new_inquiries(desk):
    if not desk.can_view(Inquiry):
        return None
    waiting = Inquiry.objects.filter(status=Inquiry.State.NEW)
    total = waiting.count()
    entries = [
        Link(
            str(inquiry),
            change_url(inquiry),
            detail=f"{timezone.localtime(inquiry.created_at):%Y-%m-%d %H:%M}",
        )
        for inquiry in waiting[:SHOWN]
    ]
    lists = [
        Link(
            str(Inquiry._meta.verbose_name_plural),
            changelist_url(Inquiry, status__exact=Inquiry.State.NEW),
            total,
        )
    ]
    return Section(
        "inquiries",
        _("読者からの新しいリクエストと指摘"),
        _("対応状況が「未対応」のもの。対応を始めたら対応状況を変えてください。"),
        lists if total else [],
        entries,
        total,
    )


def drafts(desk):
    return data_section(
        desk,
        key="drafts",
        title=_("下書き"),
        description=_(
            "公開されていない記録と期間。プレビューで確かめてから、記録の画面の"
            "「この下書きを公開する」で公開してください。"
        ),
        query=lambda model: model.objects.filter(draft=True).order_by("valid_from"),
        filters={"draft__exact": "1"},
        detail=lambda obj: (
            _("%(day)s から")
            % {"day": obj.valid_from.isoformat() if obj.valid_from else _("指定なし")}
        ),
        models=[model for model in DATA_MODELS if is_dated(model)],
    )


def missing_figures(desk):
    """Figures a result needs with no published period on some dates the answers accept: the
    results show them as 未登録 (kaiyaku.integrity.missing_figures)."""
    found = [m for m in integrity.missing_figures(get_snapshot()) if desk.can_view(model(m))]
    counts = {}
    for m in found:
        counts[model(m)] = counts.get(model(m), 0) + 1
    lists = [
        Link(str(kind._meta.verbose_name_plural), changelist_url(kind), count)
        for kind, count in counts.items()
    ]
    entries = [
        Link(m.what, changelist_url(model(m)), detail=integrity.describe_gaps(m.gaps))
        for m in found[:SHOWN]
    ]
    return Section(
        "missing",
        _("未登録の数字"),
        _(
            "案内で選べる日付のうち、適用中の数字がない日があるもの。結果には「未登録」"
            "(要確認)と表示されています。その日を受け持つ期間を登録してください。"
        ),
        lists,
        entries,
        len(found),
    )


def model(missing):
    return apps.get_model("kaiyaku", missing.model)


SECTIONS = [
    stale_figures,
    unconfirmed_figures,
    upcoming_changes,
    drafts,
    missing_figures,
    new_inquiries,
]


def sections(request):
    desk = Desk(request, today())
    return [section for build in SECTIONS if (section := build(desk)) is not None]
