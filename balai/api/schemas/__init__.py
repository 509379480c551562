"""Mastodon entities, rendered as plain dicts (wire formats stay off the models)."""
