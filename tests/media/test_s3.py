"""The S3 storage path against moto's S3 server on 127.0.0.1: upload, process, fetch, delete."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest

from balai.media.conf import s3_options
from balai.media.selectors import media_url
from balai.media.services import post_create_with_media
from balai.posts.services import PostDraft, post_delete
from tests.media.fixtures import SECRET, image_bytes

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")


# What an operator sets on the bucket: public read of processed files only (never incoming/).
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": ["arn:aws:s3:::balai-media/m/*", "arn:aws:s3:::balai-media/p/*"],
        }
    ],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def s3(settings, monkeypatch):  # type: ignore[no-untyped-def]
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "BALAI_S3_BUCKET": "balai-media",
        "BALAI_S3_ENDPOINT_URL": endpoint,
        "BALAI_S3_ACCESS_KEY_ID": "test",
        "BALAI_S3_SECRET_ACCESS_KEY": "test",
        "BALAI_S3_REGION": "us-east-1",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
        region_name="us-east-1",
    )  # fmt: skip
    client.create_bucket(Bucket="balai-media")
    client.put_bucket_policy(Bucket="balai-media", Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options("balai-media"),
        },
    }
    yield client
    server.stop()


def test_s3_round_trip(make_user, upload, s3):
    """Uploads land in the bucket clean, are fetched from the store's own URL with the right
    type, and leave the bucket when their post is deleted."""
    user = make_user()
    media = upload(user, image_bytes("JPEG"))
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="balai-media").get("Contents", [])}
    assert keys == {media.file_path, media.thumbnail_path}  # raw upload already gone
    url = media_url(media)
    assert url is not None and url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url) as response:
        body = response.read()
        assert response.headers["Content-Type"] == "image/jpeg"
    assert body[:3] == b"\xff\xd8\xff" and SECRET.encode() not in body
    post = post_create_with_media(author=user, draft=PostDraft(text="x"), media_ids=[media.pk])
    post_delete(author=user, post_id=post.pk)
    assert s3.list_objects_v2(Bucket="balai-media").get("KeyCount", 0) == 0
