#!/bin/sh
# bench.sh - rfmkit's benchmarks on the full real dataset (make bench).
#
# usage: sh tests/bench.sh BUILD_DIR          (from the top of the repository)
#
# Each section times a few commands side by side on the same input: whole-
# process wall time to the microsecond and peak resident memory in KB
# (BUILD_DIR/tools/runtime: GNU time's hundredths are a tenth of an
# rfm-extract run), and CPU time (user + system) where a target is about
# work rather than waiting.  The machine is shared and noisy, so every
# section runs BENCH_ROUNDS rounds (default 5), the commands interleaved
# within a round (A B C, A B C, ...), and reports the median time and the
# largest peak memory of each command, with the fastest and slowest run so
# the noise shows.  Every command is run once untimed first and its output
# checked, so a failing run is never timed (and the page cache is warm for
# all of them alike).
#
# Sections:
#   bench_extract   rfm-extract (default policy) on the real file against
#                   a bare libcsv parse (BUILD_DIR/tools/csvbare), pandas
#                   and DuckDB doing the same work
#   bench_export    the same on tools/gen's 5,000,000-row export with a
#                   quoted description in every row (every record goes
#                   through libcsv): against DuckDB, against the floor of
#                   any libcsv reader (csvbare -j 2: the file cut in two
#                   and parsed on both processors), with one thread
#                   against the bare parse, and its rows per second
#                   against those of the real file quoted the same way
#                   (BUILD_DIR/tools/csvmangle -q 3: every description
#                   quoted), so that only the size differs
#   bench_collide   rfm-extract on BENCH_COLLIDE_IDS (default 200,000)
#                   customers whose ids all collide under strmap's old
#                   unkeyed hash (tools/gen collide) against as many
#                   ids of the same form that do not (tools/gen
#                   scatter): the same time, where the old hash took
#                   time quadratic in the customers
#   bench_stream    rfm-extract on BENCH_STREAM_ROWS (default 100,000,000)
#                   generated rows through a pipe: throughput, CPU per row
#                   against the real file's, peak memory
#   bench_kmeans    kmeans-fit against scikit-learn's KMeans on the real
#                   data, on tools/gen's 1,000,000 x 3 points (k = 4 and
#                   8) and on its four overlapping blobs (k = 8)
#                   (BENCH_KM_ROUNDS rounds, default 3: a scikit-learn
#                   round takes a minute or two)
#   bench_predict   segment-predict against scikit-learn's transform +
#                   predict on tools/gen's 1,000,000-row RFM table, and
#                   its memory on 100,000 rows
#   bench_migrate   segment-predict --previous, and with --summary (the
#                   migration table), on tools/gen's 1,000,000 customers
#                   against an earlier run of 1,000,000 (50,000 of them
#                   gone, 50,000 of tonight's new): CPU time under 0.8 s;
#                   its memory against the same run on 100,000 of
#                   tonight's customers (memory grows with the previous
#                   file only)
#   bench_engine    BENCH_ENGINE_ROWS (default 100,000,000) generated rows
#                   as 20 shards through rfm-extract --partial, then
#                   --merge: the peak memory of each step, and the CPU
#                   time of all against one rfm-extract (at most 1.25x);
#                   and one night's rows onto a two-year state with
#                   rfm-extract --state against a full recompute (at
#                   most a tenth of its CPU time)
# A comparison is skipped, with the reason, where the other tool is
# missing: pandas and scikit-learn from Debian's python3 (apt-get install
# python3-pandas python3-sklearn), DuckDB from the npm registry
# (npm install -g @duckdb/node-api, with Debian's nodejs and npm).
# The last table lists every target with its result.
#
# Environment: BENCH_ROUNDS (rounds, default 5), BENCH_KM_ROUNDS (3),
# BENCH_STREAM_ROWS (100000000), BENCH_COLLIDE_IDS (200000),
# BENCH_ENGINE_ROWS (100000000),
# BENCH_SECTIONS (which sections after extract: default "export collide
# stream kmeans predict migrate engine"), BENCH_PYTHON (the
# python for pandas and scikit-learn, default /usr/bin/python3),
# BENCH_NODE_PATH (where node finds @duckdb/node-api, default npm's
# global root), TMPDIR.
#
# Exit status: 0 every target met, 1 a target missed (the line says
# MISSED), 2 usage error or the bench could not run.

set -eu
LC_ALL=C
export LC_ALL

prog=bench.sh
die() {
	echo "$prog: $*" >&2
	exit 2
}

[ $# -eq 1 ] || { echo "usage: sh tests/bench.sh BUILD_DIR" >&2; exit 2; }
B=$1
DATA=data/online_retail.csv.xz
ROUNDS=${BENCH_ROUNDS:-5}
PYTHON=${BENCH_PYTHON:-/usr/bin/python3}

case $ROUNDS in
''|*[!0-9]*) die "BENCH_ROUNDS must be a positive integer, not '$ROUNDS'" ;;
esac
[ "$ROUNDS" -ge 1 ] || die "BENCH_ROUNDS must be at least 1"

[ -f "$DATA" ] || die "$DATA not found (run from the top of the repository)"
[ -x "$B/tools/runtime" ] || die "$B/tools/runtime not built (make bench builds it)"
command -v xz >/dev/null 2>&1 ||
	die "xz not found; on Debian or Ubuntu: apt-get install xz-utils"

work=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-bench.XXXXXX") ||
	die "cannot make a temporary directory under ${TMPDIR:-/tmp}"
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# One line per timed run: key <TAB> seconds <TAB> peak RSS in KB <TAB>
# CPU seconds (user + system).
results=$work/results
: >"$results"
summary_file=$work/summary
: >"$summary_file"
misses=0

# measure KEY CMD... - run CMD once under tools/runtime, stdout to
# /dev/null, and record its wall time, peak RSS and CPU time under KEY.
# A failure stops the bench (status 2) with the command's stderr.
measure() {
	m_key=$1
	shift
	if "$B/tools/runtime" -o "$work/time.out" "$@" \
	    >/dev/null 2>"$work/stderr.out"; then
		:
	else
		m_st=$?
		echo "$prog: $m_key: exit status $m_st: $*" >&2
		sed 's/^/  /' "$work/stderr.out" "$work/time.out" >&2
		exit 2
	fi
	# On success the format line is the only line of the file.
	tail -n 1 "$work/time.out" | awk -v k="$m_key" -v f="$results" '
	    NF == 4 && $1 ~ /^[0-9]+\.[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		    printf "%s\t%s\t%s\t%.6f\n", k, $1, $2, $3 + $4 >> f
		    ok = 1 }
	    END { exit !ok }' ||
		die "$m_key: cannot read the output of runtime: $(cat "$work/time.out")"
}

