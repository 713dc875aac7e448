"""Normal forms for comparing what people type: emails, phones, names and companies.

Two spellings of the same lead should normalise to the same text, and normalising twice changes
nothing. The rules stay conservative: only accents from the Latin/Greek/Cyrillic diacritics block
are dropped, so names in other scripts keep their meaning."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

# Deliberately simple: one @, no spaces, a dot in the domain. Full RFC 5322 would accept typos.
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$")
_APOSTROPHES = "'’‘`´ʼ"
_LATIN_ACCENTS = range(0x0300, 0x0370)  # Combining Diacritical Marks


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Small words inside a name ("Ludwig van Beethoven", "Maria de la Cruz"): part of it, kept as
# typed, and never a word that tells two people apart on its own.
NAME_PARTICLES = _words("van von der den de del della di da du la le el al bin ibn ben st y")

LEGAL_SUFFIXES = _words(
    """inc incorporated llc llp lp ltd limited plc gmbh ag kg corp corporation co company sa sas
    sarl srl spa bv nv pty pc pllc kk oy ab aps oü sro"""
)
# Free-mail brands: a shared domain says nothing about the company. Matched with country endings
# (yahoo.co.uk, hotmail.fr, gmx.de), so the brand list stays short.
_FREE_BRANDS = _words(
    """gmail googlemail yahoo ymail rocketmail hotmail outlook live msn windowslive icloud aol
    aim protonmail gmx yandex zoho rediffmail libero qq 163 126 naver hanmail seznam tutanota
    mailinator"""
)
_FREE_DOMAINS = _words(
    """me.com mac.com mail.com mail.ru inbox.ru list.ru bk.ru proton.me pm.me web.de t-online.de
    freenet.de hey.com fastmail.com fastmail.fm tuta.io tutanota.com btinternet.com sky.com
    virginmedia.com talktalk.net comcast.net verizon.net att.net sbcglobal.net bellsouth.net
    cox.net charter.net earthlink.net juno.com optonline.net shaw.ca rogers.com sympatico.ca
    bigpond.com optusnet.com.au orange.fr wanadoo.fr free.fr laposte.net sfr.fr alice.it
    tiscali.it virgilio.it terra.com.br uol.com.br bol.com.br daum.net"""
)
_COUNTRY_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ne", "or"})


def normalise_email(text: str | None) -> str:
    """Trimmed, lower-case email; "" when the text is not an email address."""
    email = (text or "").strip().strip("<>").strip()
    if email.lower().startswith("mailto:"):
        email = email[len("mailto:") :]
    email = email.lower()
    return email if _EMAIL.match(email) else ""


def is_valid_email(text: str | None) -> bool:
    return bool(normalise_email(text))


def normalise_phone(text: str | None, default_region: str = "US") -> str:
    """E.164 (`+442079460000`), or "" when the text is not a phone number.

    A number counts when its length is possible for its country. We do not also demand that
    libphonenumber knows the number range is assigned: its metadata lags new ranges, and
    rejecting a real lead's number is worse than keeping an unusual one."""
    text = (text or "").strip()
    if not text or "@" in text or sum(c.isdigit() for c in text) < 6:
        return ""
    region = (default_region or "").strip().upper() or None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number) or not number.national_number:
        return ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Runs of zeros can parse into a form that reads back differently; such text is no number.
    return e164 if _reads_back(e164) else ""


def _reads_back(e164: str) -> bool:
    try:
        again = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.format_number(again, phonenumbers.PhoneNumberFormat.E164) == e164


def is_valid_phone(text: str | None, region: str = "US") -> bool:
    return bool(normalise_phone(text, region))


def _fold(text: str) -> str:
    """Casefold and drop Latin-style accents, in an order that is stable when repeated."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(c for c in text if ord(c) not in _LATIN_ACCENTS)
    return unicodedata.normalize("NFKC", text).casefold()


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    # Letters, digits and combining marks (vowel signs in Indic scripts) belong to a word.
    return category[0] in "LNM"


def normalise_name(text: str | None) -> str:
    """Casefolded, accents dropped, punctuation removed, spaces collapsed.

    Apostrophes join (O'Brien = OBrien); other punctuation separates (Mary-Jane = Mary Jane)."""
    text = text or ""
    if text.isascii():
        # The same answer as below for plain ASCII (Unicode folding changes it only to lower
        # case), ten times faster: the lead index normalises every row of the log.
        return " ".join(_ASCII_NON_WORD.sub(" ", _ASCII_APOSTROPHES.sub("", text.lower())).split())
    return _normalise_unicode_name(text)


_ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")
_ASCII_APOSTROPHES = re.compile(r"['`]")


def _normalise_unicode_name(text: str) -> str:
    folded = _fold(text)
    for _ in range(3):  # casefolding can expose new foldable characters; settle them
        refolded = _fold(folded)
        if refolded == folded:
            break
        folded = refolded
    kept = "".join("" if c in _APOSTROPHES else (c if _is_word_char(c) else " ") for c in folded)
    return " ".join(kept.split())


def normalise_company(text: str | None) -> str:
    """A company's name without punctuation or legal suffixes: "Acme, Ltd." -> "acme"."""
    text = (text or "").replace("&", " and ")
    # "S.A.", "L.L.C." -> "SA", "LLC" before punctuation turns the dots into spaces.
    text = re.sub(r"(?<![^\W\d_])([^\W\d_])\.(?=\s*[^\W\d_]\.)", r"\1", text)
    words = normalise_name(text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES | {"and"}:
        words.pop()
    return " ".join(words)


def email_domain(email: str | None) -> str:
    """The domain of an email address, lower-case; "" when it is not an email."""
    normal = normalise_email(email)
    return normal.rsplit("@", 1)[1] if normal else ""


def is_free_mail(domain: str | None) -> bool:
    """True for shared webmail domains (gmail.com, yahoo.co.uk, ...), whose users share nothing."""
    domain = (domain or "").strip().lower().rsplit("@", 1)[-1].rstrip(".")
    if domain in _FREE_DOMAINS:
        return True
    labels = domain.split(".")
    if len(labels) < 2 or labels[0] not in _FREE_BRANDS:
        return False
    ending = labels[1:]
    if len(ending) == 1:
        return True
    return len(ending) == 2 and ending[0] in _COUNTRY_SECOND_LEVEL and len(ending[1]) == 2
