"""Reacting and commenting: each answers the fragment it changed when asked by app.js,
and redirects back (Post/Redirect/Get) for a browser without JS."""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for

from core.ids import parse_id
from server.db_session import request_db
from server.rate_limits import limited
from social.errors import InvalidInput
from social.services import comments, threads
from social.services.screens import post_screen
from web.auth.session import current_actor, signed_in
from web.forms import (back_to, errors_of, form_values, fragment_or_redirect, varying,
                       wants_fragment)

blueprint = Blueprint("discussions", __name__)


@blueprint.post("/posts/<int:post_id>/reactions")
@signed_in
@limited("reaction")
def react(post_id: int):
    """`reaction` is "kind:on" or "kind:off": the state asked for, not a toggle."""
    kind, _, state = request.form.get("reaction", "").partition(":")
    if state not in ("on", "off"):
        raise InvalidInput(field="reaction")
    reactions = threads.set_reaction(request_db(), current_actor(), post_id, kind, state == "on")
    return fragment_or_redirect("posts/_reactions.html", url_for("posts.page", post_id=post_id),
                                reaction_post_id=post_id, reactions=reactions)


@blueprint.post("/posts/<int:post_id>/comments")
@signed_in
@limited("comment")
def comment(post_id: int):
    form = form_values("body", "parent_id")
    parent_id = parse_id(form["parent_id"])
    try:
        added = threads.comment_on_post(request_db(), current_actor(), post_id, form["body"],
                                        parent_id)
    except InvalidInput as error:
        return _refused_comment(post_id, parent_id, form, errors_of(error))
    if wants_fragment():
        return varying(make_response(render_template("posts/_comment_added.html",
                                                     comment=added, post_id=post_id)))
    return redirect(url_for("posts.page", post_id=post_id, _anchor=f"comment-{added.id}"),
                    code=303)


def _refused_comment(post_id: int, parent_id: int | None, form: dict, errors: dict):
    """The form again with what was typed and why it was refused: in place for app.js, or
    the post's page with that form open."""
    if wants_fragment():
        context = dict(post_id=post_id, parent_id=parent_id, form=form, errors=errors)
        if parent_id:
            return render_template("posts/_reply_slot.html", open=True, **context)
        return render_template("posts/_comment_new.html", **context)
    screen = post_screen(request_db(), current_actor(), post_id)
    failed = {"parent_id": parent_id, "form": form, "errors": errors}
    return render_template("posts/page.html", screen=screen, failed=failed), 400


@blueprint.post("/comments/<int:comment_id>/edit")
@signed_in
@limited("comment")
def edit_comment(comment_id: int):
    form = form_values("body")
    post_id = parse_id(request.form.get("post_id"))
    # The reply form links to its post: without a (valid) post_id the comment is shown
    # without it rather than failing to build that link.
    can_reply = post_id is not None
    try:
        edited = comments.edit_comment(request_db(), current_actor(), comment_id, form["body"])
    except InvalidInput as error:
        if wants_fragment():
            view = comments.get_comment(request_db(), current_actor(), comment_id)
            return render_template("posts/_comment.html", comment=view, post_id=post_id,
                                   can_reply=can_reply, may_edit=True, may_delete=True, names={},
                                   failed={"editing": comment_id, "form": form,
                                           "errors": errors_of(error)})
        return render_template("posts/comment_edit.html", comment_id=comment_id,
                               post_id=post_id, form=form, errors=errors_of(error)), 400
    return fragment_or_redirect("posts/_comment.html", "/", comment=edited, post_id=post_id,
                                can_reply=can_reply, may_edit=True, may_delete=True, names={})


@blueprint.post("/comments/<int:comment_id>/delete")
@signed_in
def delete_comment(comment_id: int):
    comments.delete_comment(request_db(), current_actor(), comment_id)
    depth = request.form.get("depth", 0, type=int)
    return fragment_or_redirect("posts/_comment_deleted.html", back_to("/"),
                                comment_id=comment_id, level=max(0, min(depth, 4)))
