#!/bin/bash
# The primary's first start (the official image runs /docker-entrypoint-initdb.d/*.sh once, on an empty data
# folder): a role that may stream the WAL, a slot that keeps the WAL until the replica has it, and the
# pg_hba line that lets the role connect for replication ("all" does not cover replication connections).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set=password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('replica1');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
