"""The bureau's storage: one SQLAlchemy Core schema for SQLite (default) and PostgreSQL.

SQLite transactions start with BEGIN IMMEDIATE so concurrent writers queue on the busy
timeout instead of failing with "database is locked" when a reader upgrades to a writer.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

DEFAULT_URL = "sqlite:///bureau.sqlite3"

metadata = sa.MetaData()


def _table(name: str, *columns: sa.Column | sa.Constraint) -> sa.Table:  # type: ignore[type-arg]
    """A table of the bureau's schema (one MetaData: `create_all` and `_add_missing` see them all)."""
    return sa.Table(name, metadata, *columns)


terminals = _table(
    "terminals",
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

nonces = _table(
    "nonces",
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("nonce", sa.String(128), primary_key=True),
    sa.Column("seen_at", sa.Float, nullable=False, index=True),
)

transactions = _table(
    "transactions",
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
        _create_private(url)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=10, max_overflow=20
        )
        _sqlite_immediate_transactions(engine)
    else:
        engine = sa.create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)
    if create:
        metadata.create_all(engine)
        _add_missing(engine)
    return engine


def _create_private(url: str) -> None:
    """An SQLite database file is made mode 0600 before SQLite opens it (its -wal and -shm files
    take the same mode): it holds every taxpayer's records."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, None for any other database (or an in-memory one)."""
    url = normalise_url(url)
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        return None
    return Path(url[len("sqlite:///"):])


def _add_missing(engine: Engine) -> None:
    """Bring a database made by an older bureau up to this schema where that is additive: new
    nullable columns and new indexes (new tables `create_all` makes itself)."""
    with engine.begin() as conn:  # one connection: SQLite would make a second one wait on it
        inspector = sa.inspect(conn)
        for table in metadata.sorted_tables:
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
            for index in table.indexes:
                index.create(conn, checkfirst=True)


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


settings = _table(
    "settings",
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

taxpayers = _table(
    "taxpayers",
    sa.Column("id_number", sa.String(18), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("gender", sa.String(1), nullable=False),
    sa.Column("birth_date", sa.String(10), nullable=False),
)


def _owned(name: str, *columns: sa.Column | sa.Constraint) -> sa.Table:  # type: ignore[type-arg]
    """A per-taxpayer record table: an integer id, the owner's ID number, then `columns`."""
    return _table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id_number", sa.String(18), sa.ForeignKey("taxpayers.id_number"), nullable=False, index=True),
        *columns,
    )


iit_records = _owned(
    "iit_records",
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("withholding_agent", sa.String(128), nullable=False),
    sa.Column("income_item", sa.String(32), nullable=False),
    sa.Column("income_cents", sa.BigInteger, nullable=False),
    sa.Column("tax_cents", sa.BigInteger, nullable=False),
    sa.Column("voucher_no", sa.String(20)),  # 原凭证号: the withholding agent's payment voucher
    sa.Column("declared_on", sa.String(10)),  # 申报日期, YYYY-MM-DD
    sa.Column("paid_on", sa.String(10)),  # 入(退)库日期: the tax reached the treasury
)
si_contributions = _owned(
    "si_contributions",
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("insurance", sa.String(32), nullable=False),
    sa.Column("base_cents", sa.BigInteger, nullable=False),
    sa.Column("personal_cents", sa.BigInteger, nullable=False),
    sa.Column("employer_cents", sa.BigInteger, nullable=False),
    sa.Column("paid_on", sa.String(10)),  # 缴费日期, YYYY-MM-DD
)
arrears = _owned(
    "arrears",
    sa.Column("tax_kind", sa.String(32), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("late_fee_cents", sa.BigInteger, nullable=False),
    sa.Column("paid_order_id", sa.String(32)),
)
vehicles = _owned(
    "vehicles",
    sa.Column("plate", sa.String(16), nullable=False, unique=True),
    sa.Column("vin", sa.String(17)),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("displacement_l", sa.Float),
    sa.Column("annual_tax_cents", sa.BigInteger, nullable=False),
    sa.Column("paid_through_year", sa.Integer, nullable=False),
)
sa.Index("uq_vehicles_vin", vehicles.c.vin, unique=True)
businesses = _owned(
    "businesses",
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("industry", sa.String(32), nullable=False),
    sa.Column("monthly_sales_quota_cents", sa.BigInteger, nullable=False),
    sa.Column("monthly_tax_cents", sa.BigInteger, nullable=False),
)
si_payments = _owned(  # social insurance paid at a terminal, one per person, insurance and year
    "si_payments",
    sa.Column("insurance", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("order_id", sa.String(32), nullable=False),
    sa.UniqueConstraint("id_number", "insurance", "year", name="uq_si_payments_person_year"),
)
filings = _table(  # fixed-quota households' monthly filings, one per business and period
    "filings",
    sa.Column("filing_id", sa.String(64), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("hall_id", sa.String(32), nullable=False),
    sa.Column("id_number", sa.String(18), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("sales_cents", sa.BigInteger, nullable=False),
    sa.Column("tax_cents", sa.BigInteger, nullable=False),
    sa.Column("order_id", sa.String(32)),
    sa.Column("filed_at", sa.Float, nullable=False),
    sa.UniqueConstraint("id_number", "period", name="uq_filings_person_period"),
)
invoice_quotes = _table(  # a small-amount invoice priced before its taxes are paid
    "invoice_quotes",
    sa.Column("quote_id", sa.String(32), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("seller_id_number", sa.String(18), nullable=False),
    sa.Column("buyer_name", sa.String(128), nullable=False),
    sa.Column("lines", sa.JSON, nullable=False),
    sa.Column("total_cents", sa.BigInteger, nullable=False),
    sa.Column("taxes", sa.JSON, nullable=False),
    sa.Column("tax_cents", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("order_id", sa.String(32)),  # the paid order that carried its taxes
    sa.Column("invoice_serial", sa.String(32), unique=True),
)
documents = _table(
    "documents",
    sa.Column("serial", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("id_number", sa.String(18), nullable=False, index=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.Float, nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("qr", sa.Text, nullable=False),  # the signed payload (the printed QR is its verification address)
    sa.Column("verify_code", sa.String(16), index=True),  # bureau/doclink.py; filled for older rows at start
)

orders = _table(
    "orders",
    sa.Column("order_id", sa.String(32), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("order_key", sa.String(64), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("id_number", sa.String(18), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("total_cents", sa.BigInteger, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("pay_token", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("paid_at", sa.Float),
    sa.UniqueConstraint("terminal_id", "order_key", name="uq_orders_terminal_key"),
)

visits = _table(
    "visits",
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),  # ticket | appointment | rating
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("hall_id", sa.String(32), nullable=False, index=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("kind", "key", name="uq_visits_kind_key"),
)

technician_cards = _table(
    "technician_cards",
    sa.Column("card_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float),
)

request_keys = _table(  # the terminal's idempotency keys: a key means one request of that terminal, forever
    "request_keys",
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("scope", sa.String(16), primary_key=True),  # ticket, appointment, rating, filing
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(64), nullable=False),  # what the request made (visits.key, filing id)
    sa.Column("created_at", sa.Float, nullable=False),
)

taxpayer_sessions = _table(  # a verified taxpayer at one terminal, for one visit: who its requests act for
    "taxpayer_sessions",
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256 of the token: the table holds no token
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("id_number", sa.String(18), nullable=False),
    sa.Column("visit_id", sa.String(64)),
    sa.Column("method", sa.String(16), nullable=False),  # face
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("ended_at", sa.Float),
)
