"""A real browser (Debian's chromium driven by Playwright): two people sign up, one follows the
other, the other posts with an image and its alt text, and the post appears in the follower's
home timeline, in English and in Bahasa Indonesia. Skipped where chromium is not installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed"),
]
PASSWORD = "a long and lovely password 7"
WORDS = {
    "en": {"sign_up": "Sign up", "follow": "Follow", "unfollow": "Unfollow", "post": "Post"},
    "id": {
        "sign_up": "Daftar",
        "follow": "Ikuti",
        "unfollow": "Berhenti mengikuti",
        "post": "Kirim",
    },
}


def png(name: str) -> dict[str, object]:
    """An image made in memory by Pillow, as Playwright uploads a file."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread. While it runs, Django keeps this thread's
    # database connections apart (per async context), so a test that writes through the ORM
    # opens a second connection; it is closed here, before the test database is dropped.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        connections.close_all()
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_up(context, base: str, username: str, words: dict[str, str]):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{base}/signup")
    page.fill("input[name=username]", username)
    page.fill("input[name=email]", f"{username}@example.test")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=words["sign_up"]).click()
    page.wait_for_url(f"{base}/home")
    return page


@pytest.mark.parametrize("language", ["en", "id"])
def test_two_people_sign_up_follow_and_see_each_others_posts(live_server, browser, language):
    words = WORDS[language]
    base = live_server.url
    writer_ctx = browser.new_context(locale=language, viewport={"width": 390, "height": 844})
    reader_ctx = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    writer = sign_up(writer_ctx, base, f"writer_{language}", words)
    reader = sign_up(reader_ctx, base, f"reader_{language}", words)
    assert writer.locator("html").get_attribute("lang") == language
    state = writer.evaluate("navigator.serviceWorker.ready.then(r => r.active && r.active.state)")
    assert state in ("activating", "activated")  # installable: the service worker runs

    reader.goto(f"{base}/@writer_{language}")
    reader.get_by_role("button", name=words["follow"], exact=True).click()
    reader.get_by_role("button", name=words["unfollow"]).wait_for()

    text = f"Salam from the writer in {language} #balai"
    writer.fill("textarea[name=text]", text)
    writer.locator("#compose details.media-field summary").click()
    writer.set_input_files("#compose input[name=media_0]", files=[png("teal.png")])
    writer.fill("#compose input[name=alt_0]", "A teal square")
    writer.get_by_role("button", name=words["post"], exact=True).click()
    writer.locator("#timeline article", has_text="Salam from the writer").wait_for()

    reader.goto(f"{base}/home")
    article = reader.locator("#timeline article", has_text="Salam from the writer")
    assert article.count() == 1
    assert article.locator('img[alt="A teal square"][loading=lazy]').count() == 1
    assert reader.locator("html").get_attribute("lang") == language
    writer_ctx.close()
    reader_ctx.close()


def test_reading_without_javascript_and_liking_with_htmx(live_server, browser, make_user):
    """With JavaScript off a visitor still reads the local timeline and a thread; with it on, a
    like updates in place without leaving the page."""
    from balai.posts import services

    author = make_user(username="author")
    make_user(username="fan")
    post = services.post_create(author=author, draft=services.PostDraft(text="read me anywhere"))
    base = live_server.url

    no_js = browser.new_context(java_script_enabled=False)
    page = no_js.new_page()
    page.goto(f"{base}/local")
    assert page.locator("article", has_text="read me anywhere").count() == 1
    page.goto(f"{base}/@author/{post.pk}")
    assert page.locator("article.focus", has_text="read me anywhere").count() == 1
    no_js.close()

    js = browser.new_context(locale="en")
    page = js.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "fan")
    page.fill("input[name=password]", "correct horse battery staple")
    page.locator("form.form button.primary").click()
    page.wait_for_url(f"{base}/home")
    page.goto(f"{base}/local")
    page.locator(f"#actions-{post.pk} button", has_text="Like").click()
    page.locator(f"#actions-{post.pk} button[aria-pressed=true]", has_text="Unlike").wait_for()
    assert page.url == f"{base}/local"
    js.close()
