"""Liveness and readiness for load balancers and the process supervisor."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.runtime import current_runtime

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    try:
        with current_runtime().database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable"), 503, {"Retry-After": "5"}
    return jsonify(status="ok")
