#!/usr/bin/env python3
"""Parse a limber calendar (.ics) with icalendar and expand it with recurring-ical-events.

Usage: check-calendar.py FILE.ics
Prints JSON: the number of sessions the file expands to over the next 20 years, each session's
start (local wall time with its UTC offset), its duration in minutes, and the alarms per event.
An independent check of `limber calendar` for the test suite.
"""
import datetime
import json
import sys

import icalendar
import recurring_ical_events


def main():
    with open(sys.argv[1], "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    events = list(calendar.walk("VEVENT"))
    first = min(e.decoded("DTSTART") for e in events)
    sessions = recurring_ical_events.of(calendar).between(first - datetime.timedelta(days=1),
                                                          first + datetime.timedelta(days=366 * 20))
    starts = sorted(s.decoded("DTSTART") for s in sessions)
    print(json.dumps({
        "count": len(sessions),
        "starts": [s.isoformat() for s in starts],
        "minutes": sorted({int((s.decoded("DTEND") - s.decoded("DTSTART")).total_seconds() // 60) for s in sessions}),
        "alarms": [len(e.walk("VALARM")) for e in events],
        "zones": [tz["TZID"] for tz in calendar.walk("VTIMEZONE")],
    }))


if __name__ == "__main__":
    main()
