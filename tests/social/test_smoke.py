from social.services import comments, feeds, reactions
from tests.factories import make_firm, make_person, make_post, make_space


def test_a_member_posts_and_a_colleague_comments_and_likes(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    space_id = make_space(db, firm.admin, "Général", members=(lea,))
    post = make_post(db, firm.admin, space_id, "Réunion demain #réunion @lea.martin")
    comments.add_comment(db, lea, post.discussion_id, "J'y serai")
    reactions.react(db, lea, post.discussion_id)

    page = feeds.home_feed(db, lea)

    assert [p.id for p in page.items] == [post.id]
    assert page.items[0].comment_count == 1
    assert page.items[0].reactions.count("like") == 1
    assert 'href="/people/lea.martin"' in page.items[0].body_html
