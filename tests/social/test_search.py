"""Full-text search: what a person finds, and what they never find.

The same specifications hold on SQLite (FTS5) and PostgreSQL; the few that
describe French stemming run on PostgreSQL only.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, select, update

from core.clock import utcnow
from social import search as search_index
from social.errors import Forbidden, InvalidInput
from social.models import Comment, Post, SearchEntry
from social.search import search
from social.search.query import MAX_QUERY_LENGTH
from social.services import comments, files, posts, spaces
from tests.factories import (deactivate, drive_file, make_firm, make_guest, make_person,
                             make_post, make_space)


def walk(db, actor, query: str, limit: int, max_pages: int = 20) -> list[list]:
    """Every page of a search, following the cursors (a cursor that never ends fails)."""
    pages, cursor = [], None
    while len(pages) < max_pages:
        page = search(db, actor, query, cursor=cursor, limit=limit)
        pages.append(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return pages
    raise AssertionError(f"still more pages after {max_pages}")


def found(db, actor, query: str) -> set[tuple[str, int]]:
    """What a search answers, as (kind, id) pairs, over every page."""
    return {(hit.kind, hit.comment_id or hit.post_id)
            for page in walk(db, actor, query, limit=100) for hit in page}


@pytest.fixture
def firm(db):
    return make_firm(db)


@pytest.fixture
def lea(db, firm):
    return make_person(db, firm, "Léa Martin")


@pytest.fixture
def general(db, firm, lea):
    return make_space(db, firm.admin, "Général", members=(lea,))


def test_a_word_typed_without_accents_finds_it_written_with_them(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "La réunion de lundi est déplacée.")
    assert found(db, lea, "reunion") == {("post", post.id)}
    assert found(db, lea, "DEPLACEE") == {("post", post.id)}


def test_a_word_typed_with_accents_finds_it_written_without_them(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Pas de reunion cette semaine")
    assert found(db, lea, "Réunion") == {("post", post.id)}
    assert found(db, lea, "réunion") == {("post", post.id)}


def test_a_plural_finds_the_singular(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Compte rendu de la réunion")
    assert found(db, lea, "réunions") == {("post", post.id)}


def test_french_stemming_on_postgresql_finds_other_forms_of_a_word(db, dialect, firm, lea,
                                                                   general):
    if dialect != "postgresql":
        pytest.skip("French stemming is PostgreSQL's; SQLite matches plurals and prefixes")
    horses = make_post(db, firm.admin, general, "Les chevaux du haras sont arrivés")
    growth = make_post(db, firm.admin, general, "Le développement du projet avance")
    assert found(db, lea, "cheval") == {("post", horses.id)}
    assert found(db, lea, "développer") == {("post", growth.id)}
    page = search(db, lea, "cheval")
    assert "<mark>chevaux</mark>" in page.items[0].excerpt


def test_comments_are_found_too_with_their_post_and_space(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Le planning d'été")
    comment = comments.add_comment(db, lea, post.discussion_id, "Je prends la permanence d'août")
    [hit] = search(db, firm.admin, "permanence").items
    assert (hit.kind, hit.comment_id, hit.post_id) == ("comment", comment.id, post.id)
    assert hit.discussion_id == post.discussion_id
    assert hit.space.id == general and hit.space.name == "Général"
    assert hit.author.name == "Léa Martin"
    assert hit.file is None
    assert hit.created_at == comment.created_at


def test_a_post_hit_names_its_author_space_and_date(db, firm, lea, general):
    post = make_post(db, lea, general, "Nouvelle imprimante au deuxième étage")
    [hit] = search(db, firm.admin, "imprimante").items
    assert (hit.kind, hit.post_id, hit.comment_id) == ("post", post.id, None)
    assert hit.author.handle == post.author.handle
    assert hit.space.id == general
    assert hit.created_at == post.created_at
    assert "<mark>imprimante</mark>" in hit.excerpt


def test_a_private_space_is_searched_by_its_members_only(db, firm, lea):
    outsider = make_person(db, firm, "Omar Durand")
    private = make_space(db, firm.admin, "Direction", visibility="private", members=(lea,))
    post = make_post(db, firm.admin, private, "Budget confidentiel de l'exercice")
    comments.add_comment(db, lea, post.discussion_id, "Le budget est validé")
    assert found(db, lea, "budget") != set()
    assert found(db, outsider, "budget") == set()


def test_a_secret_space_is_not_searched_by_the_firm_admin_who_is_not_in_it(db, firm, lea):
    secret = make_space(db, lea, "Surprise", visibility="secret")
    make_post(db, lea, secret, "Le cadeau de départ")
    assert found(db, lea, "cadeau") != set()
    assert found(db, firm.admin, "cadeau") == set()


def test_a_public_space_is_searched_by_every_employee_but_not_by_guests(db, firm, lea,
                                                                        general):
    client_space = make_space(db, firm.admin, "Client Dupont")
    guest = make_guest(db, firm, firm.admin, client_space, "Claire Client")
    colleague = make_person(db, firm, "Noé Petit")
    public = make_post(db, firm.admin, general, "Pot de départ vendredi")
    shared = make_post(db, firm.admin, client_space, "Livraison vendredi")
    assert found(db, colleague, "vendredi") == {("post", public.id), ("post", shared.id)}
    assert found(db, guest, "vendredi") == {("post", shared.id)}


def test_drive_file_discussions_are_searched_by_employees_only(db, firm, lea):
    client_space = make_space(db, firm.admin, "Client Dupont")
    guest = make_guest(db, firm, firm.admin, client_space, "Claire Client")
    comment = files.comment_on_file(db, lea, drive_file("file-42", "Devis.pdf"),
                                    "Le devis est à relire")
    [hit] = search(db, firm.admin, "devis").items
    assert (hit.kind, hit.comment_id, hit.post_id, hit.space) == ("comment", comment.id,
                                                                    None, None)
    assert hit.file.google_id == "file-42" and hit.file.title == "Devis.pdf"
    assert found(db, guest, "devis") == set()


def test_leaving_a_private_space_takes_its_content_out_of_ones_results(db, firm, lea):
    private = make_space(db, firm.admin, "Comité", visibility="private", members=(lea,))
    make_post(db, firm.admin, private, "Ordre du jour du comité")
    assert found(db, lea, "ordre") != set()
    spaces.leave_space(db, lea, private)
    assert found(db, lea, "ordre") == set()


def test_another_firms_content_is_never_found(db, firm, lea, general):
    other = make_firm(db, "firm-b.fr", "Bruno Boss")
    other_space = make_space(db, other.admin, "Général")
    make_post(db, other.admin, other_space, "Séminaire annuel à Annecy")
    mine = make_post(db, firm.admin, general, "Séminaire annuel à Lyon")
    assert found(db, lea, "séminaire") == {("post", mine.id)}
    assert found(db, firm.admin, "annecy") == set()


def test_a_deactivated_person_cannot_search(db, firm, lea):
    gone = deactivate(db, firm, lea)
    with pytest.raises(Forbidden):
        search(db, gone, "réunion")


def test_an_edit_is_searched_in_its_new_words_only(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Rendez-vous à Marseille")
    posts.edit_post(db, firm.admin, post.id, "Rendez-vous à Bordeaux")
    comment = comments.add_comment(db, lea, post.discussion_id, "Train de nuit")
    comments.edit_comment(db, lea, comment.id, "Avion du matin")
    assert found(db, lea, "marseille") == set()
    assert found(db, lea, "bordeaux") == {("post", post.id)}
    assert found(db, lea, "nuit") == set()
    assert found(db, lea, "avion") == {("comment", comment.id)}


def test_deleted_posts_and_comments_are_no_longer_found(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Covoiturage pour Grenoble")
    kept = make_post(db, firm.admin, general, "Covoiturage pour Chambéry")
    thread = comments.add_comment(db, lea, kept.discussion_id, "Covoiturage complet")
    comments.add_comment(db, firm.admin, kept.discussion_id, "Dommage", parent_id=thread.id)
    alone = comments.add_comment(db, lea, kept.discussion_id, "Covoiturage annulé")
    comment_on_deleted = comments.add_comment(db, lea, post.discussion_id, "Covoiturage ok")
    posts.delete_post(db, firm.admin, post.id)
    comments.delete_comment(db, lea, thread.id)  # has a reply: stays as "comment deleted"
    comments.delete_comment(db, lea, alone.id)
    assert found(db, lea, "covoiturage") == {("post", kept.id)}
    assert comment_on_deleted.id not in {hit.comment_id for hit in
                                         search(db, lea, "covoiturage").items}


def test_hidden_posts_and_comments_are_not_found(db, firm, lea, general):
    hidden_post = make_post(db, firm.admin, general, "Annonce retirée")
    comment_under_hidden = comments.add_comment(db, lea, hidden_post.discussion_id,
                                                "Annonce commentée")
    kept = make_post(db, firm.admin, general, "Annonce maintenue")
    hidden_comment = comments.add_comment(db, lea, kept.discussion_id, "Annonce déplacée")
    assert len(found(db, lea, "annonce")) == 4
    db.execute(update(Post).where(Post.id == hidden_post.id).values(hidden_at=utcnow()))
    db.execute(update(Comment).where(Comment.id == hidden_comment.id).values(hidden_at=utcnow()))
    db.commit()
    assert found(db, lea, "annonce") == {("post", kept.id)}
    assert found(db, firm.admin, "annonce") == {("post", kept.id)}
    assert comment_under_hidden.id not in {hit.comment_id for hit in
                                           search(db, lea, "commentee").items}


def test_the_excerpt_escapes_the_text_before_marking_the_matches(db, firm, lea, general):
    make_post(db, firm.admin, general,
              "Attention <script>alert('piège')</script> <img src=x onerror=alert(1)> "
              "`</mark><b>gras</b>` piège")
    [hit] = search(db, lea, "piège").items
    excerpt = str(hit.excerpt)
    assert "<script" not in excerpt and "<img" not in excerpt and "<b>" not in excerpt
    assert "&lt;script&gt;" in excerpt and "&lt;img" in excerpt
    assert set(re.findall(r"</?([a-z]+)", excerpt)) == {"mark"}
    assert excerpt.count("<mark>") == excerpt.count("</mark>") == 2
    assert "<mark>piège</mark>" in excerpt


def test_pages_walk_every_hit_once_by_relevance_then_newest_first(db, firm, lea, general):
    created = [make_post(db, firm.admin, general, f"Inventaire du stock, lot {n}")
               for n in range(13)]
    created += [make_post(db, firm.admin, general, "Inventaire") for _ in range(4)]
    comment = comments.add_comment(db, lea, created[0].discussion_id, "Inventaire fini ?")
    pages = walk(db, lea, "inventaire", limit=5)
    seen = [(hit.kind, hit.comment_id or hit.post_id, hit.rank, hit.created_at)
            for page in pages for hit in page]
    keys = [(kind, item_id) for kind, item_id, _, _ in seen]
    assert len(keys) == len(set(keys)) == 18
    assert set(keys) == {("post", post.id) for post in created} | {("comment", comment.id)}
    assert [len(page) for page in pages] == [5, 5, 5, 3]
    order = [(-rank, -moment.timestamp()) for _, _, rank, moment in seen]
    assert order == sorted(order)


def test_a_short_text_about_the_words_outranks_a_long_one_mentioning_them(db, firm, lea,
                                                                        general):
    long_text = make_post(db, firm.admin, general, "Ce mois-ci " + "nous avons beaucoup "
                          "travaillé sur les plans, les chantiers et les clients. " * 8
                          + "Un mot sur la sécurité.")
    short = make_post(db, firm.admin, general, "Sécurité : rappel des consignes de sécurité")
    page = search(db, lea, "sécurité")
    assert [hit.post_id for hit in page.items] == [short.id, long_text.id]


def test_quotes_exclusions_and_alternatives_narrow_or_widen_a_search(db, firm, lea, general):
    red = make_post(db, firm.admin, general, "Maquette rouge vif du musée")
    blue = make_post(db, firm.admin, general, "Maquette bleue du musée")
    other = make_post(db, firm.admin, general, "Rouge vif et bleue ensemble, sans maquette")
    assert found(db, lea, '"rouge vif"') == {("post", red.id), ("post", other.id)}
    assert found(db, lea, "maquette -rouge") == {("post", blue.id)}
    assert found(db, lea, "musée -bleue or ensemble") == {("post", red.id), ("post", other.id)}


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!! ?", "-", '""', "or"])
def test_an_empty_search_finds_nothing(db, firm, lea, general, query):
    make_post(db, firm.admin, general, "Quelque chose à trouver")
    page = search(db, lea, query)
    assert page.items == [] and page.next_cursor is None


def test_a_search_made_only_of_exclusions_finds_nothing(db, firm, lea, general):
    make_post(db, firm.admin, general, "Tout sauf ceci")
    assert search(db, lea, "-ceci").items == []


def test_operators_typed_as_words_are_searched_as_words(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "NEAR AND NOT: mots-clés* étoilés (col:val)")
    assert found(db, lea, "NEAR AND NOT") == {("post", post.id)}
    assert found(db, lea, "mots-clés*") == {("post", post.id)}
    assert found(db, lea, "col:val") == {("post", post.id)}
    assert found(db, lea, '"étoilés') == {("post", post.id)}


def test_a_very_long_search_is_refused(db, firm, lea):
    with pytest.raises(InvalidInput):
        search(db, lea, "mot " * (MAX_QUERY_LENGTH // 4 + 1))


def test_a_malformed_page_link_is_refused(db, firm, lea, general):
    make_post(db, firm.admin, general, "Quelque chose")
    for cursor in ("nope", "WzEsMiwzXQ", "WzEuMCwibm90IGEgZGF0ZSIsM10"):
        with pytest.raises(InvalidInput):
            search(db, lea, "quelque", cursor=cursor)


def test_reindexing_rebuilds_the_index_from_posts_and_comments(db, firm, lea, general):
    post = make_post(db, firm.admin, general, "Archives de 2019")
    comment = comments.add_comment(db, lea, post.discussion_id, "Archives numérisées")
    file_comment = files.comment_on_file(db, lea, drive_file(), "Archives du plan")
    db.execute(delete(SearchEntry))
    db.commit()
    assert found(db, lea, "archives") == set()
    assert search_index.reindex(db, batch_size=2) == 3
    assert found(db, lea, "archives") == {("post", post.id), ("comment", comment.id),
                                          ("comment", file_comment.id)}
    assert search_index.reindex(db) == 3  # again: entries are updated, never doubled
    assert db.scalar(select(func.count()).select_from(SearchEntry)) == 3


def test_the_reindex_command_backfills_the_index_with_a_progress_bar(db, database_url, firm,
                                                                     lea, general):
    from tests.support import command_env, run_main

    post = make_post(db, firm.admin, general, "Bilan carbone 2025")
    comments.add_comment(db, lea, post.discussion_id, "Merci pour le bilan")
    db.execute(delete(SearchEntry))
    db.commit()
    result = run_main("search", "reindex", env=command_env(COMPTOIR_DATABASE_URL=database_url))
    assert result.returncode == 0, result.stderr
    assert "Indexed 2 posts and comments." in result.stdout
    assert "Indexing posts and comments" in result.stdout
    assert len(found(db, lea, "bilan")) == 2


def test_search_runs_in_a_session_bound_to_the_firm_as_requests_do(db, database, firm, lea,
                                                                   general):
    post = make_post(db, lea, general, "Réunion de chantier")
    comment = files.comment_on_file(db, lea, drive_file(), "Réunion sur le plan")
    db.commit()
    with database.session(tenant_id=firm.tenant_id) as guarded:
        assert found(guarded, lea, "reunion") == {("post", post.id), ("comment", comment.id)}
