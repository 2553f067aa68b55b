"""Build pairs.jsonl: hand-labelled (claim, source sentence) pairs for attribution checking.

Every label below was assigned by reading; this script only looks up the exact sentences
(split with summarize.segment.split_sentences) so that quoted text matches the sources, and
writes the JSONL. Run from the repository root: python eval/attribution/build_pairs.py
"""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path

from summarize.load import shared_dir
from summarize.segment import split_sentences

HERE = Path(__file__).resolve().parent
SHARED = shared_dir() / "data"
ART_DIR = SHARED / "articles" / "blinken-lavrov-2022"

# ---------------------------------------------------------------- sources
ART = {}
for f in sorted(glob.glob(str(ART_DIR / "*.txt"))):
    aid = os.path.basename(f)[:-4]
    ART[aid] = [s for s in split_sentences(open(f, encoding="utf-8").read(), "fr") if len(s.split()) >= 5]
AID = {k[:3]: k for k in ART}

OS = {}
for split in ("valid", "test"):
    for line in open(SHARED / "orangesum" / f"abstract_{split}.jsonl", encoding="utf-8"):
        d = json.loads(line)
        OS[f"{split}-{d['id']}"] = d

# the 4 sentences of the project's merged summary of the sample corpus (merged.json of
# `summarize run ../shared/data/articles/blinken-lavrov-2022`), as they were when labelled
MERGED_SENTS = [
    "Le secrétaire d'Etat américain Antony Blinken n'exclut pas une rencontre entre son président Joe Biden et le chef du Kremlin Vladimir Poutine.",
    "Le ministre russe des affaires étrangères, Sergueï Lavrov, a déclaré ce vendredi que le secrétaire d’État américain, Antoine BlinkIl a promis lors de la réunion conjointe à Genève que Washington soumettrait une réponse écrite aux propositions de Moscou sur les garanties de sécurité d’ici une semaine.",
    "« Nous sommes engagés sur la voie de la diplomatie pour tenter de résoudre nos différends.",
    "Des préparatifs sont en cours pour organiser un entretien en visioconférence entre le président russe Vladimir Poutine et son homologue américain Joe Biden, a annoncé le Kremlin vendredi, au lendemain d’une rencontre infructueuse entre les ministres des Affaires étrangères des deux pays sur la crise ukrainienne.",
]


def A(n: str, i: int) -> tuple[str, str]:
    """Article sentence i of article number n ('000'..'004'): (source_id, sentence)."""
    return AID[n], ART[AID[n]][i]


def _find(sents: list[str], sub: str, where: str) -> str:
    hits = [s for s in sents if sub in s]
    assert len(hits) == 1, (where, sub, hits)
    return hits[0]


def OART(key: str, sub: str) -> tuple[str, str]:
    """OrangeSum article sentence containing sub: (source_id, sentence)."""
    return f"orangesum-{key}", _find(split_sentences(OS[key]["text"], "fr"), sub, key)


def OSUM(key: str, sub: str) -> str:
    """OrangeSum reference-summary sentence containing sub."""
    return _find(split_sentences(OS[key]["summary"], "fr"), sub, key + " summary")


M = MERGED_SENTS  # M[0]..M[3]
S, C, U = "supports", "contradicts", "unrelated"
ROWS: list[tuple] = []  # (claim, origin, (source_id, sentence), label, kind, note)


def add(claim, origin, src, label, kind=None, note=""):
    assert label in (S, C, U) and (kind is None) == (label != C), (claim, label, kind)
    ROWS.append((claim, origin, src, label, kind, note))


