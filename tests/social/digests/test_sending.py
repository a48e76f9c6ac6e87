"""Who gets a digest, when, and never twice: the job against a real SMTP server.

Monday 5 January 2026: 8:00 is 07:00 UTC in Paris, 11:00 UTC in Cayenne and
13:00 UTC in Montréal.
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from social.digests.job import DigestJob
from social.models import Comment, DigestItem, DigestState, Post
from social.services import comments, people, posts, reactions, spaces
from tests.factories import make_firm, make_person, make_post, make_space, user_row
from tests.social.digests.conftest import (happened_at, html_of, post_ids_in, prefer,
                                           text_of, utc)

SUNDAY_EVENING = utc(2026, 1, 4, 20)
PARIS_8, CAYENNE_8, MONTREAL_8 = utc(2026, 1, 5, 7), utc(2026, 1, 5, 11), utc(2026, 1, 5, 13)


def hide(db, model, row_id: int) -> None:
    db.execute(update(model).where(model.id == row_id).values(hidden_at=SUNDAY_EVENING))
    db.commit()


@pytest.fixture
def team(db):
    """Three colleagues in three time zones, sharing a space with an author."""
    firm = make_firm(db)
    author = make_person(db, firm, "Paul Petit")
    paris = make_person(db, firm, "Léa Martin")
    cayenne = make_person(db, firm, "Inès Cayenne")
    montreal = make_person(db, firm, "Marc Tremblay")
    prefer(db, paris, time_zone="Europe/Paris", language="fr")
    prefer(db, cayenne, time_zone="America/Cayenne", language="fr")
    prefer(db, montreal, time_zone="America/Montreal", language="en")
    for person in (firm.admin, author):
        prefer(db, person, frequency="off")
    space_id = make_space(db, firm.admin, "Bureau d'études",
                          members=(author, paris, cayenne, montreal))
    return firm, author, (paris, cayenne, montreal), space_id


def test_each_person_gets_their_digest_at_8_in_their_own_time_zone(db, team, run_at, smtp):
    firm, author, (paris, cayenne, montreal), space_id = team
    post = make_post(db, author, space_id, "Nouveau planning du chantier")
    happened_at(db, SUNDAY_EVENING)
    addresses = {who: user_row(db, who).email for who in (paris, cayenne, montreal)}

    assert run_at(PARIS_8 - timedelta(minutes=1)) == 0
    assert smtp.messages == []

    assert run_at(PARIS_8) == 1
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [addresses[paris]]

    assert run_at(CAYENNE_8 - timedelta(minutes=1)) == 0
    assert run_at(CAYENNE_8) == 1
    assert run_at(MONTREAL_8 - timedelta(minutes=1)) == 0
    assert run_at(MONTREAL_8) == 1

    by_person = {who: smtp.to(address) for who, address in addresses.items()}
    assert [len(mails) for mails in by_person.values()] == [1, 1, 1]
    [to_paris], [to_cayenne], [to_montreal] = by_person.values()
    # Each reads the post's time (20:00 UTC) in their own zone, in their own language.
    assert "21:00" in text_of(to_paris) and to_paris["Subject"].startswith("Votre résumé")
    assert "17:00" in text_of(to_cayenne) and to_cayenne["Subject"].startswith("Votre résumé")
    assert re.search(r"3:00\sPM", text_of(to_montreal))
    assert to_montreal["Subject"].startswith("Your daily Comptoir digest")
    for mail in (to_paris, to_cayenne, to_montreal):
        assert post_ids_in(mail) == [post.id]


def test_daily_digests_come_every_morning_and_weekly_ones_on_mondays(db, run_at, smtp):
    firm = make_firm(db)
    author = make_person(db, firm, "Paul Petit")
    daily, weekly = make_person(db, firm, "Jour Quotidien"), make_person(db, firm, "Semaine")
    prefer(db, daily, frequency="daily")
    prefer(db, weekly, frequency="weekly")
    for person in (firm.admin, author):
        prefer(db, person, frequency="off")
    space_id = make_space(db, firm.admin, members=(author, daily, weekly))
    run_at(utc(2026, 1, 2, 12))  # Friday: everyone gets a slot

    mornings = [utc(2026, 1, day, 7) for day in range(3, 13)]  # Saturday 3 to Monday 12
    for morning in mornings:
        make_post(db, author, space_id, f"Nouvelles du {morning:%d}")
        happened_at(db, morning - timedelta(hours=10))
        run_at(morning)

    sent_days = {who: [int(m["Date"].datetime.strftime("%d")) for m in
                       smtp.to(user_row(db, who).email)] for who in (daily, weekly)}
    assert sent_days[daily] == list(range(3, 13))
    assert sent_days[weekly] == [5, 12]
    # The Monday digest of the weekly reader holds the week's posts, the daily ones one day's.
    first_weekly = smtp.to(user_row(db, weekly).email)[0]
    assert len(post_ids_in(first_weekly)) == 3
    assert all(len(post_ids_in(m)) == 1 for m in smtp.to(user_row(db, daily).email))


def test_an_item_is_never_sent_twice_across_runs_or_within_a_digest(db, team, run_at,
                                                                   smtp):
    firm, author, (lea, _, _), space_id = team
    handle = user_row(db, lea).handle
    everywhere = make_post(db, author, space_id, f"@{handle} regarde, c'est important")
    posts.set_featured(db, firm.admin, everywhere.id, True)
    for person in team[2][1:]:
        comments.add_comment(db, person, everywhere.discussion_id, "Oui, bravo")
    quiet = make_post(db, author, space_id, "Un autre sujet")
    happened_at(db, SUNDAY_EVENING)

    run_at(PARIS_8)
    run_at(PARIS_8)  # the same instant again: nothing more
    run_at(PARIS_8 + timedelta(days=1))  # nothing new since: no mail at all

    [mail] = smtp.to(user_row(db, lea).email)
    assert sorted(post_ids_in(mail)) == sorted([everywhere.id, quiet.id])

    fresh = make_post(db, author, space_id, "Du nouveau mardi")
    happened_at(db, PARIS_8 + timedelta(days=1, hours=3))
    run_at(PARIS_8 + timedelta(days=2))

    later = smtp.to(user_row(db, lea).email)[1:]
    # The strong post is still the week's strongest, and yet it does not come back.
    assert [post_ids_in(m) for m in later] == [[fresh.id]]


def test_a_digest_holds_what_awaits_the_reader_featured_posts_and_the_strongest(db, team,
                                                                               run_at,
                                                                               smtp):
    firm, author, (lea, ines, marc), space_id = team
    handle = user_row(db, lea).handle
    mine = make_post(db, lea, space_id, "Mon retour sur la réunion")
    reply = comments.add_comment(db, marc, mine.discussion_id, "Merci Léa, très clair")
    own = comments.add_comment(db, lea, mine.discussion_id, "Je complète ma propre note")
    answered = comments.add_comment(db, ines, mine.discussion_id, "Autre point", parent_id=own.id)
    mention = make_post(db, author, space_id, f"Question pour @{handle} : le devis ?")
    featured = make_post(db, firm.admin, make_space(db, firm.admin, "Annonces"), "Séminaire")
    posts.set_featured(db, firm.admin, featured.id, True)
    happened_at(db, SUNDAY_EVENING)

    run_at(PARIS_8)

    [mail] = smtp.to(user_row(db, lea).email)
    text = text_of(mail)
    assert "Marc Tremblay vous a répondu" in text and "Inès Cayenne vous a répondu" in text
    assert "Paul Petit vous mentionne" in text
    assert f"/posts/{mine.id}#comment-{reply.id}" in text
    assert f"#comment-{own.id}" not in text  # one's own comment awaits nobody
    assert f"#comment-{answered.id}" in text
    assert f"/posts/{featured.id}" in text and "À la une" in text
    # Léa's own post is not news to her; it is the week's strongest, though.
    assert post_ids_in(mail).count(mine.id) == 1


def test_nothing_the_reader_may_no_longer_see_is_sent(db, team, run_at, smtp):
    firm, author, (lea, ines, _), space_id = team
    handle = user_row(db, lea).handle
    left = make_space(db, firm.admin, "Club théâtre", visibility="private", members=(lea, author))
    in_left = make_post(db, author, left, f"Répétition samedi, @{handle} ?")
    deleted = make_post(db, author, space_id, "Brouillon publié par erreur")
    secret = make_space(db, author, "Direction", visibility="secret", members=(ines,))
    in_secret = make_post(db, author, secret, "Réorganisation")
    reactions.react(db, ines, in_secret.discussion_id, "like")  # the week's strongest, elsewhere
    kept = make_post(db, author, space_id, "Ce qui reste visible")
    gone_comment = comments.add_comment(db, ines, kept.discussion_id, f"@{handle} regarde ça")
    hidden_post = make_post(db, author, space_id, f"Propos déplacés, @{handle}")
    hidden_comment = comments.add_comment(db, ines, kept.discussion_id, f"Insulte @{handle}")
    happened_at(db, SUNDAY_EVENING)
    spaces.leave_space(db, lea, left)
    posts.delete_post(db, author, deleted.id)
    comments.delete_comment(db, ines, gone_comment.id)
    hide(db, Post, hidden_post.id)  # by a moderator
    hide(db, Comment, hidden_comment.id)

    run_at(PARIS_8)

    [mail] = smtp.to(user_row(db, lea).email)
    assert post_ids_in(mail) == [kept.id]
    text = text_of(mail)
    for absent in ("Répétition", "Brouillon", "Réorganisation", "regarde ça", "Club théâtre",
                   "Propos déplacés", "Insulte"):
        assert absent not in text and absent not in html_of(mail)
    assert f"/posts/{in_left.id}" not in text and f"/posts/{in_secret.id}" not in text


def test_an_empty_digest_is_not_sent(db, team, run_at, smtp, runtime):
    run_at(PARIS_8)
    assert smtp.messages == []
    with runtime.database.system_session() as check:
        assert check.scalar(select(func.count()).select_from(DigestItem)) == 0
        state = check.scalar(select(DigestState).where(DigestState.user_id == team[2][0].user_id))
        assert state.last_sent_at is None and state.next_due_at == PARIS_8 + timedelta(days=1)


def test_people_who_turned_digests_off_or_left_the_firm_get_none(db, team, run_at, smtp):
    firm, author, (lea, ines, marc), space_id = team
    make_post(db, author, space_id, "Pour tout le monde")
    happened_at(db, SUNDAY_EVENING)
    run_at(PARIS_8 - timedelta(hours=1))  # slots given
    prefer(db, lea, frequency="off")
    people.deactivate_user(db, firm.admin, ines.user_id)

    for moment in (PARIS_8, CAYENNE_8, MONTREAL_8):
        run_at(moment)

    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [user_row(db, marc).email]


def test_two_workers_at_the_same_moment_send_each_digest_once(db, team, smtp, runtime):
    firm, author, readers, space_id = team
    make_post(db, author, space_id, "Une seule fois")
    happened_at(db, SUNDAY_EVENING)
    for person in readers:
        prefer(db, person, time_zone="Europe/Paris")
    db.commit()
    barrier, results = threading.Barrier(4), []

    def worker():
        barrier.wait(timeout=30)
        results.append(DigestJob().run_due(runtime, PARIS_8))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == \
        sorted(user_row(db, person).email for person in readers)
    assert sum(results) == 3