# stats KEY COLUMN - print "median min max" of a column of KEY's runs in
# the results file (2: wall seconds, 4: CPU seconds).
stats() {
	awk -F '\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$results" |
	    sort -n |
	    awk '{ t[NR] = $1 }
		END {
		    if (NR == 0) exit 1
		    if (NR % 2) med = t[(NR + 1) / 2]
		    else med = (t[NR / 2] + t[NR / 2 + 1]) / 2
		    printf "%.6f %.6f %.6f\n", med, t[1], t[NR]
		}'
}

# summary KEY - print "median min max peak_kb" over KEY's runs: the wall
# time's median and range, and the largest peak memory.
summary() {
	s_kb=$(awk -F '\t' -v k="$1" '$1 == k && $3 > kb { kb = $3 }
	    END { printf "%d\n", kb }' "$results")
	s_t=$(stats "$1" 2) || return 1
	echo "$s_t $s_kb"
}

# cpu_median KEY - the median CPU seconds (user + system) of KEY's runs.
cpu_median() {
	stats "$1" 4 | awk '{ print $1 }'
}

# report_header / report KEY LABEL / report_skip LABEL WHY - the table.
report_header() {
	printf '%-20s %9s %15s %13s\n' command 'time (s)' 'min - max' \
	    'peak RSS (MB)'
}
report() {
	summary "$1" | awk -v l="$2" '{
	    printf "%-20s %9.3f %6.3f - %-6.3f %13.1f\n", l, $1, $2, $3,
		$4 / 1024 }'
}
report_skip() {
	printf '%-20s %9s   (%s)\n' "$1" skipped "$2"
}

# target LABEL VALUE UNIT OP LIMIT [FORMAT] - print one target line; count
# a miss.  VALUE is printed with FORMAT (default %.2f); OP is <=, <, >=
# or >.
target() {
	if awk -v v="$2" -v op="$4" -v lim="$5" 'BEGIN {
	    ok = (op == "<=") ? v <= lim : (op == "<") ? v < lim : \
		(op == ">=") ? v >= lim : (op == ">") ? v > lim : 0
	    exit !ok }'; then
		t_verdict=ok
	else
		t_verdict=MISSED
		misses=$((misses + 1))
	fi
	awk -v l="$1" -v v="$2" -v u="$3" -v op="$4" -v lim="$5" \
	    -v r="$t_verdict" -v f="${6:-%.2f}" 'BEGIN {
	    sep = (u == "x" || u == "") ? "" : " "
	    printf "%-38s %-10s %-20s %s\n", l, sprintf(f "%s%s", v, sep, u),
		sprintf("(target %s %s%s%s)", op, lim, sep, u), r }' |
	    tee -a "$summary_file"
}
target_skip() {
	printf '%-38s %-10s (%s)\n' "$1" skipped "$2" | tee -a "$summary_file"
}

# ratio KEY_A KEY_B - median time of A / median time of B.
ratio() {
	r_a=$(summary "$1" | awk '{ print $1 }')
	r_b=$(summary "$2" | awk '{ print $1 }')
	awk -v a="$r_a" -v b="$r_b" 'BEGIN {
	    if (b < 0.000001) b = 0.000001	# a microsecond, the resolution
	    printf "%.4f\n", a / b }'
}

# Decompressed once; decompression is not measured.
csv=$work/online_retail.csv
xz -dc "$DATA" >"$csv" || die "cannot decompress $DATA into $work"
csv_bytes=$(wc -c <"$csv" | tr -d ' ')

# duckdb_missing - why DuckDB cannot run, or nothing.  DuckDB runs
# through node and the @duckdb/node-api package from the npm registry.
node_path=${BENCH_NODE_PATH:-$(npm root -g 2>/dev/null || true)}
duckdb_missing() {
	if ! command -v node >/dev/null 2>&1; then
		echo "node not found; apt-get install nodejs npm, then npm install -g @duckdb/node-api"
	elif ! NODE_PATH=$node_path node -e 'require("@duckdb/node-api")' \
	    2>/dev/null; then
		echo "node cannot load @duckdb/node-api; npm install -g @duckdb/node-api"
	fi
}

# write_duckdb_script FILE - rfm-extract's default policy in DuckDB's SQL,
# on two threads: the same work as the pandas script, read_csv included.
write_duckdb_script() {
	cat >"$1" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const [src, dst] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  await c.run(`COPY (
    WITH k AS (SELECT CustomerID, InvoiceNo,
          CAST(strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS DATE) AS d,
          Quantity * UnitPrice AS a
        FROM read_csv('${src}', header = true,
          types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR',
                   'StockCode': 'VARCHAR', 'InvoiceDate': 'VARCHAR'})
        WHERE CustomerID IS NOT NULL AND NOT starts_with(InvoiceNo, 'C')
          AND Quantity > 0 AND UnitPrice > 0)
    SELECT CustomerID AS customer_id,
      date_diff('day', max(d), (SELECT max(d) FROM k) + 1) AS recency,
      count(DISTINCT InvoiceNo) AS frequency, sum(a) AS monetary
    FROM k GROUP BY CustomerID ORDER BY CustomerID)
    TO '${dst}' (HEADER, DELIMITER '\t')`);
})().catch(e => { console.error(e.message); process.exit(1); });
JS
}

# duckdb_check CSV RFM_TSV - DuckDB's table has rfm-extract's customers,
# recencies and frequencies (its sums are not compensated: monetary is
# not compared).
duckdb_check() {
	NODE_PATH=$node_path node "$work/rfm_duckdb.js" "$1" "$work/duckdb.tsv" ||
		die "the DuckDB script failed on $1"
	# DuckDB orders the ids as text, rfm-extract as numbers.
	cut -f 1-3 "$work/duckdb.tsv" | sort > "$work/duckdb.cut"
	cut -f 1-3 "$2" | sort | cmp -s - "$work/duckdb.cut" ||
		die "DuckDB's customers, recencies or frequencies differ from rfm-extract's on $1"
}

