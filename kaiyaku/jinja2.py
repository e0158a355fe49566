"""The Jinja2 environment of the result page's main region (templates/jinja2/), the site's
heaviest template: the same filters as the Django templates (kaiyaku.templatetags.kaiyaku), Django's
translations for its words, and Django's escaping, so the page is the same to the byte.

Texts are written `{{ _("…%(name)s…")|format(name=value) }}`, or `{% set x = _("…") %}` when a
macro takes them: the forms `makemessages` extracts (it misses a text among a call's arguments;
tests/test_jinja2_messages.py).
Pieces the Django pages share (a figure's source, the "report a figure" link) are included as
Django templates with `django("name.html", value=…)`, so each piece is written once.
"""

import functools
from html import escape

from django.template.defaultfilters import slugify
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString
from jinja2 import Environment, pass_context

from .templatetags import kaiyaku
from .web import path_to


@functools.lru_cache(maxsize=1024)
def _translated(language, message):
    """A text in a language: the catalogues are fixed while the process runs, so each text is
    looked up once per language rather than about fifty times per page. The text is the
    template's own, so it is written as it is (as Django's {% translate %} writes it)."""
    with translation.override(language):
        return SafeString(translation.gettext(message))


def _format(message, **values):
    """A translated text with its values put in, as Django's {% blocktranslate %} does: the
    values are escaped, the text is not."""
    return SafeString(message % {name: _escaped(v) for name, v in values.items()})


@pass_context
def _gettext(context, message):
    return _translated(context.get("language") or translation.get_language(), message)


@pass_context
def _django(context, name, **values):
    return fragment(name, context["data_state"], **values)


def fragment(name, data_state, **values):
    """A Django template's HTML for these values (hashable ones), made once (_kept_once): the
    same for everyone in a language, under a script prefix, with the same data (`data_state`: a
    piece may read it)."""
    return _kept_once(name, data_state, values, lambda: render_to_string(name, values))


@pass_context
def _kept(context, macro, values):
    """The HTML of `macro` for `values` (a dict of plain values), made once (_kept_once) and
    reused by every result that shows the same: results share most cost rows and many checklist
    steps (across 1,200 varied answer sets, 9 in 10 cost rows and 4 in 10 steps are the same as
    another result's)."""
    return _kept_once(macro.name, context["data_state"], values, lambda: macro(values))


def _kept_once(what, data_state, values, render):
    """`render()`'s HTML, made once per process for a piece, its values, the language, the script
    prefix and the data (`data_state`), and reused across people's results."""
    key = (translation.get_language(), get_script_prefix(), data_state, what, _frozen(values))
    return _kept_html(_Rendering(key, render))


def _frozen(value):
    """A dict or list of plain values (a step's details) as nested tuples, to be a key. A dict's
    items are taken in their order: the words build each kind of dict in one order, and two
    orders of the same items would only be two keys for the same HTML. Scalars are taken as they
    are without a call each (a page's keys cost a tenth of its time when each value was one)."""
    if type(value) is dict:
        return tuple([(k, _frozen(v) if type(v) in _NESTED else v) for k, v in value.items()])
    return tuple([_frozen(v) if type(v) in _NESTED else v for v in value])


_NESTED = (dict, list)


class _Rendering:
    """A rendering, compared and hashed by its key alone, for the memo of _kept_html. Once made,
    it lets go of its render function: the memo keeps the key, and a render function holds the
    whole page it was called from (which kept 2,048 people's results alive, and the garbage
    collector walking them)."""

    __slots__ = ("key", "render")

    def __init__(self, key, render):
        self.key = key
        self.render = render

    def __eq__(self, other):
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)


@functools.lru_cache(maxsize=2048)
def _kept_html(rendering):
    html = SafeString(rendering.render())
    rendering.render = None
    return html


def _escaped(value):
    """A value as Django's conditional_escape writes it (' → &#x27;, " → &quot;), in one step: the
    only escaping of the page (Jinja2's autoescape is off, which escaped each value a second
    time with markupsafe), so what is already HTML (Django's safe strings, a macro's output marked
    |safe) is left as it is."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape(str(value))


def environment(**options):
    options["autoescape"] = False  # _escaped escapes every value written
    env = Environment(**options, finalize=_escaped, keep_trailing_newline=True)
    env.globals.update(_=_gettext, url=path_to, django=_django, kept=_kept)
    env.filters.update(kaiyaku.register.filters, slugify=slugify, format=_format)
    return env
