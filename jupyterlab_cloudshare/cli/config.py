"""The admin's settings for the command line: read as Jupyter Server reads them.

:func:`load_app` gives a :class:`~jupyterlab_cloudshare.app.CloudShareApp`
configured from the same places, in the same order, as the server's
extension: ``jupyter_jupyterlab_cloudshare_config`` then
``jupyter_server_config`` (``.py`` then ``.json``) in every folder of
``jupyter --paths`` (``JUPYTER_CONFIG_PATH`` first, the user's folder left
out when the hub locks user config with ``JUPYTERHUB_DISABLE_USER_CONFIG``),
then ``--CloudShareApp.name=value`` options. The loading is traitlets' own
(``JupyterApp.load_config_file``); the values land in the app's traits, so
the CLI gets the same policy, account and share records as the server.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..app import CloudShareApp

#: The prefix of the options that set a CloudShareApp trait on the command line.
TRAIT_PREFIX = "--CloudShareApp."


def split_trait_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(other args, --CloudShareApp.* args)``; ``--CloudShareApp.x v`` takes ``v`` along."""
    rest: list[str] = []
    traits: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith(TRAIT_PREFIX):
            if "=" not in arg and i + 1 < len(args):
                traits.append(f"{arg}={args[i + 1]}")
                i += 2
                continue
            traits.append(arg)
        else:
            rest.append(arg)
        i += 1
    return rest, traits


def _user_config_locked() -> bool:
    # As jupyterhub-singleuser reads it (jupyterhub.utils._bool_env).
    return os.environ.get("JUPYTERHUB_DISABLE_USER_CONFIG", "").lower() not in ("", "0", "false")


def _outside_home(paths: Sequence[str]) -> list[str]:
    home = Path.home().resolve()
    return [p for p in paths if not Path(p).resolve().is_relative_to(home)]


def config_file_paths() -> list[str]:
    """The folders the server reads config files from, highest priority first."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_config_path

    paths = jupyter_config_path()
    user_dir = jupyter_config_dir()
    if user_dir not in paths:
        paths.insert(0, user_dir)
    if _user_config_locked():
        # jupyterhub-singleuser drops every folder under $HOME; so do we.
        paths = _outside_home(paths)
    return paths


def _loader(trait_args: Sequence[str]) -> Any:
    from jupyter_core.application import JupyterApp
    from traitlets.config import Application

    from ..app import CloudShareApp

    class SettingsLoader(JupyterApp):  # type: ignore[misc]
        """Loads config files and command-line traits the way Jupyter apps do."""

        name = "jupyter-cloudshare"
        description = "Read the CloudShareApp settings."
        classes: ClassVar[list[type]] = [CloudShareApp]

        @property
        def config_file_paths(self) -> list[str]:
            return config_file_paths()

    # A config file that does not load is an error here, not a silent default.
    loader = SettingsLoader(raise_config_file_errors=True)
    loader.parse_command_line(list(trait_args))
    # Lowest priority first, as the extension sees them: its own file, then
    # the server's config (jupyter_config, jupyter_server_config) merged over
    # it by ExtensionApp._link_jupyter_server_extension; the command line last.
    for basename in (
        "jupyter_jupyterlab_cloudshare_config",
        "jupyter_config",
        "jupyter_server_config",
    ):
        Application.load_config_file(loader, basename, path=loader.config_file_paths)
    return loader


def load_app(trait_args: Sequence[str] = ()) -> CloudShareApp:
    """The CloudShareApp of this machine's configuration (plus ``trait_args``).

    Raises :class:`~..core.policy.SettingsError` for a setting it cannot use:
    a config file that does not load, a value of the wrong type.
    """
    from traitlets import TraitError
    from traitlets.config.loader import ArgumentError

    from ..app import CloudShareApp, settings_error_message
    from ..core.policy import SettingsError

    if trait_args and _user_config_locked():
        # On a hub that locks user config the admin's files are the only source, as for
        # the server the spawner starts: a command-line option would undo the lock.
        raise SettingsError(
            "The administrator locks this server's settings (JupyterHub "
            "disable_user_config): --CloudShareApp options are not accepted here."
        )
    try:
        loader = _loader(trait_args)
    except SystemExit:
        raise SettingsError(
            "Cannot read the --CloudShareApp options; use --CloudShareApp.name=value."
        ) from None
    except (ArgumentError, TraitError) as err:
        raise SettingsError(settings_error_message(err)) from None
    except Exception as err:  # a config file that raises: any error of its code
        text = " ".join(f"{type(err).__name__}: {err}".split())[:300]
        raise SettingsError(
            f"A Jupyter config file could not be read ({text}). Nothing is shared until "
            "it is fixed."
        ) from None
    try:
        app = CloudShareApp(config=loader.config)
    except TraitError as err:
        raise SettingsError(settings_error_message(err)) from None
    app.__dict__["_loaded_from"] = {
        "files": list(loader.loaded_config_files),
        "command_line": list(trait_args),
    }
    return app


def sources(app: CloudShareApp) -> dict[str, Any]:
    """The config files read and the command-line options given, for ``settings``."""
    loaded: dict[str, Any] = app.__dict__.get("_loaded_from", {})
    return loaded