# rfm-extract against the bare libcsv parse, pandas and DuckDB.
bench_extract() {
	for f in "$B/rfm-extract" "$B/tools/csvbare"; do
		[ -x "$f" ] || die "$f not built (make B=$B $f)"
	done

	# Untimed checks: rfm-extract gives header + 4,338 customers, the
	# bare parse sees every record.
	"$B/rfm-extract" "$csv" >"$work/rfm.tsv" ||
		die "rfm-extract failed on $DATA"
	n=$(wc -l <"$work/rfm.tsv" | tr -d ' ')
	[ "$n" -eq 4339 ] ||
		die "rfm-extract wrote $n lines, expected 4339 (header + 4338 customers)"
	bare=$("$B/tools/csvbare" "$csv") || die "csvbare failed on $DATA"
	records=${bare%% records*}
	rows=$((records - 1))

	duckdb_why=$(duckdb_missing)
	if [ -z "$duckdb_why" ]; then
		write_duckdb_script "$work/rfm_duckdb.js"
		duckdb_check "$csv" "$work/rfm.tsv"
	else
		echo "$prog: DuckDB comparison skipped: $duckdb_why" >&2
	fi

	pandas_why=
	if [ ! -x "$PYTHON" ]; then
		pandas_why="$PYTHON not found; apt-get install python3-pandas"
	elif ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
		pandas_why="$PYTHON cannot import pandas; apt-get install python3-pandas"
	fi
	if [ -z "$pandas_why" ]; then
		write_pandas_script "$work/rfm_pandas.py"
		"$PYTHON" "$work/rfm_pandas.py" "$csv" "$work/pandas.tsv" ||
			die "the pandas script failed"
		n=$(wc -l <"$work/pandas.tsv" | tr -d ' ')
		[ "$n" -eq 4339 ] ||
			die "the pandas script wrote $n lines, expected 4339"
	else
		echo "$prog: pandas comparison skipped: $pandas_why" >&2
	fi

	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: rfm-extract: round $i of $ROUNDS" >&2
		measure extract "$B/rfm-extract" "$csv"
		measure bare "$B/tools/csvbare" "$csv"
		[ -n "$pandas_why" ] ||
			measure pandas "$PYTHON" "$work/rfm_pandas.py" "$csv" \
			    /dev/null
		[ -n "$duckdb_why" ] || NODE_PATH=$node_path measure duckdb \
		    node "$work/rfm_duckdb.js" "$csv" /dev/null
	done

	echo "rfm-extract bench: $DATA ($rows rows, $csv_bytes bytes), median of $ROUNDS rounds"
	report_header
	report extract rfm-extract
	report bare 'libcsv bare parse'
	if [ -z "$pandas_why" ]; then
		report pandas pandas
	else
		report_skip pandas "$pandas_why"
	fi
	if [ -z "$duckdb_why" ]; then
		report duckdb 'DuckDB, 2 threads'
	else
		report_skip DuckDB "$duckdb_why"
	fi
	target 'real: rfm-extract / bare parse:' "$(ratio extract bare)" x '<=' 1.4
	if [ -z "$pandas_why" ]; then
		target 'real: pandas / rfm-extract:' "$(ratio pandas extract)" x '>=' 7
	else
		target_skip 'real: pandas / rfm-extract:' "$pandas_why"
	fi
	if [ -z "$duckdb_why" ]; then
		target 'real: DuckDB / rfm-extract:' "$(ratio duckdb extract)" x '>=' 3
	else
		target_skip 'real: DuckDB / rfm-extract:' "$duckdb_why"
	fi
	target 'real: rfm-extract peak memory:' \
	    "$(summary extract | awk '{ printf "%.2f", $4 / 1024 }')" MB '<' 20
}

# rfm-extract on tools/gen's export of 5,000,000 rows (1,000,000 possible
# customers), a quoted description in every row, against DuckDB, against
# the floor of a libcsv reader on both processors, and with one thread
# against the bare parse; and its rows per second against the real
# file's, from bench_extract's runs.
bench_export() {
	erows=5000000
	export=$work/export.csv
	realq=$work/real-quoted.csv
	[ -x "$B/tools/csvmangle" ] || die "$B/tools/csvmangle not built"
	"$B/tools/csvmangle" -q 3 < "$csv" > "$realq" ||
		die "csvmangle failed on $DATA"
	"$B/rfm-extract" "$realq" | cmp -s - "$work/rfm.tsv" ||
		die "rfm-extract gives another table for the real file quoted"
	"$B/tools/gen" export "$erows" 1000000 > "$export" ||
		die "tools/gen export failed (disk full in ${TMPDIR:-/tmp}?)"
	"$B/rfm-extract" "$export" > "$work/export.tsv" ||
		die "rfm-extract failed on the export"
	[ -n "$duckdb_why" ] || duckdb_check "$export" "$work/export.tsv"
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: export: round $i of $ROUNDS" >&2
		measure x-extract "$B/rfm-extract" "$export"
		measure x-realq "$B/rfm-extract" "$realq"
		RFMKIT_THREADS=1 measure x-extract1 "$B/rfm-extract" "$export"
		measure x-bare "$B/tools/csvbare" "$export"
		measure x-bare2 "$B/tools/csvbare" -j 2 "$export"
		[ -n "$duckdb_why" ] || NODE_PATH=$node_path measure x-duckdb \
		    node "$work/rfm_duckdb.js" "$export" /dev/null
	done
	echo
	echo "export bench: tools/gen export $erows 1000000 ($(($(wc -l < "$work/export.tsv") - 1)) customers, $(wc -c < "$export" | tr -d ' ') bytes), median of $ROUNDS rounds"
	report_header
	report x-extract rfm-extract
	report x-realq 'real file quoted'
	report x-extract1 'rfm-extract, 1 thread'
	report x-bare 'libcsv bare parse'
	report x-bare2 'bare parse, 2 threads'
	if [ -z "$duckdb_why" ]; then
		report x-duckdb 'DuckDB, 2 threads'
		target 'export: DuckDB / rfm-extract:' \
		    "$(ratio x-duckdb x-extract)" x '>=' 3
	else
		report_skip DuckDB "$duckdb_why"
		target_skip 'export: DuckDB / rfm-extract:' "$duckdb_why"
	fi
	target 'export: rfm-extract / floor:' "$(ratio x-extract x-bare2)" x \
	    '<=' 1.15
	target 'export: 1 thread / bare parse:' \
	    "$(ratio x-extract1 x-bare)" x '<=' 1.3
	# Rows per second, the export's over the real file's quoted alike:
	# the cost of a row must not grow with the size of the input.  (The
	# real file as it is has quotes in 1% of its rows: most of its lines
	# never reach libcsv, and its rate is no yardstick for the export.)
	target "export: rows/s / real quoted:" "$(awk \
	    -v xr="$erows" -v xt="$(summary x-extract | awk '{ print $1 }')" \
	    -v fr="$rows" -v ft="$(summary x-realq | awk '{ print $1 }')" \
	    'BEGIN { printf "%.2f", (xr / xt) / (fr / ft) }')" x '>=' 0.9
	echo "(rows/s against the real file as it is: $(awk \
	    -v xr="$erows" -v xt="$(summary x-extract | awk '{ print $1 }')" \
	    -v fr="$rows" -v ft="$(summary extract | awk '{ print $1 }')" \
	    'BEGIN { printf "%.2f", (xr / xt) / (fr / ft) }')x)"
	rm -f "$export" "$realq"
}

