"""Card builders are pure functions of plain data: escaped, within Google's limits,
in the person's language and time zone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from addon.cards import composer, drive, errors, gmail, home, profile, settings, spaces, threads
from addon.cards.context import CardContext
from addon.cards.data import (AudienceGapData, ComposerData, FileCardData, GmailData, HomeData,
                              ReplyFormData, SelectedFile, SettingsData, SpaceCardData,
                              ThreadCardData, WarningData)
from addon.cards.widgets import section
from core.i18n import Translator
from social.pagination import Page
from social.views import (CommentView, FileOverview, FileRef, PersonRef, Placement, PostView,
                          ProfileView, ReactionCount, Reactions, SpaceRef, SpaceView)
from tests.addon.card_schema import card_text, validate_card

NOW = datetime(2026, 3, 29, 9, 30, tzinfo=timezone.utc)  # the day Paris moves to summer time
EVIL = '<b>gras</b> <a href="javascript:alert(1)">lien</a> <font color="red">rouge</font>'
PERSON = PersonRef(1, "Léa <i>Martin</i>", "lea.martin")
SPACE_REF = SpaceRef(3, "Projets <script>", "public", "professional")
SPACE = SpaceView(3, "Projets <script>", "Le <b>bureau</b>", "professional", "public", False, 4,
                  "owner", 5)
FILE = FileRef("1abc", "Plan <b>T3</b>.pdf", "application/pdf",
               "https://drive.google.com/file/d/1abc/view")


def ctx(language: str = "fr", zone: str = "Europe/Paris") -> CardContext:
    return CardContext(t=Translator(language, zone), base_url="https://comptoir.example.fr",
                       now=NOW, viewer=PERSON)


def post(number: int = 1, body: str = EVIL) -> PostView:
    return PostView(id=number, discussion_id=number, space=SPACE_REF, author=PERSON, body_md=body,
                    body_html="", created_at=NOW, edited_at=None, pinned=True, featured=True,
                    files=(FILE,), reactions=Reactions((ReactionCount("like", 3, True),)),
                    comment_count=2)


def comment(number: int, depth: int = 0, deleted: bool = False) -> CommentView:
    return CommentView(id=number, discussion_id=1, parent_id=None, depth=depth,
                       author=None if deleted else PERSON, body_md="" if deleted else EVIL,
                       body_html="", created_at=NOW, edited_at=None, deleted=deleted)


def every_card(context: CardContext) -> dict[str, dict]:
    selected = SelectedFile(FILE, has_file_scope=True, audience="domain", domains=("a.fr",))
    overview = FileOverview(file=FILE, discussion_id=1, reactions=Reactions(), comment_count=3,
                            comments=Page([comment(1), comment(2, depth=1, deleted=True),
                                           comment(3, depth=7)], "next"),
                            placements=(Placement(1, SPACE_REF, PERSON, NOW),))
    composer_data = ComposerData(spaces=[SPACE], files=(selected,), body=EVIL, space_id=3)
    return {
        "home": home.homepage_card(context, HomeData(Page([post(1), post(2)], "c"), [SPACE],
                                                     "Atelier")),
        "file": drive.file_card(context, FileCardData(selected, overview)),
        "selection": drive.selection_card(context, (selected, selected), composer_data),
        "space": spaces.space_card(context, SpaceCardData(SPACE, [post(1)], Page([post(2)]))),
        "thread": threads.thread_card(context, ThreadCardData(post(), Page([comment(1)]))),
        "reply": threads.reply_card(context, ReplyFormData(1, comment(1), post_id=1)),
        "composer": composer.composer_card(context, composer_data),
        "warning": composer.warning_card(context, WarningData(
            composer_data, SPACE, (AudienceGapData(FILE, (PERSON,) * 9, 12),), (FILE,))),
        "profile": profile.profile_card(context, ProfileView(
            PERSON, "lea@a.fr", "member", True, "Architecte <b>", EVIL, "Lyon", "Équipe <i>",
            ("Revit <b>",), ("théâtre",)), is_me=True),
        "gmail": gmail.gmail_card(context, GmailData("m", "t", EVIL, "A <a@b.c>",
                                                     "https://mail.google.com/x", [SPACE])),
        "settings": settings.settings_card(context, SettingsData(None, "weekly",
                                                                 "https://x.fr/me")),
        "error": errors.error_card(context, EVIL),
        "workspace only": errors.workspace_only_card(context),
        "not allowed": errors.domain_not_allowed_card(context, "<b>x.fr</b>"),
        "deactivated": errors.deactivated_card(context),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_card_validates_against_googles_schema(language):
    for name, card in every_card(ctx(language)).items():
        validate_card(card)


def html_strings(card: dict):
    """The fields Google renders as HTML: paragraphs, decorated texts, section headers."""
    for part in card.get("sections", []):
        if "header" in part:
            yield part["header"]
        for widget in part["widgets"]:
            if "textParagraph" in widget:
                yield widget["textParagraph"]["text"]
            for field in ("text", "topLabel", "bottomLabel"):
                if field in widget.get("decoratedText", {}):
                    yield widget["decoratedText"][field]


@pytest.mark.parametrize("name", list(every_card(ctx()).keys()))
def test_user_text_shows_as_text_in_every_html_field(name):
    card = every_card(ctx())[name]
    for value in html_strings(card):
        for tag in ("<b>gras", "<a href", "<font", "<script", "<i>Martin", "<b>bureau"):
            assert tag not in value, f"{name}: unescaped {tag!r} in {value!r}"
        if "gras" in value:
            assert "&lt;b&gt;gras&lt;/b&gt;" in value


def test_a_section_cannot_exceed_googles_widget_limit():
    with pytest.raises(ValueError, match="100"):
        section([{"divider": {}}] * 101)


def test_a_long_thread_stays_within_the_limits_and_offers_more():
    overview = FileOverview(FILE, 1, Reactions(), 300,
                            Page([comment(n) for n in range(100)], "cursor"), ())
    card = drive.file_card(ctx(), FileCardData(SelectedFile(FILE), overview))
    validate_card(card)
    assert "Plus de commentaires" in card_text(card)


def test_dates_are_shown_in_the_persons_time_zone():
    paris = card_text(threads.thread_card(ctx("fr", "Europe/Paris"),
                                          ThreadCardData(post(), Page())))
    montreal = card_text(threads.thread_card(ctx("en", "America/Montreal"),
                                             ThreadCardData(post(), Page())))
    assert "11:30" in paris  # 9:30 UTC is 11:30 in Paris once summer time starts
    assert "5:30" in montreal


def test_deep_replies_are_indented_up_to_a_readable_depth():
    overview = FileOverview(FILE, 1, Reactions(), 2, Page([comment(1), comment(2, depth=9)]), ())
    text = card_text(drive.file_card(ctx(), FileCardData(SelectedFile(FILE), overview)))
    assert "↳ ↳ ↳ ↳ Léa" in text and "↳ ↳ ↳ ↳ ↳" not in text


def test_a_deleted_comment_with_replies_reads_comment_deleted():
    overview = FileOverview(FILE, 1, Reactions(), 1, Page([comment(1, deleted=True),
                                                          comment(2, depth=1)]), ())
    text = card_text(drive.file_card(ctx(), FileCardData(SelectedFile(FILE), overview)))
    assert "Commentaire supprimé" in text
