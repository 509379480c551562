"""A person's rights over their data: export everything, and delete the account for real.

This sits at the top layer (beside api and web) because it reaches into every app's data:
posts, media, tokens, lists and the moderation record. The AccountDeletion row itself lives in
accounts; the work of purging and exporting lives here.
"""