# ======================================================= 1. merged summary (blinken-lavrov-2022)
# every merged sentence x the best-matching sentence of each of the 5 articles
# M0: credited to 000, 002
add(M[0], "merged", A("000", 4), S, note="identical sentence (credited source)")
add(M[0], "merged", A("001", 16), S, note="doubtful: per Blinken, Biden is 'tout à fait prêt' to talk with Putin; 'contacts/discuter' rather than 'rencontre'")
add(M[0], "merged", A("002", 2), C, "negation", "credited but says the opposite: no face-to-face meeting, announced by Blinken (both sentences negative); 002 dates from Dec 2021")
add(M[0], "merged", A("003", 1), U, note="Kremlin prepares a Putin-Biden video call; says nothing of Blinken's position")
add(M[0], "merged", A("004", 0), U, note="best lexical match only: promise of a written answer")
# M1: credited to 000, 004 (garbled 'Antoine BlinkIl')
add(M[1], "merged", A("000", 15), S, note="core fact: Lavrov, Friday, Geneva, answers expected next week (not the promise itself)")
add(M[1], "merged", A("001", 15), C, "place", "meeting placed in Vienna, claim says Geneva (both: Friday, next week)")
add(M[1], "merged", A("002", 15), U, note="Russians demand security guarantees; no written answer, no meeting")
add(M[1], "merged", A("003", 2), C, "place", "meeting placed in Stockholm vs Geneva; doubtful: 003 reports the Dec 2021 Stockholm meeting, another episode")
add(M[1], "merged", A("004", 0), S, note="identical sentence (credited source)")
# M2: credited to 001, 004
add(M[2], "merged", A("000", 6), U, note="Blinken ready for a presidential meeting; not about diplomacy to settle differences")
add(M[2], "merged", A("001", 5), S, note="identical sentence (credited source)")
add(M[2], "merged", A("002", 6), U, note="need diplomatic progress first; does not state the commitment")
add(M[2], "merged", A("003", 4), U, note="Blinken urges Lavrov to seek a diplomatic exit; other statement")
add(M[2], "merged", A("004", 9), S, note="paraphrase (other translation of the same quote)")
# M3: credited to 003 only
add(M[3], "merged", A("000", 4), U, note="Blinken does not exclude a meeting; not the Kremlin's video-call preparations")
add(M[3], "merged", A("001", 3), C, "date", "claim: ministers met the day before Friday (Thursday); source: talks concluded Friday; doubtful: different episodes (Dec 2021 vs Jan 2022)")
add(M[3], "merged", A("002", 2), U, note="no face-to-face meeting is compatible with a video call (negation on source side only)")
add(M[3], "merged", A("003", 1), S, note="identical sentence (credited source)")
add(M[3], "merged", A("004", 5), U, note="talks called 'francs'; nothing on a presidential video call")
# extra merged pairs
add(M[0], "merged", A("000", 6), S, note="paraphrase: 'Nous sommes prêts à une rencontre présidentielle' = does not exclude; negation on claim side only")
add(M[0], "merged", A("002", 5), C, "negation", "no face-to-face meeting planned vs not excluded (both sentences negative)")
add(M[0], "merged", A("002", 1), C, "negation", "headline: no face-to-face meeting envisaged (both sentences negative)")
add(M[1], "merged", A("004", 6), S, note="paraphrase: written answers to proposals next week, Lavrov")
add(M[2], "merged", A("004", 7), S, note="paraphrase: US and allies determined to keep up dialogue")
add(M[3], "merged", A("003", 8), S, note="paraphrase: Kremlin spokesman, it is a video call (format of the awaited talk)")

# ======================================================= 2. article sentences as claims (natural)
add(A("000", 15)[1], "article", A("001", 4), C, "place", "Geneva vs Vienna for the Lavrov-Blinken meeting")
add(A("000", 15)[1], "article", A("003", 2), C, "place", "Geneva vs Stockholm; doubtful: different episode (Dec 2021)")
add(A("001", 4)[1], "article", A("003", 2), C, "place", "Vienna vs Stockholm; doubtful: different episode (Dec 2021)")
add(A("001", 3)[1], "article", A("003", 1), C, "date", "talks concluded Friday vs meeting the day before a Friday announcement; doubtful: different episode")
add(A("000", 0)[1], "article", A("002", 3), C, "negation", "headline 'n'exclut pas une rencontre' vs 'ne prévoient pas de rencontre'")
add(A("000", 16)[1], "article", A("001", 12), S, note="both negative: Russia has never threatened the Ukrainian people, Lavrov")
add(A("000", 16)[1], "article", A("001", 11), S, note="both negative, paraphrase: 'ne constitue pas une menace'")
add(A("000", 4)[1], "article", A("000", 0), S, note="both negative: headline says the same ('n'exclut pas')")
add(A("002", 2)[1], "article", A("002", 5), S, note="both negative: 'ne se rencontreront pas' = 'ne prévoient pas de rencontre'")
add(A("002", 17)[1], "article", A("002", 11), S, note="paraphrase: 'ne retirerait pas ses troupes' = 'refuse de retirer' (negation on claim side only)")

