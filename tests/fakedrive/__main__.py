"""Run the fake Google (Drive and OAuth) until killed: `python -m tests.fakedrive ...`.

The first line on stdout is `{"api_url": ..., "oauth_url": ...}` JSON, so a browser
test can find the two hosts. The test-only control routes (`/_fake/...` on the
OAuth host, not Google; see `server.py`) are on, so a browser test can approve or
deny a device code, change a file as Colab would, and look at what Drive holds.
"""

from __future__ import annotations

import argparse
import sys

from ..fakeserve import serve_until_stopped
from .server import FakeGoogle


def main(argv: list[str] | None = None) -> int:
    """Start the fake from command-line options and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakedrive", description=__doc__)
    parser.add_argument("--account", action="append", default=[], help="an account's e-mail")
    parser.add_argument("--name", action="append", default=[], help="display name of each")
    parser.add_argument("--client-id", default=None, help="the OAuth client's id")
    parser.add_argument("--client-secret", default=None, help="the OAuth client's secret")
    parser.add_argument("--device-interval", type=int, default=5, help="device-flow interval")
    args = parser.parse_args(argv)
    if args.name and len(args.name) != len(args.account):
        parser.error("give one --name per --account, or none")
    fake = FakeGoogle()
    fake.device_interval = args.device_interval
    fake.control_routes = True
    if args.client_id:
        fake.client_id = args.client_id
    if args.client_secret:
        fake.client_secret = args.client_secret
    names = args.name or [""] * len(args.account)
    for email, name in zip(args.account, names, strict=True):
        fake.add_account(email, name)
    fake.start()
    urls = {"api_url": fake.api_url, "oauth_url": fake.oauth_url}
    return serve_until_stopped(fake, urls)


if __name__ == "__main__":
    sys.exit(main())
