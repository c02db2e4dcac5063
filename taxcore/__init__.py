"""What the terminal and the bureau must agree on, in one place: plain Python, no Qt, no server.

ID-number checks, masking of personal data, money in fen, the request signature, the signed
document payload and the retry backoff. Both sides import these modules, so a rule changed
here changes on both sides at once. Import-linter keeps this package free of the project's
other packages and of PySide6 (docs/architecture.md).
"""
