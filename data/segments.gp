# segments.gp - every customer as a point, coloured by segment, in the
# three planes of recency, frequency and monetary.
#
#   segment-predict --model model.tsv < rfm.tsv > segments.tsv
#   gnuplot -e "in='segments.tsv'; out='segments.svg'" segments.gp
#
# in: segment-predict's output on rfm-extract's table; the columns
# recency, frequency, monetary, cluster and segment are found by name (so
# kmeans-fit's output, whose columns are the scaled recency_z ..., is
# refused).  out: .svg or .png (or give term).  currency: the unit of
# monetary (default "money").  Frequency and monetary are drawn on log
# axes; customers with monetary <= 0 cannot be, and are left out of the
# two panels that draw it (the title counts them).
me = "segments.gp"
W = 1400; H = 520; need = "recency frequency monetary cluster segment"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

stats in using (column(c_cluster)) skip 1 nooutput
nk = int(STATS_max) + 1
stats in using (column(c_monetary) <= 0 ? 1 : 0) skip 1 nooutput
left = int(STATS_sum)
# The name of cluster c: the segment of its first row.
name(c) = system(sprintf("awk -F '\t' 'NR > 1 && $%d == %d { print $%d; exit }' '%s'", c_cluster, c, c_segment, in))
array names[nk]
do for [c = 0:nk - 1] { names[c + 1] = name(c) }

pos(v) = v > 0 ? v : NaN
if (left > 0) {
	set multiplot layout 1,3 title sprintf("Customers by segment (%d with monetary <= 0 not drawn where monetary is)", left)
} else {
	set multiplot layout 1,3 title "Customers by segment"
}
set grid
set key off
rx = "recency (days since the last purchase)"
fx = "frequency (invoices, log scale)"
mx = sprintf("monetary (%s, log scale)", currency)

set logscale y
set xlabel rx
set ylabel mx
set format y "%.0s%c"
set key top right
plot for [c = 0:nk - 1] in using (column(c_recency)):(column(c_cluster) \
    == c ? pos(column(c_monetary)) : NaN) skip 1 with points pointtype 7 \
    pointsize 0.35 linetype c + 1 title names[c + 1]
set key off
set ylabel fx
set format y "% h"
plot for [c = 0:nk - 1] in using (column(c_recency)):(column(c_cluster) \
    == c ? column(c_frequency) : NaN) skip 1 with points pointtype 7 \
    pointsize 0.35 linetype c + 1 notitle
set logscale xy
set xlabel fx
set ylabel mx
set format y "%.0s%c"
plot for [c = 0:nk - 1] in using (column(c_frequency)):(column(c_cluster) \
    == c ? pos(column(c_monetary)) : NaN) skip 1 with points pointtype 7 \
    pointsize 0.35 linetype c + 1 notitle
unset multiplot
