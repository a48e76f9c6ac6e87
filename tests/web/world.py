"""A small firm for the page tests: people, spaces of each visibility, and another firm."""

from __future__ import annotations

from dataclasses import dataclass

from social.actor import Actor
from tests.factories import Firm, make_firm, make_person, make_post, make_space


@dataclass(frozen=True)
class World:
    firm: Firm
    lea: Actor        # owns "Projets" and "Direction"
    hugo: Actor       # member of "Projets"
    nina: Actor       # in the firm, member of no space
    projets: int      # public
    club: int         # private, Léa only
    direction: int    # secret, Léa only
    other_firm: Firm
    zoe: Actor        # of the other firm
    elsewhere: int    # a public space of the other firm
    post_id: int      # Léa's post in "Projets"
    foreign_post_id: int


def build_world(db) -> World:
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea = make_person(db, firm, "Léa Martin")
    hugo = make_person(db, firm, "Hugo Bernard")
    nina = make_person(db, firm, "Nina Petit")
    projets = make_space(db, lea, "Projets", members=(hugo,))
    club = make_space(db, lea, "Club théâtre", visibility="private", kind="interest")
    direction = make_space(db, lea, "Direction", visibility="secret")
    post = make_post(db, lea, projets, "Le **CCTP** est prêt pour la #réunion de jeudi")
    other = make_firm(db, "autre.fr", "Olga Autre")
    zoe = make_person(db, other, "Zoé Autre")
    elsewhere = make_space(db, zoe, "Ailleurs")
    foreign = make_post(db, zoe, elsewhere, "Chez nous")
    return World(firm, lea, hugo, nina, projets, club, direction, other, zoe, elsewhere,
                 post.id, foreign.id)