# rfm-extract on N customers whose ids all have one hash under strmap's
# old unkeyed hash (tools/gen collide: one row and invoice each) against
# N ids of the same form with random tails in the same rows (tools/gen
# scatter).  Under the old hash every new customer probed every one
# before it: 55 times the instructions of the random ids at 20,000
# (callgrind), a ratio that grows with the ids.  Under the keyed hash the
# two take the same time.
bench_collide() {
	ids=${BENCH_COLLIDE_IDS:-200000}
	case $ids in
	''|*[!0-9]*|0) die "BENCH_COLLIDE_IDS must be a positive integer, not '$ids'" ;;
	esac
	for kind in collide scatter; do
		"$B/tools/gen" $kind "$ids" > "$work/$kind.csv" ||
			die "tools/gen $kind failed"
		"$B/rfm-extract" "$work/$kind.csv" > "$work/$kind.tsv" ||
			die "rfm-extract failed on tools/gen $kind $ids"
		n=$(($(wc -l < "$work/$kind.tsv") - 1))
		[ "$n" -eq "$ids" ] ||
			die "rfm-extract wrote $n customers for tools/gen $kind $ids"
	done
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: collide: round $i of $ROUNDS" >&2
		measure c-collide "$B/rfm-extract" "$work/collide.csv"
		measure c-scatter "$B/rfm-extract" "$work/scatter.csv"
	done
	echo
	echo "collide bench: $ids customers, one row each, ids colliding under the old hash (tools/gen collide) or not (tools/gen scatter), median of $ROUNDS rounds"
	report_header
	report c-collide 'colliding ids'
	report c-scatter 'random ids'
	target "collide: colliding / random ids:" \
	    "$(ratio c-collide c-scatter)" x '<=' 1.5
	rm -f "$work/collide.csv" "$work/scatter.csv"
}

# write_pandas_script FILE - what rfm-extract's default policy does, the
# way an analyst's notebook does it (as tests/fixtures/make-rfm-fixtures.py).
write_pandas_script() {
	cat >"$1" <<'EOF'
import sys

import pandas as pd

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, dtype={"InvoiceNo": str, "StockCode": str})
df = df[df["CustomerID"].notna()]
df = df[~df["InvoiceNo"].str.startswith("C") & (df["Quantity"] > 0)
        & (df["UnitPrice"] > 0)].copy()
df["day"] = pd.to_datetime(df["InvoiceDate"]).dt.normalize()
df["amount"] = df["Quantity"] * df["UnitPrice"]
ref = df["day"].max() + pd.Timedelta(days=1)
g = df.groupby("CustomerID").agg(
    last=("day", "max"),
    frequency=("InvoiceNo", "nunique"),
    monetary=("amount", "sum"),
)
g["recency"] = (ref - g["last"]).dt.days
g[["recency", "frequency", "monetary"]].to_csv(dst, sep="\t")
EOF
}

# sklearn_missing - why the scikit-learn comparisons cannot run, or nothing.
sklearn_missing() {
	if [ ! -x "$PYTHON" ]; then
		echo "$PYTHON not found; apt-get install python3-sklearn python3-pandas"
	elif ! "$PYTHON" -c 'import sklearn, pandas' 2>/dev/null; then
		echo "$PYTHON cannot import sklearn and pandas; apt-get install python3-sklearn python3-pandas"
	fi
}

