"""The editors' forms (kaiyaku.admin): a change form refused when the record was saved by someone
else after it was loaded (optimistic locking), the form of a record's new period, and the reason
asked when drafts are published."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic

VERSION_FIELD = "loaded_version"


def version_token(obj):
    """What a change form remembers of the record it was loaded from: its last save time."""
    return obj.updated_at.isoformat() if obj.updated_at else ""


class VersionedForm(forms.ModelForm):
    """Optimistic locking: a form loaded before someone else saved the record is refused.

    The page carries the record's last save time; if the record was saved since, saving this
    form would silently undo that change, so the editor is told who changed it and when.
    """

    loaded_version = forms.CharField(
        label=_("読み込んだ時点の版"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        loaded = self.loaded_record()
        if loaded is not None:
            current = loaded
            if to_historic(current) is not None:
                # The revert page edits an old version: what it replaces is the record now.
                current = type(current)._default_manager.filter(pk=current.pk).first()
            self.fields[VERSION_FIELD].initial = version_token(current) if current else ""

    def loaded_record(self):
        """The saved record this form was filled from, whose version it must still match."""
        return self.instance if self.instance.pk else None

    def must_be_current(self):
        return True

    def clean(self):
        cleaned = super().clean()
        loaded = self.loaded_record()
        if loaded is not None and self.must_be_current():
            model = type(loaded)
            # Locks the row until the save commits (PostgreSQL); SQLite's IMMEDIATE
            # transaction already holds the write lock.
            current = model._default_manager.select_for_update().filter(pk=loaded.pk)
            current = current.first()
            if current and version_token(current) != cleaned.get(VERSION_FIELD):
                raise ValidationError(stale_message(current), code="stale")
        return cleaned


class NewPeriodForm(VersionedForm):
    """「新しい期間を追加」: the current period's values, a start date, and one save that ends the
    current period the day before (kaiyaku.models.Dated.closing). The page must still match the
    current period as it was loaded (issue 12's stale-save check)."""

    current = None  # the period being followed, set by DataAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].required = True
        self.instance.closing = self.current

    def loaded_record(self):
        return self.current

    def clean_valid_from(self):
        start = self.cleaned_data.get("valid_from")
        current = self.current
        if start and not (
            (current.valid_from is None or current.valid_from < start)
            and (current.valid_to is None or start <= current.valid_to)
        ):
            raise ValidationError(
                _(
                    "新しい期間の開始日は、いまの期間(%(period)s)の2日目から"
                    "その終わりまでの日にしてください。"
                )
                % {"period": describe_period(current)},
                code="outside_current",
            )
        return start


class VersionedInlineForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Codes appear in shared links: fixed once saved (DataAdmin.get_readonly_fields).
            self.fields["code"].disabled = True

    def must_be_current(self):
        """An inline row the editor left alone is not saved, so it cannot undo anything."""
        return any(name != VERSION_FIELD for name in self.changed_data)


def stale_message(current):
    last = current.history.order_by("-history_id").first()
    who = last.history_user.get_username() if last and last.history_user else _("管理画面の外")
    when = timezone.localtime(last.history_date if last else current.updated_at)
    return _(
        "このページを開いた後に、%(who)s が %(when)s に「%(obj)s」を変更しました。"
        "その変更を消さないよう、保存しませんでした。"
        "ページを再読み込みして最新の内容を確認してから、もう一度変更してください。"
    ) % {"who": who, "when": f"{when:%Y-%m-%d %H:%M:%S}", "obj": current}


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("公開の理由"),
        max_length=100,
        help_text=_("変更履歴に残ります。例: 郵便料金の改定(2024年10月1日)"),
    )


def describe_period(record):
    start = record.valid_from.isoformat() if record.valid_from else _("指定なし")
    end = record.valid_to.isoformat() if record.valid_to else _("指定なし")
    return f"{start}〜{end}"
