"""My settings, and profiles."""

from addon import endpoints, responses
from addon.cards.data import SettingsData
from addon.cards.profile import profile_card
from addon.cards.settings import settings_card
from addon.pipeline import AddonRequest, addon_endpoint
from social.services import people, profiles


def _settings_card(req: AddonRequest, user) -> dict:
    return settings_card(req.ctx, SettingsData(preferred_language=user.preferred_language,
                                               digest_frequency=user.digest_frequency,
                                               profile_url=req.ctx.url("/me/profile")))


@addon_endpoint(endpoints.SETTINGS, trigger=True)
def open_settings(req: AddonRequest):
    return responses.trigger(_settings_card(req, req.user))


@addon_endpoint(endpoints.SETTINGS_SAVE)
def save_settings(req: AddonRequest):
    user = people.update_preferences(req.db, req.actor,
                                     language=req.event.form_value("language") or None,
                                     digest_frequency=req.event.form_value("digest") or None)
    req.ctx = req.ctx.in_language(user.preferred_language or req.event.language)
    return responses.update(_settings_card(req, user), req._("Settings saved."))


@addon_endpoint(endpoints.PROFILE)
def open_profile(req: AddonRequest):
    user_id = req.event.int_param("userId") or req.actor.user_id
    profile = profiles.get_profile(req.db, req.actor, user_id=user_id)
    return responses.push(profile_card(req.ctx, profile, is_me=user_id == req.actor.user_id))
