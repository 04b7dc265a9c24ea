"""OpenAPI schema additions shared by every endpoint."""

from core.filters import MAX_QUERY_LENGTH, MAX_VALUES, bounded_parameters, code_list_parameters

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "A 400 maps each bad query parameter to a list of messages that say what it "
        "accepts; other errors carry a `detail` message."
    ),
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}

# Text parameters never hold a NUL character (PostgreSQL cannot store one; the
# API answers 400).
NO_NUL = "^[^\\x00]*$"

ERRORS = {
    "400": "A query parameter has a bad value; the body names it and what it accepts.",
    "401": (
        "The Authorization header names a token this API does not know, or is malformed "
        "(send `Bearer <key>` or `Token <key>`, or no header for anonymous access)."
    ),
    "404": (
        "No such published record, a page past the last or deeper than page numbers "
        "reach, or a cursor this API did not give out."
    ),
    "429": "Rate limit exceeded; the Retry-After header says when to try again.",
}


def query_parameters(result):
    """Every query parameter of every operation in the schema."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    yield parameter


def describe_code_lists(result, generator, request, public):
    """State the allowed values of each code-list parameter (country, band…)."""
    allowed = code_list_parameters()
    for parameter in query_parameters(result):
        if parameter["name"] not in allowed:
            continue
        label, codes = allowed[parameter["name"]]
        parameter["schema"] = {
            "type": "array",
            "items": {"type": "string", "enum": codes},
            "maxItems": MAX_VALUES,
        }
        parameter["style"], parameter["explode"] = "form", True
        parameter["description"] = (
            f"{label}. Several values: repeat the parameter or separate them with "
            "commas; case-insensitive."
        )
    return result


def describe_ordering(result, generator, request, public):
    """Orderings are a list like the code lists: repeated parameters (the
    schema's way, so that `ordering=` is one empty ordering, refused, rather
    than an empty list) or comma-separated."""
    for parameter in query_parameters(result):
        if parameter["name"] != "ordering":
            continue
        parameter["schema"]["maxItems"] = MAX_VALUES
        parameter["style"], parameter["explode"] = "form", True
        parameter["description"] = parameter["description"].replace(
            "\n\n",
            ". Several orderings (each breaks the ties of the one before): repeat the "
            "parameter or separate them with commas.\n\n",
            1,
        )
    return result


def describe_bounds(result, generator, request, public):
    """Whole-number filters are integers within their limits; `q` is bounded."""
    bounds = bounded_parameters()
    for parameter in query_parameters(result):
        if parameter["name"] in bounds:
            minimum, maximum = bounds[parameter["name"]]
            parameter["schema"] = {"type": "integer", "minimum": minimum, "maximum": maximum}
        elif parameter["name"] == "q":
            parameter["schema"] = {
                "type": "string",
                "maxLength": MAX_QUERY_LENGTH,
                "pattern": NO_NUL,
            }
    return result


def add_error_responses(result, generator, request, public):
    """Document the 400, 401, 404 and 429 answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
            responses["429"].setdefault(
                "headers",
                {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}},
            )
    return result
