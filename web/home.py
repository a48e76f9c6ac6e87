"""The landing page."""

from flask import Blueprint, render_template

blueprint = Blueprint("home", __name__, template_folder="templates")


@blueprint.get("/")
def index():
    return render_template("home/landing.html")
