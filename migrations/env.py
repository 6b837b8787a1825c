"""Alembic environment: migrates the engine handed over by app.migrate, or FACTSPAN_DATABASE_URL."""
from alembic import context
from sqlalchemy import Engine, create_engine

import app.models  # noqa: F401  (registers every table on the metadata)
from app.database import normalise_url
from app.db import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    import os

    url = config.get_main_option("sqlalchemy.url") or os.environ.get("FACTSPAN_DATABASE_URL")
    if not url:
        raise SystemExit("Set FACTSPAN_DATABASE_URL, or run migrations through 'factspan init'.")
    return create_engine(normalise_url(url))


def _sqlite_foreign_keys(connection, on: bool) -> None:
    # A PRAGMA is ignored inside a transaction, so it goes to the driver's connection, outside one.
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table and drops the old one, which foreign keys would refuse while
            # rows reference it; the keys are checked once the migration has run.
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"The migration left rows with broken foreign keys: {broken[:10]}")
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()  # nothing is open after a commit; after a failure, the PRAGMA needs none open
                _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
