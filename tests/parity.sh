#!/bin/sh
# parity.sh - rfm-extract on the full UCI Online Retail file equals the
# tables pandas computes with the same definitions.
#
# usage: sh tests/parity.sh BUILD_DIR
#
# The reference tables in tests/fixtures/ were made by pandas with
# tests/fixtures/make-rfm-fixtures.py; this test needs no Python.  Ids,
# recency and frequency must be equal; monetary equal to pandas' to 1e-9
# relative, or 1e-9 absolute (pandas sums in row order and leaves
# residues such as 5.7e-14 where purchases and returns cancel), and equal
# to the bit to math.fsum of the same line amounts (rfm-monetary-exact.tsv):
# rfm-extract's sum is exact and rounded once.  Then the same data in
# other shapes (US dates, CRLF, columns reordered) must give the same
# bytes as the original.
set -eu

build=$1
fix=tests/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-parity.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

xz -dc data/online_retail.csv.xz > "$tmp/retail.csv"

# compare NAME EXPECTED ACTUAL
compare() {
	if LC_ALL=C awk -F '\t' -v name="$1" '
		NR == FNR {
			if (FNR > 1) { r[$1] = $2; f[$1] = $3; m[$1] = $4; n++ }
			else head = $0
			next
		}
		FNR == 1 {
			if ($0 != head) { print name ": header differs: " $0; bad++ }
			next
		}
		{
			seen++
			if (!($1 in r)) { print name ": extra customer " $1; bad++; next }
			if (done[$1]++) { print name ": customer twice " $1; bad++ }
			if ($2 != r[$1] || $3 != f[$1]) {
				print name ": customer " $1 ": recency/frequency " $2 \
				    "/" $3 ", pandas " r[$1] "/" f[$1]
				bad++
			}
			a = $4 + 0; b = m[$1] + 0
			d = a - b; if (d < 0) d = -d
			s = a < 0 ? -a : a; t = b < 0 ? -b : b; if (t > s) s = t
			if (d > 1e-9 * s && d > 1e-9) {
				print name ": customer " $1 ": monetary " $4 \
				    ", pandas " m[$1]; bad++
			}
			if (s > 1e-6 && d / s > worst) worst = d / s
		}
		END {
			if (seen != n) { print name ": " seen " customers, pandas " n; bad++ }
			if (bad) exit 1
			printf "ok %s: %d customers equal to pandas (monetary: largest relative difference %g)\n", name, n, worst
		}' "$2" "$3"; then :; else fail=1; fi
}

# exact NAME FIXTURE_COLUMN ACTUAL: monetary is math.fsum's, to the bit
exact() {
	if LC_ALL=C awk -F '\t' -v name="$1" -v col="$2" '
		NR == FNR { if (FNR > 1) x[$1] = $col; next }
		FNR > 1 {
			if (!($1 in x) || x[$1] == "-") {
				print name ": customer " $1 " has no exact sum"; bad++
			} else if ($4 + 0 != x[$1] + 0) {
				print name ": customer " $1 ": monetary " $4 \
				    ", math.fsum " x[$1]; bad++
			} else
				n++
		}
		END {
			if (bad) exit 1
			printf "ok %s: %d customers, monetary equal to math.fsum to the bit\n", name, n
		}' "$fix/rfm-monetary-exact.tsv" "$3"; then :; else fail=1; fi
}
"$build/rfm-extract" "$tmp/retail.csv" > "$tmp/default.tsv"
compare "default policy" "$fix/rfm-default.tsv" "$tmp/default.tsv"
exact "default policy" 2 "$tmp/default.tsv"
"$build/rfm-extract" --keep-all "$tmp/retail.csv" > "$tmp/keep-all.tsv"
compare "--keep-all" "$fix/rfm-keep-all.tsv" "$tmp/keep-all.tsv"
exact "--keep-all" 3 "$tmp/keep-all.tsv"

# same VARIANT_NAME CSVMANGLE_OPTIONS...: the rewritten file gives the
# same bytes as the original.
same() {
	name=$1
	shift
	"$build/tools/csvmangle" "$@" < "$tmp/retail.csv" > "$tmp/variant.csv"
	"$build/rfm-extract" "$tmp/variant.csv" > "$tmp/variant.tsv"
	if cmp -s "$tmp/default.tsv" "$tmp/variant.tsv"; then
		echo "ok $name: same table"
	else
		echo "FAIL $name: the table differs"
		diff "$tmp/default.tsv" "$tmp/variant.tsv" | head -5
		fail=1
	fi
}
same "dates as M/D/YYYY H:MM" -u 5
same "CRLF line ends" -r
same "columns reordered" -o 7,5,8,1,6,2,3,4
same "all three at once" -u 5 -r -o 7,5,8,1,6,2,3,4

exit $fail
