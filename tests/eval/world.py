"""A deterministic test directory for the search evaluation: the "world" directory.

``build()`` returns several hundred entries from a seeded random generator:
IOM offices, NGOs and ministries on every continent, people named in Latin
script with diacritics, Cyrillic, Arabic, Greek, Chinese, Japanese, Korean and
Devanagari, national hotlines (some of them short codes), and phone numbers
published in the many ways press releases write them.

Two parts:

* ``ANCHORS``: hand-written entries that the queries in ``queries_world.txt``
  aim at. They are deliberately confusable: "Jon Smith" / "John Smyth" /
  "Joan Smit"; "Mohammed" / "Muhammad" / "Mohamed" Ali; one surname in several
  countries; people named like places ("Sofia", "Victoria", "Jordan",
  "Douglas", "Chad", "Florence"); offices that share words ("IOM Port Louis",
  "IOM Port Moresby", "IOM Port-au-Prince"); the same hotline name in several
  countries.
* filler: random people and hotlines from per-country name pools, so that every
  anchor has to win against hundreds of plausible neighbours. A filler never
  takes an anchor's name.

Numbers come from per-country patterns written here (not from phonenumbers'
example numbers, which change between releases); ``ctdir.phones.parse_phone``
fills in the phone objects exactly as ``ctdir add`` would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

SEED = 20261123
FILLER_CONTACTS = 520
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
STAMP = "2026-11-23T00:00:00Z"

Entry = dict[str, Any]


@dataclass(frozen=True)
class Country:
    code: str
    cities: tuple[str, ...]  # the first one has the IOM office
    calling: str
    trunk: str  # "0", "1" (NANP) or "" (none)
    mobile: str  # national pattern, "#" a random digit, spaces group it
    pool: str  # name pool key
    ngo_domain: str


COUNTRIES: tuple[Country, ...] = (
    # Africa
    Country("KE", ("Nairobi", "Mombasa"), "254", "0", "7## ### ###", "ke", "haart.or.ke"),
    Country("NG", ("Abuja", "Lagos"), "234", "0", "80# ### ####", "ng", "naptip.gov.ng"),
    Country("GH", ("Accra", "Kumasi"), "233", "0", "24 ### ####", "gh", "challenging.org.gh"),
    Country("ZA", ("Pretoria", "Johannesburg"), "27", "0", "82 ### ####", "za", "a21.org.za"),
    Country("MZ", ("Maputo", "Beira"), "258", "", "84 ### ####", "pt", "linhafala.org.mz"),
    Country("ET", ("Addis Ababa",), "251", "0", "91 ### ####", "et", "ewla.org.et"),
    Country("EG", ("Cairo", "Alexandria"), "20", "0", "10 #### ####", "ar", "ncw.gov.eg"),
    Country("MA", ("Rabat", "Casablanca"), "212", "0", "6## ######", "ma", "insaf.ma"),
    Country("SN", ("Dakar",), "221", "", "77 ### ## ##", "fr_af", "aemo.sn"),
    Country("CD", ("Kinshasa", "Goma"), "243", "0", "81 ### ####", "fr_af", "ddh.cd"),
    Country("TZ", ("Dar es Salaam", "Dodoma"), "255", "0", "7## ### ###", "ke", "kiwohede.or.tz"),
    Country("MW", ("Lilongwe", "Blantyre"), "265", "0", "99# ## ## ##", "za", "yoneco.org.mw"),
    Country("SO", ("Mogadishu",), "252", "0", "61 ### ####", "so", "siha.so"),
    Country("CI", ("Abidjan",), "225", "", "07 ## ## ## ##", "fr_af", "bice.ci"),
    Country("MU", ("Port Louis",), "230", "", "5### ####", "mu", "pils.mu"),
    # Asia
    Country("IN", ("New Delhi", "Mumbai"), "91", "0", "98### #####", "hi", "shaktivahini.org"),
    Country("NP", ("Kathmandu",), "977", "0", "98# ### ####", "hi", "maitinepal.org"),
    Country("BD", ("Dhaka", "Chittagong"), "880", "0", "17## ######", "bd", "bnwla.org.bd"),
    Country("PK", ("Islamabad", "Lahore"), "92", "0", "3## #######", "pk", "sparc.org.pk"),
    Country("AF", ("Kabul", "Herat"), "93", "0", "7## ### ###", "af", "awec.af"),
    Country("CN", ("Beijing", "Kunming"), "86", "0", "13# #### ####", "zh", "womenofchina.cn"),
    Country("JP", ("Tokyo",), "81", "0", "90 #### ####", "ja", "lighthouse.or.jp"),
    Country("KR", ("Seoul",), "82", "0", "10 #### ####", "ko", "dawoom.or.kr"),
    Country("VN", ("Hanoi", "Ho Chi Minh City"), "84", "0", "9# ### ## ##", "vi", "bluedragon.org"),
    Country("TH", ("Bangkok", "Chiang Mai"), "66", "0", "8# ### ####", "th", "lpn.or.th"),
    Country("PH", ("Manila", "Cebu City"), "63", "0", "917 ### ####", "ph", "visayanforum.org"),
    Country("MM", ("Yangon",), "95", "0", "9 ### ### ###", "mm", "mmpeace.org"),
    Country("LA", ("Vientiane",), "856", "0", "20 ## ### ###", "la", "villagefocus.la"),
    Country("TL", ("Dili",), "670", "", "77## ####", "pt", "alola.tl"),
    Country("MV", ("Male",), "960", "", "7## ####", "mv", "arc.org.mv"),
    Country("LK", ("Colombo",), "94", "0", "77 ### ####", "lk", "wmc.lk"),
    # Middle East
    Country("JO", ("Amman",), "962", "0", "79 ### ####", "ar", "tamkeen.jo"),
    Country("LB", ("Beirut",), "961", "0", "3 ### ###", "ar", "kafa.org.lb"),
    Country("IQ", ("Baghdad", "Erbil"), "964", "0", "770 ### ####", "ar", "aljanoub.iq"),
    Country("AE", ("Abu Dhabi", "Dubai"), "971", "0", "50 ### ####", "ar", "ewaa.ae"),
    Country("TR", ("Ankara", "Istanbul"), "90", "0", "5## ### ## ##", "tr", "hrdf.org.tr"),
    # Europe
    Country("GB", ("London", "Manchester"), "44", "0", "7### ######", "en", "unseenuk.org"),
    Country("IE", ("Dublin",), "353", "0", "8# ### ####", "en", "ruhama.ie"),
    Country("FR", ("Paris", "Marseille"), "33", "0", "6 ## ## ## ##", "fr", "ccem.fr"),
    Country("DE", ("Berlin", "Hamburg"), "49", "0", "151 ########", "de", "kok-buero.de"),
    Country("ES", ("Madrid", "Barcelona"), "34", "", "6## ### ###", "es", "apramp.es"),
    Country("PT", ("Lisbon", "Porto"), "351", "", "91# ### ###", "pt", "apav.pt"),
    Country("IT", ("Rome", "Milan"), "39", "", "3## ### ####", "it", "onthe-road.it"),
    Country("GR", ("Athens", "Thessaloniki"), "30", "", "69# ### ####", "el", "a21.gr"),
    Country("PL", ("Warsaw", "Krakow"), "48", "", "5## ### ###", "pl", "strada.org.pl"),
    Country("RU", ("Moscow", "Saint Petersburg"), "7", "8", "9## ###-##-##", "ru", "angel.ru"),
    Country("UA", ("Kyiv", "Odesa"), "380", "0", "67 ### ## ##", "uk", "lastrada.org.ua"),
    Country("RS", ("Belgrade",), "381", "0", "6# ### ####", "sr", "atina.org.rs"),
    Country("BG", ("Sofia", "Varna"), "359", "0", "88 ### ####", "bg", "animus.bg"),
    Country("MD", ("Chisinau",), "373", "0", "6# ### ###", "ro", "lastrada.md"),
    Country("NL", ("The Hague", "Amsterdam"), "31", "0", "6 #### ####", "nl", "comensha.nl"),
    # Americas
    Country("US", ("Washington", "New York"), "1", "1", "202 ### ####", "en", "polarisproject.org"),
    Country("CA", ("Ottawa", "Toronto"), "1", "1", "613 ### ####", "en", "ccr.ca"),
    Country("MX", ("Mexico City", "Tijuana"), "52", "", "55 #### ####", "es", "comisionunidos.mx"),
    Country("GT", ("Guatemala City",), "502", "", "5### ####", "es", "ecpat.gt"),
    Country("CO", ("Bogota", "Medellin"), "57", "", "31# ### ####", "es", "renacer.co"),
    Country("PE", ("Lima", "Cusco"), "51", "", "9## ### ###", "es", "capital.pe"),
    Country("BR", ("Brasilia", "Sao Paulo"), "55", "0", "61 9#### ####", "pt", "asbrad.org.br"),
    Country("AR", ("Buenos Aires",), "54", "0", "11 #### ####", "es", "lamala.ar"),
    Country("HT", ("Port-au-Prince",), "509", "", "3# ## ####", "fr_ht", "fondationzanmi.ht"),
    # Oceania
    Country("AU", ("Canberra", "Sydney"), "61", "0", "4## ### ###", "en", "antislavery.org.au"),
    Country("NZ", ("Wellington", "Auckland"), "64", "0", "21 ### ####", "en", "hagar.org.nz"),
    Country("PG", ("Port Moresby",), "675", "", "7### ####", "pg", "femili.org.pg"),
    Country("FJ", ("Suva",), "679", "", "9## ####", "fj", "fwcc.org.fj"),
)
BY_CODE = {c.code: c for c in COUNTRIES}
# Where the international prefix is not 00 (011, 001, 0011, 810...), nobody there
# prints a number as "00...".
NOT_00 = frozenset({"US", "CA", "JP", "KR", "AU", "RU", "KE", "NG", "TZ", "ET", "CO", "BR"})

# Name pools: "given men | given women | surnames". A non-Latin name is written
# "native:latin": the Latin form is what the email address is made of.
POOLS: dict[str, tuple[str, str, str]] = {
    "en": (
        "James Robert Michael William David Richard Thomas Daniel Matthew Andrew",
        "Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Emily",
        "Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas "
        "Moore Martin Thompson White Harris Clark Lewis Walker Hall Young",
    ),
    "fr": (
        "François Jérôme Étienne Théo Benoît Noël Frédéric Rémi Sébastien Stéphane",
        "Amélie Hélène Chloé Zoé Léa Élodie Mélanie Cécile Nathalie Aurélie",
        "Dubois Lefèvre Moreau Girard Bonnet Dupont Lambert Fontaine Rousseau Mercier",
    ),
    "fr_af": (
        "Mamadou Ousmane Cheikh Abdoulaye Ibrahima Moussa Souleymane Alioune Serigne Modou",
        "Aïssatou Fatou Awa Mariama Khady Ndèye Coumba Astou Bineta Adama",
        "Diop Ndiaye Fall Sow Diallo Ba Sy Kane Gueye Mbaye Kabila Tshibanda Mukendi Koné",
    ),
    "fr_ht": (
        "Jean-Baptiste Wilner Fritz Jacques Réginald Josué",
        "Marie-Claude Guerline Nadège Roseline Widline Fabienne",
        "Pierre-Louis Joseph Jean-Charles Désir Célestin Étienne Beauvoir",
    ),
    "es": (
        "José Juan Luis Carlos Javier Miguel Andrés Sebastián Martín Tomás",
        "María Lucía Sofía Valentina Camila Isabel Paula Verónica Inés Mónica",
        "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez "
        "Torres Flores Rivera Gómez Díaz Núñez Ibáñez Quispe Mamani",
    ),
    "pt": (
        "João Pedro António Tiago Gonçalo Luís Paulo Sérgio Márcio Abílio",
        "Beatriz Conceição Fátima Lúcia Inês Sónia Graça Luísa Natália Célia",
        "Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Gomes "
        "Macuácua Guebuza Mondlane Ximenes Soares",
    ),
    "it": (
        "Giuseppe Marco Luca Francesco Alessandro Matteo",
        "Giulia Chiara Francesca Federica Alessia Martina",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci",
    ),
    "de": (
        "Jürgen Günter Lukas Felix Maximilian Jörg",
        "Käthe Anja Lena Jana Birgit Dörte",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Köhler",
    ),
    "nl": (
        "Daan Bram Sem Pieter Joost Maarten",
        "Sanne Femke Lotte Anouk Marieke Ilse",
        "de_Jong Jansen de_Vries van_den_Berg Bakker Visser Smit Mulder",
    ),
    "pl": (
        "Piotr Krzysztof Andrzej Tomasz Paweł Michał",
        "Anna Małgorzata Agnieszka Katarzyna Joanna Ewa",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński",
    ),
    "ro": (
        "Ion Vasile Andrei Mihai Sergiu Vadim",
        "Elena Ana Tatiana Natalia Irina Ludmila",
        "Rusu Ceban Ciobanu Țurcanu Popa Munteanu Lungu Cojocaru",
    ),
    "tr": (
        "Mehmet Mustafa Ahmet Hüseyin Emre Burak",
        "Ayşe Fatma Emine Zeynep Elif Gülşen",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın",
    ),
    "el": (
        "Γιώργος:Giorgos Δημήτρης:Dimitris Νίκος:Nikos Κώστας:Kostas",
        "Μαρία:Maria Ελένη:Eleni Κατερίνα:Katerina Σοφία:Sofia",
        "Παπαδάκης:Papadakis Οικονόμου:Oikonomou Γεωργίου:Georgiou "
        "Νικολάου:Nikolaou Καραγιάννης:Karagiannis",
    ),
    "ru": (
        "Иван:Ivan Дмитрий:Dmitry Сергей:Sergey Алексей:Alexey Михаил:Mikhail",
        "Ольга:Olga Наталья:Natalya Екатерина:Ekaterina Татьяна:Tatyana Анна:Anna",
        "Смирнов:Smirnov Кузнецов:Kuznetsov Попов:Popov Соколов:Sokolov Лебедев:Lebedev "
        "Волков:Volkov Морозов:Morozov",
    ),
    "uk": (
        "Олександр:Oleksandr Андрій:Andriy Богдан:Bohdan Тарас:Taras",
        "Оксана:Oksana Ірина:Iryna Галина:Halyna Олена:Olena",
        "Шевченко:Shevchenko Бондаренко:Bondarenko Ковальчук:Kovalchuk Мельник:Melnyk",
    ),
    "sr": (
        "Милош:Milos Никола:Nikola Стефан:Stefan Марко:Marko",
        "Јелена:Jelena Милица:Milica Ана:Ana Драгана:Dragana",
        "Јовановић:Jovanovic Петровић:Petrovic Николић:Nikolic Ђорђевић:Djordjevic",
    ),
    "bg": (
        "Георги:Georgi Иван:Ivan Христо:Hristo Стоян:Stoyan",
        "Мария:Maria Десислава:Desislava Цветелина:Tsvetelina Радка:Radka",
        "Димитров:Dimitrov Георгиев:Georgiev Стоянов:Stoyanov Тодоров:Todorov",
    ),
    "ar": (
        "أحمد:Ahmed محمود:Mahmoud خالد:Khalid عمر:Omar يوسف:Youssef حسن:Hassan",
        "فاطمة:Fatima مريم:Maryam نور:Nour ليلى:Layla سارة:Sara هدى:Huda",
        "الحسيني:Al-Husseini حداد:Haddad العلي:Al-Ali سعيد:Said",
    ),
    "ma": (
        "Youssef Hamza Karim Rachid Mehdi Anas",
        "Khadija Salma Imane Houda Zineb Nadia",
        "El_Idrissi Alaoui Bennani Tazi Berrada Chraibi",
    ),
    "so": (
        "Abdirahman Abdullahi Mohamud Hassan Farah",
        "Hodan Sahra Faadumo Hibaaq Ayaan",
        "Warsame Jama Abdi Farah Hersi Egal",
    ),
    "hi": (
        "अमित:Amit सुनील:Sunil विकास:Vikas अनिल:Anil",
        "सुनीता:Sunita अनीता:Anita पूजा:Puja नेहा:Neha",
        "गुप्ता:Gupta सिंह:Singh कुमार:Kumar जोशी:Joshi",
    ),
    "bd": (
        "Rafiq Kamal Habib Shafiq Mizanur Jahangir",
        "Nasrin Farzana Shirin Rokeya Taslima Sultana",
        "Rahman Hossain Islam Chowdhury Ahmed Uddin Akter",
    ),
    "pk": (
        "Imran Bilal Usman Faisal Tariq Asad",
        "Ayesha Sana Hina Nadia Saima Rabia",
        "Qureshi Malik Butt Chaudhry Shah Iqbal Abbasi",
    ),
    "af": (
        "Ahmad Zalmai Farid Mirwais Habibullah Nasir",
        "Mariam Shabana Zarghona Fariba Nilofar Mahbooba",
        "Karimi Rahimi Popal Stanikzai Wardak Hakimi Noorzai",
    ),
    "zh": (
        "伟:Wei 强:Qiang 磊:Lei 军:Jun 勇:Yong 杰:Jie",
        "芳:Fang 娜:Na 敏:Min 静:Jing 丽:Li 艳:Yan",
        "王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao",
    ),
    "ja": (
        "Hiroshi Takeshi Kenji Daisuke Satoshi",
        "Yuki Aiko Haruka Naoko Keiko",
        "Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi",
    ),
    "ko": (
        "Min-jun Ji-hoon Seo-jun Hyun-woo Dong-hyun",
        "Ji-woo Seo-yeon Min-seo Ha-eun Ye-jin",
        "Kim Lee Park Choi Jung Kang Cho Yoon",
    ),
    "vi": (
        "Hùng Dũng Tuấn Minh Quang Thắng",
        "Lan Hương Thảo Ngọc Trang Phương",
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ",
    ),
    "th": (
        "Somchai Somsak Prasert Anan Wichai",
        "Siriporn Malee Nittaya Kanokwan Pranee",
        "Saetang Srisuk Wongsa Chaiyaporn Rattanakul Boonmee",
    ),
    "ph": (
        "Jose Mark Rodel Jun Ramil Arnel",
        "Maricel Rowena Jocelyn Lorna Rhea Cristina",
        "Dela_Cruz Reyes Bautista Santos Mendoza Villanueva Aquino",
    ),
    "mm": (
        "Aung Kyaw Zaw Htet Min Thura",
        "Thandar Khin Hnin Nilar Su Ei",
        "Win Oo Tun Lwin Naing Myint",
    ),
    "la": (
        "Somsack Khampheng Bounmy Phonesavanh Vilay",
        "Khamla Bouasone Phetsamone Manivone Vanida",
        "Phommachanh Sisouphanh Vongsay Keomany Inthavong",
    ),
    "mv": (
        "Ahmed Ibrahim Hussain Mohamed Ali",
        "Aishath Mariyam Fathimath Hawwa Aminath",
        "Naseem Rasheed Shareef Waheed Manik",
    ),
    "lk": (
        "Nimal Sunil Kamal Chaminda Ruwan",
        "Dilani Nirmala Chathurika Sanduni Ishara",
        "Perera Fernando Silva Jayasinghe Wickramasinghe Bandara",
    ),
    "mu": (
        "Vikash Ravi Jean-Marc Arvind Yusuf",
        "Priya Marie-Anne Nisha Anjali Shabnam",
        "Ramgoolam Jugnauth Bérenger Seetaram Appadoo",
    ),
    "ke": (
        "Otieno Kamau Mwangi Kiprono Baraka Juma",
        "Achieng Wanjiku Njeri Akinyi Zawadi Neema",
        "Odhiambo Njoroge Kariuki Wafula Mutua Chebet Mwakilema",
    ),
    "ng": (
        "Chinedu Emeka Oluwaseun Babajide Ibrahim Musa",
        "Ngozi Chiamaka Adaeze Funmilayo Aisha Yetunde",
        "Okafor Adeyemi Okonkwo Bello Eze Abubakar Balogun",
    ),
    "gh": (
        "Kwame Kofi Kwabena Yaw Kojo",
        "Abena Akosua Ama Efua Adwoa",
        "Mensah Boateng Owusu Asante Appiah Osei",
    ),
    "za": (
        "Thabo Sipho Lwazi Themba Mandla",
        "Nomvula Thandiwe Lindiwe Zanele Ayanda",
        "Nkosi Dlamini Khumalo Mabuza Ndlovu Zulu Banda Phiri",
    ),
    "et": (
        "አበበ:Abebe ተስፋዬ:Tesfaye ዳዊት:Dawit",
        "ትግስት:Tigist ሰላም:Selam ሄለን:Helen",
        "Haile Tadesse Bekele Girma Alemu",
    ),
    "pg": (
        "Kila Moses Peter Tau Kevin",
        "Grace Maria Rose Ruth Joyce",
        "Kila Tau Namaliu Somare Morauta Kapris",
    ),
    "fj": (
        "Ratu Josefa Sitiveni Apisai Viliame",
        "Adi Litia Mereoni Salote Unaisi",
        "Naivalu Ratuva Tuilovoni Vunivalu Baleinavalu",
    ),
}

TITLES = (
    "Programme Officer",
    "Project Manager",
    "Protection Officer",
    "Case Management Officer",
    "Counter-Trafficking Specialist",
    "Head of Office",
    "Communications Officer",
    "Legal Adviser",
    "Field Coordinator",
    "Labour Migration Officer",
)
NGO_NAMES = (
    "Anti-Trafficking Network",
    "Women's Legal Aid Centre",
    "Child Protection Alliance",
    "Migrant Rights Centre",
    "Shelter for Survivors",
)
HOTLINE_NAMES = (
    ("National Anti-Trafficking Hotline", "Ministry of Interior"),
    ("Child Helpline", "Ministry of Social Affairs"),
    ("Police Human Trafficking Hotline", "National Police"),
    ("Migrant Workers Helpline", "Ministry of Labour"),
)


def _anchor(
    name: str,
    country: str,
    *,
    kind: str = "contact",
    title: str | None = None,
    org: str | None = "IOM",
    office: str | None = "",
    city: str | None = "",
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    hours: str | None = None,
) -> dict[str, Any]:
    """A hand-written entry; office and city default to the country's IOM office."""
    c = BY_CODE[country]
    if city == "":
        city = c.cities[0]
    if office == "":
        office = f"IOM {c.cities[0]}" if org == "IOM" else None
    return {
        "kind": kind,
        "name": name,
        "title": title,
        "organization": org,
        "office": office,
        "city": city,
        "country": country,
        "phones": phones,
        "emails": emails,
        "hours": hours,
    }


