"""`make dev`: an edited template shows on the next request, without a restart.

runserver's autoreloader tells Django of an edited template or message catalogue, and Django
resets its loaders and translations rather than restart the process; what kaiyaku keeps from one
request to the next (the page cache, the words already said, kept HTML: kaiyaku.memos) goes with
them.
"""

import shutil

from django.utils.autoreload import file_changed

from tests.answer_sets import LATE_CANCEL


def test_an_edited_words_template_shows_on_the_next_request(
    client, seeded, wizard_today, settings, tmp_path
):
    words = tmp_path / "words"
    shutil.copytree(settings.BASE_DIR / "templates" / "words", words)
    settings.TEMPLATES = [
        {**engine, "DIRS": [words]} if engine.get("NAME") == "words" else engine
        for engine in settings.TEMPLATES
    ]
    permalink = client.get("/result/", LATE_CANCEL)["Location"]
    assert "<h3>やめる前に</h3>" in client.get(permalink).content.decode()

    phases = words / "phase.txt"
    phases.write_text(phases.read_text().replace('"やめる前に"', '"やめる前にすること"'))
    file_changed.send(sender=None, file_path=phases)

    assert "<h3>やめる前にすること</h3>" in client.get(permalink).content.decode()
