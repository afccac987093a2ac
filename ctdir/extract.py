"""Find contacts and hotlines in free text such as a press release.

Why rules and not an NLP library: ctdir runs offline on field laptops, must
give the same answer every time (tests and reviewers rely on it), and cannot
download a model. Press-release contact lines are formulaic ("For more
information, please contact:" then name, title, office, Tel, E-mail), so a
small set of regular expressions and heuristics finds them, and every finding
can say which rule produced it (``Finding.reasons``).

The rules, in order:

1. Title: the first line that reads like a headline (4+ words, no final full
   stop, not a bullet, not a repeated navigation line, not a dateline).
2. Contact regions start at a trigger ("For more/further/press information,
   please contact", "Media contact:", "CONTACT:", "Pour plus d'informations,
   veuillez contacter", "Para más información, contactar a/con"...). A region
   is the rest of the trigger line, up to the next trigger (wrapped prose is
   joined), plus the following lines until prose, an end marker ("###",
   "About IOM"...), the next trigger, or a blank line followed by something
   that is not a field of a contact; it never reads more than 4,000
   characters, so the scan is linear in the text. Two regions need no trigger:
   a short line with a person's name and an e-mail address or a number (or a
   press office's header line with an address and a labelled number), and a
   person the running text gives an address for ("send ... to Agent Jane Doe
   at jdoe@x.gov. Or call ..."). People only quoted never become contacts.
3. A region is cut into contacts at separator lines ("or", "ou", "o"), a
   blank line once the contact has an address or number (unless a labelled
   field follows), an inline "... or <Name>" (or "and/et/y <Name>" once the
   part before has an address or number), and a new name line once the
   current contact has a name, phone or e-mail. Contacts cut from one
   sentence share the office named before the first.
4. In a contact: e-mail addresses anywhere (scraped ``"mailto:x">x`` debris
   included); numbers after a label (Tel/Tél/Teléfono/Phone -> office,
   Mobile/Mob/Cell/Portable/Móvil -> mobile, Fax -> fax, Hotline -> hotline);
   unlabelled numbers written internationally (+ or 00), valid in the
   release's country, or, with no country known, in a phone number's groups.
   What is left is cut at commas, " at ", parentheses and sentence ends;
   honorifics and ranks are dropped; each piece is an office ("IOM <place>"),
   a title (has a title word), an organisation (has an organisation word), a
   place, or a person's name (not words glued by a crawler, "MenuDefault");
   pieces with digits (addresses, dates) are ignored. An address at iom.int
   makes the organisation IOM when nothing else names it.
5. Titles missing from the block come from the body ("said IOM project
   manager <Name>", "<Name>, IOM trainer"); an office missing from the block
   comes from the body when the release names exactly one "IOM <city>".
6. Hotlines in the running text outside contact regions: "<number> (<Name
   Hotline>)", "<Name> hotline (at|on|:)? <number>", "its <number> <Name>
   hotline", "Línea/Ligne <Name> <number>"; then every number that
   phonenumbers' PhoneNumberMatcher finds (the release's country as region;
   valid numbers first, merely possible ones where no valid one is near), a
   vanity number (844-END-XXXX, 1-800-222-TIPS (8477)) or a short code of 3 to
   6 digits, when a word for calling or for a line stands right before it
   ("call", "Telefon", "Disque", "numero verde", "hotline at"...), when it is
   listed with such a number ("911 or 888-...", "; El Salvador 911"), ends a
   short item that says to call, or (not a short code) sits in a sentence
   about a line. Years, dates, times, counts ("6 000", "7,000 calls"), sums,
   percentages, addresses, case numbers and faxes are never hotlines. The name
   comes from the words around the number ("Police Human Trafficking
   Hotline", "numero verde antitratta", "Disque 100", whom the text says to
   call). The operator is the one the text names ("operated by X", "X runs a
   hotline"), else an organisation in the hotline's name ("Ministry of ...
   Hotline"), else the organisation mentioned in the text that best contains
   the hotline's first word ("Police ... Hotline" -> "Maldives Police
   Service": the most often mentioned, then the shortest). A number the text
   says to text and not to call ("or text HELP to 233733") is named as such
   ("SMS line 233733", "<Name> (SMS)") and its hours say "SMS only: text
   HELP to 233733".
7. Country: for a contact, the office's city or country, else the caller's
   hint, else the release's country, else the number's country code. For a
   hotline, the number's country code when written with one, a country named
   right before it ("Guatemala 1552"), the hint, then the release's country.
   The release's country is its dateline (also "RALEIGH – ..." further down),
   else the country of the numbers it writes with a country code (+373,
   1-800), else its most-mentioned country ("New Jersey" is not Jersey), else
   the one country domain of its web and e-mail addresses. Phones are parsed
   with that country and kept exactly as published. Place names are looked up
   exactly (never fuzzily): a fuzzy match turns people's names into countries.
8. Confidence: each rule gives one, lowered when the country is unknown or
   the number not valid; below UNCERTAIN_BELOW a finding is marked uncertain
   and `extract --add` leaves it out unless asked.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice, pairwise
from typing import Any

from ctdir.countries import CountryMatch, resolve_country, resolve_region, suggest_countries
from ctdir.errors import InvalidInput, UnknownCountry
from ctdir.model import blank_entry
from ctdir.phones import Phone, digits, not_a_number, parse_phone
from ctdir.text import collapse_spaces, fold

__all__ = ["UNCERTAIN_BELOW", "Finding", "extract", "release_title"]

# A finding below this confidence is marked uncertain: a number with no country to
# read it in, a line named by nothing but its number, a name with nothing to reach.
UNCERTAIN_BELOW = 0.5


@dataclass
class Finding:
    """One candidate entry found in the text, with why it was found."""

    entry: dict[str, Any]  # ctdir.model.blank_entry(kind), filled in
    confidence: float  # 0..1: a block with phone and e-mail is near 1, a bare name near 0.5
    reasons: list[str] = field(default_factory=list)  # short, human-readable
    line: int = 0  # 1-based line where the finding starts
    # Confidence below UNCERTAIN_BELOW: shown, but `extract --add` saves it only when asked.
    uncertain: bool = False
    # A hotline the text gives no name ("Hotline 888-3737-888"): its number is all it is.
    named_after_number: bool = False


# --- vocabulary ---------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"

# Agencies whose "<acronym> <place>" is an office ("IOM Maputo", "OIM Dakar").
_AGENCY = r"IOM|OIM|UNHCR|ACNUR|HCR|UNODC|ONUDC|UNICEF|ILO|OIT|BIT|UNDP|PNUD|UNFPA|OSCE|ICMPD"
_OFFICE = re.compile(
    rf"^(?:the\s+|l['’]\s*|la\s+|el\s+)?(?P<agency>{_AGENCY})\b(?:['’]s)?\s*(?P<rest>.*)$"
)

# Folded words that make a piece a job title.
_TITLE_WORDS = _wordset(
    """officer manager coordinator director assistant spokesperson spokesman spokeswoman
    head chief adviser advisor specialist representative consultant counsellor counselor
    attache secretary editor analyst expert trainer lead focal associate intern
    administrator delegate liaison researcher president minister commissioner
    charge chargee responsable directeur directrice coordinateur coordinatrice parole
    conseiller conseillere oficial coordinador coordinadora directora portavoz asistente
    encargado encargada jefe jefa asesor asesora especialista assistante chef cheffe officier
    agent agente gestionnaire
    pressesprecher pressesprecherin sprecher sprecherin referent referentin leiter leiterin
    koordinator koordinatorin geschaftsfuhrer geschaftsfuhrerin beraterin berater
    addetto addetta portavoce coordinatore direttore direttrice consulente
    assessor assessora coordenador coordenadora diretor diretora gerente"""
)
# Folded words that end (or start) an organisation's name.
_ORG_TAIL = _wordset(
    """service services force police department ministry unit command agency commission
    office foundation organization organisation centre center council institute bureau
    division directorate authority association network coalition programme program
    embassy court secretariat committee federation trust society government ngo
    fondation ministere ministerio fundacion oficina direccion policia gendarmerie
    ambassade embajada secretaria departamento servicio unidad reseau"""
)
_ORG_HEAD = _wordset(
    """ministry department ministere ministerio office bureau secretaria direccion direction
    fundacion fondation commission comision embassy ambassade embajada servicio agence
    agencia unidad assessoria ufficio pressestelle gabinete"""
)
# Lower-case words allowed inside names of people and organisations.
_PARTICLES = _wordset(
    "de da das do dos du des del della van von der den la le bin binti al el y e di ter"
)
_CONNECTORS = (
    r"of|and|for|on|to|against|the|de|du|des|la|le|les|del|y|et|contra|contre|para|pour"
    r"|per|di|della|delle|dei|do|da|dos|das|für|und|gegen"
)
_SMALL_WORDS = frozenset(f"{_CONNECTORS}|in|at|to|a|an|by|with|en|à".split("|"))
_HOTLINE_WORD = r"hot[\s-]?lines?|help[\s-]?lines?|tip[\s-]?lines?|freephone|phone[\s-]?lines?"
# Folded words too generic to identify a hotline's operator by.
_GENERIC = _wordset(
    """national toll free tollfree 24 hour hours human trafficking anti counter emergency
    child children women victim victims tip anonymous the a hotline helpline line
    confidential international regional linea ligne numero nacional nationale verte verde
    gratuita gratuite"""
)
# Lower-case words that may still belong to a hotline's name ("toll-free hotline").
_HOTLINE_ADJECTIVES = _wordset(
    """national toll-free free 24-hour anonymous confidential emergency tip trafficking
    anti-trafficking counter-trafficking"""
)

# Organisations behind e-mail domains: an address at iom.int is IOM staff.
_DOMAIN_ORGS = {"iom.int": "IOM", "unodc.org": "UNODC", "unhcr.org": "UNHCR"}

# --- patterns -----------------------------------------------------------------

_TRIGGER = re.compile(
    r"""
    (?=[ \t]*[acfkmpuw])  # cheap first-letter test: Python's re tries every position
    (?:
      \b(?:for|with)\s+(?:more|further|additional|any|press|media)\s+(?:information|info|details|questions)
        (?:\s+(?:on|about|regarding)\s+[^,:.\n]{1,60}?)?
        \s*[,:;]?\s*(?:please\s+)?(?:contact|call|e-?mail|write\s+to|reach)\b
    | ^[ \t]*(?:media|press)\s+(?:enquiries|inquiries|contacts?)\b
    | ^[ \t]*for\s+(?:interviews|media\s+(?:enquiries|inquiries)|press\s+(?:enquiries|inquiries))
        [^\n]{0,40}?[,:]?\s*(?:please\s+)?contact\b
    | ^[ \t]*contacts?[ \t]*:
    | \bpour\s+(?:plus\s+d['’]\s*informations?|de\s+plus\s+amples\s+informations?
          |toute\s+information(?:\s+compl[ée]mentaire)?|en\s+savoir\s+plus)
        \s*[,:;]?\s*(?:(?:veuillez|merci\s+de|pri[èe]re\s+de)\s+)?
        (?:contacter|contactez|joindre|vous\s+adresser\s+[àa]|s['’]adresser\s+[àa])
    | ^[ \t]*contacts?\s+(?:presse|m[ée]dias?)\b
    | \bpara\s+(?:m[áa]s|mayor)\s+informaci[óo]n\s*[,:;]?\s*
        (?:(?:por\s+favor|favor\s+de)\s+)?
        (?:contactar(?:se)?|contacte|cont[áa]ctese|comun[íi]quese|p[óo]ngase\s+en\s+contacto
          |dirigirse|escribir)
        (?:\s+(?:a|al|con)\b)?
    | ^[ \t]*contactos?\s+(?:de|para)\s+(?:la\s+)?prensa\b
    | ^[ \t]*(?:presse|medien)kontakte?\b | ^[ \t]*kontakt[ \t]*:
    | ^[ \t]*ansprechpartner(?:in)?\s+f[üu]r\s+(?:die\s+)?(?:presse|medien)\b
    | ^[ \t]*pressestelle[ \t]*:
    | \bper\s+(?:ulteriori\s+|maggiori\s+)?informazioni\s*[:,]
    | ^[ \t]*(?:contatti|contatto)\s+(?:per\s+la\s+)?stampa\b | ^[ \t]*ufficio\s+stampa[ \t]*:
    | ^[ \t]*conta(?:c)?tos?\s+(?:para\s+(?:a\s+)?|de\s+)?(?:imprensa|m[íi]dia)\b
    | ^[ \t]*assessoria\s+de\s+imprensa[ \t]*:
    | ^[ \t]*(?:para\s+)?mais\s+informa[çc][õo]es\s*[,:]
    )
    """,
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)

# A phone number as published: digits with single-line separators, an optional
# leading "+", "+ ", "++" or "(", a vanity word (416-222-TIPS), an extension.
_NUMBER = (
    r"(?:\+[ ]?\+?[ ]?|\(\+?)?\d(?:[\d().\- ]{0,28}\d)?"
    r"(?:-[A-Z]{2,8}\b){0,2}(?:(?<=[A-Z])[ ]?\(\d{2,8}\))?"  # "-TIPS (8477)": the word's digits
    r"(?:[ ]?,?[ ]?(?:ext\.?|extension|x)[ ]?\d{1,6}\b)?"
)
_NUMBER_RE = re.compile(rf"(?<![\w+@/]){_NUMBER}(?![\w@])")
_LABEL_RE = re.compile(
    r"""
    (?=[tfmcpgwhodl])  # first letters of the labels below: a cheap test per position
    (?<![\w@.])
    (?:
      (?P<fax>fax|t[ée]l[ée]copie|telefax)
    | (?P<mobile>mobile|mob|cell(?:ular)?|cel|celular|m[óo]vil|portable|port(?=\.|\s*:)|gsm
        |whatsapp)
    | (?P<hotline>hotline|helpline|toll[- ]free)
    | (?P<office>tel(?:ephone)?(?:/fax)?|t[ée]l[ée]phone|t[ée]l|tel[ée]fono|tfno|tlf|phone|ph
        |office|direct|landline)
    | (?-i:(?P<t>T)|(?P<m>M)|(?P<f>F))(?=\s*:)
    )
    \b\.?(?:\s*\((?:office|mobile|work|direct|bureau)\))?[ \t]*(?:[:.][ \t]*)?(?:\n[ \t]*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CHAIN_RE = re.compile(r"[ \t]*(?:/|,|;|\bor\b|\bou\b|\bo\b)[ \t]*(?=[+(\d])")
_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)
_EMAIL_LABEL = re.compile(
    r"(?<![\w@])(?:e-?mail|courriel|m[ée]l|correo(?:\s+electr[óo]nico)?|(?-i:E)(?=\s*:))"
    r"\b\.?\s*:?",
    re.IGNORECASE,
)
_MAILTO_DEBRIS = re.compile(r"[\"']?mailto:[^\s\"'>]*[\"']?>?", re.IGNORECASE)
# Honorifics and ranks before a name: "Dr. Jane Doe", "Sgt. John Roe", "Insp. ..."
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Dra|Prof|Pr|Mme|Mlle|Me|Sr|Sra|Srta|M|Sgt|Cpl|Capt|Col|Lt|Det"
    rf"|Insp|Supt|Cmdr|Maj|Gen|Hon)\.?\s+(?=[{_UPPER}])"
)
# Where a contact's text splits into pieces (name | title | office | place).
_PIECE_SPLIT = re.compile(
    rf"""\n|[,;|()]|:\s|\s[-–—]\s
    | \s+(?:at|à|a|chez|with|en)\s+(?=(?:the\s+|l['’]\s*|la\s+)?[{_UPPER}])
    | \s+(?:of|de|de\s+la|del|from)\s+(?=(?:the\s+|l['’]\s*|la\s+)?(?:{_AGENCY})\b)
    | (?<!\b[A-Z])(?<!\bTel)(?<!\bTél)(?<!\bNo)(?<!\bext)\.\s+(?=[{_UPPER}])
    """,
    re.VERBOSE,
)
# An inline " or <Name>" that starts another contact.
_INLINE_OR = re.compile(
    rf"\s+(?:or|ou|o)\s+(?=(?:(?:Mr|Mrs|Ms|Dr|Mme|M|Sr|Sra)\.?\s+)?[{_UPPER}][\w'’-]+\s+[{_UPPER}])"
)
_INLINE_AND = re.compile(rf",?\s+(?:and|et|y|e|und)\s+(?=[{_UPPER}])")
_SEPARATOR_LINE = re.compile(r"^\s*(?:or|ou|o|and|et|y|&|/|[-–—]+)\s*:?\s*$", re.IGNORECASE)
_END_MARKER = re.compile(
    r"^\s*(?:\#{3}|-{3,}|\*{3}|-?\s*(?:ends?|fin|fim)\s*-?\s*$|-30-|notes?\s+(?:to|for)\s+editors?"
    r"|notes?\s+aux\s+r[ée]dactions?|about\s|[àa]\s+propos|acerca\s+de|sobre\s+(?:la|el)\s"
    r"|follow\s+us|share\s+this|related\b|tags?\s*:|source\s*:)",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|f[ée]vrier|mars"
    r"|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero"
    r"|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_DATE_LINE = re.compile(rf"\b(?:{_MONTHS})\b.*\b(?:19|20)\d\d\b", re.IGNORECASE)
_RELEASE_LINE = re.compile(
    r"^\s*(?:for\s+immediate\s+release|press\s+release|news\s+release|media\s+release"
    r"|communiqu[ée]\s+de\s+presse|comunicado\s+de\s+prensa|nota\s+de\s+prensa)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^\s*(?P<place>[{_UPPER}][\w'’. -]{{1,40}}?)\s*"
    r"(?:,\s*(?:\d|le\s+\d|\w+\s+\d|\()|\s[-–—]\s)"
)
# A run of capitalised words on one line ("Ministry of Economic Development"); a dot
# belongs to a word only inside it ("U.S."), never at a sentence's end.
_CAP_WORD = rf"[{_UPPER}][\w'’&-]*(?:\.\w+)*"
_CAP_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t]+(?:(?:{_CONNECTORS})[ \t]+)*{_CAP_WORD})*")
# Hotlines in running text.
_HOTLINE_A = re.compile(
    rf"(?<![\w+@/.,])(?P<num>{_NUMBER})(?![\w@])\s*\(\s*(?P<name>[^()\n]{{3,80}}?)\s*\)"
)
_HOTLINE_B = re.compile(
    rf"\b(?P<kw>{_HOTLINE_WORD})\b(?:\s+(?:number|numbers|no\.))?"
    rf"\s*(?:(?:is|at|on)\s+|:\s*|\(\s*|[–-]\s+)?(?P<num>{_NUMBER})(?![\w@])",
    re.IGNORECASE,
)
_HOTLINE_C = re.compile(
    rf"\b(?P<name>(?:L[íi]nea|Ligne|N[úu]mero|Num[ée]ro)\b[^()\d:.;,\n]{{0,60}}?)"
    rf"\s*(?:[(:,]\s*)?(?:(?:al|au|le|es|est)\s+)?(?P<num>{_NUMBER})(?![\w@])"
)
# "its 1300 Prachabodi Centre hotline": a short number that heads the hotline's name.
_HOTLINE_D = re.compile(
    rf"(?<![\w,.])(?<!\d )(?P<num>\d{{3,6}})\s+(?P<name>(?-i:(?:[{_UPPER}][\w'’-]*\s+){{1,5}}))"
    rf"(?P<kw>{_HOTLINE_WORD})\b",
    re.IGNORECASE,
)
_OPERATED_BY = re.compile(
    r"^\)?\s*,?\s*(?:(?:which|that)\s+is\s+|is\s+|è\s+|es\s+|est\s+|é\s+|wird\s+)?"
    r"(?:operated|run|managed|staffed|gestit[oa]|operad[oa]|gestionad[oa]|administrad[oa]"
    r"|g[ée]r[ée]e?|gerid[oa]|mantid[oa]|betrieben)\s+"
    r"(?:by|da|dal|dalla|dallo|por|par|pela|pelo|von|vom)\s+"
    rf"(?:the\s+|el\s+|la\s+|le\s+|l['’]\s*|der\s+|dem\s+|a\s+|o\s+)?(?P<org>[{_UPPER}][\w'’-]*(?:\s+(?:(?:{_CONNECTORS})\s+)*[{_UPPER}][\w'’-]*)*)"
)

# "<Organisation> runs a toll-free helpline": the operator named before the hotline.
_RUNS = re.compile(
    rf"(?P<org>[{_UPPER}][\w'’-]*(?:,?\s+(?:(?:{_CONNECTORS})\s+)*[{_UPPER}][\w'’-]*)*)"
    r"\s+(?:has\s+|have\s+)?(?:runs?|operates?|manages?|launched|set\s+up|expanded|opened)"
    r"\s+(?:a|an|the|its|their)\b[^.]*$"
)


_NOT_NEWLINE = re.compile(r"[^\n]")
# The groups of a phone number written for its own country: "(402) 555-0100", "06 71 00 69 90".
_PHONE_SHAPE = re.compile(r"^(?:\(\d{2,5}\)|\d{2,5})(?:[ .-]?\d{2,4}){2,4}$")
# A capital after three lower-case letters inside a word: not "McDonald" or "DeVine".
_GLUED = re.compile(r"[a-zß-öø-ÿ]{3}[A-ZÀ-ÖØ-Þ]")
# "RALEIGH – Today ...", "LINCOLN, NE – ...": a dateline in capitals.
_CAPS_DATELINE = re.compile(
    rf"^\s*(?P<place>[{_UPPER}][{_UPPER}'’. -]{{2,30}}?)\s*(?:,\s*(?P<region>[\w. ]{{1,20}}?))?"
    r"\s*[–—-]\s+\w"
)
# Numbers written with their country code: "+373 ...", and "1-800-..." in North America.
_INTERNATIONAL = re.compile(
    r"(?<![\w+])\+\s?\d[\d ().-]{5,20}\d|(?<![\w+.-])1[-. ]\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b"
)
_DOMAIN = re.compile(r"(?:https?://|www\.|@)[\w-]+(?:\.[\w-]+)*\.(?P<tld>[A-Za-z]{2})(?![\w.-])")
# Country domains used as generic ones: they say nothing of where a release is from.
_GENERIC_TLDS = _wordset("co io tv me ly fm ai cc ws to nu gg im am")
# How far a contact region reads past its trigger (a block of 60 lines fits).
_REGION_CHARS = 4000
_BLANK_LINES = re.compile(r"\n{2,}")
# Joining words left at a piece's edges once numbers and addresses are cut out.
_PIECE_EDGES = re.compile(
    r"^(?:the|and|or|et|ou|y|o)\s+|\s+(?:at|or|and|on|via|by|en|à|a|ou|o|y|et)$"
)

# --- small helpers ------------------------------------------------------------


@lru_cache(maxsize=4096)
def _resolve(text: str) -> CountryMatch | None:
    # Exact only: fuzzy matching turns names and words into countries.
    return resolve_country(text, fuzzy=False)


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


@lru_cache(maxsize=8)
def _collapsed(text: str) -> str:
    return collapse_spaces(text)


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _title_case(title: str, lang: str = "en") -> str:
    """Capitalise a title found in running text: "project manager" -> "Project Manager".

    French and Spanish capitalise only a title's first word ("Chargé de projet").
    """
    if any(c.isupper() for c in title):
        return title
    if lang != "en":
        return title[:1].upper() + title[1:]

    def cap(word: str) -> str:
        return word if word in _SMALL_WORDS else word[:1].upper() + word[1:]

    return " ".join("-".join(cap(p) for p in w.split("-")) for w in title.split())


def _is_title(piece: str) -> bool:
    return any(w in _TITLE_WORDS for w in _words(piece))


def _is_org(piece: str) -> bool:
    words = _words(piece)
    return bool(words) and (words[-1] in _ORG_TAIL or words[0] in _ORG_HEAD)


def _is_name(piece: str) -> bool:
    """2 to 5 capitalised words (particles such as "de" or "van" inside)."""
    words = piece.split()
    if not 2 <= len(words) <= 5 or not _is_cap(words[0]) or not _is_cap(words[-1]):
        return False
    for w in words:
        if w in _PARTICLES:
            continue
        if not _is_cap(w) or not all(c.isalpha() or c in "'’-." for c in w):
            return False
        if _GLUED.search(w):
            return False  # "ManagementDefault": menu items glued together by a crawler
    return not _is_title(piece) and not _is_org(piece) and _OFFICE.match(piece) is None


def _place(text: str) -> CountryMatch | None:
    """A city or country named by ``text`` (or by its last words: "Mission in Dili")."""
    text = text.strip(" .")
    if not text:
        return None
    match = _resolve(text)
    if match is not None and match.how != "code":
        return match
    tail = re.split(r"\s+(?:in|for|en|à|pour|para)\s+", text)
    if len(tail) > 1:
        return _place(tail[-1])
    words = text.split()
    for n in (2, 1):
        if len(words) > n:
            match = _resolve(" ".join(words[-n:]))
            if match is not None and match.how != "code":
                return match
    return None


def _clean_number(raw: str) -> str:
    number = raw.strip(" .-,")
    # A bracket that wraps the number ("(416-222-TIPS)") is not part of it.
    if number.startswith("(") and number.count("(") > number.count(")"):
        number = number[1:].strip()
    if number.endswith(")") and number.count(")") > number.count("("):
        number = number[:-1].strip()
    return number


def _phone(number: str, country: str | None, label: str | None, reasons: list[str]) -> Phone:
    try:
        return parse_phone(number, country, label)
    except InvalidInput:
        # Kept rather than dropped: the number is in the text even when no
        # country is known to read it in.
        reasons.append(f"number {number} could not be parsed")
        return Phone(
            number=" ".join(number.split()),
            e164=None,
            label=label,
            valid=False,
            region=None,
            domestic_only=False,
        )


def _north_american(number: str, reasons: list[str]) -> str | None:
    """The country of a number written the North American way, with no country known:
    the prefix 1 ("1-800-..."), or three-three-four groups valid there, whose area
    code tells the country ("(402) 555-0100" is US, "(902) ..." CA)."""
    m = _NANP.match(number)
    if m is None:
        return None
    prefix = bool(m.group("one") or m.group("one2"))
    phone = _phone(number if prefix else "1 " + number, "US", None, [])
    if not phone["valid"] or not phone["region"]:
        return None
    code = phone["region"]
    if prefix:
        reasons.append(f"country from the number's North American prefix 1 ({code})")
    else:
        reasons.append(f"country from the number's North American area code ({code})")
    return code


# --- the document -------------------------------------------------------------


@dataclass
class _Region:
    trigger: str  # the trigger text, whitespace collapsed
    start: int  # offset of the trigger
    end: int  # offset just past the last line used
    items: list[tuple[int, str]]  # (line index, text)
    inline: bool  # the trigger line goes on: "please contact Jane Doe at ..."
    lang: str  # "en", "fr" or "es", from the trigger's wording


@dataclass
class _Context:
    """What the whole release tells about each finding."""

    doc: _Doc
    body: str  # from the title to the first contact region
    offices: list[tuple[str, CountryMatch]]  # "IOM <city>" offices the body names
    hint: str | None  # the caller's country
    source: str | None

    @cached_property
    def body_words(self) -> _BodyWords:
        return _BodyWords(self.body)

    @cached_property
    def domains(self) -> _DomainIndex:
        return _DomainIndex(self.doc.text)

    @cached_property
    def release_country(self) -> tuple[str | None, str | None]:
        # Lazy: most contacts take their country from their office.
        return _release_country(self.doc)


@dataclass
class _Contact:
    line: int
    lines: list[str] = field(default_factory=list)
    inline: bool = False


class _Doc:
    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        self.text = re.sub("[\u200b-\u200d\ufeff]", "", text)
        self.lines = self.text.split("\n")
        self.starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line) + 1
        self.triggers = list(_TRIGGER.finditer(self.text))
        stop = self.line_of(self.triggers[0].start()) if self.triggers else len(self.lines)
        self.title, self.title_line = _find_title(self.lines[:stop])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    @property
    def title_start(self) -> int:
        return self.starts[self.title_line] if self.title_line >= 0 else 0

    @property
    def body_start(self) -> int:
        if self.title_line < 0:
            return 0
        nxt = self.title_line + 1
        return self.starts[nxt] if nxt < len(self.lines) else len(self.text)


