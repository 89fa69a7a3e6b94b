#!/bin/sh
# report.sh - rfmkit-report's page: self-contained, complete, and its form
# answers as segment-predict does, in a real browser.
#
# usage: sh tests/report.sh BUILD_DIR
#
# The page of the real data (with migration, scores and the choice of k)
# and of a generated, unlike data set (k = 6) are checked as text: every
# section and table, one picture of each kind as an SVG in a data: URL,
# nothing loaded from elsewhere, the only script the form's.  Without
# gnuplot on PATH the page is written without pictures and says so.  Bad
# input writes no page and exits with segment-predict's status.
#
# Then the pages are opened in headless Chromium through ChromeDriver
# (tests/browser-lib.sh: a private chromedriver on a free loopback port):
# rendered to a PNG that must not be blank (tools/pngcheck), every image
# loaded, and the form driven as a person would, typing recency, frequency
# and monetary: for every 43rd customer of the real data (100), every
# 30th of the other (16) and every 60th for a model fitted on its raw
# columns, without a scaler (8), the answer must be segment-predict's
# segment and cluster; for impossible or malformed input the page must
# refuse where segment-predict -r -f -m refuses, and answer where it
# answers.  Without chromium and
# chromedriver (apt-get install chromium chromium-driver curl) the browser
# part says so and passes.
set -eu

build=$(cd "$1" && pwd)
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-report.XXXXXX")
. "$top/tests/browser-lib.sh"
trap 'wd_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
PATH=$build:$PATH
fail=0

ok() { echo "ok $*"; }
not_ok() { echo "FAIL $*"; fail=1; }
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "  expected: $(echo "$2" | tr '\n' '|')"
		echo "  got:      $(echo "$3" | tr '\n' '|')"
	fi
}

# The real data: tonight's table, the model, last run's segments (the
# export as of 2011-09-01), the scores, the choice of k.
u=$tmp/uci
mkdir "$u"
xz -dc data/online_retail.csv.xz > "$u/export.csv"
rfm-extract "$u/export.csv" > "$u/rfm.tsv"
rfm-scale --save "$u/scaler.tsv" < "$u/rfm.tsv" > "$u/scaled.tsv"
kmeans-fit -k 4 --scaler "$u/scaler.tsv" --save "$u/model.tsv" \
    < "$u/scaled.tsv" > /dev/null
rfm-extract --as-of 2011-09-01 "$u/export.csv" 2> /dev/null |
    segment-predict --model "$u/model.tsv" > "$u/old.tsv"
rfm-scale --score --keep < "$u/rfm.tsv" > "$u/scores.tsv"
kmeans-fit --k-range 2-10 < "$u/scaled.tsv" > "$u/k.tsv"
segment-predict --model "$u/model.tsv" < "$u/rfm.tsv" > "$u/segments.tsv"
rfmkit-report --model "$u/model.tsv" --previous "$u/old.tsv" \
    --scores "$u/scores.tsv" --choose-k "$u/k.tsv" --currency GBP \
    -o "$u/report.html" "$u/rfm.tsv"

# The other: 200 days of 600 customers, six segments, the model beside
# its scaler (format 1 style use: --scaler), no extras.
g=$tmp/gen
mkdir "$g"
"$build/tools/gen" transactions 30000 600 7 200 | rfm-extract > "$g/rfm.tsv"
rfm-scale --save "$g/scaler.tsv" < "$g/rfm.tsv" |
    kmeans-fit -k 6 --save "$g/model.tsv" > /dev/null
segment-predict --model "$g/model.tsv" --scaler "$g/scaler.tsv" \
    < "$g/rfm.tsv" > "$g/segments.tsv"
rfmkit-report --model "$g/model.tsv" --scaler "$g/scaler.tsv" \
    --title 'Shop <B> & "C"' < "$g/rfm.tsv" > "$g/report.html"

