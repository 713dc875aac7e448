"""Where an earlier record of the same lead can be, found without reading the whole log.

The duplicate check (bot/domain/duplicates.py) judges a submission against earlier rows; comparing
it with all of them makes every capture cost as much as the log is long. The index keeps, for each
row of one snapshot, the keys a row must share with a submission for the check to call them the same
lead: the email, the E.164 phone, the normalised company, the work email domain, and name blocks
(every name word and sound-alike code of it, each with any one letter or sound left out, and each
initial), so spelling variants, word order, initials, honorifics and particles still meet. A name
of two or more whole words is looked up as the rows met on two of its words (`_named`), so a
common first name costs a set intersection, not thousands of comparisons. A
candidate is only a row to judge: the check still decides, so a key shared by chance costs a
comparison, never a wrong answer. tests/domain/test_domain_lead_index.py holds the check through
the index to the check over every row, on generated spellings.

The log keeps one index by referral ID for as long as it runs: each read adds only the rows that
are new or whose lead details changed, and the bot's own writes add theirs as they are queued.
`active_counts`/`recount` keep routing's load (open referrals per owner) the same way: counted once
per read, then moved by each write.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from bot.domain.duplicates import identity
from bot.domain.names import IGNORED_WORDS
from bot.domain.normalise import NAME_PARTICLES
from bot.domain.referral import Referral

LEAD_KEYS = frozenset({"lead_name", "company", "lead_email", "lead_phone"})
"""The columns the duplicate check compares; other changes never move a row between blocks."""

# Words that say nothing about who a person is: never a block of their own (each would hold a
# large share of the log), and the words beside them carry the match.
_NOISE_WORDS = (
    frozenset(
        [
            "mr",
            "mrs",
            "ms",
            "miss",
            "mx",
            "dr",
            "prof",
            "sir",
            "dame",
            "rev",
            "fr",
            "jr",
            "sr",
            "ii",
            "iii",
            "iv",
            "md",
            "phd",
            "esq",
        ]
    )
    | NAME_PARTICLES
)
# Letters that sound alike share a class (Soundex's groups, with c, k, q, g, j, s, x, z together
# so Catherine meets Katherine); vowels and h, w, y are dropped, the first letter's too, so a
# dropped or added first letter (O'Brien, Brien) still meets.
_SOUND_CLASS = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556", "aeiouyhw")
_SLIPS_FROM = 4
"""Codes this long or longer also get their one-sound deletions; a shorter code's deletions would
be blocks of a single sound."""
_DIGITS = re.compile(r"\d+")
Handle = str | int


def sound_code(word: str) -> str:
    """The consonant sounds in order, repeats collapsed: katherine, catherine, kathryn -> 2365."""
    classes = word.translate(_SOUND_CLASS)
    return "".join(c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1])


def _with_slips(code: str) -> list[str]:
    if len(code) < _SLIPS_FROM:
        return [code]
    return [code, *(code[:i] + code[i + 1 :] for i in range(len(code)))]


def _deletions(word: str) -> list[str]:
    """The word with any one letter left out: two words one typo apart share one of these."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))] if len(word) > 2 else []


@lru_cache(maxsize=1024)
def word_blocks(word: str) -> frozenset[str]:
    """Block keys of one normalised name word: the word with any one letter left out (one typo
    still meets), and its sound code with any one sound left out (Catherine, Kathryn). Worked
    out once per word, not per row: first names and surnames repeat down a log (the commonest
    are kept, a thousand words at most: a few MB)."""
    if len(word) < 2 or word in _NOISE_WORDS:
        return frozenset()  # an initial or a title: the other words carry the match
    keys = {"w:" + word, *("w:" + w for w in _deletions(word))}
    code = sound_code(word)
    if len(code) >= 3:  # shorter codes are shared by too many names to narrow anything
        keys.update("s:" + c for c in _with_slips(code))
    return frozenset(keys)


def name_blocks(normal_name: str) -> set[str]:
    """Block keys of a normalised name: every word's `word_blocks`, and "i:" + each initial (a
    row "J. Smith" is met by a submission "Jane Smith" on both words)."""
    keys: set[str] = set()
    for word in normal_name.split():
        keys |= word_blocks(word)
        if len(word) == 1:
            keys.add("i:" + word)
    return keys


def filed_under(referral: Referral, region: str) -> set[str]:
    """The keys a row of the log is filed under."""
    lead = identity(referral, region)
    names = name_blocks(lead.name)
    keys = {"n:" + k for k in names}
    if not lead.company:
        keys.update("o:" + k for k in names)  # a name with no company: any submission may match
    return keys | _exact_keys(lead)


def _contact_keys(lead) -> set[str]:
    return {prefix + value for prefix, value in (("e:", lead.email), ("p:", lead.phone)) if value}


def _exact_keys(lead) -> set[str]:
    pairs = (("c:", lead.company), ("d:", lead.domain))
    return _contact_keys(lead) | {prefix + value for prefix, value in pairs if value}


