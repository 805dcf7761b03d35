"""Security headers: the Content-Security-Policy, Referrer- and Permissions-Policy on
every page, the public embed card as the one page other websites may frame, and a
production configuration that passes Django's deployment checks.

Who this stops: a script smuggled into a page (an agency name, a measure title) that
would run or load from elsewhere; another website framing the sign-in page to trick
clicks; a survey link's access code leaking to another site through Referer.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from prongsai.lib.env import envheader, envnetworks

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_signed_in_page_carries_a_strict_content_security_policy(login, agency_admin) -> None:
    response = login(agency_admin).get("/")
    if response.status_code == 302:
        response = login(agency_admin).get(response["Location"])
    assert response.status_code == 200
    policy = directives(response)

    assert policy["default-src"] == ["'self'"]
    # A nonce appears only when a template used {{ csp_nonce }} (none needs one today).
    assert policy["script-src"][0] == "'self'"
    assert all(re.fullmatch(r"'nonce-[A-Za-z0-9_\-+/=]{16,}'", s) for s in policy["script-src"][1:])
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_every_page_sends_referrer_and_permissions_policies(client, login, agency_admin) -> None:
    for response in (client.get("/accounts/login/"), login(agency_admin).get("/")):
        assert response["Referrer-Policy"] == "same-origin"
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_no_template_has_inline_scripts_styles_or_event_handlers() -> None:
    # The policy would block them; a page relying on one would silently break.
    offenders = []
    pattern = re.compile(
        r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=\"|\son[a-z]+=\"|javascript:", re.I
    )
    for template in sorted((ROOT / "prongsai").rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        # The embed snippet an admin copies for the agency's own site is text, not markup.
        text = re.sub(r"<textarea[^>]*>.*?</textarea>", "", text, flags=re.S)
        offenders += [f"{template.relative_to(ROOT)}: {m.group()}" for m in pattern.finditer(text)]
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


@pytest.fixture
def published(settings, tmp_path, agency):  # type: ignore[no-untyped-def]
    from prongsai.publishing.services import publication_publish

    settings.MEDIA_ROOT = tmp_path / "media"
    return publication_publish(agency=agency, actor=None)


def test_embed_card_may_be_framed_by_other_sites_but_keeps_the_rest_of_the_policy(
    client, published
) -> None:
    embed = client.get("/public/tha-talad/embed/")
    policy = directives(embed)

    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert policy["frame-ancestors"] == ["*"]
    assert policy["default-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert embed["Permissions-Policy"].startswith("camera=()")
    public = client.get("/public/tha-talad/")
    assert directives(public)["frame-ancestors"] == ["'none'"]
    assert public["X-Frame-Options"] == "DENY"


def test_proxy_ssl_header_is_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    assert envheader("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        envheader("SECURE_PROXY_SSL_HEADER")
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER")
    assert envheader("SECURE_PROXY_SSL_HEADER") is None


def test_checker_networks_that_are_not_cidrs_stop_start_up(monkeypatch) -> None:
    monkeypatch.setenv("CHECKER_ALLOWED_NETWORKS", "127.0.0.0/8, intranet")
    with pytest.raises(ImproperlyConfigured, match=r"CHECKER_ALLOWED_NETWORKS.*'intranet'"):
        envnetworks("CHECKER_ALLOWED_NETWORKS")


def _deploy_check(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_", "DEBUG", "ALLOWED_HOSTS", "PRODUCTION"))
    }
    env.update(
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ita.example.go.th",
        DATABASE_URL="sqlite:////tmp/prongsai-deploy-check-unused.sqlite3",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "prongsai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_the_deployment_checks_without_a_warning() -> None:
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_behind_a_tls_proxy_the_redirect_may_be_left_to_the_proxy() -> None:
    behind = _deploy_check(
        SECURE_SSL_REDIRECT="false", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https"
    )
    assert behind.returncode == 0, behind.stdout + behind.stderr
    # Without a proxy header, turning the redirect off is reported.
    bare = _deploy_check(SECURE_SSL_REDIRECT="false")
    assert bare.returncode != 0 and "security.W008" in bare.stdout + bare.stderr
