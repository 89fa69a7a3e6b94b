# rfm-distributions.gp - how recency, frequency and monetary are spread,
# and what the log1p transform of rfm-scale makes of frequency and
# monetary.
#
#   gnuplot -e "in='rfm.tsv'; out='distributions.svg'" rfm-distributions.gp
#
# in: a table with the columns recency, frequency and monetary (found by
# name), as rfm-extract writes it.  out: .svg or .png (or give term).
# currency: the unit of monetary for its axis (default "money").
#
# Recency (left, full height) is scaled but not logged.  Frequency and
# monetary are drawn as extracted (top; the count of customers on a log
# axis, so that the long right tail shows) and after log1p (bottom): what
# k-means sees once they are standardised.  40 bins each.
me = "rfm-distributions.gp"
W = 1200; H = 700; need = "recency frequency monetary"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

set style fill solid 0.6 border -1
set key off
set grid ytics
# The bin of x: 40 of width w from lo, the maximum in the last.
bin(x, lo, w) = lo + w * ((x - lo) / w >= 40 ? 39.5 : floor((x - lo) / w) + 0.5)
# binwidth(0): 40 bins over the last stats' range, 1 for a single value.
binwidth(dummy) = STATS_max > STATS_min ? (STATS_max - STATS_min) / 40.0 : 1

set multiplot title "Recency, frequency and monetary per customer"
# Recency: as it is, full height on the left.
set origin 0, 0
set size 0.34, 0.95
stats in using (column(c_recency)) skip 1 nooutput
w = binwidth(0); lo = STATS_min
set title "recency"
set xlabel "days since the last purchase"
set ylabel "customers"
plot in using (bin(column(c_recency), lo, w)):(1.0) skip 1 \
    smooth frequency with boxes linetype 1

array col[2] = [c_frequency, c_monetary]
array what[2] = ["frequency", "monetary"]
array unit[2] = ["invoices", currency]
do for [i = 1:2] {
	# As extracted: counts on a log axis.
	set origin 0.34 + (i - 1) * 0.33, 0.475
	set size 0.33, 0.475
	stats in using (column(col[i])) skip 1 nooutput
	w = binwidth(0); lo = STATS_min
	set title sprintf("%s as extracted", what[i])
	set xlabel sprintf("%s (%s)", what[i], unit[i])
	set ylabel "customers (log scale)"
	set logscale y
	set yrange [0.8:*]
	set format x "%.0s%c"
	plot in using (bin(column(col[i]), lo, w)):(1.0) skip 1 \
	    smooth frequency with boxes linetype i + 1
	unset logscale y
	set yrange [*:*]
	set format x "% h"
	# After log1p.  A value <= -1 has no log1p and is left out (only
	# rfm-extract --keep-all makes them; rfm-scale refuses them).
	set origin 0.34 + (i - 1) * 0.33, 0
	stats in using (column(col[i]) > -1 ? log(1 + column(col[i])) : NaN) \
	    skip 1 nooutput
	w = binwidth(0); lo = STATS_min
	set title sprintf("log1p(%s): what k-means sees", what[i])
	set xlabel sprintf("log1p(%s)", what[i])
	set ylabel "customers"
	plot in using (column(col[i]) > -1 ? \
	    bin(log(1 + column(col[i])), lo, w) : NaN):(1.0) skip 1 \
	    smooth frequency with boxes linetype i + 1
}
unset multiplot
