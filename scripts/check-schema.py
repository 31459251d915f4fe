#!/usr/bin/env python3
"""Validate YAML programs against Limber's JSON Schema with an independent validator.

Usage: check-schema.py SCHEMA.json PROGRAM.yaml...
Prints one JSON object: {"file": ["error", ...], ...} (an empty list means valid).
Exit 0 when it ran (whatever the verdicts), 2 when it could not run.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"check-schema: {missing}; run `make deps` (installs jsonschema and PyYAML)", file=sys.stderr)
    sys.exit(2)


class StringDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps YAML timestamps as text, as Limber reads them."""


StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    verdicts = {}
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=StringDatesLoader)
        verdicts[path] = sorted(e.message for e in validator.iter_errors(document))
    print(json.dumps(verdicts, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
