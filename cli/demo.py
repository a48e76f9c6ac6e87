"""`python main.py seed-demo`: the demo firm, through the real services."""

from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cli import demo_firm as firm
from core.clock import utcnow
from core.config import load_settings
from core.runtime import Runtime
from social.actor import Actor
from social.models import Comment, Post, Tenant, User
from social.services import comments, files, people, posts, profiles, reactions, spaces
from social.views import FileRef


@click.command("seed-demo", help="Seed Atelier Lumière, a French demo firm of 8 people.")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no firm yet.")
def seed_demo(if_empty: bool) -> None:
    runtime = Runtime.build(load_settings())
    with runtime.database.system_session() as db:
        if db.scalar(select(func.count()).select_from(Tenant)):
            if if_empty:
                click.echo("The database already holds a firm: nothing seeded.")
                return
            if db.scalar(select(Tenant.id).where(Tenant.domain == firm.DOMAIN)):
                raise click.ClickException(f"{firm.DOMAIN} is already seeded.")
    steps = len(firm.PEOPLE) + len(firm.SPACES) + len(firm.POSTS) + len(firm.COMMENTS) + \
        len(firm.REACTIONS) + len(firm.FILE_COMMENTS) + len(firm.FILE_REACTIONS)
    with click.progressbar(length=steps, label="Seeding Atelier Lumière") as progress:
        seed(runtime, progress.update)
    click.echo(f"Seeded {firm.FIRM_NAME} ({firm.DOMAIN}): {len(firm.PEOPLE)} people, "
               f"{len(firm.SPACES)} spaces, {len(firm.POSTS)} posts.")


def seed(runtime: Runtime, advance=lambda n: None) -> dict[str, Actor]:
    """Seeds the demo firm; returns its people's actors by handle."""
    with runtime.database.session(write=True) as db:
        actors = _people(db, advance)
        space_ids = _spaces(db, actors, advance)
        post_ids = _posts(db, actors, space_ids, advance)
        _post_comments(db, actors, post_ids, advance)
        _file_discussions(db, actors, advance)
        _backdate(db, actors)
    return actors


def _people(db: Session, advance) -> dict[str, Actor]:
    actors = {}
    for handle, name, job, site, skills, passions in firm.PEOPLE:
        identity = people.Identity(subject=f"demo-{handle}", email=f"{handle}@{firm.DOMAIN}",
                                   domain=firm.DOMAIN, name=name)
        user = people.enroll_user(db, identity, language="fr")
        actor = Actor.of(user)
        profiles.update_profile(db, actor, job_title=job, site=site, skills=skills,
                                passions=passions)
        actors[handle] = actor
        advance(1)
    tenant = db.scalar(select(Tenant).where(Tenant.domain == firm.DOMAIN))
    tenant.name = firm.FIRM_NAME
    db.commit()
    return actors


def _spaces(db: Session, actors: dict[str, Actor], advance) -> dict[str, int]:
    ids = {}
    for key, name, description, kind, visibility, owner, members in firm.SPACES:
        space = spaces.create_space(db, actors[owner], name=name, description=description,
                                    kind=kind, visibility=visibility)
        invited = [handle for handle, *_ in firm.PEOPLE] if members == "*" else members
        for handle in invited:
            if handle != owner:
                spaces.invite_member(db, actors[owner], space.id, actors[handle].user_id)
        ids[key] = space.id
        advance(1)
    spaces.set_member_role(db, actors["hugo.bernard"], ids["projets"],
                           actors["louis.lefevre"].user_id, "moderator")
    return ids


def _file(key: str) -> FileRef:
    google_id, title, mime = firm.FILES[key]
    return FileRef(google_id=google_id, title=title, mime_type=mime,
                   url=f"https://drive.google.com/file/d/{google_id}/view")


def _posts(db: Session, actors, space_ids, advance) -> dict[str, int]:
    ids = {}
    for key, space, author, body, attached in firm.POSTS:
        view = posts.create_post(db, actors[author], space_ids[space], body,
                                 [_file(name) for name in attached])
        ids[key] = view.id
        advance(1)
    posts.set_featured(db, actors["lea.martin"], ids["reemploi"], True)
    posts.set_pinned(db, actors["lea.martin"], ids["bienvenue"], True)
    return ids


def _post_comments(db: Session, actors, post_ids, advance) -> None:
    written: dict[str, list[int]] = {}
    for key, author, body, reply_to in firm.COMMENTS:
        post = posts.get_post(db, actors[author], post_ids[key])
        thread = written.setdefault(key, [])
        parent = thread[reply_to] if reply_to is not None else None
        thread.append(comments.add_comment(db, actors[author], post.discussion_id, body,
                                           parent).id)
        advance(1)
    for key, who, kind in firm.REACTIONS:
        for handle in who:
            post = posts.get_post(db, actors[handle], post_ids[key])
            reactions.react(db, actors[handle], post.discussion_id, kind)
        advance(1)


def _file_discussions(db: Session, actors, advance) -> None:
    written: dict[str, list[int]] = {}
    for key, author, body, reply_to in firm.FILE_COMMENTS:
        thread = written.setdefault(key, [])
        parent = thread[reply_to] if reply_to is not None else None
        thread.append(files.comment_on_file(db, actors[author], _file(key), body, parent).id)
        advance(1)
    for key, who, kind in firm.FILE_REACTIONS:
        for handle in who:
            files.react_to_file(db, actors[handle], _file(key), kind)
        advance(1)


def _backdate(db: Session, actors: dict[str, Actor]) -> None:
    """Spread the demo over the past fortnight, so feeds and dates look lived-in."""
    tenant_id = next(iter(actors.values())).tenant_id
    now = utcnow()
    post_rows = db.scalars(select(Post).where(Post.tenant_id == tenant_id)
                           .order_by(Post.id)).all()
    started = {}
    for age, post in enumerate(reversed(post_rows)):
        post.created_at = now - timedelta(days=age * 1.5, hours=2)
        started[post.discussion_id] = post.created_at
    for rank, comment in enumerate(db.scalars(select(Comment).where(
            Comment.tenant_id == tenant_id).order_by(Comment.id))):
        start = started.get(comment.discussion_id, now - timedelta(days=1))
        comment.created_at = start + timedelta(minutes=25 * (rank % 5 + 1))
    for user in db.scalars(select(User).where(User.tenant_id == tenant_id)):
        user.created_at = now - timedelta(days=30)
    db.commit()
