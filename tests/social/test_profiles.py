"""Profiles people write themselves, and the directory that finds them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from social.actor import Actor
from social.errors import InvalidInput, NotFound
from social.services import profiles
from tests.factories import (Firm, deactivate, make_firm, make_guest, make_person, make_space,
                             user_row)
from tests.social.conftest import building_session


@dataclass(frozen=True)
class Office:
    firm: Firm
    lea: Actor
    leo: Actor
    paul: Actor
    emile: Actor


@pytest.fixture(scope="module")
def office(module_database) -> Office:
    with building_session(module_database) as db:
        firm = make_firm(db, "atelier.fr", "Alice Admin")
        lea = make_person(db, firm, "Léa Martin")
        leo = make_person(db, firm, "Léo Lambert")
        paul = make_person(db, firm, "Paul Petit")
        emile = make_person(db, firm, "Émile Durand")
        profiles.update_profile(db, lea, job_title="Architecte", team="Études", site="Lyon",
                                bio="Je dessine des écoles.",
                                skills=["Revit", "Gestion de projet"], passions=["Théâtre"])
        profiles.update_profile(db, leo, job_title="Comptable", skills=["Excel"],
                                passions=["Vélo", "théâtre d'impro"])
        profiles.update_profile(db, paul, job_title="Dessinateur", skills=["revit", "AutoCAD"])
        return Office(firm, lea, leo, paul, emile)


@pytest.fixture
def db(office, rolled_back_db):
    """The tests of this module share one office, built once; what each test changes is
    rolled back after it."""
    return rolled_back_db


def names(page) -> list[str]:
    return [entry.person.name for entry in page.items]


def test_a_person_writes_their_own_profile_with_skills_and_passions(db, office):
    view = profiles.get_profile(db, office.paul, user_id=office.lea.user_id)

    assert (view.job_title, view.team, view.site, view.bio) == (
        "Architecte", "Études", "Lyon", "Je dessine des écoles.")
    assert view.skills == ("Gestion de projet", "Revit")
    assert view.passions == ("Théâtre",)


def test_rewriting_a_profile_replaces_its_skills_and_passions(db, office):
    profiles.update_profile(db, office.lea, job_title="Cheffe de projet", skills=["BIM"])

    view = profiles.get_profile(db, office.lea, handle=user_row(db, office.lea).handle)

    assert view.job_title == "Cheffe de projet"
    assert (view.skills, view.passions) == (("BIM",), ())
    assert names(profiles.search_directory(db, office.paul, skill="revit")) == ["Paul Petit"]


def test_the_same_skill_written_twice_differently_is_kept_once(db, office):
    view = profiles.update_profile(db, office.emile, skills=["Gestion de projet",
                                                             "gestion  de PROJET", "#Excel",
                                                             "  "])

    assert view.skills == ("Excel", "Gestion de projet")


@pytest.mark.parametrize("changes", [
    {"bio": "x" * (profiles.BIO_LENGTH + 1)},
    {"job_title": "x" * (profiles.LINE_LENGTH + 1)},
    {"skills": ["x" * (profiles.TAG_LENGTH + 1)]},
    {"passions": [f"passion {n}" for n in range(profiles.MAX_TAGS + 1)]},
])
def test_an_oversized_profile_is_refused_and_the_old_one_kept(db, office, changes):
    with pytest.raises(InvalidInput):
        profiles.update_profile(db, office.lea, **changes)
    db.rollback()

    view = profiles.get_profile(db, office.lea, user_id=office.lea.user_id)
    assert view.job_title == "Architecte" and view.skills == ("Gestion de projet", "Revit")


@pytest.mark.parametrize("query, found", [
    ("lea", ["Léa Martin"]),
    ("LÉA", ["Léa Martin"]),
    ("martin", ["Léa Martin"]),
    ("le", ["Émile Durand", "Léa Martin", "Léo Lambert"]),  # anywhere in the name
    ("emile", ["Émile Durand"]),
    ("revit", ["Léa Martin", "Paul Petit"]),          # a skill
    ("theatre", ["Léa Martin", "Léo Lambert"]),       # a passion, accents aside
    ("gestion de", ["Léa Martin"]),                   # the start of a skill
    ("nobody", []),
])
def test_the_directory_finds_people_by_name_skill_or_passion_whatever_the_accents(
        db, office, query, found):
    assert names(profiles.search_directory(db, office.paul, query=query)) == found


@pytest.mark.parametrize("query", ["%", "_", "#", "-", "%e%"])
def test_a_search_made_of_wildcard_characters_does_not_find_everyone(db, office, query):
    assert names(profiles.search_directory(db, office.paul, query=query)) == []


def test_the_directory_filters_by_skill_and_by_passion(db, office):
    assert names(profiles.search_directory(db, office.paul, skill="REVIT")) == [
        "Léa Martin", "Paul Petit"]
    assert names(profiles.search_directory(db, office.paul, passion="Théâtre")) == [
        "Léa Martin"]
    assert names(profiles.search_directory(db, office.paul, passion="theatre d'impro")) == [
        "Léo Lambert"]
    assert names(profiles.search_directory(db, office.paul, skill="revit",
                                           passion="theatre")) == ["Léa Martin"]


def test_the_whole_directory_lists_the_firms_active_people_by_name(db, office):
    deactivate(db, office.firm, office.leo)

    assert names(profiles.search_directory(db, office.paul)) == [
        "Alice Admin", "Émile Durand", "Léa Martin", "Paul Petit"]


def test_a_guest_only_finds_people_sharing_a_space_with_them(db, office):
    project = make_space(db, office.lea, "Projet école", members=(office.paul,))
    guest = make_guest(db, office.firm, office.lea, project, "Gus Client")

    assert names(profiles.search_directory(db, guest)) == ["Gus Client", "Léa Martin",
                                                           "Paul Petit"]
    assert names(profiles.search_directory(db, guest, query="revit")) == ["Léa Martin",
                                                                         "Paul Petit"]
    assert names(profiles.search_directory(db, guest, query="theatre")) == ["Léa Martin"]
    assert profiles.get_profile(db, guest, user_id=office.paul.user_id).job_title == \
        "Dessinateur"
    with pytest.raises(NotFound):
        profiles.get_profile(db, guest, user_id=office.leo.user_id)
    with pytest.raises(NotFound):
        profiles.get_profile(db, guest, handle=user_row(db, office.emile).handle)


def test_a_colleague_finds_a_guest_of_the_firm(db, office):
    project = make_space(db, office.lea, "Projet école")
    make_guest(db, office.firm, office.lea, project, "Gus Client")

    assert names(profiles.search_directory(db, office.emile, query="gus")) == ["Gus Client"]


def test_an_unknown_handle_is_not_found(db, office):
    with pytest.raises(NotFound):
        profiles.get_profile(db, office.lea, handle="nobody.here")
