"""The local SQLite outbox and its sync to the bureau; knows nothing of Qt or tax."""
