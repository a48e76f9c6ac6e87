"""One-click sign-in as any demo person: development only, from this machine only."""

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from server.runtime import current_runtime
from social.models import Tenant, User
from web.auth.session import safe_next, sign_in_session
from web.dev import dev_blueprint

blueprint = dev_blueprint("dev_sign_in", __name__, url_prefix="/dev/sign-in")


@blueprint.get("/")
def choose():
    with current_runtime().database.system_session(write=False) as db:
        people = db.execute(select(User.id, User.name, User.email, User.role, Tenant.name)
                            .join(Tenant, Tenant.id == User.tenant_id)
                            .where(User.is_active.is_(True))
                            .order_by(Tenant.name, User.name_folded).limit(300)).all()
    return render_template("dev/sign_in.html", people=people,
                           next=safe_next(request.args.get("next")))


@blueprint.post("/")
def sign_in():
    user_id = request.form.get("user", type=int)
    with current_runtime().database.system_session(write=False) as db:
        user = db.scalar(select(User).where(User.id == user_id, User.is_active.is_(True)))
        if user is None:
            return redirect(url_for(".choose"))
        sign_in_session(user)
    return redirect(safe_next(request.form.get("next")))