# ======================================================= 3. edited claims from the sample corpus
E = "edited"
add("Toutefois, M. Blinken a de nouveau insisté sur le fait que l’OTAN fermera ses portes à l’Ukraine.", E, A("001", 9), C, "negation", "negation removed: 'ne fermera pas ses portes'")
add("De plus, Vladimir Poutine a déclaré qu’il céderait à la demande des Américains et retirerait ses troupes.", E, A("002", 17), C, "negation", "negations removed")
add("Le soutien en Ukraine pour rejoindre l'OTAN n'a pas augmenté en raison de l'attitude de Moscou.", E, A("000", 10), C, "negation", "negation added")
add("Le ministre russe des affaires étrangères, Sergueï Lavrov, a déclaré ce vendredi qu'Antony Blinken a promis lors de la réunion conjointe à Genève que Washington soumettrait une réponse écrite aux propositions de Moscou d’ici deux semaines.", E, A("004", 0), C, "number", "one week -> two weeks")
add("Les motifs de tensions entre Washington et Moscou se sont multipliés ces derniers mois, malgré la volonté d’apaisement affichée par Vladimir Poutine et Joe Biden lors de leur deuxième sommet, en juin à Genève.", E, A("003", 14), C, "number", "first summit -> second summit")
add("«Il s'agit du retrait des forces étrangères, des équipements et des armements ainsi que d'autres mesures dans le but de revenir à la situation de 2007 dans les pays qui n'étaient pas alors membres de l'OTAN».", E, A("000", 18), C, "date", "1997 -> 2007")
add("L’un des principaux sujets de discorde concerne les mouvements de troupes russes autour de l’Ukraine, théâtre depuis 2016 d’un conflit entre Kiev et des séparatistes prorusses dans l’Est.", E, A("003", 15), C, "date", "2014 -> 2016")
add("D’autre part, Washington a fait savoir qu’elle était prête à entamer des discussions avec Moscou en mars 2022.", E, A("002", 8), C, "date", "January 2022 -> March 2022")
add("Le vice-ministre russe des Affaires étrangères, Sergueï Riabkov, a affirmé mercredi qu’un «contact» entre les présidents russe et américain pourrait avoir lieu «dans les prochains jours», sans plus de précisions.", E, A("003", 11), C, "date", "Thursday -> Wednesday")
add("«Nous sommes proches d’un accord sur l’heure qui conviendra à tout le monde», a-t-il affirmé à la presse, en précisant que l’entretien aura lieu «après la visite en Chine» de Vladimir Poutine, prévue lundi.", E, A("003", 10), C, "place", "India -> China")
add("«C'est le cas de la Roumanie et la Hongrie», dit le ministère, cité par l'AFP.", E, A("000", 19), C, "place", "Bulgaria -> Hungary")
add("Les motifs de tensions entre Washington et Moscou se sont multipliés ces derniers mois, malgré la volonté d’apaisement affichée par Vladimir Poutine et Joe Biden lors de leur premier sommet, en juin à Vienne.", E, A("003", 14), C, "place", "Geneva -> Vienna")
add("« Le président Poutine est toujours prêt à avoir des contacts avec le président Biden », a déclaré M. Blinken.", E, A("001", 16), C, "person", "speaker Lavrov -> Blinken")
add("Selon le porte-parole du Kremlin Dmitri Peskov, «la date concrète a déjà été fixée».", E, A("003", 9), C, "person", "Ouchakov -> Peskov")
add("Le président américain Joe Biden et le président russe Vladimir Poutine ne se rencontreront pas en tête-à-tête dans un contexte de tensions à la frontière ukrainienne, a annoncé le porte-parole du Kremlin, Dmitri Peskov.", E, A("002", 2), C, "person", "announced by Blinken -> by Peskov")
add("Le secrétaire d'Etat américain Antony Blinken exclut une rencontre entre son président Joe Biden et le chef du Kremlin Vladimir Poutine.", E, A("000", 4), C, "modality", "'n'exclut pas' -> 'exclut'")
add("L’Alliance de l’Atlantique Nord a déjà invité Moscou à une réunion du Conseil OTAN-Russie.", E, A("002", 10), C, "modality", "'devrait inviter prochainement' -> 'a déjà invité'")
add("Le Kremlin a démenti que des préparatifs soient en cours pour organiser un entretien en visioconférence entre le président russe Vladimir Poutine et son homologue américain Joe Biden.", E, A("003", 1), C, "modality", "'a annoncé' -> 'a démenti'")
add("Antony Blinken a averti Moscou des « coûts sévères » que la Russie a dû supporter après avoir envahi l’Ukraine.", E, A("003", 4), C, "modality", "hypothetical invasion ('si elle envahissait') -> actual invasion")
add("Les États-Unis n'espèrent pas régler leurs différends avec Moscou en une seule rencontre.", E, A("004", 11), S, note="paraphrase, both negative")
add("La Russie a de nouveau démenti préparer une invasion de l'Ukraine.", E, A("001", 4), S, note="paraphrase: 'nié préparer une incursion' = 'démenti préparer une invasion' (both denials)")
add("Moscou ne compte pas retirer ses troupes.", E, A("002", 17), S, note="paraphrase, both negative")

