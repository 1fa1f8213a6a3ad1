"""Saving to, sharing from, listing and opening Google Drive, against the fake Drive."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from jupyterlab_cloudshare.core.drive import (
    COLAB_MIME,
    DEFAULT_FOLDER,
    fetch_notebook,
    link_opened,
    list_notebooks,
    local_name,
    parse_file_id,
    save_notebook,
)
from jupyterlab_cloudshare.core.errors import (
    CloudShareError,
    DriveAuthRequiredError,
    DriveAuthRevokedError,
    DriveConflictError,
    DriveNotFoundError,
    DriveQuotaError,
    DriveRateLimitError,
    InvalidRequestError,
)
from jupyterlab_cloudshare.core.google_auth import GoogleAccount
from tests.drivekit import DriveEnv, public_notebook, signed_in
from tests.fakedrive.plugin import EMAIL, fake_google  # noqa: F401
from tests.fakedrive.server import FOLDER_MIME, SCOPE_FULL

KEY = "analysis/nb.ipynb"


@pytest.fixture
def env(fake_google, tmp_path) -> DriveEnv:  # noqa: F811
    return signed_in(fake_google, tmp_path)


def save(env: DriveEnv, data: bytes, key: str = KEY, **kw):
    """One save as the server and the CLI make it; (result, HTTP requests made)."""
    before = len(env.fake.requests)
    cred = env.account.credential()
    client = env.account.client(cred)
    account = env.account.account_of(cred, client)
    result = save_notebook(
        client, data, name=key.rsplit("/", 1)[-1], store=env.shares, key=key, account=account, **kw
    )
    return result, env.fake.requests[before:]


def test_first_save_creates_one_colab_file_in_the_colab_notebooks_folder(env):
    data = public_notebook()
    result, _ = save(env, data)
    folders = env.fake.folders(DEFAULT_FOLDER, EMAIL)
    assert len(folders) == 1
    files = env.fake.children(folders[0].id)
    assert [f.id for f in files] == [result["fileId"]]
    assert files[0].mime == COLAB_MIME
    assert files[0].name == "nb.ipynb"
    assert env.fake.content(result["fileId"]) == data
    assert result == {
        "fileId": files[0].id,
        "name": "nb.ipynb",
        "colabUrl": f"https://colab.research.google.com/drive/{files[0].id}",
        "webViewLink": f"https://drive.google.com/file/d/{files[0].id}/view?usp=drivesdk",
        "folderId": folders[0].id,
        "created": True,
    }


def test_second_save_updates_the_same_file_in_two_requests(env):
    data = public_notebook()
    first, _ = save(env, data)
    changed = data.replace(b'"cells"', b'"cells"', 1) + b"\n"
    second, requests = save(env, changed)
    assert second["fileId"] == first["fileId"]
    assert second["created"] is False
    assert second["folderId"] == first["folderId"]
    assert env.fake.content(first["fileId"]) == changed
    assert [(r["method"], r["path"].split("/")[1]) for r in requests] == [
        ("GET", "drive"),
        ("PATCH", "upload"),
    ]
    assert len(env.fake.files) == 2  # the folder and the notebook


def test_a_change_on_drive_gives_a_conflict_and_writes_nothing(env):
    data = public_notebook()
    first, _ = save(env, data)
    theirs = data + b"\n\n"
    env.fake.edit(first["fileId"], theirs)
    version = env.fake.files[first["fileId"]].version
    before = len(env.fake.requests)
    with pytest.raises(DriveConflictError) as err:
        save(env, data + b" ")
    assert err.value.status == 409
    assert err.value.details["choices"] == ["overwrite", "new", "cancel"]
    assert err.value.details["fileId"] == first["fileId"]
    assert [r["method"] for r in env.fake.requests[before:]] == ["GET"]
    assert env.fake.content(first["fileId"]) == theirs
    assert env.fake.files[first["fileId"]].version == version
    # Still refused on the next try: the conflict is not forgotten.
    with pytest.raises(DriveConflictError):
        save(env, data + b" ")


def test_conflict_choices_keep_both_sides(env):
    data = public_notebook()
    first, _ = save(env, data)
    theirs = data + b"\n"
    env.fake.edit(first["fileId"], theirs)
    copy, _ = save(env, data + b"  ", on_conflict="new")
    assert copy["created"] is True and copy["fileId"] != first["fileId"]
    assert env.fake.content(first["fileId"]) == theirs
    assert env.fake.content(copy["fileId"]) == data + b"  "
    # The copy is now the remembered file: the next save updates it without conflict.
    again, _ = save(env, data + b"   ")
    assert again["fileId"] == copy["fileId"] and again["created"] is False
    env.fake.edit(copy["fileId"], b"{}")
    over, _ = save(env, data, on_conflict="overwrite")
    assert over["fileId"] == copy["fileId"]
    assert env.fake.content(copy["fileId"]) == data


def test_sharing_for_the_link_adds_exactly_one_anyone_reader_permission(env):
    data = public_notebook()
    plain, _ = save(env, data)
    assert env.fake.files[plain["fileId"]].permissions == []
    shared, requests = save(env, data + b"\n", share="reader")
    perms = env.fake.files[plain["fileId"]].permissions
    assert [(p["type"], p["role"], p["allowFileDiscovery"]) for p in perms] == [
        ("anyone", "reader", False)
    ]
    assert shared["shared"] == "anyoneWithLink"
    assert len(requests) == 3  # check, upload, share
    _, again = save(env, data, share="reader")
    assert len(env.fake.files[plain["fileId"]].permissions) == 1
    assert len(again) == 2  # already shared: no third request


def test_a_new_shared_file_costs_two_requests_when_the_folder_is_known(env):
    data = public_notebook()
    save(env, data, key="a.ipynb")
    result, requests = save(env, data, key="b.ipynb", share="reader")
    assert result["created"] is True
    assert [r["method"] for r in requests] == ["POST", "POST"]
    assert len(env.fake.files[result["fileId"]].permissions) == 1


def test_an_access_token_known_to_be_expired_is_refreshed_first_within_three_requests(env):
    data = public_notebook()
    save(env, data)
    entry = env.tokens.get(env.fake.oauth_url)
    env.fake.expire(entry["access_token"])
    entry["expires_at"] = time.time() - 10
    env.tokens.set(env.fake.oauth_url, entry)
    result, requests = save(env, data + b"\n")
    assert result["created"] is False
    assert [(r["host"], r["method"]) for r in requests] == [
        ("oauth", "POST"),
        ("api", "GET"),
        ("api", "PATCH"),
    ]
    assert env.tokens.get(env.fake.oauth_url)["access_token"] != entry["access_token"]


def test_a_401_renews_a_stored_token_once_and_the_call_succeeds(env):
    data = public_notebook()
    first, _ = save(env, data)
    env.fake.expire(env.access)  # Google expired it early; our clock does not know
    result, requests = save(env, data + b"\n")
    assert result["fileId"] == first["fileId"]
    assert [r["host"] for r in requests] == ["api", "oauth", "api", "api"]
    assert env.fake.content(first["fileId"]) == data + b"\n"


def test_a_revoked_sign_in_gives_one_line_and_forgets_the_token(env):
    env.fake.expire(env.access)
    env.fake.revoke_grant(EMAIL)
    with pytest.raises(DriveAuthRevokedError) as err:
        save(env, public_notebook())
    message = err.value.message
    assert "\n" not in message and "sign in" in message
    assert not any(s in message for s in env.secrets())
    assert env.tokens.get(env.fake.oauth_url) is None


def test_an_expired_environment_token_says_which_variable_to_renew(fake_google, tmp_path):  # noqa: F811
    access, _ = fake_google.issue_token(EMAIL)
    fake_google.expire(access)
    env = signed_in(fake_google, tmp_path)
    env.account.environ = {"GOOGLE_OAUTH_ACCESS_TOKEN": access}
    with pytest.raises(DriveAuthRequiredError) as err:
        save(env, b"{}")
    assert "GOOGLE_OAUTH_ACCESS_TOKEN" in err.value.message
    assert access not in err.value.message
    # No refresh is attempted with someone else's token.
    assert all(r["host"] == "api" for r in fake_google.requests)


@pytest.mark.parametrize(
    ("kind", "error", "reason"),
    [
        ("userRateLimit", DriveRateLimitError, "userRateLimitExceeded"),
        ("rateLimit", DriveRateLimitError, "rateLimitExceeded"),
        ("storageQuota", DriveQuotaError, "storageQuotaExceeded"),
    ],
)
def test_google_limits_give_their_own_errors_with_googles_reason(env, kind, error, reason):
    env.fake.fail_next(kind, method="POST", path_part="/upload/")
    with pytest.raises(error) as err:
        save(env, public_notebook())
    assert err.value.details["reason"] == reason
    assert err.value.details["googleMessage"]
    assert err.value.status in (429, 507)
    assert env.fake.children(env.fake.folders(DEFAULT_FOLDER, EMAIL)[0].id) == []


def test_large_notebooks_use_the_resumable_protocol(env):
    data = public_notebook()
    big = data * 8  # bytes only: Drive does not read them
    result, requests = save(env, big, multipart_limit=64 * 1024, chunk_size=256 * 1024)
    assert env.fake.content(result["fileId"]) == big
    puts = [r for r in requests if r["method"] == "PUT"]
    assert len(puts) == -(-len(big) // (256 * 1024))
    assert requests[-1 - len(puts)]["query"]["uploadType"] == "resumable"
    env.fake.edit(result["fileId"], b"{}")
    with pytest.raises(DriveConflictError):
        save(env, big, multipart_limit=64 * 1024, chunk_size=256 * 1024)
    over, _ = save(
        env, big + b"\n", multipart_limit=64 * 1024, chunk_size=256 * 1024, on_conflict="overwrite"
    )
    assert over["fileId"] == result["fileId"]
    assert env.fake.content(result["fileId"]) == big + b"\n"


def test_a_deleted_folder_is_made_again(env):
    data = public_notebook()
    first, _ = save(env, data, key="a.ipynb")
    # Deleted for good (emptied from the trash), with the notebook in it.
    del env.fake.files[first["folderId"]]
    del env.fake.files[first["fileId"]]
    second, _ = save(env, data, key="b.ipynb")
    assert second["folderId"] != first["folderId"]
    assert env.fake.files[second["folderId"]].mime == FOLDER_MIME


def test_with_the_full_drive_scope_the_users_own_folder_is_used(fake_google, tmp_path):  # noqa: F811
    folder = fake_google.add_file(EMAIL, DEFAULT_FOLDER, mime=FOLDER_MIME)
    env = signed_in(fake_google, tmp_path, scope=SCOPE_FULL)
    result, _ = save(env, public_notebook())
    assert result["folderId"] == folder
    assert len(fake_google.folders(DEFAULT_FOLDER, EMAIL)) == 1


def test_a_trashed_remembered_file_is_replaced_by_a_new_one(env):
    data = public_notebook()
    first, _ = save(env, data)
    env.fake.files[first["fileId"]].trashed = True
    again, _ = save(env, data)
    assert again["created"] is True and again["fileId"] != first["fileId"]
    assert env.fake.content(first["fileId"]) == data


def test_open_by_id_and_by_both_url_forms_gives_the_same_bytes(env):
    data = public_notebook()
    saved, _ = save(env, data)
    fid = saved["fileId"]
    client = env.account.client()
    forms = [
        fid,
        f"https://drive.google.com/file/d/{fid}/view?usp=sharing",
        f"https://colab.research.google.com/drive/{fid}#scrollTo=abc",
        f"https://drive.google.com/open?id={fid}",
    ]
    got = [fetch_notebook(client, parse_file_id(form)) for form in forms]
    assert {meta["id"] for meta, _ in got} == {fid}
    assert all(body == data for _, body in got)


def test_an_opened_file_is_linked_so_the_next_save_goes_back_with_the_check(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path, scope=SCOPE_FULL)
    data = public_notebook()
    fid = fake_google.add_file(EMAIL, "from colab.ipynb", data)
    meta, body = fetch_notebook(env.account.client(), fid)
    link_opened(env.shares, "from colab.ipynb", EMAIL, fake_google.api_url, meta, body)
    result, _ = save(env, body + b"\n", key="from colab.ipynb")
    assert result["fileId"] == fid and result["created"] is False
    fake_google.edit(fid, b"{}")
    with pytest.raises(DriveConflictError):
        save(env, body, key="from colab.ipynb")


def test_opening_what_is_not_a_notebook_or_not_there_is_refused(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path, scope=SCOPE_FULL)
    pdf = fake_google.add_file(EMAIL, "paper.pdf", b"%PDF-1.4", mime="application/pdf")
    with pytest.raises(InvalidRequestError):
        fetch_notebook(env.account.client(), pdf)
    with pytest.raises(DriveNotFoundError):
        fetch_notebook(env.account.client(), "1" + "x" * 30)


def test_with_drive_file_scope_files_made_elsewhere_are_not_visible(env):
    other = env.fake.add_file(EMAIL, "colab.ipynb", b"{}")
    with pytest.raises(DriveNotFoundError):
        fetch_notebook(env.account.client(), other)


@pytest.mark.parametrize(
    "text",
    ["", "not a link", "https://example.com/file/d/1abcdefghijkl", "https://drive.google.com/"],
)
def test_bad_ids_and_links_are_refused_clearly(text):
    with pytest.raises(InvalidRequestError):
        parse_file_id(text)


def test_list_shows_the_folders_notebooks_newest_first(fake_google, tmp_path):  # noqa: F811
    env = signed_in(fake_google, tmp_path, scope=SCOPE_FULL)
    assert list_notebooks(env.account.client(), env.shares, EMAIL) == {
        "folderId": None,
        "files": [],
    }
    data = public_notebook()
    save(env, data, key="one.ipynb")
    time.sleep(1.1)  # modifiedTime has one-second steps in the fake's ordering
    save(env, data, key="two.ipynb")
    folder = fake_google.folders(DEFAULT_FOLDER, EMAIL)[0].id
    fake_google.add_file(EMAIL, "notes.txt", b"x", parents=[folder], mime="text/plain")
    listed = list_notebooks(env.account.client(), env.shares, EMAIL)
    assert listed["folderId"] == folder
    assert [f["name"] for f in listed["files"]] == ["two.ipynb", "one.ipynb"]
    assert listed["files"][0]["owner"] == "Ada Lovelace"
    assert listed["files"][0]["colabUrl"].endswith(listed["files"][0]["fileId"])


def test_local_names_are_safe():
    assert local_name("My Analysis") == "My Analysis.ipynb"
    assert local_name("../../etc/passwd") == "_.._etc_passwd.ipynb"
    assert local_name("x.IPYNB") == "x.IPYNB"


def test_no_token_in_any_error_or_repr(env):
    env.fake.expire(env.access)
    env.fake.revoke_grant(EMAIL)
    client = env.account.client()
    texts = [repr(client), repr(env.account), repr(env.account.credential())]
    with pytest.raises(CloudShareError) as err:
        client.about()
    texts.append(err.value.message + json.dumps(err.value.to_json()))
    texts.append(json.dumps(env.account.status()))
    assert not any(s in t for s in env.secrets() for t in texts)


def test_the_account_of_an_environment_token_is_asked_once(fake_google, tmp_path):  # noqa: F811
    access, _ = fake_google.issue_token(EMAIL)
    env = signed_in(fake_google, tmp_path)
    account = GoogleAccount(
        api_url=fake_google.api_url,
        oauth_url=fake_google.oauth_url,
        environ={"GOOGLE_OAUTH_ACCESS_TOKEN": access},
        shares=env.shares,
    )
    cred = account.credential()
    assert cred.source == "env"
    assert account.account_of(cred) == EMAIL
    n = len(fake_google.requests)
    assert account.account_of(account.credential()) == EMAIL
    assert len(fake_google.requests) == n
    assert access not in env.shares.path.read_text()
    assert hashlib.sha256(access.encode()).hexdigest() not in env.shares.path.read_text()


def test_a_link_permission_made_elsewhere_is_not_added_twice(env):
    data = public_notebook()
    first, _ = save(env, data)
    # Shared from Drive's own UI; the id Google gives is not ours to rely on.
    env.fake.files[first["fileId"]].permissions.append(
        {"kind": "drive#permission", "id": "0987", "type": "anyone", "role": "reader"}
    )
    _, requests = save(env, data + b"\n", share="reader")
    assert [r["method"] for r in requests] == ["GET", "PATCH"]
    assert len(env.fake.files[first["fileId"]].permissions) == 1


# ---- the request budget: at most 3 per save with the folder and account known --------
def renewal_due(env: DriveEnv) -> None:
    """The stored access token has expired, at Google and by our clock."""
    entry = env.tokens.get(env.fake.oauth_url)
    env.fake.expire(entry["access_token"])
    entry["expires_at"] = time.time() - 10
    env.tokens.set(env.fake.oauth_url, entry)


def calls(requests) -> list[tuple[str, str, str]]:
    """(host, method, first path segment) of each request, to read a budget at a glance."""
    return [(r["host"], r["method"], r["path"].split("/")[1]) for r in requests]


def test_budget_a_new_file_in_a_known_folder_is_one_request(env):
    data = public_notebook()
    save(env, data, key="a.ipynb")
    result, requests = save(env, data, key="b.ipynb")
    assert result["created"] is True
    assert calls(requests) == [("api", "POST", "upload")]


def test_budget_a_new_shared_file_with_a_renewal_is_three_requests(env):
    data = public_notebook()
    save(env, data, key="a.ipynb")
    renewal_due(env)
    result, requests = save(env, data, key="b.ipynb", share="reader")
    assert result["created"] is True
    assert calls(requests) == [
        ("oauth", "POST", "token"),
        ("api", "POST", "upload"),
        ("api", "POST", "drive"),  # the permission
    ]
    assert len(env.fake.files[result["fileId"]].permissions) == 1


def test_budget_an_update_that_newly_shares_with_a_renewal_is_the_one_exception(env):
    """Four requests: renewal, check, upload, permission (docs/drive.md says why)."""
    data = public_notebook()
    first, _ = save(env, data)
    renewal_due(env)
    result, requests = save(env, data + b"\n", share="reader")
    assert result["fileId"] == first["fileId"] and result["created"] is False
    assert calls(requests) == [
        ("oauth", "POST", "token"),
        ("api", "GET", "drive"),
        ("api", "PATCH", "upload"),
        ("api", "POST", "drive"),
    ]
    assert len(env.fake.files[first["fileId"]].permissions) == 1


def test_budget_overwrite_skips_the_check_it_cannot_use(env):
    """Overwrite needs no check: renewal, upload, permission; Colab's edit is replaced."""
    data = public_notebook()
    first, _ = save(env, data)
    env.fake.edit(first["fileId"], b"{}")
    renewal_due(env)
    result, requests = save(env, data + b"\n", share="reader", on_conflict="overwrite")
    assert result["fileId"] == first["fileId"] and result["created"] is False
    assert result["folderId"] == first["folderId"]
    assert calls(requests) == [
        ("oauth", "POST", "token"),
        ("api", "PATCH", "upload"),
        ("api", "POST", "drive"),
    ]
    assert env.fake.content(first["fileId"]) == data + b"\n"
    # Already shared, as the upload's answer says: the next overwrite is one request.
    _, again = save(env, data, share="reader", on_conflict="overwrite")
    assert calls(again) == [("api", "PATCH", "upload")]
    assert len(env.fake.files[first["fileId"]].permissions) == 1
    # The record follows the upload: a save without overwrite finds no conflict.
    _, plain = save(env, data + b" ")
    assert calls(plain) == [("api", "GET", "drive"), ("api", "PATCH", "upload")]


def test_overwrite_of_a_file_gone_or_in_the_bin_saves_a_new_file(env):
    data = public_notebook()
    first, _ = save(env, data)
    env.fake.files[first["fileId"]].trashed = True
    binned, _ = save(env, data + b"\n", on_conflict="overwrite")
    assert binned["created"] is True and binned["fileId"] != first["fileId"]
    assert env.fake.content(binned["fileId"]) == data + b"\n"
    del env.fake.files[binned["fileId"]]
    gone, requests = save(env, data, on_conflict="overwrite")
    assert gone["created"] is True and gone["fileId"] not in (first["fileId"], binned["fileId"])
    assert calls(requests) == [("api", "PATCH", "upload"), ("api", "POST", "upload")]
    assert env.fake.content(gone["fileId"]) == data