def _find_title(lines: list[str]) -> tuple[str | None, int]:
    for i, raw in enumerate(lines):
        line = collapse_spaces(raw.strip().lstrip("#"))
        if not line:
            continue
        words = line.split()
        if (
            line.startswith(("-", "•", "*", "–", "—"))
            or not 4 <= len(words) <= 30
            or line[-1] in ".:;,"
            or words[-1].lower() in _SMALL_WORDS
            or "@" in line
            or "http" in line
            or _RELEASE_LINE.match(line)
            or (_DATE_LINE.search(line) and len(words) <= 7)
        ):
            continue
        following = next((x.strip() for x in islice(lines, i + 1, None) if x.strip()), "")
        if following == line.strip():
            continue  # navigation menus repeat their items
        return line, i
    return None, -1


def release_title(text: str) -> str | None:
    """The release's headline: the first line that reads like one, else None."""
    return _Doc(text).title


# --- contact regions ----------------------------------------------------------


def _only_addresses(text: str) -> bool:
    """Nothing but e-mail addresses and numbers: a complete contact, not a sentence."""
    return not re.search(r"[^\W\d_]", _NUMBER_RE.sub("", _EMAIL_RE.sub("", text)))


def _looks_like_block_line(line: str) -> bool:
    """A line that is a field of a contact block rather than wrapped prose."""
    s = line.strip()
    if not s or _SEPARATOR_LINE.match(s) or _EMAIL_RE.match(s) or _MAILTO_DEBRIS.match(s):
        return True
    if _LABEL_RE.match(s) or _EMAIL_LABEL.match(s) or _OFFICE.match(s):
        return True
    return _is_name(s) or (_is_title(s) and len(s.split()) <= 6)


