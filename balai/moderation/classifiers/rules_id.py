"""Bahasa Indonesia rules (on normalised text: slang expanded, "gw" -> "saya", "lo" -> "kamu")."""

from __future__ import annotations

from balai.moderation.classifiers.ruledefs import alt, rule

PERSON = alt(
    "kamu",
    "kau",
    "dia",
    "mereka",
    "kalian",
    "elo",
    "lo",
    "lu",
    "situ",
    "semua(?:nya)?",
    "orang itu",
    "(?:anak|keluarga|istri|suami|kepala|leher|kaki|badan)(?:mu| kamu)",
    "(?:para|si|kaum|setiap) \\w+",
)
SELF = alt("saya", "aku", "gue", "kami", "kita")
HARM = alt(
    "bunuh",
    "membunuh",
    "tembak",
    "menembak",
    "nembak",
    "tusuk",
    "menusuk",
    "bacok",
    "membacok",
    "bantai",
    "membantai",
    "penggal",
    "memenggal",
    "gorok",
    "menggorok",
    "habisi",
    "menghabisi",
    "cekik",
    "mencekik",
    "gantung",
    "menggantung",
    "potong-potong",
    "patahin",
    "patahkan",
    "mematahkan",
    "sabet",
    "tabrak",
    "menabrak",
    "ledakin",
    "ledakkan",
    "meledakkan",
    "bom",
    "bomb",
    "siksa",
    "menyiksa",
    "cincang",
    "eksekusi",
    "tumpas",
    "basmi",
    "bakar",
    "membakar",
    "hajar",
    "pukuli",
    "memukuli",
)
WEAPONS = alt(
    "senjata",
    "golok",
    "parang",
    "celurit",
    "clurit",
    "bambu runcing",
    "molotov",
    "bom",
    "pistol",
    "senapan",
    "sajam",
    "samurai",
    "pentungan",
    "batu dan bensin",
    "bensin",
    "tali",
    "pisau",
    "kapak",
    "linggis",
    "gun",
)
PLACES = alt(
    "gedung",
    "kantor",
    "markas",
    "rumah(?:nya)?",
    "masjid",
    "gereja",
    "pura",
    "vihara",
    "kampung",
    "dpr",
    "istana",
    "polsek",
    "polres",
    "kedutaan",
    "klinik",
    "penampungan",
    "sekolah",
    "mall",
    "stasiun",
    "pengadilan",
    "alun-alun",
)

HARM_STRONG = alt(
    "bunuh",
    "membunuh",
    "tembak",
    "menembak",
    "tusuk",
    "menusuk",
    "bacok",
    "membacok",
    "bantai",
    "membantai",
    "penggal",
    "memenggal",
    "gorok",
    "menggorok",
    "habisi",
    "menghabisi",
    "cekik",
    "mencekik",
    "gantung",
    "menggantung",
    "siksa",
    "menyiksa",
    "cincang",
    "eksekusi",
)

