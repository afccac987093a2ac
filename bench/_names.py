"""Name pools for the benchmark generator, by writing system and naming tradition.

Each pool maps to realistic names as an office list would carry them. Non-Latin
entries are written ``native:latin`` (the Latin form is how the same person often
appears in English-language lists and in email addresses); an underscore stands
for a space inside one name ("dos_Santos"). A surname written ``male|female``
has a female form ("Петров:Petrov|Петрова:Petrova").
"""

from __future__ import annotations

from dataclasses import dataclass

# order: "given_first" ("Ana Silva"), "surname_first" ("Nguyễn Văn Hùng"),
# "surname_first_joined" ("王伟", "김민준": no space in the native form).


@dataclass(frozen=True)
class PoolSpec:
    given_m: str
    given_f: str
    surnames: str
    order: str = "given_first"
    middle_m: str = ""  # Vietnamese middle names
    middle_f: str = ""
    second_given: float = 0.15  # chance of a second given name
    second_surname: float = 0.0  # chance of a second surname (Iberian)
    mononym: float = 0.0  # chance of a single name (Indonesia)
    language: str = "English"  # the pool's main language, for hotline languages
    native: bool = False  # a non-Latin script


POOLS: dict[str, PoolSpec] = {
    "es": PoolSpec(
        given_m="José Juan Luis Carlos Javier Miguel Andrés Sebastián Martín Tomás Ramón "
        "Joaquín Alejandro Diego Fernando Héctor Raúl Óscar Iván Ángel Nicolás Rubén",
        given_f="María Lucía Sofía Valentina Camila Isabel Ana Paula Verónica Inés Mónica "
        "Beatriz Rocío Gabriela Ximena Daniela Adriana Catalina Leticia Begoña Pilar Nuria",
        surnames="García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez "
        "Torres Flores Rivera Gómez Díaz Cruz Morales Ortiz Gutiérrez Chávez Ruiz Álvarez "
        "Jiménez Castillo Vásquez Muñoz Romero Peña Núñez Ibáñez Domínguez Quispe Mamani",
        second_given=0.25,
        second_surname=0.5,
        language="Spanish",
    ),
    "pt": PoolSpec(
        given_m="João Pedro António Tiago Gonçalo Luís Paulo Sérgio Márcio Rogério Fábio "
        "Vítor Armando Edson Celso Américo Domingos Augusto Xanana Abílio",
        given_f="Ana Beatriz Conceição Fátima Lúcia Inês Sónia Graça Luísa Mariana Natália "
        "Célia Joana Nely Rosário Amélia Teresa Francisca Esperança Zélia",
        surnames="Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa "
        "Fernandes Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho "
        "Teixeira Moreira Correia Mendes Nunes Soares Vieira Monteiro Cardoso Macuácua "
        "Guebuza Chissano Mondlane Guterres Belo Ximenes dos_Santos da_Costa",
        second_given=0.25,
        second_surname=0.4,
        language="Portuguese",
    ),
    "fr": PoolSpec(
        given_m="François Jérôme Étienne Théo Benoît Noël Frédéric Rémi Sébastien Stéphane "
        "Aurélien Gaël Moussa Ibrahima Mamadou Cheikh Didier Thierry Jean-Pierre Jean-Baptiste",
        given_f="Hélène Céline Chloé Élodie Mélanie Noémie Émilie Geneviève Françoise Léa "
        "Zoé Aïssatou Fatoumata Awa Mariam Béatrice Solène Clémence Marie-Claire Anne-Sophie",
        surnames="Dubois Lefèvre Moreau Laurent Fournier Girard Bonnet Dupont Lambert "
        "Fontaine Rousseau Chevalier Bérubé Côté Gagné Diallo Traoré Coulibaly Koné Ndiaye "
        "Diop Sow Camara Ouédraogo Kaboré Mbarga Nkurunziza Habimana Uwimana Rakotomalala",
        language="French",
    ),
    "de": PoolSpec(
        given_m="Jürgen Björn Søren Łukasz Jiří Matthäus Štefan Zoltán Tomáš Håkon Andrzej "
        "Miloš Dušan Emre Mehmet Çağlar Oğuz Klaus Lars Pieter Arjan Gheorghe Bujar",
        given_f="Małgorzata Agnieszka Zsófia Åsa Ingrid Birgit Renée Dorota Kateřina Jana "
        "Ivana Lenka Ayşe Zeynep Gülşen Märta Sigrún Ágnes Liesbeth Ioana Elira Dagmar",
        surnames="Müller Schröder Weiß Nowak Kowalski Wiśniewski Dvořák Novák Horváth "
        "Kovačević Jovanović Nielsen Jørgensen Ångström Öberg Lindqvist Virtanen Mäkinen "
        "Yılmaz Kaya Demir Çelik Şahin Popescu Ionescu Țurcanu Hoxha Berisha de_Vries "
        "van_der_Berg Jansen Gruber Hofmann",
        language="German",
    ),
    "en": PoolSpec(
        given_m="James John Michael David Robert Peter Thomas Andrew Patrick Daniel Richard "
        "Christopher George Samuel Benjamin William Liam Connor Owen Rhys",
        given_f="Mary Sarah Emma Heather Angela Elizabeth Catherine Rachel Laura Jennifer "
        "Susan Margaret Claire Olivia Hannah Grace Charlotte Shareen Siobhan Aoife",
        surnames="Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson "
        "Thomas Moore Jackson White Harris Clarke Lewis Walker Hall Young King Wright Hughes "
        "Newson Sherwood O'Brien McCarthy Fitzgerald Komenda Murphy Campbell Stewart",
        language="English",
    ),
    "af": PoolSpec(
        given_m="Kwame Kofi Chinedu Oluwaseun Tendai Tafadzwa Themba Sipho Jabulani Baraka "
        "Juma Emeka Babajide Kwabena Yaw Lwazi Mthunzi Ochieng Kagiso Tumelo",
        given_f="Amina Thandiwe Nomvula Chiamaka Ngozi Adaeze Wanjiru Akosua Abena Zanele "
        "Nyasha Rutendo Imani Zawadi Achieng Folake Yetunde Nely Lindiwe Naledi",
        surnames="Okafor Adeyemi Mensah Boateng Owusu Asante Nkosi Dlamini Ndlovu Mokoena "
        "Moyo Chimedza Mutasa Kamau Otieno Wanjala Mwangi Odhiambo Kiprono Njoroge Banda "
        "Phiri Mwale Tembo Okonkwo Eze Abubakar Bello Ngũgĩ Mabuza Khumalo",
        language="Swahili",
    ),
    "vi": PoolSpec(
        given_m="Hùng Dũng Tuấn Nam Quang Hải Long Phúc Khoa Sơn Đạt Thắng Bảo Hiếu",
        given_f="Lan Hương Mai Trang Linh Hạnh Thảo Nhung Yến Phương Hoa Ngân Vy Quỳnh",
        surnames="Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý",
        order="surname_first",
        middle_m="Văn Đức Minh Quốc Hữu Công",
        middle_f="Thị Ngọc Thu Thanh Kim Bích",
        language="Vietnamese",
    ),
    "id": PoolSpec(
        given_m="Budi Agus Rizal Arif Hendra Joko Rudi Bayu Jose Mark Ramon Juan Ahmad "
        "Faisal Hafiz Dimas Eko Bambang",
        given_f="Siti Dewi Sri Ratna Nurul Putri Indah Maria Cristina Rosalinda Liza Nur "
        "Aisyah Wulan Rina Ayu Marites",
        surnames="Santoso Wijaya Saputra Hidayat Kusuma Pratama Nugroho Setiawan Reyes "
        "Santos Cruz Bautista Dela_Cruz Mendoza Aquino Villanueva Abdullah Rahman Ismail "
        "Hassan Gunawan Sitompul",
        mononym=0.1,
        language="Indonesian",
    ),
    "cyrillic": PoolSpec(
        given_m="Иван:Ivan Дмитрий:Dmitry Алексей:Alexey Сергей:Sergey Андрей:Andrey "
        "Николай:Nikolay Олег:Oleg Тимур:Timur Нурлан:Nurlan Бахтиёр:Bakhtiyor Тарас:Taras "
        "Богдан:Bohdan Ерлан:Yerlan Азамат:Azamat Владимир:Vladimir Максим:Maksim "
        "Артём:Artyom Руслан:Ruslan",
        given_f="Ольга:Olga Наталья:Natalya Елена:Elena Анна:Anna Татьяна:Tatiana "
        "Ирина:Irina Айгерим:Aigerim Гульнара:Gulnara Мадина:Madina Нигина:Nigina "
        "Оксана:Oksana Светлана:Svetlana Дарья:Darya Юлия:Yulia Екатерина:Ekaterina "
        "Людмила:Lyudmila Зарина:Zarina",
        surnames="Петров:Petrov Иванов:Ivanov Смирнов:Smirnov Кузнецов:Kuznetsov "
        "Попов:Popov Соколов:Sokolov Лебедев:Lebedev Козлов:Kozlov Новиков:Novikov "
        "Морозов:Morozov Волков:Volkov Касымов:Kasymov Рахимов:Rakhimov "
        "Мамаджонов:Mamadjonov Алиев:Aliev Ибрагимов:Ibragimov Шевченко:Shevchenko "
        "Бондаренко:Bondarenko Коваленко:Kovalenko Ткаченко:Tkachenko Сапаров:Saparov "
        "Жумабаев:Zhumabayev Ахмедов:Akhmedov Исаев:Isaev",
        second_given=0.0,
        language="Russian",
        native=True,
    ),
    "arabic": PoolSpec(
        given_m="محمد:Mohammed أحمد:Ahmed علي:Ali حسن:Hassan عمر:Omar يوسف:Youssef "
        "خالد:Khaled إبراهيم:Ibrahim مصطفى:Mustafa كريم:Karim طارق:Tariq سعيد:Said "
        "عبدالله:Abdullah ماجد:Majid حمزة:Hamza",
        given_f="فاطمة:Fatima عائشة:Aisha مريم:Mariam ليلى:Layla نور:Nour سارة:Sara "
        "هدى:Huda زينب:Zainab رانيا:Rania ياسمين:Yasmin أمل:Amal سلمى:Salma دينا:Dina "
        "هالة:Hala",
        surnames="العلي:Al-Ali الحسن:Al-Hassan حداد:Haddad خوري:Khoury منصور:Mansour "
        "الشامي:Al-Shami عبدالرحمن:Abdelrahman السيد:El-Sayed المصري:Al-Masri "
        "الزهراني:Al-Zahrani بن_علي:Ben_Ali التميمي:Al-Tamimi الخطيب:Al-Khatib "
        "صالح:Saleh ناصر:Nasser يعقوب:Yacoub العمري:Al-Omari القحطاني:Al-Qahtani "
        "بوعزيزي:Bouazizi الفاسي:El-Fassi",
        second_given=0.0,
        language="Arabic",
        native=True,
    ),
    "persian": PoolSpec(
        given_m="محمد:Mohammad رضا:Reza علی:Ali حسین:Hossein مهدی:Mehdi احمد:Ahmad "
        "فرهاد:Farhad کریم:Karim نوید:Navid جاوید:Javid",
        given_f="فاطمه:Fatemeh زهرا:Zahra مریم:Maryam نرگس:Narges شیرین:Shirin لیلا:Leila "
        "پروین:Parvin سارا:Sara نگینه:Nigina فریبا:Fariba",
        surnames="حسینی:Hosseini احمدی:Ahmadi محمدی:Mohammadi رضایی:Rezaei کریمی:Karimi "
        "رحیمی:Rahimi نوری:Noori صدیقی:Siddiqui پوپل:Popal وردک:Wardak هاشمی:Hashemi "
        "عزیزی:Azizi",
        second_given=0.0,
        language="Dari",
        native=True,
    ),
    "chinese": PoolSpec(
        # Given names are one or two of these characters (see gen.py).
        given_m="伟:Wei 强:Qiang 磊:Lei 军:Jun 洋:Yang 勇:Yong 杰:Jie 涛:Tao 明:Ming 超:Chao "
        "刚:Gang 建:Jian 华:Hua 志:Zhi 文:Wen 国:Guo 晓:Xiao 海:Hai",
        given_f="芳:Fang 娜:Na 秀:Xiu 英:Ying 敏:Min 静:Jing 丽:Li 艳:Yan 娟:Juan 霞:Xia "
        "平:Ping 兰:Lan 燕:Yan 玲:Ling 婷:Ting 雪:Xue 梅:Mei 晓:Xiao",
        surnames="王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu "
        "周:Zhou 徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 高:Gao 林:Lin 罗:Luo",
        order="surname_first_joined",
        language="Chinese",
        native=True,
    ),
    "japanese": PoolSpec(
        given_m="翔太:Shota 大翔:Hiroto 健一:Kenichi 拓也:Takuya 直樹:Naoki 浩:Hiroshi "
        "誠:Makoto 隆:Takashi 大輔:Daisuke 蓮:Ren 悠真:Yuma 和也:Kazuya",
        given_f="陽菜:Hina 結衣:Yui 美咲:Misaki さくら:Sakura 花子:Hanako 愛:Ai 恵子:Keiko "
        "由美:Yumi 真由美:Mayumi 七海:Nanami 彩:Aya 明美:Akemi",
        surnames="佐藤:Sato 鈴木:Suzuki 高橋:Takahashi 田中:Tanaka 伊藤:Ito 渡辺:Watanabe "
        "山本:Yamamoto 中村:Nakamura 小林:Kobayashi 加藤:Kato 吉田:Yoshida 山田:Yamada "
        "佐々木:Sasaki 松本:Matsumoto 井上:Inoue 木村:Kimura 林:Hayashi 清水:Shimizu",
        order="surname_first",
        second_given=0.0,
        language="Japanese",
        native=True,
    ),
    "korean": PoolSpec(
        given_m="민준:Min-jun 지훈:Ji-hoon 현우:Hyun-woo 도윤:Do-yoon 준호:Jun-ho "
        "성민:Sung-min 철수:Chul-soo 동현:Dong-hyun 재원:Jae-won 상우:Sang-woo",
        given_f="서연:Seo-yeon 수빈:Su-bin 지은:Ji-eun 하은:Ha-eun 예진:Ye-jin "
        "영희:Young-hee 은지:Eun-ji 미경:Mi-kyung 수진:Su-jin 혜원:Hye-won",
        surnames="김:Kim 이:Lee 박:Park 최:Choi 정:Jung 강:Kang 조:Cho 윤:Yoon 장:Jang "
        "임:Lim 한:Han 오:Oh 서:Seo 신:Shin 권:Kwon 황:Hwang",
        order="surname_first_joined",
        second_given=0.0,
        language="Korean",
        native=True,
    ),
    "devanagari": PoolSpec(
        given_m="राजेश:Rajesh अनिल:Anil सुरेश:Suresh विजय:Vijay अमित:Amit राहुल:Rahul "
        "संजय:Sanjay दीपक:Deepak प्रकाश:Prakash रमेश:Ramesh बिकाश:Bikash सुमन:Suman",
        given_f="सुनीता:Sunita प्रिया:Priya अनीता:Anita पूजा:Pooja कविता:Kavita नेहा:Neha "
        "सीता:Sita गीता:Gita रीता:Rita मीना:Meena लक्ष्मी:Lakshmi शरीन:Shareen",
        surnames="शर्मा:Sharma वर्मा:Verma सिंह:Singh गुप्ता:Gupta पटेल:Patel "
        "श्रेष्ठ:Shrestha तुलाधर:Tuladhar अधिकारी:Adhikari थापा:Thapa कुमार:Kumar "
        "यादव:Yadav जोशी:Joshi मिश्रा:Mishra राय:Rai गुरुङ:Gurung",
        second_given=0.0,
        language="Hindi",
        native=True,
    ),
    "greek": PoolSpec(
        given_m="Γιώργος:Giorgos Νίκος:Nikos Δημήτρης:Dimitris Κώστας:Kostas "
        "Γιάννης:Giannis Παναγιώτης:Panagiotis Χρήστος:Christos Ανδρέας:Andreas",
        given_f="Μαρία:Maria Ελένη:Eleni Αικατερίνη:Aikaterini Σοφία:Sofia "
        "Δέσποινα:Despoina Ιωάννα:Ioanna Αναστασία:Anastasia Βασιλική:Vasiliki",
        surnames="Παπαδόπουλος:Papadopoulos|Παπαδοπούλου:Papadopoulou "
        "Παπαδάκης:Papadakis|Παπαδάκη:Papadaki Γεωργίου:Georgiou Οικονόμου:Oikonomou "
        "Νικολάου:Nikolaou Κωνσταντίνου:Konstantinou Βλάχος:Vlachos|Βλάχου:Vlachou "
        "Αντωνίου:Antoniou Μακρής:Makris|Μακρή:Makri Καραγιάννης:Karagiannis|Καραγιάννη:Karagianni",
        second_given=0.0,
        language="Greek",
        native=True,
    ),
    "bengali": PoolSpec(
        given_m="রহিম:Rahim করিম:Karim আসিফ:Asif তানভীর:Tanvir সাকিব:Shakib মাহমুদ:Mahmud "
        "রফিক:Rafiq জাহিদ:Zahid",
        given_f="ফাতেমা:Fatema তানিয়া:Tanya নুসরাত:Nusrat সাদিয়া:Sadia রুমানা:Rumana "
        "শারমিন:Sharmin নাসরিন:Nasrin",
        surnames="হক:Huq রহমান:Rahman চৌধুরী:Chowdhury আহমেদ:Ahmed ইসলাম:Islam "
        "হোসেন:Hossain মুনির:Munier শাহরিয়ার:Shahriar খান:Khan সরকার:Sarkar",
        second_given=0.0,
        language="Bengali",
        native=True,
    ),
    "thai": PoolSpec(
        given_m="สมชาย:Somchai ประยุทธ:Prayut สมศักดิ์:Somsak วิชัย:Wichai อนุชา:Anucha",
        given_f="สมหญิง:Somying มาลี:Malee สุดา:Suda นภา:Napa กาญจนา:Kanchana",
        surnames="ใจดี:Jaidee ศรีสุข:Srisuk วงศ์ไทย:Wongthai สุขสวัสดิ์:Suksawat "
        "รัตนพันธ์:Rattanaphan ทองดี:Thongdee บุญมา:Boonma แสงทอง:Saengthong",
        second_given=0.0,
        language="Thai",
        native=True,
    ),
    "ethiopic": PoolSpec(
        given_m="አበበ:Abebe ተስፋዬ:Tesfaye ዳዊት:Dawit ሰለሞን:Solomon ዮሐንስ:Yohannes ብርሃኑ:Birhanu",
        given_f="ሄለን:Helen መሰረት:Meseret ትዕግስት:Tigist ሰላም:Selam ፍሬሕይወት:Frehiwot ብሩክታዊት:Bruktawit",
        surnames="በቀለ:Bekele ገብሬ:Gebre ኃይሌ:Haile ተፈራ:Tefera ወልደ:Wolde አለሙ:Alemu "
        "ታደሰ:Tadesse መንግሥቱ:Mengistu",
        second_given=0.0,
        language="Amharic",
        native=True,
    ),
    "georgian": PoolSpec(
        given_m="გიორგი:Giorgi დავით:Davit ლევან:Levan ნიკა:Nika ირაკლი:Irakli",
        given_f="ნინო:Nino მარიამ:Mariam თამარ:Tamar ანა:Ana ეკა:Eka",
        surnames="ბერიძე:Beridze კაპანაძე:Kapanadze გელაშვილი:Gelashvili "
        "მაისურაძე:Maisuradze ლომიძე:Lomidze ჯაფარიძე:Japaridze",
        second_given=0.0,
        language="Georgian",
        native=True,
    ),
    "armenian": PoolSpec(
        given_m="Արամ:Aram Դավիթ:Davit Հայկ:Hayk Տիգրան:Tigran Արմեն:Armen",
        given_f="Անի:Ani Մարիամ:Mariam Նարինե:Narine Լիլիթ:Lilit Գայանե:Gayane",
        surnames="Պետրոսյան:Petrosyan Հակոբյան:Hakobyan Սարգսյան:Sargsyan "
        "Գրիգորյան:Grigoryan Հարությունյան:Harutyunyan Ավետիսյան:Avetisyan",
        second_given=0.0,
        language="Armenian",
        native=True,
    ),
    "hebrew": PoolSpec(
        given_m="דוד:David יוסף:Yosef משה:Moshe אברהם:Avraham יונתן:Yonatan",
        given_f="שרה:Sarah רחל:Rachel מיכל:Michal נועה:Noa תמר:Tamar",
        surnames="כהן:Cohen לוי:Levi מזרחי:Mizrahi פרץ:Peretz ביטון:Biton אברהמי:Avrahami",
        second_given=0.0,
        language="Hebrew",
        native=True,
    ),
}

