#!/bin/sh
# demo.sh - the main job on the bundled real data, as a new user meets it.
#
# usage: sh data/demo.sh BUILD_DIR [OUT_DIR]
#
# Runs the whole rfmkit pipeline on data/online_retail.csv.xz (541,909
# transaction rows): extraction, scaling, k-means with k = 4, labelling,
# and prints the segment table.  The files it writes go to OUT_DIR
# (default: out/).
set -eu

build=$1
out=${2:-out}
mkdir -p "$out"
PATH=$build:$PATH

xz -dc data/online_retail.csv.xz | rfm-extract > "$out/rfm.tsv"
rfm-scale --save "$out/scaler.tsv" < "$out/rfm.tsv" |
    kmeans-fit -k 4 --scaler "$out/scaler.tsv" --save "$out/model.tsv" \
    > /dev/null
segment-predict --model "$out/model.tsv" < "$out/rfm.tsv" \
    > "$out/segments.tsv"
segment-predict --model "$out/model.tsv" --summary < "$out/rfm.tsv" \
    > "$out/summary.tsv"

n=$(($(wc -l < "$out/rfm.tsv") - 1))
echo "UCI Online Retail: 541,909 transactions -> $n customers -> 4 segments"
echo
LC_ALL=C awk -F '\t' 'NR > 1 {
	printf "%-20s %9s %7s %13s %10s %13s %9s\n", $2, $3,
	    sprintf("%.1f%%", 100 * $4), sprintf("%d days", $6),
	    sprintf("%d", $8), sprintf("%.2f", $10),
	    sprintf("%.1f%%", 100 * $11)
}
NR == 1 {
	printf "%-20s %9s %7s %13s %10s %13s %9s\n", "segment", "customers",
	    "share", "recency", "invoices", "spend", "revenue"
	printf "%-20s %9s %7s %13s %10s %13s %9s\n", "", "", "",
	    "(median)", "(median)", "(median)", "share"
}' "$out/summary.tsv"

# The pictures, when gnuplot is there to draw them.
pictures=
if command -v gnuplot >/dev/null 2>&1; then
	rfm-scale --load "$out/scaler.tsv" < "$out/rfm.tsv" |
	    kmeans-fit --k-range 2-10 > "$out/choose-k.tsv"
	gnuplot -e "in='$out/rfm.tsv'; out='$out/distributions.svg'" \
	    data/rfm-distributions.gp
	gnuplot -e "in='$out/choose-k.tsv'; out='$out/choose-k.svg'" \
	    data/choose-k.gp
	gnuplot -e "in='$out/segments.tsv'; out='$out/segments.svg'" \
	    data/segments.gp
	pictures=yes
fi

echo
echo "Files written in $out/:"
echo "  rfm.tsv           recency, frequency, monetary per customer (rfm-extract)"
echo "  scaler.tsv        the fitted scaling (rfm-scale --save; see rfmkit(5))"
echo "  model.tsv         the k-means model, segment names and scaler (kmeans-fit)"
echo "  segments.tsv      every customer with its cluster and segment"
echo "  summary.tsv       the table above, in full (segment-predict --summary)"
if [ -n "$pictures" ]; then
	echo "  choose-k.tsv      inertia and scores for k = 2..10 (kmeans-fit --k-range)"
	echo "  distributions.svg R, F and M before and after log1p"
	echo "  choose-k.svg      the elbow, silhouette and Davies-Bouldin curves"
	echo "  segments.svg      every customer, recency against monetary, by segment"
else
	echo "Pictures: install gnuplot (apt-get install gnuplot-nox) and run make demo again."
fi
