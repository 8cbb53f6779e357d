"""A rules recogniser for Italian, which has no spaCy pipeline on PyPI: titles, triggers, names."""

from __future__ import annotations

import re

from nlp.entities import Candidate

# Words that open an organisation's name ("Ministero della Salute", "Centro ...").
ORG_TRIGGERS = frozenset(
    "Ministero Ufficio Centro Istituto Comitato Sistema Alleanza Tavolo Segretariato "
    "Commissariato Agenzia Associazione Fondazione Comunità Cooperativa "
    "Consorzio Servizio Servizi Dipartimento Direzione Università Ospedale Azienda Comune "
    "Regione Consiglio Commissione Governo Parlamento Senato Camera Polizia Guardia Procura "
    "Tribunale Corte Croce Caritas Osservatorio Organizzazione Nazioni Unione Banca "
    "Federazione Sindacato Partito Movimento Società Ente Autorità Garante Unità Programma "
    "Fondo Coordinamento Conferenza Prefettura Questura Carabinieri Arma Esercito Sert SerD "
    "Asl Ats Ausl Cnca Gruppo Rete Consulta Difensore Provveditorato Amministrazione "
    "Ispettorato Ordine Collegio Accademia Scuola Policlinico Clinica Fraternità Casa Opera "
    "Cooperativa Onlus Lega".split()
)
# Words before a person's name ("il ministro Orazio Schillaci", "la dottoressa Anna Rossi").
PERSON_TITLES = frozenset(
    "ministro ministra presidente vicepresidente direttore direttrice dottor dottore "
    "dottoressa dott dott.ssa prof professore professoressa sindaco sindaca assessore "
    "assessora segretario segretaria sottosegretario sottosegretaria commissario "
    "commissaria coordinatore coordinatrice responsabile portavoce sig signor signore "
    "signora don suor onorevole on deputato deputata senatore senatrice psichiatra medico "
    "esperto esperta procuratore procuratrice giudice questore prefetto generale colonnello "
    "capitano comandante rappresentante fondatore fondatrice primario primaria garante".split()
)
# Words that may sit inside a long organisation name between capitalised words.
_CONNECTORS = frozenset(
    "di del della dello dei degli delle dell d per la il lo le gli i sulla sul sulle "
    "sui contro in a al alla allo ai agli alle nel nella".split()
)
# Lower-case words that look like adjectives in a name: "Centro scientifico e pratico".
_ADJECTIVE_ENDINGS = (
    "ale",
    "ali",
    "ico",
    "ica",
    "ici",
    "iche",
    "ano",
    "ana",
    "ani",
    "ane",
    "ivo",
    "iva",
    "ivi",
    "ive",
    "ario",
    "aria",
    "ari",
    "arie",
    "ese",
    "esi",
    "ile",
    "ili",
    "are",
    "ario",
    "ista",
    "isti",
    "itario",
    "itaria",
    "ente",
)
_ELIDED = frozenset("dell d l all nell sull dall".split())
# Lower-case words that end a name rather than continue it.
_NOT_NAME_WORDS = frozenset(
    "un uno una due tre quattro cinque sei sette otto nove dieci cento mille prima primo "
    "seconda secondo ultimo ultima anni anno mesi mese giorni giorno volta volte oggi ieri "
    "che non più molto anche già ancora sono è ha hanno".split()
)
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*|[^\sA-Za-zÀ-ÖØ-öø-ÿ]")
_MAX_ORG_TOKENS = 24
_MAX_NAME_TOKENS = 4


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() and any(ch.islower() for ch in token)


def italian_candidates(text: str) -> list[Candidate]:
    """Organisation and person proposals from Italian text (places come from the gazetteer)."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[Candidate] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][2]
        elided, apostrophe, rest = word.partition("'")
        if apostrophe and elided.lower() in _ELIDED:
            word = rest  # "l'Istituto": the name starts after the article
        if word in ORG_TRIGGERS or (word.isupper() and word.title() in ORG_TRIGGERS):
            end = _organisation_end(tokens, i)
            start = tokens[i][1] - len(word)
            found.append(Candidate(start, tokens[end][1], "ORG", 1))
            i = end + 1
            continue
        if word.lower() in PERSON_TITLES and i + 1 < len(tokens):
            first = i + 2 if tokens[i + 1][2] == "." else i + 1  # "dott. Rossi"
            name_end = _name_end(tokens, first)
            if name_end is not None:
                found.append(Candidate(tokens[first][0], tokens[name_end][1], "PER", 1))
                i = name_end + 1
                continue
        i += 1
    return found


def _organisation_end(tokens: list[tuple[int, int, str]], first: int) -> int:
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
        after_connector = bool(pending) and all(p in _CONNECTORS or p == "," for p in pending)
        elided, _, rest = word.partition("'")
        if rest and elided.lower() in _ELIDED:
            if rest.isupper() and pending and pending[0] in ("e", "ed"):
                break  # "Ministero della Salute e dell'UNODC": two bodies
            if _is_capitalised(rest) or rest.isupper():
                last, seen_capital = j, True
            elif not seen_capital and rest.isalpha():
                last = j
        elif _is_capitalised(word) or (word.isupper() and word.isalpha() and len(word) > 1):
            if (
                (word.isupper() or word in ORG_TRIGGERS)
                and pending
                and pending[0] in ("e", "ed", ",")
            ):
                break  # "... e il Dipartimento ...": the next body starts
            last, seen_capital = j, True
        elif lower in _CONNECTORS or lower in ("e", "ed", ","):
            continue
        elif word.islower() and word.isalpha() and lower not in _NOT_NAME_WORDS:
            is_adjective = word.endswith(_ADJECTIVE_ENDINGS)
            right_after = not pending or pending in (["e"], ["ed"])
            if (is_adjective and right_after) or (after_connector and not seen_capital):
                last = j
            else:
                break
        else:
            break
    return last


def _name_end(tokens: list[tuple[int, int, str]], first: int) -> int | None:
    """Index of the last token of a person's name starting at `first`, or None if none starts."""
    last = None
    for j in range(first, min(first + _MAX_NAME_TOKENS, len(tokens))):
        word = tokens[j][2]
        if not _is_capitalised(word) or word in ORG_TRIGGERS:
            break
        last = j
    return last
