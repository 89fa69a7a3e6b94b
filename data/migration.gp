# migration.gp - where the customers of an earlier run are now: one cell
# per (previous segment, segment) pair, its shade the share of the
# previous segment's customers, its label their number.
#
#   segment-predict --model model.tsv --previous old.tsv --summary \
#       < rfm.tsv > migration.tsv
#   gnuplot -e "in='migration.tsv'; out='migration.svg'" migration.gp
#
# in: segment-predict --previous --summary (the tsv format): the columns
# previous_segment, segment and customers, found by name, in the order
# segment-predict writes them (each previous segment's row of cells, the
# (new) row last).  out: .svg or .png (or give term).
me = "migration.gp"
W = 900; H = 650; need = "previous_segment segment customers"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

# The cells of one row: those whose previous segment is the first row's.
stats in using (strcol(c_previous_segment) eq \
    system(sprintf("awk -F '\t' 'NR == 2 { print $%d; exit }' '%s'", \
    c_previous_segment, in)) ? 1 : 0) skip 1 nooutput
ncol = int(STATS_sum)
stats in using (column(c_customers)) skip 1 nooutput
nrow = int(ceil(STATS_records / (1.0 * ncol)))
x(i) = int(i) % ncol
y(i) = int(i) / ncol
# Each row's customers, for the shade: the share of its row.
array rowsum[nrow]
do for [r = 1:nrow] { rowsum[r] = 0 }
stats in using (rowsum[y($0) + 1] = rowsum[y($0) + 1] + column(c_customers)) \
    skip 1 nooutput
share(i, n) = rowsum[y(i) + 1] > 0 ? n / rowsum[y(i) + 1] : 0

set title "Migration: customers of the previous run (rows) by their segment now (columns)"
set xlabel "segment now"
set ylabel "previous segment"
set xrange [-0.5:ncol - 0.5]
set yrange [nrow - 0.5:-0.5]
set xtics rotate by -20 left
set tics scale 0
set palette defined (0 "#ffffff", 1 "#2b6ca3")
set cbrange [0:1]
set cblabel "share of the previous segment's customers"
set style fill solid 1 border rgb "#cccccc"
set key off
plot in using (x($0)):(y($0)):(0.5):(0.5):(share($0, column(c_customers))) \
    skip 1 with boxxyerror fillcolor palette, \
    in using (x($0)):(y($0) == 0 ? 0 : NaN):xtic(c_segment) skip 1 \
    with points pointtype -1 notitle, \
    in using (x($0) == 0 ? 0 : NaN):(y($0)):ytic(c_previous_segment) skip 1 \
    with points pointtype -1 notitle, \
    in using (x($0)):(y($0)):(sprintf("%d", column(c_customers))) skip 1 \
    with labels
