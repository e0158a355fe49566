"""The English catalogue (locale/en) is complete: a Japanese text added to the code or the
templates without its English fails the build.

The catalogue's msgids are the Japanese texts. The test extracts them afresh with Django's own
makemessages (into a copy of the sources, so the committed .po is never touched) and checks that
every one is in the committed catalogue with an English msgstr, and that gettext's msgfmt finds
no fuzzy or untranslated entry and no broken placeholder.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES = ("kaiyaku", "templates", "manage.py")


def _entries(po_text):
    """(msgid, msgstr, flags, references) of each entry but the header."""
    entries = []
    for block in re.split(r"\n\s*\n", po_text.strip()):
        lines = block.splitlines()
        flags = {f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")}
        refs = [
            ref.rsplit(":", 1)[0]
            for line in lines
            if line.startswith("#:")
            for ref in line[2:].split()
        ]
        fields, current = {}, None
        for line in lines:
            match = re.match(r"(msgid|msgstr|msgid_plural|msgstr\[\d\]) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
        # A counted text (msgid_plural) is translated when every form is; its plural form
        # stands for it, since it carries every placeholder.
        forms = [value for key, value in fields.items() if key.startswith("msgstr[")]
        msgstr = (forms[-1] if all(forms) else "") if forms else fields.get("msgstr", "")
        if fields.get("msgid"):
            entries.append((fields["msgid"], msgstr, flags, refs))
    return entries


def _unquote(quoted):
    return quoted[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every translatable text in the sources now, as makemessages finds it, with its files."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing (apt install gettext): the catalogue cannot be checked")
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--verbosity", "0"],
        cwd=copy,
        env={"DJANGO_SECRET_KEY": "catalogue-check-only", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    text = (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return {msgid: refs for msgid, _, _, refs in _entries(text)}


@pytest.fixture(scope="module")
def catalogue():
    return {msgid: (msgstr, flags) for msgid, msgstr, flags, _ in _entries(_read())}


def _read():
    return CATALOGUE.read_text(encoding="utf-8")


def test_every_japanese_text_in_the_code_and_templates_is_in_the_catalogue(extracted, catalogue):
    missing = sorted(set(extracted) - set(catalogue))
    assert not missing, (
        "Texts missing from locale/en/LC_MESSAGES/django.po; run `manage.py makemessages -l en "
        "--no-location --no-obsolete` and write their English:\n" + "\n".join(missing)
    )


def test_every_text_has_its_english(extracted, catalogue):
    untranslated = sorted(
        msgid for msgid in extracted if not catalogue.get(msgid, ("", set()))[0].strip()
    )
    assert not untranslated, "Texts without English:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy_or_left_over(extracted, catalogue):
    fuzzy = sorted(msgid for msgid, (_, flags) in catalogue.items() if "fuzzy" in flags)
    obsolete = [line for line in _read().splitlines() if line.startswith("#~")]
    assert not fuzzy, "Fuzzy entries (check, then remove the flag):\n" + "\n".join(fuzzy)
    assert not obsolete, "Entries no longer used: run makemessages with --no-obsolete"
    assert not set(catalogue) - set(extracted), "Entries no text uses any more"


def test_placeholders_match_and_msgfmt_accepts_the_catalogue(catalogue):
    for msgid, (msgstr, _) in catalogue.items():
        if msgstr:
            named = re.compile(r"%\(\w+\)s|%s|\{\w*\}")
            assert sorted(named.findall(msgid)) == sorted(named.findall(msgstr)), msgid
    check = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "fuzzy" not in check.stderr


def test_the_english_is_not_the_japanese_again(catalogue):
    """A msgstr is written English: no kana or kanji but the Japanese terms given in brackets."""
    bracketed = re.compile(r"[(（][^()（）]*[぀-ヿ一-鿿][^()（）]*[)）]")
    japanese = re.compile(r"[぀-ヿ一-鿿]")
    for msgid, (msgstr, _) in catalogue.items():
        assert not japanese.search(bracketed.sub("", msgstr)), (msgid, msgstr)
