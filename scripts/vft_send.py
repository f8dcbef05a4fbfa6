"""Send a signed welfare-technology event to the local server (demo).

    vft_send.py TYPE DEVICE [name=value ...]

    .venv/bin/python scripts/vft_send.py fall TA-0001
    .venv/bin/python scripts/vft_send.py blodtrykk BT-0001 systolisk=195 diastolisk=100
Uses the demo sending system (manage.py demo_velferdsteknologi) unless VFT_NOKKEL and
VFT_HEMMELIGHET are set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _dev_environment() -> None:
    """The environment `make run` gives the server: its database and Redis (the embedded
    ones unless DATABASE_URL/REDIS_URL are set) and DEBUG, so this script reads the same
    demo sending system from a plain shell."""
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        import subprocess

        root = Path(__file__).resolve().parent.parent
        done = subprocess.run(
            [sys.executable, str(root / "scripts" / "devservices.py"), "env"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        for line in done.stdout.splitlines():
            if line.startswith("export ") and "=" in line:
                key, value = line.removeprefix("export ").split("=", 1)
                os.environ.setdefault(key, value.strip("'\""))
    os.environ.setdefault("DJANGO_DEBUG", "True")


def _demo_sender() -> tuple[str, str]:
    import django

    _dev_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from integrasjoner.velferdsteknologi.models import Avsendersystem

    avsender = Avsendersystem.objects.filter(navn="Demo alarmsentral").first()
    if avsender is None:
        sys.exit("Kjør først: .venv/bin/python manage.py demo_velferdsteknologi")
    return avsender.nokkel_id, avsender.hemmelighet


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    from integrasjoner.velferdsteknologi.lib.signatur import signed_headers

    nokkel, hemmelighet = os.environ.get("VFT_NOKKEL"), os.environ.get("VFT_HEMMELIGHET")
    if not (nokkel and hemmelighet):
        nokkel, hemmelighet = _demo_sender()
    verdier = {k: float(v) for k, v in (a.split("=", 1) for a in argv[2:])}
    payload = {
        "hendelse_id": uuid.uuid4().hex,
        "type": argv[0],
        "tidspunkt": dt.datetime.now(dt.UTC).isoformat(),
        "utstyr_id": argv[1],
        **({"verdier": verdier} if verdier else {}),
    }
    body = json.dumps(payload).encode()
    url = os.environ.get("VFT_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    request = urllib.request.Request(  # noqa: S310 - http to our own server
        f"{url}/api/v1/velferdsteknologi/hendelser/",
        data=body,
        headers=signed_headers(
            nokkel_id=nokkel, hemmelighet=hemmelighet, body=body, tidspunkt=int(time.time())
        ),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            print(response.status, response.read().decode())
    except urllib.error.HTTPError as exc:
        print(exc.code, exc.read().decode())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
