"""`balai backup` and `balai restore`: one archive brings the whole network back elsewhere.

A small network is built through the real services, backed up from the test database, restored
by a separate `balai restore` process into a fresh data dir (SQLite) or a fresh PostgreSQL
database, and then served by a live `balai run`: logins, tokens, posts, follows, media and
moderation history must all be there. PostgreSQL variants run when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyotp
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from bench.run import drop_database

PASSWORD = "a long and careful passphrase"
ON_POSTGRES = os.environ.get("BALAI_DATABASE_URL", "").startswith(("postgres:", "postgresql:"))
ROOT = Path(__file__).resolve().parents[2]


# Helpers shared with test_crash_safety ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def balai_env(data_dir: Path, database_url: str = "") -> dict[str, str]:
    """An environment for a Balai subprocess with its own data dir (and database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env.update(
        BALAI_DATA_DIR=str(data_dir),
        BALAI_LOG_LEVEL="WARNING",
        BALAI_SIGNUP_CONFIRM_EMAIL="false",
        BALAI_EMAIL_URL="locmem://",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["BALAI_DATABASE_URL"] = database_url
    return env


def balai(env: dict[str, str], *args: str) -> str:
    """Run `balai ARGS` in a subprocess; its stdout, or a failure with its stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "balai.ops.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"balai {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database on the suite's server; dropped afterwards."""
    import psycopg

    url = os.environ["BALAI_DATABASE_URL"]
    name = f"balai_restore_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            drop_database(connection, name)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def request(
        self, method: str, path: str, *, token: str = "", form: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        status, body = self.request(method, path, **kwargs)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)


@contextmanager
def live_server(env: dict[str, str]) -> Iterator[Server]:
    """`balai run` on the given environment, one web worker, no task worker."""
    port = free_port()
    command = ["run", "--host", "127.0.0.1", "--port", str(port), "--no-worker", "--workers", "1"]
    process = subprocess.Popen(
        [sys.executable, "-m", "balai.ops.cli", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so it can be killed as a whole
    )
    server = Server(port, process)
    try:
        wait_until_serving(server)
        yield server
    finally:
        stop(process)


def wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + 120  # a bound on start-up, not a timing check
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if server.request("GET", "/api/v1/instance")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    stderr = server.process.stderr.read().decode()[-3000:] if server.process.poll() else ""
    raise AssertionError(f"the server did not start: {stderr}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


# The network ---------------------------------------------------------------------------


@dataclass
class Network:
    """What the restored copy must still have."""

    token: str = ""
    moderator_token: str = ""
    client_id: str = ""
    client_secret: str = ""
    post_id: int = 0
    reply_id: int = 0
    media_id: int = 0
    media_bytes: bytes = b""
    report_id: int = 0
    recovery_code: str = ""
    totp_secret: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def network(settings: Any, tmp_path: Path) -> Network:
    """Three people, a 2FA user, follows, a post with a reply, a like, a media upload, an app,
    tokens, and a report a moderator decided."""
    from balai.accounts import services as accounts
    from balai.accounts.models import Role
    from balai.api.models import AccessToken, Application
    from balai.media.services import media_upload
    from balai.moderation.services.decisions import decision_take
    from balai.moderation.services.reports import report_create
    from balai.posts.models import Post
    from balai.posts.services import PostDraft, like_create, post_create

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    media = tmp_path / "source-media"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media), "base_url": "/media/"},
        },
    }
    made = Network()

    def person(name: str, role: str = Role.USER) -> Any:
        email = f"{name}@example.test"
        return accounts.user_create(
            username=name, email=email, password=PASSWORD, role=role, confirmed=True, approved=True
        )

    alice, bob, mod = person("alice"), person("bob"), person("mod", Role.MODERATOR)
    made.totp_secret = accounts.totp_begin(user=alice)
    made.recovery_code = accounts.totp_enable(user=alice, code=pyotp.TOTP(made.totp_secret).now())[
        0
    ]
    accounts.follow_create(follower=bob, target=alice)
    accounts.follow_create(follower=alice, target=bob)
    post = post_create(
        author=alice, draft=PostDraft(text="Selamat pagi, Balai!"), visibility="public"
    )
    reply = post_create(
        author=bob, draft=PostDraft(text="Pagi juga"), visibility="public", in_reply_to_id=post.pk
    )
    like_create(user=bob, post_id=post.pk)
    image = png_bytes()
    attachment = media_upload(owner=bob, file=io.BytesIO(image), size=len(image), synchronous=True)
    _token, made.token = AccessToken.issue(user=bob, scopes="read write follow")
    _token, made.moderator_token = AccessToken.issue(user=mod, scopes="read admin:read")
    app = Application.objects.create(
        name="client", client_id="cid-backup", client_secret="csecret", scopes="read write"
    )
    report = report_create(reporter=alice, account=bob, post_ids=[reply.pk], comment="rude")
    decision_take(moderator=mod, report=report, action="dismiss", reason="fine")
    made.client_id, made.client_secret = app.client_id, app.client_secret
    made.post_id, made.reply_id, made.report_id = post.pk, reply.pk, report.pk
    made.media_id = attachment.pk
    with default_storage.open(attachment.file_path, "rb") as handle:
        made.media_bytes = handle.read()
    made.counts = {"posts": Post.objects.count()}
    return made