def _identifying(normal_name: str) -> list[str]:
    """The words the name check compares (bot/domain/names.py): titles and particles left out."""
    return [w for w in normal_name.split() if w not in IGNORED_WORDS]


class LeadIndex:
    """Block key -> the rows that have it. A row is named by a handle: its referral ID in the
    index a log keeps across reads, its position when a snapshot indexes its own tuple.

    Keys are only ever added: a row whose lead details changed keeps its old keys too, which can
    only add a candidate, never lose one. Safe to add to while another thread asks."""

    def __init__(self, region: str):
        self.region = region
        self._by_key: dict[str, Handle | list[Handle]] = {}
        """Most keys (an email, a phone) belong to one row: held bare, a list only once shared."""
        self._lock = threading.Lock()

    @classmethod
    def of_positions(cls, referrals: Iterable[Referral], region: str) -> LeadIndex:
        index = cls(region)
        for position, referral in enumerate(referrals):
            index.add(position, referral)
        return index

    def add(self, handle: Handle, referral: Referral) -> None:
        keys = filed_under(referral, self.region)
        with self._lock:
            for key in keys:
                held = self._by_key.get(key)
                if held is None:
                    self._by_key[key] = handle
                elif isinstance(held, list):
                    held.append(handle)
                elif held != handle:
                    self._by_key[key] = [held, handle]

    def add_changed(
        self, referrals: Iterable[Referral], before: Callable[[str], Referral | None]
    ) -> int:
        """Index by ID every row that is new or whose lead details differ from `before(id)`."""
        added = 0
        for referral in referrals:
            old = before(referral.id)
            if old is None or (old is not referral and _lead_changed(old, referral)):
                self.add(referral.id, referral)
                added += 1
        return added

    def candidates(self, referral: Referral) -> set[Handle]:
        """Every row that could be the same lead as `referral`: a superset of its matches.

        Any match but a shared email or phone needs a similar name (bot/domain/duplicates.py),
        so the company and the work domain only narrow the rows of a similar name: a submission
        with a company looks among the similar names at its company or domain, and those with
        no company (the check then calls them a possible duplicate)."""
        lead = identity(referral, self.region)
        with self._lock:
            found = self._held(_contact_keys(lead))
            if not lead.company:
                return found | self._named(lead.name, "n:")
            found |= self._named(lead.name, "o:")
            same_firm = self._held(_exact_keys(lead) - _contact_keys(lead))
            if same_firm:
                found |= same_firm & self._named(lead.name, "n:")
            return found

    def _held(self, keys: Iterable[str]) -> set[Handle]:
        found: set[Handle] = set()
        for key in keys:
            held = self._by_key.get(key)
            if isinstance(held, list):
                found.update(held)
            elif held is not None:
                found.add(held)
        return found

    def _named(self, normal_name: str, family: str) -> set[Handle]:
        """Rows whose name may be similar. Every word of the shorter name must meet a word of the
        longer (bot/domain/names.py), so a name of two or more whole words is met on at least two
        of its words, one of them as a word: a common first name alone ("jane", a few percent
        of a large log) names only the rows whose other word meets too. A name with an initial
        in it (its rows cannot be looked up by a letter) takes every row met on any word."""
        words = _identifying(normal_name)
        blocks = [word_blocks(w) for w in words]
        as_words = [self._held(family + k for k in keys) for keys in blocks]
        whole = set().union(*as_words)
        if len(words) < 2 or not all(blocks):
            return whole
        met_twice: set[Handle] = set()
        met: set[Handle] = set()
        for word, rows in zip(words, as_words, strict=True):
            rows = rows | self._held([family + "i:" + word[0]])
            met_twice |= met & rows
            met |= rows
        return met_twice & whole


def _lead_changed(old: Referral, new: Referral) -> bool:
    return any(getattr(old, key) != getattr(new, key) for key in LEAD_KEYS)


def active_counts(referrals: Iterable[Referral]) -> dict[str, int]:
    """Open referrals per owner Slack ID (routing's load)."""
    return dict(Counter(_owner(r) for r in referrals if _owner(r)))


def recount(
    counts: Mapping[str, int], changes: Iterable[tuple[Referral | None, Referral]]
) -> dict[str, int]:
    """`counts` after each (before, after) change of a row: a write's cost, not a recount."""
    result = Counter(counts)
    for before, after in changes:
        if before is not None and _owner(before):
            result[_owner(before)] -= 1
        if _owner(after):
            result[_owner(after)] += 1
    return {owner: n for owner, n in result.items() if n > 0}


def _owner(referral: Referral) -> str:
    """The owner whose load the row adds to: open rows only."""
    return referral.owner_slack_id.strip() if referral.is_open else ""


def pick(referrals: Sequence[Referral], positions: Iterable[int]) -> list[Referral]:
    """The referrals at `positions`, in log order (the check breaks ties as a scan would)."""
    return [referrals[p] for p in sorted(positions) if p < len(referrals)]
