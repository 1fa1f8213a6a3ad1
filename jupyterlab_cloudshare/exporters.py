"""nbconvert exporters for the script flavours.

Registered as ``nbconvert.exporters`` entry points, so ``jupyter nbconvert
--to colab_py`` (or ``percent_py``) and JupyterLab's "Save and Export Notebook
As" menu give the same script as ``jupyter cloudshare export`` and the
extension's own button. nbconvert imports this module only when it lists or
uses exporters, never at server start.
"""

from __future__ import annotations

from typing import Any, ClassVar

from nbconvert.exporters import Exporter

from .core.export import export_notebook
from .core.notebook import normalise


class _ScriptExporter(Exporter):  # type: ignore[misc]
    """A notebook to one of :mod:`.core.export`'s script flavours."""

    flavour: ClassVar[str]
    output_mimetype = "text/x-python"

    def _file_extension_default(self) -> str:
        return ".py"

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """The script for ``nb`` and nbconvert's resources (with the script's extension)."""
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        meta = resources.get("metadata") or {}
        stem = str(meta.get("name") or "notebook")
        name = stem if stem.lower().endswith(".ipynb") else f"{stem}.ipynb"
        # The administrator's settings hold here as in the extension's own export.
        from .cli.config import load_app

        app = load_app()
        app.policy().require_feature("export")
        decision = app.policy().check(
            normalise(nb_copy, name), "export", acknowledge=None, without_outputs=False, name=name
        )
        result = export_notebook(decision.notebook, self.flavour, name=name)
        resources["output_extension"] = result.extension
        return result.text, resources


class ColabExporter(_ScriptExporter):
    """Colab's "Download .py" layout: always valid Python, magics commented out."""

    flavour = "colab"
    export_from_notebook = "Python Script (Colab layout)"


class PercentExporter(_ScriptExporter):
    """``# %%`` cells that jupytext, VS Code, Spyder and PyCharm read back as the same cells."""

    flavour = "percent"
    export_from_notebook = "Python Script (# %% cells)"