def _is_prose(line: str) -> bool:
    """A sentence of running text: long, mostly lower-case words, no contact data.

    Addresses are long too but mostly capitalised words and numbers.
    """
    s = line.strip()
    if _EMAIL_RE.search(s) or _LABEL_RE.search(s) or re.search(r"\+\s?\d", s):
        return False
    words = s.split()
    if len(words) >= 30:
        return True  # no field of a contact block is that long
    lower = sum(1 for w in words if w[0].islower())
    return 3 * lower >= len(words) and (len(words) >= 9 or (len(words) >= 6 and s.endswith(".")))


def _regions(doc: _Doc) -> list[_Region]:
    found = doc.triggers
    regions: list[_Region] = []
    for k, m in enumerate(found):
        limit = found[k + 1].start() if k + 1 < len(found) else len(doc.text)
        # A region reads at most _REGION_CHARS characters and never past the next
        # trigger: with triggers repeated on one line, each reads only its own part,
        # so the scan stays linear in the text's length.
        limit = min(limit, m.end() + _REGION_CHARS)
        li = doc.line_of(m.end() - 1) if m.end() > m.start() else doc.line_of(m.start())
        line_end = doc.starts[li] + len(doc.lines[li])
        rest = doc.text[m.end() : min(line_end, limit)].strip().lstrip(":-–—,").strip()
        items: list[tuple[int, str]] = []
        nxt = li + 1
        if rest:
            if not rest.endswith(":"):
                # Inline sentence: join the wrapped paragraph it continues on.
                while (
                    nxt < len(doc.lines)
                    and doc.starts[nxt] < limit
                    and doc.lines[nxt].strip()
                    and not rest.endswith((".", ":"))
                    and not _only_addresses(rest)  # "CONTACT: media@example.org"
                    and not _looks_like_block_line(doc.lines[nxt])
                ):
                    rest += " " + doc.text[doc.starts[nxt] : limit].split("\n", 1)[0].strip()
                    nxt += 1
            items.append((li, rest))
        end = doc.starts[nxt] if nxt < len(doc.lines) else len(doc.text)
        while nxt < len(doc.lines) and doc.starts[nxt] < limit and len(items) < 60:
            line = doc.text[doc.starts[nxt] : limit].split("\n", 1)[0]
            if _END_MARKER.match(line) or (line.strip() and _is_prose(line)):
                break
            if rest and _only_addresses(rest) and not _looks_like_block_line(line):
                break  # "CONTACT: media@example.org" then the release's first paragraph
            after_blank = bool(items) and not items[-1][1]
            if after_blank and (
                # An inline sentence ends with its paragraph; a block goes on after
                # a blank line only with another field of a contact.
                (rest and not rest.endswith(":"))
                or not (_looks_like_block_line(line) or _has_contact_data(line, loose=True))
            ):
                break
            items.append((nxt, line.strip()))
            nxt += 1
            end = doc.starts[nxt] if nxt < len(doc.lines) else len(doc.text)
        while items and not items[-1][1]:
            items.pop()
        trigger = collapse_spaces(m.group())
        head = fold(trigger)
        lang = "fr" if head.startswith(("pour", "contact presse", "contacts presse")) else "en"
        lang = "es" if head.startswith(("para", "contacto")) else lang
        regions.append(_Region(trigger, m.start(), min(end, limit), items, bool(rest), lang))
    return regions


def _covered(regions: list[_Region]) -> list[tuple[int, int]]:
    """The stretches the regions cover, merged, in order (for ``_inside``)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted((r.start, r.end) for r in regions):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _inside(covered: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the merged stretches (a binary search)."""
    i = bisect.bisect_right(covered, (pos, 1 << 62)) - 1  # the last stretch from <= pos
    return i >= 0 and covered[i][0] <= pos < covered[i][1]


def _contact_lines(doc: _Doc, taken: list[_Region]) -> list[_Region]:
    """Lines that are a contact without any trigger before them.

    "Coordination : Jane Doe - jdoe@example.org - 06 12 34 56 78" or a press
    office's header line: a short line, outside the contact regions, with an e-mail
    address or a labelled number and a person's name, or with both an address and
    a labelled number.
    """
    covered = _covered(taken)
    found: list[_Region] = []
    for m in _EMAIL_RE.finditer(doc.text):
        li = doc.line_of(m.start())
        start = doc.starts[li]
        if (found and found[-1].start == start) or _inside(covered, start):
            continue
        line = doc.lines[li]
        # "By Jane Doe, IOM Office in Dili; e-mail: jdoe@example.org": an author's
        # byline with an address is a contact even without a number.
        byline = _BYLINE.match(line) if len(line.split()) <= 25 else None
        if byline:
            line = line[byline.end() :]
        elif len(line.split()) > 45 or _is_prose(_EMAIL_RE.sub("", line)):
            continue
        pieces = [
            collapse_spaces(p).strip(" .:-–—")
            for p in _PIECE_SPLIT.split(_HONORIFIC.sub("", _EMAIL_RE.sub(" ", line)))
            if p
        ]
        named = any(_is_name(p) for p in pieces)
        if byline and named:
            end = start + len(doc.lines[li])
            found.append(_Region("byline", start, end, [(li, line.strip())], False, "en"))
            continue
        labelled = any(_NUMBER_RE.match(line, lm.end()) for lm in _LABEL_RE.finditer(line))
        numbered = labelled or any(
            len(digits(n.group())) >= 7 for n in _NUMBER_RE.finditer(_EMAIL_RE.sub(" ", line))
        )
        if (named and numbered) or (labelled and not named):
            found.append(
                _Region("contact line", start, start + len(line), [(li, line.strip())], False, "en")
            )
    return found


# An author's byline: "By Jane Doe, ...", "Por ...", "Par ...", "Von ...".
_BYLINE = re.compile(rf"^\s*(?:by|por|par|di|von|door|av)\s+(?=[{_UPPER}])", re.IGNORECASE)

# "<Title> <Name> at <e-mail>": a person the text gives an address for.
_NAME_AT_EMAIL = re.compile(
    rf"(?P<run>(?:[{_UPPER}][\w'’.-]*\s+(?:(?:in|of|for|de|du|del)\s+)?){{1,9}})"
    r"(?:at|:|,|\(|via|on|à|a)\s*$"
)