ANCHORS: tuple[dict[str, Any], ...] = (
    # Confusable people.
    _anchor(
        "Jon Smith",
        "GB",
        title="Programme Officer",
        org="IOM",
        phones=("+44 20 7811 6060",),
        emails=("jsmith@iom.int",),
    ),
    _anchor(
        "John Smyth",
        "IE",
        title="Protection Officer",
        phones=("+353 1 676 0655",),
        emails=("jsmyth@iom.int",),
    ),
    _anchor(
        "Joan Smit",
        "ZA",
        title="Legal Adviser",
        org="A21 South Africa",
        office=None,
        city="Johannesburg",
        phones=("082 555 0143",),
        emails=("joan.smit@a21.org.za",),
    ),
    _anchor(
        "John Smith",
        "US",
        title="Project Manager",
        org="Polaris Project",
        office=None,
        city="Washington",
        phones=("(202) 555-0199",),
        emails=("john.smith@polarisproject.org",),
    ),
    _anchor(
        "Mohammed Ali",
        "EG",
        title="Field Coordinator",
        phones=("+20 10 2345 6789",),
        emails=("moali@iom.int",),
    ),
    _anchor(
        "Muhammad Ali",
        "PK",
        title="Protection Officer",
        phones=("+92 300 555 1234",),
        emails=("muali@iom.int",),
    ),
    _anchor(
        "Mohamed Ali",
        "SO",
        title="Programme Officer",
        phones=("+252 61 555 0102",),
        emails=("mohali@iom.int",),
    ),
    _anchor(
        "Mohammad Alizadeh",
        "AF",
        title="Case Management Officer",
        phones=("0700 123 456",),
        emails=("malizadeh@iom.int",),
    ),
    # One surname, four countries.
    _anchor(
        "Ana Paula da Silva",
        "BR",
        title="Programme Officer",
        phones=("+55 61 3038 9000",),
        emails=("apsilva@iom.int",),
    ),
    _anchor(
        "Joaquim da Silva",
        "MZ",
        title="Project Manager",
        phones=("+258 21 310 780",),
        emails=("jdasilva@iom.int",),
    ),
    _anchor(
        "Rui Silva",
        "PT",
        title="Legal Adviser",
        org="APAV",
        office=None,
        city="Lisbon",
        phones=("213 587 900",),
        emails=("rui.silva@apav.pt",),
    ),
    _anchor(
        "Nuno Silva Ximenes",
        "TL",
        title="Field Coordinator",
        phones=("+670 7723 4455",),
        emails=("nximenes@iom.int",),
    ),
    # People named like places.
    _anchor(
        "Sofia Petrova",
        "RU",
        title="Protection Officer",
        phones=("+7 495 797-87-22",),
        emails=("spetrova@iom.int",),
    ),
    _anchor(
        "Victoria Mensah",
        "GH",
        title="Communications Officer",
        phones=("+233 24 555 0177",),
        emails=("vmensah@iom.int",),
    ),
    _anchor(
        "Jordan Miller",
        "CA",
        title="Legal Adviser",
        org="Canadian Council for Refugees",
        office=None,
        city="Toronto",
        phones=("416-555-0123",),
        emails=("jmiller@ccr.ca",),
    ),
    _anchor(
        "Douglas Banda",
        "MW",
        title="Programme Officer",
        phones=("+265 999 55 01 22",),
        emails=("dbanda@iom.int",),
    ),
    _anchor(
        "Chad Evans",
        "AU",
        title="Project Manager",
        phones=("+61 2 6100 5555",),
        emails=("cevans@iom.int",),
    ),
    _anchor(
        "Florence Wanjiru",
        "KE",
        title="Case Management Officer",
        phones=("+254 722 514 630",),
        emails=("fwanjiru@iom.int",),
    ),
    # Names in other scripts (their Latin form only in the address).
    _anchor(
        "Иван Иванов",
        "RU",
        title="Head of Office",
        phones=("8 (495) 797-87-21",),
        emails=("iivanov@iom.int",),
    ),
    _anchor(
        "Ольга Сергеевна Кузнецова",
        "UA",
        title="Legal Adviser",
        phones=("+380 44 568 5015",),
        emails=("okuznetsova@iom.int",),
    ),
    _anchor(
        "Γιώργος Παπαδόπουλος",
        "GR",
        title="Programme Officer",
        phones=("+30 210 991 9040",),
        emails=("gpapadopoulos@iom.int",),
    ),
    _anchor(
        "王伟",
        "CN",
        title="Project Manager",
        phones=("+86 10 6510 8330",),
        emails=("wwang@iom.int",),
    ),
    _anchor(
        "张丽",
        "CN",
        title="Protection Officer",
        city="Kunming",
        office="IOM Kunming",
        phones=("0871 6535 2200",),
        emails=("lizhang@iom.int",),
    ),
    _anchor(
        "田中 裕子",
        "JP",
        title="Communications Officer",
        phones=("03-5405-5711",),
        emails=("ytanaka@iom.int",),
    ),
    _anchor(
        "राजेश शर्मा",
        "IN",
        title="Field Coordinator",
        phones=("+91 11 4225 0000",),
        emails=("rsharma@iom.int",),
    ),
    _anchor(
        "प्रिया वर्मा",
        "NP",
        title="Protection Officer",
        phones=("+977 1 4426250",),
        emails=("pverma@iom.int",),
    ),
    _anchor(
        "محمد حسن",
        "JO",
        title="Programme Officer",
        phones=("+962 6 565 3876",),
        emails=("mhassan@iom.int",),
    ),
    _anchor(
        "فاطمة الزهراء منصور",
        "LB",
        title="Case Management Officer",
        phones=("+961 1 752 608",),
        emails=("fmansour@iom.int",),
    ),
    _anchor(
        "Nguyễn Thị Hương",
        "VN",
        title="Labour Migration Officer",
        phones=("+84 24 3850 1810",),
        emails=("nthuong@iom.int",),
    ),
    _anchor(
        "Ayşe Yılmaz",
        "TR",
        title="Protection Officer",
        phones=("+90 312 454 3000",),
        emails=("ayilmaz@iom.int",),
    ),
    _anchor(
        "Małgorzata Wiśniewska",
        "PL",
        title="Legal Adviser",
        org="La Strada Poland",
        office=None,
        city="Warsaw",
        phones=("+48 22 628 01 20",),
        emails=("m.wisniewska@strada.org.pl",),
    ),
    _anchor(
        "Ndèye Fatou Diop",
        "SN",
        title="Programme Officer",
        phones=("+221 33 869 62 00",),
        emails=("nfdiop@iom.int",),
    ),
    _anchor(
        "Ximena Quispe Mamani",
        "PE",
        title="Field Coordinator",
        phones=("+51 1 633 3000",),
        emails=("xquispe@iom.int",),
    ),
    # Offices that share words.
    _anchor(
        "Priya Ramgoolam",
        "MU",
        title="Head of Office",
        office="IOM Port Louis",
        phones=("+230 213 3305",),
        emails=("pramgoolam@iom.int",),
    ),
    _anchor(
        "Kila Namaliu",
        "PG",
        title="Head of Office",
        office="IOM Port Moresby",
        phones=("+675 321 3655",),
        emails=("knamaliu@iom.int",),
    ),
    _anchor(
        "Wilner Désir",
        "HT",
        title="Head of Office",
        office="IOM Port-au-Prince",
        phones=("+509 2943 0309",),
        emails=("wdesir@iom.int",),
    ),
    _anchor(
        "Sébastien Dubois",
        "FR",
        title="Head of Office",
        org="Comité contre l'esclavage moderne",
        office=None,
        city="Paris",
        phones=("01 44 52 88 90",),
        emails=("s.dubois@ccem.fr",),
    ),
    _anchor(
        "Khadija Benali",
        "MA",
        title="Legal Adviser",
        org="INSAF",
        office=None,
        city="Casablanca",
        phones=("0522 20 30 40",),
        emails=("k.benali@insaf.ma",),
    ),
    _anchor(
        "Aung Kyaw Win",
        "MM",
        title="Programme Officer",
        phones=("+95 1 210 588",),
        emails=("akwin@iom.int",),
    ),
    _anchor(
        "Somsack Phommachanh",
        "LA",
        title="Programme Officer",
        phones=("+856 21 267 734",),
        emails=("sphommachanh@iom.int",),
    ),
    _anchor(
        "Aishath Naseem",
        "MV",
        title="Project Manager",
        phones=("+960 332 5005",),
        emails=("anaseem@iom.int",),
    ),
    _anchor(
        "Tigist Haile",
        "ET",
        title="Protection Officer",
        city="Addis Ababa",
        phones=("+251 11 557 1707",),
        emails=("thaile@iom.int",),
    ),
    _anchor(
        "Chinedu Okafor",
        "NG",
        title="Programme Officer",
        phones=("0803 555 0101",),
        emails=("cokafor@iom.int",),
    ),
    _anchor(
        "Marie-Claude Joseph",
        "HT",
        title="Protection Officer",
        org="Fondation Zanmi Timoun",
        office=None,
        city="Port-au-Prince",
        phones=("3455 1234",),
        emails=("mcjoseph@fondationzanmi.ht",),
    ),
    # Hotlines: one name in several countries, short codes, numbers in odd formats.
    _anchor(
        "National Anti-Trafficking Hotline",
        "KE",
        kind="hotline",
        org="Ministry of Interior",
        office=None,
        city=None,
        phones=("1195",),
        hours="24/7",
    ),
    _anchor(
        "National Anti-Trafficking Hotline",
        "NG",
        kind="hotline",
        org="NAPTIP",
        office=None,
        city=None,
        phones=("0703 000 0203",),
        hours="24/7",
    ),
    _anchor(
        "National Anti-Trafficking Hotline",
        "US",
        kind="hotline",
        org="Polaris Project",
        office=None,
        city=None,
        phones=("1-888-373-7888",),
        hours="24/7",
    ),
    _anchor(
        "Línea contra la Trata",
        "MX",
        kind="hotline",
        org="Consejo Ciudadano",
        office=None,
        city=None,
        phones=("800 5533 000",),
        hours="24/7",
    ),
    _anchor(
        "Linha Direta Tráfico de Pessoas",
        "BR",
        kind="hotline",
        org="Ministério da Justiça",
        office=None,
        city=None,
        phones=("100",),
    ),
    _anchor(
        "Ligne d'écoute Traite des êtres humains",
        "FR",
        kind="hotline",
        org="Ministère de l'Intérieur",
        office=None,
        city=None,
        phones=("+33 1 4040 4040",),
    ),
    _anchor(
        "Телефон доверия",
        "RU",
        kind="hotline",
        org="Ангел",
        office=None,
        city=None,
        phones=("8-800-333-00-16",),
    ),
    _anchor(
        "Modern Slavery Helpline",
        "GB",
        kind="hotline",
        org="Unseen",
        office=None,
        city=None,
        phones=("08000 121 700",),
        hours="24/7",
    ),
    _anchor(
        "Child Helpline",
        "TZ",
        kind="hotline",
        org="C-Sema",
        office=None,
        city=None,
        phones=("116",),
    ),
)


