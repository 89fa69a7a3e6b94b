# share.gp - each segment's share of the customers beside its share of
# the revenue (monetary): who brings the money.
#
#   segment-predict --model model.tsv --summary < rfm.tsv > summary.tsv
#   gnuplot -e "in='summary.tsv'; out='share.svg'" share.gp
#
# in: segment-predict --summary (the tsv format); the columns segment,
# customer_share and monetary_share are found by name.  out: .svg or .png
# (or give term).  The title names the segment with the largest share of
# the revenue.
me = "share.gp"
W = 900; H = 500; need = "segment customer_share monetary_share"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

# The segment that brings the most: its row, then its name and shares.
stats in using (column(c_monetary_share)) skip 1 nooutput
top = STATS_index_max
nseg = STATS_records
stats in using ($0 == top ? (topname = strcol(c_segment), \
    topc = column(c_customer_share), topm = column(c_monetary_share)) : 0) \
    skip 1 nooutput
set title sprintf("%s: %.0f%% of the customers bring %.0f%% of the revenue", \
    topname, 100 * topc, 100 * topm)
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set grid ytics
set ylabel "share (%)"
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set xrange [-0.6:nseg - 0.4]
set xtics rotate by -20 left
plot in using (100 * column(c_customer_share)):xtic(c_segment) skip 1 \
    title "customers" linetype 8, \
    in using (100 * column(c_monetary_share)) skip 1 title "revenue" \
    linetype 3, \
    in using ($0 - 0.17):(100 * column(c_customer_share)):(sprintf("%.1f%%", \
    100 * column(c_customer_share))) skip 1 with labels offset 0, 0.7 notitle, \
    in using ($0 + 0.17):(100 * column(c_monetary_share)):(sprintf("%.1f%%", \
    100 * column(c_monetary_share))) skip 1 with labels offset 0, 0.7 notitle
