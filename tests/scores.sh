#!/bin/sh
# scores.sh - rfm-scale --score on rfm-extract's table of the full UCI
# Online Retail data equals the scores pandas computes with the same
# rule, and rfm-scale --score --rule rfm equals the R package rfm's
# scores on that package's example data.
#
# usage: sh tests/scores.sh BUILD_DIR
#
# The references in tests/fixtures/ were made by
# tests/fixtures/make-score-fixtures.py (pandas) and
# tests/fixtures/rfm-r-table.tsv (the table the R package's README prints
# for its example data, checked against the package's rule by
# tests/fixtures/check-rfm-r-fixture.py); this test needs neither Python
# nor R.  Scores must be
# equal, byte for byte; the breaks saved equal to pandas' quantiles to
# 1e-12 relative (rfm-scale computes the interpolation index exactly,
# pandas in doubles: they differ in the last digits, never in a score).
set -eu

build=$1
fix=tests/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-scores.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

for n in 5 3 10; do
	want=$fix/scores-pandas-$n.tsv
	[ "$n" != 5 ] || want=$fix/scores-pandas.tsv
	"$build/rfm-scale" --score --bins "$n" --save "$tmp/breaks-$n.tsv" \
	    "$fix/rfm-default.tsv" > "$tmp/scores-$n.tsv"
	if cmp -s "$want" "$tmp/scores-$n.tsv"; then
		echo "ok scores $n: $(($(wc -l < "$want") - 1)) customers equal to pandas"
	else
		echo "FAIL scores $n: rfm-scale --score --bins $n differs from $want"
		diff "$want" "$tmp/scores-$n.tsv" | head -10
		fail=1
	fi
	# The breaks file against pandas' quantiles.
	if ! LC_ALL=C awk -F '\t' -v n="$n" '
		NR == FNR {
			if ($1 == n) want[$2] = $3
			next
		}
		$1 == "break" {
			k = split(want[$2], w, ",")
			if (k != NF - 3) {
				print "breaks " n ": " $2 ": " NF - 3 " breaks, pandas " k
				bad = 1
				next
			}
			for (i = 1; i <= k; i++) {
				a = $(i + 3) + 0; b = w[i] + 0
				d = a - b; if (d < 0) d = -d
				s = a < 0 ? -a : a; t = b < 0 ? -b : b
				if (t > s) s = t
				if (d > 1e-12 * s) {
					print "breaks " n ": " $2 " break " i ": " \
					    $(i + 3) ", pandas " w[i]
					bad = 1
				}
			}
			seen++
		}
		END {
			if (seen != 3) { print "breaks " n ": " seen " break lines"; bad = 1 }
			exit bad
		}' "$fix/breaks-pandas.tsv" "$tmp/breaks-$n.tsv"; then
		fail=1
	else
		echo "ok breaks $n: equal to pandas' quantiles to 1e-12"
	fi
	# Loaded, the breaks give the same scores.
	if ! "$build/rfm-scale" --score --load "$tmp/breaks-$n.tsv" \
	    "$fix/rfm-default.tsv" | cmp -s - "$tmp/scores-$n.tsv"; then
		echo "FAIL scores $n: --load of the saved breaks scores otherwise"
		fail=1
	fi
done

# The R package rfm's rule on its own example data.
cut -f 1-4 "$fix/rfm-r-table.tsv" > "$tmp/r-in.tsv"
cut -f 1,5-8 "$fix/rfm-r-table.tsv" > "$tmp/r-want.tsv"
"$build/rfm-scale" --score --rule rfm "$tmp/r-in.tsv" > "$tmp/r-got.tsv"
if cmp -s "$tmp/r-want.tsv" "$tmp/r-got.tsv"; then
	echo "ok scores --rule rfm: $(($(wc -l < "$tmp/r-want.tsv") - 1)) customers equal to the R package rfm's"
else
	echo "FAIL scores --rule rfm: differs from the R package rfm's scores"
	diff "$tmp/r-want.tsv" "$tmp/r-got.tsv" | head -10
	fail=1
fi
exit $fail
