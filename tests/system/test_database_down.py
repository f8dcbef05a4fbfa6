"""A web server whose database is down answers in Norwegian with 503, never a stack trace."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar

import pytest

from tests.system.procs import BIN, free_port, process, wait_http


@pytest.fixture(scope="module")
def broken_server() -> Iterator[str]:
    port = free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/finnes_ikke",
        "DJANGO_DEBUG": "False",
    }
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    with process(command, env):
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/logg-inn/")
        yield base


def _fetch(
    request: urllib.request.Request | str, opener: urllib.request.OpenerDirector | None = None
) -> tuple[int, str]:
    try:
        response = (opener or urllib.request.build_opener()).open(request, timeout=20)
        return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_login_post_gets_norwegian_503_page(broken_server: str) -> None:
    # given: the login form (rendered without the database) and its CSRF cookie
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    status, page = _fetch(f"{broken_server}/logg-inn/", opener)
    assert status == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": "sykepleier", "password": "demo"}
    ).encode()
    # when
    status, page = _fetch(
        urllib.request.Request(
            f"{broken_server}/logg-inn/", data=body, headers={"Referer": broken_server}
        ),
        opener,
    )
    # then
    assert status == 503
    assert "Databasen er ikke tilgjengelig" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page


def test_api_gets_norwegian_json_503(broken_server: str) -> None:
    # when
    request = urllib.request.Request(
        f"{broken_server}/api/v1/pasienter/?sok=ola", headers={"Authorization": "Token abc"}
    )
    status, body = _fetch(request)
    # then
    assert status == 503
    assert "databasen" in json.loads(body)["detail"]


def test_health_reports_database_down(broken_server: str) -> None:
    # when
    status, body = _fetch(f"{broken_server}/health/")
    # then
    assert status == 503
    assert json.loads(body) == {"status": "feil"}  # without login: only up or down
