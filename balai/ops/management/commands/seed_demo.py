"""`balai seed-demo`: a small living demo network, so a newcomer sees a real site.

A dozen people in Indonesia and elsewhere, who follow each other and post in English and Bahasa
Indonesia about food, football, rain in Jakarta and open source — with hashtags, mentions,
replies, likes and reposts. Everything goes through the real services, so screening,
notifications and search see the demo exactly as they would see people. Running it again adds
only what is missing.
"""

# ruff: noqa: E501 — the demo texts below are data, one post per line
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.accounts.models import User
from balai.accounts.services import follow_create, profile_update, user_create
from balai.core.errors import BalaiError
from balai.posts.models import Post
from balai.posts.services import PostDraft, like_create, post_create, reblog_create

DEMO_PASSWORD = "ngopi-bareng-yuk"  # noqa: S105 — printed for the demo, by design
EMAIL_DOMAIN = "demo.example"

# fmt: off
# username, display name, bio, interface language
USERS: list[tuple[str, str, str, str]] = [
    ("sari", "Sari Wulandari", "Makan dulu, baru mikir. Food notes from Jakarta 🍜", "id"),
    ("budi", "Budi Santoso", "Jakmania sejak 1997. Ojol driver, Persija forever 🧡", "id"),
    ("dewi", "Dewi Lestari", "Open source developer in Bandung. Python, Rust, kopi.", "en"),
    ("rizky", "Rizky Pratama", "Fotografer jalanan. Hujan, lampu kota, dan genangan.", "id"),
    ("ayu", "Ayu Maharani", "Guru SD di Yogyakarta. Suka membaca dan menanam cabai.", "id"),
    ("joko", "Joko Susilo", "Warung kopi kecil di Solo. Mampir ya!", "id"),
    ("maya", "Maya Chen", "Urban planner. Trains, sidewalks and shade trees.", "en"),
    ("tom", "Tom Fletcher", "English teacher in Jakarta. Liverpool fan, bad at Bahasa.", "en"),
    ("lena", "Lena Vogel", "Python developer in Berlin. Maintainer of small things.", "en"),
    ("kofi", "Kofi Mensah", "Accra. Football on Saturdays, jollof on Sundays.", "en"),
    ("priya", "Priya Raman", "Data scientist in Bengaluru. Filter coffee evangelist.", "en"),
    ("nadia", "Nadia Putri", "Mahasiswi UI. Panjat tebing, kucing, dan skripsi.", "id"),
]

# Who follows whom: each person follows the listed accounts.
FOLLOWS: dict[str, list[str]] = {
    "sari": ["budi", "joko", "rizky", "maya", "ayu", "nadia"],
    "budi": ["sari", "tom", "kofi", "rizky", "joko"],
    "dewi": ["lena", "priya", "sari", "nadia", "maya", "rizky"],
    "rizky": ["sari", "budi", "maya", "nadia", "dewi"],
    "ayu": ["sari", "joko", "nadia", "dewi", "tom"],
    "joko": ["sari", "budi", "ayu", "rizky"],
    "maya": ["rizky", "dewi", "sari", "tom", "priya"],
    "tom": ["budi", "kofi", "sari", "maya", "ayu"],
    "lena": ["dewi", "priya", "kofi", "maya"],
    "kofi": ["tom", "budi", "lena", "priya"],
    "priya": ["lena", "dewi", "kofi", "sari", "maya"],
    "nadia": ["dewi", "rizky", "ayu", "sari", "budi", "priya"],
}

