"""The Jupyter Server extension, every admin setting, and the services built from them.

Admins set these in ``jupyter_server_config.py`` (on a JupyterHub: the
single-user server's config, e.g. ``c.CloudShareApp.share_policy = {...}``).
Settings here hold whatever a user does in the browser: the frontend reads
them from ``GET /cloudshare/config`` and cannot override them. The
``jupyter cloudshare`` command line reads the same files into this same class
(:mod:`.cli.config`), so the CLI obeys them too.

The app owns the long-lived services: the effective :class:`SharePolicy`, the
share records (:class:`ShareStore`), the GitHub account and the device-flow
state. Handlers and the CLI get them from here, never build their own. A
setting the extension cannot understand is not replaced by a default: the
error is logged at start and every endpoint answers it (503).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import All, Bool, Dict, Enum, Float, Int, List, TraitError, Unicode, default, observe

from .core.export import FORMATS as EXPORT_FORMATS
from .core.links import TARGETS as LINK_TARGETS
from .core.policy import FEATURES, POLICY_LEVELS, SHARE_ACTIONS, SettingsError, SharePolicy

if TYPE_CHECKING:
    from .core.credentials import GitHubAccount
    from .core.device import DeviceFlow
    from .core.state import ShareStore
    from .core.workers import WorkerPool

__all__ = ["FEATURES", "POLICY_LEVELS", "SHARE_ACTIONS", "CloudShareApp"]


class CloudShareApp(ExtensionApp):
    """Share notebooks to GitHub, Gist, Colab and other platforms, guarded."""

    name = "jupyterlab_cloudshare"
    load_other_extensions = True
    _workers: WorkerPool | None = None

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

    worker_processes = Int(
        1,
        config=True,
        help=(
            "Processes that run scans, exports and policy checks, so that a large or "
            "pathological notebook never stalls the server; started on first use. 0 runs "
            "them in threads of the server process instead."
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
    # Values are checked by SharePolicy.from_settings (one place, messages naming
    # the setting); an unknown level or action stops every share.
    share_policy = Dict(
        config=True,
        help=(
            "Sensitive-data policy per share action (push, gist, link, export, drive): "
            "'off' (no check), 'warn' (refused with the findings unless the request "
            "acknowledges exactly those findings) or 'block' (only what the scanner "
            "read is shared, and any finding refuses). Missing actions take the "
            "defaults: push/gist/link/drive 'warn', export 'off'. A Drive file shared "
            "with anyone who has the link also obeys 'link' (the strictest wins). An "
            "unknown action or level refuses every share until fixed."
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
    allow_user_suppressions_under_block = Bool(
        False,
        config=True,
        help=(
            "Under 'block', honour the user's own suppressions ('cloudshare: ignore' "
            "comments, cell metadata). They are always honoured under 'warn'."
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
            "On JupyterHub, use the user's GitHub token from the hub's auth_state "
            "(OAuthenticator): the one the spawner passes in github_hub_token_env "
            "(taken out of the environment at start, so kernels do not inherit it), "
            "else read through $JUPYTERHUB_API_URL when the server's token may read "
            "auth_state. See docs/admin.md."
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
    badge_style = Enum(
        ["image", "text", "text-only"],
        default_value="image",
        config=True,
        help=(
            "How 'Insert badge cell' writes launch badges. 'image': image badges first (each "
            "loads a picture from an outside host, such as img.shields.io, whenever the "
            "notebook is shown; users are told before inserting), plain text links offered "
            "beside them. 'text': text links first, image badges still offered. 'text-only': "
            "text links only, so no notebook loads badge images."
        ),
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

    # ---- invalid settings fail closed ------------------------------------
    #: Why the settings cannot be used (a trait of the wrong type), if so.
    settings_error: str | None = None

    def _link_jupyter_server_extension(self, serverapp: Any) -> None:
        # A trait of the wrong type makes traitlets raise while the server links
        # extensions; it would then log and run on without our endpoints, or
        # with the traits set so far and defaults for the rest. Keep the
        # extension linked and refusing instead.
        try:
            super()._link_jupyter_server_extension(serverapp)
        except TraitError as err:
            self.settings_error = settings_error_message(err)
            self._linked = True

    def initialize_settings(self) -> None:
        try:
            self.policy()
        except SettingsError as err:
            self.log.error("jupyterlab_cloudshare: %s", err.message)
            return
        self._adopt_hub_token()

    # ---- the services ------------------------------------------------------
    _services: dict[str, Any]

    @observe(All)
    def _settings_changed(self, change: Any) -> None:
        # Services built from the settings are rebuilt after any change.
        self.__dict__.pop("_services", None)

    def _service(self, name: str, build: Any) -> Any:
        services = self.__dict__.setdefault("_services", {})
        if name not in services:
            services[name] = build()
        return services[name]

    def policy(self) -> SharePolicy:
        """The effective sharing policy; :class:`SettingsError` if the settings are invalid."""
        if self.settings_error:
            raise SettingsError(self.settings_error)
        return self._service(  # type: ignore[no-any-return]
            "policy",
            lambda: SharePolicy.from_settings(
                share_policy=self.share_policy,
                disabled_features=self.disabled_features,
                allow_share_without_outputs=self.allow_share_without_outputs,
                allow_user_suppressions_under_block=self.allow_user_suppressions_under_block,
                scan_disabled_detectors=self.scan_disabled_detectors,
                scan_custom_patterns=self.scan_custom_patterns,
                scan_allow_patterns=self.scan_allow_patterns,
                scan_allow_email_domains=self.scan_allow_email_domains,
            ),
        )

    def share_store(self) -> ShareStore:
        """Where each notebook was last shared (one store per app)."""
        from .core.state import ShareStore

        return self._service("share_store", ShareStore)  # type: ignore[no-any-return]

    def github_account(self) -> GitHubAccount:
        """The user's GitHub account as the admin's settings define it."""
        from .core.credentials import GitHubAccount

        return self._service(  # type: ignore[no-any-return]
            "github_account",
            lambda: GitHubAccount(
                api_url=self.github_api_url,
                web_url=self.github_web_url,
                timeout=self.github_timeout,
                max_retries=self.github_max_retries,
                from_hub=self.github_token_from_hub,
                hub_env=self.github_hub_token_env,
                oauth_client_id=self.github_oauth_client_id,
                hub_token=self.__dict__.get("_hub_token"),
            ),
        )

    def device_flow(self, new: bool = False) -> DeviceFlow | None:
        """The device-flow sign-in in progress; a fresh one with ``new``."""
        from .core.device import DeviceFlow

        if new:
            self.__dict__["_device_flow"] = DeviceFlow(
                self.github_oauth_client_id,
                self.github_web_url,
                scopes=self.github_oauth_scopes,
                timeout=self.github_timeout,
            )
        flow: DeviceFlow | None = self.__dict__.get("_device_flow")
        return flow

    def _adopt_hub_token(self) -> None:
        """Keep the token the spawner passed, and take it out of the environment.

        Kernels and terminals inherit the server's environment: a notebook
        printing ``os.environ`` must not show the token.
        """
        name = self.github_hub_token_env
        if self.github_token_from_hub and name and os.environ.get(name):
            self.__dict__["_hub_token"] = os.environ.pop(name).strip()
            self.__dict__.pop("_services", None)

    def client_config(self) -> dict[str, Any]:
        """What the frontend may know of the settings (never a credential)."""
        policy = self.policy()
        return {
            "features": {f: policy.feature_enabled(f) for f in FEATURES},
            "exportDefaultFormat": self.export_default_format,
            "policy": dict(policy.levels),
            "allowShareWithoutOutputs": self.allow_share_without_outputs,
            "allowUserSuppressionsUnderBlock": self.allow_user_suppressions_under_block,
            "bannerMessage": self.banner_message,
            "github": {
                "apiUrl": self.github_api_url,
                "webUrl": self.github_web_url,
                "deviceFlow": bool(self.github_oauth_client_id),
            },
            "drive": {"deviceFlow": bool(self.google_client_id and self.google_client_secret)},
            "linkTargets": list(self.link_targets),
            "linksPinCommit": self.links_pin_commit,
            "badgeStyle": self.badge_style,
        }

    def worker_pool(self) -> WorkerPool | None:
        """The processes for CPU-heavy notebook work (None: run it in threads)."""
        if self.worker_processes < 1:
            return None
        if self._workers is None:
            from .core.workers import WorkerPool

            self._workers = WorkerPool(self.worker_processes)
        return self._workers

    async def stop_extension(self) -> None:
        """Stop the worker processes with the server."""
        if self._workers is not None:
            from tornado.ioloop import IOLoop

            await IOLoop.current().run_in_executor(None, self._workers.shutdown)

    def initialize_handlers(self) -> None:
        from .handlers import routes

        self.handlers.extend(routes())


def settings_error_message(err: Exception) -> str:
    """A one-line message naming the setting traitlets refused."""
    text = " ".join(str(err).split())
    return f"Invalid setting in CloudShareApp: {text[:300]}. Nothing is shared until it is fixed."
