"""The result page's Jinja2 templates stay translatable through Django's catalogue: every text
they pass to _() is found by `manage.py makemessages`, as the Django templates' texts are."""

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

JINJA2 = Path(settings.BASE_DIR) / "templates" / "jinja2"
TEXT = re.compile(r'_\("((?:[^"\\]|\\.)*)"\)')


def test_makemessages_extracts_every_text_of_the_jinja2_templates(tmp_path, monkeypatch):
    shutil.copytree(JINJA2, tmp_path / "templates" / "jinja2")
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], extensions=["html"], no_wrap=True, verbosity=0)
    catalogue = (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    found = set(re.findall(r'^msgid "(.*)"$', catalogue, flags=re.M))
    written = {text for path in JINJA2.rglob("*.html") for text in TEXT.findall(path.read_text())}
    assert len(written) > 40  # the page's headings, labels and sentences
    assert written <= found, sorted(written - found)
    assert "%(day)sに確認" in found  # a text with a value, as blocktranslate writes it
