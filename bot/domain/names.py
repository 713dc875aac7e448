"""Whether two people's names may be the same person, as a careful coordinator would judge it.

Compared word by word after normalising (bot/domain/normalise.py): honorifics and suffixes (Ms,
Dr, Jr, PhD) and particles (van, de, la) say nothing about who someone is and are left out; word
order does not matter ("Hughes, Katherine" = "Katherine Hughes"); an initial stands for a word
("J. Smith" = "John Smith"); a word may be spelled differently: one typo, or letters that sound
alike (Katherine, Catherine, Kathryn). Every word of the shorter name must meet a word of the
longer one, and at least one meeting must be a whole word, so "Jane Smith" and "John Smith" stay
two people, and a surname alone ("Smith") never matches a full name.

Short words need more: "John" and "Joan" are one letter apart but two people, so a word of four
letters or fewer meets only itself or itself with one letter added or dropped (Jon, John).

tests/domain/test_domain_names.py proves it on a labelled list of name pairs and prints the
precision and recall."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.domain.normalise import normalise_name


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


IGNORED_WORDS = _words(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev fr jr sr ii iii iv md phd esq
    van von der den de del della di da du la le el al bin ibn ben st"""
)
_SOUND_CLASS = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556", "aeiouyhw")
_SHORT = 4


@lru_cache(maxsize=50_000)
def _identifying(normal: str) -> tuple[str, ...]:
    return tuple(w for w in normal.split() if w not in IGNORED_WORDS)


def _sound(word: str) -> str:
    classes = word.translate(_SOUND_CLASS)
    return "".join(c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1])


@lru_cache(maxsize=200_000)
def words_meet(a: str, b: str, threshold: float = 88) -> bool:
    """Two whole words that may be the same word spelled two ways."""
    if a == b:
        return True
    if _feminine_of(a, b) or _feminine_of(b, a):
        return False  # Paul and Paula, Daniel and Danielle: two people
    distance = Levenshtein.distance(a, b)
    if max(len(a), len(b)) <= _SHORT:
        # One letter added or dropped (Jon, John), or a letter that sounds the same (Marc,
        # Mark); never a different sound (John, Joan).
        return distance == 1 and (len(a) != len(b) or _alike_swap(a, b, vowels=False))
    if distance == 1:
        return len(a) != len(b) or _alike_swap(a, b, vowels=True)
    if fuzz.ratio(a, b) >= threshold:
        return True
    code = _sound(a)
    # Sound-alike spellings (Stephen, Steven; Geoffrey, Jeffrey) that start and end alike.
    return (
        len(code) >= 3
        and code == _sound(b)
        and a[-1] == b[-1]
        and a[0] in b[0] + _first_sound_mates(b[0])
    )


_FEMININE_ENDINGS = ("a", "le", "lle", "ette", "ine")


def _feminine_of(a: str, b: str) -> bool:
    return b.startswith(a) and b[len(a) :] in _FEMININE_ENDINGS


def _alike_swap(a: str, b: str, vowels: bool) -> bool:
    """The one letter that differs sounds alike: two consonants of one class (c, k), or, when
    `vowels`, two vowels (Smith, Smyth)."""
    x, y = next((x, y) for x, y in zip(a, b, strict=True) if x != y)
    if vowels and x in "aeiouy" and y in "aeiouy":
        return True
    cx, cy = x.translate(_SOUND_CLASS), y.translate(_SOUND_CLASS)
    return bool(cx) and cx == cy and cx.isdigit()


def _first_sound_mates(letter: str) -> str:
    # Names that start with letters sounding alike (Catherine, Katherine; Geoffrey, Jeffrey).
    for group in ("ck", "kq", "fp", "sz", "gj", "iy", "ei"):
        if letter in group:
            return group
    return letter


def _meets(short: str, long: str, threshold: float) -> str:
    """ "word" when two words meet as words, "initial" when one is the other's initial, "" else."""
    if len(short) == 1 or len(long) == 1:
        return "initial" if short[0] == long[0] else ""
    return "word" if words_meet(short, long, threshold) else ""


def same_person(a: str, b: str, threshold: float = 88) -> bool:
    """True when names `a` and `b` (as typed) may be the same person."""
    return same_normal_person(normalise_name(a), normalise_name(b), threshold)


def same_normal_person(a: str, b: str, threshold: float = 88) -> bool:
    """`same_person` for names already normalised (the duplicate check's are)."""
    words_a, words_b = _identifying(a), _identifying(b)
    if not words_a or not words_b:
        return False
    short, long = sorted((words_a, words_b), key=len)
    if len(short) == 1 and len(long) > 1:
        return False  # a surname or a first name alone could be anyone of that name
    return _match_all(short, long, threshold)


def _match_all(short: tuple[str, ...], long: tuple[str, ...], threshold: float) -> bool:
    """Every word of `short` meets its own word of `long` (the same word first, then a variant,
    then an initial); at least one is a whole word, and at most one is spelled differently
    (Janet Dole is not Jane Doe)."""
    free = list(long)
    whole = variants = 0
    for word in sorted(short, key=len, reverse=True):
        if word in free:
            free.remove(word)
            whole += 1
            continue
        kinds = [(_meets(word, other, threshold), i) for i, other in enumerate(free)]
        found = [k for k in kinds if k[0] == "word"] or [k for k in kinds if k[0] == "initial"]
        if not found:
            return False
        kind, i = found[0]
        whole += kind == "word"
        variants += kind == "word"
        free.pop(i)
    return whole >= 1 and variants <= 1