# kmeans-fit against scikit-learn's KMeans(k, n_init=10, random_state=0),
# both reading the same TSV and writing every row's label: on the real
# data (scaled) and on a synthetic 1,000,000 x 3 set made by tools/gen.
bench_kmeans() {
	km_rounds=${BENCH_KM_ROUNDS:-3}
	sk_why=$(sklearn_missing)
	xz -dc "$DATA" | "$B/rfm-extract" | "$B/rfm-scale" > "$work/scaled.tsv" ||
		die "the pipeline failed on $DATA"
	"$B/tools/gen" points 1000000 3 > "$work/points.tsv" ||
		die "tools/gen failed"
	"$B/tools/gen" blobs 1000000 > "$work/blobs.tsv" ||
		die "tools/gen failed"
	[ -n "$sk_why" ] || write_kmeans_script "$work/km.py"
	for set in scaled points blobs; do
		for k in $(km_ks $set); do
			"$B/kmeans-fit" -k $k --save "$work/m-$set-$k.tsv" \
			    "$work/$set.tsv" > /dev/null ||
				die "kmeans-fit -k $k failed on $set"
			awk -F '\t' '$1 == "inertia" { print $2 }' \
			    "$work/m-$set-$k.tsv" > "$work/in-km-$set-$k"
			[ -n "$sk_why" ] || "$PYTHON" "$work/km.py" $k \
			    "$work/$set.tsv" /dev/null "$work/in-sk-$set-$k" ||
				die "the scikit-learn script failed"
		done
	done
	i=0
	while [ "$i" -lt "$km_rounds" ]; do
		i=$((i + 1))
		for set in scaled points blobs; do
			for k in $(km_ks $set); do
				echo "$prog: kmeans-fit: round $i of $km_rounds: $set, k = $k" >&2
				measure km-$set-$k "$B/kmeans-fit" -k $k "$work/$set.tsv"
				[ -n "$sk_why" ] || measure sk-$set-$k "$PYTHON" \
				    "$work/km.py" $k "$work/$set.tsv" /dev/null \
				    "$work/in-sk-$set-$k"
			done
		done
	done
	echo
	echo "kmeans-fit bench: median of $km_rounds rounds, n_init = 10 both; real = $DATA"
	echo "through rfm-extract | rfm-scale (4338 x 3); points = tools/gen points 1000000 3;"
	echo "blobs = tools/gen blobs 1000000 (four overlapping blobs, spread 0.6, 1.5-2.9 apart)"
	printf '%-20s %9s %9s %8s %20s %20s %7s\n' 'data, k' 'rfmkit s' \
	    'sklearn s' speedup 'inertia rfmkit' 'inertia sklearn' 'RSS MB'
	for set in scaled points blobs; do
		for k in $(km_ks $set); do
			km=$(summary km-$set-$k)
			if [ -n "$sk_why" ]; then
				sk="0 0 0 0"
				insk=-
			else
				sk=$(summary sk-$set-$k)
				insk=$(cat "$work/in-sk-$set-$k")
			fi
			label="$set, k = $k"
			[ $set = scaled ] && label="real, k = $k"
			echo "$km|$sk|$(cat "$work/in-km-$set-$k")|$insk" |
			    awk -F '|' -v l="$label" '{
				split($1, a, " "); split($2, b, " ")
				printf "%-20s %9.2f %9.2f %7.1fx %20s %20s %7.1f\n", l,
				    a[1], b[1], (a[1] > 0 ? b[1] / a[1] : 0), $3, $4,
				    a[4] / 1024 }'
		done
	done
	for sk in points-4 points-8 blobs-8; do
		if [ -n "$sk_why" ]; then
			target_skip "kmeans: sklearn / rfmkit, $sk:" "$sk_why"
			continue
		fi
		target "kmeans: sklearn / rfmkit, $sk:" \
		    "$(ratio sk-$sk km-$sk)" x '>=' 5
		# (rfmkit - sklearn) / sklearn: negative is lower, better.
		target "kmeans: inertia vs sklearn, $sk:" "$(awk \
		    -v a="$(cat "$work/in-km-$sk")" \
		    -v b="$(cat "$work/in-sk-$sk")" \
		    'BEGIN { printf "%.3g", (a - b) / b }')" '' '<=' 1e-9 '%.3g'
	done
	# Peak memory against the matrix: 1,000,000 x 3 doubles.
	target 'kmeans: peak / matrix:' "$(summary km-points-8 | awk \
	    '{ printf "%.2f", $4 * 1024 / (1000000 * 3 * 8) }')" x '<=' 2
}

# km_ks SET - the k of each data set: 4 and 8, the blobs only 8 (a
# scikit-learn fit of them takes half a minute).
km_ks() {
	if [ "$1" = blobs ]; then echo 8; else echo 4 8; fi
}

write_kmeans_script() {
	cat >"$1" <<'EOF'
import sys

import pandas as pd
from sklearn.cluster import KMeans

k, src, dst, inertia = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
df = pd.read_csv(src, sep="\t", float_precision="round_trip")
km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(df.iloc[:, 1:].to_numpy())
df.assign(cluster=km.labels_).to_csv(dst, sep="\t", index=False)
with open(inertia, "w") as out:
    out.write("%r\n" % float(km.inertia_))
EOF
}

# segment-predict against scikit-learn's StandardScaler.transform +
# KMeans.predict with rfmkit's means, scales and centres, labelling a
# synthetic 1,000,000-row RFM table (tools/gen rfm); the same run on
# 100,000 rows shows whether memory grows with rows.
bench_predict() {
	sk_why=$(sklearn_missing)
	xz -dc "$DATA" | "$B/rfm-extract" |
	    "$B/rfm-scale" --save "$work/scaler.tsv" |
	    "$B/kmeans-fit" -k 4 --save "$work/model.tsv" > /dev/null ||
		die "the pipeline failed on $DATA"
	"$B/tools/gen" rfm 1000000 > "$work/rfm1m.tsv" || die "tools/gen failed"
	head -n 100001 "$work/rfm1m.tsv" > "$work/rfm100k.tsv"
	"$B/segment-predict" --scaler "$work/scaler.tsv" \
	    --model "$work/model.tsv" "$work/rfm1m.tsv" > "$work/sp.tsv" ||
		die "segment-predict failed"
	n=$(($(wc -l < "$work/sp.tsv") - 1))
	[ "$n" -eq 1000000 ] || die "segment-predict wrote $n rows"
	agree=skipped
	if [ -z "$sk_why" ]; then
		write_predict_script "$work/sp.py"
		"$PYTHON" "$work/sp.py" "$work/scaler.tsv" "$work/model.tsv" \
		    "$work/rfm1m.tsv" "$work/sk.tsv" ||
			die "the scikit-learn script failed"
		cut -f5 "$work/sk.tsv" > "$work/sk.cl"
		cut -f5 "$work/sp.tsv" | cmp -s - "$work/sk.cl" ||
			die "segment-predict and scikit-learn disagree on the synthetic rows"
		agree="all 1000000 rows in the same cluster"
	fi
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: segment-predict: round $i of $ROUNDS" >&2
		measure sp "$B/segment-predict" --scaler "$work/scaler.tsv" \
		    --model "$work/model.tsv" "$work/rfm1m.tsv"
		measure sp100k "$B/segment-predict" --scaler "$work/scaler.tsv" \
		    --model "$work/model.tsv" "$work/rfm100k.tsv"
		[ -n "$sk_why" ] || measure spk "$PYTHON" "$work/sp.py" \
		    "$work/scaler.tsv" "$work/model.tsv" "$work/rfm1m.tsv" /dev/null
	done
	echo
	echo "segment-predict bench: tools/gen rfm 1000000; scaler and model fitted on $DATA; median of $ROUNDS rounds"
	echo "agreement with scikit-learn: $agree"
	report_header
	report sp 'segment-predict 1M'
	report sp100k 'segment-predict 100k'
	if [ -z "$sk_why" ]; then
		report spk 'scikit-learn 1M'
		target 'predict: sklearn / rfmkit:' "$(ratio spk sp)" x '>=' 10
	else
		report_skip 'scikit-learn 1M' "$sk_why"
		target_skip 'predict: sklearn / rfmkit:' "$sk_why"
	fi
	target 'predict: peak RSS 1M / 100k:' "$(echo "$(summary sp) $(summary sp100k)" |
	    awk '{ printf "%.2f", $4 / $8 }')" x '<=' 1.1
}

