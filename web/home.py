"""The landing page and the site icon."""

from flask import Blueprint, current_app, render_template

blueprint = Blueprint("home", __name__, template_folder="templates")


@blueprint.get("/")
def index():
    return render_template("home/landing.html")


@blueprint.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.png")
