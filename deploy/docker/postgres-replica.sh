#!/bin/bash
# The streaming read replica: on an empty data folder, copy the primary (pg_basebackup through the slot made
# by postgres-primary.sh; -R writes standby.signal and primary_conninfo), then run as a hot standby, which
# answers reads and refuses every write. The app sends it only the routes marked replica=True.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host=db --username="$POSTGRES_USER" --quiet; do sleep 1; done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" \
        pg_basebackup --host=db --username=replicator --pgdata="$PGDATA" --wal-method=stream \
                      --slot=replica1 --write-recovery-conf
fi
exec docker-entrypoint.sh postgres -c hot_standby=on
