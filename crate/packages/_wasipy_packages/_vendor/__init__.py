"""packaging, resolvelib and installer, packed here from their pinned wheels by
scripts/pack_stdlib.py (VENDORED_WHEELS in scripts/pins.env), so that a user's
own `packaging` in site-packages is neither shadowed nor used by the installer."""