def _rng_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = "".join(rng.choice(ID_ALPHABET) for _ in range(8))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _split(item: str) -> tuple[str, str]:
    """("Иван", "Ivan") from "Иван:Ivan"; ("Mary", "Mary") from "Mary"."""
    native, _, latin = item.partition(":")
    return native.replace("_", " "), (latin or native).replace("_", " ")


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def publish(rng: random.Random, country: Country, national: str) -> str:
    """A national number ("722 514 630") as a press release might print it."""
    plain = national.replace(" ", "").replace("-", "")
    styles = ["intl", "dots", "dashes", "e164", "00"]
    if country.trunk == "0":
        styles += ["national", "bracket"]
    style = rng.choice(styles)
    dotted = national.replace("-", " ")
    if style == "intl":
        return f"+{country.calling} {national}"
    if style == "dots":
        return f"+{country.calling}.{dotted.replace(' ', '.')}"
    if style == "dashes":
        return f"+{country.calling}-{dotted.replace(' ', '-')}"
    if style == "e164":
        return f"+{country.calling}{plain}"
    if style == "00" and country.code not in NOT_00:
        return f"00{country.calling} {national}"
    if style == "national":
        return f"0{national}"
    if style == "bracket":
        return f"+{country.calling} (0) {national}"
    return f"+{country.calling} {national}"


