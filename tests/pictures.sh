#!/bin/sh
# pictures.sh - the gnuplot scripts in data/ draw what they should.
#
# usage: sh tests/pictures.sh BUILD_DIR
#
# Each picture is drawn from the tools' own output on two unlike data
# sets: the real UCI export (4,338 customers, k = 4, pounds) and one
# generated here (200 days of 600 customers, k = 6).  Its SVG is read
# back: every series (gnuplot's <g id="gnuplot_plot_..."> groups), its
# title, and how many points (<use>), boxes (<polygon>) or labels
# (<text>) it holds must be what the data says.  Every script also writes
# a PNG when out is named .png (checked by its magic bytes and by
# tools/pngcheck: not blank), refuses an out of another name, and refuses
# (non-zero exit, the column named, no file written) a table that lacks a
# column it needs, as kmeans-fit's output lacks recency.  Without gnuplot
# the test says so and passes: the pictures are optional (apt-get install
# gnuplot-nox).
set -eu

build=$1
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "skipped pictures: gnuplot is not installed (apt-get install gnuplot-nox)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-pictures.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
PATH=$build:$PATH
fail=0

# series SVG: one line per series (gnuplot's <g id="gnuplot_plot_...">
# groups): id, points (<use>), boxes (<polygon>), labels (<text>), and
# the text of its first label: its title in the key, when it has one.
series() {
	LC_ALL=C awk '
	/<g[ >]/ {
		if (match($0, /id="gnuplot_plot_[0-9]+[a-z]*"/)) {
			cur = substr($0, RSTART + 17, RLENGTH - 18); depth = 0
			order[++n] = cur
		}
		if (cur != "") depth += gsub(/<g[ >]/, "&")
	}
	cur != "" {
		uses[cur] += gsub(/<use /, "&")
		boxes[cur] += gsub(/<polygon /, "&")
		if (match($0, /<text>[^<]*<\/text>/) && !texts[cur]++)
			title[cur] = substr($0, RSTART + 6, RLENGTH - 13)
		if (index($0, "</g>")) {
			depth -= gsub(/<\/g>/, "&")
			if (depth <= 0) cur = ""
		}
	}
	END {
		for (i = 1; i <= n; i++)
			printf "%s\t%d\t%d\t%d\t%s\n", order[i], uses[order[i]],
			    boxes[order[i]], texts[order[i]], title[order[i]]
	}' "$1"
}

check() {
	if [ "$2" = "$3" ]; then
		echo "ok $1"
	else
		echo "FAIL $1"
		echo "  expected: $(echo "$2" | tr '\n' '|')"
		echo "  got:      $(echo "$3" | tr '\n' '|')"
		fail=1
	fi
}

# draw SCRIPT IN OUT [ASSIGNMENTS]: run a script of data/.
draw() {
	gnuplot -e "in='$2'; out='$3'${4:+; $4}" "data/$1.gp"
}

# The two data sets, each as the tables a run has: rfm, scaled, model,
# segments, summary, an earlier run's segments and the migration, k.
prepare() {   # prepare DIR K KRANGE < transactions.csv
	d=$1
	mkdir -p "$d"
	cat > "$d/export.csv"
	rfm-extract "$d/export.csv" > "$d/rfm.tsv"
	rfm-scale --save "$d/scaler.tsv" < "$d/rfm.tsv" > "$d/scaled.tsv"
	kmeans-fit -k "$2" --scaler "$d/scaler.tsv" --save "$d/model.tsv" \
	    < "$d/scaled.tsv" > /dev/null
	segment-predict --model "$d/model.tsv" < "$d/rfm.tsv" \
	    > "$d/segments.tsv"
	segment-predict --model "$d/model.tsv" --summary < "$d/rfm.tsv" \
	    > "$d/summary.tsv"
	# The earlier run: the customers of the first half of the export.
	n=$(wc -l < "$d/export.csv")
	head -n $((n / 2)) "$d/export.csv" | rfm-extract 2> /dev/null |
	    segment-predict --model "$d/model.tsv" > "$d/old.tsv"
	segment-predict --model "$d/model.tsv" --previous "$d/old.tsv" \
	    --summary < "$d/rfm.tsv" > "$d/migration.tsv"
	kmeans-fit --k-range "$3" < "$d/scaled.tsv" > "$d/k.tsv"
}
xz -dc data/online_retail.csv.xz | prepare "$tmp/uci" 4 2-10
"$build/tools/gen" transactions 30000 600 7 200 | prepare "$tmp/gen" 6 2-8

