"""What every page view shares: a whole page or its htmx swap, and links that carry answers."""

import functools
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language


def render_page(request, template, context, status=200):
    """The whole page, or only its main region for an htmx swap (not for a history restore)."""
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context["partial"] = partial
    name = f"{template}#main" if partial else template
    return render(request, name, context, status=status)


def url_with_query(name, query, *args):
    """The URL of route `name` with `query` (a dict of answers) as its query string."""
    url = path_to(name, *args)
    return f"{url}?{urlencode(query)}" if query else url


def path_to(name, *args):
    """The path of route `name`: always the same for the same route, arguments, script prefix and
    language (a route may carry a language prefix), so worked out once (reverse() cost more than
    the rest of a result page's links)."""
    return _reversed(name, args, get_script_prefix(), get_language())


@functools.lru_cache(maxsize=1024)
def _reversed(name, args, prefix, language):
    return reverse(name, args=args)
