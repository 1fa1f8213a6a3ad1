"""Run a fake GitHub until killed: `python -m tests.fakegithub --port 0 --user octocat ...`.

The first line on stdout is `{"url": ...}` JSON, so a browser test can find the server.
The test-only control routes (`POST /_fake/device/approve` and `/_fake/device/deny`, not part
of GitHub; see `server.py`) are on, so a browser test can approve or deny a device code.
"""

from __future__ import annotations

import argparse
import sys

from ..fakeserve import serve_until_stopped
from .server import FakeGitHub


def main(argv: list[str] | None = None) -> int:
    """Start the server from command-line options and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakegithub", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--user", action="append", default=[], help="a user login")
    parser.add_argument("--token", action="append", default=[], help="token of each --user")
    parser.add_argument("--repo", action="append", default=[], help="owner/name to create")
    parser.add_argument("--private", action="store_true", help="make the --repo repos private")
    parser.add_argument("--client-id", default=None, help="OAuth client id for the device flow")
    parser.add_argument("--device-interval", type=int, default=5, help="device-flow interval")
    args = parser.parse_args(argv)
    if len(args.token) != len(args.user):
        parser.error("give one --token per --user")
    fake = FakeGitHub()
    fake.device_interval = args.device_interval
    fake.control_routes = True
    if args.client_id:
        fake.oauth_client_id = args.client_id
    for login, token in zip(args.user, args.token, strict=False):
        fake.add_user(login, token)
    if args.token:
        fake.token = args.token[0]
    for full in args.repo:
        owner, _, name = full.partition("/")
        fake.create_repo(owner, name, private=args.private)
    fake.start_on(args.port)
    urls = {"url": fake.base_url, "enterprise_url": fake.enterprise_api_url}
    return serve_until_stopped(fake, urls)


if __name__ == "__main__":
    sys.exit(main())
