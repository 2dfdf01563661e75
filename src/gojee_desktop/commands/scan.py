"""`gojee scan-card IMAGE`: the fields of a business card, offline, and optionally a lead."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.services import jobs
from gojee_desktop.services.capture.card_fields import card_notes
from gojee_desktop.services.capture.card_scan import ScanError, scan_card
from gojee_desktop.services.capture.matching import find_person_matches
from gojee_desktop.services.capture.region import get_region
from gojee_desktop.services.contacts import CustomerInput


def cmd_scan(context: Context, args: argparse.Namespace) -> int:
    region = get_region(context.sessions)  # phone numbers are read in the business's country
    try:
        scan = scan_card(args.image, region)
    except ScanError as exc:
        raise CliError(str(exc)) from exc
    fields = scan.fields
    document: dict[str, Any] = fields.as_json()
    if args.create_lead:
        if not (fields.name or fields.company):
            raise CliError("no name or company was found on the card; nothing was saved.")
        matches = find_person_matches(
            context.sessions, fields.name, fields.company, fields.emails, fields.phones
        )
        for match in matches:
            print(
                f"gojee: possible duplicate: person {match.person_id} {match.name} ({match.reason})",
                file=sys.stderr,
            )
        customer = CustomerInput(  # every email and phone; job title and website in the notes
            person_name=fields.name,
            organization_name=fields.company,
            email="; ".join(fields.emails),
            phone="; ".join(fields.phones),
            address=fields.address,
            notes=card_notes(fields.title, fields.website),
        )
        title = f"Business card: {fields.company or fields.name}"
        detail = jobs.create_lead(context.sessions, jobs.NewJob(title=title, customer=customer))
        document["lead"] = {"id": detail.id, "number": detail.summary.number, "title": detail.summary.title}
    if args.json:
        print_json(document)
        return 0
    for key in ("name", "title", "company", "emails", "phones", "website", "address"):
        value = document[key]
        print(f"{key:<8} {', '.join(value) if isinstance(value, list) else value}")
    if "lead" in document:
        print(f"created lead {document['lead']['number']}: {document['lead']['title']}")
    return 0


def register(commands: Any) -> None:
    scan = commands.add_parser(
        "scan-card",
        help="read a business card image (PNG, JPG) offline with Tesseract",
        description="Prints the fields found (name, title, company, emails, phones, website, address) "
        "without saving; --create-lead saves a lead for the card's person.",
    )
    scan.add_argument("image", metavar="IMAGE")
    scan.add_argument(
        "--create-lead", action="store_true", help="save a lead (and the contact) from the card"
    )
    scan.add_argument("--json", action="store_true")
    scan.set_defaults(handler=cmd_scan)