# The page as text.
sections() { grep -o '<h2>[^<]*' "$1" | sed 's/<h2>//'; }
check "real data: the sections" "Segments
Migration since the previous run
Segments by RFM scores
Recency, frequency and monetary
Choosing k
The segment of one customer" "$(sections "$u/report.html")"
check "generated data: the sections" "Segments
Recency, frequency and monetary
The segment of one customer" "$(sections "$g/report.html")"
check "real data: 6 pictures in data: URLs, 5 SVG and the scatter PNG" "5 1" \
    "$(grep -c '<img alt="[^"]*" src="data:image/svg+xml;base64,' "$u/report.html") $(grep -c '<img alt="[^"]*" src="data:image/png;base64,' "$u/report.html")"
check "generated data: 4 pictures" 4 "$(grep -c '<img ' "$g/report.html")"
# Each picture decodes to what its type says.
n=0
for p in $(grep -o 'data:image/[a-z+]*;base64,[^"]*' "$u/report.html"); do
	printf '%s' "${p#*base64,}" | base64 -d > "$tmp/picture" 2> /dev/null ||
	    continue
	case $p in
	data:image/png*) [ "$(od -An -tx1 -N 4 "$tmp/picture" | tr -d ' ')" = 89504e47 ] ;;
	*) head -c 300 "$tmp/picture" | grep -q '<svg' ;;
	esac && n=$((n + 1))
done
check "real data: the 6 pictures decode to their type" 6 "$n"
check "nothing loaded from elsewhere, one script (the form's)" "0 1" \
    "$(grep -c -E '(src|href)="(https?:|//)|<link |@import|url\(' "$u/report.html" || :) $(grep -c '<script' "$u/report.html")"
check "the title escaped" 2 "$(grep -c 'Shop &lt;B&gt; &amp; &quot;C&quot;' "$g/report.html")"
check "the summary table is the --format html one" \
    "$(segment-predict --model "$u/model.tsv" --summary --format html < "$u/rfm.tsv")" \
    "$(sed -n '/<table class="rfmkit-summary">/,/<\/table>/{p;/<\/table>/q;}' "$u/report.html")"
grep -q '<table class="rfmkit-migration"' "$u/report.html" &&
    ok "the migration table" || not_ok "no migration table"

# Without gnuplot: a PATH of the tools the script needs, gnuplot left out.
mkdir "$tmp/bin"
for c in sh awk sed cat date mktemp rm mv cp wc basename base64 head tr \
    xz; do
	ln -s "$(command -v "$c")" "$tmp/bin/$c"
done
if PATH=$build:$tmp/bin rfmkit-report --model "$u/model.tsv" \
    -o "$tmp/nopic.html" "$u/rfm.tsv" 2> "$tmp/err"; then
	check "without gnuplot: no picture, a note, a warning" "0 1 1" \
	    "$(grep -c '<img' "$tmp/nopic.html" || :) $(grep -c 'No pictures' "$tmp/nopic.html") $(grep -c 'gnuplot was not found' "$tmp/err")"
else
	not_ok "without gnuplot: exit $?"
fi

# Bad input: no page, segment-predict's status; usage 64; no file 66.
refused() {   # refused WHAT STATUS ARGS...: rfmkit-report exits STATUS, no page
	what=$1 want=$2 st=0
	shift 2
	rm -f "$tmp/bad.html"
	rfmkit-report -o "$tmp/bad.html" "$@" 2> "$tmp/err" || st=$?
	check "$what: exit $want, no page" "$want 0" \
	    "$st $(ls "$tmp/bad.html" 2> /dev/null | wc -l)"
}
head -c 300 "$u/model.tsv" > "$tmp/cut-model.tsv"
refused "a truncated model" 65 --model "$tmp/cut-model.tsv" \
    "$u/rfm.tsv"
refused "a table without monetary" 65 --model "$u/model.tsv" \
    "$u/scaled.tsv"
refused "a missing input" 66 --model "$u/model.tsv" \
    "$tmp/none.tsv"
refused "no --model" 64 "$u/rfm.tsv"
refused "--rules without --scores" 64 --model \
    "$u/model.tsv" --rules "$u/model.tsv" "$u/rfm.tsv"

# The browser.
if ! command -v chromium > /dev/null 2>&1 ||
    ! command -v chromedriver > /dev/null 2>&1 ||
    ! command -v curl > /dev/null 2>&1; then
	echo "skipped the browser: chromium, chromedriver or curl is not" \
	    "installed (apt-get install chromium chromium-driver curl)"
	exit $fail
fi
mkdir "$tmp/wd"
wd_start "$tmp/wd" || { echo "FAIL chromedriver did not start"; exit 1; }

# Open the page: rendered and not blank, every image loaded.
look() {   # look NAME PAGE IMAGES
	wd_open "file://$2"
	wd_screenshot "$tmp/$1.png"
	got=$("$build/tools/pngcheck" "$tmp/$1.png" |
	    awk '{ print ($3 > 16 && $4 > 0.02) ? "drawn" : "blank: " $0 }')
	check "$1: the page renders, not blank" drawn "$got"
	check "$1: $3 images, all loaded" "$3 true" \
	    "$(wd_exec 'return document.images.length') $(wd_exec 'return [...document.images].every(i => i.complete && i.naturalWidth > 0)')"
	elements
}

# ask R F M: type into the form as a person would; print the answer, or
# "refused: " and the refusal.
# The form's elements, found once a page (look).
elements() {
	el_r=$(wd_find '#r') el_f=$(wd_find '#f') el_m=$(wd_find '#m')
	el_go=$(wd_find '#go') el_answer=$(wd_find '#answer')
	el_refusal=$(wd_find '#refusal')
}
field() {   # field ELEMENT TEXT
	wd_clear "$1"
	[ -z "$2" ] || wd_type "$1" "$2"
}
ask() {
	field "$el_r" "$1"
	field "$el_f" "$2"
	field "$el_m" "$3"
	wd_click "$el_go"
	a=$(wd_text "$el_answer")
	r=$(wd_text "$el_refusal")
	if [ -n "$r" ]; then echo "refused: $r"; else echo "$a"; fi
}
# cli R F M: segment-predict's answer in the page's form.
cli() {
	if out=$(segment-predict --model "$model" $scaler -r "$1" -f "$2" \
	    -m "$3" 2> /dev/null); then
		echo "$out" | awk -F '\t' 'NR == 2 { print $5 " (cluster " $4 ")" }'
	else
		echo refused
	fi
}
# form NAME SEGMENTS EVERY: every EVERY-th customer of SEGMENTS typed in.
form() {
	n=0 bad=0
	while IFS="$(printf '\t')" read -r id r f m c s; do
		want="$s (cluster $c)"
		got=$(ask "$r" "$f" "$m")
		n=$((n + 1))
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			echo "  customer $id ($r, $f, $m): page '$got', segment-predict '$want'"
		fi
	done <<EOF
$(awk -v every="$3" 'NR > 1 && NR % every == 0' "$2")
EOF
	check "$1: the form's answers equal segment-predict's for $n customers" \
	    "0 wrong" "$bad wrong"
}

look real "$u/report.html" 6
model=$u/model.tsv scaler=
form "real data" "$u/segments.tsv" 43

# Impossible and odd input: the page refuses where segment-predict does
# and answers the same where it answers.
n=0 bad=0
while read -r r f m; do
	[ "$r" = '""' ] && r=
	want=$(cli "$r" "$f" "$m")
	got=$(ask "$r" "$f" "$m")
	case $got in refused:*) got=refused ;; esac
	n=$((n + 1))
	if [ "$got" != "$want" ]; then
		bad=$((bad + 1))
		echo "  ($r, $f, $m): page '$got', segment-predict '$want'"
	fi
