"""The benchmark's floor: a verified add-on request answered with a fixed card.

`POST /addon/floor` goes through the same checks as every add-on endpoint (the
Bearer token of the add-on's service account, the event, the user's ID token)
and answers a card of the size of a homepage card, built once. It touches no
database and says nothing about anyone: what it costs is the framework, the
token checks, JSON and the network, the limit every other endpoint is measured
against (bench/). It is on in every environment because it reveals nothing.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flask import jsonify, request

from addon import endpoints, responses
from addon.cards.widgets import (buttons, button, card, decorated, material_icon, open_link,
                                 section, text)
from addon.events import MalformedEvent, parse_event
from addon.pipeline import (_bearer_token, _unauthorized, _verify_caller, _verify_user,
                            blueprint)
from integrations.google.id_tokens import InvalidToken
from server.runtime import current_runtime

# About the size of a homepage card for a person of the 50-person `firm` benchmark
# dataset (ten posts, a composer, a dozen spaces): the floor must carry as many bytes
# as the answers it is compared with. bench/ reports both sizes.
CARD_BYTES = 10_200
_EXCERPT = ("Point d'étape sur le chantier : la réunion de jeudi est confirmée, merci de "
            "relire le planning et le compte rendu avant. #chantier #réunion")


@cache
def floor_answer() -> dict[str, Any]:
    """The fixed answer, built on first use and reused: building it is not what the
    floor measures."""
    widgets: list[dict[str, Any]] = []
    sections = [section([text("Partagez quelque chose")], header="Partager")]
    while len(json.dumps(responses.trigger(card(title="Comptoir", sections=sections)))) \
            < CARD_BYTES:
        number = len(widgets) + 1
        widgets.append(decorated(
            _EXCERPT, top=f"Personne {number} · Espace {number} · il y a {number} h",
            bottom=f"👍 {number} · 💬 {number}",
            on_click={"action": {"function": "https://comptoir.invalid" + endpoints.FLOOR,
                                 "parameters": [{"key": "postId", "value": str(number)}]}}))
        sections = [section([text("Partagez quelque chose")], header="Partager"),
                    section(widgets, header="Votre fil")]
    footer = button("Ouvrir Comptoir", open_link("https://comptoir.invalid/"),
                    icon=material_icon("open_in_new"))
    sections.append(section([buttons(footer)], header="Vos espaces"))
    return responses.trigger(card(title="Comptoir", sections=sections, name="floor"))


@blueprint.post(endpoints.FLOOR, endpoint="floor_floor")
def floor():
    runtime = current_runtime()
    token = _bearer_token()
    if token is None:
        return _unauthorized("no bearer token")
    try:
        script_claims = _verify_caller(runtime, token)
        event = parse_event(request.get_json(force=True, silent=True))
        if script_claims is None:
            _verify_user(runtime, event.user_id_token)
    except InvalidToken as error:
        return _unauthorized(str(error))
    except MalformedEvent:
        return jsonify(error="malformed event"), 400
    return jsonify(floor_answer())
