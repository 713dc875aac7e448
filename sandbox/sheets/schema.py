"""Request-body validation against the Sheets v4 message shapes, with Google's error wording.

Google parses JSON bodies strictly: an unknown field, a wrong type or an unknown enum value is a
400 before anything runs. The stand-in does the same so a typo never passes silently.
Fields typed ``any`` are accepted as opaque JSON (parts stored, not modelled: chart kinds other
than basicChart, styles, borders).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import invalid

ENUMS: dict[str, set[str]] = {
    "Dimension": {"ROWS", "COLUMNS"},
    "SheetType": {"GRID", "OBJECT", "DATA_SOURCE"},
    "ValueInputOption": {"RAW", "USER_ENTERED"},
    "ValueRenderOption": {"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"},
    "DateTimeRenderOption": {"SERIAL_NUMBER", "FORMATTED_STRING"},
    "InsertDataOption": {"OVERWRITE", "INSERT_ROWS"},
    "DeveloperMetadataLocationType": {"ROW", "COLUMN", "SHEET", "SPREADSHEET"},
    "DeveloperMetadataVisibility": {"DOCUMENT", "PROJECT"},
    "DeveloperMetadataLocationMatchingStrategy": {"EXACT_LOCATION", "INTERSECTING_LOCATION"},
    "SortOrder": {"ASCENDING", "DESCENDING"},
    "NumberFormatType": {"TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE", "TIME", "DATE_TIME", "SCIENTIFIC"},
    "HorizontalAlign": {"LEFT", "CENTER", "RIGHT"},
    "VerticalAlign": {"TOP", "MIDDLE", "BOTTOM"},
    "WrapStrategy": {"OVERFLOW_CELL", "LEGACY_WRAP", "CLIP", "WRAP"},
    "TextDirection": {"LEFT_TO_RIGHT", "RIGHT_TO_LEFT"},
    "HyperlinkDisplayType": {"LINKED", "PLAIN_TEXT"},
    "Style": {"DOTTED", "DASHED", "SOLID", "SOLID_MEDIUM", "SOLID_THICK", "NONE", "DOUBLE"},
    "ThemeColorType": {"TEXT", "BACKGROUND", "ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5", "ACCENT6", "LINK"},
    "RelativeDate": {"PAST_YEAR", "PAST_MONTH", "PAST_WEEK", "YESTERDAY", "TODAY", "TOMORROW"},
    "RecalculationInterval": {"ON_CHANGE", "MINUTE", "HOUR"},
    "BasicChartType": {"BASIC_CHART_TYPE_UNSPECIFIED", "BAR", "LINE", "AREA", "COLUMN", "SCATTER", "COMBO", "STEPPED_AREA"},
    "BasicChartLegendPosition": {
        "BASIC_CHART_LEGEND_POSITION_UNSPECIFIED", "BOTTOM_LEGEND", "LEFT_LEGEND", "RIGHT_LEGEND", "TOP_LEGEND",
        "NO_LEGEND",
    },
    "BasicChartAxisPosition": {"BASIC_CHART_AXIS_POSITION_UNSPECIFIED", "BOTTOM_AXIS", "LEFT_AXIS", "RIGHT_AXIS"},
    "BasicChartStackedType": {"BASIC_CHART_STACKED_TYPE_UNSPECIFIED", "NOT_STACKED", "STACKED", "PERCENT_STACKED"},
    "ChartHiddenDimensionStrategy": {
        "CHART_HIDDEN_DIMENSION_STRATEGY_UNSPECIFIED", "SKIP_HIDDEN_ROWS_AND_COLUMNS", "SKIP_HIDDEN_ROWS",
        "SKIP_HIDDEN_COLUMNS", "SHOW_ALL",
    },
    "ChartAggregateType": {"CHART_AGGREGATE_TYPE_UNSPECIFIED", "AVERAGE", "COUNT", "MAX", "MEDIAN", "MIN", "SUM"},
    "ConditionType": {
        "NUMBER_GREATER", "NUMBER_GREATER_THAN_EQ", "NUMBER_LESS", "NUMBER_LESS_THAN_EQ", "NUMBER_EQ",
        "NUMBER_NOT_EQ", "NUMBER_BETWEEN", "NUMBER_NOT_BETWEEN", "TEXT_CONTAINS", "TEXT_NOT_CONTAINS",
        "TEXT_STARTS_WITH", "TEXT_ENDS_WITH", "TEXT_EQ", "TEXT_IS_EMAIL", "TEXT_IS_URL", "DATE_EQ",
        "DATE_BEFORE", "DATE_AFTER", "DATE_ON_OR_BEFORE", "DATE_ON_OR_AFTER", "DATE_BETWEEN",
        "DATE_NOT_BETWEEN", "DATE_IS_VALID", "ONE_OF_RANGE", "ONE_OF_LIST", "BLANK", "NOT_BLANK",
        "CUSTOM_FORMULA", "BOOLEAN", "TEXT_NOT_EQ", "DATE_NOT_EQ", "FILTER_EXPRESSION",
    },
}  # fmt: skip

STR, INT, NUM, BOOL, ANY = "str", "int", "num", "bool", "any"

MESSAGES: dict[str, dict[str, Any]] = {
    "GridRange": {"sheetId": INT, "startRowIndex": INT, "endRowIndex": INT, "startColumnIndex": INT, "endColumnIndex": INT},
    "DimensionRange": {"sheetId": INT, "dimension": "enum:Dimension", "startIndex": INT, "endIndex": INT},
    "GridCoordinate": {"sheetId": INT, "rowIndex": INT, "columnIndex": INT},
    "Color": {"red": NUM, "green": NUM, "blue": NUM, "alpha": NUM},
    "ColorStyle": {"rgbColor": "Color", "themeColor": "enum:ThemeColorType"},
    "GridProperties": {
        "rowCount": INT, "columnCount": INT, "frozenRowCount": INT, "frozenColumnCount": INT,
        "hideGridlines": BOOL, "rowGroupControlAfter": BOOL, "columnGroupControlAfter": BOOL,
    },
    "SheetProperties": {
        "sheetId": INT, "title": STR, "index": INT, "sheetType": "enum:SheetType", "gridProperties": "GridProperties",
        "hidden": BOOL, "tabColor": "Color", "tabColorStyle": "ColorStyle", "rightToLeft": BOOL,
        "dataSourceSheetProperties": ANY,
    },
    "SpreadsheetProperties": {
        "title": STR, "locale": STR, "autoRecalc": "enum:RecalculationInterval", "timeZone": STR,
        "defaultFormat": "CellFormat", "iterativeCalculationSettings": ANY, "spreadsheetTheme": ANY,
        "importFunctionsExternalUrlAccessAllowed": BOOL,
    },
    "ExtendedValue": {"numberValue": NUM, "stringValue": STR, "boolValue": BOOL, "formulaValue": STR, "errorValue": ANY},
    "NumberFormat": {"type": "enum:NumberFormatType", "pattern": STR},
    "Border": {"style": "enum:Style", "width": INT, "color": "Color", "colorStyle": "ColorStyle"},
    "Borders": {"top": "Border", "bottom": "Border", "left": "Border", "right": "Border"},
    "Padding": {"top": INT, "right": INT, "bottom": INT, "left": INT},
    "Link": {"uri": STR},
    "TextFormat": {
        "foregroundColor": "Color", "foregroundColorStyle": "ColorStyle", "fontFamily": STR, "fontSize": INT,
        "bold": BOOL, "italic": BOOL, "strikethrough": BOOL, "underline": BOOL, "link": "Link",
    },
    "TextRotation": {"angle": INT, "vertical": BOOL},
    "CellFormat": {
        "numberFormat": "NumberFormat", "backgroundColor": "Color", "backgroundColorStyle": "ColorStyle",
        "borders": "Borders", "padding": "Padding", "horizontalAlignment": "enum:HorizontalAlign",
        "verticalAlignment": "enum:VerticalAlign", "wrapStrategy": "enum:WrapStrategy",
        "textDirection": "enum:TextDirection", "textFormat": "TextFormat",
        "hyperlinkDisplayType": "enum:HyperlinkDisplayType", "textRotation": "TextRotation",
    },
    "ConditionValue": {"relativeDate": "enum:RelativeDate", "userEnteredValue": STR},
    "BooleanCondition": {"type": "enum:ConditionType", "values": ["ConditionValue"]},
    "DataValidationRule": {"condition": "BooleanCondition", "inputMessage": STR, "strict": BOOL, "showCustomUi": BOOL},
    "CellData": {
        "userEnteredValue": "ExtendedValue", "effectiveValue": "ExtendedValue", "formattedValue": STR,
        "userEnteredFormat": "CellFormat", "effectiveFormat": "CellFormat", "hyperlink": STR, "note": STR,
        "textFormatRuns": ANY, "dataValidation": "DataValidationRule", "pivotTable": ANY,
        "dataSourceTable": ANY, "dataSourceFormula": ANY, "chipRuns": ANY,
    },
    "RowData": {"values": ["CellData"]},
    "Editors": {"users": [STR], "groups": [STR], "domainUsersCanEdit": BOOL},
    "ProtectedRange": {
        "protectedRangeId": INT, "range": "GridRange", "namedRangeId": STR, "tableId": STR, "description": STR,
        "warningOnly": BOOL, "requestingUserCanEdit": BOOL, "unprotectedRanges": ["GridRange"], "editors": "Editors",
    },
    "BooleanRule": {"condition": "BooleanCondition", "format": "CellFormat"},
    "ConditionalFormatRule": {"ranges": ["GridRange"], "booleanRule": "BooleanRule", "gradientRule": ANY},
    "DeveloperMetadataLocation": {
        "locationType": "enum:DeveloperMetadataLocationType", "spreadsheet": BOOL, "sheetId": INT,
        "dimensionRange": "DimensionRange",
    },
    "DeveloperMetadata": {
        "metadataId": INT, "metadataKey": STR, "metadataValue": STR, "location": "DeveloperMetadataLocation",
        "visibility": "enum:DeveloperMetadataVisibility",
    },
    "DeveloperMetadataLookup": {
        "locationType": "enum:DeveloperMetadataLocationType", "metadataLocation": "DeveloperMetadataLocation",
        "locationMatchingStrategy": "enum:DeveloperMetadataLocationMatchingStrategy", "metadataId": INT,
        "metadataKey": STR, "metadataValue": STR, "visibility": "enum:DeveloperMetadataVisibility",
    },
    "DataFilter": {"developerMetadataLookup": "DeveloperMetadataLookup", "a1Range": STR, "gridRange": "GridRange"},
    "SortSpec": {
        "dimensionIndex": INT, "sortOrder": "enum:SortOrder", "foregroundColor": "Color", "backgroundColor": "Color",
        "foregroundColorStyle": "ColorStyle", "backgroundColorStyle": "ColorStyle", "dataSourceColumnReference": ANY,
    },
    "EmbeddedChart": {"chartId": INT, "spec": "ChartSpec", "position": "EmbeddedObjectPosition", "border": ANY},
    "EmbeddedObjectPosition": {"sheetId": INT, "overlayPosition": "OverlayPosition", "newSheet": BOOL},
    "OverlayPosition": {
        "anchorCell": "GridCoordinate", "offsetXPixels": INT, "offsetYPixels": INT, "widthPixels": INT,
        "heightPixels": INT,
    },
    "ChartSpec": {
        "title": STR, "altText": STR, "titleTextFormat": ANY, "titleTextPosition": ANY, "subtitle": STR,
        "subtitleTextFormat": ANY, "subtitleTextPosition": ANY, "fontName": STR, "maximized": BOOL,
        "backgroundColor": "Color", "backgroundColorStyle": "ColorStyle", "dataSourceChartProperties": ANY,
        "filterSpecs": ANY, "sortSpecs": ANY, "hiddenDimensionStrategy": "enum:ChartHiddenDimensionStrategy",
        "basicChart": "BasicChartSpec", "pieChart": ANY, "bubbleChart": ANY, "candlestickChart": ANY,
        "orgChart": ANY, "histogramChart": ANY, "waterfallChart": ANY, "treemapChart": ANY, "scorecardChart": ANY,
    },
    "BasicChartSpec": {
        "chartType": "enum:BasicChartType", "legendPosition": "enum:BasicChartLegendPosition",
        "axis": ["BasicChartAxis"], "domains": ["BasicChartDomain"], "series": ["BasicChartSeries"],
        "headerCount": INT, "threeDimensional": BOOL, "interpolateNulls": BOOL,
        "stackedType": "enum:BasicChartStackedType", "lineSmoothing": BOOL, "compareMode": ANY,
        "totalDataLabel": ANY,
    },
    "BasicChartAxis": {
        "position": "enum:BasicChartAxisPosition", "title": STR, "format": ANY, "titleTextPosition": ANY,
        "viewWindowOptions": ANY,
    },
    "BasicChartDomain": {"domain": "ChartData", "reversed": BOOL},
    "BasicChartSeries": {
        "series": "ChartData", "targetAxis": "enum:BasicChartAxisPosition", "type": "enum:BasicChartType",
        "lineStyle": ANY, "dataLabel": ANY, "pointStyle": ANY, "color": "Color", "colorStyle": "ColorStyle",
        "styleOverrides": ANY,
    },
    "ChartData": {
        "sourceRange": "ChartSourceRange", "aggregateType": "enum:ChartAggregateType", "groupRule": ANY,
        "columnReference": ANY,
    },
    "ChartSourceRange": {"sources": ["GridRange"]},
    "DimensionProperties": {
        "hiddenByFilter": BOOL, "hiddenByUser": BOOL, "pixelSize": INT, "developerMetadata": ["DeveloperMetadata"],
        "dataSourceColumnReference": ANY,
    },
    # batchUpdate request kinds
    "AddSheetRequest": {"properties": "SheetProperties"},
    "DeleteSheetRequest": {"sheetId": INT},
    "UpdateSheetPropertiesRequest": {"properties": "SheetProperties", "fields": STR},
    "UpdateSpreadsheetPropertiesRequest": {"properties": "SpreadsheetProperties", "fields": STR},
    "AppendCellsRequest": {"sheetId": INT, "rows": ["RowData"], "fields": STR, "tableId": STR},
    "UpdateCellsRequest": {"rows": ["RowData"], "fields": STR, "start": "GridCoordinate", "range": "GridRange"},
    "RepeatCellRequest": {"range": "GridRange", "cell": "CellData", "fields": STR},
    "AppendDimensionRequest": {"sheetId": INT, "dimension": "enum:Dimension", "length": INT},
    "InsertDimensionRequest": {"range": "DimensionRange", "inheritFromBefore": BOOL},
    "DeleteDimensionRequest": {"range": "DimensionRange"},
    "MoveDimensionRequest": {"source": "DimensionRange", "destinationIndex": INT},
    "UpdateDimensionPropertiesRequest": {
        "range": "DimensionRange", "dataSourceSheetRange": ANY, "properties": "DimensionProperties", "fields": STR,
    },
    "SetDataValidationRequest": {"range": "GridRange", "rule": "DataValidationRule", "filteredRowsIncluded": BOOL},
    "AddProtectedRangeRequest": {"protectedRange": "ProtectedRange"},
    "UpdateProtectedRangeRequest": {"protectedRange": "ProtectedRange", "fields": STR},
    "DeleteProtectedRangeRequest": {"protectedRangeId": INT},
    "AddConditionalFormatRuleRequest": {"rule": "ConditionalFormatRule", "index": INT},
    "UpdateConditionalFormatRuleRequest": {"index": INT, "rule": "ConditionalFormatRule", "newIndex": INT, "sheetId": INT},
    "DeleteConditionalFormatRuleRequest": {"index": INT, "sheetId": INT},
    "CreateDeveloperMetadataRequest": {"developerMetadata": "DeveloperMetadata"},
    "UpdateDeveloperMetadataRequest": {"dataFilters": ["DataFilter"], "developerMetadata": "DeveloperMetadata", "fields": STR},
    "DeleteDeveloperMetadataRequest": {"dataFilter": "DataFilter"},
    "SortRangeRequest": {"range": "GridRange", "sortSpecs": ["SortSpec"]},
    "AddChartRequest": {"chart": "EmbeddedChart"},
    "UpdateChartSpecRequest": {"chartId": INT, "spec": "ChartSpec"},
    "DeleteEmbeddedObjectRequest": {"objectId": INT},
    # method bodies
    "BatchUpdateSpreadsheetRequest": {
        "requests": ["Request"], "includeSpreadsheetInResponse": BOOL, "responseRanges": [STR],
        "responseIncludeGridData": BOOL,
    },
    "ValueRange": {"range": STR, "majorDimension": "enum:Dimension", "values": ANY},
    "BatchUpdateValuesRequest": {
        "valueInputOption": "enum:ValueInputOption", "data": ["ValueRange"], "includeValuesInResponse": BOOL,
        "responseValueRenderOption": "enum:ValueRenderOption",
        "responseDateTimeRenderOption": "enum:DateTimeRenderOption",
    },
    "DataFilterValueRange": {"dataFilter": "DataFilter", "majorDimension": "enum:Dimension", "values": ANY},
    "BatchUpdateValuesByDataFilterRequest": {
        "valueInputOption": "enum:ValueInputOption", "data": ["DataFilterValueRange"],
        "includeValuesInResponse": BOOL, "responseValueRenderOption": "enum:ValueRenderOption",
        "responseDateTimeRenderOption": "enum:DateTimeRenderOption",
    },
    "BatchGetValuesByDataFilterRequest": {
        "dataFilters": ["DataFilter"], "majorDimension": "enum:Dimension",
        "valueRenderOption": "enum:ValueRenderOption", "dateTimeRenderOption": "enum:DateTimeRenderOption",
    },
    "SearchDeveloperMetadataRequest": {"dataFilters": ["DataFilter"]},
    "SheetToCreate": {
        "properties": "SheetProperties", "data": ANY, "merges": ANY, "conditionalFormats": ANY, "filterViews": ANY,
        "protectedRanges": ANY, "basicFilter": ANY, "charts": ANY, "bandedRanges": ANY, "developerMetadata": ANY,
        "rowGroups": ANY, "columnGroups": ANY, "slicers": ANY, "tables": ANY,
    },
    "Spreadsheet": {
        "spreadsheetId": STR, "properties": "SpreadsheetProperties", "sheets": ["SheetToCreate"],
        "namedRanges": ANY, "spreadsheetUrl": STR, "developerMetadata": ANY, "dataSources": ANY,
        "dataSourceSchedules": ANY,
    },
}  # fmt: skip

SUPPORTED_KINDS = {
    "addSheet", "deleteSheet", "updateSheetProperties", "updateSpreadsheetProperties", "appendCells",
    "updateCells", "repeatCell", "appendDimension", "insertDimension", "deleteDimension", "moveDimension",
    "updateDimensionProperties", "setDataValidation", "addProtectedRange", "updateProtectedRange",
    "deleteProtectedRange", "addConditionalFormatRule", "updateConditionalFormatRule",
    "deleteConditionalFormatRule", "createDeveloperMetadata", "updateDeveloperMetadata",
    "deleteDeveloperMetadata", "sortRange", "addChart", "updateChartSpec", "deleteEmbeddedObject",
}  # fmt: skip

# Real Sheets request kinds this stand-in does not model: known to Google, so refused with a
# clear "not supported" rather than "unknown field".
OTHER_GOOGLE_KINDS = {
    "updateNamedRange", "addNamedRange", "deleteNamedRange", "duplicateSheet", "autoFill", "cutPaste",
    "copyPaste", "mergeCells", "unmergeCells", "updateBorders", "addFilterView", "clearBasicFilter",
    "deleteFilterView", "duplicateFilterView", "findReplace", "insertRange", "updateEmbeddedObjectPosition",
    "pasteData", "textToColumns", "updateFilterView", "deleteRange", "setBasicFilter", "autoResizeDimensions",
    "updateBanding", "addBanding", "deleteBanding", "randomizeRange", "addDimensionGroup",
    "deleteDimensionGroup", "updateDimensionGroup", "trimWhitespace", "deleteDuplicates",
    "updateEmbeddedObjectBorder", "addSlicer", "updateSlicerSpec", "addDataSource", "updateDataSource",
    "deleteDataSource", "refreshDataSource", "cancelDataSourceRefresh", "addTable", "updateTable", "deleteTable",
}  # fmt: skip

MESSAGES["Request"] = {kind: kind[0].upper() + kind[1:] + "Request" for kind in SUPPORTED_KINDS} | {
    kind: ANY for kind in OTHER_GOOGLE_KINDS
}

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def validate(body: Any, message: str, path: str = "") -> None:
    """Raise 400 with Google's wording if ``body`` does not parse as ``message``.

    Numeric strings are coerced in place to numbers, as Google's JSON parser accepts them.
    """
    errors: list[str] = []
    _check_message(body, message, path, errors)
    if errors:
        raise invalid("\n".join(errors))


def _type_url(name: str) -> str:
    return f"type.googleapis.com/google.apps.sheets.v4.{name}"


def _check_message(obj: Any, message: str, path: str, errors: list[str]) -> None:
    if not isinstance(obj, dict):
        errors.append(f"Invalid value at '{path}' ({_type_url(message)}), {_show(obj)}")
        return
    fields = MESSAGES[message]
    for name, value in list(obj.items()):
        if value is None:
            del obj[name]  # JSON null leaves a field unset, as in proto3 JSON
            continue
        if name not in fields:
            where = f" at '{path}'" if path else ""
            errors.append(
                f'Invalid JSON payload received. Unknown name "{name}"{where}: Cannot find field.'
            )
            continue
        child = f"{path}.{snake(name)}" if path else snake(name)
        _check_field(obj, name, value, fields[name], child, errors)


def _check_field(
    parent: dict, name: str, value: Any, kind: Any, path: str, errors: list[str]
) -> None:
    if value is None:
        return
    if isinstance(kind, list):
        if not isinstance(value, list):
            errors.append(f"Invalid value at '{path}' ({_describe(kind[0])}), {_show(value)}")
            return
        for i, item in enumerate(value):
            holder = {"_": item}
            _check_field(holder, "_", item, kind[0], f"{path}[{i}]", errors)
            value[i] = holder["_"]
        return
    if kind == ANY:
        return
    if kind == STR:
        if not isinstance(value, str):
            errors.append(f"Invalid value at '{path}' (TYPE_STRING), {_show(value)}")
    elif kind == BOOL:
        if not isinstance(value, bool):
            errors.append(f"Invalid value at '{path}' (TYPE_BOOL), {_show(value)}")
    elif kind == INT:
        if isinstance(value, str) and _INT.match(value):
            parent[name] = int(value)
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"Invalid value at '{path}' (TYPE_INT32), {_show(value)}")
    elif kind == NUM:
        if isinstance(value, str) and _FLOAT.match(value):
            parent[name] = float(value)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors.append(f"Invalid value at '{path}' (TYPE_DOUBLE), {_show(value)}")
    elif kind.startswith("enum:"):
        enum = kind[5:]
        if value not in ENUMS[enum]:
            errors.append(f"Invalid value at '{path}' ({_type_url(enum)}), {_show(value)}")
    else:
        _check_message(value, kind, path, errors)


def _describe(kind: str) -> str:
    return {STR: "TYPE_STRING", INT: "TYPE_INT32", NUM: "TYPE_DOUBLE", BOOL: "TYPE_BOOL"}.get(
        kind, _type_url(kind)
    )


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_query(query: dict[str, list[str]], allowed: dict[str, str | None]) -> None:
    """Refuse unknown query parameters and bad enum values, as Google's query binding does."""
    standard = {"fields", "alt", "key", "prettyPrint", "quotaUser", "access_token", "$.xgafv", "callback",
                "upload_protocol", "uploadType", "oauth_token", "userIp"}  # fmt: skip
    for name, values in query.items():
        if name in standard:
            continue
        if name not in allowed:
            raise invalid(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
        enum = allowed[name]
        for value in values:
            if enum == "bool" and value not in ("true", "false", "True", "False", "1", "0"):
                raise invalid(f"Invalid value at '{snake(name)}' (TYPE_BOOL), \"{value}\"")
            if enum and enum != "bool" and value not in ENUMS[enum]:
                raise invalid(f"Invalid value at '{snake(name)}' ({_type_url(enum)}), \"{value}\"")
