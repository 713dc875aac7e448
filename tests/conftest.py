"""Checks every test shares: what the Sheets stand-in served must be what Google would."""

from __future__ import annotations

import pytest

from sandbox.sheets import conformance


@pytest.fixture(autouse=True)
def _sheets_exchanges_conform():
    """Each exchange a Sheets stand-in of this process served during the test was walked
    through Google's discovery document as it was served; one that deviates fails the test."""
    before = len(conformance.DEVIATIONS)
    yield
    found = conformance.DEVIATIONS[before:]
    assert not found, "Sheets stand-in exchanges Google's document does not allow:\n" + "\n".join(
        dict.fromkeys(found)
    )
