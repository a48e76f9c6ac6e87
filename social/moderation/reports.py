"""Reporting a post or a comment, and the queue the moderators work from.

Anyone who reads a post or a comment may report it, with a reason. The queue
shows one case per reported content (however many people reported it), to the
moderators and owners of its space, and to the firm's admins (who also see the
Drive file discussions). Like everything else, an admin's queue covers the
spaces they read: a secret space is moderated by its own moderators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from core.i18n import N_
from core.text import clean_block
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.models import (Comment, DriveFile, Membership, Post, Report, ReportReason,
                           ReportStatus, Space, SpaceRole, User)
from social.notifications.text import plain_excerpt
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.services.access import load_comment, load_post
from social.services.assemble import person_ref, space_ref
from social.services.feeds import readable_space_ids
from social.views import PersonRef, SpaceRef

DETAILS_LENGTH = 1000
MAX_NOTES = 10  # reporters' words shown per case
QUEUE_TABS = (ReportStatus.OPEN, ReportStatus.HIDDEN)


@dataclass(frozen=True)
class ReportedContent:
    kind: str  # "post" or "comment"
    post_id: int | None
    comment_id: int | None
    author: PersonRef
    space: SpaceRef | None  # None for a comment on a Drive file
    file_title: str | None
    excerpt: str
    body_html: str
    created_at: datetime
    hidden: bool

    @property
    def link(self) -> str | None:
        if self.post_id is None:
            return None
        return f"/posts/{self.post_id}" + (f"#comment-{self.comment_id}"
                                           if self.comment_id else "")


@dataclass(frozen=True)
class Case:
    """A reported content and the reports on it; `report_id` names it in decisions."""

    report_id: int
    content: ReportedContent
    status: str
    reasons: tuple[str, ...]
    notes: tuple[str, ...]  # what reporters wrote, newest first
    report_count: int
    reported_at: datetime   # the latest report


def report_target(db: Session, actor: Actor, *, post_id: int | None = None,
                  comment_id: int | None = None) -> ReportedContent:
    """The content the actor wants to report, as they see it (for the report form)."""
    post, comment = _target(db, actor, post_id, comment_id)
    return _contents(db, actor, [(post, comment)])[0]


def report_content(db: Session, actor: Actor, *, post_id: int | None = None,
                   comment_id: int | None = None, reason: str = "",
                   details: str = "") -> ReportedContent:
    """Flags a post or comment the actor reads; reporting it again changes nothing."""
    post, comment = _target(db, actor, post_id, comment_id)
    author_id = comment.author_id if comment is not None else post.author_id
    if author_id == actor.user_id:
        raise InvalidInput(N_("This is your own text: you can edit or delete it instead."),
                           field="reason")
    if reason not in set(ReportReason):
        raise InvalidInput(N_("Choose a reason."), field="reason")
    details = clean_block(details if isinstance(details, str) else "")
    if len(details) > DETAILS_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="details", limit=DETAILS_LENGTH)
    if reason == ReportReason.OTHER and not details:
        raise InvalidInput(N_("Say in a few words what is wrong."), field="details")
    if not _already_reported(db, actor, post, comment):
        db.add(Report(tenant_id=actor.tenant_id, reporter_id=actor.user_id,
                      post_id=None if comment is not None else post.id,
                      comment_id=comment.id if comment is not None else None,
                      space_id=post.space_id if post is not None else None,
                      reason=reason, details=details))
        db.commit()
    return _contents(db, actor, [(post, comment)])[0]


def _target(db: Session, actor: Actor, post_id: int | None,
            comment_id: int | None) -> tuple[Post | None, Comment | None]:
    if (post_id is None) == (comment_id is None):
        raise InvalidInput(N_("Choose a post or a comment to report."), field="target")
    if comment_id is not None:
        comment, discussion = load_comment(db, actor, comment_id)
        if comment.deleted_at is not None:
            raise InvalidInput(N_("This comment was deleted."), field="target")
        return discussion.post, comment
    post, _ = load_post(db, actor, post_id)
    return post, None


def _already_reported(db: Session, actor: Actor, post: Post | None,
                      comment: Comment | None) -> bool:
    return db.scalar(select(Report.id).where(
        Report.tenant_id == actor.tenant_id, Report.reporter_id == actor.user_id,
        Report.status == ReportStatus.OPEN, _same_target(post, comment)).limit(1)) is not None


def _same_target(post: Post | None, comment: Comment | None) -> ColumnElement[bool]:
    if comment is not None:
        return Report.comment_id == comment.id
    return Report.post_id == post.id


def in_scope(db: Session, actor: Actor) -> ColumnElement[bool]:
    """The reports the actor moderates: their spaces', and for admins every space they
    read and the Drive file discussions."""
    if actor.is_admin:
        readable = readable_space_ids(actor).subquery()
        return Report.space_id.in_(select(readable.c[0])) | Report.space_id.is_(None)
    moderated = list(db.scalars(select(Membership.space_id).where(
        Membership.user_id == actor.user_id, Membership.tenant_id == actor.tenant_id,
        Membership.role.in_([SpaceRole.OWNER, SpaceRole.MODERATOR]))))
    return Report.space_id.in_(moderated) if moderated else false()


def open_case_count(db: Session, actor: Actor) -> int:
    """How many reported contents await the actor's decision (the navigation badge)."""
    require_active(actor)
    if actor.is_guest:
        return 0
    cases = (select(Report.post_id, Report.comment_id)
             .where(Report.tenant_id == actor.tenant_id, Report.status == ReportStatus.OPEN,
                    in_scope(db, actor))
             .group_by(Report.post_id, Report.comment_id).subquery())
    return db.scalar(select(func.count()).select_from(cases))