def _contact_sentences(doc: _Doc, taken: list[_Region]) -> list[_Region]:
    """People the running text gives an e-mail address for: "send ... to Officer Jane
    Doe at jdoe@example.org. Or call 555-0100 to register." The person, the title
    and organisation before the name, the address and a number in the next
    sentence ("Or call ...") make a contact."""
    covered = _covered(taken)
    found: list[_Region] = []
    for em in _EMAIL_RE.finditer(doc.text):
        if _inside(covered, em.start()) or (found and em.start() < found[-1].end):
            continue
        head = doc.text[max(0, em.start() - 120) : em.start()]
        nm = _NAME_AT_EMAIL.search(head)
        if nm is None or nm.end() != len(head):
            continue
        words = nm.group("run").split()
        name = next(
            (
                " ".join(words[-k:])
                for k in (3, 2)
                if len(words) >= k
                and _is_name(" ".join(words[-k:]))
                and not any(w.lower() in _TITLE_WORDS for w in words[-k:])
            ),
            None,
        )
        if name is None:
            continue
        prefix = words[: len(words) - len(name.split())]
        lines = [name, em.group().rstrip(".")]
        if prefix and re.fullmatch(r"[A-Z]{2,8}", prefix[0]):
            lines.append(prefix.pop(0))  # "HSI Special Agent ...": the agency
        if prefix and _is_title(" ".join(prefix)):
            lines.append(" ".join(prefix))
        end = em.end()
        nxt = re.match(
            rf"\.?\s+(?:or|and|ou|o|y)\s+(?:call|phone|ring|appelez|llame|llamar)\s+"
            rf"(?:us\s+)?(?:(?:at|on|au|al)\s+)?(?P<num>{_NUMBER})",
            doc.text[end : end + 80],
            re.IGNORECASE,
        )
        if nxt is not None:
            lines.append(f"Tel: {_clean_number(nxt.group('num'))}")
            end += nxt.end()
        li = doc.line_of(em.start())
        start = em.start() - len(head) + nm.start()
        found.append(_Region("contact sentence", start, end, [(li, "\n".join(lines))], True, "en"))
    return found


def _has_contact_data(text: str, loose: bool = False) -> bool:
    """An e-mail address or a labelled number ("Office" alone is a word, not a label);
    ``loose``: or any number of 7 digits or more ("Jane Doe, (402) 555-0100")."""
    if _EMAIL_RE.search(text):
        return True
    if loose and any(len(digits(m.group())) >= 7 for m in _NUMBER_RE.finditer(text)):
        return True
    return any(_NUMBER_RE.match(text, lm.end()) for lm in _LABEL_RE.finditer(text))


def _split_inline(text: str) -> list[str]:
    """An inline sentence cut at " or <Name>", and at " and/et/y <Name>" once the part
    before has an address or a number ("Jane Doe, jdoe@x.org, and John Roe, ...")."""
    parts: list[str] = []
    for part in _INLINE_OR.split(text):
        pos = 0
        for m in _INLINE_AND.finditer(part):
            left = part[pos : m.start()]
            name = _PIECE_SPLIT.split(part[m.end() :], maxsplit=1)[0].strip()
            if _has_contact_data(left, loose=True) and _is_name(_HONORIFIC.sub("", name)):
                parts.append(left)
                pos = m.end()
        parts.append(part[pos:])
    return parts


def _split_contacts(region: _Region) -> list[_Contact]:
    contacts: list[_Contact] = []
    current: _Contact | None = None
    has_data = False
    reachable = False  # the current contact has an address or a number

    def close() -> None:
        nonlocal current, has_data, reachable
        if current is not None and any(x.strip() for x in current.lines):
            contacts.append(current)
        current, has_data, reachable = None, False, False

    items = region.items
    for index, (li, text) in enumerate(items):
        if not text and reachable:
            following = next((t for _, t in islice(items, index + 1, None) if t), "")
            if not (_LABEL_RE.match(following) or _EMAIL_LABEL.match(following)):
                close()  # a blank line, then something other than a field of this contact
            continue
        if _SEPARATOR_LINE.match(text):
            close()
            continue
        if not text:
            continue  # "Jane Doe\n\nMedia Officer\n\nTel: ...": one contact, airy layout
        parts = _split_inline(text) if index == 0 else [text]
        for p, part in enumerate(parts):
            if p > 0:
                close()
            first_piece = _PIECE_SPLIT.split(_HONORIFIC.sub("", part).strip(), maxsplit=1)[0]
            starts_name = _is_name(first_piece.strip())
            if current is not None and starts_name and has_data:
                close()
            if current is None:
                current = _Contact(line=li, inline=region.inline and index == 0)
            current.lines.append(part)
            has_data = has_data or starts_name or _has_contact_data(part)
            reachable = reachable or _has_contact_data(part, loose=True)
    close()
    return contacts


@dataclass
class _Parsed:
    name: str | None = None
    title: str | None = None
    organization: str | None = None
    office: str | None = None
    place: CountryMatch | None = None
    place_text: str | None = None
    phones: list[tuple[str, str | None]] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # capitalised pieces nothing else took


def _parse_contact(text: str, region: str | None = None) -> _Parsed:
    out = _Parsed()
    spans: list[tuple[int, int]] = []
    # Labelled numbers, and numbers chained after them ("Tel: +1 ... / +1 ...").
    for lm in _LABEL_RE.finditer(text):
        label = next(k for k, v in lm.groupdict().items() if v)
        label = {"t": "office", "m": "mobile", "f": "fax"}.get(label, label)
        pos, start = lm.end(), lm.start()
        while True:
            nm = _NUMBER_RE.match(text, pos)
            if nm is None:
                break
            number = _clean_number(nm.group())
            if len(digits(number)) < (3 if label == "hotline" else 6):
                break
            out.phones.append((number, label))
            pos = nm.end()
            spans.append((start, pos))
            chain = _CHAIN_RE.match(text, pos)
            if chain is None:
                break
            start, pos = pos, chain.end()
    for em in _EMAIL_RE.finditer(text):
        address = em.group().rstrip(".")
        if address.lower() not in (e.lower() for e in out.emails):
            out.emails.append(address)
        spans.append(em.span())
    for dm in _MAILTO_DEBRIS.finditer(text):
        spans.append(dm.span())
    masked = _mask(text, spans)
    # Unlabelled numbers count when written for international dialling, or as a
    # number of the release's country (valid there), or, when no country is known,
    # in the groups of a phone number ("(402) 555-0100", "06 71 00 69 90").
    for nm in _NUMBER_RE.finditer(masked):
        number = _clean_number(nm.group())
        n = len(digits(number))
        if (
            (number.startswith("+") and n >= 7)
            or (number.startswith("00") and n >= 9)
            or (n >= 7 and _national_number(number, region))
        ):
            out.phones.append((number, None))
            spans.append(nm.span())
    for lm in _EMAIL_LABEL.finditer(text):
        spans.append(lm.span())
    residual = _BLANK_LINES.sub("\n", _mask(text, spans, "\n"))
    residual = _HONORIFIC.sub("", residual)
    for raw in _PIECE_SPLIT.split(residual):
        if not raw or not any(c.isalpha() for c in raw):
            continue
        piece = _PIECE_EDGES.sub("", collapse_spaces(raw).strip(" .:-–—\"'“”"))
        if piece and any(c.isalpha() for c in piece):
            _classify(piece, out)
    return out


