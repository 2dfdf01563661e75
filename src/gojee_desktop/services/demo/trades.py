"""The sample price book, and which of its items each kind of demo work uses: a roof repair is
quoted in roof tiles and flashing, a rewire in cable and power points, never the reverse."""

from __future__ import annotations

from dataclasses import dataclass

# code, description, kind, unit, cost, markup %
PRICE_BOOK: list[tuple[str, str, str, str, str, str]] = [
    ("CBL-TPS25", "TPS cable 2.5 mm² twin & earth", "material", "m", "2.10", "45"),
    ("CBL-TPS15", "TPS cable 1.5 mm² twin & earth", "material", "m", "1.45", "45"),
    ("CBL-TPS6", "TPS cable 6 mm² twin & earth", "material", "m", "6.40", "45"),
    ("CBL-CAT6", "Cat6 data cable", "material", "m", "1.10", "60"),
    ("CND-25", "Conduit 25 mm, grey", "material", "m", "3.40", "35"),
    ("GPO-DBL", "Double power point, white", "material", "ea", "11.80", "60"),
    ("LED-DL10", "LED downlight 10 W, dimmable", "material", "ea", "18.50", "55"),
    ("RCD-30", "RCBO 30 mA 20 A", "material", "ea", "42.00", "40"),
    ("SWB-12", "Switchboard enclosure, 12 pole", "material", "ea", "165.00", "30"),
    ("SMK-240", "Smoke alarm 240 V interconnected", "material", "ea", "54.00", "50"),
    ("DAT-PT", "Data point, RJ45 wall plate", "material", "ea", "14.00", "60"),
    ("DAT-PATCH", "Patch panel, 24 port", "material", "ea", "120.00", "40"),
    ("CAM-4MP", "IP camera 4 MP, dome", "material", "ea", "210.00", "40"),
    ("CAM-NVR", "Network video recorder, 8 channel", "material", "ea", "390.00", "35"),
    ("EV-CHG", "EV charger 7 kW wall box", "material", "ea", "980.00", "30"),
    ("SOL-PNL", "Solar panel 440 W", "material", "ea", "210.00", "30"),
    ("SOL-INV", "Solar inverter 5 kW", "material", "ea", "1350.00", "25"),
    ("SOL-RAIL", "Panel mounting rail", "material", "m", "18.00", "40"),
    ("SOL-ISO", "DC isolator", "material", "ea", "85.00", "45"),
    ("AC-SPLIT", "Split system 7 kW, reverse cycle", "material", "ea", "1450.00", "25"),
    ("AC-PIPE", "Refrigerant pipe kit, 3 m", "material", "ea", "120.00", "40"),
    ("AC-BRKT", "Wall bracket for outdoor unit", "material", "ea", "65.00", "45"),
    ("PLB-CU15", "Copper pipe 15 mm", "material", "m", "9.20", "40"),
    ("PLB-PVC100", "PVC drain pipe 100 mm", "material", "m", "11.00", "40"),
    ("PLB-TAP", "Mixer tap, chrome", "material", "ea", "129.00", "35"),
    ("PLB-HWS", "Hot water unit 250 L", "material", "ea", "1150.00", "25"),
    ("PLB-JET", "Drain jetter hire", "other", "ea", "180.00", "30"),
    ("GAS-SVC", "Gas heater service kit", "material", "ea", "35.00", "60"),
    ("RF-TILE", "Roof tile, terracotta", "material", "ea", "4.80", "40"),
    ("RF-FLASH", "Lead flashing 300 mm", "material", "m", "14.50", "40"),
    ("RF-SEAL", "Roof sealant, 310 ml", "material", "ea", "12.90", "50"),
    ("RF-GUTTER", "Quad gutter, Colorbond", "material", "m", "16.00", "40"),
    ("TIM-DECK", "Merbau decking 140 × 19", "material", "m", "9.80", "35"),
    ("TIM-JOIST", "Treated pine joist 90 × 45", "material", "m", "7.20", "35"),
    ("HW-SCREW", "Decking screws, box of 500", "material", "ea", "64.00", "40"),
    ("CON-BAG", "Concrete, 20 kg bag", "material", "ea", "9.50", "50"),
    ("FNC-PANEL", "Colorbond fence panel 2.4 m", "material", "ea", "118.00", "35"),
    ("FNC-POST", "Fence post, galvanised", "material", "ea", "32.00", "40"),
    ("PFN-GLASS", "Glass pool fence panel", "material", "ea", "260.00", "30"),
    ("PFN-LATCH", "Self-closing gate latch", "material", "ea", "95.00", "40"),
    ("TIL-300", "Floor tile 300 × 300, porcelain", "material", "m²", "38.00", "30"),
    ("TIL-ADH", "Tile adhesive, 20 kg", "material", "ea", "32.00", "40"),
    ("TIL-GRT", "Grout, 5 kg", "material", "ea", "24.00", "40"),
    ("BTH-VAN", "Vanity unit 900 mm", "material", "ea", "620.00", "30"),
    ("BTH-WPF", "Waterproofing membrane", "material", "m²", "28.00", "45"),
    ("OFF-PART", "Plasterboard partition wall", "material", "m²", "48.00", "35"),
    ("PNT-4L", "Interior paint, 4 L", "material", "ea", "72.00", "25"),
    ("PNT-EXT", "Exterior paint, 10 L", "material", "ea", "165.00", "25"),
    ("PNT-PREP", "Sandpaper, filler and masking tape", "material", "ea", "45.00", "50"),
    ("CLN-CHEM", "Cleaning chemicals", "material", "ea", "25.00", "60"),
    ("CLN-STEAM", "Carpet steam cleaner hire", "other", "ea", "95.00", "40"),
    ("CLN-WIN", "Window cleaning kit", "material", "ea", "18.00", "60"),
    ("LND-SOIL", "Garden soil", "material", "m³", "68.00", "40"),
    ("LND-TURF", "Buffalo turf", "material", "m²", "14.00", "40"),
    ("LND-PLANT", "Plants, 200 mm pot", "material", "ea", "22.00", "50"),
    ("LND-EDGE", "Steel garden edging", "material", "m", "16.00", "40"),
    ("LND-MULCH", "Mulch", "material", "m³", "55.00", "40"),
    ("LAB-ELEC", "Electrician", "labour", "h", "65.00", "70"),
    ("LAB-APPR", "Apprentice", "labour", "h", "32.00", "80"),
    ("LAB-PLMB", "Plumber", "labour", "h", "70.00", "65"),
    ("LAB-GAS", "Gasfitter", "labour", "h", "72.00", "65"),
    ("LAB-AC", "Refrigeration mechanic", "labour", "h", "75.00", "65"),
    ("LAB-ROOF", "Roofer", "labour", "h", "62.00", "65"),
    ("LAB-CARP", "Carpenter", "labour", "h", "60.00", "65"),
    ("LAB-TILE", "Tiler", "labour", "h", "58.00", "60"),
    ("LAB-PNT", "Painter", "labour", "h", "55.00", "65"),
    ("LAB-CLN", "Cleaner", "labour", "h", "32.00", "75"),
    ("LAB-LAND", "Landscaper", "labour", "h", "55.00", "65"),
    ("OTH-CALL", "Call-out fee", "other", "ea", "0", "0"),
    ("OTH-WASTE", "Waste removal", "other", "ea", "80.00", "25"),
]
CALL_OUT_PRICE = "95.00"