def _ascii_local(text: str) -> str:
    from ctdir.text import fold_words

    return "".join(fold_words(text))


def _person(rng: random.Random, country: Country) -> tuple[str, str]:
    """(name as written, Latin form) from the country's pool."""
    men, women, surnames = POOLS[country.pool]
    given = rng.choice((men if rng.random() < 0.5 else women).split())
    surname = rng.choice(surnames.split())
    g_native, g_latin = _split(given)
    s_native, s_latin = _split(surname)
    if country.pool in ("zh",):
        return s_native + g_native, f"{s_latin} {g_latin}"
    if country.pool in ("vi", "ja", "ko"):
        # Family name first, as these lists write them.
        return f"{s_native} {g_native}", f"{s_latin} {g_latin}"
    native = f"{g_native} {s_native}"
    if ":" in given and rng.random() < 0.3:
        native = f"{g_latin} {s_latin}"  # lists in English often romanise
    return native, f"{g_latin} {s_latin}"


def _filler(
    rng: random.Random, count: int, reserved: set[str], addresses: set[str]
) -> list[dict[str, Any]]:
    from ctdir.text import fold

    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    while len(out) < count:
        country = rng.choice(COUNTRIES)
        name, latin = _person(rng, country)
        key = fold(name)
        if key in reserved or (key, country.code) in seen:
            continue
        seen.add((key, country.code))
        city = rng.choice(country.cities)
        iom = rng.random() < 0.6
        first, last = latin.split(" ", 1) if " " in latin else (latin, latin)
        local = f"{_ascii_local(first)[:1]}{_ascii_local(last)}"
        if iom:
            org, office, domain = "IOM", f"IOM {city}", "iom.int"
        else:
            org, office, domain = rng.choice(NGO_NAMES), None, country.ngo_domain
            local = f"{_ascii_local(first)}.{_ascii_local(last)}"
        address = f"{local}@{domain}"
        for n in range(2, 99):
            if address not in addresses:
                break
            address = f"{local}{n}@{domain}"  # as mail systems do with namesakes
        addresses.add(address)
        phones = [publish(rng, country, _digits(rng, country.mobile))]
        if rng.random() < 0.3:
            phones.append(publish(rng, country, _digits(rng, country.mobile)))
        out.append(
            {
                "kind": "contact",
                "name": name,
                "title": rng.choice(TITLES),
                "organization": org,
                "office": office,
                "city": city,
                "country": country.code,
                "phones": tuple(phones),
                "emails": (address,),
                "hours": None,
            }
        )
    return out