# (key for replies and reposts, author, text). Order is posting order, oldest first.
POSTS: list[tuple[str, str, str]] = [
    ("soto", "sari", "Soto Betawi pagi ini kuahnya gurih banget. Santan + susu, jangan diperdebatkan 😄 #MakanJakarta"),
    ("rain1", "rizky", "Hujan deras di Sudirman sore ini. Lampu mobil memantul di genangan, cantik tapi macet total. #HujanJakarta"),
    ("persija", "budi", "Malam ini Persija main di JIS! Siapa yang berangkat? Ketemu di gate utara ya #Persija #SepakBola"),
    ("pyrelease", "dewi", "Just released v0.4 of my tiny Indonesian tokenizer. Handles 'nggak', 'gak', 'tdk' the same way now. Feedback welcome! #OpenSource #Python"),
    ("", "ayu", "Anak-anak kelas 3 hari ini belajar menanam kacang hijau di kapas. Besok pagi mereka pasti lari ke jendela untuk cek 🌱"),
    ("kopi1", "joko", "Pagi ini ada kopi tubruk robusta Temanggung. Pahit, tebal, cocok buat yang begadang nonton bola. #Kopi"),
    ("", "maya", "Jakarta's new bus shelters have shade and seating. Small thing, huge difference at 2pm. More of this please."),
    ("", "tom", "Tried ordering in Bahasa today. Said 'saya mau es teh manis' and got a hot coffee. Progress, I think."),
    ("lenapr", "lena", "Reviewed my first pull request from a new contributor today. Clear tests, kind commit message. This is why I love open source. #OpenSource"),
    ("jollof", "kofi", "Sunday jollof is on the stove. The smoky bottom of the pot is the best part, fight me."),
    ("", "priya", "Filter coffee at 7am, model training at 7:05. The coffee finished first, as usual. #Kopi"),
    ("", "nadia", "Latihan panjat di Depok tadi sore, akhirnya tembus jalur 6a yang bikin frustrasi dua minggu 🧗‍♀️"),
    ("", "sari", "Nasi uduk di dekat Stasiun Tebet masih jadi juara. Semur jengkolnya... kalian harus coba sendiri. #MakanJakarta"),
    ("rain2", "rizky", "Banjir kecil lagi di Kemang. Tolong hati-hati yang naik motor, genangannya dalam di dekat jembatan. #HujanJakarta"),
    ("", "budi", "Gol menit 89! Stadion meledak. Suara saya habis, besok narik ojol sambil bisik-bisik 😂 #Persija"),
    ("", "dewi", "PSA: if your project has no CONTRIBUTING file, people assume you don't want contributions. Write three sentences. That's enough."),
    ("", "ayu", "Hari ini murid saya tanya: 'Bu, kenapa hujan turun ke bawah?' Saya jawab gravitasi. Dia bilang: 'Kasihan ya hujan.' 🥹"),
    ("", "joko", "Warung tutup jam 3 hari ini, mau kondangan ke Klaten. Besok buka seperti biasa, ada pisang goreng baru."),
    ("mrt", "maya", "Rode the MRT end to end today. Clean, on time, and full of people reading on their phones. Jakarta is changing fast."),
    ("", "tom", "Liverpool lost and my students were merciless this morning. Thirty kids singing 'You'll never win again'. Brutal."),
    ("", "lena", "Hot take: the best documentation is a working example at the top of the README. Everything else is secondary. #OpenSource"),
    ("", "kofi", "Five-a-side this morning. I scored once and fell twice. Net positive."),
    ("", "priya", "Spent the day cleaning a dataset where 'Jakarta' was spelled eleven different ways. Data science is 80% spelling."),
    ("", "nadia", "Skripsi bab 3 selesai! Kucing saya merayakan dengan tidur di atas keyboard."),
    ("", "sari", "Tips: kalau beli martabak manis, minta setengah keju setengah cokelat. Damai untuk semua pihak."),
    ("", "rizky", "Setelah hujan, langit Jakarta jadi oranye keunguan. Lima menit saja, lalu hilang. Untung kamera sudah siap. #HujanJakarta"),
    ("", "budi", "Bapak-bapak di pangkalan ojol debat: Persija atau Persib. Sudah dua jam. Belum ada yang narik penumpang."),
    ("", "dewi", "Our community translation sprint added 400 Bahasa Indonesia strings this weekend. Terima kasih semuanya! #OpenSource"),
    ("", "ayu", "Panen cabai pertama dari pot di teras! Cuma delapan biji, tapi rasanya seperti menang lotre 🌶️"),
    ("", "joko", "Ada yang tanya bedanya arabika dan robusta. Arabika lebih asam dan wangi, robusta lebih pahit dan nendang. Dua-duanya enak. #Kopi"),
    ("", "maya", "Walked from Blok M to Senayan. Some stretches of sidewalk are wonderful now, some still vanish into parked motorbikes."),
    ("", "tom", "Word of the day from my neighbour: 'mager' — malas gerak, too lazy to move. Finally a word for my Sundays."),
    ("", "lena", "Released a patch at midnight, found the bug at 00:05. Released another patch at 00:20. Going to bed now."),
    ("", "kofi", "Jollof wars update: a Nigerian friend admitted my rice was 'not bad'. I'm framing this."),
    ("", "priya", "Tried rendang for the first time at a little Padang place near the office. I understand now. I understand everything."),
    ("", "nadia", "Hujan turun pas jam pulang kuliah. Kereta penuh, payung bocor, tapi ada yang berbagi gorengan di peron. Jakarta tetap hangat."),
    ("", "sari", "Es cendol di pinggir jalan Sabang, Rp8.000. Gula arennya asli, bukan sirup. Recommended! #MakanJakarta"),
    ("", "rizky", "Ada yang punya rekomendasi jas hujan yang tidak bikin gerah? Tiap hari basah kuyup. #HujanJakarta"),
    ("", "budi", "Anak saya umur 7 sudah hafal semua lagu Jakmania. Istri saya belum tahu harus bangga atau khawatir."),
    ("", "dewi", "Small open source tip: label a few issues 'good first issue' and actually answer the people who show up. That's the whole trick."),
    ("", "ayu", "Bacaan minggu ini: Laskar Pelangi lagi, untuk ketiga kalinya. Tetap menangis di bagian yang sama."),
    ("", "joko", "Pelanggan paling setia saya: Pak RT, datang jam 6 tiap pagi, pesan kopi hitam, baca koran, pulang jam 6.30. Sepuluh tahun."),
    ("", "maya", "Fun fact: a single big shade tree can cool the pavement under it by more than 10°C. Plant trees, save walkers."),
    ("", "tom", "Explaining the offside rule with salt and pepper shakers at a warung. The ibu who runs it now understands it better than me."),
    ("", "lena", "Our Python project finally dropped support for 3.8. The CI config got forty lines shorter. Pure joy. #Python"),
    ("", "kofi", "Watching the Ghana match at a friend's place. Twelve people, one TV, zero calm."),
    ("", "priya", "My team shipped a model today that flags duplicate listings. Precision 0.97. Celebrating with samosas."),
    ("", "nadia", "Ternyata kucing saya takut suara hujan di atap seng. Sekarang dia tidur di dalam lemari."),
    ("gudeg", "sari", "Weekend di Jogja: gudeg Yu Djum jam 7 pagi, masih hangat dan manis. Yang antre sudah panjang. #MakanJakarta bukan, #MakanJogja!"),
    ("", "rizky", "Pameran foto kecil di Cikini minggu depan, tema 'Kota Setelah Hujan'. Datang ya, gratis. #HujanJakarta"),
    ("", "budi", "Hasil imbang. Tidak apa-apa, yang penting pulang selamat dan tidak kehujanan. Eh, tetap kehujanan. #Persija"),
    ("", "dewi", "Spent the evening reviewing translations. 'Timeline' → 'Lini masa' felt right. 'Repost' → 'Bagikan ulang'? Thoughts?"),
    ("", "ayu", "Murid-murid bikin puisi tentang hujan. Favorit saya: 'Hujan itu langit yang sedang mandi.'"),
    ("", "joko", "Harga gula naik lagi. Kopi tetap Rp5.000, tapi sekarang gulanya dikasih terpisah ya, ambil secukupnya 😅"),
    ("", "maya", "Proposal idea: every new apartment block in Jakarta gets a covered walkway to the nearest bus stop. Rain-proof cities."),
    ("", "tom", "Students asked me to rank Indonesian food. Nasi goreng third, sate second, and first is whatever my neighbour cooks."),
    ("", "lena", "Friendly reminder: pin your dependencies in applications, not in libraries. Libraries should be generous. #Python #OpenSource"),
    ("", "kofi", "Rain in Accra today too. @rizky, I see your Jakarta puddles and raise you a flooded market road."),
    ("", "priya", "Went to a meetup about open data for city planning. Left with three new friends and twenty new datasets. #OpenSource"),
    ("", "nadia", "Sidang proposal minggu depan. Doakan ya teman-teman 🙏"),
    ("", "sari", "Bakso malang dekat kantor tutup selamanya. Hari yang berat. Ada rekomendasi pengganti di Kuningan?"),
    ("", "rizky", "Jakarta jam 5 pagi, sebelum hujan dan sebelum macet. Kota ini bisa juga tenang."),
    ("", "budi", "Nonton bareng di warung @joko kalau ke Solo kapan-kapan. Katanya kopinya mantap."),
    ("", "dewi", "Our project reached 100 contributors today. Half of them from Indonesia. Bangga! 🇮🇩 #OpenSource"),
    ("", "ayu", "Hari Guru kemarin dapat surat dari mantan murid, sekarang dia jadi perawat. Tidak ada hadiah yang lebih indah."),
    ("", "joko", "Hujan dari siang, warung sepi. Akhirnya saya sendiri yang minum kopi tiga gelas. #Kopi"),
    ("", "maya", "Spotted: a kid teaching her grandmother to tap in on the TransJakarta gate. Cities are made of moments like this."),
    ("", "tom", "My Bahasa teacher says my accent is 'unique'. I've decided to take that as a compliment."),
    ("", "lena", "Spent a whole day deleting code. The project is better for it. The best pull requests are red. #OpenSource"),
    ("", "kofi", "Match day. Boots cleaned, jersey washed, knees already complaining. #Football"),
    ("", "priya", "Good morning from Bengaluru, where it is also raining. Solidarity with everyone in #HujanJakarta ☔"),
    ("", "nadia", "Sidang selesai, lulus dengan revisi kecil! Terima kasih @ayu yang dulu ngajarin aku menulis dengan sabar."),
    ("", "sari", "Found it: bakso urat di gang belakang Kuningan City. Pedasnya pas, kuahnya bening. Terima kasih semua rekomendasinya!"),
    ("", "rizky", "Pameran 'Kota Setelah Hujan' dibuka! Terima kasih yang sudah datang, hujan pun ikut datang. Pas sekali. #HujanJakarta"),
    ("", "budi", "Persija menang 2-0! Pulang nyanyi di KRL, penumpang lain ikut tepuk tangan. Malam yang indah. #Persija #SepakBola"),
    ("", "dewi", "Wrote a short guide: how to send your first pull request, in Bahasa Indonesia. Link in my profile soon. #OpenSource"),
    ("", "ayu", "Kacang hijau di kapas sudah setinggi 10 cm. Anak-anak memberi nama semua tanamannya. Ada yang namanya 'Pak Budi'."),
    ("", "joko", "Terima kasih pelanggan baru dari Jakarta yang mampir kemarin. Katanya tahu dari Balai. Internet memang ajaib."),
    ("", "maya", "Urban planning is mostly listening. Today I listened to street vendors for three hours. Best meeting of the month."),
    ("", "tom", "Finally ordered es teh manis correctly. Got es teh manis. Celebrating with... es teh manis."),
    ("", "lena", "Visiting Jakarta next month for a Python conference! Any tips from locals? #Python"),
    ("", "kofi", "Lost 3-2 but the post-match kelewele made it all better."),
    ("", "priya", "Teaching my parents to use a decentralised social network. Dad: 'So where is the company?' Me: 'There isn't one.' Dad: 'Good.'"),
    ("", "nadia", "Cuaca cerah hari ini, akhirnya bisa jemur kasur. Momen langka di musim hujan."),
]