# Which pool a country's own staff names come from; other countries draw from
# the Latin pools (and every country has some international staff).
COUNTRY_POOLS: dict[str, str] = {}
for _pool, _codes in {
    "cyrillic": "RU UA BY KZ KG TJ BG RS MK MN ME UZ",
    "arabic": "AE BH DZ EG IQ JO KW LB LY MA OM PS QA SA SD SY TN YE MR",
    "persian": "IR AF",
    "chinese": "CN TW HK MO SG",
    "japanese": "JP",
    "korean": "KR KP",
    "devanagari": "IN NP",
    "greek": "GR CY",
    "bengali": "BD",
    "thai": "TH",
    "ethiopic": "ET ER",
    "georgian": "GE",
    "armenian": "AM",
    "hebrew": "IL",
    "es": "ES MX AR CO PE VE CL EC GT CU BO DO HN PY SV NI CR PA UY GQ PR",
    "pt": "PT BR MZ AO CV GW ST TL",
    "fr": "FR BE LU MC CH CA SN ML BF NE CI GN TG BJ CM CD CG GA CF TD BI RW MG DJ KM HT SC MU",
    "de": "DE AT LI NL DK SE NO FI IS PL CZ SK HU HR SI RO MD TR AL XK BA LT LV EE",
    "vi": "VN",
    "id": "ID MY PH BN",
    "af": "NG GH KE TZ UG ZA ZW ZM MW BW NA LS SZ SL LR GM SS SO",
    "en": "GB IE US AU NZ JM TT BS BB BZ GY FJ PG",
}.items():
    for _code in _codes.split():
        COUNTRY_POOLS[_code] = _pool

LATIN_POOLS = ("es", "pt", "fr", "de", "en", "af", "vi", "id")