def _filler_hotlines(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for country in COUNTRIES:
        if rng.random() < 0.45:
            continue
        name, operator = rng.choice(HOTLINE_NAMES)
        if any(a["name"] == name and a["country"] == country.code for a in ANCHORS):
            continue  # an anchor has the only one of its name in its country
        number = (
            str(rng.choice((116, 1190, 1410, 1551, 1800)))
            if rng.random() < 0.4
            else publish(rng, country, _digits(rng, country.mobile))
        )
        out.append(
            {
                "kind": "hotline",
                "name": name,
                "title": None,
                "organization": operator,
                "office": None,
                "city": None,
                "country": country.code,
                "phones": (number,),
                "emails": (),
                "hours": rng.choice(("24/7", "Mon-Fri 8:00-17:00", None)),
            }
        )
    return out


def _entry(spec: dict[str, Any], entry_id: str) -> Entry:
    from ctdir.model import blank_entry
    from ctdir.phones import parse_phone

    entry = blank_entry(spec["kind"])
    label = "hotline" if spec["kind"] == "hotline" else "office"
    phones = [parse_phone(number, spec["country"], label) for number in spec["phones"]]
    entry.update(
        id=entry_id,
        name=spec["name"],
        title=spec["title"],
        organization=spec["organization"],
        office=spec["office"],
        city=spec["city"],
        country=spec["country"],
        phones=phones,
        emails=list(spec["emails"]),
        hours=spec["hours"],
        languages=[],
        source="tests/eval/world.py",
        created=STAMP,
        updated=STAMP,
    )
    return entry


def build(seed: int = SEED) -> list[Entry]:
    """The world directory: anchors first, then filler, each with a seeded id."""
    from ctdir.text import fold

    rng = random.Random(seed)
    reserved = {fold(a["name"]) for a in ANCHORS if a["kind"] == "contact"}
    addresses = {a for anchor in ANCHORS for a in anchor["emails"]}
    specs = [
        *ANCHORS,
        *_filler(rng, FILLER_CONTACTS, reserved, addresses),
        *_filler_hotlines(rng),
    ]
    taken: set[str] = set()
    return [_entry(spec, _rng_id(rng, taken)) for spec in specs]
