"""The admin's rules page: the whole document as an honest form, saved as a new version,
refused input shown again as typed with a French message next to its field, and the
history of versions with what each changed."""

from __future__ import annotations

from advocacy.services import rules
from tests.web.conftest import form

# Everything the page posts when nothing is touched (the rules of the sharing world).
UNCHANGED = {
    "proposal.spaces_all": "1", "proposal.proposers": ["author", "moderators", "admins"],
    "approval.by": "admins", "offer_days": "7", "schedule.window_rows": "2",
    "schedule.min_spacing_minutes": "0", "schedule.per_person_per_day": "",
    "schedule.per_person_per_week": "", "schedule.spread_minutes": "0",
    "schedule.min_gap_minutes": "0",
    "networks.x.enabled": "1", "networks.x.hashtags": "Comptoir", "networks.x.utm":
    "utm_source=x", "networks.linkedin.enabled": "1", "networks.linkedin.hashtags": "Comptoir",
    "networks.linkedin.disclosure": "Je travaille chez Atelier.",
    "networks.linkedin.utm": "utm_source=linkedin",
}


def test_the_form_shows_the_rules_in_force(signed_in, sharing):
    page = signed_in(sharing.admin).get("/admin/sharing/rules").get_data(True)
    assert 'name="networks.linkedin.disclosure" value="Je travaille chez Atelier."' in page
    assert 'name="networks.x.hashtags" value="Comptoir"' in page
    assert '<input type="radio" name="approval.by" value="admins" checked>' in page
    assert 'name="proposal.spaces_all" value="1" checked' in page
    assert "Version en vigueur\u00a0: 1." in page
    for label in ("Heures de partage", "Espacement et limites", "Mots et expressions interdits",
                  "Paramètres UTM ajoutés aux liens", "Publications par jour pour toute",
                  "Qui approuve", "Qui peut proposer une publication", "Anne Auteur"):
        assert label in page, label


def test_saving_every_kind_of_rule_makes_a_new_version(signed_in, sharing, db):
    client = signed_in(sharing.admin)
    fields = {**UNCHANGED,
              "proposal.spaces_all": "", "proposal.spaces": [str(sharing.space_id)],
              "proposal.proposers": ["author"], "approval.by": "approvers",
              "approval.approvers": [str(sharing.lea.user_id)], "offer_days": "5",
              "schedule.windows.0.days": ["mon", "tue", "wed", "thu", "fri"],
              "schedule.windows.0.start": "08:00", "schedule.windows.0.end": "19:00",
              "schedule.min_spacing_minutes": "30", "schedule.per_person_per_day": "2",
              "schedule.per_person_per_week": "6", "schedule.spread_minutes": "120",
              "schedule.min_gap_minutes": "10",
              "networks.x.hashtags": "#Comptoir, Recrutement",
              "networks.x.forbidden": "gratuit à vie\r\nconcurrent",
              "networks.x.utm": "utm_source=x\nutm_medium=social",
              "networks.x.drive_links_public": "1", "networks.x.firm_daily_cap": "20"}

    response = client.post("/admin/sharing/rules", data=form(**fields))

    assert response.status_code == 303
    saved = rules.get_rules(db, sharing.admin)
    assert saved.version == 2
    document = saved.document
    assert document["proposal"] == {"spaces": [sharing.space_id], "proposers": ["author"]}
    assert document["approval"] == {"by": "approvers", "approvers": [sharing.lea.user_id]}
    assert document["schedule"]["windows"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "19:00"}]
    assert document["schedule"]["per_person_per_day"] == 2
    assert document["networks"]["x"]["hashtags"] == ["Comptoir", "Recrutement"]
    assert document["networks"]["x"]["forbidden"] == ["gratuit à vie", "concurrent"]
    assert document["networks"]["x"]["utm"] == {"utm_medium": "social", "utm_source": "x"}
    assert document["networks"]["x"]["firm_daily_cap"] == 20
    assert document["networks"]["x"]["drive_links_public"] is True
    page = client.get("/admin/sharing/rules").get_data(True)
    assert "Règles enregistrées\u00a0: la version 2 s’applique désormais." in page
    assert 'value="08:00"' in page and "Léa Martin" in page


def test_the_history_shows_what_each_version_changed(signed_in, sharing):
    client = signed_in(sharing.admin)
    client.post("/admin/sharing/rules", data=form(**{
        **UNCHANGED, "networks.x.enabled": "", "approval.by": "approvers",
        "approval.approvers": [str(sharing.lea.user_id)]}))

    page = client.get("/admin/sharing/rules").get_data(True)

    history = page[page.index('id="history-title"'):]
    assert "Version 2" in history and "Version 1" in history
    version_2 = history[history.index('id="version-2"'):history.index('id="version-1"')]
    assert "networks.x.enabled" in version_2 and "X · Activé" in version_2
    assert '<td class="diff-before">oui</td>' in version_2
    assert '<td class="diff-after">non</td>' in version_2
    assert "Approbateurs nommés" in version_2 and "Léa Martin" in version_2
    assert "Alice Admin" in version_2


def test_refused_input_comes_back_as_typed_with_a_french_message(signed_in, sharing, db):
    client = signed_in(sharing.admin)
    fields = {**UNCHANGED, "schedule.per_person_per_day": "beaucoup",
              "networks.x.disclosure": "Mon <b>texte</b>",
              "schedule.windows.0.days": ["mon"], "schedule.windows.0.start": "8h",
              "schedule.windows.0.end": "19:00"}

    response = client.post("/admin/sharing/rules", data=form(**fields))

    assert response.status_code == 400
    page = response.get_data(True)
    assert "Une heure s’écrit HH:MM." in page
    assert 'id="schedule.windows.0.start-error"' in page
    assert 'value="8h"' in page and 'value="beaucoup"' in page  # kept as typed
    assert 'value="Mon &lt;b&gt;texte&lt;/b&gt;"' in page  # kept, and escaped
    assert rules.get_rules(db, sharing.admin).version == 1


def test_a_wrong_number_is_named_next_to_its_field(signed_in, sharing):
    response = signed_in(sharing.admin).post("/admin/sharing/rules", data=form(**{
        **UNCHANGED, "networks.x.firm_daily_cap": "-3"}))
    assert response.status_code == 400
    page = response.get_data(True)
    assert 'id="networks.x.firm_daily_cap-error"' in page
    assert "nombre entier" in page


def test_only_the_admin_saves_rules(signed_in, sharing, db):
    response = signed_in(sharing.lea).post("/admin/sharing/rules", data=form(**UNCHANGED))
    assert response.status_code == 403
    assert rules.get_rules(db, sharing.admin).version == 1