RULES = (
    # --- violent threats -----------------------------------------------------------------
    rule("id.threat.self_harm_verb", "violent_threat", 0.9,
         rf"\b{SELF}\b(?:\W+\w+){{0,4}}?\W+{HARM}\b(?:\W+\w+){{0,2}}?\W*{PERSON}\b"),
    rule("id.threat.direct", "violent_threat", 0.8, rf"\b{HARM_STRONG}\s*{PERSON}\b"),
    rule("id.threat.object_first", "violent_threat", 0.9,
         rf"\b(?:kamu|\w+mu|dia|mereka|kalian|itu|bapak)\b[^.!?]{{0,25}}\b(?:(?:akan|bakal|"
         rf"mau) )?{SELF}\s+(?:akan |bakal |mau )?{HARM}\b"),
    rule("id.threat.passive_self", "violent_threat", 0.85,
         rf"\b(?:akan|bakal|mau) {SELF} {HARM}\b"),
    rule("id.threat.ku_verb", "violent_threat", 0.9,
         r"\b(?:kubunuh|kutembak|kutusuk|kubacok|kubantai|kupenggal|kuhabisi|kubakar|kucekik)\b"),
    rule("id.threat.prepare", "violent_threat", 0.85,
         rf"\b{SELF}\b(?:\W+\w+){{0,3}}?\W+(?:menyiapkan|siapkan|siapin|bawa|membawa|asah|pasang)"
         rf"\s+(?:\w+\s+)?{WEAPONS}"),
    rule("id.threat.idiom", "violent_threat", 0.85, alt(
        "pulang tinggal nama", "jadi mayat", "tinggal hitungan hari", "hari-harimu sudah dihitung",
        "tidak akan bangun lagi", "nyawamu di tangan", "kamu mati\\b", "darahmu akan tumpah",
        "kehilangan nyawa", "mengincarmu", "peluru ini sudah ada namamu", "terakhirmu",
        "hilang dari muka bumi", "keluargamu tidak akan aman", "sampai berdarah",
        "jangan harap bisa pulang",
        "bisa saja terjadi sesuatu", "kamu bakal menyesal", "tidak akan menyelamatkanmu",
        "habis kamu", "kamu bakal dikubur", "dikubur sebelum",
        "(?:cekik|hajar|pukuli|siksa|bacok|tusuk|tembak|gebuki)\\w* (?:\\w+ )?"
        "sampai (?:mati|mampus|pecah)", "bakal ketembak", "tunggu pembalasan",
        "saya tahu (?:rumah|alamat) (?:kamu|mu)", "aku tahu rumahmu", "tahu rumahmu",
        "cari sampai dapat", "mampus (?:kamu|kau|dia|lo|lu)\\b", "aku yang jemput kamu",
    ), negatable=False),
    rule("id.threat.dox", "violent_threat", 0.8,
         r"\b(?:alamat|rumahnya|rumahmu|rumah kamu|plat mobil|sekolah anak|kos|kantor kamu|ip)\b"
         r"[^!?]{0,80}\b(?:kami datang|saya datang|ke sana|kasih pelajaran|menyesal|"
         r"menyelamatkan|habis kamu|bungkam|bawa|main ke sana|datangi)"),
    # --- incitement -----------------------------------------------------------------------
    rule("id.incite.someone", "incitement", 0.9,
         r"\b(?:harusnya ada yang|harus ada yang|ada yang punya senjata|siapa pun yang|"
         r"siapa saja yang|siapa ikut|relawan dibutuhkan)\b[^.!?]{0,40}\b(?:tembak|bunuh|habisi|"
         r"patahkan|hajar|bakar|gantung|bacok|menyerbu|serbu|hakimi)"),
    rule("id.incite.imperative", "incitement", 0.85,
         r"(?:^|[.!?,;:]\s*|\bdan\s+|\blalu\s+|\bayo\s+|\bmari\s+|\byuk\s+|\bsaatnya\s+|"
         r"\bkita\s+)(?:bantai|habisi|tembak|bunuh|gantung|serbu|pukuli|eksekusi|tumpas|basmi|"
         r"buru(?!-)|sikat habis|hakimi|sweeping)\b"),
    rule("id.incite.place", "incitement", 0.9,
         rf"\b(?:serbu|serang|geruduk|bakar|duduki|hancurkan|lempar (?:bom )?molotov ke|"
         rf"datangi|bom) (?:\w+ )?{PLACES}"),
    rule("id.incite.bawa", "incitement", 0.9,
         rf"(?:^|[.!?,;:]\s*|\bayo\s+|\bkita\s+|\bkalian\s+|\bdan\s+|\bsemua\s+)"
         rf"(?:bawa|siapkan|siapin|asah|angkat|ambil|persenjatai)\s+(?:\w+\s+)?{WEAPONS}\b|"
         r"\bpersenjatai diri|\b(?:masuk|datang) bersenjata"),
    rule("id.incite.call", "incitement", 0.85, alt(
        "darahnya halal", "halal darahnya", "halalkan darah", "tidak ada ampun",
        "jangan sisakan", "harus dibasmi", "harus dipukuli", "\\btembak mati",
        "kita harus rusuh", "dengan darah", "kasih pelajaran", "tabrakkan mobil",
        "lempar (?:bom )?molotov", "bikin mereka menderita", "usir dan bantai",
        "(?:ayo|mari|yuk|ayok|kita harus) (?:\\w+ ){0,2}(?:bunuh|tembak|bantai|serbu|serang|"
        "gantung|habisi|pukuli|hajar)",
    )),
    # --- glorification ---------------------------------------------------------------------
    rule("id.glorify.actor", "glorification", 0.85,
         r"\b(?:pelaku|penembak|pengebom|teroris|pembajak|pembunuh\w*|yang (?:nembak|tembak|bacok|"
         r"pukuli|bakar|bom)|amrozi|noordin|azahari|imam samudra|bom \w+)\b[^.!?]{0,50}"
         r"\b(?:pahlawan|syahid|syuhada|mujahid|hebat|keren|panutan|idola\w*|legend\w*|"
         r"masuk surga|pemberani|benarnya|medali)"),
    rule("id.glorify.praise", "glorification", 0.85,
         r"\b(?:pahlawan|legenda|syuhada|panutan|idola\w*|hormat|salut|bangga|hidup para|"
         r"keberanian)\b[^.!?]{0,50}\b(?:bom|pengebom|pelaku|penembak\w*|nembak|tembak|"
         r"serangan|menyerang|pembunuh|meledak|bacok|menabrak|pembajak)"),
    rule("id.glorify.event", "glorification", 0.85,
         r"\b(?:bom|serangan\w*|penembakan|pembunuhan|meledak|tumbang|mati|menabrak)\b"
         r"[^.!?]{0,40}\b(?:mahakarya|indah|luar biasa|puas sekali|terbaik|hebat|keren|"
         r"semoga ada lagi|jasa untuk bangsa|pahlawan|legenda)"),
    rule("id.glorify.more", "glorification", 0.85, alt(
        "lebih banyak orang harus meniru", "harusnya lebih banyak lagi", "semoga ada lagi",
        "semoga perjuangannya dilanjutkan", "semoga lahir lagi", "(?:perlu|butuh) "
        "(?:lebih banyak|lagi) (?:pembantaian|penembakan|bom|serangan)",
    )),
    rule("id.glorify.pantas", "glorification", 0.75,
         r"\b(?:pantas|layak) (?:mati|dibunuh|mampus|dibantai|ditembak)\b"),
    # --- hate ------------------------------------------------------------------------------
    rule("id.hate.usir", "hate", 0.85,
         r"\b(?:usir|basmi|musnahkan|bersihkan) (?:semua |para )?(?:cina|china|aseng|kafir|"
         r"pendatang|papua|ahmadiyah|syiah|kristen|islam)"),
    rule("id.hate.binatang", "hate", 0.8,
         r"\b(?:cina|aseng|kafir|pendatang)\b.{0,15}\b(?:anjing|babi|monyet|binatang|tikus)\b"),
    # --- harassment ------------------------------------------------------------------------
    rule("id.harass.bunuh_diri", "harassment", 0.9,
         r"\b(?:bunuh diri aja|mati aja (?:kamu|lo|lu))"),
    rule("id.harass.insult", "harassment", 0.6,
         r"\b(?:dasar|kamu|lo|lu|kau) (?:tolol|goblok|bego|bangsat|anjing|babi|kampret)\b"),
)  # fmt: skip
