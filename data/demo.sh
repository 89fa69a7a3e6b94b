#!/bin/sh
# demo.sh - the main job on the bundled real data, as a new user meets it.
#
# usage: sh data/demo.sh BUILD_DIR [OUT_DIR]
#
# Runs the whole rfmkit pipeline on data/online_retail.csv.xz (541,909
# transaction rows): extraction, scaling, k-means with k = 4, labelling,
# prints the segment table and writes the report page (rfmkit-report).  The files it writes go to OUT_DIR
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

# Last run's segments, from the export as it stood on 2011-09-01, for the
# migration in the report.
xz -dc data/online_retail.csv.xz | rfm-extract --as-of 2011-09-01 \
    2> /dev/null | segment-predict --model "$out/model.tsv" \
    > "$out/segments-2011-09-01.tsv"
rfm-scale --score --keep < "$out/rfm.tsv" > "$out/scores.tsv"

n=$(($(wc -l < "$out/rfm.tsv") - 1))
echo "UCI Online Retail: 541,909 transactions -> $n customers -> 4 segments"
echo
segment-predict --model "$out/model.tsv" --summary --format text \
    < "$out/rfm.tsv"

# The page, with the pictures when gnuplot is there to draw them.
pictures=
set --
if command -v gnuplot >/dev/null 2>&1; then
	rfm-scale --load "$out/scaler.tsv" < "$out/rfm.tsv" |
	    kmeans-fit --k-range 2-10 > "$out/choose-k.tsv"
	set -- --choose-k "$out/choose-k.tsv"
	pictures=yes
fi
rfmkit-report --model "$out/model.tsv" "$@" \
    --previous "$out/segments-2011-09-01.tsv" --scores "$out/scores.tsv" \
    --currency GBP --title "UCI Online Retail: customer segments" \
    -o "$out/report.html" "$out/rfm.tsv"

echo
echo "Files written in $out/:"
echo "  rfm.tsv           recency, frequency, monetary per customer (rfm-extract)"
echo "  scaler.tsv        the fitted scaling (rfm-scale --save; see rfmkit-files(5))"
echo "  model.tsv         the k-means model, segment names and scaler (kmeans-fit)"
echo "  segments.tsv      every customer with its cluster and segment"
echo "  summary.tsv       the table above, for machines (segment-predict --summary)"
echo "  scores.tsv        RFM scores 1-5 per customer (rfm-scale --score)"
echo "  segments-2011-09-01.tsv  the segments of the export as of 2011-09-01"
if [ -n "$pictures" ]; then
	echo "  choose-k.tsv      inertia and scores for k = 2..10 (kmeans-fit --k-range)"
fi
echo "  report.html       one page to open in a browser (rfmkit-report): the"
echo "                    table, pictures, migration since 2011-09-01, RFM"
echo "                    scores, and a form giving the segment of one customer"
if [ -z "$pictures" ]; then
	echo "The page has no pictures: install gnuplot (apt-get install gnuplot-nox)"
	echo "and run make demo again."
fi
