# rfmkit-plot.gp - what the picture scripts share; each loads it.
#
# Before loading, a script sets me (its name), W and H (the picture's size in pixels)
# and need (the header names it reads, separated by spaces).  The user
# gives in (the TSV to read) and out (the picture to write), and may give
# term (a gnuplot terminal, e.g. 'pdfcairo size 8in,5in'); without it the
# format follows out's name: .svg or .png (pngcairo).
#
# Columns are found by their header name, never by position: for each
# name in need, c_NAME holds its column number.  An input that lacks one
# is refused (exit 2) before anything is written.
if (!exists("in") || !exists("out")) {
	print sprintf("%s: give in='table.tsv' and out='picture.svg' (or .png)", me)
	exit status 2
}
if (system(sprintf("test -r '%s' && echo y", in)) ne "y") {
	print sprintf("%s: cannot read %s", me, in)
	exit status 2
}
rfmkit_col(name) = int(system(sprintf("awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"%s\") { print i; exit } print 0; exit } END { if (NR == 0) print 0 }' '%s'", name, in)))
do for [rfmkit_name in need] {
	rfmkit_c = rfmkit_col(rfmkit_name)
	if (rfmkit_c == 0) {
		print sprintf("%s: %s has no column \"%s\" (needed: %s; its header: %s)", me, in, rfmkit_name, need, system(sprintf("head -n 1 '%s' | tr '\t' ' '", in)))
		exit status 2
	}
	eval sprintf("c_%s = %d", rfmkit_name, rfmkit_c)
}

if (!exists("term")) {
	rfmkit_ext = strlen(out) >= 4 ? out[strlen(out) - 3:] : ""
	if (rfmkit_ext eq ".png" || rfmkit_ext eq ".PNG") {
		term = "pngcairo"
	} else {
		if (rfmkit_ext eq ".svg" || rfmkit_ext eq ".SVG") {
			term = "svg"
		} else {
			print sprintf("%s: out='%s': name it .svg or .png, or give term='TERMINAL'", me, out)
			exit status 2
		}
	}
}
if (term eq "pngcairo") {
	set terminal pngcairo size W, H font "sans,10" noenhanced
} else {
	if (term eq "svg") {
		set terminal svg size W, H dynamic font "sans,11" noenhanced
	} else {
		eval "set terminal " . term
	}
}
set output out
set encoding utf8
set datafile separator "\t"
if (!exists("currency")) currency = "money"

# One colour per cluster id (or segment slot), the same in every picture.
array rfmkit_colour[12] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", \
    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", \
    "#393b79", "#ad494a"]
do for [rfmkit_i = 1:12] {
	set linetype rfmkit_i linecolor rgb rfmkit_colour[rfmkit_i]
}
