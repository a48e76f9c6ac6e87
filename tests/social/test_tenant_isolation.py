"""A firm never sees nor touches another firm's things, whatever ids it sends.

Two firms, A and B. A has spaces of every visibility, a post with a file, a
hashtag and a mention, a thread of comments, reactions, a discussed Drive file,
a pending join request and people with profiles. B's admin (the most powerful
person of B) then calls every service function of social/services with A's ids.

Each call must answer NotFound, exactly as for an id that does not exist, and
leave every row of A as it was. Calls keyed by something that is not one of A's
objects (a Drive file id, a hashtag, a search) must answer with B's own things
only. A last test checks that this table names every service function, so a new
one cannot be added without saying how it keeps firms apart.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Callable

import pytest

from social.actor import Actor
from social.errors import NotFound
from social.models import Visibility
from social.services import (access, assemble, audit, comments, feeds, files, overviews, people,
                             posts, profiles, publishing, reactions, spaces, writing)
from social.views import FileRef, PostView
from tests.factories import (drive_file, make_firm, make_person, make_post, make_space,
                             user_row)
from tests.social.conftest import building_session, tenant_rows


@dataclass(frozen=True)
class FirmA:
    tenant_id: int
    admin: Actor
    member: Actor
    member_handle: str
    requester: Actor
    space_ids: dict[str, int]
    post: PostView
    comment_id: int
    reply_id: int
    file: FileRef
    file_discussion_id: int
    file_comment_id: int


@dataclass(frozen=True)
class FirmB:
    tenant_id: int
    admin: Actor
    member: Actor
    space_id: int
    post: PostView


@dataclass(frozen=True)
class World:
    a: FirmA
    b: FirmB


@pytest.fixture(scope="module")
def world(module_database) -> World:
    with building_session(module_database) as db:
        firm = make_firm(db, "firm-a.fr", "Alice Admin")
        lea = make_person(db, firm, "Léa Martin")
        paul = make_person(db, firm, "Paul Petit")
        space_ids = {str(visibility): make_space(db, firm.admin, f"A {visibility}",
                                                 visibility=visibility, members=(lea,))
                     for visibility in Visibility}
        public = space_ids["public"]
        spaces.join_space(db, paul, space_ids["private"])  # a pending join request
        plan = drive_file("shared-plan", "Plan.pdf")
        post = make_post(db, lea, public, "Réunion #réunion avec @alice.admin", (plan,))
        comment = comments.add_comment(db, firm.admin, post.discussion_id, "Noted @lea.martin")
        reply = comments.add_comment(db, lea, post.discussion_id, "Thanks", comment.id)
        comments.edit_comment(db, lea, reply.id, "Thanks!")
        posts.edit_post(db, lea, post.id, "Réunion #réunion avec @alice.admin demain")
        reactions.react(db, firm.admin, post.discussion_id, "like")
        posts.set_pinned(db, firm.admin, post.id, True)
        file_comment = files.comment_on_file(db, lea, plan, "Page 3 is wrong")
        files.react_to_file(db, firm.admin, plan)
        profiles.update_profile(db, lea, job_title="Architecte", skills=["Revit"],
                                passions=["Théâtre"])
        a = FirmA(tenant_id=firm.tenant_id, admin=firm.admin, member=lea,
                  member_handle=user_row(db, lea).handle, requester=paul, space_ids=space_ids,
                  post=posts.get_post(db, lea, post.id), comment_id=comment.id,
                  reply_id=reply.id, file=plan, file_discussion_id=file_comment.discussion_id,
                  file_comment_id=file_comment.id)

        firm_b = make_firm(db, "firm-b.fr", "Bob Boss")
        zoe = make_person(db, firm_b, "Zoé Durand")
        b_space = make_space(db, firm_b.admin, "A public", members=(zoe,))
        b_post = make_post(db, zoe, b_space, "Chez nous aussi, #réunion")
        b = FirmB(tenant_id=firm_b.tenant_id, admin=firm_b.admin, member=zoe, space_id=b_space,
                  post=b_post)
    return World(a, b)


@dataclass(frozen=True)
class Call:
    name: str  # module.function in social/services
    run: Callable[[object, FirmA, FirmB], object]
    what: str


def call(name: str, what: str, run) -> pytest.param:
    return pytest.param(Call(name, run, what), id=f"{name}({what})")


PUBLIC = "public"


def for_each_space(name: str, run) -> list:
    """The same call on each of A's spaces: public, private and secret."""
    return [call(name, f"A's {visibility} space",
                 lambda db, a, b, visibility=str(visibility):
                 run(db, a, b, a.space_ids[visibility]))
            for visibility in Visibility]

