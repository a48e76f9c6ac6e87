"""A post's page and what its author and moderators do with it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from server.db_session import request_db
from server.rate_limits import limited
from social.drive_links import as_lines, parse_drive_links
from social.errors import InvalidInput
from social.services import posts
from social.services.screens import post_screen
from web.auth.session import current_actor, signed_in
from web.forms import back_to, errors_of, form_values, gettext, page_or_fragment

blueprint = Blueprint("posts", __name__, url_prefix="/posts")


@blueprint.get("/<int:post_id>")
@signed_in
def page(post_id: int):
    """The post and a page of its thread; `after` gives the next page of comments (the
    fragment reading.js asks for, or the whole page without JS)."""
    after = request.args.get("after")
    screen = post_screen(request_db(), current_actor(), post_id, cursor=after)
    return page_or_fragment("posts/page.html", "posts/_comments_batch.html", screen=screen,
                            comments_after=after)


@blueprint.get("/<int:post_id>/edit")
@signed_in
def edit(post_id: int):
    screen = post_screen(request_db(), current_actor(), post_id)
    if not screen.can_edit:
        abort(403)
    form = {"body": screen.post.body_md, "files": as_lines(screen.post.files)}
    return render_template("posts/edit.html", post=screen.post, form=form, errors={})


@blueprint.post("/<int:post_id>/edit")
@signed_in
@limited("post")
def save(post_id: int):
    form = form_values("body", "files")
    try:
        posts.edit_post(request_db(), current_actor(), post_id, form["body"],
                        parse_drive_links(form["files"]))
    except InvalidInput as error:
        post = posts.get_post(request_db(), current_actor(), post_id)
        return render_template("posts/edit.html", post=post, form=form,
                               errors=errors_of(error)), 400
    flash(gettext("Your changes are saved."), "success")
    return redirect(url_for("posts.page", post_id=post_id), code=303)


@blueprint.get("/<int:post_id>/history")
@signed_in
def history(post_id: int):
    revisions = posts.post_history(request_db(), current_actor(), post_id)
    return render_template("posts/history.html", post_id=post_id, revisions=revisions)


@blueprint.post("/<int:post_id>/delete")
@signed_in
def delete(post_id: int):
    posts.delete_post(request_db(), current_actor(), post_id)
    flash(gettext("The post is deleted."), "success")
    return redirect(back_to("/"), code=303)


@blueprint.post("/<int:post_id>/pin")
@signed_in
def pin(post_id: int):
    pinned = request.form.get("pinned") == "1"
    posts.set_pinned(request_db(), current_actor(), post_id, pinned)
    flash(gettext("The post is pinned to its space.") if pinned
          else gettext("The post is no longer pinned."), "success")
    return redirect(url_for("posts.page", post_id=post_id), code=303)


@blueprint.post("/<int:post_id>/feature")
@signed_in
def feature(post_id: int):
    featured = request.form.get("featured") == "1"
    posts.set_featured(request_db(), current_actor(), post_id, featured)
    flash(gettext("The post is featured: it comes first in feeds.") if featured
          else gettext("The post is no longer featured."), "success")
    return redirect(url_for("posts.page", post_id=post_id), code=303)
