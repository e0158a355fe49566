"""Which language a page is in, and the same page in the other one.

A page's language is its URL's (kaiyaku.urls): Japanese at the root, English under /en/. Every
page links to its other-language version at the same path with the same query string, so the
answers a URL carries come along; the head lists both as hreflang alternates, Japanese also as
x-default (the site's own language).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language

PREFIXED = "en"  # the one language with a URL prefix; settings.LANGUAGE_CODE has none
NAMES = {"ja": "日本語", "en": "English"}
# The link to the other edition, written in the language it leads to.
SWITCH_LABELS = {"ja": "日本語で読む", "en": "Read in English"}


def current() -> str:
    """The active language, as one of settings.LANGUAGES' codes."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in NAMES else settings.LANGUAGE_CODE


def path_in(full_path: str, language: str) -> str:
    """`full_path` (path and query) of a page, as the page in `language`."""
    prefix = f"/{PREFIXED}"
    bare = full_path[len(prefix) :] if _is_prefixed(full_path) else full_path
    bare = bare if bare.startswith("/") else "/" + bare
    return prefix + bare if language == PREFIXED else bare


def _is_prefixed(full_path: str) -> bool:
    prefix = f"/{PREFIXED}"
    return full_path == prefix or full_path.startswith((prefix + "/", prefix + "?"))


def alternates(request):
    """Template context: the page's language, its hreflang alternates and the other edition."""
    language = current()
    full_path = request.get_full_path()
    versions = {code: path_in(full_path, code) for code in NAMES}
    other = next(code for code in NAMES if code != language)
    return {
        "page_language": language,
        "hreflang_alternates": [
            *((code, request.build_absolute_uri(url)) for code, url in versions.items()),
            ("x-default", request.build_absolute_uri(versions[settings.LANGUAGE_CODE])),
        ],
        "other_language": {
            "code": other,
            "url": versions[other],
            "label": SWITCH_LABELS[other],
        },
    }


def listed(items) -> str:
    """Items as a list in running text: "A、B" in Japanese, "A, B" in English."""
    return (", " if current() == "en" else "、").join(items)


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for a site whose language is its URL's alone.

    An unprefixed path is always Japanese (prefix_default_language=False), so the browser's
    Accept-Language never changes a response. Django still adds `Vary: Accept-Language` to every
    unprefixed response, which would make a cache in front (a CDN keeping permalinks) keep a copy
    per browser language; this leaves it out and keeps the rest (Content-Language).
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", get_language())
        return response
