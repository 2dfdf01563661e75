"""`gojee bom add-line` and `gojee bom show`: a job's bill of materials from scripts."""

from __future__ import annotations

import argparse
from typing import Any

from gojee_desktop.commands.common import Context, parse_decimal, parse_id, print_json
from gojee_desktop.money import format_money
from gojee_desktop.pricing import Totals
from gojee_desktop.services import bom
from gojee_desktop.services.bom_lines import LineData


def totals_json(totals: Totals) -> dict[str, Any]:
    """Every total as a decimal string."""
    return {
        "gross": totals.gross,
        "discount": totals.discount,
        "subtotal": totals.subtotal,
        "taxes": [{"rate": t.rate, "base": t.base, "tax": t.tax} for t in totals.taxes],
        "tax_total": totals.tax_total,
        "grand_total": totals.grand_total,
        "cost": totals.cost,
        "tax_rounding": totals.tax_rounding,
    }


def bom_json(view: bom.BomView) -> dict[str, Any]:
    return {
        "job_id": view.job_id,
        "job_number": view.job_number,
        "currency": view.currency,
        "frozen_by": view.frozen_by,
        "sections": [
            {
                "id": section.id,
                "name": section.name,
                "subtotal": section.subtotal,
                "lines": [
                    {
                        "id": line.id,
                        **line.data.as_dict(),
                        "sell_unit_price": line.amounts.unit_price,
                        "gross": line.amounts.gross,
                        "discount_amount": line.amounts.discount,
                        "line_total": line.amounts.net,
                        "tax": line.amounts.tax,
                        "counted": line.amounts.counted,
                    }
                    for line in section.lines
                ],
            }
            for section in view.sections
        ],
        "totals": totals_json(view.totals),
    }


def _print_bom(view: bom.BomView) -> None:
    money = lambda amount: format_money(amount, view.currency)  # noqa: E731
    print(f"BOM of {view.job_number}" + (f" (frozen by {view.frozen_by})" if view.frozen_by else ""))
    for section in view.sections:
        print(f"\n{section.name}")
        for line in section.lines:
            mark = "" if line.amounts.counted else " [optional]"
            print(
                f"  {line.id:>6}  {line.data.kind:<8} {format(line.data.quantity, 'f'):>8} "
                f"{line.data.unit:<4} "
                f"{line.data.description[:48]:<48} {money(line.amounts.net):>14}{mark}"
            )
        print(f"  {'subtotal':>80} {money(section.subtotal):>14}")
    t = view.totals
    print(f"\nSubtotal {money(t.subtotal)}  tax {money(t.tax_total)}  total {money(t.grand_total)}")


def cmd_add_line(context: Context, args: argparse.Namespace) -> int:
    job_id = parse_id(args.job_id, "job id")
    line = LineData(
        kind=args.kind,
        item_code=args.code or "",
        description=args.description,
        quantity=parse_decimal(args.qty, "--qty"),
        unit=args.unit,
        unit_cost=parse_decimal(args.unit_cost, "--unit-cost"),
        markup=parse_decimal(args.markup, "--markup"),
        unit_price=parse_decimal(args.price, "--price") if args.price else None,
        discount=parse_decimal(args.discount, "--discount"),
        tax_rate=parse_decimal(args.tax, "--tax"),
        optional=args.optional,
        chosen=args.chosen,
    )
    line_id = bom.add_line(context.sessions, job_id, line, section_name=args.section)
    view = bom.get_bom(context.sessions, job_id)
    if args.json:
        print_json(bom_json(view))
    else:
        total = format_money(view.totals.grand_total, view.currency)
        print(f"Added line {line_id} to {view.job_number}; total {total}.")
    return 0


def cmd_show(context: Context, args: argparse.Namespace) -> int:
    view = bom.get_bom(context.sessions, parse_id(args.job_id, "job id"))
    print_json(bom_json(view)) if args.json else _print_bom(view)
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("bom", help="a job's bill of materials")
    group = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    group.required = True
    add = group.add_parser("add-line", help="add a line to a job's BOM")
    add.add_argument("job_id", metavar="JOB_ID", help="id or number, e.g. 42 or J-000042")
    add.add_argument("--section", help="section name (created if new; default: the last section)")
    add.add_argument("--kind", required=True, choices=["material", "labour", "other"])
    add.add_argument("--code", help="item code")
    add.add_argument("--description", required=True)
    add.add_argument("--qty", required=True, help="decimal quantity, e.g. 2.5")
    add.add_argument("--unit", default="ea", help="m, h, ea...")
    add.add_argument("--unit-cost", required=True, help="cost per unit, e.g. 10.00")
    add.add_argument("--markup", default="0", help="markup %% on cost (not margin)")
    add.add_argument("--price", help="sell unit price, overriding cost + markup")
    add.add_argument("--discount", default="0", help="discount %%")
    add.add_argument("--tax", default="0", help="tax rate %%")
    add.add_argument("--optional", action="store_true", help="optional: out of the totals unless chosen")
    add.add_argument("--chosen", action="store_true", help="an optional line the customer chose")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add_line)
    show = group.add_parser("show", help="lines and every total")
    show.add_argument("job_id", metavar="JOB_ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