# B's admin calls each of these with A's ids: each must be NotFound.
NOT_FOUND_CALLS = [
    # spaces: each of A's spaces, public, private and secret
    *for_each_space("spaces.get_space", lambda db, a, b, space:
                    spaces.get_space(db, b.admin, space)),
    *for_each_space("spaces.list_members", lambda db, a, b, space:
                    spaces.list_members(db, b.admin, space)),
    *for_each_space("spaces.join_space", lambda db, a, b, space:
                    spaces.join_space(db, b.admin, space)),
    *for_each_space("spaces.leave_space", lambda db, a, b, space:
                    spaces.leave_space(db, b.admin, space)),
    *for_each_space("spaces.invite_member", lambda db, a, b, space:
                    spaces.invite_member(db, b.admin, space, b.member.user_id)),
    *for_each_space("spaces.invite_guest", lambda db, a, b, space:
                    spaces.invite_guest(db, b.admin, space, email="spy@b.example")),
    *for_each_space("spaces.list_join_requests", lambda db, a, b, space:
                    spaces.list_join_requests(db, b.admin, space)),
    *for_each_space("spaces.answer_join_request", lambda db, a, b, space:
                    spaces.answer_join_request(db, b.admin, space, a.requester.user_id,
                                               accept=True)),
    *for_each_space("spaces.remove_member", lambda db, a, b, space:
                    spaces.remove_member(db, b.admin, space, a.member.user_id)),
    *for_each_space("spaces.set_member_role", lambda db, a, b, space:
                    spaces.set_member_role(db, b.admin, space, a.member.user_id, "owner")),
    *for_each_space("spaces.rename_space", lambda db, a, b, space:
                    spaces.rename_space(db, b.admin, space, name="Pwned")),
    *for_each_space("spaces.set_space_archived", lambda db, a, b, space:
                    spaces.set_space_archived(db, b.admin, space, True)),
    *for_each_space("posts.create_post", lambda db, a, b, space:
                    posts.create_post(db, b.admin, space, "Hello from B")),
    *for_each_space("feeds.space_feed", lambda db, a, b, space:
                    feeds.space_feed(db, b.admin, space)),
    *for_each_space("feeds.pinned_posts", lambda db, a, b, space:
                    feeds.pinned_posts(db, b.admin, space)),
    *for_each_space("overviews.space_overview", lambda db, a, b, space:
                    overviews.space_overview(db, b.admin, space)),
    *for_each_space("publishing.publish_files", lambda db, a, b, space:
                    publishing.publish_files(db, b.admin, space, "Hi", [a.file], [],
                                             confirmed=True)),
    *for_each_space("access.load_space", lambda db, a, b, space:
                    access.load_space(db, b.admin, space)),
    # A's people, through B's own space
    call("spaces.invite_member", "A's person into B's space", lambda db, a, b:
         spaces.invite_member(db, b.admin, b.space_id, a.member.user_id)),
    call("spaces.answer_join_request", "A's requester in B's space", lambda db, a, b:
         spaces.answer_join_request(db, b.admin, b.space_id, a.requester.user_id,
                                    accept=True)),
    call("spaces.remove_member", "A's person from B's space", lambda db, a, b:
         spaces.remove_member(db, b.admin, b.space_id, a.member.user_id)),
    call("spaces.set_member_role", "A's person in B's space", lambda db, a, b:
         spaces.set_member_role(db, b.admin, b.space_id, a.member.user_id, "owner")),
    # posts
    call("posts.get_post", "A's post", lambda db, a, b:
         posts.get_post(db, b.admin, a.post.id)),
    call("posts.edit_post", "A's post", lambda db, a, b:
         posts.edit_post(db, b.admin, a.post.id, "Edited by B")),
    call("posts.post_history", "A's post", lambda db, a, b:
         posts.post_history(db, b.admin, a.post.id)),
    call("posts.delete_post", "A's post", lambda db, a, b:
         posts.delete_post(db, b.admin, a.post.id)),
    call("posts.set_pinned", "A's post", lambda db, a, b:
         posts.set_pinned(db, b.admin, a.post.id, False)),
    call("posts.set_featured", "A's post", lambda db, a, b:
         posts.set_featured(db, b.admin, a.post.id, True)),
    # comments
    call("comments.add_comment", "on A's post", lambda db, a, b:
         comments.add_comment(db, b.admin, a.post.discussion_id, "Hi")),
    call("comments.add_comment", "on A's file", lambda db, a, b:
         comments.add_comment(db, b.admin, a.file_discussion_id, "Hi")),
    call("comments.add_comment", "replying in B to A's comment", lambda db, a, b:
         comments.add_comment(db, b.admin, b.post.discussion_id, "Hi", a.comment_id)),
    call("comments.list_comments", "of A's post", lambda db, a, b:
         comments.list_comments(db, b.admin, a.post.discussion_id)),
    call("comments.list_comments", "of A's file", lambda db, a, b:
         comments.list_comments(db, b.admin, a.file_discussion_id)),
    call("comments.get_comment", "A's comment", lambda db, a, b:
         comments.get_comment(db, b.admin, a.reply_id)),
    call("comments.edit_comment", "A's comment", lambda db, a, b:
         comments.edit_comment(db, b.admin, a.reply_id, "Edited by B")),
    call("comments.comment_history", "A's comment", lambda db, a, b:
         comments.comment_history(db, b.admin, a.reply_id)),
    call("comments.delete_comment", "A's comment", lambda db, a, b:
         comments.delete_comment(db, b.admin, a.comment_id)),
    call("comments.delete_comment", "A's file comment", lambda db, a, b:
         comments.delete_comment(db, b.admin, a.file_comment_id)),
    # reactions
    call("reactions.react", "A's post", lambda db, a, b:
         reactions.react(db, b.admin, a.post.discussion_id, "like")),
    call("reactions.react", "A's file", lambda db, a, b:
         reactions.react(db, b.admin, a.file_discussion_id, "like")),
    call("reactions.unreact", "A's post", lambda db, a, b:
         reactions.unreact(db, b.admin, a.post.discussion_id, "like")),
    call("reactions.reactions_of", "A's post", lambda db, a, b:
         reactions.reactions_of(db, b.admin, a.post.discussion_id)),
    # screens and publishing
    call("overviews.thread_overview", "A's post", lambda db, a, b:
         overviews.thread_overview(db, b.admin, a.post.id)),
    # profiles and people
    call("profiles.get_profile", "A's person by id", lambda db, a, b:
         profiles.get_profile(db, b.admin, user_id=a.member.user_id)),
    call("profiles.get_profile", "A's person by handle", lambda db, a, b:
         profiles.get_profile(db, b.admin, handle=a.member_handle)),
    call("people.set_tenant_role", "A's person", lambda db, a, b:
         people.set_tenant_role(db, b.admin, a.member.user_id, "admin")),
    call("people.deactivate_user", "A's person", lambda db, a, b:
         people.deactivate_user(db, b.admin, a.member.user_id)),
    call("people.reactivate_user", "A's person", lambda db, a, b:
         people.reactivate_user(db, b.admin, a.member.user_id)),
    # the loaders every service goes through
    call("access.load_post", "A's post", lambda db, a, b:
         access.load_post(db, b.admin, a.post.id)),
    call("access.load_discussion", "A's post", lambda db, a, b:
         access.load_discussion(db, b.admin, a.post.discussion_id)),
    call("access.load_post_discussion", "A's post", lambda db, a, b:
         access.load_post_discussion(db, b.admin, a.post.id)),
    call("access.load_comment", "A's comment", lambda db, a, b:
         access.load_comment(db, b.admin, a.comment_id)),
    call("access.load_person", "A's person", lambda db, a, b:
         access.load_person(db, b.admin, a.member.user_id)),
]


