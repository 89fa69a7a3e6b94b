#!/bin/sh
# demo.sh - the main job on the bundled real data, as a new user meets it.
#
# usage: sh data/demo.sh BUILD_DIR [OUT_DIR]
#
# Runs the rfmkit pipeline on data/online_retail.csv.xz (541,909 rows)
# and prints a readable result; the files it writes go to OUT_DIR
# (default: out/).
set -eu

build=$1
out=${2:-out}
mkdir -p "$out"
PATH=$build:$PATH

echo "rfm-extract: data/online_retail.csv.xz -> $out/rfm.tsv"
xz -dc data/online_retail.csv.xz | rfm-extract -v > "$out/rfm.tsv"
echo
n=$(($(wc -l < "$out/rfm.tsv") - 1))
echo "One row per customer ($n customers); the first five:"
head -6 "$out/rfm.tsv" | column -t -s "$(printf '\t')" 2>/dev/null ||
    head -6 "$out/rfm.tsv"
echo
LC_ALL=C awk -F '\t' 'NR > 1 {
	r += $2; f += $3; m += $4; n++
	if ($2 <= 30) active++
}
END {
	printf "Mean recency %.1f days, mean frequency %.2f invoices, mean monetary %.2f\n",
	    r / n, f / n, m / n
	printf "%d customers (%.1f%%) bought in the last 30 days\n",
	    active, 100 * active / n
}' "$out/rfm.tsv"
echo
echo "Files written: $out/rfm.tsv (customer_id, recency, frequency, monetary)"