for set in uci gen; do
	d=$tmp/$set
	segs=$(($(wc -l < "$d/summary.tsv") - 1))

	# Customers by segment: three panels; in the first a series per
	# segment, named, with a point per customer of positive monetary
	# (and one more, the key's); all of them in the second.
	draw segments "$d/segments.tsv" "$d/segments.svg"
	want=$(LC_ALL=C awk -F '\t' 'NR > 1 { n[$5]++; name[$5] = $6
		if ($4 > 0) pos[$5]++ }
		END { for (c = 0; c in n; c++)
			printf "%s\t%d\n", name[c], pos[c] + 1 }' \
		    "$d/segments.tsv")
	check "$set segments.gp: a series per segment, a point per customer" \
	    "$want" "$(series "$d/segments.svg" | head -n "$segs" | cut -f5,2 |
	    awk -F '\t' '{ print $2 "\t" $1 }')"
	want=$(LC_ALL=C awk -F '\t' 'NR > 1 { n++ } END { print n }' \
	    "$d/segments.tsv")
	check "$set segments.gp: every customer in recency x frequency" \
	    "$want" "$(series "$d/segments.svg" | sed -n "$((segs + 1)),$((2 * segs))p" |
	    awk -F '\t' '{ s += $2 } END { print s }')"

	# Choosing k: four curves of a point per k; the three scores with a
	# best k also have a ring; the chosen k is said in the title.
	nk=$(($(wc -l < "$d/k.tsv") - 1))
	draw choose-k "$d/k.tsv" "$d/k.svg" "k=4"
	check "$set choose-k.gp: four curves of $nk points, three rings" \
	    "$(printf '%s\n' "$nk" "$nk" 1 "$nk" 1 "$nk" 1)" \
	    "$(series "$d/k.svg" | cut -f2)"
	grep -q 'the chosen k = 4 is dashed' "$d/k.svg" ||
	    { echo "FAIL $set choose-k.gp: the chosen k is not marked"; fail=1; }

	# Distributions: five histograms, each with between 1 and 40 boxes
	# and no more boxes than its column has distinct values.
	draw rfm-distributions "$d/rfm.tsv" "$d/dist.svg" "currency='EUR'"
	got=$(series "$d/dist.svg" | LC_ALL=C awk -F '\t' -v rfm="$d/rfm.tsv" '
		BEGIN {
			while ((getline line < rfm) > 0) {
				if (++r == 1) continue
				split(line, f, "\t")
				for (c = 2; c <= 4; c++)
					if (!seen[c, f[c]]++) distinct[c]++
			}
			col[1] = 2; col[2] = 3; col[3] = 3; col[4] = 4; col[5] = 4
		}
		{
			c = col[NR]
			ok = $3 >= 1 && $3 <= 40 && $3 <= distinct[c]
			printf "%s%s", (NR > 1 ? " " : ""), (ok ? "ok" : "bad(" $3 " boxes)")
		}
		END { printf " %d\n", NR }')
	check "$set rfm-distributions.gp: five histograms of 1 to 40 boxes" \
	    "ok ok ok ok ok 5" "$got"
	grep -q 'monetary (EUR)' "$d/dist.svg" ||
	    { echo "FAIL $set rfm-distributions.gp: no currency"; fail=1; }

	# Profiles: three panels of a bar and a label per segment.
	draw profiles "$d/summary.tsv" "$d/profiles.svg"
	check "$set profiles.gp: three panels of $segs bars and labels" \
	    "$(printf '%s\n' "$segs $segs" "$segs $segs" "$segs $segs")" \
	    "$(series "$d/profiles.svg" | awk -F '\t' 'NR % 2 { b = $3 }
		!(NR % 2) { print b, $4 }')"

	# Share: customers and revenue, a bar each per segment; the title
	# names the segment with the most revenue.
	draw share "$d/summary.tsv" "$d/share.svg"
	check "$set share.gp: customers and revenue, $segs bars each (and the key's)" \
	    "$(printf 'customers\t%s\nrevenue\t%s' $((segs + 1)) $((segs + 1)))" \
	    "$(series "$d/share.svg" | head -n 2 | awk -F '\t' '{ print $5 "\t" $3 }')"
	want=$(LC_ALL=C awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR > 1 && $c["monetary_share"] > best { best = $c["monetary_share"]
		    s = sprintf("%s: %.0f%% of the customers bring %.0f%% of the revenue",
		    $c["segment"], 100 * $c["customer_share"], 100 * best) }
		END { print s }' "$d/summary.tsv")
	grep -qF "$want" "$d/share.svg" ||
	    { echo "FAIL $set share.gp: no title \"$want\""; fail=1; }

	# Migration: a cell and a label per row of the table.
	draw migration "$d/migration.tsv" "$d/migration.svg"
	cells=$(($(wc -l < "$d/migration.tsv") - 1))
	got=$(series "$d/migration.svg" | awk -F '\t' 'NR == 1 { b = $3 }
		END { print b, $4 }')
	check "$set migration.gp: $cells cells and labels" "$cells $cells" "$got"

	# PNG by the name, and not blank.
	for p in segments:segments.tsv choose-k:k.tsv \
	    rfm-distributions:rfm.tsv profiles:summary.tsv share:summary.tsv \
	    migration:migration.tsv; do
		s=${p%%:*}
		draw "$s" "$d/${p#*:}" "$d/$s.png" "k=4"
		magic=$(od -An -tx1 -N 4 "$d/$s.png" | tr -d ' ')
		st=$("$build/tools/pngcheck" "$d/$s.png" | awk '{ print ($3 > 2 && $4 > 0.01) ? "drawn" : "blank: " $0 }')
		check "$set $s.gp: out=*.png is a PNG, drawn" "89504e47 drawn" \
		    "$magic $st"
	done
done

# Refusals: a table without a column the script needs, kmeans-fit's
# scaled table for segments.gp first; an output named neither .svg nor
# .png.  Each exits non-zero, names what is wrong, and writes nothing.
d=$tmp/uci
kmeans-fit -k 4 < "$d/scaled.tsv" > "$d/fit.tsv"
cut -f2- "$d/summary.tsv" > "$d/no-cluster.tsv"
cut -f1,3- "$d/k.tsv" > "$d/no-inertia.tsv"
cut -f1,3- "$d/migration.tsv" > "$d/no-segment.tsv"
for c in "segments fit.tsv recency" "profiles no-cluster.tsv cluster" \
    "share rfm.tsv segment" "choose-k no-inertia.tsv inertia" \
    "rfm-distributions summary.tsv recency" \
    "migration no-segment.tsv segment"; do
	set -- $c
	rm -f "$tmp/refused.svg"
	if draw "$1" "$d/$2" "$tmp/refused.svg" 2> "$tmp/err"; then
		st=0
	else
		st=$?
	fi
	got="exit $st; $(grep -c "has no column \"$3\"" "$tmp/err") message; $(ls "$tmp/refused.svg" 2> /dev/null | wc -l) file"
	check "$1.gp refuses $2 (no $3)" "exit 2; 1 message; 0 file" "$got"
done
if draw share "$d/summary.tsv" "$tmp/share.pdf" 2> "$tmp/err"; then
	st=0
else
	st=$?
fi
check "share.gp refuses out=share.pdf without term" \
    "exit 2; 1 message; 0 file" \
    "exit $st; $(grep -c "name it .svg or .png" "$tmp/err") message; $(ls "$tmp/share.pdf" 2> /dev/null | wc -l) file"

exit $fail
