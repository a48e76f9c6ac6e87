"""The homepage trigger, and the feed it shows."""

from addon import endpoints, responses
from addon.cards.data import HomeData
from addon.cards.home import feed_page_card, homepage_card
from addon.pipeline import AddonRequest, addon_endpoint
from addon.routes.sharing import sharing_home
from social.services import feeds
from social.services.overviews import HOME_FEED_SIZE, home_overview


def home_card(req: AddonRequest) -> dict:
    def build() -> dict:
        overview = home_overview(req.db, req.actor)
        return homepage_card(req.ctx, HomeData(feed=overview.feed, spaces=overview.spaces,
                                               firm_name=overview.firm_name,
                                               sharing=sharing_home(req)))

    return req.cached_card("home", None, build)


@addon_endpoint(endpoints.HOMEPAGE, trigger=True)
def homepage(req: AddonRequest):
    return responses.trigger(home_card(req))


@addon_endpoint(endpoints.HOME)
def home(req: AddonRequest):
    return responses.update(home_card(req))


@addon_endpoint(endpoints.FEED)
def older_posts(req: AddonRequest):
    page = feeds.home_feed(req.db, req.actor, cursor=req.event.param("cursor"),
                           limit=HOME_FEED_SIZE)
    return responses.push(feed_page_card(req.ctx, HomeData(feed=page, spaces=[])))


@addon_endpoint(endpoints.BACK)
def back(req: AddonRequest):
    return responses.back()
