"""The data editors keep: carriers, plans, fees, options, return addresses, postage, tax rates.

Every figure the guide shows lives here, with where it came from and when someone last checked it,
so that a price change is an edit in the admin, not a deploy.
"""

import datetime
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .integrity import NEEDED_FEES, ONE_DAY, answer_dates, describe_gaps, subtract, uncovered
from .planner.calendar import JST

NON_NEGATIVE = [MinValueValidator(0, message=_("0以上の値を入力してください。"))]
# Links shown to the public: web pages only (no javascript:, data:, ftp: …).
WEB_URL = URLValidator(
    schemes=["http", "https"],
    code="web_url",  # not "invalid": a field's own "invalid" message would replace this one
    message=_("http:// または https:// で始まる、ウェブページのURLを入力してください。"),
)
ARTICLE = "article"


# The English edition (/en/) shows an *_en field next to each text people read; empty, the
# Japanese one (kaiyaku.snapshot.shapes.Localised).
ENGLISH_HELP = _("英語のページに表示します。空なら日本語を表示します。")


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("確認済み")
    ARTICLE = "article", _("記事のみ")
    DISPUTED = "disputed", _("要確認(情報源で食い違い)")


class TaxClass(models.TextChoices):
    EXCLUDED = "excl", _("課税・税抜表示")
    INCLUDED = "incl", _("課税・税込表示")
    NOT_TAXABLE = "none", _("不課税")


class Service(models.TextChoices):
    VOICE = "voice", _("音声通話SIM")
    SMS = "sms", _("SMS機能付きSIM")
    DATA = "data", _("データ専用SIM")


class Validated(models.Model):
    """Reports every broken rule at once, so an editor fixes a form in one go.

    Subclasses add to `validate_data(errors)` (field name → messages) and call `super()`; the
    admin runs it through `full_clean()`.
    """

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        self.validate_data(errors)
        if errors:
            raise ValidationError(errors)

    def validate_data(self, errors):
        """Add a message per broken rule to `errors`; the base class has no rules."""

    @staticmethod
    def add_error(errors, field, message):
        errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)


class Provenance(Validated):
    """Where a figure came from and when it was last checked (facts.md, Provenance)."""

    source = models.CharField(
        _("出典"), max_length=500, default="article", help_text=_("URL、または元記事なら article")
    )
    verified_on = models.DateField(_("確認日"))
    status = models.CharField(
        _("確認状況"), max_length=10, choices=Status.choices, default=Status.ARTICLE
    )
    note = models.TextField(
        _("メモ"), blank=True, help_text=_("要確認の理由など。利用者にも表示されます。")
    )
    note_en = models.TextField(_("メモ(英語)"), blank=True, help_text=ENGLISH_HELP)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True

    def validate_data(self, errors):
        super().validate_data(errors)
        if self.verified_on and self.verified_on > timezone.localdate(timezone=JST):
            self.add_error(
                errors,
                "verified_on",
                _("確認日に未来の日付は指定できません(今日以前にしてください)。"),
            )
        if self.status == Status.DISPUTED and not self.note.strip():
            self.add_error(
                errors, "note", _("要確認にするときは、食い違いの内容をメモに書いてください。")
            )
        if names_a_scheme(self.source) and not is_web_url(self.source):
            # A source is "article", a web page, or a publication named in words (facts.md's
            # updates name their sources without URLs); never javascript:, data: or ftp:.
            self.add_error(
                errors,
                "source",
                _(
                    "出典のURLは http:// か https:// で始まるものにしてください"
                    "(元記事なら article、それ以外の資料は名前で書けます)。"
                ),
            )

    @property
    def as_of(self):
        """The day someone last checked the figure against its source (issue 9).

        Not the last edit: fixing a typo in a note does not make a figure checked today.
        """
        return self.verified_on


