"""The demo firm: Atelier Lumière, an architecture practice of eight in Lyon.

Plain data, seeded through the real services by `python main.py seed-demo`.
"""

DOMAIN = "atelier-lumiere.fr"
FIRM_NAME = "Atelier Lumière"

# handle, full name, job title, site, skills, passions
PEOPLE = [
    ("lea.martin", "Léa Martin", "Architecte associée, gérante", "Lyon",
     ["urbanisme", "réhabilitation", "management"], ["théâtre", "randonnée"]),
    ("hugo.bernard", "Hugo Bernard", "Architecte de projet", "Lyon",
     ["Revit", "BIM", "structure bois"], ["escalade", "photographie"]),
    ("chloe.petit", "Chloé Petit", "Architecte d'intérieur", "Lyon",
     ["aménagement", "matériaux biosourcés"], ["céramique", "théâtre"]),
    ("mathis.durand", "Mathis Durand", "Économiste de la construction", "Grenoble",
     ["métrés", "appels d'offres", "Excel"], ["trail", "randonnée"]),
    ("ines.moreau", "Inès Moreau", "Chargée de communication", "Lyon",
     ["LinkedIn", "rédaction", "photographie"], ["chant", "théâtre"]),
    ("louis.lefevre", "Louis Lefèvre", "Conducteur de travaux", "Grenoble",
     ["suivi de chantier", "OPC", "sécurité"], ["vélo", "jardinage"]),
    ("camille.roux", "Camille Roux", "Assistante de direction", "Lyon",
     ["comptabilité", "RH", "planning"], ["lecture", "yoga"]),
    ("nathan.fournier", "Nathan Fournier", "Stagiaire architecte", "Lyon",
     ["SketchUp", "maquettes"], ["musique", "randonnée"]),
]

# key, name, description, kind, visibility, owner, members ("*" = everyone)
SPACES = [
    ("vie", "Vie du cabinet", "Nouvelles, arrivées, rendez-vous : ce qui se passe à l'atelier.",
     "professional", "public", "lea.martin", "*"),
    ("projets", "Projets & chantiers",
     "Avancement des projets, retours de chantier, questions techniques.",
     "professional", "public", "hugo.bernard", "*"),
    ("veille", "Veille & bonnes pratiques",
     "Réglementation, matériaux, retours d'expérience : partageons ce qui marche.",
     "professional", "public", "mathis.durand",
     ["lea.martin", "hugo.bernard", "chloe.petit", "louis.lefevre", "nathan.fournier"]),
    ("direction", "Direction", "Espace des associés : budget, recrutements, stratégie.",
     "professional", "secret", "lea.martin", ["camille.roux"]),
    ("theatre", "Club théâtre",
     "Sorties au théâtre, répétitions de la troupe du jeudi, bons plans billets.",
     "interest", "public", "chloe.petit", ["lea.martin", "ines.moreau", "camille.roux"]),
    ("rando", "Randonnée du dimanche", "On marche, on pique-nique, on partage les traces GPX.",
     "interest", "private", "mathis.durand", ["lea.martin", "nathan.fournier", "louis.lefevre"]),
]

FILES = {
    "cctp": ("1cctp-ecole-villeurbanne", "CCTP lot 03 — École de Villeurbanne.pdf",
             "application/pdf"),
    "planning": ("1planning-chantier-t3", "Planning chantier T3 — Bron",
                 "application/vnd.google-apps.spreadsheet"),
    "charte": ("1charte-graphique-2026", "Charte graphique 2026",
               "application/vnd.google-apps.presentation"),
    "guide": ("1guide-reemploi", "Guide du réemploi des matériaux",
              "application/vnd.google-apps.document"),
}

