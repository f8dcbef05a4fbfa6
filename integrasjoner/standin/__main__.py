"""`python -m integrasjoner.standin --port 8701`: run the stand-in until stopped."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from types import FrameType

from integrasjoner.standin.server import Standin


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Stand-in external systems (demo and tests)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s standin %(message)s")
    standin = Standin(host=args.host, port=args.port)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    logging.getLogger(__name__).info("listening on %s", standin.url)
    try:
        standin.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
