"""/changes/ and /changes.atom: every dated change of a figure, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .figure_changes import all_changes
from .planner.calendar import JST
from .web import render_page


@require_safe
@vary_on_headers("HX-Request")
def changes(request):
    context = {"title": _("料金や日数の変更履歴"), "changes": all_changes()}
    return render_page(request, "changes/index.html", context)


class ChangesFeed(Feed):
    """The same list as an Atom feed, for people and sites that follow fee changes."""

    feed_type = Atom1Feed
    title = "IIJmioをやめるときのガイド: 料金や日数の変更"
    subtitle = "ガイドが使う料金・日数が変わった日と、変更前後の値です。"
    author_name = "IIJmioをやめるときのガイド 編集部"  # RFC 4287: a feed names its author

    def link(self):
        return reverse("changes")

    def items(self):
        return all_changes()

    def item_title(self, item):
        return _one_line("changes/feed_title.txt", item)

    def item_description(self, item):
        return _one_line("changes/feed_description.txt", item)

    def item_link(self, item):
        return f"{reverse('changes')}#{item.anchor}"

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.effective, datetime.time(), tzinfo=JST)

    def item_updateddate(self, item):
        return max(self.item_pubdate(item), item.recorded)


def _one_line(template, change):
    """A feed text from its template, the partials' line ends folded into spaces."""
    return " ".join(render_to_string(template, {"c": change}).split())
