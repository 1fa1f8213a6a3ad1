"""The fake Drive itself: it reads Google's discovery document and catches what Drive refuses."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

import pytest

from tests.fakedrive import discovery
from tests.fakedrive.plugin import EMAIL, fake_google  # noqa: F401


def call(fake, method, path, *, token=None, body=None, ctype="application/json"):
    req = urllib.request.Request(fake.api_url + path, data=body, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read()


def test_the_document_is_googles_from_the_installed_package():
    import googleapiclient

    doc = discovery.document()
    assert doc["name"] == "drive" and doc["version"] == "v3"
    shipped = os.path.join(
        os.path.dirname(googleapiclient.__file__), "discovery_cache", "documents", "drive.v3.json"
    )
    with open(shipped, encoding="utf-8") as handle:
        assert json.load(handle) == doc
    ids = {m.id for m in discovery.methods()}
    assert {"drive.files.create", "drive.files.update", "drive.permissions.create"} <= ids


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("GET", "/drive/v3/files?colour=red", None, "unknown query parameter 'colour'"),
        ("GET", "/drive/v3/files?pageSize=5000", None, "outside"),
        ("GET", "/drive/v3/files?fields=files(id,nme)", None, "'nme' is not a field of File"),
        ("GET", "/drive/v3/about", None, "requires 'fields'"),
        ("POST", "/drive/v3/files?uploadType=multipart", b"{}", "takes no media"),
        ("POST", "/drive/v3/files", b'{"name": "x", "md5Checksum": "0"}', "'Output only'"),
        ("POST", "/drive/v3/files", b'{"name": "x", "colour": "red"}', "not a property"),
        ("POST", "/drive/v3/files", b'{"name": 5}', "int where the document says string"),
        ("DELETE", "/drive/v3/nothing", None, "no method"),
    ],
)
def test_requests_the_document_does_not_allow_are_violations(
    fake_google,  # noqa: F811
    method,
    path,
    body,
    expected,
):
    token, _ = fake_google.issue_token(EMAIL)
    call(fake_google, method, path, token=token, body=body)
    fake_google.expect_violations = True
    assert any(expected in v for v in fake_google.violations), fake_google.violations


def test_a_valid_exchange_has_no_violation_and_googles_error_shape(fake_google):  # noqa: F811
    token, _ = fake_google.issue_token(EMAIL)
    status, body = call(fake_google, "GET", "/drive/v3/files/1nosuchfile00?fields=id", token=token)
    assert status == 404
    error = json.loads(body)["error"]
    assert error["code"] == 404 and error["errors"][0]["reason"] == "notFound"
    status, body = call(fake_google, "GET", "/drive/v3/about?fields=user", token="ya29.nope")
    assert status == 401 and json.loads(body)["error"]["status"] == "UNAUTHENTICATED"
    mask = "user(emailAddress)"
    status, body = call(fake_google, "GET", f"/drive/v3/about?fields={mask}", token=token)
    assert status == 200 and json.loads(body) == {"user": {"emailAddress": EMAIL}}
    assert fake_google.violations == []


def test_field_masks_parse_as_google_writes_them():
    assert discovery.parse_fields("id,files(id,owners(displayName)),nextPageToken") == {
        "id": None,
        "files": {"id": None, "owners": {"displayName": None}},
        "nextPageToken": None,
    }
    assert discovery.parse_fields("user/emailAddress") == {"user": {"emailAddress": None}}
    with pytest.raises(ValueError):
        discovery.parse_fields("files(id")


def control(fake, method, path, data=None):
    """A test-only ``/_fake/...`` request to the OAuth host: (status, JSON body or None)."""
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(fake.oauth_url + path, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read() or b"null")


def oauth_form(fake, path, fields):
    from urllib.parse import urlencode

    req = urllib.request.Request(
        fake.oauth_url + path,
        data=urlencode(fields).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_control_routes_act_as_the_user_and_show_drive(fake_google):  # noqa: F811
    """The test-only routes (standalone mode) approve, deny, edit and list, unrecorded."""
    fake_google.control_routes = True
    scope = "https://www.googleapis.com/auth/drive.file"
    start = {"client_id": fake_google.client_id, "scope": scope}
    approved = oauth_form(fake_google, "/device/code", start)[1]
    denied = oauth_form(fake_google, "/device/code", start)[1]
    fake_google.requests.clear()
    ok = {"user_code": approved["user_code"], "email": EMAIL}
    assert control(fake_google, "POST", "/_fake/device/approve", ok)[0] == 204
    no = {"user_code": denied["user_code"]}
    assert control(fake_google, "POST", "/_fake/device/deny", no)[0] == 204
    stranger = {"user_code": denied["user_code"], "email": "eve@example.com"}
    assert control(fake_google, "POST", "/_fake/device/approve", stranger)[0] == 404
    unknown = {"user_code": "XXXX-XXXX-XXXX", "email": EMAIL}
    assert control(fake_google, "POST", "/_fake/device/approve", unknown)[0] == 404
    assert control(fake_google, "GET", "/_fake/nothing")[0] == 404
    file_id = fake_google.add_file(EMAIL, "a.ipynb", b"{}")
    edit = {"id": file_id, "content": '{"changed": 1}'}
    assert control(fake_google, "POST", "/_fake/files/edit", edit)[0] == 204
    status, listing = control(fake_google, "GET", "/_fake/files")
    assert status == 200
    assert listing["files"] == [
        {
            "id": file_id,
            "name": "a.ipynb",
            "mimeType": "application/vnd.google.colaboratory",
            "parents": ["root"],
            "owner": EMAIL,
            "trashed": False,
            "content": '{"changed": 1}',
            "anyoneReaders": 0,
        }
    ]
    # Not Google: neither recorded nor checked.
    assert fake_google.requests == [] and fake_google.violations == []
    assert control(fake_google, "GET", "/_fake/requests") == (200, {"requests": []})
    grant = "urn:ietf:params:oauth:grant-type:device_code"
    poll = {
        "client_id": fake_google.client_id,
        "client_secret": fake_google.client_secret,
        "grant_type": grant,
    }
    status, tokens = oauth_form(
        fake_google, "/token", {**poll, "device_code": approved["device_code"]}
    )
    assert status == 200 and tokens["access_token"]
    status, answer = oauth_form(
        fake_google, "/token", {**poll, "device_code": denied["device_code"]}
    )
    assert answer["error"] == "access_denied"


def test_control_routes_are_off_by_default(fake_google):  # noqa: F811
    """Without ``control_routes`` (the fixture), ``/_fake/...`` is an unknown OAuth path."""
    fake_google.expect_violations = True
    assert control(fake_google, "POST", "/_fake/device/approve", {"user_code": "X"})[0] == 404
    assert any("/_fake/device/approve" in v for v in fake_google.violations)


def test_standalone_prints_both_urls_and_serves():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakedrive",
            "--account",
            EMAIL,
            "--name",
            "Ada Lovelace",
            "--client-id",
            "ui-client.apps.googleusercontent.com",
            "--client-secret",
            "GOCSPX-ui-secret",
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        urls = json.loads(proc.stdout.readline())
        fake = type("Hosts", (), {"oauth_url": urls["oauth_url"], "api_url": urls["api_url"]})
        scope = "https://www.googleapis.com/auth/drive.file"
        start = {"client_id": "ui-client.apps.googleusercontent.com", "scope": scope}
        status, device = oauth_form(fake, "/device/code", start)
        assert status == 200 and device["interval"] == 5
        approve = {"user_code": device["user_code"], "email": EMAIL}
        assert control(fake, "POST", "/_fake/device/approve", approve)[0] == 204
        status, _ = call(fake, "GET", "/drive/v3/about?fields=user", token="ya29.none")
        assert status == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
