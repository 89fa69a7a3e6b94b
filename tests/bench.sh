#!/bin/sh
# bench.sh - rfmkit's benchmarks on the full real dataset (make bench).
#
# usage: sh tests/bench.sh BUILD_DIR          (from the top of the repository)
#
# Each section times a few commands side by side on the same input: whole-
# process wall time and peak resident memory, as GNU time reports them
# (/usr/bin/time -f '%e %M': seconds to 1/100, KB).  The machine is shared
# and noisy, so every section runs BENCH_ROUNDS rounds (default 5), the
# commands interleaved within a round (A B C, A B C, ...), and reports the
# median time and the largest peak memory of each command, with the fastest
# and slowest run so the noise shows.  Every command is run once untimed
# first and its output checked, so a failing run is never timed (and the
# page cache is warm for all of them alike).
#
# Sections:
#   bench_extract   rfm-extract (default policy) against a bare libcsv
#                   parse (BUILD_DIR/tools/csvbare) and against pandas
#                   doing the same work (skipped when Debian's python3
#                   cannot import pandas: apt-get install python3-pandas)
#
# Environment: BENCH_ROUNDS (rounds, default 5), BENCH_PYTHON (the python
# for the pandas comparison, default /usr/bin/python3), TMPDIR.
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
[ -x /usr/bin/time ] ||
	die "GNU time (/usr/bin/time) not found; on Debian or Ubuntu: apt-get install time"
/usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null ||
	die "/usr/bin/time is not GNU time; on Debian or Ubuntu: apt-get install time"
command -v xz >/dev/null 2>&1 ||
	die "xz not found; on Debian or Ubuntu: apt-get install xz-utils"

work=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-bench.XXXXXX") ||
	die "cannot make a temporary directory under ${TMPDIR:-/tmp}"
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# One line per timed run: key <TAB> seconds <TAB> peak RSS in KB.
results=$work/results
: >"$results"
misses=0

# measure KEY CMD... - run CMD once under GNU time, stdout to /dev/null,
# and record its wall time and peak RSS under KEY.  A failure stops the
# bench (status 2) with the command's stderr.
measure() {
	m_key=$1
	shift
	if /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" \
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
	    NF == 2 && $1 ~ /^[0-9]+\.[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		    printf "%s\t%s\t%s\n", k, $1, $2 >> f; ok = 1 }
	    END { exit !ok }' ||
		die "$m_key: cannot read GNU time output: $(cat "$work/time.out")"
}

# summary KEY - print "median min max peak_kb" over KEY's runs.
summary() {
	awk -F '\t' -v k="$1" '$1 == k { print $2, $3 }' "$results" |
	    sort -n |
	    awk '{ t[NR] = $1; if ($2 > kb) kb = $2 }
		END {
		    if (NR == 0) exit 1
		    if (NR % 2) med = t[(NR + 1) / 2]
		    else med = (t[NR / 2] + t[NR / 2 + 1]) / 2
		    printf "%.3f %.2f %.2f %d\n", med, t[1], t[NR], kb
		}'
}

# report_header / report KEY LABEL / report_skip LABEL WHY - the table.
report_header() {
	printf '%-20s %9s %13s %14s\n' command 'time (s)' 'min - max' \
	    'peak RSS (MB)'
}
report() {
	summary "$1" | awk -v l="$2" '{
	    printf "%-20s %9.2f %6.2f - %-5.2f %11.1f\n", l, $1, $2, $3,
		$4 / 1024 }'
}
report_skip() {
	printf '%-20s %9s   (%s)\n' "$1" skipped "$2"
}

# target LABEL VALUE UNIT OP LIMIT - print one target line; count a miss.
# VALUE is printed with 2 decimals; OP is <=, <, >= or >.
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
	    -v r="$t_verdict" 'BEGIN {
	    sep = (u == "x") ? "" : " "
	    printf "%-28s %-10s %-20s %s\n", l, sprintf("%.2f%s%s", v, sep, u),
		sprintf("(target %s %s%s%s)", op, lim, sep, u), r }'
}
target_skip() {
	printf '%-28s %-10s (%s)\n' "$1" skipped "$2"
}

# ratio KEY_A KEY_B - median time of A / median time of B.
ratio() {
	r_a=$(summary "$1" | awk '{ print $1 }')
	r_b=$(summary "$2" | awk '{ print $1 }')
	awk -v a="$r_a" -v b="$r_b" 'BEGIN {
	    if (b < 0.01) b = 0.01	# GNU time resolution
	    printf "%.4f\n", a / b }'
}

# Decompressed once; decompression is not measured.
csv=$work/online_retail.csv
xz -dc "$DATA" >"$csv" || die "cannot decompress $DATA into $work"
csv_bytes=$(wc -c <"$csv" | tr -d ' ')

# rfm-extract against the bare libcsv parse and against pandas.
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
	target 'rfm-extract / bare parse:' "$(ratio extract bare)" x '<=' 1.4
	if [ -z "$pandas_why" ]; then
		target 'pandas / rfm-extract:' "$(ratio pandas extract)" x '>=' 7
	else
		target_skip 'pandas / rfm-extract:' "$pandas_why"
	fi
	target 'rfm-extract peak memory:' \
	    "$(summary extract | awk '{ printf "%.2f", $4 / 1024 }')" MB '<' 20
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

if [ -r /proc/loadavg ]; then
	echo "machine: $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load average $(cut -d ' ' -f 1-3 /proc/loadavg) at start"
fi
bench_extract

[ "$misses" -eq 0 ] || exit 1
exit 0