write_predict_script() {
	cat >"$1" <<'EOF'
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

scaler, model, src, dst = sys.argv[1:5]


def kept(path, names):
    return pd.read_csv(path, sep="\t", comment="#", skiprows=1, header=None,
                       names=names, float_precision="round_trip")


s = kept(scaler, ["kind", "input", "transform", "mean", "scale", "output"])
s = s[s.kind == "column"]
m = kept(model, list(range(8)))
m = m[m[0] == "cluster"]
centres = np.ascontiguousarray(m[[4, 5, 6]].astype(float).to_numpy())
names = np.array(list(m[2]))
df = pd.read_csv(src, sep="\t", float_precision="round_trip")
X = np.column_stack([df.recency.astype(float), np.log1p(df.frequency),
                     np.log1p(df.monetary)])
sc = StandardScaler().fit(X[:2])
sc.mean_ = s["mean"].astype(float).to_numpy()
sc.scale_ = s["scale"].astype(float).to_numpy()
km = KMeans(n_clusters=len(centres), n_init=1, init=centres,
            max_iter=1).fit(centres)
km.cluster_centers_ = centres
c = km.predict(sc.transform(X))
df.assign(cluster=c, segment=names[c]).to_csv(dst, sep="\t", index=False)
EOF
}

# segment-predict --previous on a million customers: tonight's tools/gen
# rfm 1000000 (ids 100000-1099999) against an earlier run labelled from
# tools/gen rfm 1050000 with another seed: 50,000 customers gone (the
# ids above tonight's), and 50,000 new (every twentieth of tonight's
# left out of the earlier run), the rest in the order of both files.  The rows with their
# previous segment, and the migration table; and the rows of 100,000 of
# tonight's customers against the same earlier run, whose peak memory
# must be that of the million (it grows with the previous file only).
bench_migrate() {
	xz -dc "$DATA" | "$B/rfm-extract" |
	    "$B/rfm-scale" --save "$work/mscaler.tsv" |
	    "$B/kmeans-fit" -k 4 --scaler "$work/mscaler.tsv" \
	    --save "$work/mmodel.tsv" > /dev/null ||
		die "the pipeline failed on $DATA"
	"$B/tools/gen" rfm 1000000 > "$work/now.tsv" || die "tools/gen failed"
	head -n 100001 "$work/now.tsv" > "$work/now100k.tsv"
	"$B/tools/gen" rfm 1050000 7 |
	    "$B/segment-predict" --model "$work/mmodel.tsv" |
	    awk 'NR == 1 || NR > 1000001 || NR % 20 != 0' > "$work/before.tsv" ||
		die "the earlier run failed"
	"$B/segment-predict" --model "$work/mmodel.tsv" --previous \
	    "$work/before.tsv" --summary "$work/now.tsv" > "$work/mig.tsv" ||
		die "segment-predict --previous --summary failed"
	# 50,000 new, 50,000 gone, and every customer counted once.
	awk -F '\t' 'NR > 1 { n += $3 }
	    $1 == "(new)" { new += $3 } $2 == "(gone)" { gone += $3 }
	    END { exit !(new == 50000 && gone == 50000 && n == 1050000) }' \
	    "$work/mig.tsv" ||
		die "the migration table does not count 50000 new, 50000 gone: $(cat "$work/mig.tsv")"
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: segment-predict --previous: round $i of $ROUNDS" >&2
		measure mig-plain "$B/segment-predict" --model "$work/mmodel.tsv" \
		    "$work/now.tsv"
		measure mig-rows "$B/segment-predict" --model "$work/mmodel.tsv" \
		    --previous "$work/before.tsv" "$work/now.tsv"
		measure mig-table "$B/segment-predict" --model "$work/mmodel.tsv" \
		    --previous "$work/before.tsv" --summary "$work/now.tsv"
		measure mig-100k "$B/segment-predict" --model "$work/mmodel.tsv" \
		    --previous "$work/before.tsv" "$work/now100k.tsv"
	done
	echo
	echo "segment-predict --previous bench: tools/gen rfm 1000000 against an earlier run of 1000000 (50000 gone, 50000 new); median of $ROUNDS rounds"
	report_header
	report mig-plain 'without --previous'
	report mig-rows '--previous'
	report mig-table '--previous --summary'
	report mig-100k '--previous, 100k now'
	# CPU time: the work, whatever else the shared host is running
	# (the wall time above doubles when both CPUs are busy).
	echo "CPU seconds (median): without --previous $(cpu_median mig-plain)," \
	    "--previous $(cpu_median mig-rows), --summary $(cpu_median mig-table)"
	target 'migrate: --previous, 1M, CPU:' "$(cpu_median mig-rows)" s '<' 0.8
	target 'migrate: --previous --summary, 1M, CPU:' \
	    "$(cpu_median mig-table)" s '<' 0.8
	target 'migrate: peak RSS 1M / 100k now:' "$(echo "$(summary mig-rows) $(summary mig-100k)" |
	    awk '{ printf "%.2f", $4 / $8 }')" x '<=' 1.1
}

