"""Both catalogs are complete: every message shown to people has its French text."""

import pytest

from core import catalogs
from core.i18n import Translator, negotiate_language


@pytest.mark.parametrize("package", catalogs.all_packages())
def test_every_message_of_the_code_has_a_french_translation(package):
    extracted = catalogs.extract(package)
    french = catalogs.read_catalog(package, "fr")
    missing = [message.id for message in extracted if message.id and (
        french.get(message.id) is None or message.id in catalogs.untranslated(french))]
    assert missing == [], f"run `python main.py i18n update`, then translate: {missing}"


@pytest.mark.parametrize("package", catalogs.all_packages())
def test_every_message_of_the_code_is_in_the_english_catalog(package):
    extracted = catalogs.extract(package)
    english = catalogs.read_catalog(package, "en")
    missing = [message.id for message in extracted
               if message.id and english.get(message.id) is None]
    assert missing == []


@pytest.mark.parametrize("package", catalogs.all_packages())
@pytest.mark.parametrize("language", ["fr", "en"])
def test_translations_use_only_the_placeholders_of_their_message(package, language):
    assert catalogs.placeholder_mismatches(catalogs.read_catalog(package, language)) == []


@pytest.mark.parametrize("requested,language", [
    ("fr", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("FR-be", "fr"),
    ("en", "en"), ("en-US", "en"), ("de", "en"), ("", "fr"), (None, "fr"),
])
def test_french_locales_give_french_and_every_other_gives_english(requested, language):
    assert negotiate_language(requested) == language


def test_a_translator_formats_dates_in_the_persons_time_zone():
    from datetime import datetime, timezone

    moment = datetime(2026, 7, 14, 10, 0, tzinfo=timezone.utc)
    assert "12:00" in Translator("fr", "Europe/Paris").datetime(moment)
    assert "juil." in Translator("fr", "Europe/Paris").date(moment)
    assert "6:00" in Translator("en", "America/Montreal").datetime(moment)