# key, space, author, body, files
POSTS = [
    ("bienvenue", "vie", "lea.martin",
     "Bienvenue à @nathan.fournier qui nous rejoint pour six mois de stage ! 🎉\n\n"
     "Nathan travaillera avec @hugo.bernard sur l'école de Villeurbanne. "
     "Pensez à l'inviter au déjeuner de vendredi. #accueil", []),
    ("cctp", "projets", "hugo.bernard",
     "Le **CCTP du lot 03** (menuiseries extérieures) est prêt pour relecture.\n\n"
     "Points d'attention :\n- performances acoustiques côté rue\n- délais fournisseurs "
     "(12 semaines annoncées)\n\nRetours souhaités avant jeudi. #villeurbanne #réunion",
     ["cctp"]),
    ("planning", "projets", "louis.lefevre",
     "Planning du chantier T3 à Bron mis à jour : la livraison des poutres est décalée "
     "d'une semaine, le reste suit. @mathis.durand peux-tu vérifier l'impact sur la "
     "situation de travaux ? #chantier", ["planning"]),
    ("reemploi", "veille", "chloe.petit",
     "Retour d'expérience sur le **réemploi des carrelages** au projet de la Croix-Rousse : "
     "35 % de matériaux récupérés, un surcoût de main-d'œuvre compensé par les économies "
     "de fourniture. Le guide complet est joint. #réemploi #bonnespratiques", ["guide"]),
    ("re2020", "veille", "mathis.durand",
     "Rappel RE2020 : le seuil carbone Ic construction baisse en 2028. Je prépare une "
     "fiche synthèse pour nos projets en cours. Qui veut relire ? #RE2020", []),
    ("charte", "vie", "ines.moreau",
     "Nouvelle charte graphique 2026 : les modèles de présentation sont à jour dans le "
     "Drive. Merci d'utiliser les nouveaux gabarits pour les rendus clients. #communication",
     ["charte"]),
    ("budget", "direction", "lea.martin",
     "Budget 2027 : première version à discuter lundi. @camille.roux a consolidé les "
     "prévisions d'honoraires.", []),
    ("moliere", "theatre", "chloe.petit",
     "Sortie au Théâtre des Célestins le 12 : *Le Misanthrope*. Il reste 4 places à "
     "tarif réduit, répondez ici ! #sortie", []),
    ("repet", "theatre", "ines.moreau",
     "Répétition de la troupe jeudi 18 h 30 dans la grande salle. On attaque l'acte II.", []),
    ("pilat", "rando", "mathis.durand",
     "Dimanche : boucle du Crêt de la Perdrix (Pilat), 14 km, 600 m D+. Départ 8 h 30 "
     "de Perrache en covoiturage. #randonnée", []),
]

# post key, author, body, reply-to index (into this post's comments) or None
COMMENTS = [
    ("bienvenue", "hugo.bernard", "Bienvenue Nathan ! On commence lundi par une visite du site.",
     None),
    ("bienvenue", "nathan.fournier", "Merci à tous, ravi d'être là !", 0),
    ("bienvenue", "camille.roux", "Ton badge est prêt à l'accueil 😉", 1),
    ("cctp", "mathis.durand", "Relu : attention à l'article 3.4, la classe AEV est à préciser.",
     None),
    ("cctp", "hugo.bernard", "Bien vu, je corrige. Classe A*3 E*7B V*A2 ?", 0),
    ("cctp", "louis.lefevre", "Oui, c'est ce qu'on avait sur Bron.", 1),
    ("cctp", "mathis.durand", "Parfait, ça me va.", 2),
    ("planning", "mathis.durand", "Impact limité : la situation de novembre glisse de 8 k€.",
     None),
    ("reemploi", "lea.martin", "Super retour, à présenter au prochain comité de projet !", None),
    ("reemploi", "hugo.bernard", "On pourrait le tester sur l'école ?", None),
    ("reemploi", "chloe.petit", "Oui ! Je vous envoie les contacts de la ressourcerie.", 1),
    ("moliere", "camille.roux", "Une place pour moi, merci !", None),
    ("moliere", "lea.martin", "Deux pour moi (je viens accompagnée).", None),
    ("pilat", "nathan.fournier", "Je serai là, je peux prendre 3 personnes en voiture.", None),
]

# post key, people reacting, kind
REACTIONS = [
    ("bienvenue", ["hugo.bernard", "chloe.petit", "mathis.durand", "ines.moreau",
                   "louis.lefevre", "camille.roux"], "like"),
    ("bienvenue", ["ines.moreau", "camille.roux"], "tada"),
    ("cctp", ["lea.martin", "mathis.durand"], "like"),
    ("reemploi", ["lea.martin", "hugo.bernard", "mathis.durand", "louis.lefevre",
                  "nathan.fournier"], "like"),
    ("reemploi", ["lea.martin", "hugo.bernard"], "idea"),
    ("charte", ["lea.martin", "chloe.petit"], "heart"),
    ("moliere", ["lea.martin", "camille.roux", "ines.moreau"], "like"),
    ("pilat", ["lea.martin", "nathan.fournier"], "like"),
]

# file key, author, body, reply-to index (within this file's comments) or None
FILE_COMMENTS = [
    ("guide", "hugo.bernard", "Le chapitre 4 sur les menuiseries est très utile.", None),
    ("guide", "chloe.petit", "Merci ! Je le complète avec les fournisseurs de la région.", 0),
    ("charte", "nathan.fournier", "Les polices sont-elles installées sur les postes ?", None),
    ("charte", "ines.moreau", "Oui, via le Drive partagé « Polices ». Dis-moi si souci.", 0),
    ("planning", "louis.lefevre", "Version du 14 : jalons de levage ajoutés.", None),
]

FILE_REACTIONS = [
    ("guide", ["lea.martin", "mathis.durand", "louis.lefevre"], "like"),
    ("charte", ["chloe.petit"], "like"),
]
