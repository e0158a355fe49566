"""What every page view shares: a whole page or its htmx swap, and links that carry answers."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse


def render_page(request, template, context, status=200):
    """The whole page, or only its main region for an htmx swap (not for a history restore)."""
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context["partial"] = partial
    name = f"{template}#main" if partial else template
    return render(request, name, context, status=status)


def url_with_query(name, query, *args):
    """The URL of route `name` with `query` (a dict of answers) as its query string."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url
