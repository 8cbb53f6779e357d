"""Rules for names the models miss: organisations opened by trigger words, people after titles.

Italian has no spaCy pipeline on PyPI, so these rules are its recogniser; for French they
catch the long lower-case-laden names of ministries and agencies the model cuts short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.entities import Candidate


@dataclass(frozen=True)
class NameRules:
    """One language's trigger words, titles, connectors and adjective endings."""

    org_triggers: frozenset[str]  # capitalised words opening an organisation's name
    lowercase_triggers: frozenset[str]  # the few that open a name in lower case too
    person_titles: frozenset[str]  # lower-case words before a person's name
    connectors: frozenset[str]  # prepositions and articles inside long names
    conjunctions: frozenset[str]
    adjective_endings: tuple[str, ...]
    elided: frozenset[str]  # "dell'", "l'", "d'": articles fused to the next word
    not_name_words: frozenset[str]  # lower-case words that end a name


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


RULES: dict[str, NameRules] = {
    "it": NameRules(
        org_triggers=_words(
            "Ministero Ufficio Centro Istituto Comitato Sistema Alleanza Tavolo Segretariato "
            "Commissariato Agenzia Associazione Fondazione Comunità Cooperativa Consorzio "
            "Servizio Servizi Dipartimento Direzione Università Ospedale Azienda Comune Regione "
            "Consiglio Commissione Governo Parlamento Senato Camera Polizia Guardia Procura "
            "Tribunale Corte Croce Caritas Osservatorio Organizzazione Nazioni Unione Banca "
            "Federazione Sindacato Partito Movimento Società Ente Autorità Garante Unità "
            "Programma Fondo Coordinamento Conferenza Prefettura Questura Carabinieri Arma "
            "Esercito Sert SerD Asl Ats Ausl Gruppo Rete Consulta Difensore Provveditorato "
            "Amministrazione Ispettorato Ordine Collegio Accademia Scuola Policlinico Clinica "
            "Fraternità Casa Opera Onlus Lega"
        ),
        lowercase_triggers=frozenset(),
        person_titles=_words(
            "ministro ministra presidente vicepresidente direttore direttrice dottor dottore "
            "dottoressa dott dott.ssa prof professore professoressa sindaco sindaca assessore "
            "assessora segretario segretaria sottosegretario sottosegretaria commissario "
            "commissaria coordinatore coordinatrice responsabile portavoce sig signor signore "
            "signora don suor onorevole on deputato deputata senatore senatrice psichiatra "
            "medico esperto esperta procuratore procuratrice giudice questore prefetto generale "
            "colonnello capitano comandante rappresentante fondatore fondatrice primario "
            "primaria garante"
        ),
        connectors=_words(
            "di del della dello dei degli delle dell d per la il lo le gli i sulla sul sulle "
            "sui contro in a al alla allo ai agli alle nel nella"
        ),
        conjunctions=_words("e ed"),
        adjective_endings=(
            "ale", "ali", "ico", "ica", "ici", "iche", "ano", "ana", "ani", "ane", "ivo",
            "iva", "ivi", "ive", "ario", "aria", "ari", "arie", "ese", "esi", "ile", "ili",
            "are", "ista", "isti", "itario", "itaria", "ente", "enti",
        ),
        elided=_words("dell d l all nell sull dall"),
        not_name_words=_words(
            "un uno una due tre quattro cinque sei sette otto nove dieci cento mille prima "
            "primo seconda secondo ultimo ultima anni anno mesi mese giorni giorno volta volte "
            "oggi ieri che non più molto anche già ancora sono è ha hanno"
        ),
    ),
    "fr": NameRules(
        org_triggers=_words(
            "Ministère Département Centre Comité Bureau Agence Office Institut Direction "
            "Conseil Commission Chambre Observatoire Association Fondation Fédération Union "
            "Caisse Service Services Mission Secrétariat Haut Haute Autorité Tribunal Cour "
            "Préfecture Police Gendarmerie Hôpital Clinique Université École Réseau Syndicat "
            "Parti Mouvement Collectif Groupe Société Banque Fonds Programme Agence Assemblée "
            "Sénat Contrôleur Délégation Inspection Établissement Coalition Alliance Plateforme "
            "Unité Brigade Croix-Rouge Organisation"
        ),
        lowercase_triggers=_words("ministère"),
        person_titles=_words(
            "ministre président présidente vice-président vice-présidente directeur "
            "directrice docteur professeur professeure maire adjoint adjointe secrétaire "
            "commissaire coordinateur coordinatrice responsable porte-parole député députée "
            "sénateur sénatrice psychiatre médecin procureur procureure juge préfet préfète "
            "général colonel capitaine commandant représentant représentante fondateur "
            "fondatrice camarade chef cheffe délégué déléguée addictologue"
        ),
        connectors=_words(
            "de du des d la le les l pour sur contre en à au aux dans chargé chargée"
        ),
        conjunctions=_words("et"),
        adjective_endings=(
            "al", "ale", "aux", "ales", "ique", "iques", "ien", "ienne", "iens", "iennes",
            "aire", "aires", "el", "elle", "els", "elles", "if", "ive", "ifs", "ives", "ais",
            "aise", "ain", "aine", "iste", "istes", "eur", "rice", "ier", "ière",
        ),
        elided=_words("d l"),
        not_name_words=_words(
            "un une deux trois quatre cinq six sept huit neuf dix cent mille premier première "
            "dernier dernière ans année années mois jours jour fois aujourd hier qui que ne "
            "pas plus très aussi déjà encore sont est a ont été"
        ),
    ),
}  # fmt: skip
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*|[^\sA-Za-zÀ-ÖØ-öø-ÿ]")
_MAX_ORG_TOKENS = 24
_MAX_NAME_TOKENS = 4


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() and any(ch.islower() for ch in token)


