"""Balai: a self-hostable social network server."""

__version__ = "0.1.0"
