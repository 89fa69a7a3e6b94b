#!/bin/sh
# parity-model.sh - rfm-scale, kmeans-fit and segment-predict on the UCI
# data against the references scikit-learn and pandas made
# (tests/fixtures/make-model-fixtures.py); no Python is needed here.
#
# usage: sh tests/parity-model.sh BUILD_DIR
set -eu

build=$1
fix=tests/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-parity.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
PATH=$build:$PATH

ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; fail=1; }

# 1. The scaler: means and scales equal to StandardScaler's to 1e-12.
rfm-scale --save "$tmp/scaler.tsv" < "$fix/rfm-default.tsv" > "$tmp/scaled.tsv"
if LC_ALL=C awk -F '\t' '
	NR == FNR { if (FNR > 1) { m[$1] = $2; s[$1] = $3 } next }
	$1 == "column" {
		n++
		dm = $4 - m[$2]; if (dm < 0) dm = -dm
		ds = $5 - s[$2]; if (ds < 0) ds = -ds
		am = m[$2] < 0 ? -m[$2] : m[$2]
		if (dm > 1e-12 * am || ds > 1e-12 * s[$2]) {
			print "  " $2 ": mean " $4 " scale " $5 ", scikit-learn " \
			    m[$2] " " s[$2]; bad++
		}
		r = am ? dm / am : 0; if (r > worst) worst = r
		r = ds / s[$2]; if (r > worst) worst = r
	}
	END {
		if (n != 3) bad++
		printf "%g\n", (worst > 0 ? worst : 0)
		exit bad > 0
	}' "$fix/scaler-sklearn.tsv" "$tmp/scaler.tsv" > "$tmp/worst"; then
	ok "rfm-scale: means and scales equal to StandardScaler's" \
	    "(largest relative difference $(cat "$tmp/worst"))"
else
	bad "rfm-scale: means or scales differ from StandardScaler's"
	cat "$tmp/worst"
fi

# 2. kmeans-fit on scikit-learn's matrix: inertia no worse for k = 2..8.
kmeans-fit --k-range 2-8 < "$fix/rfm-scaled-sklearn.tsv" > "$tmp/scan.tsv"
if LC_ALL=C awk -F '\t' '
	NR == FNR { if (FNR > 1) ref[$1] = $2; next }
	FNR > 1 {
		n++
		status = $2 <= ref[$1] * (1 + 1e-9) ? "ok" : "WORSE"
		if (status != "ok") bad++
		printf "  k=%d inertia %s, scikit-learn %s: %s\n", $1, $2, ref[$1],
		    status
	}
	END { exit bad > 0 || n != 7 }' "$fix/kmeans-sklearn.tsv" "$tmp/scan.tsv" \
	    > "$tmp/inertia"; then
	ok "kmeans-fit: inertia no worse than scikit-learn's for k = 2..8"
	cat "$tmp/inertia"
else
	bad "kmeans-fit: inertia worse than scikit-learn's"
	cat "$tmp/inertia"
fi

# 3. The pipeline reproduces the scaler and model the fixtures were made
# from (determinism across runs and machines): every line of version 1
# the same bytes, the comments, the version and the lines version 2
# added aside (the cksum line; the model's scaler lines, which must be
# the scaler's column lines).
kmeans-fit -k 4 --scaler "$tmp/scaler.tsv" --save "$tmp/model.tsv" \
    < "$tmp/scaled.tsv" > /dev/null
for f in scaler model; do
	grep -v -e '^#' -e '^rfmkit-' -e '^cksum' -e '^scaler' "$tmp/$f.tsv" \
	    > "$tmp/$f.v1"
	grep -v -e '^#' -e '^rfmkit-' "$fix/$f.tsv" > "$tmp/$f.ref"
	if cmp -s "$tmp/$f.ref" "$tmp/$f.v1"; then
		ok "the pipeline gives tests/fixtures/$f.tsv again"
	else
		bad "the pipeline's $f differs from tests/fixtures/$f.tsv" \
		    "(rerun make-model-fixtures.py if the change is intended)"
		diff "$tmp/$f.ref" "$tmp/$f.v1" | head -5
	fi
done
tab=$(printf '\t')
grep "^column$tab" "$tmp/scaler.tsv" > "$tmp/cols"
if grep "^scaler$tab" "$tmp/model.tsv" | sed 's/^scaler/column/' |
    cmp -s - "$tmp/cols"; then
	ok "the model carries the scaler's columns"
else
	bad "the model's scaler lines are not the scaler's columns"
fi

# 4. segment-predict with that scaler and model (files of version 1):
# every customer's cluster is the one StandardScaler.transform +
# KMeans.predict give.
segment-predict --scaler "$fix/scaler.tsv" --model "$fix/model.tsv" \
    < "$fix/rfm-default.tsv" > "$tmp/labelled.tsv"