@pytest.mark.parametrize("spec", NOT_FOUND_CALLS)
def test_a_user_of_another_firm_gets_not_found_and_changes_nothing(world, rolled_back_db, spec):
    db = rolled_back_db
    before = tenant_rows(db, world.a.tenant_id)

    with pytest.raises(NotFound):
        spec.run(db, world.a, world.b)

    assert tenant_rows(db, world.a.tenant_id) == before


# Calls keyed by something other than one of A's objects: B only ever meets its own.

def _only_b_in_listings(db, a, b):
    listed = {space.id for space in spaces.list_spaces(db, b.admin, limit=100).items}
    assert listed == {b.space_id}
    assert [post.id for post in feeds.home_feed(db, b.admin).items] == [b.post.id]
    assert {space_id for (space_id,) in db.execute(feeds.readable_space_ids(b.admin))} == \
        {b.space_id}


def _only_b_in_tag_feed(db, a, b):
    assert [post.id for post in feeds.tag_feed(db, b.admin, "réunion").items] == [b.post.id]


def _only_b_in_directory(db, a, b):
    names = {entry.person.name for entry in profiles.search_directory(db, b.admin).items}
    assert names == {"Bob Boss", "Zoé Durand"}
    assert profiles.search_directory(db, b.admin, query="léa").items == []
    assert profiles.search_directory(db, b.admin, skill="revit").items == []
    assert profiles.search_directory(db, b.admin, passion="théâtre").items == []