# The specifications ----------------------------------------------------------------------

CHECK_SCRIPT = """
import json
from balai.accounts.models import User
from balai.accounts.services import totp_verify
from balai.moderation.models import AuditLog, Decision, Report
from balai.posts.models import Post
alice = User.objects.get(username="alice")
print(json.dumps({
    "posts": Post.objects.count(),
    "totp": totp_verify(user=alice, code=__import__("pyotp").TOTP(alice.totp_secret).now()),
    "recovery": totp_verify(user=alice, code=%r),
    "decisions": list(Decision.objects.filter(report_id=%d).values_list("action", flat=True)),
    "audit": AuditLog.objects.filter(report_id=%d).count(),
}))
"""


def restore_target(kind: str) -> Any:
    if kind == "postgresql":
        if not ON_POSTGRES:
            pytest.skip("the suite runs on SQLite; set BALAI_DATABASE_URL to a PostgreSQL server")
        return fresh_postgres()
    from contextlib import nullcontext

    return nullcontext("")


@pytest.mark.live
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_restored_copy_serves_the_whole_network(
    network: Network, tmp_path: Path, kind: str
) -> None:
    """A backup restored by `balai restore` into an empty data dir (and database) and served by
    `balai run`: the old bearer token still works, a password login gets a new token, the post,
    its reply, the follows and the media file (byte for byte) are there; the moderation report,
    its decision and audit trail survive; 2FA codes and recovery codes still verify (the secret
    key came along)."""
    archive = tmp_path / "balai.tar.gz"
    call_command("backup", str(archive), quiet=True)
    with restore_target(kind) as database_url:
        env = balai_env(tmp_path / "restored", database_url)
        balai(env, "restore", "--quiet", str(archive))
        with live_server(env) as server:
            check_api(server, network)
        script = CHECK_SCRIPT % (network.recovery_code, network.report_id, network.report_id)
        facts = json.loads(balai(env, "shell", "-c", script).strip().splitlines()[-1])
    assert facts["posts"] == network.counts["posts"]
    assert facts["totp"] and facts["recovery"]
    assert facts["decisions"] == ["dismiss"]
    assert facts["audit"] >= 1


def check_api(server: Server, network: Network) -> None:
    me = server.json("GET", "/api/v1/accounts/verify_credentials", token=network.token)
    assert me["username"] == "bob"
    assert me["following_count"] == 1 and me["followers_count"] == 1
    home = server.json("GET", "/api/v1/timelines/home", token=network.token)  # lists rebuilt
    assert [s["id"] for s in home] == [str(network.reply_id), str(network.post_id)]
    granted = server.json(
        "POST",
        "/oauth/token",
        form={
            "grant_type": "password",
            "username": "bob",
            "password": PASSWORD,
            "client_id": network.client_id,
            "client_secret": network.client_secret,
            "scope": "read",
        },
    )
    fresh = granted["access_token"]
    context = server.json("GET", f"/api/v1/statuses/{network.post_id}/context", token=fresh)
    assert [s["id"] for s in context["descendants"]] == [str(network.reply_id)]
    post = server.json("GET", f"/api/v1/statuses/{network.post_id}", token=fresh)
    assert post["content"].count("Selamat pagi") == 1 and post["favourites_count"] == 1
    media = server.json("GET", f"/api/v1/media/{network.media_id}", token=network.token)
    status, body = server.request("GET", urlsplit(media["url"]).path)
    assert status == 200 and body == network.media_bytes
    report = server.json(
        "GET", f"/api/v1/admin/reports/{network.report_id}", token=network.moderator_token
    )
    assert report["action_taken"] is True


