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
