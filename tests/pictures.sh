#!/bin/sh
# pictures.sh - the gnuplot scripts in data/ draw what they should.
#
# usage: sh tests/pictures.sh BUILD_DIR
#
# Each picture is drawn from the tools' own output on data/sample.csv and
# its SVG is read back: every series (gnuplot's <g id="gnuplot_plot_...">
# groups), its title, and how many points (<use>) or boxes (<polygon>) it
# holds must be what the data says.  Without gnuplot the test says so and
# passes: the pictures are optional (apt-get install gnuplot-nox).
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

# series SVG: one line per series: id, title, points, boxes.
series() {
	LC_ALL=C awk '
	/<g[ >]/ {
		if (match($0, /id="gnuplot_plot_[0-9]+[a-z]*"/)) {
			cur = substr($0, RSTART + 17, RLENGTH - 18); depth = 0
			order[++n] = cur
			if (match($0, /<title>[^<]*<\/title>/))
				title[cur] = substr($0, RSTART + 7, RLENGTH - 15)
		}
		if (cur != "") depth += gsub(/<g[ >]/, "&")
	}
	cur != "" {
		uses[cur] += gsub(/<use /, "&")
		boxes[cur] += gsub(/<polygon /, "&")
		if (index($0, "</g>")) {
			depth -= gsub(/<\/g>/, "&")
			if (depth <= 0) cur = ""
		}
	}
	END {
		for (i = 1; i <= n; i++)
			printf "%s\t%s\t%d\t%d\n", order[i], title[order[i]],
			    uses[order[i]], boxes[order[i]]
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

rfm-extract data/sample.csv > "$tmp/rfm.tsv"
rfm-scale --save "$tmp/scaler.tsv" < "$tmp/rfm.tsv" > "$tmp/scaled.tsv"
kmeans-fit -k 4 --save "$tmp/model.tsv" < "$tmp/scaled.tsv" > /dev/null
segment-predict --scaler "$tmp/scaler.tsv" --model "$tmp/model.tsv" \
    < "$tmp/rfm.tsv" > "$tmp/segments.tsv"
kmeans-fit --k-range 2-5 < "$tmp/scaled.tsv" > "$tmp/k.tsv"

# Customers by segment: a series per segment, named, with one point per
# customer (and one more, the key's).
gnuplot -e "in='$tmp/segments.tsv'; out='$tmp/segments.svg'" data/segments.gp
want=$(LC_ALL=C awk -F '\t' 'NR > 1 { n[$5]++; name[$5] = $6 }
	END { for (c = 0; c in n; c++) printf "%s\t%d\n", name[c], n[c] + 1 }' \
	    "$tmp/segments.tsv")
check "segments.gp: a series per segment, a point per customer" "$want" \
    "$(series "$tmp/segments.svg" | cut -f2,3)"

# Choosing k: three curves, a point per k.
gnuplot -e "in='$tmp/k.tsv'; out='$tmp/k.svg'" data/choose-k.gp
check "choose-k.gp: three curves of 4 points (k = 2..5)" \
    "$(printf '4\n4\n4')" "$(series "$tmp/k.svg" | cut -f3)"

# Distributions: six histograms, each with between 1 and 40 boxes and no
# more boxes than its column has distinct values.
gnuplot -e "in='$tmp/rfm.tsv'; out='$tmp/dist.svg'" data/rfm-distributions.gp
series "$tmp/dist.svg" > "$tmp/dist.series"
got=$(LC_ALL=C awk -F '\t' -v rfm="$tmp/rfm.tsv" '
	BEGIN {
		while ((getline line < rfm) > 0) {
			if (++r == 1) continue
			split(line, f, "\t")
			for (c = 2; c <= 4; c++) if (!seen[c, f[c]]++) distinct[c]++
		}
	}
	{
		c = (NR - 1) % 3 + 2
		ok = $4 >= 1 && $4 <= 40 && $4 <= distinct[c]
		printf "%s%s", (NR > 1 ? " " : ""), (ok ? "ok" : "bad(" $4 " boxes)")
	}
	END { printf " %d\n", NR }' "$tmp/dist.series")
check "rfm-distributions.gp: six histograms of 1 to 40 boxes" \
    "ok ok ok ok ok ok 6" "$got"

exit $fail
