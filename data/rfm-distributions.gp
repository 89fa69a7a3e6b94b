# rfm-distributions.gp - how recency, frequency and monetary are spread,
# before and after the log1p transform that rfm-scale applies.
#
#   gnuplot -e "in='rfm.tsv'; out='distributions.svg'" rfm-distributions.gp
#
# in: rfm-extract's output (customer_id, recency, frequency, monetary).
# Six histograms of 40 bins: recency, frequency and monetary as they are
# (top), and recency, log1p(frequency) and log1p(monetary) (bottom): the
# long right tails of F and M, which k-means would chase, fold in.
if (!exists("in")) in = "rfm.tsv"
if (!exists("out")) out = "distributions.svg"
set terminal svg size 1200,700 dynamic font "sans,11"
set output out
set datafile separator "\t"
set style fill solid 0.6 border -1
set key off
set ylabel "customers"
bin(x, lo, w) = lo + w * (floor((x - lo) / w) + 0.5)
set multiplot layout 2,3 title "Recency, frequency and monetary per customer"
# Top row: as they are.
array name[3] = ["recency (days)", "frequency (invoices)", "monetary"]
array lname[3] = ["recency (days)", "log1p(frequency)", "log1p(monetary)"]
do for [i = 1:3] {
	stats in using (column(i + 1)) nooutput
	w = (STATS_max - STATS_min) / 40.0
	if (w <= 0) { w = 1 }
	lo = STATS_min
	set xlabel name[i]
	plot in using (bin(column(i + 1), lo, w)):(1.0) smooth frequency \
	    with boxes
}
# Bottom row: recency as it is, frequency and monetary through log1p.
do for [i = 1:3] {
	if (i == 1) {
		stats in using (column(2)) nooutput
	} else {
		stats in using (log(1 + column(i + 1))) nooutput
	}
	w = (STATS_max - STATS_min) / 40.0
	if (w <= 0) { w = 1 }
	lo = STATS_min
	set xlabel lname[i]
	if (i == 1) {
		plot in using (bin(column(2), lo, w)):(1.0) smooth frequency \
		    with boxes
	} else {
		plot in using (bin(log(1 + column(i + 1)), lo, w)):(1.0) \
		    smooth frequency with boxes
	}
}
unset multiplot
