# choose-k.gp - the four scores that help choose k, one point per k, with
# the best k of each score and the chosen k marked.
#
#   kmeans-fit --k-range 2-10 < scaled.tsv > k.tsv
#   gnuplot -e "in='k.tsv'; out='choose-k.svg'; k=4" choose-k.gp
#
# in: kmeans-fit --k-range output; the columns k, inertia, silhouette,
# calinski_harabasz and davies_bouldin are found by name.  out: .svg or
# .png (or give term).  k: the k chosen (a dashed line); without it none
# is marked.  The inertia always falls as k grows: look for its elbow.
# The best silhouette and Calinski-Harabasz are the highest, the best
# Davies-Bouldin the lowest: a ring marks each.
me = "choose-k.gp"
W = 1100; H = 650; need = "k inertia silhouette calinski_harabasz davies_bouldin"
load ARG0[1:strlen(ARG0) - strlen(me)] . "rfmkit-plot.gp"

set key off
set grid
set xlabel "k (clusters)"
set xtics 1
set offsets 0, 0, graph 0.15, graph 0.1
stats in using (column(c_k)) skip 1 nooutput
set xrange [STATS_min - 0.5:STATS_max + 0.5]
if (exists("k")) {
	set arrow 1 from k, graph 0 to k, graph 1 nohead dashtype 2 \
	    linewidth 1.5 linecolor rgb "#444444"
	set multiplot layout 2,2 title sprintf("Choosing k: the chosen k = %d is dashed", k)
} else {
	set multiplot layout 2,2 title "Choosing k"
}
array col[4] = [c_inertia, c_silhouette, c_calinski_harabasz, c_davies_bouldin]
array what[4] = ["inertia (look for the elbow)", "silhouette (higher is better)", \
    "Calinski-Harabasz (higher is better)", "Davies-Bouldin (lower is better)"]
array best[4] = [0, 1, 1, -1]
do for [i = 1:4] {
	set title what[i]
	if (best[i] != 0) {
		stats in using (column(c_k)):(column(col[i])) skip 1 nooutput
		bk = best[i] > 0 ? STATS_pos_max_y : STATS_pos_min_y
		by = best[i] > 0 ? STATS_max_y : STATS_min_y
		set label 1 sprintf("best: k = %d", bk) at bk, by \
		    offset 1, 1 left
		plot in using (column(c_k)):(column(col[i])) skip 1 \
		    with linespoints pointtype 7 linetype 1, \
		    in using (column(c_k)):(column(c_k) == bk ? \
		    column(col[i]) : NaN) skip 1 with points pointtype 6 \
		    pointsize 3 linetype 4
		unset label 1
	} else {
		plot in using (column(c_k)):(column(col[i])) skip 1 \
		    with linespoints pointtype 7 linetype 1
	}
}
unset multiplot
