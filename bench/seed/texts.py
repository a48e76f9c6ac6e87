"""French-ish texts from small word lists, rendered once per template.

Rendering Markdown is the costly part of writing a post, so the seeder renders
a pool of templates once (through the app's own `social.markdown.render` and
`searchable_text`, so body_html and the search text are exactly what the
services would store) and each row picks one. A template may mention people:
it is rendered with placeholder handles, which each row then replaces with real
ones in the Markdown, the HTML and the folded text alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.text import fold
from social import markdown
from social.search.indexing import searchable_text
from social.search.query import WORD

SUBJECTS = ["Le client", "L'équipe projet", "Le bureau d'études", "La direction", "Le chantier",
            "Notre fournisseur", "Le maître d'ouvrage", "Le service comptable", "La mairie",
            "Le stagiaire", "L'architecte", "Le conducteur de travaux", "La cliente",
            "Le cabinet", "Le comité", "Le responsable RH", "Notre partenaire"]
VERBS = ["a validé", "propose de revoir", "demande des précisions sur", "a envoyé",
         "attend toujours", "a présenté", "relance au sujet de", "a modifié", "prépare",
         "doit signer", "veut comprendre", "a refusé", "nous félicite pour", "a relu",
         "souhaite avancer", "a mis à jour", "a partagé"]
OBJECTS = ["le planning", "le budget", "le devis", "la maquette", "le compte rendu",
           "la réunion de lancement", "le cahier des charges", "les plans d'exécution",
           "la facture", "le rapport d'audit", "la formation", "la présentation", "le contrat",
           "la charte graphique", "le dossier de permis", "la visite de chantier",
           "la note de synthèse", "le retour d'expérience", "l'appel d'offres",
           "la revue de projet", "le tableau de bord", "la campagne LinkedIn",
           "le guide du réemploi", "les prévisions d'honoraires"]
TAILS = ["avant jeudi", "pour la semaine prochaine", "comme convenu", "sans surprise",
         "avec quelques réserves", "dès que possible", "à la dernière minute",
         "après la pause", "pour le comité de lundi", "en visio", "sur site",
         "avec le nouveau gabarit", "malgré les délais", "en avance"]
OPENERS = ["Bonjour à tous,", "Petit point :", "Pour info,", "Bonne nouvelle !",
           "Question rapide :", "Retour d'expérience :", "Rappel :", "Merci à tous,", ""]
REPLIES = ["Merci pour le partage !", "Bien vu.", "Je regarde ça cet après-midi.",
           "On en parle à la réunion ?", "Tout à fait d'accord.", "Je ne suis pas sûr, à voir.",
           "Super travail 👏", "Je m'en occupe.", "Peux-tu préciser le délai ?",
           "C'est noté, merci.", "Attention aux délais fournisseurs.", "Parfait pour moi."]
HASHTAGS = ["chantier", "réunion", "budget", "client", "formation", "RE2020", "réemploi",
            "planning", "communication", "recrutement", "bonnespratiques", "sécurité",
            "théâtre", "randonnée", "afterwork", "veille", "BIM", "urbanisme"]
# Words the search scenario looks for: common, rarer, and a phrase.
SEARCH_QUERIES = ["planning", "budget devis", "réunion client", "charte graphique",
                  "maquette", "\"compte rendu\"", "fournisseur", "formation"]
PLACEHOLDER = "zzmention"


@dataclass(frozen=True)
class Template:
    body_md: str
    body_html: str
    folded: str
    mentions: int             # placeholders zzmention0..N-1 to replace with handles
    hashtags: tuple[tuple[str, str], ...]  # (key, label) as the services record them


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} " \
           f"{rng.choice(TAILS)}."


def _post_text(rng: random.Random) -> tuple[str, int]:
    mentions = rng.choices((0, 1, 2), weights=(70, 25, 5))[0]
    parts = [rng.choice(OPENERS)] + [_sentence(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.2:
        parts.append("\n\n- " + rng.choice(OBJECTS) + "\n- " + rng.choice(OBJECTS))
    if rng.random() < 0.3:
        parts.insert(1, f"**{rng.choice(OBJECTS).capitalize()}**")
    for index in range(mentions):
        parts.append(f"@{PLACEHOLDER}{index}, {rng.choice(['tu peux regarder ?', 'merci !', 'ton avis ?'])}")
    tags = rng.sample(HASHTAGS, rng.choices((0, 1, 2), weights=(30, 50, 20))[0])
    if tags:
        parts.append(" ".join("#" + tag for tag in tags))
    return " ".join(part for part in parts if part), mentions


def _comment_text(rng: random.Random) -> tuple[str, int]:
    mentions = 1 if rng.random() < 0.1 else 0
    parts = [rng.choice(REPLIES)]
    if rng.random() < 0.6:
        parts.append(_sentence(rng))
    if mentions:
        parts.insert(0, f"@{PLACEHOLDER}0")
    return " ".join(parts), mentions


def _render(body: str, mentions: int) -> Template:
    handles = {f"{PLACEHOLDER}{i}": f"/people/{PLACEHOLDER}{i}" for i in range(mentions)}
    html = markdown.render(body, handles)
    found = markdown.find_references(body)
    tags = tuple((key[:64], label[:64]) for key, label in found.hashtags.items() if key)
    return Template(body, html, searchable_text(html), mentions, tags)


def post_templates(seed: int, count: int) -> list[Template]:
    rng = random.Random(seed)
    return [_render(*_post_text(rng)) for _ in range(count)]


def comment_templates(seed: int, count: int) -> list[Template]:
    rng = random.Random(seed + 1)
    return [_render(*_comment_text(rng)) for _ in range(count)]


def folded_handle(handle: str) -> str:
    """How a handle reads in the search index ("lea.martin" -> "lea martin")."""
    return " ".join(WORD.findall(fold(handle)))


def filled(template: Template, handles: list[str]) -> tuple[str, str, str]:
    """(body_md, body_html, folded) with the template's placeholders as real handles."""
    md, html, folded = template.body_md, template.body_html, template.folded
    for index, handle in enumerate(handles[:template.mentions]):
        placeholder = f"{PLACEHOLDER}{index}"
        md = md.replace(placeholder, handle)
        html = html.replace(placeholder, handle)
        folded = folded.replace(placeholder, folded_handle(handle))
    return md, html, folded


