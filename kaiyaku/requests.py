"""/request/: ask for a guide to leaving another service, or say a figure looks wrong.

These are the site's only POST forms, so they alone carry a CSRF token (no other page sets the
cookie). Stored for editors (admin, with a status); nothing is mailed. Refusals each say why in
Japanese: a filled honeypot, too many sends from one address (Django's cache), or lengths.
"""

from django import forms
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from .models import Inquiry
from .web import render_page

# At most this many sends per address in RATE_WINDOW seconds (a person sends one or two).
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
LIMITS = {"service": 100, "figure": 200, "message": 2000}


TOO_LONG = gettext_lazy("%(limit_value)s文字以内で入力してください(いまは%(show_value)s文字です)。")


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("送りたい内容"),
        choices=Inquiry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("送りたい内容を選んでください。")},
    )
    service = forms.CharField(
        label=gettext_lazy("解約ガイドがほしいサービス"),
        required=False,
        max_length=LIMITS["service"],
        error_messages={"max_length": TOO_LONG},
    )
    figure = forms.CharField(
        label=gettext_lazy("違っていそうな数字"),
        required=False,
        max_length=LIMITS["figure"],
        error_messages={"max_length": TOO_LONG},
    )
    message = forms.CharField(
        label=gettext_lazy("くわしく(任意)"),
        required=False,
        max_length=LIMITS["message"],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": TOO_LONG},
    )
    # Honeypot: hidden from people (and screen readers); a bot fills every field.
    website = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Inquiry.Kind.GUIDE and not data.get("service", "").strip():
            self.add_error("service", _("どのサービスの解約ガイドがほしいかを書いてください。"))
        if kind == Inquiry.Kind.FIGURE and not data.get("figure", "").strip():
            self.add_error("figure", _("どの数字が違っていそうかを書いてください。"))
        return data


def _address(request):
    return request.META.get("REMOTE_ADDR", "")


def _over_limit(request):
    """Counts this send; True once the address has sent more than RATE_LIMIT in the window."""
    key = f"kaiyaku:request-rate:{_address(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _page(request, form, status=200, refusal=""):
    errors = [
        (f"#id_{name}", message)
        for name, messages in form.errors.items()
        if name != "__all__"
        for message in messages
    ]
    title = _("解約ガイドのリクエスト・数字の誤りの連絡")
    return render_page(
        request,
        "requests/form.html",
        {
            "title": f"{_('エラー')}: {title}" if errors or refusal else title,
            "heading": title,
            "form": form,
            "error_links": errors,
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
@csrf_protect
def request_form(request):
    if request.method != "POST":
        initial = {"kind": Inquiry.Kind.GUIDE}
        if request.GET.get("figure"):
            initial = {"kind": Inquiry.Kind.FIGURE, "figure": request.GET["figure"][:200]}
        return _page(request, RequestForm(initial=initial))
    form = RequestForm(request.POST)
    if _over_limit(request):
        refusal = _(
            "短い時間に何度も送られたため、受け付けませんでした。1時間ほどたってから、"
            "もう一度送ってください。"
        )
        return _page(request, form, status=429, refusal=refusal)
    if request.POST.get("website"):
        refusal = _(
            "自動で送られたものと判断したため、受け付けませんでした。ブラウザーの自動入力を"
            "使った場合は、ページを読み込み直してから手で入力して送ってください。"
        )
        return _page(request, form, status=400, refusal=refusal)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    Inquiry.objects.create(
        kind=data["kind"],
        service=data["service"].strip() if data["kind"] == Inquiry.Kind.GUIDE else "",
        figure=data["figure"].strip() if data["kind"] == Inquiry.Kind.FIGURE else "",
        message=data["message"].strip(),
    )
    return redirect("request-thanks")


@require_safe
def thanks(request):
    return render(request, "requests/thanks.html", {"title": _("受け付けました")})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the refusal in Japanese, with the way to succeed."""
    return render(
        request,
        "requests/csrf_failure.html",
        {"title": _("送信を受け付けられませんでした")},
        status=403,
    )
