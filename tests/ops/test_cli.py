"""The `balai` command line: create users, issue tokens, and serve the site."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from balai.accounts.models import Role, User
from balai.api.models import AccessToken, hash_token

PASSWORD = "correct horse battery staple"


def test_createuser_creates_a_confirmed_moderator() -> None:
    """`balai createuser NAME --email E --password P --role moderator --confirmed` makes an
    account that can log in at once; the same name again is refused with a clear error."""
    out = StringIO()
    call_command(
        "createuser",
        "maria",
        email="maria@example.test",
        password=PASSWORD,
        role=Role.MODERATOR,
        confirmed=True,
        stdout=out,
    )
    user = User.objects.get(username="maria")
    assert user.role == Role.MODERATOR
    assert user.email_confirmed
    assert user.check_password(PASSWORD)
    assert "@maria" in out.getvalue()
    with pytest.raises(CommandError, match="already taken"):
        call_command("createuser", "Maria", email="other@example.test", password=PASSWORD)


def test_token_prints_a_working_bearer_token_on_its_last_line() -> None:
    """`balai token NAME --scopes ...` prints a token whose hash is stored for that user with
    those scopes; an unknown user is an error."""
    call_command("createuser", "tok", email="tok@example.test", password=PASSWORD)
    out = StringIO()
    call_command("token", "tok", scopes="read  write", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = AccessToken.objects.get(token_hash=hash_token(raw))
    assert token.user is not None and token.user.username == "tok"
    assert token.scopes == "read write"
    with pytest.raises(CommandError, match="no such user"):
        call_command("token", "nobody")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


@pytest.mark.live
def test_balai_run_migrates_and_serves(tmp_path: Path) -> None:
    """`balai run` on an empty data dir migrates a new SQLite database and serves `/` with 200;
    it stops cleanly when terminated."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "BALAI_DATABASE_URL"}
    env["BALAI_DATA_DIR"] = str(tmp_path)
    command = ["balai.ops.cli", "run", "--port", str(port), "--no-worker", "--workers", "1"]
    log_path = tmp_path / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", *command], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        status = None
        deadline = time.monotonic() + 120  # a generous bound on start-up, not a timing check
        while status != 200 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.3)
            status = _get(port, "/")
        assert status == 200, (status, log_path.read_text(errors="replace")[-3000:])
        assert (tmp_path / "balai.sqlite3").exists()
        assert (tmp_path / "secret_key").exists()
        _assert_connection_kept_alive(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    assert server.returncode is not None


def _assert_connection_kept_alive(port: int) -> None:
    """Served without a proxy in front, a client's connection is reused between requests."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        for _ in range(3):
            connection.request("GET", "/api/v1/instance")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert response.getheader("Connection", "").lower() != "close"
            socket_in_use = connection.sock
            assert socket_in_use is not None
        assert connection.sock is socket_in_use  # the same socket answered every request
    finally:
        connection.close()
