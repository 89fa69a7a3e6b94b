# segments.gp - every customer as a point, recency against monetary,
# coloured by segment.
#
#   segment-predict --scaler scaler.tsv --model model.tsv < rfm.tsv > s.tsv
#   gnuplot -e "in='s.tsv'; out='segments.svg'" segments.gp
#
# in: segment-predict's output on rfm-extract's columns: customer_id,
# recency, frequency, monetary, cluster, segment.  Monetary is drawn on a
# log scale (customers with monetary <= 0 cannot be, and are left out).
if (!exists("in")) in = "segments.tsv"
if (!exists("out")) out = "segments.svg"
set terminal svg size 900,650 dynamic font "sans,11"
set output out
set datafile separator "\t"
set logscale y
set xlabel "recency (days since the last purchase)"
set ylabel "monetary (log scale)"
set key outside right top
set title "Customers by segment"
stats in using 5 skip 1 nooutput
k = int(STATS_max) + 1
name(c) = system(sprintf("awk -F '\t' 'NR > 1 && $5 == %d { print $6; exit }' '%s'", c, in))
plot for [c = 0:k - 1] in using 2:(column(5) == c && column(4) > 0 ? \
    column(4) : NaN) skip 1 with points pointtype 7 pointsize 0.4 \
    title name(c)
