"""`make run` serves with several gunicorn workers and no configured secret key: a login
must hold across workers (a key generated per process would log people out at random)."""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from core.models import Rolle
from tests.factories import PASSWORD, AnsattFactory, EnhetFactory, TilknytningFactory
from tests.system.procs import BIN, free_port, process, wait_http


@pytest.mark.django_db(transaction=True)
def test_login_holds_across_gunicorn_workers_without_a_configured_key(
    django_db_setup: None,
) -> None:
    # given: a user in the test database and a 3-worker server in DEBUG with no secret key
    from django.db import connection

    from core.roller import roller_seed

    roller_seed()
    enhet = EnhetFactory()
    ansatt = AnsattFactory(username="flerarbeider")
    TilknytningFactory(ansatt=ansatt, enhet=enhet, rolle=Rolle.objects.get(kode="sykepleier"))
    port = free_port()
    settings_db = connection.settings_dict
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",  # its fast password hasher
        "DJANGO_DEBUG": "True",
        "DJANGO_SECRET_KEY": "",
        "DATABASE_URL": (
            f"postgres://{settings_db['USER']}:{settings_db['PASSWORD']}@"
            f"{settings_db['HOST'] or '127.0.0.1'}:{settings_db['PORT'] or 5432}/"
            f"{settings_db['NAME']}"
        ),
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "3",
    ]
    with process(command, env):
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/logg-inn/")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(f"{base}/logg-inn/", timeout=20).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": "flerarbeider",
                "password": PASSWORD,
            }
        ).encode()
        # when: log in, then ask for the search page many times (spread over the workers)
        opener.open(
            urllib.request.Request(f"{base}/logg-inn/", data=body, headers={"Referer": base}),
            timeout=20,
        )
        urls = [opener.open(f"{base}/pasienter/", timeout=20).geturl() for _ in range(12)]
    # then: never sent back to the login page
    assert all(u == f"{base}/pasienter/" for u in urls), urls
