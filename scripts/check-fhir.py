#!/usr/bin/env python3
"""Validates Limber's FHIR export with an independent implementation: the R4B models of
Python's fhir.resources (structure, cardinality, required fields, value types, no unknown
fields). Each argument is a Bundle (.json: the Bundle and every entry's resource) or Bulk Data
NDJSON (.ndjson: every line). Prints one line per problem and exits 1 if there is any."""
import json
import sys

from fhir.resources.R4B import get_fhir_model_class


def validate(resource, where, problems):
    """Validates one resource with the model of its resourceType."""
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except Exception as error:  # pydantic's ValidationError, a KeyError, an unknown type
        problems.append(f"{where}: {resource.get('resourceType', '?')}: " + " ".join(str(error).split())[:400])
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
