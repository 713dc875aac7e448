"""What the stand-in models of the Sheets v4 messages Google's discovery document defines.

Parsing a request against the document (unknown fields, types, enums, query names) happens in
``discovery`` before any handler runs; this module says which of the valid requests the stand-in
carries out, and refuses the rest as "not supported" rather than ignoring them.
"""

from __future__ import annotations

from collections.abc import Collection

from . import discovery
from .errors import unsupported

SUPPORTED_KINDS = {
    "addSheet", "deleteSheet", "updateSheetProperties", "updateSpreadsheetProperties", "appendCells",
    "updateCells", "repeatCell", "appendDimension", "insertDimension", "deleteDimension", "moveDimension",
    "updateDimensionProperties", "setDataValidation", "addProtectedRange", "updateProtectedRange",
    "deleteProtectedRange", "addConditionalFormatRule", "updateConditionalFormatRule",
    "deleteConditionalFormatRule", "createDeveloperMetadata", "updateDeveloperMetadata",
    "deleteDeveloperMetadata", "sortRange", "addChart", "updateChartSpec", "deleteEmbeddedObject",
}  # fmt: skip

# Real Sheets request kinds this stand-in does not model: valid to Google, so refused with a
# clear "not supported" rather than "unknown field".
OTHER_GOOGLE_KINDS = set(discovery.fields("Request")) - SUPPORTED_KINDS

# Parameters every method takes (output shaping, auth): never the stand-in's to refuse.
STANDARD_PARAMETERS = frozenset(discovery.document()["parameters"])


def check_query(query: dict[str, list[str]], modelled: Collection[str]) -> None:
    """Refuse a query parameter Google knows (the document was checked first) but the stand-in
    does not carry out."""
    for name in query:
        if name not in STANDARD_PARAMETERS and name not in modelled:
            raise unsupported(f"The query parameter {name}")
