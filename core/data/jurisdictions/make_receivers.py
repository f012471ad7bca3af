#!/usr/bin/env python3
"""Writes receivers.csv (MSH-5/MSH-6 per jurisdiction) from iis-jurisdictions.csv by the rule in
SOURCES.md: no public source lists each IIS's receiving application and facility, so the values
are derived, not researched. Run from this folder: python3 make_receivers.py > receivers.csv"""
import csv
import sys

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["id", "receiving_application", "receiving_facility"])
with open("iis-jurisdictions.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        name = row["iis_name"].split(" (")[0].strip()
        app = row["id"] + "IIS" if name in ("", "unknown") else name
        out.writerow([row["id"], app, row["id"]])
