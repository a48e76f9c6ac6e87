"""Your data: the archive a person downloads (and the admin, for them), and the erasure
pages: who may, CSRF, confirmation, another firm's people."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from social.models import User
from tests.factories import make_post
from tests.web.conftest import TEST_CSRF, form
from tests.web.erasure_world import (HER_COMMENT, HER_EDITED_POST, HER_POST, LINKEDIN_ACCESS,
                                     X_ACCESS, X_MEMBER, X_REFRESH, build_erasure_world)

SCRIPT = "<script>alert('philo')</script> et <b>gras</b>"


@pytest.fixture
def erasure_world(db, web_app):
    return build_erasure_world(db, web_app.extensions["comptoir"].token_cipher)


def archive(answer) -> tuple[dict, str, bytes]:
    assert answer.status_code == 200, answer.get_data(True)[:300]
    assert answer.mimetype == "application/zip"
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=\"comptoir-")
    assert answer.headers["Cache-Control"] == "no-store"
    raw = answer.get_data()
    with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
        assert sorted(bundle.namelist()) == ["data.json", "index.html"]
        return (json.loads(bundle.read("data.json")), bundle.read("index.html").decode(),
                raw)


def test_the_settings_page_links_to_the_download(signed_in, erasure_world):
    page = signed_in(erasure_world.philo).get("/me/settings").get_data(True)
    assert 'href="/me/settings/data"' in page and "Download my data" in page  # she reads English


def test_a_person_downloads_all_their_data_without_any_token(signed_in, erasure_world):
    world = erasure_world
    data, index, raw = archive(signed_in(world.philo).get("/me/settings/data"))

    assert data["person"]["email"] == "philomene.zaborowska@atelier.fr"
    assert data["profile"]["bio"].startswith("Dompteuse") and data["profile"]["skills"]
    [post] = data["posts"]
    assert post["body"] == HER_EDITED_POST and [h["body"] for h in post["history"]] == [HER_POST]
    assert [comment["body"] for comment in data["comments"]] == [HER_COMMENT]
    assert data["reactions"][0]["kind"] == "heart"
    assert data["settings"]["language"] == "en" and data["settings"]["digest_frequency"] == "daily"
    assert data["memberships"] and data["notifications"] and data["mentions"]
    assert data["feed_tokens"][0]["token"] == "••••••••"
    assert {account["network"] for account in data["sharing_accounts"]} == {"x", "linkedin"}
    assert X_MEMBER in json.dumps(data)  # which account is hers, yes; its keys, no
    assert data["consents"] and data["proposals"]
    # Two shares she chose, one her consent scheduled (Hugo's post, approved afterwards).
    assert sorted(d["origin"] for d in data["deliveries"]) == ["consent", "offer", "offer"]
    assert {entry["action"] for entry in data["audit"]} >= {"user.role_changed",
                                                           "advocacy.account.connected"}
    for secret in (X_ACCESS, X_REFRESH, LINKEDIN_ACCESS, world.feed_token):
        assert secret.encode() not in raw and secret not in index
    assert "access_token" not in json.dumps(data) and "token_hash" not in json.dumps(data)

    assert '<html lang="en">' in index and "Your data at Comptoir" in index
    assert HER_EDITED_POST in index and "<script" not in index


def test_the_archive_page_escapes_what_people_wrote(db, signed_in, erasure_world):
    world = erasure_world
    make_post(db, world.philo, world.space_id, SCRIPT)
    db.commit()
    data, index, _raw = archive(signed_in(world.philo).get("/me/settings/data"))
    assert SCRIPT in [post["body"] for post in data["posts"]]
    assert "&lt;script&gt;alert(&#39;philo&#39;)&lt;/script&gt;" in index
    assert "<script" not in index and "<b>" not in index


def test_the_admin_downloads_a_persons_data_in_that_persons_language(signed_in, erasure_world):
    world = erasure_world
    _data, index, _raw = archive(signed_in(world.firm.admin).get(
        f"/admin/people/{world.philo.user_id}/data"))
    assert '<html lang="en">' in index  # hers, though the admin reads French


def test_only_the_firms_admin_downloads_someone_elses_data(signed_in, erasure_world):
    world = erasure_world
    path = f"/admin/people/{world.philo.user_id}/data"
    assert signed_in(world.hugo).get(path).status_code == 403
    assert signed_in(world.other_firm.admin).get(path).status_code == 404
    assert signed_in(world.zoe).get("/me/settings/data").status_code == 200  # her own only


def test_the_admin_page_offers_the_download_and_the_erasure(signed_in, erasure_world):
    world = erasure_world
    page = signed_in(world.firm.admin).get("/admin").get_data(True)
    assert f'href="/admin/people/{world.philo.user_id}/erase"' in page
    assert f'href="/admin/people/{world.firm.admin.user_id}/erase"' not in page
    assert f'href="/admin/people/{world.philo.user_id}/data"' in page


def test_the_confirmation_page_asks_what_becomes_of_the_content(signed_in, erasure_world):
    world = erasure_world
    page = signed_in(world.firm.admin).get(f"/admin/people/{world.philo.user_id}/erase")
    assert page.status_code == 200
    html = page.get_data(True)
    assert "Effacer une personne" in html and 'value="keep"' in html and 'value="delete"' in html
    assert TEST_CSRF in html


def is_erased(db, world) -> bool:
    db.commit()
    return db.scalar(select(User.erased_at).where(User.id == world.philo.user_id)) is not None


def test_erasing_needs_the_csrf_token_and_the_ticked_box(db, signed_in, erasure_world):
    world = erasure_world
    admin = signed_in(world.firm.admin)
    path = f"/admin/people/{world.philo.user_id}/erase"
    assert admin.post(path, data={"content": "keep", "understood": "1"}).status_code == 400
    unticked = admin.post(path, data=form(content="keep"))
    assert unticked.status_code == 400 and "Cochez la case" in unticked.get_data(True)
    unknown = admin.post(path, data=form(content="everything", understood="1"))
    assert unknown.status_code == 400
    assert not is_erased(db, world)


def test_only_the_firms_admin_erases_and_never_themselves(db, signed_in, erasure_world):
    world = erasure_world
    path = f"/admin/people/{world.philo.user_id}/erase"
    for person, status in ((world.hugo, 403), (world.other_firm.admin, 404)):
        assert signed_in(person).get(path).status_code == status
        assert signed_in(person).post(path, data=form(content="delete", understood="1")) \
            .status_code == status
    admin = signed_in(world.firm.admin)
    own = f"/admin/people/{world.firm.admin.user_id}/erase"
    assert admin.post(own, data=form(content="keep", understood="1")).status_code == 409
    assert not is_erased(db, world)


def test_an_erased_person_cannot_be_erased_again_or_exported(signed_in, erasure_world):
    world = erasure_world
    admin = signed_in(world.firm.admin)
    path = f"/admin/people/{world.philo.user_id}/erase"
    assert admin.post(path, data=form(content="keep", understood="1")).status_code == 303
    assert admin.post(path, data=form(content="keep", understood="1")).status_code == 404
    assert admin.get(f"/admin/people/{world.philo.user_id}/data").status_code == 404
    assert "Philomène" not in admin.get("/admin").get_data(True)
