"""Runs benchmark.sql with DuckDB: python run_duckdb.py PARTICIPANTS CLAIMS OUT [THREADS]."""
import os, sys
import duckdb

participants, claims, out = sys.argv[1:4]
sql = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "benchmark.sql")).read()
sql = sql.replace("{participants}", participants).replace("{claims}", claims).replace("{out}", out)
connection = duckdb.connect()
if len(sys.argv) > 4:
    connection.execute(f"SET threads TO {int(sys.argv[4])}")
connection.execute(sql)