URL_SCHEME = re.compile(r"\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def names_a_scheme(value):
    """Does the text start with a URL scheme ("https:", "javascript:", "data:")?"""
    return bool(URL_SCHEME.match(value))


def is_web_url(value):
    try:
        WEB_URL(value)
    except ValidationError:
        return False
    return True


class Dated(Validated):
    """A record in force from `valid_from` through `valid_to` (both inclusive, either open).

    Records sharing `PERIOD_KEY` are the periods of one figure (a fee code's prices over time).
    A draft is kept out of everything the public sees until an editor publishes it; a draft or a
    new period may end the period its start falls in (`replaced()`), the day before it starts.
    """

    valid_from = models.DateField(_("適用開始日"), null=True, blank=True)
    valid_to = models.DateField(_("適用終了日"), null=True, blank=True)
    draft = models.BooleanField(
        _("下書き"),
        default=False,
        help_text=_("下書きは公開されません。一覧の操作「下書きを公開する」で公開します。"),
    )

    # The fields that name one figure; its records are its periods.
    PERIOD_KEY = ()
    # Once the figure exists, the planner needs it on every date the answers accept, so the
    # last of its periods cannot go (a fee, an address); a plan or an option may be removed.
    NEEDED_ON_EVERY_DATE = True
    # Set by 「新しい期間を追加」: the period this record ends the day before it starts.
    closing = None

    class Meta:
        abstract = True

    def validate_data(self, errors):
        super().validate_data(errors)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            self.add_error(
                errors, "valid_to", _("適用終了日は適用開始日と同じか、それより後にしてください。")
            )
            return
        if not self.has_period_key():
            return
        closing = self.replaced()
        others = [s for s in self.periods() if not closing or s.pk != closing.pk]
        self.check_no_overlap(errors, others, self.period_label())
        self.check_coverage(errors)

    # -- the periods of one figure -----------------------------------------------------------
    def has_period_key(self):
        return all(getattr(self, name) not in (None, "") for name in self.PERIOD_KEY)

    def period_filter(self):
        return {name: getattr(self, name) for name in self.PERIOD_KEY}

    def periods(self):
        """The published periods of this figure, other than this record."""
        return (
            type(self)
            ._default_manager.filter(draft=False, **self.period_filter())
            .exclude(pk=self.pk)
        )

    def period_label(self):
        return getattr(self, "name", "") or getattr(self, "code", "") or str(self)

    def period_to_close(self):
        """The published period this record's start falls in, begun before it."""
        if self.valid_from is None or not self.has_period_key():
            return None
        return next(
            (
                s
                for s in self.periods().order_by("valid_from")
                if (s.valid_from is None or s.valid_from < self.valid_from)
                and (s.valid_to is None or s.valid_to >= self.valid_from)
            ),
            None,
        )

    def replaced(self):
        """The period this record ends when it is saved (new period) or published (draft)."""
        if self.closing is not None:
            return self.closing
        return self.period_to_close() if self.draft else None

    def period_overlaps(self, other):
        start = self.valid_from or datetime.date.min
        end = self.valid_to or datetime.date.max
        other_start = other.valid_from or datetime.date.min
        other_end = other.valid_to or datetime.date.max
        return start <= other_end and other_start <= end

    def check_no_overlap(self, errors, siblings, label):
        """Report the first sibling whose period shares a day with this one.

        The message sits on the date that runs into the other period (the start when it falls
        inside it, otherwise the end) and links to that period's page in the admin.
        """
        clash = next((s for s in siblings if self.period_overlaps(s)), None)
        if clash:
            start = self.valid_from or datetime.date.min
            inside = (
                (clash.valid_from or datetime.date.min)
                <= start
                <= (clash.valid_to or datetime.date.max)
            )
            period = _("%(start)s〜%(end)s") % {
                "start": clash.valid_from or _("指定なし"),
                "end": clash.valid_to or _("指定なし"),
            }
            opts = clash._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[clash.pk])
            self.add_error(
                errors,
                "valid_from" if inside else "valid_to",
                format_html(
                    _(
                        '{label} の適用期間が、既存の期間 <a href="{url}">{period}</a> と'
                        "重なっています。どちらかの期間を変えてください。"
                    ),
                    label=label,
                    url=url,
                    period=period,
                ),
            )

    # -- every date the answers accept keeps its figure --------------------------------------
    def coverage_groups(self):
        """(label, filter, needed on every date) of each set of periods that must leave no date
        without a figure: this figure's own periods, and whatever a subclass adds."""
        return [(self.period_label(), self.period_filter(), self.needed_on_every_date())]

    def needed_on_every_date(self):
        return self.NEEDED_ON_EVERY_DATE

    def in_group(self, where):
        return not self.draft and all(getattr(self, k) == v for k, v in where.items())

    def new_gaps(self, *, deleting=False):
        """[(label, gaps)]: the dates the answers accept that this save (or delete) would leave
        without a published figure, that had one before."""
        model = type(self)
        saved = model._default_manager.filter(pk=self.pk).first() if self.pk else None
        groups = {}
        for record in (self, saved):
            if record is not None and record.has_period_key():
                for label, where, needed in record.coverage_groups():
                    groups.setdefault(tuple(sorted(where.items())), (label, where, needed))
        closing = None if deleting or self.draft else self.replaced()
        found = []
        for label, where, needed in groups.values():
            rows = list(model._default_manager.filter(draft=False, **where))
            before = [(r.valid_from, r.valid_to) for r in rows]
            after = []
            for r in rows:
                if r.pk == self.pk:
                    continue
                if closing and r.pk == closing.pk and self.valid_from:
                    after.append((r.valid_from, self.valid_from - ONE_DAY))
                else:
                    after.append((r.valid_from, r.valid_to))
            if not deleting and self.in_group(where):
                after.append((self.valid_from, self.valid_to))
            if not after and not needed:
                continue
            gaps = subtract(uncovered(after, *answer_dates()), uncovered(before, *answer_dates()))
            if gaps:
                found.append((label, gaps))
        return found

    def check_coverage(self, errors):
        for label, gaps in self.new_gaps():
            first, last = answer_dates()
            self.add_error(errors, None, gap_message(label, gaps, first, last))


