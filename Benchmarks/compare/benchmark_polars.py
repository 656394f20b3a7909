"""The benchmark card (Benchmarks/eval/benchmark.ratecard) written by hand with polars: the
comparison run by Benchmarks/run-eval, the same rules as benchmark.sql (written from
docs/evaluation.md, not from the engine).

python benchmark_polars.py PARTICIPANTS CLAIMS OUT writes claim_id, status, amount, council,
fund (amounts in pence) in evaluation order."""
import sys
import polars as pl

participants_path, claims_path, out = sys.argv[1:4]
participants = pl.read_csv(participants_path, infer_schema=False).select(
    "participant_id", pl.col("started_on").str.to_date(strict=False))
claims = (
    pl.read_csv(claims_path, infer_schema=False)
    .with_columns(
        pl.col("achieved_on").str.to_date(strict=False).alias("day"),
        pl.col("evidence").fill_null("").str.split(";"),
        pl.col("tenancy_started_on").str.to_date(strict=False),
        pl.col("job_started_on").str.to_date(strict=False))
    # Evaluation order: achieved date, then claim id (by bytes, as polars compares text).
    .sort(["day", "claim_id"], nulls_last=True)
    .with_row_index("position")
    .join(participants, on="participant_id", how="inner", maintain_order="left"))

def has(*kinds):
    return pl.col("evidence").list.eval(pl.element().is_in(list(kinds))).list.any()

def months_after(column, months):
    # Months keep the day of the month and clamp to the month's end.
    return pl.col(column).dt.offset_by(f"{months}mo")

outcome = pl.col("outcome")
day = pl.col("day")
rungs = {"accommodation_sustained_3_months": 3, "accommodation_sustained_6_months": 6,
         "accommodation_sustained_12_months": 12}
passes = pl.when(outcome == "assessment").then(
    pl.col("started_on").is_not_null() & (day <= months_after("started_on", 3))
    & has("assessment_form"))
passes = passes.when(outcome == "accommodation_entry").then(has("tenancy", "landlord_letter"))
for rung, months in rungs.items():
    passes = passes.when(outcome == rung).then(
        pl.col("tenancy_started_on").is_not_null() & (day >= months_after("tenancy_started_on", months))
        & has("tenancy", "landlord_letter"))
passes = passes.when(outcome == "job_entry").then(has("payslips", "employer_letter"))
job_rungs = {"job_sustained_13_weeks": 91, "job_sustained_26_weeks": 182, "job_sustained_52_weeks": 364}
for rung, days in job_rungs.items():
    passes = passes.when(outcome == rung).then(
        pl.col("job_started_on").is_not_null()
        & (day >= pl.col("job_started_on") + pl.duration(days=days)) & has("payslips"))
in_term = day.is_between(pl.date(2020, 1, 1), pl.date(2024, 12, 31))
requires = (
    pl.when(outcome.is_in(["accommodation_entry", "job_entry"])).then(pl.lit("assessment"))
    .when(outcome.is_in(list(rungs))).then(pl.lit("accommodation_entry"))
    .when(outcome.is_in(list(job_rungs))).then(pl.lit("job_entry"))
    .otherwise(pl.lit(None, dtype=pl.String)))
checked = claims.with_columns(
    passes=(in_term & passes.otherwise(False)).fill_null(False), requires=requires)

# Achieved: passes, what it requires was achieved by an earlier claim, and the first such
# claim of its outcome for the participant. Requirements are one level down: three levels.
def first(frame):
    return frame.group_by(["participant_id", "outcome"]).agg(pl.col("position").min())

achieved = first(checked.filter(pl.col("passes") & pl.col("requires").is_null()))
for level in (["assessment"], ["accommodation_entry", "job_entry"]):
    candidates = checked.filter(pl.col("passes") & pl.col("requires").is_in(level)).join(
        achieved.rename({"outcome": "requires", "position": "required_at"}),
        on=["participant_id", "requires"]).filter(pl.col("required_at") < pl.col("position"))
    achieved = pl.concat([achieved, first(candidates.select(achieved.columns))])

v2 = day >= pl.date(2022, 1, 1)
price = (
    pl.when(outcome == "assessment").then(30000)
    .when(outcome == "accommodation_entry").then(60000)
    .when(outcome.is_in(["accommodation_sustained_3_months", "accommodation_sustained_6_months"])).then(150000)
    .when(outcome == "accommodation_sustained_12_months").then(pl.when(v2).then(220000).otherwise(260000))
    .when(outcome == "job_entry").then(pl.when(v2).then(130000).otherwise(100000))
    .when(outcome == "job_sustained_13_weeks").then(120000)
    .when(outcome == "job_sustained_26_weeks").then(180000)
    .when(outcome == "job_sustained_52_weeks").then(200000)
    .otherwise(0))
ledger = (
    checked.join(achieved.with_columns(achieved=pl.lit(True)), on=["participant_id", "outcome", "position"],
                 how="left", maintain_order="left")
    .with_columns(price=pl.when(pl.col("achieved").fill_null(False)).then(price).otherwise(0).cast(pl.Int64))
    .sort("position")
    # The £8,200 per-participant cap, first come first served in evaluation order.
    .with_columns(total=pl.col("price").cum_sum().over("participant_id"))
    .with_columns(amount=pl.min_horizontal("total", 820000)
                  - pl.min_horizontal(pl.col("total") - pl.col("price"), 820000)))
amount = pl.col("amount")
left_over = amount - amount * 70 // 100 - amount * 30 // 100
council_wins = (amount * 70) % 100 >= (amount * 30) % 100
(ledger.select(
    "claim_id",
    status=pl.when(amount == 0).then(pl.lit("rejected"))
    .when(amount < pl.col("price")).then(pl.lit("reduced")).otherwise(pl.lit("paid")),
    amount=amount,
    council=amount * 70 // 100 + pl.when((left_over == 1) & council_wins).then(1).otherwise(0),
    fund=amount * 30 // 100 + pl.when((left_over == 1) & ~council_wins).then(1).otherwise(0))
 .write_csv(out))
