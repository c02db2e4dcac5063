"""The bureau's storage: one SQLAlchemy Core schema for SQLite (default) and PostgreSQL.

SQLite transactions start with BEGIN IMMEDIATE so concurrent writers queue on the busy
timeout instead of failing with "database is locked" when a reader upgrades to a writer.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

DEFAULT_URL = "sqlite:///bureau.sqlite3"

metadata = sa.MetaData()

terminals = sa.Table(
    "terminals",
    metadata,
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("key_hex", sa.String(128), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float),
    sa.Column("version", sa.String(64)),
    sa.Column("build", sa.String(64)),
    sa.Column("devices", sa.JSON),
    sa.Column("backlog_pending", sa.Integer),
    sa.Column("backlog_oldest_age_s", sa.Float),
)

nonces = sa.Table(
    "nonces",
    metadata,
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("nonce", sa.String(128), primary_key=True),
    sa.Column("seen_at", sa.Float, nullable=False, index=True),
)

transactions = sa.Table(
    "transactions",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(64), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.UniqueConstraint("terminal_id", "seq", name="uq_transactions_terminal_seq"),
)


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def open_engine(url: str = DEFAULT_URL, create: bool = True) -> Engine:
    """An engine for `url` with the schema in place."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=10, max_overflow=20
        )
        _sqlite_immediate_transactions(engine)
    else:
        engine = sa.create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)
    if create:
        metadata.create_all(engine)
    return engine


def _sqlite_immediate_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def reset(engine: Engine) -> None:
    """Empty every table (tests)."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
