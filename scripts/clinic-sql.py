#!/usr/bin/env python3
"""Runs scripts/clinic-weeks.sql over a folder of Limber logs, straight from the JSONL, on DuckDB
or on Spark (local mode): per patient and ISO week, sessions done and discomfort, as CSV on
stdout; the time taken on stderr. --parquet DIR also writes the lines as Parquet (DuckDB).

Usage: clinic-sql.py FOLDER [--engine duckdb|spark] [--parquet DIR]
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUERY = open(os.path.join(HERE, "clinic-weeks.sql"), encoding="utf-8").read()

# The view differs by engine (reading JSON, ISO weeks); the query above is the same text.
DUCKDB_VIEW = """
CREATE VIEW raw AS SELECT * FROM read_json('{folder}/*.jsonl', format = 'newline_delimited', filename = true,
    columns = {{ts: 'VARCHAR', session: 'VARCHAR', type: 'VARCHAR', patient: 'VARCHAR', status: 'VARCHAR',
               exercise: 'VARCHAR', rating: 'INTEGER', schedule: 'STRUCT(per_day INTEGER)',
               planned: 'STRUCT(exercises STRUCT(sets INTEGER, sides VARCHAR[])[])'}});
CREATE VIEW lines AS SELECT
    coalesce(max(patient) OVER (PARTITION BY filename), regexp_extract(filename, '([^/]+)[.]jsonl$', 1)) AS patient,
    session, ts, type, status, exercise, rating,
    CAST(substr(ts, 1, 10) AS DATE) AS day,
    strftime(CAST(substr(ts, 1, 10) AS DATE), '%G-W%V') AS iso_week,
    schedule.per_day AS per_day,
    list_sum(list_transform(planned.exercises, lambda e: e.sets * greatest(1, len(e.sides)))) AS planned_sets
FROM raw;
"""

SPARK_VIEW = """
CREATE OR REPLACE TEMPORARY VIEW lines AS SELECT
    coalesce(max(patient) OVER (PARTITION BY file), regexp_extract(file, '([^/]+)[.]jsonl$', 1)) AS patient,
    session, ts, type, status, exercise, rating,
    to_date(substr(ts, 1, 10)) AS day,
    concat(year(date_add(to_date(substr(ts, 1, 10)), 3 - (dayofweek(to_date(substr(ts, 1, 10))) + 5) % 7)), '-W',
           lpad(weekofyear(to_date(substr(ts, 1, 10))), 2, '0')) AS iso_week,
    schedule.per_day AS per_day,
    aggregate(planned.exercises, CAST(0 AS BIGINT), (acc, e) -> acc + e.sets * greatest(1, size(e.sides))) AS planned_sets
FROM raw
"""


def duckdb_rows(folder, parquet):
    import duckdb
    con = duckdb.connect()
    con.execute(DUCKDB_VIEW.format(folder=folder.replace("'", "''")))
    if parquet:
        os.makedirs(parquet, exist_ok=True)
        con.execute(f"COPY (SELECT * FROM lines) TO '{os.path.join(parquet, 'lines.parquet')}' (FORMAT parquet)")
    return con.execute(QUERY).fetchall()


def spark_rows(folder):
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import input_file_name
    spark = SparkSession.builder.master("local[*]").appName("limber-clinic").getOrCreate()
    spark.read.json(os.path.join(folder, "*.jsonl")).withColumn("file", input_file_name()).createOrReplaceTempView("raw")
    spark.sql(SPARK_VIEW)
    rows = [tuple(r) for r in spark.sql(QUERY).collect()]
    spark.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--parquet")
    args = parser.parse_args()
    began = time.monotonic()
    if args.engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError:
            print("clinic-sql: pyspark is not installed; the Spark run is skipped", file=sys.stderr)
            return 0
        rows = spark_rows(os.path.abspath(args.folder))
    else:
        rows = duckdb_rows(os.path.abspath(args.folder), args.parquet)
    print("patient,iso_week,sessions_done,ratings,mean_discomfort,max_discomfort")
    for r in rows:
        print(",".join("" if v is None else str(v) for v in r))
    print(f"clinic-sql: {args.engine}: {len(rows)} patient-weeks in {time.monotonic() - began:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
