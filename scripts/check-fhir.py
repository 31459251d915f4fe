#!/usr/bin/env python3
"""Validates Limber's FHIR export with an independent implementation: the R4B models of
Python's fhir.resources (structure, cardinality, required fields, value types, no unknown
fields). Each argument is a Bundle (.json: the Bundle and every entry's resource) or Bulk Data
NDJSON (.ndjson: every line). The models don't check codes against value sets, so the
required bindings of the fields Limber writes are checked here, from the R4 specification.
Prints one line per problem and exits 1 if there is any."""
import json
import sys

from fhir.resources.R4B import get_fhir_model_class


# Required bindings (hl7.org/fhir/R4): resource type, path of the code, the codes allowed.
REQUIRED = [
    ("Bundle", ["type"], {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                          "history", "searchset", "collection"}),
    ("Procedure", ["status"], {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed",
                               "entered-in-error", "unknown"}),
    ("Observation", ["status"], {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                                 "entered-in-error", "unknown"}),
    ("CarePlan", ["status"], {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}),
    ("CarePlan", ["intent"], {"proposal", "plan", "order", "option"}),
    ("CarePlan", ["activity", "detail", "status"], {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                                                    "cancelled", "stopped", "unknown", "entered-in-error"}),
    ("CarePlan", ["activity", "detail", "scheduledTiming", "repeat", "periodUnit"], {"s", "min", "h", "d", "wk", "mo", "a"}),
    ("CarePlan", ["activity", "detail", "scheduledTiming", "repeat", "dayOfWeek"], {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}),
]


def values(node, path):
    """Every value at `path` below `node`, through lists."""
    if isinstance(node, list):
        return [v for item in node for v in values(item, path)]
    if not path:
        return [node]
    if isinstance(node, dict) and path[0] in node:
        return values(node[path[0]], path[1:])
    return []


def validate(resource, where, problems):
    """Validates one resource with the model of its resourceType, then its required codes."""
    kind = resource.get("resourceType", "?")
    try:
        get_fhir_model_class(kind).model_validate(resource)
    except Exception as error:  # pydantic's ValidationError, a KeyError, an unknown type
        problems.append(f"{where}: {kind}: " + " ".join(str(error).split())[:400])
        return 0
    for rtype, path, allowed in REQUIRED:
        if rtype == kind:
            for value in values(resource, path):
                if value not in allowed:
                    problems.append(f"{where}: {kind}: {'.'.join(path)} '{value}' is not in its required value set")
                    return 0
    return 1


def main(paths):
    problems, checked = [], 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            if path.endswith(".ndjson"):
                for number, line in enumerate(f, 1):
                    checked += validate(json.loads(line), f"{path}:{number}", problems)
            else:
                bundle = json.load(f)
                checked += validate(bundle, path, problems)
                for i, entry in enumerate(bundle.get("entry", [])):
                    checked += validate(entry["resource"], f"{path}: entry {i}", problems)
    for p in problems:
        print(p)
    print(f"{checked} resources valid, {len(problems)} invalid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
