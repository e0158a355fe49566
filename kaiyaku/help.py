"""Help pages: what to do when a step of the checklist does not work."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .result.words import say
from .snapshot.store import get_snapshot
from .web import render_page

# Slugs are the planner's checklist `help` values (kaiyaku.planner.rules HELP_*).
HELP_PAGES = {
    "login": gettext_lazy("会員専用ページにログインできないとき"),
    "account-lock": gettext_lazy("アカウントがロックされたとき"),
    "cancel-menu": gettext_lazy("解約のメニューが見つからないとき"),
    "mnp-number": gettext_lazy("MNP予約番号が発行されないとき"),
    "completion-mail": gettext_lazy("手続き完了のメールが届かないとき"),
    "initial-cancellation": gettext_lazy("申し込んだばかりのとき(初期契約解除)"),
}


@require_safe
@vary_on_headers("HX-Request")
def help_index(request):
    return render_page(
        request,
        "help/index.html",
        {"title": _("困ったとき・よくある質問"), "pages": list(HELP_PAGES.items())},
    )


@require_safe
@vary_on_headers("HX-Request")
def help_page(request, slug):
    if slug not in HELP_PAGES:
        raise Http404
    source = get_snapshot().source
    return render_page(
        request,
        f"help/{slug}.html",
        {"title": HELP_PAGES[slug], "source": source, "maintenance": _maintenance(source)},
    )


def _maintenance(source):
    """R3.4: the weekly stop and the nightly window, in the words the checklist uses."""
    return {
        "weekly": say("maintenance", "weekly", source=source)
        if source.maintenance_weekday is not None
        else "",
        "nightly": say("maintenance", "nightly", source=source)
        if source.nightly_from is not None
        else "",
    }
