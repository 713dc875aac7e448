"""Section 5: parsing hostile input. Every parser is linear in its input (DESIGN.md "Targets":
40,000 characters in under 20 ms), and input is capped before parsing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from benchmarks.report import Row, Section, ratio
from bot.domain.intake import MAX_REFER_TEXT, parse_refer_text
from bot.logs import redact
from bot.slack.forms import unslack
from bot.slack.replies import parse_reply

HOW = f"""\
Each parser gets inputs built to make a backtracking pattern scan again from every position: one
long word, a word ending in "@" or "(", a long run of digits, thousands of spaced dashes, and the
same kinds mixed. The figure is the slowest input of its size, best of three. `/refer` as served
parses at most {MAX_REFER_TEXT:,} characters (the rest is kept unparsed in the context, where
validation asks for it to be shortened); the uncapped rows show the parser itself is linear. The
naive column is the email pattern the parser used before (a lazy run inside a greedy one), on the
same input; it is measured at 10,000 characters only, as at 40,000 it takes seconds."""

_OLD_EMAIL = re.compile(r"<?(?:mailto:)?[^\s<>(),;:]+@[^\s<>(),;:]+?>?(?=[\s,;:)]|$)")
SIZES = (10_000, 20_000, 40_000)
TARGET_SECONDS = 0.020


def hostile(size: int) -> dict[str, str]:
    return {
        "word": "a" * size,
        "word then @": "x@" + "a" * size + "(",
        "digits": "1" * size + "a",
        "dashes": "a - " * (size // 4),
        "dashes then email": "a - " * (size // 8) + "j@x.com",
        "labels": "a@" + "a." * (size // 2) + "(",
        "mixed": ("Jane (Acme) jane@acme.com from Alex, " * size)[:size],
    }


def slowest(parse: Callable[[str], object], size: int) -> float:
    return max(_best_of_three(parse, text) for text in hostile(size).values())


def _best_of_three(parse: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        parse(text)
        times.append(time.perf_counter() - started)
    return min(times)


PARSERS: dict[str, Callable[[str], object]] = {
    "/refer text as served (capped)": parse_refer_text,
    "/refer parser, uncapped": lambda text: parse_refer_text(text, max_chars=len(text)),
    "a typed DM reply": lambda text: parse_reply(unslack(text)),
    "log redaction": redact,
}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run(sizes: tuple[int, ...] = SIZES) -> Section:
    section = Section("5. Parsing hostile input", HOW)
    for name, parse in PARSERS.items():
        for size in sizes:
            ours = slowest(parse, size)
            naive = (
                slowest(_OLD_EMAIL.search, size) if size == sizes[0] and "/refer" in name else None
            )
            section.rows.append(
                Row(
                    f"{name}, {size:,} characters",
                    _ms(ours),
                    _ms(naive) if naive else "—",
                    ratio(naive, ours),
                    "< 20 ms" if size == 40_000 else "—",
                    ours < TARGET_SECONDS if size == 40_000 else None,
                )
            )
    return section
