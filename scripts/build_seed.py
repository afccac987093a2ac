"""Build data/seed.json, the directory a new store starts from.

The rows below were read from the five IOM press releases in ../shared/seeds/;
phones are kept exactly as published and described by ``ctdir.phones``. Run
``python scripts/build_seed.py`` after changing a row; ids are fixed so that
documentation and tests can name the seed entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ctdir.model import blank_entry
from ctdir.phones import parse_phone

SEED_CREATED = "2026-11-23T00:00:00Z"

RELEASES = {
    "000": ("Maldives Police Build Counter Trafficking Capacity", "000_fedf988e27bc076d.txt"),
    "001": (
        "Bringing Law Enforcement and Social Workers Together to Fight Human "
        "Trafficking in Mozambique",
        "001_7a37f83cfcbd2cf5.txt",
    ),
    "002": (
        "IOM Dhaka Builds Capacity of Government Trainers to Support Trafficking Survivors",
        "002_ef97b4fa79aaff20.txt",
    ),
    "003": (
        "Border Police Trained to Prevent and Prosecute Human Trafficking",
        "003_58774796a3e93825.txt",
    ),
    "004": (
        "First Counter-Trafficking Seminar in Timor-Leste Aims to Mobilize",
        "004_501e78fb8c8fe451.txt",
    ),
}

# id, kind, name, title, organization, office, city, country, phone, email, release
ROWS: list[
    tuple[str, str, str, str | None, str, str | None, str | None, str, str | None, str | None, str]
] = [
    (
        "mv7tq2ka",
        "contact",
        "Shareen Tuladhar",
        "Project Manager",
        "IOM",
        "IOM Maldives",
        None,
        "MV",
        "+94 11 532 5300",
        "shtuladhar@iom.int",
        "000",
    ),
    (
        "mz4nc8re",
        "contact",
        "Nely Chimedza",
        None,
        "IOM",
        "IOM Maputo",
        "Maputo",
        "MZ",
        "+258 21 310 779",
        "nchimedza@iom.int",
        "001",
    ),
    (
        "mu3mn6wp",
        "contact",
        "Michael Newson",
        None,
        "IOM",
        "IOM Port Louis",
        "Port Louis",
        "MU",
        "+230 213-3304",
        "mnewson@iom.int",
        "001",
    ),
    (
        "za9mk5hd",
        "contact",
        "Mariam Khokhar",
        None,
        "IOM",
        "IOM Pretoria",
        "Pretoria",
        "ZA",
        "+ 7 795 01 7854",
        "mkhokhar@iom.int",
        "001",
    ),
    (
        "bd2am7uy",
        "contact",
        "Asif Munier",
        None,
        "IOM",
        "IOM Dhaka",
        "Dhaka",
        "BD",
        None,
        "amunier@iom.int",
        "002",
    ),
    (
        "bd8ts4qx",
        "contact",
        "Tanya Huq Shahryar",
        None,
        "IOM",
        "IOM Dhaka",
        "Dhaka",
        "BD",
        "+880.2.988.9765",
        "tshahriar@iom.int",
        "002",
    ),
    (
        "af6nm3jt",
        "contact",
        "Nigina Mamadjonova",
        "Trainer",
        "IOM",
        "IOM Kabul",
        "Kabul",
        "AF",
        "+ 93 (0) 700 066 041",
        "nmamadjonova@iom.int",
        "003",
    ),
    (
        "tl5as9fv",
        "contact",
        "Angela Sherwood",
        "Public Information Officer",
        "IOM",
        "IOM Dili",
        "Dili",
        "TL",
        "+670 723 1576",
        "asherwood@iom.int",
        "004",
    ),
    (
        "tl8hk2cz",
        "contact",
        "Heather Komenda",
        "Counter-Trafficking Project Manager",
        "IOM",
        "IOM Dili",
        "Dili",
        "TL",
        "+670.723.0810",
        "hkomenda@iom.int",
        "004",
    ),
    (
        "mv2ph9tn",
        "hotline",
        "Police Human Trafficking Hotline",
        None,
        "Maldives Police Service",
        None,
        None,
        "MV",
        "9500125",
        None,
        "000",
    ),
    (
        "mv6me4dw",
        "hotline",
        "Ministry of Economic Development Hotline",
        None,
        "Ministry of Economic Development",
        None,
        None,
        "MV",
        "1696",
        None,
        "000",
    ),
]


def build_seed() -> list[dict[str, Any]]:
    entries = []
    for id_, kind, name, title, org, office, city, country, phone, email, release in ROWS:
        entry = blank_entry(kind)
        title_text, file_name = RELEASES[release]
        label = "hotline" if kind == "hotline" else "office"
        entry.update(
            id=id_,
            name=name,
            title=title,
            organization=org,
            office=office,
            city=city,
            country=country,
            phones=[parse_phone(phone, country, label)] if phone else [],
            emails=[email] if email else [],
            source=f"Press release \u201c{title_text}\u201d ({file_name})",
            created=SEED_CREATED,
            updated=SEED_CREATED,
        )
        entries.append(entry)
    return entries


def main() -> None:
    path = Path(__file__).resolve().parent.parent / "data" / "seed.json"
    text = json.dumps(build_seed(), indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
