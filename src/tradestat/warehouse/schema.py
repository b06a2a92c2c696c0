"""The warehouse's tables, views and macros (DuckDB SQL).

Vintages work per *cell*: a (dataset, month, region, region basis, flow) combination. Each load
states every cell it contains completely; for each cell the load with the latest vintage (ties: the
later load) is in force. Nothing is ever overwritten, so any earlier state can be read back with
``records_as_of(date)``. The records themselves live in parts behind the ``records`` view
(``parts``).
"""

from __future__ import annotations

#: Version 2: parts may derive columns (``parts``). A version-1 file is read as it is and upgraded
#: the first time it is opened for writing; tradestat releases that know only version 1 refuse
#: a version-2 file instead of writing parts whose derived columns they would not see.
SCHEMA_VERSION = "2"
#: The versions this code reads.
READABLE_VERSIONS = ("1", "2")

CELL_COLUMNS = ("month", "region_code", "region_basis", "flow")

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS loads (
  load_id INTEGER PRIMARY KEY,
  dataset VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  grain VARCHAR NOT NULL,
  source_path VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  source_bytes BIGINT NOT NULL,
  options VARCHAR NOT NULL,
  vintage DATE NOT NULL,
  is_sample BOOLEAN NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  started_at TIMESTAMP NOT NULL,  -- UTC
  finished_at TIMESTAMP NOT NULL,  -- UTC
  notes VARCHAR NOT NULL,
  tradestat_version VARCHAR NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
  load_id INTEGER NOT NULL,
  source_row BIGINT,
  column_name VARCHAR,
  value VARCHAR,
  reason VARCHAR NOT NULL,
  raw VARCHAR
)""",
    """CREATE TABLE IF NOT EXISTS coverage (
  load_id INTEGER NOT NULL,
  dataset VARCHAR NOT NULL,
  month INTEGER NOT NULL,
  region_code VARCHAR NOT NULL,
  region_basis VARCHAR NOT NULL,
  flow VARCHAR NOT NULL,
  row_count BIGINT NOT NULL
)""",
)

#: Macros and views over ``records`` (a view itself, see ``parts``): created after it.
VIEWS: tuple[str, ...] = (
    # For every cell, the load in force on a given date: latest vintage, then latest load.
    """CREATE OR REPLACE MACRO cells_as_of(as_of) AS TABLE
  SELECT c.dataset, c.month, c.region_code, c.region_basis, c.flow,
         arg_max(c.load_id, (l.vintage, c.load_id)) AS load_id,
         max(l.vintage) AS vintage
  FROM coverage c JOIN loads l USING (load_id)
  WHERE l.vintage <= as_of
  GROUP BY ALL""",
    """CREATE OR REPLACE MACRO records_as_of(as_of) AS TABLE
  SELECT r.* FROM records r
  SEMI JOIN cells_as_of(as_of) c
    ON r.load_id = c.load_id AND r.month = c.month AND r.region_code = c.region_code
   AND r.region_basis = c.region_basis AND r.flow = c.flow""",
    "CREATE OR REPLACE VIEW records_current AS SELECT * FROM records_as_of(DATE '9999-12-31')",
    "CREATE OR REPLACE VIEW cells_current AS SELECT * FROM cells_as_of(DATE '9999-12-31')",
)