def _national_number(number: str, region: str | None) -> bool:
    if _DATE_LIKE.match(number) or _THOUSANDS.match(number) or not_a_number(number):
        return False
    if region is None:
        return _PHONE_SHAPE.match(number) is not None
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _mask(text: str, spans: list[tuple[int, int]], fill: str = " ") -> str:
    """``text`` with the spans blanked (newlines kept, so lines and offsets stay put)."""
    out: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        a = max(a, pos)
        if a >= b:
            continue
        out.append(text[pos:a])
        out.append(_NOT_NEWLINE.sub(fill, text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _classify(piece: str, out: _Parsed) -> None:
    if any(c.isdigit() for c in piece):
        out.notes.append(f"ignored {piece!r} (an address or date?)")
        return
    office = _OFFICE.match(piece)
    if office:
        rest = office.group("rest").strip()
        if out.office is None:
            # The agency outranks a unit named before it ("Media Unit" / "IOM Nairobi").
            out.organization = office.group("agency")
        if rest and out.office is None:
            out.office = f"{office.group('agency')} {rest}"
            where = _place(rest)
            if where is not None:
                out.place, out.place_text = where, rest
        return
    if _is_title(piece):
        if out.title is None and len(piece.split()) <= 10:
            out.title = piece
        return
    if _is_org(piece):
        if out.organization is None:
            out.organization = piece
        return
    where = _resolve(piece)
    if where is not None and where.how != "code" and len(piece.split()) <= 4:
        if out.place is None:
            out.place, out.place_text = where, piece
        return
    if _is_name(piece):
        if out.name is None:
            out.name = piece
        return
    if len(piece.split()) >= 2 and _is_cap(piece):
        # "IOM Maldives" split from its name by "at": keep capitalised leftovers
        # only as notes; guessing would put words in people's mouths.
        out.notes.append(f"ignored {piece!r}")
        out.leftovers.append(piece)


# --- release-level context ----------------------------------------------------


def _dateline_place(place: str, region: str | None = None) -> CountryMatch | None:
    """The country of a dateline's place: a city or country, else a state or province
    ("District of Columbia, April 16"), else the state after the city ("LINCOLN, NE")."""
    where = _place(place) or resolve_region(place.strip(" ."))
    if where is None and region:
        where = resolve_region(region.replace(".", ""), postal_code=True)
    return where


def _release_country(doc: _Doc) -> tuple[str | None, str | None]:
    """The release's own country: its dateline, else the most-mentioned country."""
    first = next((x for x in doc.lines[doc.title_line + 1 :] if x.strip()), "")
    dm = _DATELINE.match(first)
    if dm:
        where = _dateline_place(dm.group("place"))
        if where is not None:
            return where.code, f"dateline {dm.group('place').strip()}"
    # A dateline in capitals further down ("RALEIGH – Today, ..."), after a contact
    # block or crawler debris.
    for line in islice(doc.lines, 0, 40):
        cm = _CAPS_DATELINE.match(line)
        if cm:
            where = _dateline_place(cm.group("place"), cm.group("region"))
            if where is not None:
                place = cm.group("place").strip()
                if cm.group("region"):
                    place += ", " + cm.group("region").strip()
                return where.code, f"dateline {place}"
    code = _international_country(doc.text)
    if code is not None:
        return code, "numbers the release writes with a country code"
    counts: Counter[str] = Counter()
    for run in _CAP_RUN.finditer(doc.text):
        words = run.group().split()
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                cand = " ".join(words[i : i + n]).strip(".,’'")
                match = None
                if len(words[i : i + n]) == n:
                    match = _resolve(cand) or resolve_region(cand)  # "Ohio": US
                if match is not None and i > 0 and words[i - 1] in ("New", "Nouvelle", "Nueva"):
                    match = None  # "New Jersey", "New Guinea": not Jersey, not Guinea
                named = match is not None and (
                    match.how in ("name", "alias", "translation", "region")
                    or (match.how == "code" and "." in cand)  # "U.S.", "U.K."
                )
                if match is not None and named:
                    counts[match.code] += 1
                    i += n
                    break
            else:
                i += 1
    if not counts:
        code = _domain_country(doc.text)
        if code is not None:
            return code, "country domain of the release's web and e-mail addresses"
        return None, None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, None
    return ranked[0][0], f"most-mentioned country in the release ({ranked[0][1]} mentions)"


def _international_country(text: str) -> str | None:
    """The country most numbers written with a country code ("+373 ...") belong to."""
    import phonenumbers

    counts: Counter[str] = Counter()
    for m in _INTERNATIONAL.finditer(text):
        try:
            parsed = phonenumbers.parse("+" + m.group().lstrip("+ "), None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(parsed)
        if region and region != "001":
            counts[region] += 1
        if sum(counts.values()) >= 20:
            break
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _domain_country(text: str) -> str | None:
    """The one country domain (.de, .md, .uk) of the text's web and e-mail addresses."""
    found = set()
    for m in _DOMAIN.finditer(text):
        tld = m.group("tld").lower()
        if tld in _GENERIC_TLDS:
            continue
        match = _resolve("GB" if tld == "uk" else tld.upper())
        if match is not None:
            found.add(match.code)
        if len(found) > 1:
            return None
    return found.pop() if found else None


# "https://www.example.org/press" on the first line: where the release was published.
_SOURCE_URL = re.compile(r"^\s*https?://(?:www\.)?(?P<host>[\w.-]+)", re.IGNORECASE)


def _domain_label(host: str) -> str:
    """The name part of a host: "media.abcd.org" -> "abcd", "abcd.org.uk" -> "abcd"."""
    parts = host.lower().split(".")
    if len(parts) > 2 and len(parts[-1]) == 2 and len(parts[-2]) <= 3:
        return parts[-3]
    return parts[-2] if len(parts) > 1 else ""


_BRACKETED_ACRONYM = re.compile(r"\((?P<acr>[A-Z]{2,8})\)(?:[ \t]+(?P<city>[^\W\d_][\w’'-]*))?")
_NAME_BEFORE_ACRONYM = re.compile(
    rf"((?:[{_UPPER}][\w’'-]*[ \t]+(?:(?:{_CONNECTORS})[ \t]+)*){{1,10}})$"
)
_WORD = re.compile(r"[^\W_]+")


class _DomainIndex:
    """What ``_domain_org`` looks up, read from the text once: the names written
    before an acronym in brackets, and where each word stands (so a release with
    a thousand contacts is read once, not once per contact)."""

    def __init__(self, text: str) -> None:
        self.text = text
        url = _SOURCE_URL.match(text.lstrip("\n"))
        self.own_host = url.group("host") if url else None
        self.acronyms: dict[str, tuple[str, str | None]] = {}  # "abcd" -> (name, city word)
        for m in _BRACKETED_ACRONYM.finditer(text):
            key = m.group("acr").lower()
            if key in self.acronyms:
                continue
            name = _NAME_BEFORE_ACRONYM.search(text, max(0, m.start() - 200), m.start())
            if name is not None:
                full = re.sub(r"^(?:The|La|Le|El|Les|Los|Las|Die|Der)\s+", "", name.group(1))
                self.acronyms[key] = (f"{full.strip()} ({m.group('acr')})", m.group("city"))
        self.words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        self.where: dict[str, list[int]] = {}  # folded word -> its first few indices
        for i, (word, _, _) in enumerate(self.words):
            places = self.where.setdefault(word.lower(), [])
            if len(places) < 8:
                places.append(i)
        self.cache: dict[str, tuple[str, str, CountryMatch | None] | None] = {}

    def spelled(self, parts: list[str]) -> str | None:
        """ "Safe Harbor" or "Safe-Harbor" for ["safe", "harbor"], capitalised, outside
        addresses; None if the text never writes it so."""
        text, words = self.text, self.words
        for i in self.where.get(parts[0], []):
            run = words[i : i + len(parts)]
            if [w.lower() for w, _, _ in run] != parts or not all(_is_cap(w) for w, _, _ in run):
                continue
            a, b = run[0][1], run[-1][2]
            gaps = (text[x[2] : y[1]] for x, y in pairwise(run))
            if not all(re.fullmatch(r"[\s-]+", g) for g in gaps):
                continue
            if (a and text[a - 1] in "@./-") or text[b : b + 1] == "@":
                continue
            if text[b : b + 1] == "." and text[b + 1 : b + 2].isalnum():
                continue  # "safeharbor.org": an address, not the name
            return text[a:b]
        return None


def _domain_org(
    index: _DomainIndex, emails: list[str]
) -> tuple[str, str, CountryMatch | None] | None:
    """The organization the text names by the domain of the contact's e-mail
    address or of the release's own web address, and the city written right after
    it: "jdoe@abcd.example.gov" and "the Alliance of Bold Civic Defenders (ABCD)
    Springfield ..." (an acronym in brackets: any part of the domain); a release
    published on "www.safeharbor12.org" that says "SafeHarbor12 runs ..."; an
    address at "safe-harbor.org" and "Safe Harbor" in the text. A single word of an
    e-mail domain is not enough: it may be a place ("press@cambs.example.uk").
    """
    hosts = [(e.rsplit("@", 1)[-1].lower(), False) for e in emails]
    hosts += [(index.own_host.lower(), True)] if index.own_host else []
    for host, own_site in hosts:
        key = f"{host} {own_site}"
        if key not in index.cache:
            index.cache[key] = _host_org(index, host, own_site)
        if index.cache[key] is not None:
            return index.cache[key]
    return None


def _host_org(
    index: _DomainIndex, host: str, own_site: bool
) -> tuple[str, str, CountryMatch | None] | None:
    for label in host.split(".")[:-1]:
        if label in index.acronyms:
            name, city_word = index.acronyms[label]
            city = _resolve(city_word) if city_word else None
            return name, host, city if city is not None and city.how == "city" else None
    label = _domain_label(host)
    parts = label.split("-")
    if len(label) < 3 or not all(p.isalnum() for p in parts):
        return None
    generic = label in _GENERIC or label in _ORG_TAIL or label in _ORG_HEAD
    if len(parts) == 1 and (not own_site or generic):
        return None
    spelled = index.spelled(parts)
    return (spelled, host, None) if spelled else None


def _body_offices(body: str) -> list[tuple[str, CountryMatch]]:
    """Distinct "IOM <city>" offices the text names ("IOM Dhaka Builds ..." -> Dhaka)."""
    seen: dict[str, CountryMatch] = {}
    for m in re.finditer(rf"\b(?:IOM|OIM)\s+((?:[{_UPPER}][\w'’-]*\s*){{1,3}})", body):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            match = _resolve(cand)
            if match is not None and match.how == "city":
                seen.setdefault(cand, match)
                break
    return list(seen.items())


def _org_mentions(body: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in _CAP_RUN.finditer(body):
        run = re.sub(r"^(?:The|La|Le|El|Les|Los|Las)\s+", "", m.group()).rstrip(".’'")
        run = re.sub(r"['’]s$", "", run)
        # "Superintendent Jane Doe of the Ghana Police Service": keep what follows "of"
        # unless what precedes it is itself an organisation ("Ministry of ...").
        parts = re.split(r"(\s+(?:of|for|to|de|du|des|del)\s+(?:the\s+)?)", run)
        run = parts[0]
        for sep, part in zip(parts[1::2], parts[2::2], strict=True):
            run = run + sep + part if _is_org(run) else part
        if re.search(_HOTLINE_WORD, run, re.IGNORECASE) or re.search(r"\b(?:Line|Línea)\b", run):
            continue
        if _is_org(run) and len(run.split()) >= 2:
            counts[run] += 1
    return counts


class _BodyWords:
    """The body with its spaces collapsed, and where each word starts in it (the
    first few times), read once: finding each contact's name in the body must not
    read the whole body again for every contact."""

    def __init__(self, body: str) -> None:
        self.flat = _collapsed(body)
        self.starts: dict[str, list[int]] = {}
        for m in re.finditer(r"\S+", self.flat):
            places = self.starts.setdefault(m.group(), [])
            if len(places) < 16:
                places.append(m.start())

    def mentions(self, name: str) -> list[tuple[int, int]]:
        """Where ``name`` stands in the body as whole words: (start, end) spans."""
        words = name.split()
        if not words:
            return []
        flat, wanted, spans = self.flat, " ".join(words), []
        # The first word may carry punctuation in the body ("Doe," "(Jane"): look it
        # up bare and with what commonly clings to it.
        for key in (words[0], "(" + words[0], "“" + words[0], '"' + words[0]):
            for pos in self.starts.get(key, []):
                a = pos + len(key) - len(words[0])
                b = a + len(wanted)
                if flat.startswith(wanted, a) and not flat[b : b + 1].isalnum():
                    spans.append((a, b))
        return sorted(spans)


def _body_title(body: _BodyWords, name: str, lang: str) -> tuple[str, str] | None:
    """A contact's title as the body gives it: "said IOM project manager <Name>"."""
    flat = body.flat
    for a, b in body.mentions(name):
        before = flat[max(0, a - 90) : a]
        found = _title_before(before, lang) or _title_after(flat[b : b + 90], lang)
        if found is not None:
            title, start, end = found
            return title, collapse_spaces(
                (before[start:] + name) if start >= 0 else (name + flat[b : b + end])
            )
    return None


def _title_before(before: str, lang: str) -> tuple[str, int, int] | None:
    # "said IOM project manager <Name>", "said IOM trainer, <Name>"
    agencies = list(re.finditer(r"\b(?:IOM|OIM)(?:['’]s)?\s+", before))
    if agencies:
        title = before[agencies[-1].end() :].strip().rstrip(",").strip()
        if _valid_body_title(title):
            return _title_case(title, lang), agencies[-1].start(), 0
    # "dijo la coordinadora de proyectos de la OIM, <Name>"
    sm = re.search(
        r"\s+(?:de\s+la|de\s+l['’]\s*|del|of|at|with|for|à\s+l['’]\s*)\s*(?:the\s+)?"
        r"(?:IOM|OIM)\s*,?\s*$",
        before,
    )
    if sm:
        head = before[: sm.start()]
        bounds = list(
            re.finditer(
                r"[.,;:\"“”«»]|\b(?:said|says|dijo|afirm[óo]|declar[óo]|explic[óo]|d[ée]clar[ée]"
                r"|expliqu[ée]|selon|the|la|el|le|a|an)\b",
                head,
                re.IGNORECASE,
            )
        )
        start = bounds[-1].end() if bounds else 0
        title = head[start:].strip()
        if _valid_body_title(title):
            return _title_case(title, lang), start, 0
    return None


def _title_after(after: str, lang: str) -> tuple[str, int, int] | None:
    # "<Name>, IOM project manager, said" / "<Name>, chargé de projet à l'OIM"
    am = re.match(
        r"\s*,\s*(?:the\s+|l['’]|la\s+|el\s+)?(?:(?:IOM|OIM)(?:['’]s)?\s+(?P<t1>[^.,;:\"“”()]+?)"
        r"\s*(?:,|\bsaid\b|\.|$)|(?P<t2>[^.,;:\"“”()]+?)\s+(?:at|of|with|for|à|de|del|en)\s+"
        r"(?:the\s+|l['’]|la\s+)?(?:IOM|OIM)\b)",
        after,
    )
    if am:
        title = (am.group("t1") or am.group("t2") or "").strip()
        if _valid_body_title(title):
            return _title_case(title, lang), -1, am.end()
    return None


def _valid_body_title(title: str) -> bool:
    words = title.split()
    return (
        1 <= len(words) <= 7
        and _is_title(title)
        and all(all(c.isalpha() or c in "-'’" for c in w) for w in words)
        and not re.search(r"\b(?:said|says|told|and|who|which)\b", title, re.IGNORECASE)
    )


# --- the extraction -----------------------------------------------------------


def _normalise_hint(country: str | None) -> str | None:
    if country is None or not country.strip():
        return None
    match = resolve_country(country, fuzzy=False)
    if match is None:
        hints = [m.name for m in suggest_countries(country)]
        raise UnknownCountry(f"unknown country: {country!r}", hints)
    return match.code


def _source(title: str | None, source_name: str | None) -> str | None:
    if title and source_name:
        return f"Press release \u201c{title}\u201d ({source_name})"
    return title or source_name or None


def extract(
    text: str, *, source_name: str | None = None, country: str | None = None
) -> list[Finding]:
    """Contacts and hotlines found in ``text``, in the order they appear.

    ``source_name`` is the file name to cite in ``source``; ``country`` an ISO
    code (or a name) used when an entry's office does not give its country.
    """
    hint = _normalise_hint(country)
    doc = _Doc(text)
    triggered = _regions(doc)
    regions = sorted(
        triggered + _contact_lines(doc, triggered) + _contact_sentences(doc, triggered),
        key=lambda r: r.start,
    )
    body_end = triggered[0].start if triggered else len(doc.text)
    body = doc.text[doc.body_start : body_end] if doc.body_start < body_end else ""
    ctx = _Context(
        doc=doc,
        body=body,
        # The headline counts too: "IOM Dhaka Builds Capacity ...".
        offices=_body_offices(doc.text[doc.title_start : max(body_end, doc.title_start)]),
        hint=hint,
        source=_source(doc.title, source_name),
    )

    findings: list[Finding] = []
    seen: dict[str, Finding] = {}
    for region in regions:
        first: Finding | None = None
        for contact in _split_contacts(region):
            finding = _contact_finding(ctx, region, contact)
            if finding is None:
                continue
            if first is None:
                first = finding
            elif region.inline:
                _share_office(first, finding)
            key = fold(finding.entry["name"])
            if key in seen:
                _merge(seen[key], finding)
                continue
            seen[key] = finding
            findings.append(finding)
    findings.extend(_hotlines(doc, regions, ctx))
    findings.sort(key=lambda f: f.line)
    for finding in findings:
        finding.uncertain = finding.confidence < UNCERTAIN_BELOW
        if finding.uncertain:
            finding.reasons.append(f"uncertain: confidence below {UNCERTAIN_BELOW}")
    return findings


def _default_country(ctx: _Context, reasons: list[str]) -> str | None:
    """The country of an entry whose office does not give one."""
    if ctx.hint is not None:
        reasons.append("country from the --country hint")
        return ctx.hint
    code, why = ctx.release_country
    if code is not None:
        reasons.append(f"country from the release's {why}")
        return code
    return None


def _contact_finding(ctx: _Context, region: _Region, contact: _Contact) -> Finding | None:
    parsed = _parse_contact("\n".join(contact.lines), ctx.hint or ctx.release_country[0])
    if region.trigger == "contact line":
        reasons = ["a line with a name and an address or number, under no heading"]
    elif region.trigger == "contact sentence":
        reasons = ["a person the running text gives an e-mail address for"]
    elif region.trigger == "byline":
        reasons = ["an author's byline with an e-mail address"]
    else:
        how = "inline contact sentence" if contact.inline else "contact block"
        reasons = [f"{how} after {region.trigger.rstrip(':').strip()!r}"]
    confidence = 0.45
    name = parsed.name
    if name is None:
        if not (parsed.phones or parsed.emails):
            return None
        name = parsed.office or parsed.organization or parsed.title
        if name is None and parsed.phones and parsed.emails and parsed.leftovers:
            name = parsed.leftovers[0]
        if name is not None:
            reasons.append(f"no person named: entry named {name!r} after its office or role")
            confidence -= 0.2
        elif not parsed.emails:
            return None
    offices = ctx.offices
    if parsed.office is None and len(offices) == 1 and parsed.organization in (None, "IOM", "OIM"):
        office_city, match = offices[0]
        agency = "OIM" if re.search(rf"\bOIM\s+{re.escape(office_city)}", ctx.body) else "IOM"
        parsed.office, parsed.place = f"{agency} {office_city}", match
        parsed.place_text = office_city
        parsed.organization = parsed.organization or agency
        reasons.append(f"office {parsed.office} from the release text (the only office it names)")
    if parsed.organization is None:
        for address in parsed.emails:
            org = _DOMAIN_ORGS.get(address.rsplit("@", 1)[-1].lower())
            if org:
                parsed.organization = org
                reasons.append(f"organization {org} from the e-mail domain")
                break
    if parsed.organization is None:
        found_org = _domain_org(ctx.domains, parsed.emails)
        if found_org is not None:
            parsed.organization = found_org[0]
            reasons.append(f"organization {found_org[0]} from the domain {found_org[1]}")
            if parsed.place is None and found_org[2] is not None:
                parsed.place, parsed.place_text = found_org[2], found_org[2].matched
                reasons.append(f"city {found_org[2].matched} written after the organization")
            if name is None:  # "CONTACT: media@example.org": the press office
                name = found_org[0]
                reasons.append(f"no person named: entry named {name!r} after the e-mail's domain")
                confidence -= 0.1
    if name is None:
        return None
    if parsed.title is None:
        found = _body_title(ctx.body_words, name, region.lang)
        if found is not None:
            parsed.title = found[0]
            reasons.append(f"title from the release text: {found[1]!r}")

    city: str | None = None
    code: str | None = None
    if parsed.place is not None:
        code = parsed.place.code
        if parsed.place.how == "city":
            city = parsed.place.city or parsed.place_text
            where = f"office city {city}" if parsed.office else f"city {city}"
            reasons.append(f"country from {where}")
        else:
            reasons.append(f"country from {parsed.office or parsed.place_text}")
    else:
        code = _default_country(ctx, reasons)
    unread: list[str] = []  # "could not be parsed": stale once a country is found below
    phones = [_phone(n, code, label, unread) for n, label in parsed.phones]
    if code is None:
        regions_seen = [p["region"] for p in phones if p["region"]]
        if regions_seen:
            code = regions_seen[0]
            reasons.append(f"country from the number's country code ({code})")
        else:
            code = next(filter(None, (_north_american(n, reasons) for n, _ in parsed.phones)), None)
        if code:
            unread = []
            phones = [_phone(n, code, label, unread) for n, label in parsed.phones]
        else:
            reasons.append("country unknown")
    reasons.extend(unread)
    for phone in phones:
        if phone["region"] and code and phone["region"] != code:
            reasons.append(f"number {phone['number']} belongs to {phone['region']}, not {code}")
        if not phone["valid"]:
            reasons.append(f"number {phone['number']} is not valid under today's plan")
            confidence -= 0.05

    entry = blank_entry("contact")
    entry.update(
        name=name,
        title=parsed.title,
        organization=parsed.organization,
        office=parsed.office,
        city=city,
        country=code,
        phones=phones,
        emails=parsed.emails,
        source=ctx.source,
    )
    confidence += 0.25 if phones else 0.0
    confidence += 0.2 if parsed.emails else 0.0
    confidence += 0.05 if parsed.office else 0.0
    confidence += 0.04 if parsed.title else 0.0
    if not phones and not parsed.emails:
        reasons.append("no phone or e-mail next to the name")
    reasons.extend(parsed.notes)
    reasons = list(dict.fromkeys(reasons))  # re-parsing phones may repeat a reason
    return Finding(entry, round(max(0.05, min(confidence, 0.99)), 2), reasons, contact.line + 1)


def _share_office(first: Finding, other: Finding) -> None:
    """ "contact IOM Guinea, Jane Doe, Tel ... or John Roe, Tel ...": John is at IOM Guinea too."""
    entry, new = first.entry, other.entry
    if new["organization"] is None and new["office"] is None and entry["organization"]:
        new["organization"], new["office"] = entry["organization"], entry["office"]
        other.reasons.append(f"organization {entry['organization']} from the contact before")


def _merge(into: Finding, other: Finding) -> None:
    entry, new = into.entry, other.entry
    for fld in ("title", "organization", "office", "city", "country"):
        if entry.get(fld) is None and new.get(fld) is not None:
            entry[fld] = new[fld]
    known = {digits(p["number"]) for p in entry["phones"]}
    entry["phones"] += [p for p in new["phones"] if digits(p["number"]) not in known]
    entry["emails"] += [
        e for e in new["emails"] if e.lower() not in map(str.lower, entry["emails"])
    ]
    into.reasons.append(f"also listed on line {other.line}")
    into.confidence = max(into.confidence, other.confidence)


# --- hotlines -----------------------------------------------------------------


def _hotline_number_ok(number: str, text: str, start: int, strict: bool) -> bool:
    n = len(digits(number))
    if not 3 <= n <= 15:
        return False
    if start > 0 and text[start - 1] in ",.":
        return False  # "1,250": the tail of a larger figure
    # A bare year ("since 1951", "in 2019") is not a hotline unless named as one.
    return not (strict and re.fullmatch(r"(?:19|20)\d\d", number))


_ARTICLES = _wordset("The Die Der Das Il Lo La Le El Los Las Les A O Un Une Una Uno Ein Eine")


class _Spans:
    """Disjoint spans of text already taken by a finding; lookups by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a)
        if i > 0 and self.ends[i - 1] > a:
            return False
        return i >= len(self.starts) or self.starts[i] >= b

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


# --- numbers in running text ----------------------------------------------------------
#
# phonenumbers finds the candidates (PhoneNumberMatcher, the release's country as
# region); what it cannot know is decided here: a number in running text is a
# hotline only next to a word for calling or for a line, a short code (3 to 6
# digits) only right after such a word, and figures, years, dates, money and
# case numbers never are.

# Folded words for calling, lines and numbers in the six languages of the corpus.
_CALL_WORDS = _wordset(
    """call calling dial dialling dialing ring text sms phone telephone tel telefon telefone
    telefono telephoner appelez appeler appelant composez composer composant llame llama
    llamar llamando marca marcar marque marcando chiama chiamare chiamando chiamate anrufen
    ruft ligue ligar liga ligando disque discar hotline hotlines helpline helplines tipline
    phoneline freephone line ligne linea linha numero number nummer rufnummer verde vert
    freecall notruf calls contact"""
)
# German compounds naming a line: "Hilfetelefon", "Servicenummer", "Opferhotline".
_COMPOUND_LINES = ("telefon", "nummer", "hotline")
# Words that may stand between such a word and its number ("hotline at 157",
# "la Hotline hat die Nummer ...").
_LINK_WORDS = _wordset(
    """at on is the al au le la el es est a ao pelo pela do da unter die hat to en no nr
    number numbers numero nummer gratuit gratuito gratuita free toll-free toll tollfree
    national nationale nacional nazionale number: via or ou o"""
)
# Words that make a sentence speak of a line to call.
_LINE_RE = re.compile(
    rf"\b(?:{_HOTLINE_WORD}|toll[\s-]?free|num[eé]ro\s+(?:verde|vert|gratuit)"
    r"|n[uú]mero\s+(?:gratuito|verde)|ligne\s+(?:t[ée]l[ée]phonique|verte|d['’]\w+)"
    r"|assistance\s+t[ée]l[ée]phonique|l[íi]nea|linha|disque|ligue|notruf|hilfetelefon"
    r"|referral\s+line|crime\s+stoppers|emergenc(?:y|ia)|urgence)\b",
    re.IGNORECASE,
)
# Words of a sentence addressed to journalists (accreditation, interviews).
_FOR_THE_PRESS = re.compile(
    r"\b(?:media|press|reporters?|journalists?|rsvp|register|registration|accreditation"
    r"|interviews?|vetted|presse|journalistes|prensa|periodistas|stampa|giornalisti"
    r"|journalisten|imprensa|jornalistas)\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    rf"\b(?:{_HOTLINE_WORD}|lines?|lignes?|l[íi]neas?|linha|call\w*|dial\w*|ring|text|sms"
    r"|phone|tel\w*|t[ée]l[ée]\w*|appel\w*|compos\w*|llam\w*|marc\w*|chiam\w*|anruf\w*|ruft"
    r"|lig\w*|disque|discar|n[uú]m[eé]ro|number|nummer|rufnummer|freecall|notruf|verde|vert"
    r"|toll[\s-]?free|emergenc\w*|urgen\w*|\w+(?:telefon|nummer|hotline))\b",
    re.IGNORECASE,
)
# "116 000", "116 111": Europe's harmonised numbers, written in two groups.
_SHORT_CODE = re.compile(
    r"(?<![\w.,/:+-])(?<!\d )[\"“«]?(?P<num>116[ ]\d{3}|\d{3,6})[\"”»]?"
    r"(?![\w/+-]|[.,:]\d|\s\d)"
)
_VANITY_NUMBER = re.compile(
    r"(?<![\w-])(?:1[-. ])?\(?\d{3}\)?[-. ](?:[A-Z0-9]{3}[-. ])?(?=[A-Z0-9]*[A-Z]{2})"
    r"[A-Z0-9]{4,7}(?![\w-])(?:\s*\(\d{3,7}\))?"
)
# What a figure, not a number, is followed or preceded by.
_FIGURE_AFTER = re.compile(
    r"\s*(?:%|(?:per\s?cent|percent|pour\s+cent|por\s+ciento|per\s+cento|prozent|million|millions"
    r"|billion|euros?|dollars?|d[óo]lares|usd|eur|calls|appels|llamadas|chiamate|anrufe"
    r"|liga[çc][õo]es|people|persons|personnes|personas|persone|victims|years|ans|años|anni"
    r"|jahre|hours|heures|horas|ore|stunden|uhr|a\.m|p\.m|am|pm|h|days|jours|d[íi]as|giorni"
    r"|tage|km|kg|m)\b)",
    re.IGNORECASE,
)
_FIGURE_BEFORE = re.compile(
    r"(?:[$€£¥]|\b(?:USD|EUR|US\$|CHF|GBP|Rs|R\$)|\b(?:case|file|docket|ref|dossier|affaire"
    r"|expediente|aktenzeichen|az|caso|processo|article|art|section|page|p|room|suite|box"
    r"|bp|cp|po)\.?(?:\s+no\.?)?|\bfax\s*:?|\bfaks\s*:?|\bt[ée]l[ée]copie\s*:?)\s*$",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(
    r"^\d{4}-\d\d-\d\d$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{1,2}[:.h]\d\d$"
    r"|^(?:19|20)\d\d\s*[/-]\s*(?:19|20)?\d\d$"
    r"|^(?:19|20)\d\d/\d+$|^\d+/(?:19|20)\d\d$"  # "2023/145", "145/2023": a case or file
)
# "6 000", "100 000", "20.000": a figure grouped in thousands (never with a leading 0:
# "0 800 123 456" is a number to call).
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:[ .,\u202f]\d{3})+$")
# A full stop ends a sentence, but not after an initial or an abbreviation ("U.S.",
# "EE.UU.", "Dr.").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\.[A-Z]{2})(?<!\bMr)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bJr)(?<!\bSgt)"
    r"(?<!\bCpl)[.!?;](?=\s)|[•|]|\s{3,}"
)
_TOKEN = re.compile(r"[\w'’.:-]+|[^\w\s]")
_CONJUNCTIONS = _wordset("or ou o y e and et und oder , ; ( ) or: und: -")
# A North American number: "1-800-555-0100", "(402) 555-0100", "844-555-TIPS".
_NANP = re.compile(
    r"^(?P<one>1[-. ])?\(?[2-9]\d\d\)?[-. ]?[2-9A-Z][\dA-Z]{2}[-. ][\dA-Z]{4}(?![\w-])|"
    r"^(?P<one2>1[-. ])\(?\d{3}\)?[-. ]\d{3}[-. ]?[\dA-Z]{4}\b"
)
_HOTLINE_NAME_TAIL = re.compile(r"\s+(?:I|\||[-–—:])$")


def _sentence_start(text: str, pos: int, reach: int = 160) -> int:
    window = max(pos - reach, 0)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window, pos)]
    return ends[-1] if ends else window


def _word_before(before: str) -> tuple[str | None, int]:
    """The call or line word that ``before`` ends with (link words between), and its distance."""
    tokens = _TOKEN.findall(before[-80:])
    steps = 0
    for tok in reversed(tokens):
        word = fold(tok).strip(".:")
        if word in _CALL_WORDS:
            return word, steps
        if word.endswith(_COMPOUND_LINES) and word.isalpha():
            return word, steps  # "Hilfetelefon 116 016", "Notrufnummer 110"
        linking = not word or word in _LINK_WORDS or tok in '"“«(:–—-' or _is_place(tok)
        if linking or (tok.isupper() and len(tok) <= 8):
            steps += 1
            if steps > 4:
                return None, steps
            continue
        return None, steps
    return None, steps


def _is_place(token: str) -> bool:
    """A capitalised word naming a country ("Guatemala 1552")."""
    if not _is_cap(token):
        return False
    match = _resolve(token)
    return match is not None and match.how in ("name", "alias", "translation")


def _country_named_before(text: str, pos: int) -> str | None:
    """ "(Guatemala 1552; El Salvador 911)": the country named right before a number."""
    m = re.search(
        rf"(?:^|[(;,:]|\band\s|\by\s|\bet\s)\s*((?:[{_UPPER}][\w'’-]*\s+){{1,3}})$",
        text[max(0, pos - 40) : pos],
    )
    if m is None:
        return None
    match = _resolve(m.group(1).strip())
    return match.code if match is not None and match.how != "code" else None


def _is_figure(number: str, text: str, start: int, end: int) -> bool:
    """A count, year, date, time, sum or case number rather than a number to call."""
    bare = number.strip('()"“”«» ')
    if _DATE_LIKE.match(bare) or not_a_number(bare):
        return True
    thousands = _THOUSANDS.match(bare) and not re.fullmatch(r"116 \d{3}", bare)  # not "116 000"
    if thousands and (len(digits(bare)) <= 7 or len(re.split(r"\D", bare)[0]) < 3):
        return True  # "6 000", "20.000", "1 250 000"; not "800.290.290"
    if _FIGURE_BEFORE.search(text[max(0, start - 16) : start]):
        return True
    after = text[end : end + 14]
    return bool(_FIGURE_AFTER.match(after)) or (
        after.startswith((",", ".")) and after[1:2].isdigit()
    )


def _running_text_hits(flat: str, scan_from: int, ctx: _Context, taken: _Spans) -> list[_Hit]:
    """Numbers in running text that the wording around them makes hotlines."""
    import phonenumbers

    region = ctx.hint or ctx.release_country[0]
    candidates: list[tuple[int, int, str, bool]] = []  # start, end, number, long
    # Valid numbers first; merely possible ones (a digit short, an odd plan) only
    # when they read as one number, not a number and the next sentence's date.
    # Only the stretches around a word for calling or for a line can hold a hotline.
    for lo, hi in _cue_windows(flat, scan_from):
        found = len(candidates)
        for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
            if len(candidates) > found:
                break  # the stretch has valid numbers: no need for merely possible ones
            matcher = phonenumbers.PhoneNumberMatcher(flat[lo:hi], region or "ZZ", leniency)
            for m in matcher:
                number = _clean_number(m.raw_string)
                if not number or re.search(r"[.,;]\s", number):
                    continue
                a = lo + m.start + m.raw_string.find(number[:1])
                candidates.append((a, a + len(number), number, True))
    if region is None:
        # No country to read national numbers in: numbers as published, checked below.
        for nm in _NUMBER_RE.finditer(flat, scan_from):
            number = _clean_number(nm.group())
            if len(digits(number)) >= 7 and not number.startswith("+"):
                a = nm.start() + nm.group().find(number[:1])
                candidates.append((a, a + len(number), number, True))
    for vm in _VANITY_NUMBER.finditer(flat, scan_from):
        candidates.append((vm.start(), vm.end(), vm.group(), True))
    for sm in _SHORT_CODE.finditer(flat, scan_from):
        candidates.append((sm.start("num"), sm.end("num"), sm.group("num"), False))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))

    hits: list[_Hit] = []
    last: _Hit | None = None
    for a, b, number, is_long in candidates:
        if not taken.free(a, b) or _is_figure(number, flat, a, b):
            continue
        n = len(digits(number))
        if not 3 <= n <= 15 or (is_long and n < 7 and not re.search("[A-Z]", number)):
            continue
        start = _sentence_start(flat, a)
        before = flat[start:a]
        word, steps = _word_before(before)
        after = flat[b : b + 60]
        line_near = bool(_LINE_RE.search(before) or _LINE_RE.search(after[:40]))
        chained = last is not None and 0 <= a - last.end <= 40 and _chain_gap(flat[last.end : a])
        if not is_long:
            year = re.fullmatch(r"(?:19|20)\d\d", number) is not None
            if word is not None and steps <= 3 and not (year and steps):
                confidence = 0.75 if _LINE_RE.search(word) or line_near else 0.6
                rule = f"short code after {word!r}"
            elif line_near and _country_named_before(flat, a):
                # "the hotline numbers in each country (Guatemala 1552; ...)"
                confidence, rule = 0.65, "short code after a country's name, about a line"
            elif chained and last is not None:
                # A list by country ("Guatemala 1552; Nicaragua 133") is a table, not
                # a chain that grows weaker with each number.
                confidence = last.confidence - 0.05 * (not _country_named_before(flat, a))
                rule = "short code listed with another number"
            elif last is not None and last.end > start and _another_way(flat[last.end : a]):
                # "... through the telephone 180, of the Women's Centre, or by the 191"
                confidence = last.confidence - 0.1
                rule = "short code offered as another way to call in the same sentence"
            else:
                continue
        elif word is not None and steps <= 3:
            confidence = 0.75 if line_near else 0.6
            rule = f"number after {word!r}"
        elif chained and last is not None:
            confidence, rule = last.confidence - 0.05, "number listed with another number"
        elif _starts_with_call(before):
            confidence, rule = 0.65, "number at the end of an item that says to call"
        elif line_near:
            confidence, rule = 0.65, "number in a sentence about a line to call"
        else:
            continue
        if not line_near and _FOR_THE_PRESS.search(flat, start, min(len(flat), b + 60)):
            # "Reporters ... call 555-0100 to register": a number for the press, not a line.
            confidence -= 0.2
            rule += "; the sentence speaks to the press"
        name = _running_name(flat, start, a, b, word, number)
        hit = _Hit(start if word else a, a, b, number, name, rule, round(confidence, 2))
        hits.append(hit)
        taken.add(a, b)
        last = hit
    return hits


def _cue_windows(text: str, start: int) -> list[tuple[int, int]]:
    """Merged stretches from a little before to the sentence after each cue word."""
    windows: list[tuple[int, int]] = []
    for m in _CUE.finditer(text, start):
        lo, hi = max(start, m.start() - 60), min(len(text), m.end() + 200)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _starts_with_call(item: str) -> bool:
    """ "• Call the Center for Missing Children | 1-800-...": a short list item."""
    tokens = _TOKEN.findall(item)
    return 0 < len(tokens) <= 16 and fold(tokens[0]) in _CALL_WORDS


# Prepositions that put a number as a means: "pelo 191", "por el 112", "via 116".
_BY_MEANS = _wordset("pelo pela pelos por via através au al")


def _another_way(gap: str) -> bool:
    """ ", da Central de Atendimento, ou pelo ": an alternative (a conjunction) ending
    with a preposition of means right before the number, within one sentence."""
    tokens = [fold(t) for t in _TOKEN.findall(gap)]
    return (
        len(gap) <= 120
        and len(tokens) >= 2
        and tokens[-1] in _BY_MEANS
        and any(t in ("or", "ou", "o", "oder", "ou:", "or:") for t in tokens[-3:-1])
    )


def _chain_gap(gap: str) -> bool:
    """ " or ", "; El Salvador ", ", ou pelo ": what joins numbers listed together."""
    tokens = [t.lower() for t in _TOKEN.findall(gap)]
    if not tokens or not any(t in _CONJUNCTIONS for t in tokens) or len(tokens) > 6:
        return False
    return all(
        t in _CONJUNCTIONS
        or fold(t).strip(".:") in _LINK_WORDS
        or fold(t).strip(".:") in _CALL_WORDS
        or _is_cap(o)
        for t, o in zip(tokens, _TOKEN.findall(gap), strict=True)
    )


_LINE_NAME = re.compile(
    r"(?P<name>num[eé]ro\s+(?:verde|vert|gratuit)(?:\s+anti-?\w+)?|n[uú]mero\s+(?:gratuito|verde)"
    r"|ligne\s+(?:t[ée]l[ée]phonique|verte|d['’]\w+)|service\s[^.()]{0,40}?t[ée]l[ée]phonique"
    r"(?:\s+gratuit)?|referral\s+line|freephone(?:\s+number)?|toll[\s-]?free\s+(?:number|line))",
    re.IGNORECASE,
)


# A number the text says to text and not to call: "or text HELP to 233733",
# "Envía un SMS a la Línea Nacional ... 233733". Only the words since the
# previous number or the start of the item count ("call 911 or text ...").
_SMS_CUE = re.compile(r"\b(?:text(?:s|ing)?|sms|texto|textez|texte)\b", re.IGNORECASE)
_VOICE_CUE = re.compile(
    r"\b(?:call\w*|dial\w*|ring|phone|llam\w*|marc\w*|appel\w*|compos\w*|chiam\w*|anruf\w*"
    r"|ligu\w*|disque|discar)\b",
    re.IGNORECASE,
)
_SMS_KEYWORD = re.compile(
    r"\b(?i:text|sms)\s+[\"“']?(?P<kw>[A-Z][A-Za-z0-9]{1,14})[\"”']?\s+(?i:to|al|a|au)\s*$"
)
_ITEM_START = re.compile(r"[.!?;•]\s|\d")


def _texting(before: str, number: str) -> str | None:
    """The instruction ("SMS only: text HELP to 233733") when the words right before
    ``number`` ask for a text message and not a call, else None."""
    tail = _ITEM_START.split(before)[-1]
    if not _SMS_CUE.search(tail) or _VOICE_CUE.search(tail):
        return None
    keyword = _SMS_KEYWORD.search(tail)
    if keyword:
        return f"SMS only: text {keyword['kw']} to {number}"
    return f"SMS only: send a text message to {number}"


_CALLEE = re.compile(
    r"\b(?:call|contact|dial|llame|llama|llamar|appelez|appeler|contactez|chiama|chiamare"
    r"|ligue|anrufen)\s+(?:the\s+|la\s+|le\s+|el\s+|il\s+|a\s+|al\s+)?"
    rf"(?P<who>{_CAP_RUN.pattern})"
)


def _running_name(text: str, start: int, a: int, b: int, word: str | None, number: str) -> str:
    """The hotline's name from the words around its number."""
    if word is not None and (
        word in ("disque", "ligue", "liga")
        or (word not in _CALL_WORDS and word.endswith(_COMPOUND_LINES))
    ):
        return f"{word.title()} {number}"  # "Disque 100", "Hilfetelefon 116 016"
    before = text[start:a]
    kw = None
    for km in re.finditer(rf"\b(?:{_HOTLINE_WORD}|Line)\b", before, re.IGNORECASE):
        kw = km
    if kw is not None:
        name = _keyword_name(text, start + kw.start(), kw.group())[0]
        return f"{name} (SMS)" if word in ("text", "sms") else name
    found = None
    for lm in _LINE_NAME.finditer(before):
        found = lm.group("name")
    after = _LINE_NAME.search(text, b, b + 40)
    if found is None and after is not None:
        found = after.group("name")
    if found is not None:
        found = collapse_spaces(found)
        return found[:1].upper() + found[1:]
    # "contact Nova Scotia Crime Stoppers toll free at ...": whom the text says to call.
    callee = None
    for cm in _CALLEE.finditer(before):
        callee = cm.group("who")
    if callee is not None and not _is_place(callee):
        return callee
    orgs = [r.group() for r in _CAP_RUN.finditer(before) if _is_org(r.group())]
    if orgs:
        return f"{orgs[-1]} line"
    return "Hotline"


def _keyword_name(text: str, pos: int, keyword: str) -> tuple[str, bool]:
    """ "Police Human Trafficking Hotline": the words before a hotline word at ``pos``,
    and whether there were any."""
    kw = _title_case(collapse_spaces(keyword.lower()))
    before = _name_before(text, pos)
    if not before:
        return kw, False
    name = " ".join([*before, kw])
    if not any(_is_cap(w) for w in before):
        name = _title_case(name.lower())  # "toll-free hotline" -> "Toll-Free Hotline"
    return name, True


def _name_before(text: str, pos: int) -> list[str]:
    """Capitalised words (or hotline adjectives) just before ``pos``: the hotline's name."""
    words = re.findall(r"[\w'’-]+", text[max(0, pos - 80) : pos])
    picked: list[str] = []
    for w in reversed(words):
        if w in _ARTICLES:
            break  # "The freephone": the name starts after the article
        if _is_cap(w) or w.lower() in _HOTLINE_ADJECTIVES or (picked and w in ("of", "for", "and")):
            picked.append(w)
        else:
            break
        if len(picked) >= 8:
            break
    while picked and not _is_cap(picked[-1]) and picked[-1].lower() not in _HOTLINE_ADJECTIVES:
        picked.pop()
    names = [re.sub(r"['’]s$", "", w) for w in reversed(picked)]
    # A sentence's first word ("Call the ...") is not part of the name.
    while names and names[0] in ("Call", "Dial", "Contact", "Anyone", "Victims", "Please"):
        names.pop(0)
    return names


def _org_like(run: str) -> bool:
    """An organisation rather than a person: "Ministry of ...", "IOM", an article
    ("La Strada"), or a country at its end ("Caritas Moldova"); never a title
    ("Governor Smith")."""
    words = run.split()
    if not words or any(w in _TITLE_WORDS for w in _words(run)):
        return False
    if _is_org(run) or re.fullmatch(r"[A-Z]{2,8}", run):
        return True
    last = _resolve(words[-1]) if len(words) > 1 else None
    return words[0] in _ARTICLES or (last is not None and last.how in ("name", "alias"))


def _operator(
    name: str, before: str, after: str, mentions: Callable[[], Counter[str]]
) -> tuple[str | None, str | None]:
    om = _OPERATED_BY.match(after)
    if om:
        return om.group("org"), "operator named in the text (operated by)"
    rm = _RUNS.search(before)
    if rm:
        org = re.sub(r"^(?:The\s+|[\w-]+['’]s\s+)", "", rm.group("org"))
        if _org_like(org):
            return org, "operator named in the text (runs the line)"
    prefix = re.sub(
        r"\s*(?:['’]s\s+)?\b(?:hot[\s-]?line|help[\s-]?line|tip[\s-]?line)s?\b.*$",
        "",
        name,
        flags=re.IGNORECASE,
    ).strip()
    if prefix and _is_org(prefix) and len(prefix.split()) >= 2:
        # "Anti-Human Trafficking Unit" -> "Ghana Police Service Anti-Human Trafficking Unit"
        # when the text names the unit in full.
        fuller = [org for org in mentions() if org.endswith(" " + prefix)]
        if fuller:
            return max(fuller, key=len), "operator from the hotline's name, as the text names it"
        return prefix, "operator from the hotline's name"
    first = next((w for w in _words(name) if w not in _GENERIC and w not in _SMALL_WORDS), None)
    if first is None:
        return None, None
    candidates = [
        (count, -len(org.split()), org) for org, count in mentions().items() if first in _words(org)
    ]
    if not candidates:
        return None, None
    best = max(candidates)[2]
    return best, f"operator: the organisation in the text that contains {first.title()!r}"


@dataclass
class _Hit:
    begin: int  # offset where the match starts (what precedes may name the operator)
    start: int  # offset of the number
    end: int  # offset just past the match (where "operated by ..." may follow)
    number: str
    name: str
    rule: str
    confidence: float


def _hotlines(doc: _Doc, regions: list[_Region], ctx: _Context) -> list[Finding]:
    # One line of text with the contact regions blanked: their numbers are contacts'.
    flat = _mask(doc.text.replace("\n", " "), [(r.start, r.end) for r in regions])
    # From the top: a headline may give the number ("Hotline 157 ..."), and a
    # crawled page's headline is not always found.
    scan_from = 0
    hits: list[_Hit] = []
    taken = _Spans()

    def free(a: int, b: int) -> bool:
        return taken.free(a, b)

    for m in _HOTLINE_A.finditer(flat, scan_from):
        name = collapse_spaces(m.group("name"))
        number = _clean_number(m.group("num"))
        if re.search(
            rf"\b(?:{_HOTLINE_WORD}|Line|Línea|Ligne)\b", name, re.IGNORECASE
        ) and _hotline_number_ok(number, flat, m.start("num"), strict=False):
            name = re.sub(r"^(?:the|la|le|el)\s+", "", name)
            hits.append(
                _Hit(
                    m.start(), m.start("num"), m.end(), number, name, "number, then its name", 0.85
                )
            )
            taken.add(m.start("num"), m.end())
    for m in _HOTLINE_B.finditer(flat, scan_from):
        number = _clean_number(m.group("num"))
        if not free(*m.span("num")) or not _hotline_number_ok(
            number, flat, m.start("num"), strict=True
        ):
            continue
        name, named = _keyword_name(flat, m.start(), m.group("kw"))
        confidence = 0.75 if named else 0.55
        rule = f"number after {m.group('kw')!r}"
        hits.append(_Hit(m.start(), m.start("num"), m.end(), number, name, rule, confidence))
        taken.add(m.start("num"), m.end())
    for m in _HOTLINE_D.finditer(flat, scan_from):
        number = m.group("num")
        if free(m.start(), m.end()) and _hotline_number_ok(number, flat, m.start(), strict=True):
            kw = _title_case(collapse_spaces(m.group("kw").lower()))
            name = f"{number} {collapse_spaces(m.group('name'))} {kw}"
            hits.append(
                _Hit(m.start(), m.start(), m.end(), number, name, "number heading its name", 0.7)
            )
            taken.add(m.start(), m.end())
    for m in _HOTLINE_C.finditer(flat, scan_from):
        name = re.sub(r"\s+(?:al|au|le|es|est)$", "", collapse_spaces(m.group("name")))
        number = _clean_number(m.group("num"))
        if (
            free(*m.span("num"))
            and len(name.split()) >= 2
            and _hotline_number_ok(number, flat, m.start("num"), strict=True)
        ):
            hits.append(
                _Hit(
                    m.start(),
                    m.start("num"),
                    m.end(),
                    number,
                    name,
                    "number after a line's name",
                    0.75,
                )
            )
            taken.add(m.start("num"), m.end())
    hits += _running_text_hits(flat, scan_from, ctx, taken)

    orgs: list[Counter[str]] = []

    def mentions() -> Counter[str]:
        # Only hotlines whose operator is not stated need the text's organisations.
        if not orgs:
            orgs.append(_org_mentions(doc.text[doc.body_start :]))
        return orgs[0]

    findings: list[Finding] = []
    seen: set[str] = set()
    for hit in sorted(hits, key=lambda h: h.start):
        hit.name = _HOTLINE_NAME_TAIL.sub("", hit.name)
        listed_in = _country_named_before(flat, hit.start)
        key = f"{digits(hit.number)} {listed_in}"
        if key in seen:
            continue
        seen.add(key)
        reasons = [f"hotline in the text: {hit.rule}"]
        if hit.name in ("Hotline", "Helpline"):
            # Named after its number: three unnamed lines of one text are three entries,
            # not one "Hotline" and two duplicates of it.
            reasons.append("the text gives the hotline no name")
        window = max(hit.begin - 160, 0)
        stop = flat.rfind(". ", window, hit.begin)
        sentence = stop + 2 if stop >= 0 else window
        preceding = flat[sentence : hit.begin]
        operator, why = _operator(hit.name, preceding, flat[hit.end : hit.end + 120], mentions)
        if why:
            reasons.append(why)
        confidence = hit.confidence
        if hit.number.lstrip("(").startswith(("+", "00")):
            code = _phone(hit.number, None, "hotline", [])["region"]
            if code:
                reasons.append(f"country from the number's country code ({code})")
        elif listed_in:
            code = listed_in
            reasons.append(f"country named right before the number ({code})")
        else:
            code = None
        code = code or _default_country(ctx, reasons)
        unread: list[str] = []  # "could not be parsed": stale once a country is found below
        phone = _phone(hit.number, code, "hotline", unread)
        if code is None:
            code = _north_american(hit.number, reasons)
        if code is None and phone["region"]:
            code = phone["region"]
            reasons.append(f"country from the number's country code ({code})")
        if code is None:
            reasons.append("country unknown")
            confidence -= 0.15
        else:
            unread = []
            phone = _phone(hit.number, code, "hotline", unread)
        reasons.extend(unread)
        if not phone["valid"]:
            reasons.append(f"number {hit.number} is not valid under today's plan")
            confidence -= 0.1
        entry = blank_entry("hotline")
        name = f"{hit.name} {hit.number}" if hit.name in ("Hotline", "Helpline") else hit.name
        texting = _texting(flat[max(hit.start - 160, 0) : hit.start], hit.number)
        if texting:
            # Not a line to call: the name and the hours say so wherever it is shown.
            reasons.append("the text says to send a text message to it, not to call")
            if hit.name in ("Hotline", "Helpline"):
                name = f"SMS line {hit.number}"
            elif "(SMS)" not in name:
                name += " (SMS)"
            entry["hours"] = texting
        entry.update(
            name=name, organization=operator, country=code, phones=[phone], source=ctx.source
        )
        findings.append(
            Finding(
                entry,
                round(confidence, 2),
                reasons,
                doc.line_of(hit.start) + 1,
                named_after_number=hit.name in ("Hotline", "Helpline"),
            )
        )
    return findings
