# profiles.gp - what each segment's customers are like: the median
# recency, frequency and monetary of each segment, side by side.
#
#   segment-predict --model model.tsv --summary < rfm.tsv > summary.tsv
#   gnuplot -e "in='summary.tsv'; out='profiles.svg'" profiles.gp
#
# in: segment-predict --summary (the tsv format); the columns cluster,
# segment, customers, recency_median, frequency_median and
# monetary_median are found by name.  out: .svg or .png (or give term).
# currency: the unit of monetary (default "money").  A segment without
# customers has no medians and no bar.  The colours are the clusters',
# as in segments.gp.
me = "profiles.gp"
W = 1200; H = 450
need = "cluster segment customers recency_median frequency_median monetary_median"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

set multiplot layout 1,3 title "Segment profiles: the median customer of each segment"
set style fill solid 0.8 border -1
set boxwidth 0.7
set key off
set grid ytics
set yrange [0:*]
set xtics rotate by -30 left
set xrange [-0.6:*]
set offsets 0, 0, graph 0.12, 0
array col[3] = [c_recency_median, c_frequency_median, c_monetary_median]
array what[3] = ["recency", "frequency", "monetary"]
array unit[3] = ["days since the last purchase", "invoices", currency]
do for [i = 1:3] {
	set title sprintf("median %s", what[i])
	set ylabel sprintf("%s (%s)", what[i], unit[i])
	plot in using 0:(column(col[i])):(column(c_cluster) + 1):xtic(c_segment) \
	    skip 1 with boxes linecolor variable, \
	    in using 0:(column(col[i])):(sprintf("%.4g", column(col[i]))) \
	    skip 1 with labels offset 0, 0.7
}
unset multiplot
