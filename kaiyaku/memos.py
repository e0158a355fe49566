"""What a process keeps from one request to the next besides Django's cache (issue 13): the words
templates compiled and the words already said (result/words.py), texts looked up and HTML pieces
shared across results (jinja2.py), snapshots of data versions (snapshot/store.py,
figure_changes.py).

Each is fixed while the process runs the same code and data version. `forget()` drops them all,
with the cache, for the two times that is not so: a template or message catalogue edited under
`make dev` (runserver reloads those without a restart), and a test whose rolled-back data leaves
its version number to the next test.
"""

from django.core.cache import cache


def forget():
    from . import figure_changes, jinja2
    from .result import words
    from .snapshot import store

    cache.clear()
    for memo in (
        store.snapshot_at,
        figure_changes._past_snapshots_at,
        jinja2._translated,
        jinja2._kept_html,
        words._template,
        words._render,
    ):
        memo.cache_clear()


def forget_on_edit(sender, file_path, **kwargs):
    """runserver's autoreloader saw a file change: Django resets its template loaders and
    translations for an edited template or catalogue rather than restart, so what was made of the
    old one goes too; a Python file restarts the process anyway."""
    if file_path.suffix != ".py":
        forget()