@dataclass(frozen=True)
class Trade:
    """The BOM sections and the price book items of one kind of work."""

    sections: tuple[str, ...]
    items: tuple[str, ...]


_ELECTRICAL = ("LAB-ELEC", "LAB-APPR", "OTH-CALL")
TRADES: dict[str, Trade] = {
    "Switchboard upgrade": Trade(
        ("Switchboard", "Safety"), ("SWB-12", "RCD-30", "CBL-TPS25", "CND-25", "OTH-WASTE", *_ELECTRICAL)
    ),
    "Kitchen rewire": Trade(
        ("Power", "Lighting", "Kitchen"),
        ("CBL-TPS25", "CBL-TPS15", "GPO-DBL", "LED-DL10", "RCD-30", "CND-25", *_ELECTRICAL),
    ),
    "LED lighting retrofit": Trade(("Lighting",), ("LED-DL10", "CBL-TPS15", "OTH-WASTE", *_ELECTRICAL)),
    "Bathroom renovation": Trade(
        ("Demolition", "Waterproofing", "Tiling", "Fixtures"),
        (
            "TIL-300",
            "TIL-ADH",
            "TIL-GRT",
            "BTH-WPF",
            "BTH-VAN",
            "PLB-TAP",
            "PLB-CU15",
            "LAB-TILE",
            "LAB-PLMB",
            "OTH-WASTE",
        ),
    ),
    "Deck build": Trade(
        ("Frame", "Decking"), ("TIM-JOIST", "TIM-DECK", "HW-SCREW", "CON-BAG", "LAB-CARP", "OTH-WASTE")
    ),
    "Roof leak repair": Trade(
        ("Roof", "Gutters and flashing"),
        ("RF-TILE", "RF-FLASH", "RF-SEAL", "RF-GUTTER", "LAB-ROOF", "OTH-CALL"),
    ),
    "Hot water system replacement": Trade(
        ("Hot water",), ("PLB-HWS", "PLB-CU15", "LAB-PLMB", "OTH-WASTE", "OTH-CALL")
    ),
    "Split system installation": Trade(
        ("Indoor unit", "Outdoor unit"),
        ("AC-SPLIT", "AC-PIPE", "AC-BRKT", "CBL-TPS25", "LAB-AC", "LAB-ELEC"),
    ),
    "Solar panel installation": Trade(
        ("Panels", "Inverter"),
        ("SOL-PNL", "SOL-RAIL", "SOL-INV", "SOL-ISO", "CBL-TPS6", "LAB-ELEC", "LAB-APPR"),
    ),
    "EV charger installation": Trade(("Charger",), ("EV-CHG", "CBL-TPS6", "RCD-30", "CND-25", *_ELECTRICAL)),
    "Office fit-out": Trade(
        ("Partitions", "Power", "Lighting", "Data", "Finishing"),
        (
            "OFF-PART",
            "GPO-DBL",
            "LED-DL10",
            "CBL-TPS25",
            "CBL-CAT6",
            "DAT-PT",
            "PNT-4L",
            "LAB-CARP",
            "LAB-ELEC",
            "LAB-PNT",
            "OTH-WASTE",
        ),
    ),
    "Blocked drain clearing": Trade(("Drains",), ("PLB-JET", "PLB-PVC100", "LAB-PLMB", "OTH-CALL")),
    "Gas heater service": Trade(("Service",), ("GAS-SVC", "LAB-GAS", "OTH-CALL")),
    "End of lease clean": Trade(("Cleaning",), ("CLN-CHEM", "CLN-STEAM", "LAB-CLN", "OTH-WASTE")),
    "Carpet steam clean": Trade(("Carpets",), ("CLN-STEAM", "CLN-CHEM", "LAB-CLN")),
    "Window cleaning": Trade(("Windows",), ("CLN-WIN", "CLN-CHEM", "LAB-CLN")),
    "Fence replacement": Trade(
        ("Removal", "New fence"), ("FNC-PANEL", "FNC-POST", "CON-BAG", "LAB-CARP", "OTH-WASTE")
    ),
    "Garden landscaping": Trade(
        ("Soil and turf", "Planting", "Edging"),
        ("LND-SOIL", "LND-TURF", "LND-PLANT", "LND-EDGE", "LND-MULCH", "LAB-LAND", "OTH-WASTE"),
    ),
    "Painting - interior": Trade(("Preparation", "Painting"), ("PNT-4L", "PNT-PREP", "LAB-PNT")),
    "Painting - exterior": Trade(("Preparation", "Painting"), ("PNT-EXT", "PNT-PREP", "LAB-PNT")),
    "Smoke alarm compliance": Trade(("Safety",), ("SMK-240", "CBL-TPS15", *_ELECTRICAL)),
    "Data cabling": Trade(
        ("Cabling", "Comms cabinet"), ("CBL-CAT6", "DAT-PT", "DAT-PATCH", "CND-25", *_ELECTRICAL)
    ),
    "Security camera install": Trade(
        ("Cameras", "Recorder"), ("CAM-4MP", "CAM-NVR", "CBL-CAT6", "CND-25", *_ELECTRICAL)
    ),
    "Pool fence compliance": Trade(
        ("Pool fence",), ("PFN-GLASS", "PFN-LATCH", "FNC-POST", "CON-BAG", "LAB-CARP")
    ),
    "Tiling - laundry": Trade(
        ("Waterproofing", "Tiling"), ("TIL-300", "TIL-ADH", "TIL-GRT", "BTH-WPF", "LAB-TILE", "OTH-WASTE")
    ),
}
GENERAL = Trade(("General",), ("LAB-APPR", "OTH-CALL", "OTH-WASTE"))
ITEMS = {row[0]: row for row in PRICE_BOOK}


def trade_of(title: str) -> Trade:
    """The trade of a demo job from its title ("Roof leak repair - Newtown"); a job the demo
    did not title gets a few general lines."""
    return TRADES.get(title.rsplit(" - ", 1)[0], GENERAL)
