"""Ranking: relevance is not traffic (the formula is in social/ranking.py).

Each case is built so that counting volume, or counting the author's own
activity, would give the opposite order.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from core.clock import utcnow
from social.errors import InvalidInput
from social.models import Comment, Discussion, DiscussionKind, Post
from social.pagination import encode_cursor
from social.ranking import HALF_LIFE, Candidate, Engagement, post_score, rank_feed
from social.services import comments, posts, reactions, spaces
from social.services.ambassadors import ambassadors
from social.services.ranked import MAX_CANDIDATES, ranked_home_feed, strongest_contributions
from tests.factories import make_firm, make_person, make_post, make_space

HOUR = timedelta(hours=1)


def written_ago(db, post_id: int, age: timedelta, now) -> None:
    db.execute(update(Post).where(Post.id == post_id).values(created_at=now - age))
    db.commit()


def feed_ids(db, actor, now, limit=100) -> list[int]:
    return [view.id for view in ranked_home_feed(db, actor, limit=limit, now=now).items]


@pytest.fixture
def office(db):
    """A firm whose twelve people all belong to one public space."""
    firm = make_firm(db)
    people = [make_person(db, firm, f"Colleague {n:02d}") for n in range(12)]
    space_id = make_space(db, firm.admin, "Bureau", members=tuple(people))
    return firm, people, space_id


# The pure formula


def test_a_score_halves_every_half_life_and_counts_a_commenter_as_three_reactors():
    fresh = post_score(Engagement(reactors=3, commenters=1), timedelta(0))
    assert fresh == 1 + 3 + 3
    assert post_score(Engagement(3, 1), HALF_LIFE) == pytest.approx(fresh / 2)
    assert post_score(Engagement(3, 1), 2 * HALF_LIFE) == pytest.approx(fresh / 4)
    assert post_score(Engagement(0, 1), timedelta(0)) == post_score(Engagement(3, 0), timedelta(0))


def test_promoted_posts_lead_whatever_their_score_and_ties_go_to_the_newer():
    now = utcnow()
    strong = Candidate(1, now, Engagement(20, 10))
    pinned = Candidate(2, now - 100 * HOUR, Engagement(), promoted=True)
    older, newer = Candidate(3, now - 2 * HOUR, Engagement()), Candidate(4, now, Engagement())
    assert [c.post_id for c in rank_feed([older, strong, newer, pinned], now)] == [2, 1, 4, 3]


# The home feed


def test_fifty_posts_nobody_answers_do_not_outrank_one_post_ten_colleagues_commented_on(
        db, office):
    firm, people, space_id = office
    author, burster, reader = people[0], people[1], people[11]
    strong = make_post(db, author, space_id, "Retour d'expérience sur le chantier de Lyon")
    for colleague in people[2:12]:
        comments.add_comment(db, colleague, strong.discussion_id, "Merci, très utile")
    burst = [make_post(db, burster, space_id, f"Petit message n°{n}").id for n in range(50)]
    now = utcnow()
    written_ago(db, strong.id, 30 * HOUR, now)  # the burst is newer, and still loses

    ranked = feed_ids(db, reader, now)

    assert ranked[0] == strong.id
    assert sorted(ranked[1:]) == sorted(burst)
    top = strongest_contributions(db, reader, now=now)
    assert [(r.post.id, r.engagement) for r in top] == [(strong.id, Engagement(0, 10))]


def test_the_authors_own_comments_and_reactions_count_for_nothing(db, office):
    firm, people, space_id = office
    lea, paul, noe = people[0], people[1], people[2]
    modest = make_post(db, paul, space_id, "Une question sur le devis")
    reactions.react(db, noe, modest.discussion_id, "like")
    busy = make_post(db, lea, space_id, "Je me réponds à moi-même")
    for kind in ("like", "heart", "tada", "idea"):
        reactions.react(db, lea, busy.discussion_id, kind)
    for n in range(5):
        comments.add_comment(db, lea, busy.discussion_id, f"Et aussi… ({n})")
    now = utcnow()
    written_ago(db, modest.id, 1 * HOUR, now)  # the busy one is newer

    assert feed_ids(db, noe, now)[:2] == [modest.id, busy.id]
    top = strongest_contributions(db, noe, now=now)
    assert [(r.post.id, r.engagement) for r in top] == [(modest.id, Engagement(1, 0))]
    assert ambassadors(db, noe, now=now)[0].person.id == paul.user_id
    assert lea.user_id not in [a.person.id for a in ambassadors(db, noe, now=now)]


def test_decay_puts_the_newer_of_two_equally_answered_posts_first(db, office):
    firm, people, space_id = office
    ancient = make_post(db, people[2], space_id, "Très ancien, un peu plus commenté")
    older = make_post(db, people[0], space_id, "Ancien")
    newer = make_post(db, people[1], space_id, "Récent")
    for post, count in ((ancient, 3), (older, 2), (newer, 2)):
        for colleague in people[3:3 + count]:
            reactions.react(db, colleague, post.discussion_id, "like")
    now = utcnow()
    written_ago(db, ancient.id, 90 * HOUR, now)
    written_ago(db, older.id, 50 * HOUR, now)
    written_ago(db, newer.id, 10 * HOUR, now)

    assert feed_ids(db, people[8], now) == [newer.id, older.id, ancient.id]
    # Inside the week, strongest contributions do not decay: the most answered leads,
    # and of two equal ones the newer comes first.
    assert [r.post.id for r in strongest_contributions(db, people[8], now=now)] == \
        [ancient.id, newer.id, older.id]


def test_featured_and_pinned_posts_go_first(db, office):
    firm, people, space_id = office
    popular = make_post(db, people[0], space_id, "Tout le monde en parle")
    for colleague in people[1:9]:
        comments.add_comment(db, colleague, popular.discussion_id, "Oui !")
    featured = make_post(db, people[1], space_id, "La direction le met en avant")
    pinned = make_post(db, people[2], space_id, "Règles du bureau")
    plain = make_post(db, people[3], space_id, "Rien de spécial")
    posts.set_featured(db, firm.admin, featured.id, True)
    posts.set_pinned(db, firm.admin, pinned.id, True)
    now = utcnow()
    written_ago(db, featured.id, 20 * HOUR, now)
    written_ago(db, pinned.id, 40 * HOUR, now)

    page = ranked_home_feed(db, people[10], now=now)

    assert [view.id for view in page.items] == [featured.id, pinned.id, popular.id, plain.id]
    assert page.items[0].featured and page.items[1].pinned


def test_the_home_feed_holds_only_the_actors_spaces_and_the_last_two_weeks(db, office):
    firm, people, space_id = office
    outsider_space = make_space(db, firm.admin, "Ailleurs")
    recent = make_post(db, people[0], space_id, "Cette semaine")
    old = make_post(db, people[0], space_id, "Il y a un mois")
    elsewhere = make_post(db, firm.admin, outsider_space, "Espace dont je ne suis pas membre")
    now = utcnow()
    written_ago(db, old.id, timedelta(days=30), now)

    assert feed_ids(db, people[1], now) == [recent.id]
    assert elsewhere.id in feed_ids(db, firm.admin, now)


def test_pages_follow_the_ranking_without_repeats_and_stop_at_the_candidate_bound(db, office):
    firm, people, space_id = office
    now, count = utcnow(), MAX_CANDIDATES + 20
    written = []
    # Written directly, a minute apart: the services would take minutes for this many posts.
    for n in range(count):
        discussion = Discussion(tenant_id=firm.tenant_id, kind=DiscussionKind.POST)
        db.add(discussion)
        db.flush()
        post = Post(tenant_id=firm.tenant_id, space_id=space_id, author_id=people[0].user_id,
                    discussion_id=discussion.id, body_md=f"n°{n}", body_html=f"<p>n°{n}</p>",
                    created_at=now - (count - n) * timedelta(minutes=1))
        db.add(post)
        db.flush()
        written.append(post.id)
    db.commit()

    seen, cursor = [], None
    while True:
        page = ranked_home_feed(db, people[1], cursor=cursor, limit=100, now=now)
        seen += [view.id for view in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    # No engagement anywhere: the newest MAX_CANDIDATES, newest first, each once.
    assert seen == written[::-1][:MAX_CANDIDATES]


@pytest.mark.parametrize("cursor", [encode_cursor(5), encode_cursor("ranked", -1),
                                    encode_cursor("chrono", 20), "not a cursor"])
def test_a_forged_cursor_is_refused(db, office, cursor):
    firm, people, space_id = office
    with pytest.raises(InvalidInput):
        ranked_home_feed(db, people[0], cursor=cursor)


def test_the_feeds_cost_does_not_grow_with_the_number_of_posts(db, office, count_statements):
    firm, people, space_id = office
    for n in range(3):
        reactions.react(db, people[1], make_post(db, people[0], space_id, f"{n}").discussion_id)
    with count_statements() as few:
        ranked_home_feed(db, people[2])
    for n in range(40):
        comments.add_comment(db, people[n % 5 + 1],
                             make_post(db, people[0], space_id, f"{n}").discussion_id, "ok")
    with count_statements() as many:
        ranked_home_feed(db, people[2])

    assert many.count == few.count


# Ambassadors


def test_an_ambassador_is_measured_by_the_colleagues_they_drew_not_by_how_much_they_wrote(
        db, office):
    firm, people, space_id = office
    prolific, valued, silent, viewer = people[0], people[1], people[2], people[11]
    written = [make_post(db, prolific, space_id, f"Encore un message ({n})") for n in range(40)]
    reactions.react(db, people[3], written[7].discussion_id, "like")
    for n in range(10):
        make_post(db, silent, space_id, f"Personne ne répond ({n})")
    once = make_post(db, valued, space_id, "Le seul message, mais utile")
    for colleague in people[3:11]:
        reactions.react(db, colleague, once.discussion_id, "like")

    ranked = ambassadors(db, viewer)

    assert [(a.person.id, a.score) for a in ranked] == [(valued.user_id, 8),
                                                        (prolific.user_id, 1)]


def test_replies_to_a_comment_count_for_its_author_once_per_colleague(db, office):
    firm, people, space_id = office
    post = make_post(db, people[0], space_id, "Sujet")
    answer = comments.add_comment(db, people[1], post.discussion_id, "Une réponse éclairée")
    for colleague in people[2:4]:
        for n in range(3):  # coming back three times still counts once
            comments.add_comment(db, colleague, post.discussion_id, f"D'accord ({n})",
                                 parent_id=answer.id)
    comments.add_comment(db, people[1], post.discussion_id, "Je précise", parent_id=answer.id)

    scores = {a.person.id: a.engagement for a in ambassadors(db, people[5])}

    assert scores[people[1].user_id] == Engagement(reactors=0, commenters=2)
    assert scores[people[0].user_id] == Engagement(reactors=0, commenters=3)


def test_only_content_the_viewer_may_read_counts(db, office):
    firm, people, space_id = office
    insider, outsider = people[0], people[11]
    secret = make_space(db, insider, "Direction", visibility="secret",
                        members=tuple(people[1:9]))
    hidden = make_post(db, insider, secret, "Réorganisation")
    for colleague in people[1:9]:
        reactions.react(db, colleague, hidden.discussion_id, "like")
    shown = make_post(db, people[9], space_id, "Visible de tous")
    reactions.react(db, people[10], shown.discussion_id, "like")
    other = make_firm(db, "firm-b.fr", "Bob Admin")
    their_people = [make_person(db, other, f"B {n}") for n in range(5)]
    theirs = make_post(db, other.admin, make_space(db, other.admin, members=tuple(their_people)))
    for person in their_people:
        comments.add_comment(db, person, theirs.discussion_id, "Bravo")

    assert [a.person.id for a in ambassadors(db, outsider)] == [people[9].user_id]
    assert [r.post.id for r in strongest_contributions(db, outsider)] == [shown.id]
    assert [a.person.id for a in ambassadors(db, people[1])] == \
        [insider.user_id, people[9].user_id]
    assert [r.post.id for r in strongest_contributions(db, people[1])] == [hidden.id, shown.id]

    spaces.leave_space(db, people[1], secret)
    assert [a.person.id for a in ambassadors(db, people[1])] == [people[9].user_id]
    assert hidden.id not in feed_ids(db, people[1], utcnow())


def test_what_a_moderator_hid_is_neither_ranked_nor_counted(db, office):
    firm, people, space_id = office
    hidden = make_post(db, people[0], space_id, "Masqué par la modération")
    for colleague in people[1:6]:
        comments.add_comment(db, colleague, hidden.discussion_id, "Réponse")
    shown = make_post(db, people[1], space_id, "Visible")
    counted = comments.add_comment(db, people[2], shown.discussion_id, "Utile")
    for colleague in people[3:6]:
        reply = comments.add_comment(db, colleague, shown.discussion_id, "Hors sujet",
                                     parent_id=counted.id)
        db.execute(update(Comment).where(Comment.id == reply.id).values(hidden_at=utcnow()))
    db.execute(update(Post).where(Post.id == hidden.id).values(hidden_at=utcnow()))
    db.commit()

    assert feed_ids(db, people[8], utcnow()) == [shown.id]
    assert [(r.post.id, r.engagement) for r in strongest_contributions(db, people[8])] == \
        [(shown.id, Engagement(0, 1))]
    assert [(a.person.id, a.score) for a in ambassadors(db, people[8])] == \
        [(people[1].user_id, 3)]


def test_engagement_older_than_the_window_does_not_count(db, office):
    firm, people, space_id = office
    old = make_post(db, people[0], space_id, "Le mois dernier")
    for colleague in people[1:6]:
        reactions.react(db, colleague, old.discussion_id, "like")
    now = utcnow()
    written_ago(db, old.id, timedelta(days=10), now)

    assert strongest_contributions(db, people[7], now=now) == []
    assert [a.person.id for a in ambassadors(db, people[7], now=now)] == [people[0].user_id]
    assert ambassadors(db, people[7], days=7, now=now) == []