FIRST_NAMES = ["Léa", "Hugo", "Chloé", "Mathis", "Inès", "Louis", "Camille", "Nathan", "Manon",
               "Jules", "Emma", "Lucas", "Jade", "Gabriel", "Louise", "Arthur", "Alice",
               "Raphaël", "Lina", "Paul", "Rose", "Adam", "Anna", "Victor", "Zoé", "Théo",
               "Sarah", "Tom", "Julia", "Nina"]
LAST_NAMES = ["Martin", "Bernard", "Petit", "Durand", "Moreau", "Lefèvre", "Roux", "Fournier",
              "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
              "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
              "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin"]
JOBS = ["Architecte", "Chef de projet", "Économiste", "Chargée de communication",
        "Conducteur de travaux", "Assistante de direction", "Comptable", "Dessinateur",
        "Ingénieure structure", "Stagiaire"]
SITES = ["Lyon", "Grenoble", "Paris", "Annecy", "Saint-Étienne"]
SKILLS = ["Revit", "BIM", "urbanisme", "Excel", "rédaction", "management", "structure bois",
          "photographie", "appels d'offres", "SketchUp"]
PASSIONS = ["théâtre", "randonnée", "escalade", "céramique", "chant", "vélo", "jardinage",
            "lecture", "yoga", "musique"]
SPACE_NAMES = ["Vie du cabinet", "Projets & chantiers", "Veille & bonnes pratiques",
               "Direction", "Club théâtre", "Randonnée du dimanche", "Communication",
               "Ressources humaines", "Informatique", "Qualité", "Appels d'offres",
               "Formation", "Afterwork", "Projet école", "Projet mairie", "Projet hôpital",
               "Matériaux", "Sécurité chantier", "Photographie", "Covoiturage"]
FILE_KINDS = [("application/pdf", "pdf"), ("application/vnd.google-apps.document", ""),
              ("application/vnd.google-apps.spreadsheet", ""),
              ("application/vnd.google-apps.presentation", "")]
