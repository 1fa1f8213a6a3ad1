"""Jupyter Server configuration for the Galata UI tests.

Galata's own settings, plus: running as root is allowed (CI runs as root), and
the GitHub API points at the local fake GitHub that the UI-test runner starts
(its URL arrives in $CLOUDSHARE_FAKE_GITHUB_URL), and Google's API and OAuth
roots point at the local fake Google (fake-google-setup.js).
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
# Notebook 7's pages expose `window.jupyterapp` too, as Galata's JupyterLab ones do.
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
c.CloudShareApp.banner_message = (  # noqa: F821
    "Public clouds are not the place for patient data: see https://example.org/data-policy."
)

fake_github = os.environ.get("CLOUDSHARE_FAKE_GITHUB_URL")
if fake_github:
    c.CloudShareApp.github_api_url = fake_github  # noqa: F821
    c.CloudShareApp.github_web_url = fake_github  # noqa: F821
    # "Sign in with GitHub" (device flow) against the fake's OAuth app.
    c.CloudShareApp.github_oauth_client_id = "Iv1.fakeclient"  # noqa: F821

fake_google = os.environ.get("CLOUDSHARE_FAKE_GOOGLE_API_URL")
if fake_google:
    # Google Drive and "Sign in with Google" (device flow) against the fake's two hosts.
    c.CloudShareApp.google_api_url = fake_google  # noqa: F821
    c.CloudShareApp.google_oauth_url = os.environ["CLOUDSHARE_FAKE_GOOGLE_OAUTH_URL"]  # noqa: F821
    c.CloudShareApp.google_client_id = os.environ["CLOUDSHARE_FAKE_GOOGLE_CLIENT_ID"]  # noqa: F821
    c.CloudShareApp.google_client_secret = os.environ[  # noqa: F821
        "CLOUDSHARE_FAKE_GOOGLE_CLIENT_SECRET"
    ]

# Files the tests delete go away for good, not into the machine's Trash.
c.FileContentsManager.delete_to_trash = False  # noqa: F821
