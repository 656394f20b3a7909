"""Row by row agreement of a ratecard ledger with another engine's:
python agree.py RATECARD_LEDGER.csv OTHER.csv NAME. The other file has claim_id, status,
amount, council and fund (amounts in pence), one row per claim; every claim must have the
same status and the same amounts to the penny. Exits 1 on the first ten differences."""
import csv, sys

def pence(text):
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2]) if not whole.startswith("-") else -pence(text[1:])

ours = {row["claim_id"]: (row["status"], pence(row["amount"]), pence(row["council"]), pence(row["fund"]))
        for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
theirs = {row["claim_id"]: (row["status"], int(row["amount"]), int(row["council"]), int(row["fund"]))
          for row in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))}
name = sys.argv[3]
problems = []
if set(ours) != set(theirs):
    problems.append(f"claims only in ratecard: {len(set(ours) - set(theirs))}, only in {name}: {len(set(theirs) - set(ours))}")
for claim, row in ours.items():
    if claim in theirs and theirs[claim] != row:
        problems.append(f"{claim}: ratecard {row}, {name} {theirs[claim]}")
if problems:
    print(f"{name} disagrees with ratecard on {len(problems)} claims:", file=sys.stderr)
    for problem in problems[:10]:
        print("  " + problem, file=sys.stderr)
    sys.exit(1)
print(f"{name} agrees with ratecard on all {len(ours):,} claims", file=sys.stderr)