cut -f1,5,6 "$tmp/labelled.tsv" | sed 1d > "$tmp/ours"
sed 1d "$fix/predict-sklearn.tsv" > "$tmp/theirs"
if cmp -s "$tmp/ours" "$tmp/theirs"; then
	ok "segment-predict: all $(wc -l < "$tmp/ours") customers in the" \
	    "cluster scikit-learn predicts"
else
	bad "segment-predict: clusters differ from scikit-learn's"
	diff "$tmp/theirs" "$tmp/ours" | head -5
fi

# 5. --summary equals the pandas groupby of those clusters.
segment-predict --scaler "$fix/scaler.tsv" --model "$fix/model.tsv" \
    --summary < "$fix/rfm-default.tsv" > "$tmp/summary.tsv"
if LC_ALL=C awk -F '\t' '
	NR == FNR { for (i = 1; i <= NF; i++) ref[FNR, i] = $i; nf = NF; rows = FNR; next }
	{
		if (NF != nf) { print "  line " FNR ": " NF " fields"; bad++ }
		for (i = 1; i <= NF; i++) {
			if (FNR == 1 || i <= 2) {
				if ($i != ref[FNR, i]) { print "  " $i " != " ref[FNR, i]; bad++ }
				continue
			}
			a = $i + 0; b = ref[FNR, i] + 0; d = a - b; if (d < 0) d = -d
			s = b < 0 ? -b : b
			if (d > 1e-9 * s) { print "  line " FNR " field " i ": " $i ", pandas " ref[FNR, i]; bad++ }
		}
	}
	END { exit bad > 0 || FNR != rows }' "$fix/summary-pandas.tsv" \
	    "$tmp/summary.tsv"; then
	ok "segment-predict --summary: equal to pandas' groupby (1e-9)"
else
	bad "segment-predict --summary differs from pandas"
fi

# 6. One customer on the command line gets the segment of its row, for
# every tenth customer.
awk -F '\t' 'NR > 1 && NR % 10 == 2' "$tmp/labelled.tsv" > "$tmp/some"
n=0
while IFS="$(printf '\t')" read -r id r f m cluster segment; do
	got=$(segment-predict --scaler "$fix/scaler.tsv" \
	    --model "$fix/model.tsv" -r "$r" -f "$f" -m "$m" | sed 1d |
	    cut -f4,5)
	if [ "$got" != "$(printf '%s\t%s' "$cluster" "$segment")" ]; then
		bad "segment-predict -r $r -f $f -m $m: $got; customer $id's" \
		    "row says $cluster $segment"
	fi
	n=$((n + 1))
done < "$tmp/some"
[ $fail = 1 ] || ok "segment-predict -r -f -m: the row's segment for $n customers"

# 7. The model of version 2, which carries its scaler, alone: the same
# clusters as scikit-learn's.
segment-predict --model "$tmp/model.tsv" < "$fix/rfm-default.tsv" |
    cut -f1,5,6 | sed 1d > "$tmp/ours2"
if cmp -s "$tmp/ours2" "$tmp/theirs"; then
	ok "segment-predict --model alone (the scaler in the model): all" \
	    "$(wc -l < "$tmp/ours2") customers in the cluster scikit-learn predicts"
else
	bad "segment-predict --model alone: clusters differ from scikit-learn's"
	diff "$tmp/theirs" "$tmp/ours2" | head -5
fi

# 8. Predictions unchanged: every customer of the real data, as
# rfm-extract reads it, gets through the new model file, which carries
# its scaler, the segment the old pair of files gives (the fixtures,
# version 1, as rfmkit wrote them before the scaler moved into the
# model); the same whole rows, byte for byte.
xz -dc data/online_retail.csv.xz | rfm-extract > "$tmp/rfm.tsv"
rfm-scale --save "$tmp/s8.tsv" < "$tmp/rfm.tsv" |
    kmeans-fit --scaler "$tmp/s8.tsv" --save "$tmp/m8.tsv" > /dev/null
segment-predict --scaler "$fix/scaler.tsv" --model "$fix/model.tsv" \
    "$tmp/rfm.tsv" > "$tmp/pair.tsv"
segment-predict --model "$tmp/m8.tsv" "$tmp/rfm.tsv" > "$tmp/alone.tsv"
if [ "$(head -1 "$fix/model.tsv")" = "rfmkit-model$(printf '\t')1" ] &&
    [ "$(sed 1d "$tmp/pair.tsv" | wc -l)" -eq 4338 ] &&
    cmp -s "$tmp/pair.tsv" "$tmp/alone.tsv"; then
	ok "the model that carries its scaler labels all 4338 customers of" \
	    "the real data as the old scaler and model files do"
else
	bad "the new model file and the old pair label the real data" \
	    "differently"
	diff "$tmp/pair.tsv" "$tmp/alone.tsv" | head -5
fi

exit $fail