# rfm-extract on a stream of STREAM_ROWS (default 100,000,000) generated
# transaction rows from 1,000,000 customers (tools/gen transactions, about
# 9 GB, never stored: piped), against the real file: rows per second, and
# CPU per row against the median CPU of bench_extract's rfm-extract runs
# on the real file (one run of a third of a second is too noisy a
# yardstick).  One round: it takes about a minute.
bench_stream() {
	rows=${BENCH_STREAM_ROWS:-100000000}
	echo "$prog: rfm-extract: streaming $rows generated rows" >&2
	"$B/tools/gen" transactions "$rows" 1000000 |
	    "$B/tools/runtime" -o "$work/stream.time" \
	    "$B/rfm-extract" -v > "$work/stream.tsv" 2> "$work/stream.err" ||
		die "rfm-extract failed on the stream: $(cat "$work/stream.err")"
	read -r s_wall s_kb s_user s_sys < "$work/stream.time"
	read -r f_wall f_min f_max f_kb <<EOF
$(summary extract)
EOF
	f_cpu=$(cpu_median extract)
	customers=$(($(wc -l < "$work/stream.tsv") - 1))
	echo
	echo "rfm-extract stream bench: tools/gen transactions $rows 1000000 | rfm-extract"
	echo "(real file: median of the $ROUNDS rfm-extract runs above)"
	awk -v r="$rows" -v c="$customers" -v sw="$s_wall" -v su="$s_user" \
	    -v ss="$s_sys" -v sk="$s_kb" -v fr="$records" -v fw="$f_wall" \
	    -v fc="$f_cpu" -v fk="$f_kb" 'BEGIN {
		printf "%-26s %12s %10s %16s %12s\n", "input", "rows",
		    "wall s", "CPU s / M rows", "peak RSS MB"
		printf "%-26s %12d %10.2f %16.3f %12.1f\n",
		    "stream (" c " customers)", r, sw, (su + ss) / r * 1e6, sk / 1024
		printf "%-26s %12d %10.2f %16.3f %12.1f\n", "real file", fr - 1,
		    fw, fc / (fr - 1) * 1e6, fk / 1024
		printf "stream throughput: %.2f M rows/s wall (the generator shares the CPUs)\n",
		    r / sw / 1e6
	}'
	target 'stream: peak memory:' "$(awk -v k="$s_kb" 'BEGIN { printf "%.1f", k / 1024 }')" MB '<' 300
	# The same work per row: CPU per row on the stream within 1.25x of
	# the real file's (more customers and invoices make lookups slower).
	target "stream: CPU per row / file's:" "$(awk -v r="$rows" -v su="$s_user" \
	    -v ss="$s_sys" -v fr="$records" -v fc="$f_cpu" \
	    'BEGIN { printf "%.2f", ((su + ss) / r) / (fc / (fr - 1)) }')" \
	    x '<=' 1.25
}

# engine_has OPTION - whether rfm-extract offers OPTION (its --help).
engine_has() {
	"$B/rfm-extract" --help 2>&1 | grep -q -e "$1"
}

# read_time FILE - "wall kb cpu" from a tools/runtime file.
read_time() {
	tail -n 1 "$1" | awk '{ printf "%s %s %.6f\n", $1, $2, $3 + $4 }'
}

# rfm-extract as a distributed job on one machine, and nightly.
#
# Sharded: ENGINE_ROWS (BENCH_ENGINE_ROWS, default 100,000,000) rows of
# tools/gen transactions (from ENGINE_ROWS / 100 customers, at most
# 1,000,000), never stored: cut by split(1) into 20 shards of
# consecutive rows, each read by its mapper (rfm-extract --partial, the
# columns by number, --as-of 2011-12-10) through a pipe as it is cut;
# then one rfm-extract --merge over the 20 states.  Against one
# rfm-extract --as-of 2011-12-10 over the same stream, whose table the
# merge must give byte for byte: the peak memory of every step, and the
# CPU time (user + system) of the 21 processes against the one's, which
# must stay within 1.25x (the states are written and read once more).
#
# Nightly: tools/gen transactions over 731 days (two years), the rows of
# the last day held back as tonight's export; the rest made into a state
# with rfm-extract --state, in 10 parts (untimed); then BENCH_ROUNDS
# times, on a fresh
# copy of that state, rfm-extract --state STATE tonight.csv, against one
# full recompute (rfm-extract over the whole stream), whose table it must
# give byte for byte: at most a tenth of the recompute's CPU time.
#
# split(1) runs the mappers and the --state runs with $SHELL, set to sh.
# The mappers and the single runs read from the generator, which shares
# the CPUs: wall times are shown, the targets are on CPU time, which
# tools/runtime takes of rfm-extract alone.  Peak memory is
# tools/runtime's (getrusage's ru_maxrss: GNU time -v's "Maximum
# resident set size").
bench_engine() {
	erows=${BENCH_ENGINE_ROWS:-100000000}
	case $erows in
	''|*[!0-9]*|0) die "BENCH_ENGINE_ROWS must be a positive integer, not '$erows'" ;;
	esac
	ecust=$((erows / 100))
	[ "$ecust" -le 1000000 ] || ecust=1000000
	[ "$ecust" -ge 1000 ] || ecust=1000
	if ! engine_has --partial; then
		target_skip 'engine: sharded CPU / single:' \
		    "rfm-extract has no --partial yet"
		return 0
	fi
	eng=$work/engine
	mkdir -p "$eng"
	asof=2011-12-10
	cols='--no-header --customer-col 7 --invoice-col 1 --date-col 5 --quantity-col 4 --price-col 6'
	per=$(((erows + 19) / 20))

	echo "$prog: engine: one rfm-extract over $erows generated rows" >&2
	"$B/tools/gen" transactions "$erows" "$ecust" |
	    "$B/tools/runtime" -o "$eng/single.time" "$B/rfm-extract" \
	    --as-of $asof >"$eng/single.tsv" 2>"$eng/err" ||
		die "engine: rfm-extract failed on the stream: $(cat "$eng/err")"

	echo "$prog: engine: 20 mappers (rfm-extract --partial), then --merge" >&2
	"$B/tools/gen" transactions "$erows" "$ecust" | tail -n +2 |
	    SHELL=/bin/sh split -d -a 2 -l "$per" --filter="\"$B/tools/runtime\" -o \"\$FILE.time\" \"$B/rfm-extract\" --partial $cols --as-of $asof > \"\$FILE.state\"" \
	    - "$eng/shard." 2>"$eng/err" ||
		die "engine: a mapper failed: $(cat "$eng/err")"
	n=$(ls "$eng"/shard.*.state | wc -l)
	[ "$n" -eq 20 ] || die "engine: $n states, expected 20"
	"$B/tools/runtime" -o "$eng/merge.time" "$B/rfm-extract" --merge \
	    --as-of $asof "$eng"/shard.*.state >"$eng/merged.tsv" 2>"$eng/err" ||
		die "engine: rfm-extract --merge failed: $(cat "$eng/err")"
	cmp -s "$eng/single.tsv" "$eng/merged.tsv" ||
		die "engine: the merged table differs from the single run's"

	read -r s_wall s_kb s_cpu <<EOT
$(read_time "$eng/single.time")
EOT
	read -r g_wall g_kb g_cpu <<EOT
$(read_time "$eng/merge.time")
EOT
	for t in "$eng"/shard.*.time; do read_time "$t"; done >"$eng/maps"
	read -r m_wall m_kb m_cpu <<EOT
