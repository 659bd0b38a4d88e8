#!/bin/sh
# Creates the app's own role and database beside Temporal's, on the first start of the volume.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE hookline LOGIN PASSWORD '${HOOKLINE_DB_PASSWORD}';
CREATE DATABASE hookline OWNER hookline;
SQL
