"""Command-line tools of the CloudWeGo community site (run as ``python -m tools.NAME``)."""
