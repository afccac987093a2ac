"""Build data/hotlines.json, the bundled world list of counter-trafficking hotlines.

Every entry below names the page it was read from (an id in
``scripts/hotline_sources.json``, which lists every page consulted, used or
not). Numbers are kept exactly as published; ``ctdir.phones`` describes them.
A number phonenumbers does not accept must be listed as a ``domestic_codes``
item of its source (a short code the page gives); anything else stops the build.

Run ``python scripts/build_hotlines.py`` after changing a row or a source;
``--check`` only reports whether data/hotlines.json is up to date. Ids derive
from country and name, so they stay put when other rows change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctdir.countries import is_country_code
from ctdir.model import ID_ALPHABET, ID_LENGTH, PURPOSES, blank_entry
from ctdir.phones import Phone, digits, parse_phone

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "hotline_sources.json"
OUTPUT = ROOT / "data" / "hotlines.json"

STAMP = "2026-12-01T00:00:00Z"

# What a line is for (ctdir.model.PURPOSES). "trafficking": a line for trafficking
# reports or victims; the others are general lines that the cited page tells
# trafficking victims or witnesses to use.


@dataclass(frozen=True)
class Line:
    source: str
    country: str
    name: str
    organization: str | None
    purpose: str
    phones: tuple[tuple[str, str], ...]
    notes: str
    emails: tuple[str, ...] = ()
    hours: str | None = None
    languages: tuple[str, ...] = ()
    city: str | None = None


H = "hotline"
ABROAD = "hotline (from abroad)"
CONSULTED = "Official page, undated; consulted in December 2026."

LINES: tuple[Line, ...] = (
    # ---------------------------------------------------------------- Asia
    Line(
        "th2",
        "TH",
        "Social Assistance Center hotline 1300",
        "Ministry of Social Development and Human Security",
        "trafficking",
        (("1300", H),),
        "Page undated; it describes measures taken during the COVID-19 pandemic (2020-2021). "
        "MGR Online (2016) also gives 1300 as a 24-hour line for trafficking reports. "
        "The ministry's PROTECT-U app is another way to report.",
    ),
    Line(
        "th4",
        "TH",
        "Hotline for Thais abroad",
        "Ministry of Social Development and Human Security, with the NBTC",
        "trafficking",
        (("+66 99 130 1300", ABROAD),),
        "The page address is dated September 2017. Free to call or text from abroad for "
        "Thais who need help overseas.",
    ),
    Line(
        "ph1",
        "PH",
        "1343 Actionline against Human Trafficking",
        "Inter-Agency Council Against Trafficking (IACAT)",
        "trafficking",
        (("1343", H),),
        "Page undated; it reports the 2014 TIP ranking. GMA News reported the launch in 2011 "
        "and told callers outside Metro Manila to dial (02) 1343; phonenumbers does not "
        "accept that form, so it is not listed.",
        hours="24/7",
    ),
    Line(
        "vn1",
        "VN",
        "National anti-trafficking hotline 111",
        "Ministry of Health, with IOM",
        "trafficking",
        (("111", H),),
        "Free. It replaced the older 1800 1567 line (VOV, December 2018).",
        hours="24/7",
    ),
    Line(
        "kh1",
        "KH",
        "National police hotline 117",
        "Cambodian National Police",
        "police",
        (("117", H),),
        "Free; set up for reporting illegal detention and trafficking.",
        languages=("Vietnamese", "English", "Chinese"),
    ),
    Line(
        "np1",
        "NP",
        "Anti-trafficking hotline 1177",
        "Metropolitan Police Crime Division (MPCD)",
        "trafficking",
        (("1177", H),),
        "Page undated; Nepal Monitor gives the line's call figures for fiscal year 2016-17. "
        "The page gives 9771177 for callers abroad; phonenumbers does not accept that form, "
        "so it is not listed.",
        hours="24/7",
    ),
    Line(
        "in1",
        "IN",
        "Childline 1098",
        "Childline",
        "children",
        (("1098", H),),
        "Page undated; it discusses the 2022 government plan to fold Childline into the 112 "
        "emergency response system, so calls may now be answered through 112. Childline "
        "has served children in distress, including trafficked children.",
    ),
    Line(
        "bd1",
        "BD",
        "Probash Bandhu call centre",
        "Ministry of Expatriates' Welfare and Overseas Employment",
        "migrants",
        (("02-9334888", H),),
        "The article lists it with the government hotlines 999, 109, 1098, 16430 and 16108 "
        "that a one-stop centre works with.",
    ),
    Line(
        "id1",
        "ID",
        "SAPA 129",
        "Ministry of Women's Empowerment and Child Protection (KemenPPPA)",
        "women",
        (("129", H),),
        "The page cites trafficking (TPPO) complaints received through SAPA 129.",
    ),
    Line(
        "my1",
        "MY",
        "Anti-trafficking hotline (MAPO)",
        "MAPO secretariat, Ministry of Home Affairs",
        "trafficking",
        (("03-8000 8000", H),),
        "Opened as the 1MOCC line on 30 July 2017, staffed 7.30 am to 9 pm with recorded "
        "messages after hours (Malay Mail, 2 August 2017).",
        emails=("mapo_tip@moha.gov.my",),
    ),
    Line(
        "la1",
        "LA",
        "Counselling and Protection Hotline 1362",
        "Lao Women's Union",
        "women",
        (("1362", H),),
        "Page undated; it cites 2019 statistics. Counsels women and children, including "
        "victims of domestic violence and trafficking.",
    ),
    Line(
        "pk1",
        "PK",
        "National Trafficking in Persons Hotline",
        "Federal Investigation Agency (FIA)",
        "trafficking",
        (("111-247-786", H),),
        "Published without an area code; phonenumbers accepts Pakistani UAN numbers only with one.",
    ),
    Line(
        "kr1",
        "KR",
        "Women's Emergency Hotline 1366",
        "Women's Hotline 1366 centres",
        "women",
        (("1366", H), ("1577-1366", "hotline (migrant women)")),
        "Database entry filed under 2008. 1366 serves women victims of domestic and sexual "
        "violence and forced prostitution; 1577-1366 serves migrant women in eight languages.",
        hours="24/7",
    ),
    Line(
        "lk1",
        "LK",
        "SLBFE hotline 1989",
        "Sri Lanka Bureau of Foreign Employment",
        "migrants",
        (("1989", H),),
        "Launched in January 2019 for safe-migration information (Daily FT, 30 January 2019).",
    ),
    Line(
        "sg1",
        "SG",
        "Police human trafficking hotline",
        "Singapore Police Force",
        "police",
        (("6435 0000", H),),
        f"{CONSULTED} Hagar Singapore's page gives the same number. Call 999 in an emergency.",
        emails=("SPF_Report_Trafficking@spf.gov.sg",),
    ),
    Line(
        "sg1",
        "SG",
        "Ministry of Manpower hotline",
        "Ministry of Manpower",
        "labour",
        (("6438 5122", H),),
        f"{CONSULTED} Given on the same page for reporting trafficking in labour.",
    ),
    Line(
        "mn1",
        "MN",
        "Anti-trafficking hotline 1903",
        "Mongolian Gender Equality Center",
        "trafficking",
        (("1903", H),),
        "Page undated; it describes a case of November 2011. The Asia Foundation reported in "
        "June 2011 that the line, set up in 2006, was the only national anti-trafficking "
        "hotline. No newer source was found: check that it still works.",
    ),
    Line(
        "jp1",
        "JP",
        "Anonymous reporting dial",
        "National Police Agency",
        "police",
        (("0120-924-839", H),),
        "The page address is dated November 2007; the line started on 1 October 2007 and "
        "takes anonymous tips on crimes including human trafficking. The NPA's 2015 white "
        "paper still describes it.",
    ),
    Line(
        "tw2",
        "TW",
        "1955 Foreign Worker Hotline",
        "Ministry of Labor",
        "labour",
        (("1955", H),),
        "Page undated (Taipei City); the line has run since 1 July 2009. Free; it refers "
        "trafficking victims to protection.",
        hours="24/7",
        languages=("Chinese", "English", "Thai", "Indonesian", "Vietnamese"),
    ),
    Line(
        "mv1",
        "MV",
        "Human Trafficking Investigation Unit",
        "Maldives Police Service",
        "police",
        (("(+960) 9500125", H),),
        "Page undated; it cites the Prevention of Human Trafficking Act of 2013.",
    ),
    Line(
        "mv1",
        "MV",
        "National hotline assisting victims of trafficking",
        None,
        "trafficking",
        (("1696", H),),
        "Page undated; it cites the Prevention of Human Trafficking Act of 2013.",
    ),
    Line(
        "hk1",
        "HK",
        "Hotline for foreign domestic helpers",
        "Labour Department",
        "labour",
        (("2157 9537", H),),
        "Advice on employment rights and on exploitation or abuse; launched on "
        "19 December 2018. Interpreters 8 am to 10 pm except public holidays. "
        "Call 999 in an emergency.",
        hours="24/7",
        languages=("Tagalog", "Indonesian", "Thai", "Nepali", "Hindi", "Punjabi", "Urdu"),
    ),
    Line(
        "kg1",
        "KG",
        "Hotline 189 for migrants",
        "IOM and the State Migration Service (USAID Dignity and Rights project)",
        "migrants",
        (("189", H),),
        "Page undated; it reports the opening of airport information terminals on "
        "10 April 2017 (IOM Kyrgyzstan page of that date). A project-funded line: check "
        "that it still works.",
    ),
    Line(
        "tj1",
        "TJ",
        "Anti-trafficking hotline (Dushanbe)",
        "IOM Tajikistan (USAID-funded counter-trafficking project)",
        "trafficking",
        (("918-85-3434", H),),
        "Reported in June 2012 as one of the project-supported hotlines; no newer source "
        "gave a number. Check that it still works.",
        city="Dushanbe",
    ),
    # -------------------------------------------------------------- Africa
    Line(
        "ng1",
        "NG",
        "NAPTIP toll-free line 627",
        "National Agency for the Prohibition of Trafficking in Persons (NAPTIP)",
        "trafficking",
        (("627", H),),
        "The page address is dated August 2022; the number is printed on stickers in a "
        "campaign with transport companies. The Nation reported the launch of the 627 call "
        "centre with Expertise France.",
    ),
    Line(
        "ng2",
        "NG",
        "NAPTIP hotline",
        "National Agency for the Prohibition of Trafficking in Persons (NAPTIP)",
        "trafficking",
        (("07030000203", H),),
        "Page undated; it reports the same August 2022 campaign with ABC Transport and gives "
        "this number besides 627.",
    ),
    Line(
        "za1",
        "ZA",
        "National Human Trafficking Resource Line",
        "A21",
        "trafficking",
        (("0800 222 777", H),),
        "Launched by A21 on 30 August 2016, open 24/7 (Zululand Observer). The article also "
        "gives a Salvation Army line in a garbled form; other pages disagree on its digits, "
        "so it is not listed.",
        hours="24/7",
    ),
    Line(
        "et1",
        "ET",
        "National anti-trafficking hotline 8797",
        "Ministry of Justice, with IOM",
        "trafficking",
        (("8797", H),),
        "Ethiopia's first national anti-trafficking hotline.",
        languages=("Amharic", "Afaan Oromo", "Tigrinya", "English"),
    ),
    Line(
        "tz1",
        "TZ",
        "National Child Helpline 116",
        "C-Sema",
        "children",
        (("116", H),),
        "Page undated; it announces 24-hour service from 1 June 2019. Free on all networks "
        "on the mainland and Zanzibar (C-Sema helpline page).",
        hours="24/7",
    ),
    Line(
        "zm1",
        "ZM",
        "Lifeline/Childline Zambia",
        "Lifeline/Childline Zambia",
        "children",
        (("116", "hotline (children)"), ("933", "hotline (adults, violence)")),
        "UNICEF story of June 2025. Both lines are toll-free and government-mandated and "
        "take exploitation cases.",
        hours="24/7",
    ),
    Line(
        "lr1",
        "LR",
        "National Anti-Trafficking Hotline 2883",
        "Ministry of Labour",
        "trafficking",
        (("2883", H),),
        "Page undated; it reports the launch on 22 July 2016. Free from any mobile network. "
        "No newer source was found: check that it still works.",
        hours="Mon-Fri 8:00-16:00",
    ),
    Line(
        "gm1",
        "GM",
        "NAATIP toll-free hotline 1123",
        "National Agency Against Trafficking in Persons (NAATIP)",
        "trafficking",
        (("1123", H),),
        "Toll-free.",
        hours="24/7",
    ),
    Line(
        "ci1",
        "CI",
        "Child helpline 116 (Allô enfant en détresse)",
        "Ministry of Women, Family and Children",
        "children",
        (("116", H),),
        "Page undated; it reports an August 2019 handover of equipment to the police "
        "child-trafficking unit and cites the free 116 line for children in distress. "
        "The call centre answers 24 hours a day since November 2020 (AIP, 20 November 2020).",
        hours="24/7",
    ),
    Line(
        "ma1",
        "MA",
        "Green number against human trafficking",
        "National Commission for Combating and Preventing Trafficking in Persons (CNCLT)",
        "trafficking",
        (("0800004747", H),),
        "Official notice, undated; issued after the 8 September 2023 earthquake (TelQuel "
        "reported it on 13 September 2023). The number is reserved for trafficking reports.",
    ),
    Line(
        "na1",
        "NA",
        "Namibian Police 10111",
        "Namibian Police",
        "police",
        (("10111", H),),
        "Page undated; it cites the 2015 TIP report.",
    ),
    Line(
        "na1",
        "NA",
        "Lifeline/Childline Namibia 106",
        "Lifeline/Childline Namibia",
        "victims",
        (("106", H),),
        "Page undated; it cites the 2015 TIP report. Free counselling by call or SMS, "
        "including on trafficking.",
    ),
    Line(
        "ug1",
        "UG",
        "Wetaase helpline",
        "Wetaase (Pollicy)",
        "trafficking",
        (("0800 202 600", H),),
        "Not a government service: it gives information and referrals, in major Ugandan "
        "languages. Launched in February 2018 (Pollicy).",
        hours="24/7",
    ),
    Line(
        "gh1",
        "GH",
        "Helpline of Hope",
        "Ministry of Gender, Children and Social Protection",
        "children",
        (("0800 800 800", H), ("0800 900 900", H)),
        "Page undated; it describes the launch in December 2017 (the ministry's release of "
        "17 April 2018 says the line handles trafficking). Toll-free.",
    ),
    Line(
        "ke1",
        "KE",
        "Child Helpline 116",
        "Department of Children's Services and Childline Kenya",
        "children",
        (("116", H),),
        "Running since 2008; a 2008 cable noted that it takes reports of child labour and "
        "trafficking.",
    ),
    Line(
        "tn1",
        "TN",
        "Green number against trafficking",
        "National Authority against Trafficking in Persons (INLTP)",
        "trafficking",
        (("80.104.748", H),),
        "Opened on 23 January 2018; free, and callers may stay anonymous.",
    ),
    # --------------------------------------------------------- Middle East
    Line(
        "eg1",
        "EG",
        "Child Helpline 16000",
        "National Council for Childhood and Motherhood (NCCM)",
        "children",
        (("16000", H),),
        "Trafficking victims are directed to this line (joint release of the national "
        "anti-trafficking committee and IOM).",
    ),
    Line(
        "eg1",
        "EG",
        "National Council for Women hotline 15115",
        "National Council for Women",
        "women",
        (("15115", H),),
        "Trafficking victims are directed to this line (joint release of the national "
        "anti-trafficking committee and IOM).",
    ),
    Line(
        "eg1",
        "EG",
        "National Council for Human Rights hotline 15508",
        "National Council for Human Rights",
        "human_rights",
        (("15508", H),),
        "Trafficking victims are directed to this line (joint release of the national "
        "anti-trafficking committee and IOM).",
    ),
    Line(
        "tr1",
        "TR",
        "YIMER 157 Foreigners Communication Center",
        "YIMER",
        "migrants",
        (("157", H), ("+90 312 1571112", "hotline (standard rate)")),
        "Page undated; it describes the service from 2005 to 2020, with seven languages "
        "since 1 January 2020. 157 is free within Turkey and, per the page, from abroad.",
        hours="24/7",
        languages=("Turkish", "English", "Arabic", "Persian", "Russian", "German", "Pashto"),
    ),
    Line(
        "ae1",
        "AE",
        "800SAVE hotline",
        "Ewaa Shelters for Victims of Human Trafficking",
        "trafficking",
        (("800SAVE", H),),
        "Adopted by the National Committee to Combat Human Trafficking (Ewaa notice of "
        "23 January 2019); answered in several languages.",
    ),
    Line(
        "bh1",
        "BH",
        "Hotline 995 for distressed workers",
        "National Committee to Combat Trafficking in Persons",
        "labour",
        (("995", H),),
        "For distressed workers, including trafficking victims.",
        languages=(
            "Hindi",
            "Telugu",
            "Sinhala",
            "Tamil",
            "Urdu",
            "Malayalam",
            "Arabic",
            "English",
        ),
    ),
    # -------------------------------------------------------------- Europe
    Line(
        "gb1",
        "GB",
        "Modern Slavery & Exploitation Helpline",
        "Unseen",
        "trafficking",
        (("08000 121 700", H),),
        "Operator's page, undated; consulted in December 2026. British Transport Police's "
        "page gives the same number. Call 999 in an emergency.",
        hours="24/7",
    ),
    Line(
        "ua2",
        "UA",
        "Government hotline 1547 (counter-trafficking)",
        "Government of Ukraine",
        "trafficking",
        (("15-47", H), ("+38044284-19-15", ABROAD)),
        "Page undated; written after the 2022 full-scale invasion.",
    ),
    Line(
        "ua1",
        "UA",
        "National counter-trafficking hotline 527",
        None,
        "trafficking",
        (("527", H),),
        "Page undated; written after the 2022 full-scale invasion. The page also gives "
        "police 102 and 112.",
    ),
    Line(
        "ro1",
        "RO",
        "ANITP free line",
        "National Agency against Trafficking in Persons (ANITP)",
        "trafficking",
        (("0 800 800 678", H),),
        "Free. Call 112 in an emergency.",
    ),
    Line(
        "md1",
        "MD",
        "Hotline for safe migration and against trafficking",
        "La Strada Moldova",
        "trafficking",
        (("0 800 77777", H), ("+373 (22) 23 33 09", ABROAD)),
        "Page undated; it gives call figures up to 2016. La Strada's page on the first half "
        "of 2021 gives the same 0 800 77777.",
    ),
    Line(
        "es1",
        "ES",
        "Anti-trafficking line",
        "Policía Nacional",
        "police",
        (("900 10 50 90", H),),
        "Anonymous; the call does not appear on the phone bill. Launched in April 2013 and "
        "answered 24 hours (Notas de prensa, 2014).",
        emails=("trata@policia.es",),
        hours="24/7",
    ),
    Line(
        "nl2",
        "NL",
        "Police (ask for a human trafficking detective)",
        "Politie",
        "police",
        (("0900 8844", H),),
        f"{CONSULTED} Call 112 in an emergency.",
    ),
    Line(
        "nl2",
        "NL",
        "Netherlands Labour Authority",
        "Nederlandse Arbeidsinspectie",
        "labour",
        (("0800 5151", H), ("+31 70 333 44 44", ABROAD)),
        f"{CONSULTED} For reporting labour exploitation.",
    ),
    Line(
        "de1",
        "DE",
        "Hilfetelefon 116 016",
        "Hilfetelefon",
        "women",
        (("116 016", H),),
        "Page undated; it marks ten years of the line, launched in March 2013 (so 2023). "
        "Answered in 18 languages; it also supports trafficking victims (hilfetelefon.de, "
        "6 June 2025).",
        hours="24/7",
    ),
    Line(
        "de5",
        "DE",
        "Bavarian Anti-Trafficking HELPline",
        "STOP dem Frauenhandel gGmbH",
        "trafficking",
        (("0800 987 654 8", "hotline (bavaria)"),),
        "Regional line for Bavaria. Page undated; it announces the launch on 18 October 2025. "
        "Free and confidential; also chat and e-mail. Bavaria renewed its funding for 2026 "
        "(City-News).",
        hours="Mon-Fri 9:00-15:00",
    ),
    Line(
        "pl1",
        "PL",
        "National Consulting and Intervention Centre (KCIK)",
        "Krajowe Centrum Interwencyjno-Konsultacyjne (KCIK)",
        "trafficking",
        (("(22) 628 01 20", H), ("(22) 628 99 99", H)),
        "Page undated; it reports the 2015 grant round and says the centre's 24-hour "
        "helpline has run since 2009.",
        emails=("info@kcik.pl",),
    ),
    Line(
        "bg1",
        "BG",
        "National anti-trafficking hotline",
        "A21 Bulgaria",
        "trafficking",
        (("0800 20 100", H),),
        "Page undated; written for people fleeing Ukraine in 2022. Free and anonymous, 24/7 "
        "(operator's page).",
        hours="24/7",
    ),
    Line(
        "bg1",
        "BG",
        "General Labour Inspectorate hotline",
        "General Labour Inspectorate",
        "labour",
        (("0700 17 670", H),),
        "Page undated; written for people fleeing Ukraine in 2022.",
    ),
    Line(
        "bg1",
        "BG",
        "Child line 116 111",
        "State Agency for Child Protection",
        "children",
        (("116 111", H),),
        "Page undated; written for people fleeing Ukraine in 2022.",
    ),
    Line(
        "rs1",
        "RS",
        "ASTRA SOS hotline",
        "ASTRA - Anti Trafficking Action",
        "trafficking",
        (("011 785 0000", H),),
        "Page undated; ASTRA's SOS line has run since February 2002. A second, toll-free "
        "number on the page was cut off in the text read and is not listed.",
    ),
    Line(
        "al1",
        "AL",
        "National anti-trafficking hotline 116 006",
        None,
        "trafficking",
        (("116 006", H),),
        "Free from any phone. It replaced the 24-hour 0800 1212 helpline of 2006, which "
        "could not be dialled from mobiles. RENATE's 2022 page still gives 116 006.",
    ),
    Line(
        "gr1",
        "GR",
        "Human Trafficking Resource Line 1109",
        "A21 Greece",
        "trafficking",
        (("1109", H),),
        "Official page, undated; it cites the EMN report of 2022. A21 runs the line "
        "(AmCham Greece business page).",
    ),
    Line(
        "cz1",
        "CZ",
        "La Strada SOS line",
        "La Strada Česká republika",
        "trafficking",
        (("800 077 777", "hotline (free)"), ("+420 222 71 71 71", H)),
        "Operator's page, undated; consulted in December 2026. Open at set hours on "
        "weekdays; see the page for the schedule.",
        languages=("Czech", "English", "Romanian", "Russian"),
    ),
    Line(
        "pt1",
        "PT",
        "Support line for victims of trafficking",
        "Specialised multidisciplinary teams (EME, APF)",
        "trafficking",
        (
            ("964 608 288", H),
            ("918 654 101", "hotline (norte)"),
            ("918 654 104", "hotline (centro)"),
            ("918 654 106", "hotline (alentejo)"),
            ("913 858 556", "hotline (lisboa)"),
            ("918 882 942", "hotline (algarve)"),
        ),
        "Official ePortugal page, undated; the APF regional teams were reported active in "
        "2024 (SIC Notícias, 9 December 2024). Calls cost the rate of a mobile number.",
        hours="24/7",
    ),
    Line(
        "ie1",
        "IE",
        "Garda Confidential Line",
        "An Garda Síochána",
        "police",
        (("1800 666 111", H),),
        "Trafficking can also be reported to Crimestoppers on 1800 250025.",
    ),
    Line(
        "be1",
        "BE",
        "24/7 line of the specialised centres for trafficking victims",
        "PAG-ASA, Payoke and Sürya",
        "trafficking",
        (("+3278055800", H),),
        "Page undated; part of the 2025 World Day campaign. La Libre reported the single "
        "24/7 line on 24 July 2023.",
        hours="24/7",
    ),
    Line(
        "at1",
        "AT",
        "Human trafficking hotline",
        "Federal Criminal Police Office (Bundeskriminalamt)",
        "police",
        (("+43/677/61343434", H),),
        "Page undated; it reports May 2022, when the hotline was set up in response to the "
        "war in Ukraine (APA-OTS release of 4 May 2022: staffed around the clock). It "
        "replaced the BK's earlier line 01-24836-85383 (2010).",
        emails=("menschenhandel@bmi.gv.at",),
        hours="24/7",
    ),
    Line(
        "it1",
        "IT",
        "Numero Verde Anti-tratta",
        "Department for Equal Opportunities (run by the Veneto Region)",
        "trafficking",
        (("800-290-290", H),),
        "Official page, undated; it cites the agreement of 14 June 2022. Free, anonymous "
        "and multilingual; the line has run since 2000.",
        hours="24/7",
        languages=(
            "English",
            "Spanish",
            "Albanian",
            "Romanian",
            "Russian",
            "Ukrainian",
            "Chinese",
            "Polish",
            "Portuguese",
            "Arabic",
        ),
    ),
    Line(
        "se1",
        "SE",
        "National support line (stödtelefon)",
        "Swedish Gender Equality Agency (NMT)",
        "trafficking",
        (("020-390 000", H),),
        "For professionals and others who meet possible victims. Official page, undated; "
        "the line moved to the agency on 1 January 2018 with the same number (NMT, "
        "8 January 2018). Police: 114 14; emergencies: 112.",
        hours="Weekdays, office hours",
    ),
    Line(
        "fi1",
        "FI",
        "Assistance system for victims of human trafficking",
        "Finnish Immigration Service (Migri)",
        "trafficking",
        (("+358 2954 63177", H),),
        "Official page, undated; the assistance system has run since 2006 and had 630 "
        "clients by the end of 2017 (ihmiskauppa.fi).",
        emails=("ihmiskauppa.auttamisjarjestelma@migri.fi",),
        hours="24/7",
    ),
    Line(
        "dk1",
        "DK",
        "Danish Centre against Human Trafficking hotline",
        "Danish Centre against Human Trafficking (CMM)",
        "trafficking",
        (("+45 70 20 25 50", H),),
        "Official page, undated; it cites the 2022-2025 action plan. Hours from BSR TRM's "
        "Denmark page.",
        emails=("cmm@sbst.dk",),
        hours="Mon-Fri 8:30-16:00, Sat-Sun 9:00-15:00",
    ),
    Line(
        "lt1",
        "LT",
        "Helpline for reporting human trafficking",
        "National association against trafficking in human beings",
        "trafficking",
        (("+370 616 91119", H),),
        "Page undated (Vilnius city); the line was a measure of the 2020-2022 action plan.",
        hours="24/7",
        languages=("Lithuanian", "English", "Russian"),
    ),
    Line(
        "lv1",
        "LV",
        "Trust line for trafficking cases",
        'Shelter "Safe House"',
        "trafficking",
        (("+371 28612120", H),),
        "Given in the shelter's report of April 2023.",
    ),
    Line(
        "ge1",
        "GE",
        "State Fund hotline 116 006",
        "State Fund (protection of trafficking victims)",
        "trafficking",
        (("116 006", H),),
        "Page undated (IOM site); consulted in December 2026. The page also gives an IOM "
        "hotline and a police number without area codes, which are not listed.",
    ),
    Line(
        "me1",
        "ME",
        "SOS helpline for victims of trafficking 116 666",
        None,
        "trafficking",
        (("116 666", H),),
        "UNHCR help page, undated; consulted in December 2026. Police: 122.",
    ),
    Line(
        "xk1",
        "XK",
        "Anti-trafficking and domestic violence helpline",
        "Victims' Assistance and Advocacy Office (State Prosecutor)",
        "trafficking",
        (("0800 11112", H),),
        "Dated 2012; the helpline dates from a 2005 agreement with PTK and was promoted by "
        "an OSCE campaign. Free, confidential and anonymous. No newer source was found: "
        "check that it still works.",
        hours="Mon-Fri 8:00-22:00",
    ),
    Line(
        "sk1",
        "SK",
        "National helpline for victims of trafficking",
        None,
        "trafficking",
        (("0800 800 818", H),),
        "Page undated; it cites the 2021 situation report. RENATE's Slovakia page says the "
        "line has run since 1 July 2008 and gives +421 800 800 818 for calls from abroad.",
        hours="Mon-Fri 9:00-17:00",
    ),
    Line(
        "ee1",
        "EE",
        "Trafficking information line",
        "Social Insurance Board",
        "trafficking",
        (("+372 6607320", H), ("116006", "hotline (victim support, 24 h)")),
        "Official page, undated; UNHCR's page for people fleeing Ukraine (from 2022) gives "
        "the same line.",
        languages=("Estonian", "Russian", "English"),
    ),
    Line(
        "by1",
        "BY",
        "Infoline 113",
        "La Strada Belarus (Gender Perspectives)",
        "trafficking",
        (("113", H),),
        "Free information line on safe travel, migration and trafficking, run since January 2001.",
    ),
    Line(
        "hr1",
        "HR",
        "PETRA network SOS line",
        "PETRA network",
        "trafficking",
        (("0800 77 99", H),),
        "RENATE page, undated; it carries a 2022 assembly banner.",
    ),
    Line(
        "cy1",
        "CY",
        "Police anti-trafficking unit hotline 1497",
        "Cyprus Police anti-trafficking unit",
        "police",
        (("1497", H),),
        "For the Republic of Cyprus. Page undated (Caritas Cyprus project page); the hotline "
        "was launched in the April 2022 - March 2023 period (Parikiaki, June 2023).",
    ),
    Line(
        "mt1",
        "MT",
        "Crime Stop 119",
        "Malta Police Force",
        "police",
        (("119", H),),
        "Official page, undated; the line was promoted in the 2023 Blue Heart campaign "
        "(Times of Malta). Call 112 in an emergency.",
    ),
    Line(
        "mt1",
        "MT",
        "Victim Support Agency helpline 116006",
        "Victim Support Agency",
        "victims",
        (("116006", H),),
        "Official page, undated; the line had just been launched during the 2023 Blue Heart "
        "campaign (Times of Malta, which gives 7:30-17:30 as its hours).",
        hours="7:30-19:30",
    ),
    Line(
        "no1",
        "NO",
        "ROSA national helpline",
        "ROSA (Krisesentersekretariatet)",
        "trafficking",
        (("22 33 11 60", H),),
        "Page undated; the line has run since 2005 and since 2016 serves victims of all "
        "forms of trafficking; the page links the 2018 annual report.",
        hours="24/7",
    ),
    Line(
        "lu1",
        "LU",
        "Police: human trafficking",
        "Grand Ducal Police",
        "police",
        (("113", "hotline (outside office hours)"),),
        f"{CONSULTED} The English page gives (+352) 244 60 3220 for office hours and the "
        "French page 4997-6210; as they disagree, neither is listed. UNHCR's page for "
        "arrivals from 2022 also points to 113, open 24/7.",
        emails=("traite@police.etat.lu",),
    ),
    # ------------------------------------------------------------ Americas
    Line(
        "us1",
        "US",
        "National Human Trafficking Hotline",
        "Polaris",
        "trafficking",
        (("1-888-3737-888", H),),
        "Texts go to 233733 (BeFree); a text number is not stored as a phone here. Polaris "
        "has run the line since December 2007 (ACF, 2013).",
        hours="24/7",
    ),
    Line(
        "ca1",
        "CA",
        "Canadian Human Trafficking Hotline",
        "Canadian Centre to End Human Trafficking",
        "trafficking",
        (("1-833-900-1010", H),),
        "Opened nationally on 29 May 2019.",
        hours="24/7",
    ),
    Line(
        "mx1",
        "MX",
        "Línea Nacional contra la Trata de Personas",
        "Consejo Ciudadano para la Seguridad y Justicia de la Ciudad de México",
        "trafficking",
        (("800 5533 000", H),),
        "Page undated; it reports figures given on 30 July 2023. Older material (2019) "
        "writes the number with the retired 01 prefix, 01 800 5533 000.",
    ),
    Line(
        "ar1",
        "AR",
        "Línea 145",
        "PROTEX (Public Prosecutor's Office) and Ministry of Justice",
        "trafficking",
        (("145", H),),
        "Free and anonymous, nationwide.",
    ),
    Line(
        "br1",
        "BR",
        "Disque 100",
        "National Human Rights Ombudsman (ONDH)",
        "human_rights",
        (("100", H),),
        "Free. Operators were trained in 2025 to take trafficking and slave-labour reports.",
        hours="24/7",
    ),
    Line(
        "br1",
        "BR",
        "Ligue 180 (women's line)",
        None,
        "women",
        (("180", H),),
        "Free. Operators were trained in 2025 to take trafficking and slave-labour reports.",
        hours="24/7",
    ),
    Line(
        "pe1",
        "PE",
        "Línea 1818",
        "Ministry of the Interior",
        "trafficking",
        (("1818", H),),
        "Page undated; it describes the 2025 Blue Heart campaign. Free and confidential.",
        hours="24/7",
    ),
    Line(
        "hn1",
        "HN",
        "Línea 145",
        "CICESCT",
        "trafficking",
        (("145", H),),
        "Page undated; it reports the launch under the government in office since "
        "January 2022. Confidential.",
    ),
    Line(
        "hn2",
        "HN",
        "CICESCT immediate response team",
        "CICESCT",
        "trafficking",
        (("8990-5187", H),),
        "For reports of trafficking.",
    ),
    Line(
        "gt3",
        "GT",
        "National Civil Police 110",
        "Policía Nacional Civil",
        "police",
        (("110", H),),
        "Page undated; it reports the first three months of 2022. Reports can also be made "
        "at any police station or prosecutor's office.",
    ),
    Line(
        "cl1",
        "CL",
        "PDI trafficking reports",
        "Policía de Investigaciones (PDI)",
        "police",
        (("+56940729659", H),),
        "For reports of child trafficking; Denuncia Seguro is another channel. The anonymous "
        "line *4242 (El Dínamo, 2023) cannot be stored here because of the star.",
    ),
    Line(
        "jm1",
        "JM",
        "National Children's Registry 211",
        "National Children's Registry",
        "children",
        (("211", H),),
        "Toll-free; most trafficking reports come through this line.",
    ),
    Line(
        "jm2",
        "JM",
        "National Task Force Against Trafficking in Persons",
        "National Task Force Against Trafficking in Persons (Ministry of Justice)",
        "trafficking",
        (("888-587-8423", "hotline (toll free)"),),
        "The page also gives the task force's office number as 876-906-4923-31.",
    ),
    Line(
        "tt1",
        "TT",
        "Counter Trafficking Unit hotline",
        "Counter Trafficking Unit, Ministry of National Security",
        "trafficking",
        (("800-4288", H),),
        "Published as 800-4CTU/4288; calls are anonymous. A 2018 ministry release repeats "
        "800-4288.",
    ),
    Line(
        "gy1",
        "GY",
        "TIP Hotline",
        "Ministry of Home Affairs",
        "trafficking",
        (("623-5030", H), ("227-4083", H)),
        "Given in the ministry's press release of April 2024.",
    ),
    Line(
        "pa2",
        "PA",
        "Police 104",
        "Policía Nacional",
        "police",
        (("104", H),),
        "The page address is dated January 2024. In 2021 the ministry's trafficking office "
        "gave 516-28-46 and 6977-1941 for anonymous reports; its 2024 page points to 104 and "
        "Crime Stoppers' tupista.org instead.",
    ),
    Line(
        "ec1",
        "EC",
        "1800 DELITO",
        None,
        "police",
        (("1800 DELITO", H),),
        "Promoted for reporting possible trafficking cases in the 2019 #AQUIESTOY campaign.",
    ),
    # ------------------------------------------------------------- Oceania
    Line(
        "au1",
        "AU",
        "Australian Federal Police",
        "Australian Federal Police",
        "police",
        (("131 237", H),),
        f"Published as 131AFP (131 237). {CONSULTED} Call 000 in an emergency.",
    ),
    Line(
        "nz1",
        "NZ",
        "New Zealand Police",
        "New Zealand Police",
        "police",
        (("105", "hotline (non-emergency)"), ("111", "emergency")),
        "Given in Immigration New Zealand's World Day notice.",
    ),
    Line(
        "pg1",
        "PG",
        "Toll-free trafficking hotline",
        "IOM Papua New Guinea",
        "trafficking",
        (("7100 7777", H),),
        "Page undated; it refers to the 2014 trafficking law. Funded with US support.",
        hours="24/7",
    ),
    Line(
        "pg2",
        "PG",
        "1-Tok Kaunselin Helpim Lain",
        "ChildFund PNG",
        "victims",
        (("715-08000", H),),
        "Page undated; it describes calls of October 2015. The line answers 24 hours on "
        "gender-based violence, child protection and trafficking (Loop PNG).",
        hours="24/7",
    ),
)


class BuildError(Exception):
    pass


def load_sources() -> dict[str, dict[str, Any]]:
    data = json.loads(SOURCES.read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["sources"]}


def entry_id(country: str, name: str) -> str:
    """Eight id-alphabet characters derived from country and name."""
    value = int.from_bytes(hashlib.sha256(f"{country}|{name}".encode()).digest(), "big")
    chars = []
    for _ in range(ID_LENGTH):
        value, index = divmod(value, len(ID_ALPHABET))
        chars.append(ID_ALPHABET[index])
    return "".join(chars)


def _phone(raw: str, label: str, line: Line, codes: list[str]) -> tuple[Phone, str | None]:
    if label != label.lower():
        # ctdir stores labels in lower case; keep the file as an import would store it.
        raise BuildError(f"{line.country} {line.name}: label {label!r} is not lower case")
    phone = parse_phone(raw, line.country, label)
    if phone["valid"]:
        return phone, None
    if digits(raw) in codes:
        return phone, raw
    raise BuildError(
        f"{line.country} {line.name}: {raw!r} is not valid for phonenumbers and is not a "
        f"domestic code of source {line.source}"
    )


def build_entry(line: Line, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    source = sources.get(line.source)
    if source is None:
        raise BuildError(f"{line.name}: unknown source {line.source!r}")
    if source["status"] != "used":
        raise BuildError(f"{line.name}: source {line.source} is marked {source['status']}")
    if source["country"] != line.country:
        raise BuildError(f"{line.name}: source {line.source} is about {source['country']}")
    if not is_country_code(line.country):
        raise BuildError(f"{line.name}: unknown country {line.country}")
    if line.purpose not in PURPOSES:
        raise BuildError(f"{line.name}: purpose {line.purpose!r} not in {PURPOSES}")
    codes = list(source.get("domestic_codes", []))
    phones = []
    unknown = []
    for raw, label in line.phones:
        phone, code = _phone(raw, label, line, codes)
        phones.append(phone)
        if code:
            unknown.append(code)
    notes = line.notes
    if len(unknown) == 1:
        notes += (
            f" The source gives {unknown[0]} for dialling inside the country; it is not in "
            "phonenumbers' list of short codes, so it is shown as not known to be valid."
        )
    elif unknown:
        notes += (
            f" The source gives {' and '.join(unknown)} for dialling inside the country; "
            "they are not in phonenumbers' list of short codes, so they are shown as not "
            "known to be valid."
        )
    entry = blank_entry("hotline")
    entry.update(
        {
            "id": entry_id(line.country, line.name),
            "name": line.name,
            "organization": line.organization,
            "city": line.city,
            "country": line.country,
            "phones": phones,
            "emails": list(line.emails),
            "hours": line.hours,
            "languages": list(line.languages),
            "notes": notes,
            "purpose": line.purpose,
            "source": f"{source['title']} — {source['url']}",
            "source_date": source["date"],
            "created": STAMP,
            "updated": STAMP,
        }
    )
    return entry


def _phone_keys(entry: dict[str, Any]) -> list[tuple[str, str]]:
    return [(entry["country"], p["e164"] or digits(p["number"])) for p in entry["phones"]]


def build() -> list[dict[str, Any]]:
    """The bundled hotlines, less the lines the seed directory already has.

    A new directory holds both files; a line in both would be listed twice.
    """
    sources = load_sources()
    seed = json.loads((ROOT / "data" / "seed.json").read_text(encoding="utf-8"))
    in_seed = {key for entry in seed for key in _phone_keys(entry)}
    entries = [build_entry(line, sources) for line in LINES]
    entries = [e for e in entries if not set(_phone_keys(e)) & in_seed]
    ids: set[str] = {e["id"] for e in seed}
    numbers: dict[tuple[str, str], str] = {}
    for entry in entries:
        if entry["id"] in ids:
            raise BuildError(f"id collision: {entry['id']} ({entry['name']})")
        ids.add(entry["id"])
        for key in _phone_keys(entry):
            if key in numbers:
                raise BuildError(f"{key} in both {numbers[key]} and {entry['name']}")
            numbers[key] = entry["name"]
    entries.sort(key=lambda e: (e["country"], e["name"]))
    return entries


def render(entries: list[dict[str, Any]]) -> str:
    return json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file is current")
    args = parser.parse_args(argv)
    try:
        text = render(build())
    except BuildError as exc:
        print(f"build_hotlines: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    entries = json.loads(text)
    countries = {e["country"] for e in entries}
    print(f"wrote {len(entries)} entries for {len(countries)} countries to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
