# choose-k.gp - the curves that help choose k: the elbow of the inertia,
# the silhouette (higher is better) and the Davies-Bouldin index (lower is
# better), one point per k.
#
#   kmeans-fit --k-range 2-10 < scaled.tsv > k.tsv
#   gnuplot -e "in='k.tsv'; out='choose-k.svg'" choose-k.gp
#
# in: kmeans-fit --k-range output (k, inertia, silhouette,
# calinski_harabasz, davies_bouldin).
if (!exists("in")) in = "k.tsv"
if (!exists("out")) out = "choose-k.svg"
set terminal svg size 1200,400 dynamic font "sans,11"
set output out
set datafile separator "\t"
set key off
set xlabel "k"
set xtics 1
set grid
set multiplot layout 1,3 title "Choosing k"
set title "inertia (look for the elbow)"
plot in using 1:2 skip 1 with linespoints pointtype 7
set title "silhouette (higher is better)"
plot in using 1:3 skip 1 with linespoints pointtype 7
set title "Davies-Bouldin (lower is better)"
plot in using 1:5 skip 1 with linespoints pointtype 7
unset multiplot