def _only_b_in_audit(db, a, b):
    entries = audit.list_audit(db, b.admin, limit=100).items
    assert entries and {entry.tenant_id for entry in entries} == {b.tenant_id}


def _a_file_is_a_new_file_to_b(db, a, b):
    assert access.load_file(db, b.admin, a.file.google_id) is None
    overview = files.file_overview(db, b.admin, a.file)
    assert overview.discussion_id is None and overview.comments.items == []
    assert overview.placements == () and overview.reactions.total == 0
    assert overview.comment_count == 0
    assert files.unreact_to_file(db, b.admin, a.file).total == 0


def _b_discusses_its_own_record_of_a_shared_drive_file(db, a, b):
    discussion_id = files.open_file_discussion(db, b.admin, a.file)
    comment = files.comment_on_file(db, b.admin, a.file, "Our copy")
    likes = files.react_to_file(db, b.admin, a.file)
    (record,) = files.record_files(db, b.admin, [FileRef(a.file.google_id, "Renamed by B")])
    post = posts.create_post(db, b.admin, b.space_id, "Same file", [a.file])
    assert discussion_id != a.file_discussion_id
    assert comment.discussion_id == discussion_id and record.tenant_id == b.tenant_id
    assert likes.total == 1 and likes.mine("like")
    assert [f.google_id for f in post.files] == [a.file.google_id]
    overview = files.file_overview(db, b.admin, a.file)
    assert [c.body_md for c in overview.comments.items] == ["Our copy"]
    assert [placement.post_id for placement in overview.placements] == [post.id]


def _a_handles_mean_nothing_to_b(db, a, b):
    assert writing.resolve_handles(db, b.admin, {a.member_handle, "alice.admin"}) == {}
    rendered = writing.render_text(db, b.admin, f"Hello @{a.member_handle}", 100)
    assert rendered.mentioned == () and "/people/" not in rendered.body_html
    preview = writing.preview_markdown(db, b.admin, f"Hello @{a.member_handle}")
    assert f"@{a.member_handle}" in preview and "/people/" not in preview


def _home_overview_shows_b_only(db, a, b):
    home = overviews.home_overview(db, b.admin)
    assert home.firm_name == "firm-b.fr"
    assert [post.id for post in home.feed.items] == [b.post.id]
    assert [space.id for space in home.spaces] == [b.space_id]


class _NobodyMayOpen:
    sharing_known = True

    def __init__(self, google_id: str) -> None:
        self.google_id = google_id

    def can_open(self, email: str) -> bool:
        return False


def _audience_gaps_name_nobody_of_a(db, a, b):
    gaps, unchecked = publishing.audience_gaps(db, b.admin, a.space_ids[PUBLIC], [a.file],
                                               [_NobodyMayOpen(a.file.google_id)])
    assert (gaps, unchecked) == ((), ())


