"""The admin's sharing figures as charts (with their tables), a paused network resumed, and
the audit log filtered by action and dates and exported as CSV that no spreadsheet runs."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from advocacy.models import Delivery, NetworkPause
from advocacy.services import sharing as sharing_service
from advocacy.services.pauses import pause_network
from social.models import AuditEntry
from social.services.audit import record_audit
from tests.web.advocacy.world import BASE_URL
from tests.web.conftest import form
from web.audit_export import safe_cell

FORMULAS = ("=1+2", "+33 1 23", "-cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=2", "\r=3")


def test_the_figures_are_charts_with_their_tables(signed_in, sharing, db):
    sharing_service.share_now(db, sharing.lea, sharing.approved_id, "x", base_url=BASE_URL)
    db.execute(update(Delivery).values(status="sent", sent_at=datetime.now(timezone.utc)))
    db.commit()

    page = signed_in(sharing.admin).get("/admin/sharing").get_data(True)

    assert page.count("<svg") == 5
    for title in ("Partages par semaine sur X", "Partages par semaine sur LinkedIn",
                  "Participation aux offres", "Clics par publication et par réseau",
                  "Publications les plus partagées"):
        assert title in page, title
    assert page.count('<table class="chart-table">') == 5
    assert "Notre guide de la rénovation est en ligne." in page  # the top post's table
    assert "1 partage" in page


def test_a_paused_network_is_shown_and_resumed(signed_in, sharing, db):
    pause_network(db, sharing.firm.tenant_id, "x", "402 Payment Required",
                  datetime.now(timezone.utc))
    db.commit()
    client = signed_in(sharing.admin)
    page = client.get("/admin/sharing").get_data(True)
    assert "X est en pause pour l’entreprise" in page and "402 Payment Required" in page

    client.post("/admin/sharing/pauses/x/resume", data=form())

    db.expire_all()
    assert db.scalar(select(NetworkPause.resumed_at)) is not None
    assert "X a repris" in client.get("/admin/sharing").get_data(True)
    assert signed_in(sharing.lea).post("/admin/sharing/pauses/x/resume",
                                       data=form()).status_code == 403


def test_the_audit_log_filters_by_action_and_dates(signed_in, sharing, db):
    old = db.scalar(select(AuditEntry).where(AuditEntry.action == "advocacy.rules.changed"))
    db.execute(update(AuditEntry).where(AuditEntry.id == old.id).values(
        created_at=datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)))
    db.commit()
    client = signed_in(sharing.admin)

    january = client.get("/admin/audit?since=2026-01-01&until=2026-01-31").get_data(True)
    assert "<code>advocacy.rules.changed</code>" in january
    assert "<code>advocacy.proposal.approved</code>" not in january
    assert 'value="2026-01-01"' in january
    approved = client.get("/admin/audit?action=advocacy.proposal.approved").get_data(True)
    assert "advocacy.proposal.approved</code>" in approved
    assert "advocacy.rules.changed</code>" not in approved
    wrong = client.get("/admin/audit?since=hier")
    assert wrong.status_code == 200
    assert "Écrivez la date sous la forme AAAA-MM-JJ." in wrong.get_data(True)


def test_the_csv_export_neutralises_formulas(signed_in, sharing, db):
    for text in FORMULAS:
        record_audit(db, sharing.admin, "advocacy.proposal.rejected", "proposal",
                     sharing.proposed_id, reason=text)
    record_audit(db, sharing.admin, "=HYPERLINK(\"http://evil\")", "+cmd", "-1", note="ok")
    db.commit()

    response = signed_in(sharing.admin).get("/admin/audit.csv")

    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="comptoir-audit-')
    text = response.get_data(True)
    assert text.startswith("\ufeffid,when_utc,actor_id,actor,action")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    evil = next(row for row in rows if "HYPERLINK" in row[4])
    assert evil[4] == "'=HYPERLINK(\"http://evil\")" and evil[5] == "'+cmd" and evil[6] == "'-1"
    reasons = [row[7] for row in rows if row[4] == "advocacy.proposal.rejected"]
    assert len(reasons) == len(FORMULAS)  # JSON details start with "{": kept as they are


def test_the_csv_export_follows_the_filters_and_every_page(signed_in, sharing, db):
    for index in range(130):
        record_audit(db, sharing.admin, "test.bulk", "thing", index)
    db.commit()

    text = signed_in(sharing.admin).get("/admin/audit.csv?action=test.bulk").get_data(True)

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert len(rows) == 130 and {row[4] for row in rows} == {"test.bulk"}
    assert [int(row[6]) for row in rows] == list(range(129, -1, -1))


def test_a_cell_is_made_inert_only_when_it_would_run():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=1") == "'\t=1" and safe_cell("-2") == "'-2"
    assert safe_cell("Léa = admin") == "Léa = admin" and safe_cell(None) == ""
    assert safe_cell(12) == "12"


def test_dates_bound_the_period_in_the_admins_time_zone():
    from web.audit_export import audit_period

    period = audit_period("2026-03-29", "2026-03-29", "Europe/Paris")  # the clocks move
    assert period.since == datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)
    assert period.until == datetime(2026, 3, 29, 22, 0, tzinfo=timezone.utc)
    assert period.until - period.since == timedelta(hours=23)