# ======================================================= 4. OrangeSum: summary sentences (natural)
def osum(key, csub, ssub, label, kind=None, note=""):
    add(OSUM(key, csub), "summary", OART(key, ssub), label, kind, note)

osum("test-17605", "Le Point a publié une photo", "ont ainsi rencontré le député", S, note="core fact: met the deputy just before the first round (photo not mentioned)")
osum("test-17605", "Le Point a publié une photo", "Il souhaitait qu'on travaille ensemble", U, note="Lassalle on Macron's project")
osum("valid-28856", "415 millions", "Résultat : 415 millions", S, note="paraphrase: 415 M EUR more since the start of the year")
osum("valid-28856", "415 millions", "Les gains pourraient se poursuivre", U, note="future gains, no figure")
osum("valid-14929", "six Airbus A380", "Depuis le début du mois d'avril, six Airbus", S, note="six British Airways A380 parked at the airport")
osum("valid-14929", "six Airbus A380", "un hectare est nécessaire", U, note="storage space per A380")
osum("valid-9656", "vider le bassin", "Les pompiers ont également été mobilisés", C, "person", "doubtful: claim has the police empty the pool, source the firefighters (summary garbled 'la police et les policiers')")
osum("valid-9656", "vider le bassin", "Sur place, les agents de police découvrent", U, note="police discover the pool; nothing on emptying it or the weight risk")
osum("test-16981", "faire plaisir", "veut faire plaisir à tout le monde", S, note="paraphrase of the reproach")
osum("test-16981", "faire plaisir", "Le concours Lépine des propositions fiscales", U, note="lexical overlap ('tout le monde') but another point")
osum("test-5474", "une dizaine de départements", "sont placés en vigilance orange \"orages\"", S, note="number paraphrase: ten departments listed = 'une dizaine'")
osum("test-5474", "une dizaine de départements", "jusqu'à 120 mm", U, note="rain amounts")
osum("valid-33796", "expulsé dimanche", "il a embarqué à bord d'un avion militaire", S, note="paraphrase: expelled = escorted onto a US military plane, immigration bureau")
osum("valid-33796", "expulsé dimanche", "Il lui est extrêmement reconnaissant", U, note="lawyer on his gratitude")
osum("test-21966", "Bourdin avait promis", "Vous aussi vous avez décidé", U, note="Macron's jab at Mediapart; nothing on Bourdin")
osum("test-21966", "c'est Edwy Plenel qui a le plus malmené", "Bousculé par Edwy Plenel", S, note="paraphrase: 'bousculé par' = 'malmené'")
osum("test-16089", "continue son aventure avec France 2", "France 2 accorde toute sa confiance", S, note="paraphrase (source has a glued heading)")
osum("test-16089", "continue son aventure avec France 2", "Marié, Hubert", U, note="describes the character")
osum("test-22315", "une dizaine de jeunes a pénétré", "une dizaine de jeunes ont pénétré", S, note="same fact, quoted in Ouest France")
osum("test-22315", "une dizaine de jeunes a pénétré", "Or mercredi, ils y ont subi une agression", U, note="same event, does not state the intrusion of ten youths")
osum("test-22315", "Un coup de feu a été tiré", "Les agresseurs ont alors tiré un coup de feu", S, note="paraphrase (active/passive)")
osum("test-22315", "Un coup de feu a été tiré", "L'insécurité et la violence ne doivent plus", U, note="quote on insecurity")
osum("test-31515", "légère baisse des nouveaux cas", "14.000 nouveaux cas", S, note="numeric paraphrase: 14,000 vs ~16,000 = slight drop")
osum("test-31515", "légère baisse des nouveaux cas", "4.102 nouvelles hospitalisations", U, note="hospitalisations, not new cases")
osum("valid-21911", "a été éteint", "Le préfet de Normandie", U, note="fire described, not said to be extinguished")
osum("valid-21911", "retombées d'hydrocarbures", "galettes d'hydrocarbures sont apparues sur la Seine", U, note="hydrocarbons on the Seine, not fallout on nearby towns")
osum("test-193", "Il a été inculpé pour", "L'adolescent a été inculpé pour", S, note="same charges")
osum("test-193", "Il a été inculpé pour", "mortiers d'artifice", U, note="weapons used in the brawl")
osum("test-30855", "Belle frayeur", "Les élèves redescendaient du Centre nordique", U, note="where pupils came from; no school name, no fright")
osum("test-30855", "est tombé nez à nez avec un loup", "Les routes du car scolaire et de l'animal", S, note="paraphrase with different words")
osum("test-26901", "Stupeur dans le camp Sarkozy", "Une surprise totale pour son camp", S, note="paraphrase")
osum("test-26901", "Stupeur dans le camp Sarkozy", "François Fillon semblait convaincre", U, note="polls trend")
osum("test-26901", "grand perdant du premier tour", "arrive en troisième position", S, note="paraphrase: third place = eliminated")
osum("test-26901", "grand perdant du premier tour", "Je ne suis pas parvenu à convaincre", S, note="paraphrase, negation on source side only")
osum("test-26901", "grand perdant du premier tour", "depuis le deuxième débat", U, note="best lexical match only; polls on Fillon")
osum("test-35440", "fortement alcoolisé", "rôdait autour du domicile personnel", S, note="core fact: a man prowled around the minister's home (drunkenness not stated)")
osum("test-35440", "fortement alcoolisé", "Bien qu'ayant bénéficié d'un non-lieu", U, note="the rape case against Darmanin")
osum("test-4708", "longue interview au Monde", "s'est longuement confié au Monde", S, note="paraphrase")
osum("test-4708", "longue interview au Monde", "La star de 82 ans", U, note="content of the interview, not the interview itself")
osum("test-4708", "il n'épargne pas Jean-Paul Belmondo", "qu'il n'a pas épargné", S, note="both negative")
osum("test-4708", "il n'épargne pas Jean-Paul Belmondo", "Un comédien joue", U, note="quote on actors")
osum("valid-5347", "imposer jeudi le port du masque", "consiste à imposer le port du masque", S, note="same measure, weekends and holidays until 1 June")
osum("valid-5347", "imposer jeudi le port du masque", "La police fera de la pédagogie", U, note="enforcement, not the measure")
osum("valid-1927", "18 mois de prison ferme", "interdiction à vie de détenir un animal", U, note="other part of the sentence (ban), not the prison term")
osum("valid-1927", "18 mois de prison ferme", "après une condamnation à Dijon en 2016", U, note="earlier conviction in Dijon; not incompatible with Bordeaux")
osum("valid-12869", "près de 5.000 personnes", "Dominic Raab", U, note="Raab replaces Johnson; no death toll")
osum("valid-26764", "a d'ailleurs déposé un projet de loi", "J'ai déposé un projet de loi", S, note="same fact, first person")
osum("valid-26764", "l'interdiction des grenades de désencerclement", "J'ai déposé un projet de loi", S, note="paraphrase: bill to stop their use = ask for a ban")
osum("valid-26764", "l'interdiction des grenades de désencerclement", "Il y a 25 grammes de TNT dedans", U, note="content of the grenade")
osum("valid-19792", "réduite de 20 km/h", "à 110 km/h la vitesse maximale", S, note="numeric paraphrase: 130->110, 110->90")
osum("valid-19792", "réduite de 20 km/h", "Les poids lourds de plus de 3,5 tonnes", U, note="heavy goods vehicles detour")
osum("test-13639", "19 ans a été percuté", "règlement de compte", U, note="investigation hypothesis")
osum("test-13639", "Le conducteur a été mis en examen", "une information judiciaire avait été ouverte", U, note="investigation opened, not the driver charged")
osum("test-15257", "ferme partir en fumée", "L'ensemble du bâtiment a disparu dans un incendie", S, note="paraphrase")
osum("test-15257", "ferme partir en fumée", "une quarantaine de pompiers", U, note="number of firefighters")
osum("test-12229", "L'odeur pestilentielle", "incommodé par la \"forte odeur\"", S, note="paraphrase")
osum("test-12229", "L'odeur pestilentielle", "L'individu est soupçonné", U, note="suspect")
osum("test-12229", "momification", "Son corps \"momifié\"", S, note="paraphrase, Ouest France")
osum("test-12229", "momification", "Elle était morte depuis près de deux mois", U, note="time of death, not the discovery")
osum("valid-14867", "Louisville", "En faisant ingérer l'aliment", U, note="experiment; the university is not named")
osum("test-29709", "ne seront pas revalorisées", "Le gel des APL", S, note="paraphrase: 'gel' = 'ne seront pas revalorisées' (negation on claim side only)")
osum("test-29709", "ne seront pas revalorisées", "Les très pauvres et les familles nombreuses", U, note="who revealed it")
osum("valid-10562", "Dans cette émission", "n'a pas du tout été arnaqué", U, note="both contain negation but unrelated facts")
osum("test-17793", "en avant-première à Paris", "La première fois, lors d'une sortie en mer", U, note="DiCaprio's near-death shark episode")
osum("test-17793", "Fisher Stevens, est revenu", "avait déjà révélé être passé tout proche", U, note="DiCaprio's own account, not Stevens in GQ")
osum("test-16294", "Top Chef saison 8", "la huitième saison tant attendue", S, note="paraphrase: 8 = huitième")
osum("test-26283", "créérait la surprise", "âgé de 49 ans", U, note="biography")
osum("test-26283", "l'emporterait au premier tour", "ont multiplié les attaques", U, note="campaign attacks, not results")
osum("test-29468", "n'a jamais été mis en place", "le dispositif n'a jamais été mis en place", S, note="both negative")
osum("test-29468", "s'effondre", "sont désormais minoritaires (48% contre 61%", S, note="numeric paraphrase: 61% -> 48%")
osum("test-29468", "s'effondre", "Bailleurs et professionnels", U, note="quote")
osum("test-27499", "arnaqueur", "j'ai un arnaqueur", S, note="quote; source has 'non pas' (negation on source side only)")
osum("test-27499", "arnaqueur", "Il commence à essayer de vous le vendre", U, note="fable detail")
osum("valid-21186", "porter atteinte à son indépendance", "a demandé au Premier ministre", U, note="Anticor's request, not its reason")
osum("valid-36426", "susceptibles d'évoluer", "sont susceptibles d'évoluer dans les prochaines semaines", S, note="paraphrase")
osum("valid-36426", "susceptibles d'évoluer", "Longtemps présenté comme", U, note="history of the mask rule")
osum("valid-24749", "ne porteront pas de cravate", "François de Rugy, avait demandé", U, note="2008 request; both contain negation")
osum("valid-27182", "se sont réunis dimanche 20 janvier", "se sont rassemblés dimanche 20 janvier", S, note="paraphrase")
osum("valid-27182", "se sont réunis dimanche 20 janvier", "samedi 19 janvier un rassemblement", U, note="another gathering (town hall, Saturday); not a contradiction")
osum("test-14760", "relancer le processus de paix", "trop tôt\" pour déterminer", U, note="Kremlin's stance, not Zelensky's")
osum("test-14760", "Moscou préfère attendre", "Le Kremlin a jugé lundi", S, note="paraphrase: 'trop tôt' = prefers to wait")
osum("test-14760", "Moscou préfère attendre", "73,1% des voix", U, note="election result")
osum("test-28595", "De fortes pluies orageuses", "plusieurs passages pluvio-orageux actifs", S, note="paraphrase; doubtful: claim says the whole island, source the south then the east coast")
osum("valid-13692", "étape positive", "ce sommet est une étape positive", S, note="paraphrase")
osum("valid-13692", "étape positive", "Je considère que les facteurs de divergences", U, note="other Macron remark")
osum("test-24716", "Il a même tenté de joindre", "a en effet téléphoné directement", S, note="paraphrase")
osum("test-24716", "Il a même tenté de joindre", "Mais le vote ne s'est pas déroulé", U, note="vote; negation on source only")
# other summaries with a natural near-miss
osum("valid-14729", "il y a 12 ans", "il y a douze ans", S, note="number written as digits vs words")
osum("valid-25436", "une première fois interpellé", "une première fois interpellé dans ce pays", S, note="core fact (claim adds date and toll)")
osum("valid-22571", "n'a pas apprécié", "n'a pas manqué de faire savoir son exaspération", S, note="both have 'ne...pas' but with opposite functions; same meaning")
osum("test-22682", "doyenne des Européens à 115 ans", "après la mort à 116 ans", S, note="core fact: the French dean became Europe's dean; 116 is another person's age, not a contradiction")
osum("valid-30940", "12 départements", "dans 12 départements :", S, note="same fact, list of departments")