# (author, key of the post replied to, text)
REPLIES: list[tuple[str, str, str]] = [
    ("budi", "soto", "Santan! Tim santan garis keras 💪"),
    ("maya", "soto", "Where is this? I need this in my life."),
    ("sari", "soto", "@maya Di Jalan Kebon Sirih, dekat Sarinah. Datang sebelum jam 9!"),
    ("nadia", "rain1", "Aku terjebak di halte Karet dua jam kemarin. Tapi fotomu bagus banget kak"),
    ("maya", "rain1", "This is why we need covered walkways everywhere."),
    ("tom", "persija", "Can I come? I'll learn the songs, promise."),
    ("budi", "persija", "@tom Boleh! Pakai baju oranye ya. Jangan biru 😂"),
    ("lena", "pyrelease", "Congrats! Does it handle reduplication like 'anak-anak'?"),
    ("dewi", "pyrelease", "@lena Yes, since v0.3 it keeps them as one token. PRs for more slang welcome!"),
    ("ayu", "kopi1", "Pak Joko, kapan buka cabang di Jogja? 😄"),
    ("joko", "kopi1", "@ayu Nabung dulu Bu, insyaallah tahun depan."),
    ("dewi", "lenapr", "This is the way. A kind first review keeps people around for years."),
    ("budi", "jollof", "Kerak nasi memang paling enak, di sini namanya intip!"),
    ("rizky", "mrt", "The MRT at night is my favourite place to take photos. So quiet."),
    ("priya", "gudeg", "Adding this to my list for my Jogja trip!"),
]

