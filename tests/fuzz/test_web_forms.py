"""Fuzzing the web's forms, posted with a valid CSRF token by a signed-in person.

Whatever is typed (any Unicode, markup, ids that are not ids, very long text,
fields repeated or added), the answer is a page, a redirect or a 4xx page in the
person's language: never a 5xx, never an uncaught exception.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from social.models import User
from tests.fuzz.strategies import MARKUP, any_text, id_like
from tests.fuzz.support import Scene, case, examples
from tests.web.conftest import FETCH, TEST_CSRF

TARGET = "web-forms"
LANG = re.compile(r'<html lang="([^"]+)"')
SPACE_KINDS = ["professional", "interest", "club", "", "secret"]
VISIBILITIES = ["public", "private", "secret", "", "open"]


def value_of(ids: list[int]):
    """A form value: often one of the firm's real ids, else any text."""
    return st.one_of(st.sampled_from([str(i) for i in ids]), id_like, any_text)


def fields(**strategies) -> st.SearchStrategy[dict]:
    """The form's fields, each present or not, sometimes repeated, plus unknown ones."""
    def one_or_many(strategy):
        return st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3))

    known = st.fixed_dictionaries({}, optional={name: one_or_many(strategy)
                                                for name, strategy in strategies.items()})
    extra = st.dictionaries(st.text(min_size=1, max_size=15).filter(lambda n: n != "csrf_token"),
                            any_text, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, extra)


def submit(scene: Scene, browser, path: str, data: dict, fetch: bool) -> None:
    """Posts the form and checks the answer: < 500, a 4xx page in the person's language."""
    with case(TARGET, path_name(path), (path, data)) as tally:
        response = browser.post(path, data={**data, "csrf_token": TEST_CSRF},
                                headers=FETCH if fetch else {})
        tally.answered(response.status_code)
        status = response.status_code
        assert status < 500, (status, response.get_data(True)[:500])
        if 400 <= status < 500 and response.mimetype == "text/html":
            page = response.get_data(True)
            shown = LANG.search(page)
            if shown:  # a whole page (a fragment for app.js has no <html>)
                assert shown.group(1) == language_of(scene, browser), page[:500]


def language_of(scene: Scene, browser) -> str:
    with browser.session_transaction() as session:
        user_id = session["uid"]
    preferred, locale = scene.db.execute(
        select(User.preferred_language, User.locale).where(User.id == user_id)).one()
    scene.db.commit()
    return preferred or locale or "fr"


def path_name(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


fetch = st.booleans()


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_the_composer(scene, data, fetch):
    w = scene.world
    form = data.draw(fields(space_id=value_of([w.projets, w.club, w.elsewhere]), body=any_text,
                            files=any_text | st.sampled_from(MARKUP)))
    submit(scene, scene.hugo, data.draw(st.sampled_from(["/compose", "/compose/preview"])),
           form, fetch)


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_a_comment_and_a_reply(scene, data, fetch):
    w = scene.world
    form = data.draw(fields(body=any_text, parent_id=value_of([scene.comment_id])))
    post_id = data.draw(st.sampled_from([w.post_id, w.foreign_post_id, 0, 2**31, 2**63]))
    submit(scene, scene.hugo, f"/posts/{post_id}/comments", form, fetch)


@examples(ci=10)
@given(data=st.data(), fetch=fetch)
def test_editing_a_comment_and_reacting(scene, data, fetch):
    w = scene.world
    which = data.draw(st.sampled_from(["edit", "react"]))
    if which == "edit":
        form = data.draw(fields(body=any_text, post_id=value_of([w.post_id])))
        path = f"/comments/{scene.comment_id}/edit"
    else:
        form = data.draw(fields(reaction=st.sampled_from(["like:on", "like:off", "x:on", ":"])
                                | any_text))
        path = f"/posts/{w.post_id}/reactions"
    submit(scene, scene.hugo, path, form, fetch)


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_the_profile_editor(scene, data, fetch):
    form = data.draw(fields(job_title=any_text, bio=any_text, site=any_text, team=any_text,
                            skills=any_text, passions=any_text))
    submit(scene, scene.hugo, "/me/profile", form, fetch)


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_the_settings(scene, data, fetch):
    w = scene.world
    which = data.draw(st.sampled_from(["preferences", "levels", "feed token"]))
    if which == "preferences":
        form = data.draw(fields(
            language=st.sampled_from(["fr", "en", "auto", "de", ""]) | any_text,
            time_zone=st.sampled_from(["Europe/Paris", "UTC", "Mars/Olympus", "../etc"])
            | any_text,
            digest_frequency=st.sampled_from(["daily", "weekly", "never"]) | any_text))
        path = "/me/settings"
    elif which == "levels":
        names = st.sampled_from([f"level-{w.projets}", f"level-{w.direction}", "level-0",
                                 f"level-{2**63}", "level-²", "level-"])
        form = data.draw(st.dictionaries(names, st.sampled_from(["all", "mentions", "muted"])
                                         | any_text, max_size=4))
        path = "/me/settings/spaces"
    else:
        form = data.draw(fields(label=any_text))
        path = "/me/settings/feed-tokens"
    submit(scene, scene.hugo, path, form, fetch)


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_creating_a_space_and_its_settings(scene, data, fetch):
    w = scene.world
    if data.draw(st.booleans()):
        form = data.draw(fields(name=any_text, description=any_text,
                                kind=st.sampled_from(SPACE_KINDS) | any_text,
                                visibility=st.sampled_from(VISIBILITIES) | any_text))
        path = "/spaces/new"
    else:
        form = data.draw(fields(name=any_text, description=any_text))
        path = f"/spaces/{w.projets}/settings"
    submit(scene, scene.lea, path, form, fetch)


@examples(ci=15)
@given(data=st.data(), fetch=fetch)
def test_a_report(scene, data, fetch):
    w = scene.world
    form = data.draw(fields(post=value_of([w.post_id, w.foreign_post_id]),
                            comment=value_of([scene.comment_id]),
                            reason=st.sampled_from(["spam", "offensive", "confidential",
                                                    "other"]) | any_text,
                            details=any_text))
    submit(scene, scene.hugo, "/report", form, fetch)


RULE_FIELDS = ["proposal.spaces_all", "proposal.spaces", "proposal.proposers", "approval.by",
               "approval.approvers", "offer_days", "schedule.window_rows",
               "schedule.windows.0.days", "schedule.windows.0.start", "schedule.windows.0.end",
               "schedule.windows.1.days", "schedule.min_spacing_minutes",
               "schedule.per_person_per_day", "schedule.per_person_per_week",
               "schedule.spread_minutes", "schedule.min_gap_minutes"] + [
    f"networks.{network}.{key}" for network in ("x", "linkedin")
    for key in ("enabled", "hashtags", "disclosure", "forbidden", "utm", "drive_links_public",
                "firm_daily_cap")]
RULE_VALUES = ["1", "", "0", "-1", "admins", "approvers", "nobody", "author", "moderators",
               "mon", "sun", "08:00", "19:00", "24:00", "utm_source=x", "utm_=", "#tag", "a b",
               "99999999999", "12"]


@examples(ci=20)
@given(data=st.data(), fetch=fetch)
def test_the_sharing_rules_of_the_admin(scene, data, fetch):
    w = scene.world
    values = st.one_of(st.sampled_from(RULE_VALUES), value_of([w.projets, w.lea.user_id]),
                       any_text)
    form = data.draw(fields(**{name: values for name in RULE_FIELDS}))
    submit(scene, scene.admin, "/admin/sharing/rules", form, fetch)