# a natural contradiction inside one article (lawyer vs prosecutor)
add(OART("valid-1927", "qui a prévenu la police dans la nuit du 6 mai")[1], "article", OART("valid-1927", "la police a en fait été contactée par des voisins"), C, "person",
    "who alerted the police: the 65-year-old host (lawyer) vs the host's neighbours (prosecutor)")

# ======================================================= 5. OrangeSum: edited claims
def oed(key, claim, ssub, label, kind=None, note=""):
    add(claim, E, OART(key, ssub), label, kind, note)

# negation
oed("test-22315", "Aucun coup de feu n'a été tiré.", "Les agresseurs ont alors tiré", C, "negation", "negated")
oed("test-193", "Interpellé et placé en garde à vue, il a reconnu avoir participé aux rixes et avoir utilisé la feuille de boucher.", "mais nié avoir utilisé", C, "negation", "'nié avoir utilisé' -> 'reconnu avoir utilisé'")
oed("test-4708", "L'acteur s'est longuement confié au Monde et il a notamment évoqué Jean-Paul Belmondo... qu'il a épargné.", "qu'il n'a pas épargné", C, "negation", "negation removed")
oed("test-29468", "Selon des associations de défense des consommateurs, le dispositif phare de la loi ALUR a bien été mis en place.", "le dispositif n'a jamais été mis en place", C, "negation", "'n'a jamais été' -> 'a bien été'")
oed("test-17605", "Néanmoins, il nie avoir eu des échanges téléphoniques et par SMS avec Emmanuel Macron.", "il reconnaît avoir eu des échanges", C, "negation", "'reconnaît' -> 'nie'")
oed("test-24716", "Cette fois encore, la lettre est restée sans réponse.", "la lettre n'est pas restée sans réponse", C, "negation", "double negation removed: source means the letter was answered")
# number
oed("valid-14929", "Depuis le début du mois d'avril, huit Airbus A380 de British Airways sont stationnés sur une piste.", "six Airbus A380", C, "number", "six -> eight")
oed("test-22315", "Selon les informations de Ouest France, une vingtaine de jeunes a pénétré dans le lycée Dupuy-de-Lôme.", "une dizaine de jeunes ont pénétré", C, "number", "about ten -> about twenty")
oed("test-35440", "Selon les informations du Point, un homme âgé de 38 ans \"très défavorablement connu des services de police\", rôdait autour du domicile personnel de Gérald Darmanin.", "un homme âgé de 33 ans", C, "number", "33 -> 38 years old")
oed("test-12229", "Elle était morte depuis près de six mois lorsque les secours sont intervenus.", "morte depuis près de deux mois", C, "number", "two -> six months")
oed("test-29468", "Selon la même source, les annonces dites \"conformes\" sont désormais minoritaires (38% contre 61% en 2017).", "48% contre 61%", C, "number", "48% -> 38%")
oed("test-26901", "Selon les résultats provisoires de cette primaire, Nicolas Sarkozy arrive en deuxième position derrière Alain Juppé.", "arrive en troisième position", C, "number", "third -> second place")
oed("valid-28856", "La hausse de la fiscalité sur le tabac a permis à l'État d'engranger 450 millions d'euros de plus depuis le début de l'année.", "Résultat : 415 millions", C, "number", "415 -> 450 million")
# date
oed("valid-36294", "\"C'est absolument incontestable\", a-t-il dénoncé au micro de Franceinfo ce jeudi 6 août.", "ce jeudi 13 août", C, "date", "13 -> 6 August")
oed("valid-5347", "Cette action de la mairie consiste à imposer le port du masque aux visiteurs du village entre 10H00 et 18H00, les weekends et jours fériés jusqu'au 15 juin.", "consiste à imposer le port du masque", C, "date", "until 1 June -> 15 June")
oed("valid-27182", "Les habitants du quartier se sont rassemblés samedi 19 janvier devant la caserne de Château d'Eau pour saluer leur mémoire.", "se sont rassemblés dimanche 20 janvier", C, "date", "Sunday 20 -> Saturday 19 January")
oed("valid-24749", "En juillet 2010, le député écologiste François de Rugy avait demandé que les députés ne soient plus obligés de porter le costume-cravate durant l'été.", "En juillet 2008", C, "date", "2008 -> 2010 (both sentences negative)")
oed("test-28595", "Le pic du phénomène est attendu dans la nuit de samedi à dimanche et doit prendre fin mardi 6 novembre à minuit.", "doit prendre fin lundi 5 novembre", C, "date", "Monday 5 -> Tuesday 6 November")
# place
oed("test-26283", "Le député de l'Essonne, âgé de 49 ans, s'est engagé dans la primaire en août dernier.", "Le député des Yvelines", C, "place", "Yvelines -> Essonne")
oed("test-28595", "En seconde partie de nuit de samedi à dimanche, plusieurs passages pluvio-orageux actifs vont concerner la Corse, tout d'abord sur le nord de l'île.", "tout d'abord sur le sud de l'île", C, "place", "south -> north of the island")
oed("valid-1999", "Dylan Nacass, 23 ans, surfait à Bells Beach, une plage de la région de Sydney, quand le squale l'a attaqué vendredi.", "Dylan Nacass, 23 ans", C, "place", "Melbourne -> Sydney")
oed("valid-33796", "Escorté par des militaires américains, il a embarqué à bord d'un avion militaire américain à l'aéroport de Cebu.", "l'aéroport de Manille", C, "place", "Manila -> Cebu")
# person
oed("test-35440", "Selon les informations du Point, un homme âgé de 33 ans rôdait autour du domicile personnel de Christophe Castaner.", "un homme âgé de 33 ans", C, "person", "Darmanin -> Castaner")
oed("valid-24749", "En juillet 2008, le député écologiste Noël Mamère avait demandé que les députés ne soient plus obligés de porter le costume-cravate durant l'été.", "En juillet 2008", C, "person", "de Rugy -> Mamère")
oed("test-24716", "Le député de Seine-et-Marne a en effet téléphoné directement à Édouard Philippe sur son portable.", "a en effet téléphoné directement", C, "person", "Macron -> Philippe")
oed("test-14760", "\"Il ne sera possible de juger qu'avec des cas spécifiques\", a déclaré aux journalistes le ministre russe des Affaires étrangères, Sergueï Lavrov.", "Il ne sera possible de juger", C, "person", "Peskov -> Lavrov (both sentences negative)")
# modality
oed("test-15353", "Devant ses performances en tant qu'animateur, la direction envisageait de nommer le footballeur à la tête du télé-crochet La France a un incroyable talent.", "la direction avait décidé de nommer", C, "modality", "'avait décidé' -> 'envisageait'")
oed("test-17605", "Un ancien du staff du candidat Macron a de son côté démenti l'intérêt du futur chef de l'État pour Jean Lassalle.", "a de son côté confirmé", C, "modality", "'confirmé' -> 'démenti'")
oed("test-14760", "Le Kremlin a jugé lundi qu'un \"travail en commun\" était possible avec le nouveau président ukrainien Volodymyr Zelensky.", "Le Kremlin a jugé lundi", C, "modality", "'too early to tell whether possible' -> 'possible'")
oed("valid-24749", "Désormais élu président de l'Assemblée nationale et face à ces députés insoumis, François de Rugy a décidé de faire évoluer cette règle tacite.", "fera peut-être évoluer", C, "modality", "'fera peut-être' -> 'a décidé de'")
oed("valid-36426", "Ces zones, qui feront l'objet d'une évaluation régulière, resteront inchangées quelle que soit l'évolution de l'épidémie.", "sont susceptibles d'évoluer dans les prochaines semaines", C, "modality", "'susceptibles d'évoluer' -> 'resteront inchangées'")
# hard supports: both negative / paraphrase
oed("valid-1999", "Aucune attaque de requin n'avait été mortelle en Australie en 2019.", "il n'y en avait pas eu en 2019", S, note="both negative, paraphrase")
oed("test-17605", "Jean Lassalle dit ne pas se souvenir de cette photo.", "Je n'ai aucun souvenir de cette photo", S, note="both negative, paraphrase")
oed("valid-14867", "L'ail n'est pas l'unique aliment bon pour la flore intestinale et la mémoire.", "l'ail n'est pas le seul aliment", S, note="both negative, paraphrase")
oed("test-193", "Le jeune homme a contesté s'être servi de la feuille de boucher.", "mais nié avoir utilisé", S, note="paraphrase: 'contesté' = 'nié' (denials on both sides)")
oed("test-15257", "Dany Moureaux assure qu'il n'abandonnera pas.", "non je ne m'arrêterai pas", S, note="both negative, paraphrase")
oed("valid-10562", "Selon la productrice, l'animateur n'a en rien été victime d'une escroquerie.", "n'a pas du tout été arnaqué", S, note="both negative, paraphrase")
oed("test-24716", "Cette fois, Emmanuel Macron a répondu à la lettre.", "la lettre n'est pas restée sans réponse", S, note="double negation in source = positive claim")
oed("valid-24749", "Aucun règlement n'impose aux députés une tenue particulière.", "Si aucun règlement intérieur", S, note="both negative, paraphrase (first clause of the source)")


def main() -> None:
    out = HERE / "pairs.jsonl"
    seen = set()
    with open(out, "w", encoding="utf-8") as f:
        for n, (claim, origin, (sid, sent), label, kind, note) in enumerate(ROWS, 1):
            key = (claim, sid, sent)
            assert key not in seen, key
            seen.add(key)
            f.write(json.dumps({"id": f"p{n:03d}", "claim": claim, "claim_origin": origin, "source_id": sid,
                                "source_sentence": sent, "label": label, "kind": kind, "note": note},
                               ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(ROWS), "pairs ->", out)
    print(Counter(r[3] for r in ROWS))
    print(Counter(r[4] for r in ROWS if r[4]))
    print(Counter(r[1] for r in ROWS))
    print(Counter((r[1], r[3]) for r in ROWS))


if __name__ == "__main__":
    main()