done <<'EOF'
-1 3 100
0 0.5 100
0 1 -1
0 1 -1.5
x 1 100
"" 1 100
1e400 1 100
1e300 1 100
12 1e999 100
5 3 1e308
+5 3 100
5. 3.0 .5
1e1 2E0 830.50
0.5 1 -0.999
-0 1 0
EOF
check "impossible and odd input: as segment-predict -r -f -m ($n tries)" \
    "0 differ" "$bad differ"

look generated "$g/report.html" 4
model=$g/model.tsv scaler="--scaler $g/scaler.tsv"
form "generated data" "$g/segments.tsv" 30

# A model fitted on the raw columns, without a scaler: the form takes
# R, F and M as they are.
kmeans-fit -k 3 --save "$g/raw-model.tsv" < "$g/rfm.tsv" > /dev/null 2>&1
segment-predict --model "$g/raw-model.tsv" < "$g/rfm.tsv" \
    > "$g/raw-segments.tsv" 2> /dev/null
rfmkit-report --model "$g/raw-model.tsv" -o "$g/raw.html" "$g/rfm.tsv" \
    2> /dev/null
look "raw model" "$g/raw.html" 4
model=$g/raw-model.tsv scaler=
form "a model without a scaler" "$g/raw-segments.tsv" 60

exit $fail