$(awk '{ w += $1; c += $3; if ($2 > kb) kb = $2 }
    END { printf "%.6f %d %.6f\n", w, kb, c }' "$eng/maps")
EOT
	state_mb=$(cat "$eng"/shard.*.state | wc -c |
	    awk '{ printf "%.1f", $1 / 1048576 }')
	echo
	echo "engine bench: tools/gen transactions $erows $ecust ($(($(wc -l <"$eng/single.tsv") - 1)) customers), 20 shards, states $state_mb MB in all"
	printf '%-30s %10s %10s %14s\n' step 'wall s' 'CPU s' 'peak RSS MB'
	awk -v sw="$s_wall" -v sc="$s_cpu" -v sk="$s_kb" \
	    -v mw="$m_wall" -v mc="$m_cpu" -v mk="$m_kb" \
	    -v gw="$g_wall" -v gc="$g_cpu" -v gk="$g_kb" 'BEGIN {
		f = "%-30s %10.2f %10.2f %14.1f\n"
		printf f, "one rfm-extract", sw, sc, sk / 1024
		printf f, "20 mappers (sum; largest)", mw, mc, mk / 1024
		printf f, "rfm-extract --merge", gw, gc, gk / 1024
		printf f, "sharded, in all", mw + gw, mc + gc, \
		    (mk > gk ? mk : gk) / 1024
	}'
	target 'engine: sharded CPU / single:' "$(awk -v a="$m_cpu" \
	    -v b="$g_cpu" -v c="$s_cpu" 'BEGIN { printf "%.2f", (a + b) / c }')" \
	    x '<=' 1.25
	rm -f "$eng"/shard.*

	if ! engine_has --state; then
		target_skip 'nightly: increment CPU / recompute:' \
		    "rfm-extract has no --state yet"
		return 0
	fi
	echo "$prog: engine: two years of state, then one night" >&2
	# A day's rows are held until the next day's come: the rows of the
	# last day are tonight's export, the others make the state, added
	# with --state in 10 files one after the other (--state reads files,
	# not a pipe: it keeps their checksums).
	hdr=$("$B/tools/gen" transactions 1 1 | head -n 1)
	"$B/tools/gen" transactions "$erows" "$ecust" 1 731 |
	    awk -v tonight="$eng/tonight.csv" '
		NR == 1 { h = $0; next }
		{
			match($0, /,[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] /)
			d = substr($0, RSTART + 1, 10)
			if (d != day) {
				for (i = 1; i <= n; i++) print buf[i]
				n = 0
				day = d
			}
			buf[++n] = $0
		}
		END {
			print h > tonight
			for (i = 1; i <= n; i++) print buf[i] > tonight
		}' |
	    SHELL=/bin/sh split -d -a 2 -l $(((erows + 9) / 10)) --filter="{ echo '$hdr'; cat; } > \"\$FILE.csv\" && \"$B/rfm-extract\" --state \"$eng/state.tsv\" \"\$FILE.csv\" > /dev/null && rm -f \"\$FILE.csv\"" \
	    - "$eng/year." 2>"$eng/err" ||
		die "engine: the two-year state could not be made: $(cat "$eng/err")"
	[ -s "$eng/state.tsv" ] || die "engine: rfm-extract --state wrote no state"
	day_rows=$(($(wc -l <"$eng/tonight.csv") - 1))
	i=0
	while [ "$i" -lt "$ROUNDS" ]; do
		i=$((i + 1))
		echo "$prog: engine: night $i of $ROUNDS" >&2
		cp "$eng/state.tsv" "$eng/state.run"
		"$B/tools/runtime" -o "$eng/night.time" "$B/rfm-extract" \
		    --state "$eng/state.run" "$eng/tonight.csv" \
		    >"$eng/night.tsv" 2>"$eng/err" ||
			die "engine: rfm-extract --state failed: $(cat "$eng/err")"
		tail -n 1 "$eng/night.time" | awk '{
		    printf "night\t%s\t%s\t%.6f\n", $1, $2, $3 + $4 }' >>"$results"
	done
	echo "$prog: engine: the full recompute" >&2
	"$B/tools/gen" transactions "$erows" "$ecust" 1 731 |
	    "$B/tools/runtime" -o "$eng/full.time" "$B/rfm-extract" \
	    >"$eng/full.tsv" 2>"$eng/err" ||
		die "engine: rfm-extract failed on two years: $(cat "$eng/err")"
	cmp -s "$eng/full.tsv" "$eng/night.tsv" ||
		die "engine: tonight's table from the state differs from the full recompute's"
	read -r f_wall f_kb f_cpu <<EOT
$(read_time "$eng/full.time")
EOT
	n_cpu=$(cpu_median night)
	echo
	echo "nightly bench: a state of two years (tools/gen transactions $erows $ecust 1 731, $(wc -c <"$eng/state.tsv" | awk '{ printf "%.1f", $1 / 1048576 }') MB), tonight $day_rows rows; median of $ROUNDS nights"
	printf '%-30s %10s %10s %14s\n' step 'wall s' 'CPU s' 'peak RSS MB'
	summary night | awk -v c="$n_cpu" '{
	    printf "%-30s %10.2f %10.2f %14.1f\n", "rfm-extract --state", $1, c,
		$4 / 1024 }'
	awk -v w="$f_wall" -v c="$f_cpu" -v k="$f_kb" 'BEGIN {
	    printf "%-30s %10.2f %10.2f %14.1f\n", "full recompute", w, c,
		k / 1024 }'
	target 'nightly: increment CPU / recompute:' "$(awk -v a="$n_cpu" \
	    -v b="$f_cpu" 'BEGIN { printf "%.3f", a / b }')" x '<=' 0.1 '%.3f'
	rm -rf "$eng"
}

if [ -r /proc/loadavg ]; then
	echo "machine: $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load average $(cut -d ' ' -f 1-3 /proc/loadavg) at start"
fi
# BENCH_SECTIONS chooses (default: all); extract always runs first, the
# others use its decompressed file.
bench_extract
for section in ${BENCH_SECTIONS:-export collide stream kmeans predict migrate engine}; do
	case $section in
	extract) ;;
	export|collide|stream|kmeans|predict|migrate|engine) bench_$section ;;
	*) die "BENCH_SECTIONS: unknown section '$section'" ;;
	esac
done

echo
echo "targets ($misses missed):"
cat "$summary_file"
[ "$misses" -eq 0 ] || exit 1
exit 0