def test_backup_archive_lists_every_member_with_its_checksum(
    network: Network, tmp_path: Path
) -> None:
    """The archive holds a manifest (Balai version, migrations per app, per-table row counts and
    columns), one JSON-lines file per table, the media, the secret key and the non-secret
    settings; every member's sha256 is in the manifest. Task results and rate-limit buckets are
    not carried."""
    archive = tmp_path / "plain.tar"
    call_command("backup", str(archive), quiet=True)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("balai-backup/manifest.json"))  # type: ignore[arg-type]
    tables = {table["model"]: table for table in manifest["tables"]}
    assert tables["posts.Post"]["rows"] == network.counts["posts"]
    assert "id" in tables["posts.Post"]["columns"]
    assert "moderation.Report_posts" in tables
    assert "core.RateLimitBucket" not in tables
    assert "django_tasks_database.DBTaskResult" not in tables
    assert "0001_initial" in manifest["migrations"]["posts"]
    assert set(manifest["files"]) == names - {"balai-backup/manifest.json"}
    assert {"balai-backup/secret_key", "balai-backup/settings.json"} <= names
    assert any(name.startswith("balai-backup/media/") for name in names)
    order = [table["model"] for table in manifest["tables"]]
    assert order.index("accounts.User") < order.index("posts.Post") < order.index("posts.Like")


def test_restore_refuses_a_non_empty_target_and_a_newer_schema(
    network: Network, tmp_path: Path
) -> None:
    """Restoring over a database that has tables is refused unless --force; an archive whose
    migrations this code does not know (a newer Balai wrote it) is refused with a clear message;
    a damaged archive is refused before anything is written — even with --force."""
    archive = tmp_path / "balai.tar"
    call_command("backup", str(archive), quiet=True)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), quiet=True)
    newer = tmp_path / "newer.tar"
    rewrite_manifest(archive, newer, lambda m: m["migrations"]["posts"].append("9999_future"))
    with pytest.raises(CommandError, match="newer Balai"):
        call_command("restore", str(newer), quiet=True, force=True)
    damaged = tmp_path / "damaged.tar"
    rewrite_manifest(
        archive, damaged, lambda m: m["files"].update({"balai-backup/secret_key": "0"})
    )
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), quiet=True, force=True)
    # A refused restore leaves the target as it was, even with --force.
    from balai.accounts.models import User

    assert User.objects.filter(username="ayu").exists() or User.objects.exists()


def rewrite_manifest(source: Path, target: Path, change: Any) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "balai-backup/manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.mark.live
@pytest.mark.skipif(not ON_POSTGRES, reason="needs a PostgreSQL server (BALAI_DATABASE_URL)")
def test_sqlite_instance_moves_to_postgresql(tmp_path: Path) -> None:
    """The move from the embedded database to PostgreSQL: an instance on SQLite (the demo
    network) is backed up by `balai backup` and restored by `balai restore` with
    BALAI_DATABASE_URL set; every table has the same rows on the other side."""
    source = balai_env(tmp_path / "sqlite")
    balai(source, "migrate", "-v0")
    balai(source, "seed-demo")
    archive = tmp_path / "move.tar.gz"
    balai(source, "backup", "--quiet", str(archive))
    count = (
        "from django.apps import apps; from balai.ops.backup.schema import dumped_models; "
        "print(sum(m._base_manager.count() for m in dumped_models(apps)))"
    )
    before = balai(source, "shell", "-c", count).strip()
    with fresh_postgres() as url:
        target = balai_env(tmp_path / "pg", url)
        balai(target, "restore", "--quiet", str(archive))
        assert balai(target, "shell", "-c", count).strip() == before
