#!/bin/sh
# migration.sh - segment-predict --previous on the UCI data against the
# migration table pandas computed without rfmkit
# (tests/fixtures/make-migration-fixture.py); no Python is needed here.
#
# usage: sh tests/migration.sh BUILD_DIR
#
# The earlier run is the data as it stood on 1 September 2011
# (rfm-extract --as-of 2011-09-01), the later one the whole year; both
# are labelled with the scaler and model of tests/fixtures.
set -eu

build=$1
fix=tests/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-migration.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
PATH=$build:$PATH
model="--scaler $fix/scaler.tsv --model $fix/model.tsv"

ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; fail=1; }

xz -dc data/online_retail.csv.xz | rfm-extract --as-of 2011-09-01 \
    > "$tmp/rfm-0901.tsv"
xz -dc data/online_retail.csv.xz | rfm-extract > "$tmp/rfm.tsv"
# shellcheck disable=SC2086
segment-predict $model "$tmp/rfm-0901.tsv" > "$tmp/before.tsv"

# 1. The migration table equals pandas': names and counts exactly, the
# sums to a relative 1e-9, and an empty field where pandas has one.
# shellcheck disable=SC2086
segment-predict $model --previous "$tmp/before.tsv" --summary \
    "$tmp/rfm.tsv" > "$tmp/table.tsv"
if LC_ALL=C awk -F '\t' '
	NR == FNR { for (i = 1; i <= NF; i++) ref[FNR, i] = $i; nf = NF; rows = FNR; next }
	{
		if (NF != nf) { print "  line " FNR ": " NF " fields"; bad++ }
		for (i = 1; i <= NF; i++) {
			r = ref[FNR, i]
			if (FNR == 1 || i <= 3 || r == "" || $i == "") {
				if ($i != r) { print "  line " FNR " field " i ": \"" $i "\", pandas \"" r "\""; bad++ }
				continue
			}
			a = $i + 0; b = r + 0; d = a - b; if (d < 0) d = -d
			s = b < 0 ? -b : b
			if (d > 1e-9 * s) { print "  line " FNR " field " i ": " $i ", pandas " r; bad++ }
		}
	}
	END { if (FNR != rows) { print "  " FNR " lines, pandas " rows; bad++ } exit bad > 0 }' \
	    "$fix/migration-pandas.tsv" "$tmp/table.tsv" > "$tmp/diff"; then
	ok "segment-predict --previous --summary: the migration table of" \
	    "2011-09-01 to the year's end equals pandas' (1e-9)"
else
	bad "segment-predict --previous --summary differs from pandas"
	cat "$tmp/diff"
fi

# 2. The rows agree with the table: their (previous_segment, segment)
# pairs, an empty previous segment counted as (new), are its counts.
# shellcheck disable=SC2086
segment-predict $model --previous "$tmp/before.tsv" "$tmp/rfm.tsv" \
    > "$tmp/rows.tsv"
LC_ALL=C awk -F '\t' 'NR > 1 { p = $NF == "" ? "(new)" : $NF; n[p "\t" $(NF - 1)]++ }
	END { for (k in n) print k "\t" n[k] }' "$tmp/rows.tsv" | sort \
	    > "$tmp/rows.count"
LC_ALL=C awk -F '\t' 'NR > 1 && $3 > 0 && $2 != "(gone)" { print $1 "\t" $2 "\t" $3 }' \
    "$tmp/table.tsv" | sort > "$tmp/table.count"
if cmp -s "$tmp/rows.count" "$tmp/table.count"; then
	ok "segment-predict --previous: the rows' previous segments make" \
	    "the table's counts"
else
	bad "segment-predict --previous: rows and table disagree"
	diff "$tmp/table.count" "$tmp/rows.count" | head -5
fi

# 3. --changed writes the customers off the diagonal, the new ones
# included, and those rows are the rows whose two segments differ.
# shellcheck disable=SC2086
segment-predict $model --previous "$tmp/before.tsv" --changed \
    "$tmp/rfm.tsv" > "$tmp/changed.tsv"
want=$(LC_ALL=C awk -F '\t' 'NR > 1 && $1 != $2 && $2 != "(gone)" { n += $3 }
	END { print n + 0 }' "$tmp/table.tsv")
LC_ALL=C awk -F '\t' 'NR == 1 || $NF != $(NF - 1)' "$tmp/rows.tsv" \
    > "$tmp/changed.want"
if [ "$(sed 1d "$tmp/changed.tsv" | wc -l)" -eq "$want" ] &&
    cmp -s "$tmp/changed.tsv" "$tmp/changed.want"; then
	ok "segment-predict --previous --changed: the $want customers whose" \
	    "segment changed, new ones included"
else
	bad "segment-predict --changed: not the $want changed customers"
fi

exit $fail
