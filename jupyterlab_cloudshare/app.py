"""The Jupyter Server extension and every admin setting.

Admins set these in ``jupyter_server_config.py`` (on a JupyterHub: the
single-user server's config, e.g. ``c.CloudShareApp.share_policy = {...}``).
Settings here hold whatever a user does in the browser: the frontend reads
them from ``GET /cloudshare/config`` and cannot override them.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Dict, Enum, Float, Int, List, Unicode, default

from .core.export import FORMATS as EXPORT_FORMATS
from .core.links import TARGETS as LINK_TARGETS

POLICY_LEVELS = ("off", "warn", "block")
SHARE_ACTIONS = ("push", "gist", "link", "export", "drive")
FEATURES = ("export", "github", "gist", "links", "colab", "scan", "drive")


class CloudShareApp(ExtensionApp):
    """Share notebooks to GitHub, Gist, Colab and other platforms, guarded."""

    name = "jupyterlab_cloudshare"
    load_other_extensions = True

    # ---- features --------------------------------------------------------
    disabled_features = List(
        Unicode(),
        default_value=[],
        config=True,
        help=(
            "Features to switch off for every user, among "
            f"{', '.join(FEATURES)}. Their buttons and commands disappear and their "
            "endpoints answer 403."
        ),
    )

    # ---- files -----------------------------------------------------------
    max_notebook_bytes = Int(
        100 * 1024 * 1024,
        config=True,
        help=(
            "Largest notebook (in bytes) that is exported, scanned or shared; "
            "larger ones get a clear error."
        ),
    )

    # ---- export ----------------------------------------------------------
    export_default_format = Enum(
        EXPORT_FORMATS,
        default_value="colab",
        config=True,
        help=(
            "Script flavour used when the user does not pick one: 'colab' (Colab's "
            "'Download .py' layout, always valid Python), 'percent' (# %% cells that "
            "jupytext, VS Code, Spyder and PyCharm read back) or 'script' (runs under "
            "IPython, magics become get_ipython() calls)."
        ),
    )

    # ---- sensitive-data guard -------------------------------------------
    share_policy = Dict(
        per_key_traits={a: Enum(POLICY_LEVELS) for a in SHARE_ACTIONS},
        config=True,
        help=(
            "Sensitive-data policy per share action (push, gist, link, export, drive): "
            "'off' (no check), 'warn' (refused with the findings unless the request "
            "acknowledges exactly those findings) or 'block' (refused). Missing actions "
            "take the defaults: push/gist/link/drive 'warn', export 'off'. A Drive file "
            "shared with anyone who has the link also obeys 'link' (the strictest wins)."
        ),
    )
    allow_share_without_outputs = Bool(
        True,
        config=True,
        help=(
            "Under 'block', allow a share that drops all outputs when every finding is "
            "in an output."
        ),
    )
    scan_disabled_detectors = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Finding types (e.g. 'ZIP', 'DATE', 'IP_ADDRESS') that the scanner never reports.",
    )
    scan_custom_patterns = List(
        Dict(),
        default_value=[],
        config=True,
        help=(
            "Organisation-specific detectors: a list of {'name': TYPE, 'regex': PATTERN, "
            "'context': [words...] (optional: only report when one of these words is "
            "near), 'severity': 'high'|'medium'|'low' (optional)}."
        ),
    )
    scan_allow_patterns = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Regular expressions: a match whose text fully matches one of these is not reported.",
    )
    scan_allow_email_domains = List(
        Unicode(),
        default_value=[],
        config=True,
        help="E-mail domains (e.g. 'mycompany.org') whose addresses are not reported.",
    )
    banner_message = Unicode(
        "",
        config=True,
        help=(
            "Caution text the sensitive-data banner adds, e.g. 'Public clouds are not the "
            "place for healthcare data: see https://intranet/data-policy'."
        ),
    )

    # ---- GitHub ----------------------------------------------------------
    github_api_url = Unicode(
        "https://api.github.com",
        config=True,
        help="GitHub REST API root; for GitHub Enterprise Server: https://HOST/api/v3.",
    )
    github_web_url = Unicode(
        "",
        config=True,
        help=(
            "GitHub web root used for links and the OAuth device flow. Default: derived "
            "from github_api_url (https://github.com, or https://HOST for Enterprise)."
        ),
    )
    github_oauth_client_id = Unicode(
        "",
        config=True,
        help=(
            "Client id of an OAuth app with the device flow enabled; enables 'Sign in with GitHub'."
        ),
    )
    github_oauth_scopes = Unicode(
        "repo gist",
        config=True,
        help="Scopes requested by the device flow.",
    )
    github_token_from_hub = Bool(
        True,
        config=True,
        help=(
            "On JupyterHub, read the user's GitHub token from the hub's auth_state "
            "(OAuthenticator) through $JUPYTERHUB_API_URL; needs the "
            "'admin:auth_state!user' scope granted to the server's role."
        ),
    )
    github_hub_token_env = Unicode(
        "GITHUB_ACCESS_TOKEN",
        config=True,
        help=(
            "Environment variable the hub's spawner sets with the user's GitHub token (auth_state)."
        ),
    )
    github_timeout = Float(
        30.0,
        config=True,
        help="Seconds before a GitHub request is abandoned with a clear error.",
    )
    github_max_retries = Int(
        3,
        config=True,
        help=(
            "Retries (with backoff) of GitHub reads on 5xx and connection errors; "
            "writes are never repeated blindly."
        ),
    )

    # ---- Google Drive ----------------------------------------------------
    google_api_url = Unicode(
        "https://www.googleapis.com",
        config=True,
        help=(
            "Google API root (Drive v3 under /drive/v3, uploads under /upload/drive/v3); "
            "set it to a proxy or a test server."
        ),
    )
    google_oauth_url = Unicode(
        "https://oauth2.googleapis.com",
        config=True,
        help="Google OAuth root: /device/code, /token and /revoke live under it.",
    )
    google_client_id = Unicode(
        "",
        config=True,
        help=(
            "Client id of a Google OAuth client of type 'TVs and Limited Input devices'; "
            "with google_client_secret it enables 'Sign in with Google' (device flow) and "
            "the renewal of the stored token. See docs/drive.md."
        ),
    )
    google_client_secret = Unicode(
        "",
        config=True,
        help=(
            "Client secret of that OAuth client (Google treats it as not confidential for "
            "this client type; it never reaches the browser)."
        ),
    )
    google_scopes = Unicode(
        "https://www.googleapis.com/auth/drive.file",
        config=True,
        help=(
            "Scopes the device flow asks for (space-separated). drive.file lets the "
            "extension see only the files it made or opened; Google allows no wider Drive "
            "scope in the device flow."
        ),
    )
    google_token_from_hub = Bool(
        True,
        config=True,
        help=(
            "On JupyterHub with GoogleOAuthenticator (enable_auth_state), use the user's "
            "Google token from the hub's auth_state, read through $JUPYTERHUB_API_URL."
        ),
    )
    google_timeout = Float(
        60.0,
        config=True,
        help="Seconds before a Google request is abandoned with a clear error.",
    )

    # ---- launch links ----------------------------------------------------
    link_targets = List(
        Enum(LINK_TARGETS),
        default_value=list(LINK_TARGETS),
        config=True,
        help=f"Launch-link targets offered, in this order. Known: {', '.join(LINK_TARGETS)}.",
    )
    binder_url = Unicode(
        "https://mybinder.org",
        config=True,
        help="BinderHub used for Binder links.",
    )
    jupyterhub_url = Unicode(
        "",
        config=True,
        help=(
            "JupyterHub used for nbgitpuller links. Default: the hub this server runs "
            "under ($JUPYTERHUB_PUBLIC_HUB_URL / $JUPYTERHUB_PUBLIC_URL), if any."
        ),
    )
    links_pin_commit = Bool(
        False,
        config=True,
        help="Make launch links point at the commit rather than the branch by default.",
    )

    @default("github_web_url")
    def _default_web_url(self) -> str:
        from .core.settings import web_url_for_api

        return web_url_for_api(self.github_api_url)

    @property
    def google_upload_url(self) -> str:
        """Where Drive uploads go: the API root's /upload/drive/v3 (derived, not a setting)."""
        return self.google_api_url.rstrip("/") + "/upload/drive/v3"

    def google_account(self) -> Any:
        """The user's Google account as these settings describe it (a core ``GoogleAccount``)."""
        from .core.google_auth import GoogleAccount

        return GoogleAccount(
            api_url=self.google_api_url,
            oauth_url=self.google_oauth_url,
            client_id=self.google_client_id,
            client_secret=self.google_client_secret,
            scopes=self.google_scopes,
            timeout=self.google_timeout,
            from_hub=self.google_token_from_hub,
        )

    def effective_policy(self) -> dict[str, str]:
        """The policy per action, with defaults for the actions not configured."""
        policy = {"push": "warn", "gist": "warn", "link": "warn", "export": "off", "drive": "warn"}
        policy.update(self.share_policy)
        return policy

    def feature_enabled(self, feature: str) -> bool:
        """Whether the admin left a feature on."""
        return feature not in self.disabled_features

    def client_config(self) -> dict[str, Any]:
        """What the frontend may know of the settings (never a credential)."""
        return {
            "features": {f: self.feature_enabled(f) for f in FEATURES},
            "exportDefaultFormat": self.export_default_format,
            "policy": self.effective_policy(),
            "allowShareWithoutOutputs": self.allow_share_without_outputs,
            "bannerMessage": self.banner_message,
            "github": {
                "apiUrl": self.github_api_url,
                "webUrl": self.github_web_url,
                "deviceFlow": bool(self.github_oauth_client_id),
            },
            "drive": {"deviceFlow": bool(self.google_client_id and self.google_client_secret)},
            "linkTargets": list(self.link_targets),
            "linksPinCommit": self.links_pin_commit,
        }

    def initialize_handlers(self) -> None:
        from .handlers import routes

        self.handlers.extend(routes())
