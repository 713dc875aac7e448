"""The performance benchmark of Referral Desk: DESIGN.md "Targets", each figure beside a naive gspread
baseline measured in the same run. `make bench` runs it and writes docs/benchmarks.md.

Performance is measured here, never in timed tests; tests/test_benchmarks_smoke.py only checks that
the quick mode runs and counts the API calls the targets name."""
