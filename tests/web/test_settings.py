"""My settings: language, time zone, digest frequency, per-space levels, RSS feed links."""

from __future__ import annotations

import re

from sqlalchemy import select

from social.models import FeedToken, NotificationLevel, SpaceNotificationLevel, User
from social.services.feed_tokens import resolve_feed_token
from tests.web.conftest import form


def stored(db, person) -> User:
    user = db.scalar(select(User).where(User.id == person.user_id))
    db.refresh(user)
    db.commit()
    return user


def test_switching_the_interface_to_english_and_back_to_googles_language(signed_in, world, db):
    db.commit()
    client = signed_in(world.lea)
    assert "Langue, heure et e-mail" in client.get("/me/settings").get_data(True)

    saved = client.post("/me/settings", data=form(language="en", time_zone="Europe/Paris",
                                                  digest_frequency="weekly"))
    assert saved.status_code == 303
    page = client.get("/me/settings").get_data(True)
    assert '<html lang="en">' in page and "Language, time and e-mail" in page
    assert "Your settings are saved." in page
    assert stored(db, world.lea).preferred_language == "en"

    client.post("/me/settings", data=form(language="auto", time_zone="Europe/Paris",
                                          digest_frequency="weekly"))
    assert '<html lang="fr">' in client.get("/me/settings").get_data(True)
    assert stored(db, world.lea).preferred_language is None


def test_time_zone_and_digest_frequency_are_saved(signed_in, world, db):
    db.commit()
    client = signed_in(world.hugo)
    page = client.get("/me/settings").get_data(True)
    assert '<optgroup label="America">' in page
    assert '<option value="Europe/Paris" selected>Paris</option>' in page
    client.post("/me/settings", data=form(language="fr", time_zone="America/Cayenne",
                                          digest_frequency="daily"))
    user = stored(db, world.hugo)
    assert (user.time_zone, user.digest_frequency) == ("America/Cayenne", "daily")
    assert '<option value="America/Cayenne" selected>Cayenne</option>' in \
        client.get("/me/settings").get_data(True)


def test_an_unknown_time_zone_is_refused_and_the_form_keeps_the_other_choices(
        signed_in, world, db):
    db.commit()
    response = signed_in(world.hugo).post("/me/settings", data=form(
        language="en", time_zone="Mars/Olympus", digest_frequency="off"))
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Ce fuseau horaire est inconnu." in html
    assert '<option value="en" lang="en" selected>' in html
    assert 'value="off" checked' in html and '<option value="Mars/Olympus" selected>' in html
    assert stored(db, world.hugo).digest_frequency == "weekly"


def test_choosing_what_each_space_tells_me(signed_in, world, db):
    db.commit()
    client = signed_in(world.lea)
    page = client.get("/me/settings").get_data(True)
    for space in ("Projets", "Club théâtre", "Direction"):
        assert space in page
    saved = client.post("/me/settings/spaces", data=form(**{
        f"level-{world.projets}": "all", f"level-{world.club}": "muted",
        f"level-{world.direction}": "mentions"}))
    assert saved.status_code == 303
    levels = dict(db.execute(select(SpaceNotificationLevel.space_id,
                                    SpaceNotificationLevel.level)).all())
    db.commit()
    assert levels == {world.projets: NotificationLevel.ALL, world.club: NotificationLevel.MUTED}
    page = client.get("/me/settings").get_data(True)
    assert re.search(rf'name="level-{world.club}">.*?<option value="muted" selected>', page,
                     re.S)


def test_a_space_one_cannot_read_cannot_be_chosen(signed_in, world, db):
    db.commit()
    response = signed_in(world.hugo).post("/me/settings/spaces", data=form(**{
        f"level-{world.direction}": "all"}))
    assert response.status_code == 404
    assert db.scalar(select(SpaceNotificationLevel)) is None


def test_a_feed_link_is_shown_once_works_and_is_revoked(signed_in, world, db):
    db.commit()
    client = signed_in(world.lea)
    created = client.post("/me/settings/feed-tokens", data=form(label="Feedly"))
    html = created.get_data(True)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    url = re.search(r'value="(http://localhost/feeds/([^/"]+)/home\.atom)"', html)
    assert url, html
    token = url.group(2)
    assert resolve_feed_token(db, token).user_id == world.lea.user_id
    db.commit()

    later = client.get("/me/settings").get_data(True)
    assert token not in later and "Feedly" in later
    token_id = db.scalar(select(FeedToken.id))
    db.commit()
    revoked = client.post(f"/me/settings/feed-tokens/{token_id}/revoke", data=form())
    assert revoked.status_code == 303
    assert resolve_feed_token(db, token) is None
    db.commit()
    assert signed_in(world.hugo).post(f"/me/settings/feed-tokens/{token_id}/revoke",
                                      data=form()).status_code == 404