def moderation_queue(db: Session, actor: Actor, *, status: str = ReportStatus.OPEN,
                     cursor: str | None = None, limit: int | None = None) -> Page[Case]:
    """Reported contents awaiting a decision (`open`), or hidden ones (`hidden`), the most
    recently reported first."""
    require_active(actor)
    if status not in QUEUE_TABS:
        raise InvalidInput(field="status")
    limit = page_size(limit)
    latest = func.max(Report.id)
    statement = (select(latest, func.count())
                 .where(Report.tenant_id == actor.tenant_id, Report.status == status,
                        in_scope(db, actor) if not actor.is_guest else false())
                 .group_by(Report.post_id, Report.comment_id))
    key = decode_cursor(cursor, int)
    if key:
        statement = statement.having(latest < key[0])
    rows, more = cut(db.execute(statement.order_by(latest.desc()).limit(limit + 1)).all(),
                     limit)
    cases = _cases(db, actor, [(report_id, count) for report_id, count in rows], status)
    return Page(cases, encode_cursor(rows[-1][0]) if more else None)


def _cases(db: Session, actor: Actor, latest: list[tuple[int, int]], status: str) -> list[Case]:
    if not latest:
        return []
    heads = {r.id: r for r in db.scalars(select(Report).where(
        Report.id.in_([report_id for report_id, _ in latest]),
        Report.tenant_id == actor.tenant_id))}
    ordered = [heads[report_id] for report_id, _ in latest]
    contents = _contents(db, actor, _targets(db, actor, ordered))
    notes = _notes(db, actor, ordered, status)
    return [Case(report_id=head.id, content=content, status=status,
                 reasons=notes[_key(head)][0], notes=notes[_key(head)][1], report_count=count,
                 reported_at=head.created_at)
            for head, (_, count), content in zip(ordered, latest, contents)]


def _key(report: Report) -> tuple[int | None, int | None]:
    return report.post_id, report.comment_id


def _targets(db: Session, actor: Actor,
             reports: list[Report]) -> list[tuple[Post | None, Comment | None]]:
    """The post or comment each report is about; a comment comes with its post, if any."""
    comments = _by_id(db, actor, Comment, {r.comment_id for r in reports if r.comment_id})
    posts = db.scalars(select(Post).where(Post.tenant_id == actor.tenant_id, or_(
        Post.id.in_({r.post_id for r in reports if r.post_id}),
        Post.discussion_id.in_({c.discussion_id for c in comments.values()})))).all()
    by_id = {post.id: post for post in posts}
    by_discussion = {post.discussion_id: post for post in posts}
    return [(by_id[r.post_id], None) if r.post_id else
            (by_discussion.get(comments[r.comment_id].discussion_id), comments[r.comment_id])
            for r in reports]


def _notes(db: Session, actor: Actor, heads: list[Report],
           status: str) -> dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each case, the distinct reasons given and the reporters' words, newest first."""
    reports = db.scalars(select(Report).where(
        Report.tenant_id == actor.tenant_id, Report.status == status, or_(
            Report.post_id.in_({h.post_id for h in heads if h.post_id}),
            Report.comment_id.in_({h.comment_id for h in heads if h.comment_id})))
        .order_by(Report.id.desc())).all()
    grouped: dict[tuple, list[Report]] = {_key(head): [] for head in heads}
    for report in reports:
        grouped.setdefault(_key(report), []).append(report)
    return {key: (tuple(dict.fromkeys(r.reason for r in found)),
                  tuple(r.details for r in found if r.details)[:MAX_NOTES])
            for key, found in grouped.items()}


def _contents(db: Session, actor: Actor,
              targets: list[tuple[Post | None, Comment | None]]) -> list[ReportedContent]:
    authors = _by_id(db, actor, User, {(c or p).author_id for p, c in targets})
    spaces = _by_id(db, actor, Space, {p.space_id for p, _ in targets if p is not None})
    files = {f.discussion_id: f.title for f in db.scalars(select(DriveFile).where(
        DriveFile.tenant_id == actor.tenant_id,
        DriveFile.discussion_id.in_({c.discussion_id for p, c in targets
                                     if p is None and c is not None})))}
    contents = []
    for post, comment in targets:
        text = comment if comment is not None else post
        contents.append(ReportedContent(
            kind="comment" if comment is not None else "post",
            post_id=post.id if post is not None else None,
            comment_id=comment.id if comment is not None else None,
            author=person_ref(authors[text.author_id]),
            space=space_ref(spaces[post.space_id]) if post is not None else None,
            file_title=files.get(comment.discussion_id) if post is None else None,
            excerpt=plain_excerpt(text.body_md), body_html=text.body_html,
            created_at=text.created_at, hidden=text.hidden_at is not None))
    return contents


def _by_id(db: Session, actor: Actor, model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.scalars(select(model).where(
        model.id.in_(ids), model.tenant_id == actor.tenant_id))}
