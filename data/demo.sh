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
    kmeans-fit -k 4 --save "$out/model.tsv" > /dev/null
segment-predict --scaler "$out/scaler.tsv" --model "$out/model.tsv" \
    < "$out/rfm.tsv" > "$out/segments.tsv"
segment-predict --scaler "$out/scaler.tsv" --model "$out/model.tsv" \
    --summary < "$out/rfm.tsv" > "$out/summary.tsv"

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
echo
echo "Files written in $out/:"
echo "  rfm.tsv       recency, frequency, monetary per customer (rfm-extract)"
echo "  scaler.tsv    the fitted scaling (rfm-scale --save; see rfmkit(5))"
echo "  model.tsv     the k-means model and segment names (kmeans-fit --save)"
echo "  segments.tsv  every customer with its cluster and segment"
echo "  summary.tsv   the table above, in full (segment-predict --summary)"