def gap_message(label, gaps, first, last):
    return _(
        "この変更では%(label)sの決まらない期間ができます(%(gaps)s)。"
        "案内で選べる%(first)s〜%(last)sのどの日も、"
        "いずれかの適用期間に入るようにしてください。"
    ) % {"label": label, "gaps": describe_gaps(gaps), "first": first, "last": last}


class CarrierManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Carrier(Provenance):
    """A carrier people leave (IIJmio) or move to. What differs between carriers is data here."""

    class OneStop(models.TextChoices):
        UNVERIFIED = "unverified", _("未確認")
        YES = "yes", _("対応")
        NO = "no", _("非対応")

    code = models.SlugField(_("コード"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    networks = models.CharField(
        _("回線"), max_length=100, blank=True, help_text=_("例: docomo, au")
    )
    networks_en = models.CharField(
        _("回線(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    is_source = models.BooleanField(_("解約・転出元として案内する"), default=False)
    is_destination = models.BooleanField(_("転入先として選べる"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    # As a destination (R4.3).
    mnp_days_required = models.PositiveSmallIntegerField(
        _("申込時に必要なMNP予約番号の残り日数"), null=True, blank=True
    )
    # As a source (R4.1, R4.2).
    mnp_number_valid_days = models.PositiveSmallIntegerField(
        _("MNP予約番号の有効日数(発行日を含む)"), null=True, blank=True
    )
    mnp_issue_from = models.TimeField(_("MNP予約番号の即時発行 開始時刻"), null=True, blank=True)
    mnp_issue_until = models.TimeField(_("MNP予約番号の即時発行 終了時刻"), null=True, blank=True)
    mnp_one_stop = models.CharField(
        _("MNPワンストップ方式"), max_length=10, choices=OneStop.choices, default=OneStop.UNVERIFIED
    )
    mnp_one_stop_from = models.DateField(
        _("MNPワンストップ方式に参加した日"),
        null=True,
        blank=True,
        help_text=_("この日より前の乗り換えには、ワンストップの案内を出しません。"),
    )
    # As a destination: how soon the line can be used after applying online (R4.4).
    esim_delivery_days = models.PositiveSmallIntegerField(
        _("eSIMが使えるまでの日数(当日なら0)"), null=True, blank=True
    )
    card_delivery_days_min = models.PositiveSmallIntegerField(
        _("SIMカードが届くまでの日数(早いとき)"), null=True, blank=True
    )
    card_delivery_days_max = models.PositiveSmallIntegerField(
        _("SIMカードが届くまでの日数(遅いとき)"), null=True, blank=True
    )
    # Member page maintenance (R3.4): a weekly full stop and a nightly partial one.
    maintenance_weekday = models.PositiveSmallIntegerField(
        _("定期メンテナンスの曜日"),
        null=True,
        blank=True,
        choices=[(0, "月"), (1, "火"), (2, "水"), (3, "木"), (4, "金"), (5, "土"), (6, "日")],
    )
    maintenance_from = models.TimeField(_("定期メンテナンス 開始"), null=True, blank=True)
    maintenance_until = models.TimeField(_("定期メンテナンス 終了(翌日)"), null=True, blank=True)
    nightly_from = models.TimeField(_("夜間処理 開始"), null=True, blank=True)
    nightly_until = models.TimeField(_("夜間処理 終了(翌日)"), null=True, blank=True)
    # Where things are done, and who to ask (R10.1).
    member_page_url = models.URLField(_("会員ページURL"), blank=True, validators=[WEB_URL])
    cancel_menu = models.CharField(_("解約メニューの場所"), max_length=200, blank=True)
    cancel_menu_en = models.CharField(
        _("解約メニューの場所(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    mnp_menu = models.CharField(_("MNP予約番号メニューの場所"), max_length=200, blank=True)
    mnp_menu_en = models.CharField(
        _("MNP予約番号メニューの場所(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    options_menu = models.CharField(_("オプション変更メニューの場所"), max_length=200, blank=True)
    options_menu_en = models.CharField(
        _("オプション変更メニューの場所(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    support_phone = models.CharField(_("サポート電話番号"), max_length=30, blank=True)
    support_hours = models.CharField(_("電話受付時間"), max_length=100, blank=True)
    support_hours_en = models.CharField(
        _("電話受付時間(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    chat_hours = models.CharField(_("チャット受付時間"), max_length=100, blank=True)
    chat_hours_en = models.CharField(
        _("チャット受付時間(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    support_busy = models.CharField(_("混雑する時間帯"), max_length=200, blank=True)
    support_busy_en = models.CharField(
        _("混雑する時間帯(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    mail_reply = models.CharField(_("メールフォームの回答目安"), max_length=100, blank=True)
    mail_reply_en = models.CharField(
        _("メールフォームの回答目安(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    mail_domains = models.CharField(
        _("完了メールの送信元ドメイン"),
        max_length=200,
        blank=True,
        help_text=_("例: @iijmio.jp, @iij.ad.jp"),
    )
    # The corporate window (R1.5): a corporate line never uses the member page.
    corporate_hours = models.CharField(_("法人窓口の受付時間"), max_length=100, blank=True)
    corporate_hours_en = models.CharField(
        _("法人窓口の受付時間(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    corporate_documents = models.CharField(
        _("法人の手続きで求められることがある書類"), max_length=300, blank=True
    )
    corporate_documents_en = models.CharField(
        _("法人の手続きで求められることがある書類(英語)"),
        max_length=300,
        blank=True,
        help_text=ENGLISH_HELP,
    )
    corporate_processing = models.CharField(
        _("法人の手続きにかかる日数"), max_length=100, blank=True
    )
    corporate_processing_en = models.CharField(
        _("法人の手続きにかかる日数(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )

    objects = CarrierManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("通信会社")
        verbose_name_plural = _("通信会社")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def validate_data(self, errors):
        super().validate_data(errors)
        pairs = [
            ("mnp_issue_from", "mnp_issue_until"),
            ("maintenance_from", "maintenance_until"),
            ("nightly_from", "nightly_until"),
        ]
        for start, end in pairs:
            if (getattr(self, start) is None) != (getattr(self, end) is None):
                self.add_error(errors, end, _("開始と終了は両方入力するか、両方空にしてください。"))
        if (self.card_delivery_days_min is None) != (self.card_delivery_days_max is None):
            self.add_error(
                errors,
                "card_delivery_days_max",
                _("SIMカードが届くまでの日数は、早いときと遅いときを両方入力してください。"),
            )
        elif (
            self.card_delivery_days_min is not None
            and self.card_delivery_days_max < self.card_delivery_days_min
        ):
            self.add_error(
                errors,
                "card_delivery_days_max",
                _("遅いときの日数は、早いときの日数以上にしてください。"),
            )
        if (self.maintenance_weekday is None) != (self.maintenance_from is None):
            self.add_error(
                errors,
                "maintenance_weekday",
                _("定期メンテナンスの曜日と時刻は両方入力してください。"),
            )
        self.check_one_source(errors)

    def check_one_source(self, errors):
        """Exactly one carrier is the one people leave: every public page is written about it."""
        other = Carrier.objects.exclude(pk=self.pk).filter(is_source=True).first()
        if self.is_source and other:
            self.add_error(
                errors,
                "is_source",
                _(
                    "解約・転出元として案内できる通信会社は1つだけです。"
                    "いまは「%(name)s」が解約・転出元になっています。"
                )
                % {"name": other.name},
            )
        was_source = self.pk and Carrier.objects.filter(pk=self.pk, is_source=True).exists()
        if not self.is_source and was_source and not other:
            self.add_error(
                errors,
                "is_source",
                _(
                    "解約・転出元の通信会社がなくなると、案内のページをすべて表示できなくなります。"
                    "このチェックは外せません。"
                ),
            )


class PlanManager(models.Manager):
    def get_by_natural_key(self, carrier_code, code, valid_from=None):
        return self.get(carrier__code=carrier_code, code=code, valid_from=valid_from or None)


class Plan(Provenance, Dated):
    """A monthly plan of a carrier: mobile plans (R1.2, R11) and IIJmio光 (R8.1).

    A price change is a new row with the same code from the day it applies (U2), like a fee.
    """

    class Kind(models.TextChoices):
        MOBILE = "mobile", _("モバイル")
        FIBRE = "fibre", _("光回線")

    carrier = models.ForeignKey(
        Carrier, on_delete=models.CASCADE, related_name="plans", verbose_name=_("通信会社")
    )
    code = models.SlugField(_("コード"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.MOBILE)
    data_gb = models.PositiveSmallIntegerField(
        _("データ容量(GB)"), null=True, blank=True, help_text=_("無制限なら空")
    )
    monthly_price = models.DecimalField(
        _("月額料金"), max_digits=9, decimal_places=1, validators=NON_NEGATIVE
    )
    tax_class = models.CharField(
        _("税区分"), max_length=4, choices=TaxClass.choices, default=TaxClass.INCLUDED
    )
    price_note = models.CharField(_("料金の補足"), max_length=200, blank=True)
    price_note_en = models.CharField(
        _("料金の補足(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    is_current = models.BooleanField(_("新規受付中"), default=True)

    PERIOD_KEY = ("carrier_id", "code")
    NEEDED_ON_EVERY_DATE = False

    objects = PlanManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["carrier__sort_order", "kind", "monthly_price", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "code", "valid_from"], name="plan_period_start_unique"
            )
        ]
        verbose_name = _("料金プラン")
        verbose_name_plural = _("料金プラン")

    def __str__(self):
        return f"{self.carrier} {self.name}"

    def natural_key(self):
        return (self.carrier.code, self.code, self.valid_from)

    natural_key.dependencies = ["kaiyaku.carrier"]


class FeeManager(models.Manager):
    def get_by_natural_key(self, carrier_code, code, valid_from):
        return self.get(carrier__code=carrier_code, code=code, valid_from=valid_from or None)


class Fee(Provenance, Dated):
    """A charge with a tax class and a period in which it applies.

    The same `code` may have several rows with periods that do not overlap (the MNP fee was 3,000
    excl. tax until 2021-03-31 and 0 after). Rules that apply only to some contracts say so with
    `contracted_from` / `contracted_to` and `services` (R5.1's minimum term).
    """

    carrier = models.ForeignKey(
        Carrier, on_delete=models.CASCADE, related_name="fees", verbose_name=_("通信会社")
    )
    code = models.SlugField(_("コード"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    amount = models.DecimalField(_("金額"), max_digits=9, decimal_places=1, validators=NON_NEGATIVE)
    tax_class = models.CharField(_("税区分"), max_length=4, choices=TaxClass.choices)
    per_month = models.BooleanField(_("毎月かかる"), default=False)
    contracted_from = models.DateField(_("対象契約の開始日(から)"), null=True, blank=True)
    contracted_to = models.DateField(_("対象契約の開始日(まで)"), null=True, blank=True)
    services = models.CharField(
        _("対象の回線種別"),
        max_length=30,
        blank=True,
        help_text=_("voice, sms, data をカンマ区切りで。空ならすべて。"),
    )
    term_months = models.PositiveSmallIntegerField(
        _("最低利用期間(開始月の翌月から数えた月数)"),
        null=True,
        blank=True,
        help_text=_("1なら「開始月の翌月末まで」。最低利用期間のある料金のみ。"),
    )

    PERIOD_KEY = ("carrier_id", "code")

    objects = FeeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["carrier__sort_order", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "code", "valid_from"], name="fee_period_start_unique"
            )
        ]
        verbose_name = _("手数料・料金")
        verbose_name_plural = _("手数料・料金")

    def __str__(self):
        return f"{self.carrier} {self.name}"

    def natural_key(self):
        return (self.carrier.code, self.code, self.valid_from)

    natural_key.dependencies = ["kaiyaku.carrier"]

    def validate_data(self, errors):
        super().validate_data(errors)
        if (
            self.contracted_from
            and self.contracted_to
            and self.contracted_to < self.contracted_from
        ):
            self.add_error(
                errors,
                "contracted_to",
                _("対象契約の期間の終わりは始まりと同じか、それより後にしてください。"),
            )
        unknown = set(self.service_list) - set(Service.values)
        if unknown:
            self.add_error(
                errors,
                "services",
                _("回線種別は voice, sms, data から選んでください: %s")
                % ", ".join(sorted(unknown)),
            )

    def needed_on_every_date(self):
        """A fee a result prices (the MNP fee, the damage fee …) may not go; any other may."""
        return self.code in NEEDED_FEES

    @property
    def service_list(self):
        return [s.strip() for s in self.services.split(",") if s.strip()]


class OptionManager(models.Manager):
    def get_by_natural_key(self, carrier_code, code, valid_from=None):
        return self.get(carrier__code=carrier_code, code=code, valid_from=valid_from or None)


class Option(Provenance, Dated):
    """A paid option (R8.2, R8.3); those that outlive the line must be cancelled one by one.

    A price change is a new period with the same code, like a plan's (U2).
    """

    carrier = models.ForeignKey(
        Carrier, on_delete=models.CASCADE, related_name="options", verbose_name=_("通信会社")
    )
    code = models.SlugField(_("コード"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    monthly_price = models.DecimalField(
        _("月額料金"), max_digits=9, decimal_places=1, validators=NON_NEGATIVE
    )
    monthly_price_max = models.DecimalField(
        _("月額料金の上限"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("料金に幅があるときだけ。"),
    )
    tax_class = models.CharField(
        _("税区分"), max_length=4, choices=TaxClass.choices, default=TaxClass.INCLUDED
    )
    ends_with_line = models.BooleanField(_("回線と一緒に自動で終わる"), default=False)
    provider = models.CharField(_("提供元"), max_length=100, blank=True)
    cancel_where = models.CharField(_("解約する場所"), max_length=200, blank=True)
    cancel_url = models.URLField(_("解約ページのURL"), blank=True, validators=[WEB_URL])

    PERIOD_KEY = ("carrier_id", "code")
    NEEDED_ON_EVERY_DATE = False

    objects = OptionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["carrier__sort_order", "ends_with_line", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "code", "valid_from"], name="option_period_start_unique"
            )
        ]
        verbose_name = _("オプション")
        verbose_name_plural = _("オプション")

    def __str__(self):
        return f"{self.carrier} {self.name}"

    def natural_key(self):
        return (self.carrier.code, self.code, self.valid_from)

    natural_key.dependencies = ["kaiyaku.carrier"]

    def validate_data(self, errors):
        super().validate_data(errors)
        if (
            self.monthly_price_max is not None
            and self.monthly_price is not None
            and self.monthly_price_max < self.monthly_price
        ):
            self.add_error(errors, "monthly_price_max", _("上限は月額料金以上にしてください。"))


class ReturnAddressManager(models.Manager):
    def get_by_natural_key(self, carrier_code, valid_from):
        return self.get(carrier__code=carrier_code, valid_from=valid_from or None)


class ReturnAddress(Provenance, Dated):
    """Where used SIM cards go back to (R6.2)."""

    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.CASCADE,
        related_name="return_addresses",
        verbose_name=_("通信会社"),
    )
    postcode = models.CharField(_("郵便番号"), max_length=8, help_text=_("例: 143-0006"))
    address = models.CharField(_("住所"), max_length=200)
    recipient = models.CharField(_("宛名"), max_length=200)

    PERIOD_KEY = ("carrier_id",)

    objects = ReturnAddressManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["carrier__sort_order", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "valid_from"], name="return_address_start_unique"
            )
        ]
        verbose_name = _("SIM返却先")
        verbose_name_plural = _("SIM返却先")

    def __str__(self):
        return f"{self.carrier} 〒{self.postcode} {self.recipient}"

    def natural_key(self):
        return (self.carrier.code, self.valid_from)

    natural_key.dependencies = ["kaiyaku.carrier"]

    def period_label(self):
        return _("返却先")


class PostageManager(models.Manager):
    def get_by_natural_key(self, code, valid_from=None):
        return self.get(code=code, valid_from=valid_from or None)


class PostageMethod(Provenance, Dated):
    """A way to post the SIM back (R6.4) at the price of a period; postage is the sender's.

    Japan Post's price changes (U1) are new rows with the same code from the day they apply.
    """

    code = models.SlugField(_("コード"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    price = models.DecimalField(
        _("料金(税込)"), max_digits=7, decimal_places=0, validators=NON_NEGATIVE
    )
    price_is_minimum = models.BooleanField(_("料金は最低額(〜円から)"), default=False)
    tracking = models.BooleanField(_("追跡できる"), default=False)
    compensation = models.BooleanField(_("損害補償あり"), default=False)
    recommended = models.BooleanField(_("おすすめ"), default=False)

    PERIOD_KEY = ("code",)
    NEEDED_ON_EVERY_DATE = False

    objects = PostageManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["price", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="postage_period_start_unique"
            )
        ]
        verbose_name = _("返却の送り方")
        verbose_name_plural = _("返却の送り方")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code, self.valid_from)

    def coverage_groups(self):
        """A result prices the return with the recommended way: one is needed on every date."""
        return [*super().coverage_groups(), (_("おすすめの送り方"), {"recommended": True}, True)]

    def validate_data(self, errors):
        super().validate_data(errors)
        if self.recommended:
            others = PostageMethod.objects.filter(recommended=True, draft=False).exclude(
                code=self.code
            )
            if any(self.period_overlaps(other) for other in others):
                self.add_error(errors, "recommended", _("おすすめにできる送り方は1つだけです。"))


class TaxRateManager(models.Manager):
    def get_by_natural_key(self, valid_from):
        return self.get(valid_from=valid_from or None)


class TaxRate(Provenance, Dated):
    """The consumption-tax rate in force on a date (8 % until 2019-09-30, 10 % from 2019-10-01)."""

    rate_percent = models.DecimalField(
        _("税率(%)"), max_digits=4, decimal_places=1, validators=NON_NEGATIVE
    )

    objects = TaxRateManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        constraints = [models.UniqueConstraint(fields=["valid_from"], name="tax_rate_start_unique")]
        verbose_name = _("消費税率")
        verbose_name_plural = _("消費税率")

    def __str__(self):
        return f"{self.rate_percent}%"

    def natural_key(self):
        return (self.valid_from,)

    def period_label(self):
        return _("消費税率")

    def replaced(self):
        """A new rate is entered once: the rate it replaces ends the day before it starts."""
        return super().replaced() or (None if self.draft else self.rate_to_close())

    def rate_to_close(self):
        """The open-ended rate this one, starting later, replaces from its first day.

        A new rate is entered once: the admin ends the rate it replaces the day before.
        """
        if self.valid_from is None:
            return None
        return (
            TaxRate.objects.exclude(pk=self.pk)
            .filter(valid_to__isnull=True, draft=False)
            .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lt=self.valid_from))
            .first()
        )


class FactManager(models.Manager):
    def get_by_natural_key(self, code, valid_from=None):
        return self.get(code=code, valid_from=valid_from or None)


class Fact(Provenance, Dated):
    """A dated figure that is not a price: a day count, a start date, what can be undone.

    E.g. the 8 days of 初期契約解除 (U6), the day ギガプラン began (U2), whether a cancellation can
    be withdrawn (R3.1, disputed). Shown with its source and status like any other figure.
    """

    code = models.SlugField(_("コード"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称(英語)"), max_length=100, blank=True, help_text=ENGLISH_HELP)
    value = models.CharField(_("値"), max_length=200, help_text=_("日数、日付、可否など"))
    value_en = models.CharField(_("値(英語)"), max_length=200, blank=True, help_text=ENGLISH_HELP)

    PERIOD_KEY = ("code",)

    objects = FactManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="fact_period_start_unique")
        ]
        verbose_name = _("日数・日付などの情報")
        verbose_name_plural = _("日数・日付などの情報")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code, self.valid_from)


class Inquiry(models.Model):
    """What a reader sent through /request/: a guide wanted, or a figure that looks wrong."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("解約ガイドのリクエスト")
        FIGURE = "figure", _("数字の誤りの指摘")

    class State(models.TextChoices):
        NEW = "new", _("未対応")
        IN_PROGRESS = "in_progress", _("対応中")
        DONE = "done", _("対応済み")
        DECLINED = "declined", _("対応しない")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    service = models.CharField(_("サービス名"), max_length=100, blank=True)
    figure = models.CharField(_("対象の数字"), max_length=200, blank=True)
    message = models.TextField(_("内容"), blank=True)
    status = models.CharField(
        _("対応状況"), max_length=12, choices=State.choices, default=State.NEW
    )
    editor_note = models.TextField(_("編集者のメモ"), blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("読者からのリクエスト")
        verbose_name_plural = _("読者からのリクエスト")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service or self.figure}"


class DataVersion(models.Model):
    """One row whose number goes up whenever any of the data above changes.

    Every process compares it with the version of its cached snapshot, so an edit made through one
    process (or machine) reaches all of them on their next request.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("データの版")
        verbose_name_plural = _("データの版")

    def __str__(self):
        return f"v{self.number}"


DATA_MODELS = (Carrier, Plan, Fee, Option, ReturnAddress, PostageMethod, TaxRate, Fact)
