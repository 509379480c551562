"""Every response carries a strict Content-Security-Policy and no page relies on inline code."""

from __future__ import annotations

import re
from pathlib import Path

import balai


def test_pages_send_a_strict_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_style_or_handlers():
    """Inline code would be blocked by the policy, so none may exist in any template."""
    offenders = []
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+=\"|\sstyle=\"|hx-on")
    for template in Path(balai.__file__).parent.rglob("templates/**/*.html"):
        for match in inline.finditer(template.read_text()):
            offenders.append(f"{template.name}: {match.group(0)}")
    assert offenders == []
