"""In-app notifications: who is told, about what, grouped how, and never too much."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.i18n import Translator
from social.errors import NotFound
from social.models import Notification, NotificationKind, NotificationLevel
from social.notifications import inbox, levels
from social.notifications.text import sentence
from social.services import comments, posts, reactions, spaces
from social.services.files import comment_on_file
from tests.factories import (drive_file, make_firm, make_guest, make_person, make_post,
                             make_space, user_row)

FR, EN = Translator("fr"), Translator("en")


def notes(db, person):
    return inbox.list_notifications(db, person).items


def kinds(db, person):
    return [note.kind for note in notes(db, person)]


@pytest.fixture
def firm_of_four(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    paul = make_person(db, firm, "Paul Petit")
    hugo = make_person(db, firm, "Hugo Bernard", locale="en")
    space = make_space(db, firm.admin, "Chantiers", members=(lea, paul, hugo))
    return firm, lea, paul, hugo, space


def test_a_mention_in_a_post_tells_the_person_mentioned_in_their_language(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    make_post(db, paul, space, "Bonjour @lea.martin et @hugo.bernard, la réunion est lundi")

    [for_lea] = notes(db, lea)
    [for_hugo] = notes(db, hugo)
    assert for_lea.kind == NotificationKind.MENTION and not for_lea.read
    assert [a.name for a in for_lea.actors] == ["Paul Petit"]
    assert sentence(for_lea, FR) == "Paul Petit vous a mentionné dans une publication de Chantiers"
    assert sentence(for_hugo, EN) == "Paul Petit mentioned you in a post in Chantiers"
    assert "réunion est lundi" in for_lea.excerpt and for_lea.link.startswith("/posts/")
    assert notes(db, paul) == []
    assert inbox.unread_count(db, lea) == 1


def test_nobody_is_told_of_their_own_actions(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, lea, space, "Je me note @lea.martin pour plus tard")
    comments.add_comment(db, lea, post.discussion_id, "Et je me réponds, @lea.martin")
    reactions.react(db, lea, post.discussion_id, "like")
    levels.set_space_level(db, lea, space, NotificationLevel.ALL)
    make_post(db, lea, space, "Une autre publication à moi")

    assert notes(db, lea) == []


def test_comments_tell_the_post_author_and_the_comment_answered_once_each(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, lea, space, "Qui a les plans du lot 3 ?")
    first = comments.add_comment(db, paul, post.discussion_id, "Je regarde")
    comments.add_comment(db, hugo, post.discussion_id, "Merci @paul.petit, moi aussi",
                         parent_id=first.id)

    assert kinds(db, lea) == [NotificationKind.REPLY, NotificationKind.REPLY]
    latest, earliest = notes(db, lea)
    assert sentence(latest, FR) == "Hugo Bernard a commenté votre publication dans Chantiers"
    assert latest.link.endswith(f"#comment-{first.id + 1}")
    # Paul is both answered and mentioned: one notification, the mention.
    [for_paul] = notes(db, paul)
    assert for_paul.kind == NotificationKind.MENTION and for_paul.params == {"in": "comment"}
    assert sentence(for_paul, EN) == "Hugo Bernard mentioned you in a comment in Chantiers"


def test_a_reply_to_my_comment_says_so(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, firm.admin, space, "Sondage : pot vendredi ?")
    mine = comments.add_comment(db, paul, post.discussion_id, "Oui !")
    comments.add_comment(db, hugo, post.discussion_id, "Moi aussi", parent_id=mine.id)

    [for_paul] = notes(db, paul)
    assert sentence(for_paul, FR) == "Hugo Bernard a répondu à votre commentaire dans Chantiers"


def test_reactions_on_a_post_are_grouped_and_come_back_unread_for_someone_new(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, lea, space, "Photos du chantier")
    reactions.react(db, paul, post.discussion_id, "like")
    [first] = notes(db, lea)
    assert sentence(first, FR) == "Paul Petit a aimé votre publication dans Chantiers"
    inbox.mark_read(db, lea, first.id)
    assert inbox.unread_count(db, lea) == 0

    reactions.react(db, paul, post.discussion_id, "heart")  # the same person again
    assert inbox.unread_count(db, lea) == 0
    reactions.react(db, hugo, post.discussion_id, "tada")
    reactions.react(db, firm.admin, post.discussion_id, "like")

    [grouped] = notes(db, lea)
    assert grouped.id == first.id and not grouped.read and grouped.actor_count == 3
    assert [a.name for a in grouped.actors] == ["Alice Admin", "Hugo Bernard", "Paul Petit"]
    assert sentence(grouped, FR) == \
        "Alice Admin et 2 autres personnes ont aimé votre publication dans Chantiers"
    assert sentence(grouped, EN) == "Alice Admin and 2 others liked your post in Chantiers"
    assert db.scalar(select(func.count()).select_from(Notification)) == 1


def test_a_reaction_by_one_other_person_reads_in_the_singular(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, lea, space, "Photos")
    reactions.react(db, paul, post.discussion_id, "like")
    reactions.react(db, hugo, post.discussion_id, "like")
    [grouped] = notes(db, lea)
    assert sentence(grouped, EN) == "Hugo Bernard and 1 other liked your post in Chantiers"
    assert sentence(grouped, FR) == \
        "Hugo Bernard et 1 autre personne ont aimé votre publication dans Chantiers"


def test_a_muted_space_sends_nothing_and_unmuting_brings_it_back(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    mine = make_post(db, lea, space, "Ma publication")
    levels.set_space_level(db, lea, space, NotificationLevel.MUTED)

    make_post(db, paul, space, "Coucou @lea.martin")
    comments.add_comment(db, paul, mine.discussion_id, "Bien vu")
    reactions.react(db, paul, mine.discussion_id, "like")
    assert notes(db, lea) == []

    levels.set_space_level(db, lea, space, NotificationLevel.MENTIONS)
    make_post(db, paul, space, "Coucou encore @lea.martin")
    assert kinds(db, lea) == [NotificationKind.MENTION]
    assert [(s.space.name, s.level) for s in levels.space_levels(db, lea)] == \
        [("Chantiers", NotificationLevel.MENTIONS)]


def test_muting_one_space_leaves_the_others_alone(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    other = make_space(db, firm.admin, "Club théâtre", members=(lea, paul))
    levels.set_space_level(db, lea, space, NotificationLevel.MUTED)
    make_post(db, paul, space, "@lea.martin ici")
    make_post(db, paul, other, "@lea.martin là")
    [note] = notes(db, lea)
    assert note.where == "Club théâtre"


def test_following_a_space_closely_tells_of_every_new_post(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    levels.set_space_level(db, lea, space, NotificationLevel.ALL)
    make_post(db, paul, space, "Nouvelle procédure")
    make_post(db, paul, space, "Et @lea.martin, tu valides ?")

    assert kinds(db, lea) == [NotificationKind.MENTION, NotificationKind.NEW_POST]
    assert sentence(notes(db, lea)[1], FR) == "Paul Petit a publié dans Chantiers"
    assert notes(db, hugo) == []  # the default: only what concerns him


def test_a_public_space_can_be_followed_without_joining_it(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    public = make_space(db, paul, "Veille", visibility="public")
    levels.set_space_level(db, lea, public, NotificationLevel.ALL)
    make_post(db, paul, public, "Article intéressant")
    assert kinds(db, lea) == [NotificationKind.NEW_POST]
    assert [(s.space.name, s.member) for s in levels.space_levels(db, lea)] == \
        [("Chantiers", True), ("Veille", False)]


def test_nobody_is_told_about_content_they_cannot_read(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    private = make_space(db, paul, "Direction", visibility="private", members=(hugo,))
    secret = make_space(db, paul, "Recrutement", visibility="secret", members=(hugo,))
    make_post(db, paul, private, "@lea.martin ne lira pas ceci")
    make_post(db, paul, secret, "ni ceci, @lea.martin")
    assert notes(db, lea) == []

    # Hugo posts, then leaves the private space: he is no longer told of replies there.
    his = make_post(db, hugo, private, "Compte rendu")
    spaces.leave_space(db, hugo, private)
    comments.add_comment(db, paul, his.discussion_id, "Merci @hugo.bernard")
    reactions.react(db, paul, his.discussion_id, "like")
    assert notes(db, hugo) == []


def test_a_guest_is_not_told_about_a_drive_file_discussion(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    guest = make_guest(db, firm, firm.admin, space, "Claire Cliente")
    handle = user_row(db, guest).handle
    comment_on_file(db, paul, drive_file(), f"@{handle} et @lea.martin, vos avis ?")
    assert notes(db, guest) == []
    [for_lea] = notes(db, lea)
    assert for_lea.where == "Plan.pdf" and for_lea.link.startswith("https://drive.google.com/")


def test_content_one_can_no_longer_read_keeps_its_notification_but_not_its_text(
        db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    private = make_space(db, paul, "Direction", visibility="private", members=(lea,))
    make_post(db, paul, private, "Confidentiel : @lea.martin, le budget 2027")
    spaces.leave_space(db, lea, private)

    [note] = notes(db, lea)
    assert note.excerpt is None and note.link is None
    assert "budget" not in sentence(note, FR)


def test_featuring_tells_the_author_and_close_followers_once(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    levels.set_space_level(db, hugo, space, NotificationLevel.ALL)
    post = make_post(db, lea, space, "Retour d'expérience sur le BIM")
    posts.set_featured(db, firm.admin, post.id, True)
    posts.set_featured(db, firm.admin, post.id, True)  # already featured: no news

    assert kinds(db, lea) == [NotificationKind.FEATURED]
    assert sentence(notes(db, lea)[0], FR) == \
        "Votre publication dans Chantiers a été mise en avant pour toute l’entreprise"
    assert kinds(db, hugo) == [NotificationKind.FEATURED, NotificationKind.NEW_POST]
    assert sentence(notes(db, hugo)[0], EN) == \
        "A post in Chantiers was featured for the whole firm"


def test_the_list_is_keyset_paginated_by_latest_activity(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    mine = make_post(db, lea, space, "Ma question")
    reactions.react(db, paul, mine.discussion_id, "like")
    for number in range(4):
        make_post(db, paul, space, f"Message {number} pour @lea.martin")
    reactions.react(db, hugo, mine.discussion_id, "like")  # the grouped one moves up

    first = inbox.list_notifications(db, lea, limit=2)
    second = inbox.list_notifications(db, lea, cursor=first.next_cursor, limit=2)
    third = inbox.list_notifications(db, lea, cursor=second.next_cursor, limit=2)
    seen = first.items + second.items + third.items
    assert seen[0].kind == NotificationKind.REACTION
    assert [n.excerpt for n in seen[1:]] == [f"Message {n} pour @lea.martin"
                                             for n in (3, 2, 1, 0)]
    assert third.next_cursor is None and len({n.id for n in seen}) == 5


def test_marking_read_one_or_all_and_only_ones_own(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    for number in range(3):
        make_post(db, paul, space, f"@lea.martin n°{number}")
    make_post(db, paul, space, "@hugo.bernard aussi")
    first = notes(db, lea)[0]

    assert inbox.mark_read(db, lea, first.id).read
    assert inbox.unread_count(db, lea) == 2
    with pytest.raises(NotFound):
        inbox.mark_read(db, hugo, first.id)
    assert inbox.mark_all_read(db, lea) == 2
    assert inbox.unread_count(db, lea) == 0 and inbox.unread_count(db, hugo) == 1


def test_another_firm_never_sees_nor_marks_ones_notifications(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    make_post(db, paul, space, "@lea.martin bonjour")
    other = make_firm(db, "firm-b.fr", "Bob Boss")
    [note] = notes(db, lea)
    assert notes(db, other.admin) == []
    with pytest.raises(NotFound):
        inbox.mark_read(db, other.admin, note.id)


def test_many_people_reacting_at_once_are_each_counted_once_in_one_notification(db, database):
    firm = make_firm(db)
    crowd = [make_person(db, firm, f"Personne {n:02d}") for n in range(16)]
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=tuple(crowd)))
    db.commit()  # release the SQLite write lock for the threads
    barrier = threading.Barrier(len(crowd))

    def react(person):
        with database.system_session() as session:
            barrier.wait(timeout=30)
            reactions.react(session, person, post.discussion_id, "like")

    with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
        errors = [f.exception() for f in [pool.submit(react, p) for p in crowd]]
    assert errors == [None] * len(crowd)
    [grouped] = notes(db, firm.admin)
    assert grouped.actor_count == len(crowd) and not grouped.read
    stored = db.scalar(select(Notification))
    assert sorted(stored.actor_ids) == sorted(p.user_id for p in crowd)


def test_a_mention_added_by_an_edit_is_told_once(db, firm_of_four):
    firm, lea, paul, hugo, space = firm_of_four
    post = make_post(db, paul, space, "Compte rendu de chantier, @hugo.bernard")
    posts.edit_post(db, paul, post.id, "Compte rendu, @hugo.bernard et @lea.martin")
    posts.edit_post(db, paul, post.id, "Compte rendu, @hugo.bernard et @lea.martin !")
    assert kinds(db, lea) == [NotificationKind.MENTION] and len(notes(db, hugo)) == 1

    comment = comments.add_comment(db, paul, post.discussion_id, "Photos jointes")
    comments.edit_comment(db, paul, comment.id, "Photos jointes, @lea.martin")
    comments.edit_comment(db, paul, comment.id, "Photos jointes pour @lea.martin")
    assert [n.params for n in notes(db, lea)] == [{"in": "comment"}, {"in": "post"}]
