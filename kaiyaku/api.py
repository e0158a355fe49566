"""/result.json answers every request in JSON, and answers CORS preflight (contract.md: embeds).

Whatever goes wrong (a method it does not take, data broken in the database, a bug), a caller
that asked for JSON gets JSON with a status, never an HTML page.
"""

import functools
import json
import logging

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .answers import parse_language

logger = logging.getLogger("kaiyaku.api")
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_MAX_AGE = 86400
# The messages are translated when the error is written (_json), in the caller's language.
METHOD_NOT_ALLOWED = translation.gettext_noop("このURLは GET と HEAD だけを受け付けます。")
SERVER_ERROR = translation.gettext_noop("サイトの側で問題が起きたため、結果を作れませんでした。")


def _json(status, request, message):
    """An error in JSON, in the language the caller asked for (`lang`, else Japanese)."""
    language, _errors = parse_language(request.GET)  # an unusable lang leaves it Japanese
    with translation.override(language):
        body = json.dumps({"error": _(message)}, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


def json_endpoint(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if request.method not in ALLOWED_METHODS:
            response = _json(405, request, METHOD_NOT_ALLOWED)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except Exception:
            logger.exception("Server error answering %s", request.get_full_path())
            return _json(500, request, SERVER_ERROR)

    return wrapped