def rule_candidates(text: str, language: str) -> list[Candidate]:
    """Organisation and person proposals; places come from the gazetteer."""
    rules = RULES.get(language)
    if rules is None:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    openings = _openings(language)
    found: list[Candidate] = []
    i = 0
    while i < len(tokens):
        token = tokens[i][2]
        opening = openings.get(token)
        if opening is None:
            opening = _opening(token, rules)
            if len(openings) >= _KNOWN_TOKENS:
                openings.clear()
            openings[token] = opening
        word, opens, titles = opening
        if not (opens or titles):
            i += 1  # most words open nothing: one look-up each
            continue
        if opens:
            end = _organisation_end(tokens, i, rules)
            start = tokens[i][1] - len(word)
            # Above the model on ties: a trigger word says organisation more surely than a label.
            found.append(Candidate(start, tokens[end][1], "ORG", 2))
            i = end + 1
            continue
        if titles and i + 1 < len(tokens):
            first = i + 2 if tokens[i + 1][2] == "." else i + 1  # "dott. Rossi"
            name_end = _name_end(tokens, first, rules)
            if name_end is not None:
                found.append(Candidate(tokens[first][0], tokens[name_end][1], "PER", 1))
                i = name_end + 1
                continue
        i += 1
    return found


# Tokens whose reading is remembered per language; past this many the memory starts afresh.
_KNOWN_TOKENS = 100_000


@cache
def _openings(language: str) -> dict[str, tuple[str, bool, bool]]:
    return {}


def _opening(token: str, rules: NameRules) -> tuple[str, bool, bool]:
    """The token without an elided article ("l'Istituto": the name starts after it), whether
    it opens an organisation's name, and whether it is a person's title."""
    word = token
    elided, apostrophe, rest = token.partition("'")
    if apostrophe and elided.lower() in rules.elided:
        word = rest
    return word, _opens_organisation(word, rules), word.lower() in rules.person_titles


def _opens_organisation(word: str, rules: NameRules) -> bool:
    return (
        word in rules.org_triggers
        or word in rules.lowercase_triggers
        or (word.isupper() and word.title() in rules.org_triggers)
    )


def _organisation_end(tokens: list[tuple[int, int, str]], first: int, rules: NameRules) -> int:
    """Index of the last token of an organisation name opened by a trigger word.

    Italian names mix capitalised words, adjectives and lower-case nouns after a preposition
    ("Istituto nazionale di statistica", "Servizio statale per l'esecuzione delle pene della
    Repubblica del Kirghizistan"). Lower-case nouns are taken only before the first
    capitalised word: after "Ministero della Salute", "per la prima volta" is the sentence.
    """
    last = first
    seen_capital = False
    for j in range(first + 1, min(len(tokens), first + _MAX_ORG_TOKENS)):
        word = tokens[j][2]
        lower = word.lower()
        pending = [tokens[k][2].lower() for k in range(last + 1, j)]
        # A comma continues a name only into "..., des Invalides": a preposition must follow it.
        after_connector = bool(pending) and pending[-1] in rules.connectors
        elided, _, rest = word.partition("'")
        if rest and elided.lower() in rules.elided:
            if rest.isupper() and pending and pending[0] in rules.conjunctions:
                break  # "Ministero della Salute e dell'UNODC": two bodies
            if _is_capitalised(rest) or rest.isupper():
                last, seen_capital = j, True
            elif not seen_capital and rest.isalpha():
                last = j
        elif _is_capitalised(word) or (word.isupper() and word.isalpha() and len(word) > 1):
            opens_another = word.isupper() or word.rstrip("s") in rules.org_triggers
            if opens_another and pending and pending[0] in (*rules.conjunctions, ","):
                break  # "... e il Dipartimento ...": the next body starts
            last, seen_capital = j, True
        elif lower in rules.connectors or lower in (*rules.conjunctions, ","):
            continue
        elif lower in rules.lowercase_triggers:
            break  # "..., ministère de la Santé": the next body starts
        elif word.islower() and word.isalpha() and lower not in rules.not_name_words:
            is_adjective = word.endswith(rules.adjective_endings)
            right_after = not pending or (len(pending) == 1 and pending[0] in rules.conjunctions)
            if (is_adjective and right_after) or (after_connector and not seen_capital):
                last = j
            else:
                break
        else:
            break
    return last


def _name_end(tokens: list[tuple[int, int, str]], first: int, rules: NameRules) -> int | None:
    """Index of the last token of a person's name starting at `first`, or None if none starts."""
    last = None
    for j in range(first, min(first + _MAX_NAME_TOKENS, len(tokens))):
        word = tokens[j][2]
        if not _is_capitalised(word) or word in rules.org_triggers:
            break
        last = j
    return last
