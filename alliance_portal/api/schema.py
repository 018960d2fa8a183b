"""OpenAPI additions: every operation documents its problem-details error responses."""

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages per field (validation errors only).",
        },
        "changes": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "What someone else changed (412 only).",
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ALWAYS = {
    "400": "Invalid parameters or body.",
    "401": "No valid token (missing, wrong, expired or revoked).",
    "403": "The token lacks a scope, or the role may not do this.",
    "404": "No such object, or not visible to the caller.",
    "405": "Method not allowed.",
    "406": "The requested media type is not offered.",
    "429": "Too many requests; see Retry-After.",
}
WRITES = {
    "409": "Conflicts with the current state.",
    "412": "If-Match names a stale version; nothing was written.",
    "413": "The request body is too large.",
    "415": "Unsupported media type (send JSON).",
    "428": "If-Match is required.",
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook. Also: an empty query parameter means "no filter", as from HTML forms."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
            errors = {**ALWAYS, **(WRITES if method in ("post", "put", "patch", "delete") else {})}
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(code, {"description": description, "content": problem})
    return result