# (who reposts, key of the post)
REBLOGS: list[tuple[str, str]] = [
    ("nadia", "rain1"),
    ("maya", "rain2"),
    ("sari", "persija"),
    ("lena", "pyrelease"),
    ("priya", "pyrelease"),
    ("dewi", "lenapr"),
    ("tom", "jollof"),
    ("budi", "kopi1"),
    ("joko", "soto"),
    ("rizky", "mrt"),
]

# fmt: on


@dataclass
class Tally:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1


class Command(BaseCommand):
    help = "Create a small demo network (idempotent: running it again adds only what is missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password for demo users")

    def handle(self, *args: Any, **options: Any) -> None:
        tally = Tally()
        users = {name: self._user(name, options["password"], tally) for name, *_ in USERS}
        self._follows(users, tally)
        posts = self._posts(users, tally)
        self._replies(users, posts, tally)
        self._likes(users, posts, tally)
        self._reblogs(users, posts, tally)
        self._report(tally, options["password"])

    def _user(self, username: str, password: str, tally: Tally) -> User:
        _name, display_name, bio, language = next(u for u in USERS if u[0] == username)
        user = User.objects.filter(username__iexact=username).first()
        tally.count("users", user is None)
        if user is None:
            user = user_create(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=password,
                language=language,
                confirmed=True,
                approved=True,
            )
            profile_update(user=user, display_name=display_name, bio=bio)
        return user

    def _follows(self, users: dict[str, User], tally: Tally) -> None:
        for name, targets in FOLLOWS.items():
            for target in targets:
                follower, followee = users[name], users[target]
                before = followee.follower_set.filter(follower=follower).exists()
                follow_create(follower=follower, target=followee)
                tally.count("follows", not before)

    def _post(self, author: User, text: str, tally: Tally, reply_to: Post | None = None) -> Post:
        kind = "replies" if reply_to else "posts"
        existing = Post.objects.filter(author=author, text=text, deleted_at__isnull=True).first()
        tally.count(kind, existing is None)
        if existing is not None:
            return existing
        return post_create(
            author=author,
            draft=PostDraft(text=text),
            in_reply_to_id=reply_to.pk if reply_to else None,
        )

    def _posts(self, users: dict[str, User], tally: Tally) -> dict[str, Post]:
        keyed = {}
        for key, author, text in POSTS:
            post = self._post(users[author], text, tally)
            if key:
                keyed[key] = post
        return keyed

    def _replies(self, users: dict[str, User], posts: dict[str, Post], tally: Tally) -> None:
        for author, parent_key, text in REPLIES:
            try:
                self._post(users[author], text, tally, reply_to=posts[parent_key])
            except BalaiError as exc:
                tally.skipped.append(f"reply by @{author}: {exc.message}")

    def _likes(self, users: dict[str, User], posts: dict[str, Post], tally: Tally) -> None:
        """Each post gets likes from a few of the author's followers, chosen reproducibly."""
        chooser = random.Random(20240601)  # fixed seed: the same likes on every run
        demo_posts = Post.objects.filter(
            author__in=users.values(), reblog_of__isnull=True, deleted_at__isnull=True
        ).order_by("id")
        for post in demo_posts:
            fans = [u for u in users.values() if u.pk != post.author_id]
            for fan in chooser.sample(fans, chooser.randint(0, 5)):
                before = post.likes.filter(user=fan).exists()
                try:
                    like_create(user=fan, post_id=post.pk)
                except BalaiError as exc:
                    tally.skipped.append(f"like by @{fan.username}: {exc.message}")
                    continue
                tally.count("likes", not before)

    def _reblogs(self, users: dict[str, User], posts: dict[str, Post], tally: Tally) -> None:
        for name, key in REBLOGS:
            user, original = users[name], posts[key]
            before = Post.objects.filter(
                author=user, reblog_of=original, deleted_at__isnull=True
            ).exists()
            try:
                reblog_create(user=user, post_id=original.pk)
            except BalaiError as exc:
                tally.skipped.append(f"repost by @{name}: {exc.message}")
                continue
            tally.count("reposts", not before)

    def _report(self, tally: Tally, password: str) -> None:
        for kind in ("users", "follows", "posts", "replies", "likes", "reposts"):
            self.stdout.write(
                f"{kind:>8}: {tally.created.get(kind, 0)} created, "
                f"{tally.existing.get(kind, 0)} already there"
            )
        for line in tally.skipped:
            self.stdout.write(f"skipped {line}")
        names = ", ".join(f"@{name}" for name, *_ in USERS)
        self.stdout.write(f"Demo accounts: {names}")
        self.stdout.write(f"Log in as any of them with the password: {password}")