def _a_ids_count_for_nothing_in_b(db, a, b):
    assert access.shares_a_space(db, b.admin, a.member.user_id) is False
    assert assemble.reactions_by_discussion(db, b.admin, [a.post.discussion_id]) == {}
    assert assemble.comment_counts(db, b.admin, [a.post.discussion_id]) == {}
    assert assemble.discussion_counts(db, b.admin, [a.post.discussion_id]) == ({}, {})
    assert assemble.files_by_post(db, b.admin, [a.post.id]) == {}
    writing.clear_references(db, b.admin, post_id=a.post.id)
    writing.clear_references(db, b.admin, comment_id=a.comment_id)


def own_things(check, *names: str) -> pytest.param:
    return pytest.param(check, names, id=", ".join(names))


OWN_THINGS_ONLY = [
    own_things(_only_b_in_listings, "spaces.list_spaces", "feeds.home_feed",
               "feeds.readable_space_ids"),
    own_things(_only_b_in_tag_feed, "feeds.tag_feed"),
    own_things(_only_b_in_directory, "profiles.search_directory"),
    own_things(_only_b_in_audit, "audit.list_audit"),
    own_things(_a_file_is_a_new_file_to_b, "access.load_file", "files.file_overview",
               "files.unreact_to_file"),
    own_things(_b_discusses_its_own_record_of_a_shared_drive_file,
               "files.open_file_discussion",
               "files.comment_on_file", "files.react_to_file", "files.record_files",
               "posts.create_post"),
    own_things(_home_overview_shows_b_only, "overviews.home_overview"),
    own_things(_audience_gaps_name_nobody_of_a, "publishing.audience_gaps"),
    own_things(_a_handles_mean_nothing_to_b, "writing.resolve_handles", "writing.render_text",
               "writing.preview_markdown"),
    own_things(_a_ids_count_for_nothing_in_b, "access.shares_a_space",
               "assemble.reactions_by_discussion", "assemble.comment_counts",
               "assemble.discussion_counts", "assemble.files_by_post", "writing.clear_references"),
]


@pytest.mark.parametrize("check, functions", OWN_THINGS_ONLY)
def test_a_user_of_another_firm_only_meets_their_own_firms_things(world, rolled_back_db, check,
                                                                  functions):
    db = rolled_back_db
    before = tenant_rows(db, world.a.tenant_id)

    check(db, world.a, world.b)

    assert tenant_rows(db, world.a.tenant_id) == before


# Service functions that take no id of anything existing: they act on the actor's own
# firm and person by construction, or trust a caller that has already checked access.
ACTOR_SCOPED = {
    "spaces.create_space", "profiles.update_profile", "people.update_preferences",
    "audit.record_audit",          # writes in the actor's tenant; callers check access first
    "writing.index_references",    # records for an already-loaded post or comment
    "assemble.post_views",         # turns rows its caller loaded into views
    # given a discussion their caller loaded for the actor (load_post_discussion, covered)
    "reactions.add_reaction", "reactions.remove_reaction", "overviews.discussed_post",
    "posts.write_post",            # given a space its caller loaded (load_space, covered)
}


# The modules of social/services this table speaks for. Every public function of theirs that
# takes an actor must appear above; a new module adds its functions and its name here.
COVERED_MODULES = ("access", "assemble", "audit", "comments", "feeds", "files", "oauth_flows",
                   "overviews", "people", "posts", "profiles", "publishing", "reactions",
                   "sign_in", "spaces", "writing")


def test_every_service_function_is_in_the_cross_firm_table():
    covered = {param.values[0].name for param in NOT_FOUND_CALLS}
    covered |= {name for param in OWN_THINGS_ONLY for name in param.values[1]}
    modules = [importlib.import_module(f"social.services.{name}") for name in COVERED_MODULES]
    taking_an_actor = {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
        and "actor" in inspect.signature(function).parameters
    }

    assert taking_an_actor - covered - ACTOR_SCOPED == set()
    assert (covered | ACTOR_SCOPED) - taking_an_actor == set()
