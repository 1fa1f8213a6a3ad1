"""The plain-Python core of jupyterlab-cloudshare.

Nothing under this package imports tornado or jupyter_server: the HTTP layer
(`jupyterlab_cloudshare.handlers`) and the CLI (`jupyterlab_cloudshare.cli`)
are both thin callers of these modules.
"""
