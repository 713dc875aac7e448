"""`make bench`: measure Referral Desk against DESIGN.md "Targets", each figure beside the naive
baseline, print the Markdown report and write it to docs/benchmarks.md.

    .venv/bin/python -m benchmarks.run                       # the full run (a few minutes)
    .venv/bin/python -m benchmarks.run --quick               # a smoke run on tiny sizes
    .venv/bin/python -m benchmarks.run --sizes 10000,50000 --live-sizes 1000 --out docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import acks, burst, calls, parsing, sweep
from benchmarks.report import Section, render

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Plan:
    """How big each section runs. The full plan follows DESIGN.md; --quick shrinks everything."""

    call_sizes: tuple[int, ...] = (1_000, 10_000, 50_000, 100_000)
    live_sizes: tuple[int, ...] = (1_000, 10_000, 50_000, 100_000)
    requests: int = 60
    naive_requests: int = 10
    burst: int = 30
    quota: int = 60
    latency: float = 0.2
    sweep_sizes: tuple[int, ...] = (1_000, 10_000, 50_000, 100_000)
    naive_max: int = 10_000
    tracemalloc: bool = True
    parse_sizes: tuple[int, ...] = parsing.SIZES


QUICK = Plan(
    call_sizes=(100,),
    live_sizes=(100,),
    requests=10,
    naive_requests=2,
    burst=10,
    latency=0.05,
    sweep_sizes=(400,),
    naive_max=400,
    tracemalloc=False,
    parse_sizes=(1_000,),
)
SECTIONS: dict[str, Callable[[Plan], Section]] = {
    "calls": lambda p: calls.run(list(p.call_sizes), p.naive_max),
    "acks": lambda p: acks.run(
        list(p.live_sizes), p.requests, p.naive_requests, p.latency, p.naive_max
    ),
    "burst": lambda p: burst.run(list(p.live_sizes), p.burst, p.quota, p.latency, p.naive_max),
    "sweep": lambda p: sweep.run(list(p.sweep_sizes), p.naive_max, p.tracemalloc),
    "parsing": lambda p: parsing.run(p.parse_sizes),
}


def sizes(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give sizes like 10000,50000") from None
    if not values or min(values) < 10:
        raise argparse.ArgumentTypeError("each size must be at least 10 referrals")
    return values


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run in seconds")
    p.add_argument("--sizes", type=sizes, help="sweep sizes (default 1000,10000,50000,100000)")
    p.add_argument(
        "--call-sizes", type=sizes, help="log sizes for API calls and capture CPU (as the sweep's)"
    )
    p.add_argument(
        "--live-sizes", type=sizes, help="log sizes for the ack and burst runs (as the sweep's)"
    )
    p.add_argument("--requests", type=int, help="requests per kind for ack latency (60)")
    p.add_argument("--naive-requests", type=int, help="the same for the naive app (10)")
    p.add_argument("--burst", type=int, help="captures in the one-second burst (30)")
    p.add_argument("--latency", type=float, help="Sheets stand-in latency in seconds (0.2)")
    p.add_argument("--naive-max", type=int, help="largest sweep size for the naive (10000)")
    p.add_argument("--no-tracemalloc", action="store_true", help="skip the traced sweep")
    p.add_argument(
        "--only", choices=sorted(SECTIONS), action="append", help="run only this section"
    )
    p.add_argument(
        "--out",
        help=f"where to write the report; '-' prints it only (default {DEFAULT_OUT.relative_to(DEFAULT_OUT.parents[1])}, "
        "or nothing with --quick)",
    )
    return p


def plan_from(args: argparse.Namespace) -> Plan:
    base = QUICK if args.quick else Plan()
    changes = {
        "sweep_sizes": args.sizes,
        "call_sizes": args.call_sizes,
        "live_sizes": args.live_sizes,
        "requests": args.requests,
        "naive_requests": args.naive_requests,
        "burst": args.burst,
        "latency": args.latency,
        "naive_max": args.naive_max,
    }
    values = {**base.__dict__, **{k: v for k, v in changes.items() if v is not None}}
    if args.no_tracemalloc:
        values["tracemalloc"] = False
    return Plan(**values)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the bot's warnings would bury the report
    plan = plan_from(args)
    started = time.perf_counter()
    sections = []
    for name, section in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        sections.append(section(plan))
    command = "python -m benchmarks.run" + "".join(f" {shlex.quote(a)}" for a in (argv or []))
    text = render(sections, command, time.perf_counter() - started)
    print(text)
    out = args.out or ("-" if args.quick else str(DEFAULT_OUT))
    if out != "-":
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        print(f"Written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
