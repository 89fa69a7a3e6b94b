#!/bin/sh
# browser-selftest.sh - tests/browser-lib.sh drives headless Chromium:
# a form is filled in by typing, its button clicked and the text the
# page's script writes read back; a screenshot shows something.
#
# usage: sh tests/browser-selftest.sh BUILD_DIR   (from the top of the
#        repository; BUILD_DIR/tools/pngcheck must be built)
#
# A page written to a temporary directory has three inputs, a button, an
# image and an output paragraph whose text the button's script makes from
# the inputs, a fixed non-ASCII word, double quotes and the number of
# input events (one per character typed, so the typing is real).  The
# test types values with non-ASCII characters, a double quote and a
# backslash, clicks and compares the text; reads an attribute and a
# property; runs scripts whose results are JSON (the images loaded, a
# broken one, strings with every kind of escape); checks that an error
# from chromedriver fails the call with its message; takes a screenshot
# that tools/pngcheck must find not blank (more than 1% of the pixels
# not the background, more than 2 colours); and after wd_stop no
# browser process is left.  tests/report.sh types into the report page's
# form; this test covers the library's own corners.
#
# Without chromium, chromedriver or curl the test says so and passes
# (apt-get install chromium chromium-driver curl).
set -eu

build=$1
for c in "${WD_CHROMEDRIVER:-chromedriver}" curl; do
	if ! command -v "$c" >/dev/null 2>&1; then
		echo "skipped browser self-test: $c is not installed" \
		    "(apt-get install chromium chromium-driver curl)"
		exit 0
	fi
done
if [ ! -x "${WD_CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "skipped browser self-test: ${WD_CHROMIUM:-/usr/bin/chromium}" \
	    "is not installed (apt-get install chromium chromium-driver curl)"
	exit 0
fi
[ -x "$build/tools/pngcheck" ] || {
	echo "browser-selftest.sh: $build/tools/pngcheck is missing" \
	    "(make $build/tools/pngcheck)" >&2
	exit 2
}
pngcheck=$(cd "$build/tools" && pwd)/pngcheck

# shellcheck source=tests/browser-lib.sh
. "$(dirname "$0")/browser-lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-browser.XXXXXX")
tmp=$(cd "$tmp" && pwd)
cleanup() {
	wd_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail=0

check() {
	if [ "$2" = "$3" ]; then
		printf 'ok %s\n' "$1"
	else
		printf 'FAIL %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3"
		fail=1
	fi
}

# Seconds since the epoch, with nanoseconds where date gives them.
now() {
	case $(date +%N) in
	*N* | '') date +%s ;;
	*) date +%s.%N ;;
	esac
}
since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

cat > "$tmp/logo.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">
<rect width="120" height="60" fill="#2a6"/>
<circle cx="30" cy="30" r="20" fill="#fd0"/>
</svg>
EOF
cat > "$tmp/form.html" <<'EOF'
<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Kunde "prüfen"</title>
<style>
body { font: 18px sans-serif; margin: 2em; }
label { display: block; margin: .5em 0; }
#out { font-size: 28px; color: #036; background: #fec; padding: 1em; }
</style></head>
<body>
<h1>Segment eines Kunden</h1>
<form onsubmit="return false">
<label>Recency <input id="r"></label>
<label>Frequency <input id="fq"></label>
<label>Monetary <input id="m"></label>
<button id="go" type="button">Berechnen</button>
</form>
<p><img id="logo" src="logo.svg" alt="logo"></p>
<p id="out" data-word="Zürich &quot;Größe&quot;">noch nichts</p>
<script>
var typed = 0;
document.querySelectorAll('input').forEach(function (i) {
	i.addEventListener('input', function (e) {
		if (e.inputType === 'insertText') typed++;
	});
});
document.getElementById('go').addEventListener('click', function () {
	function v(id) { return document.getElementById(id).value; }
	document.getElementById('out').textContent = 'Größe: ' + v('r') +
	    ' | ' + v('fq') + ' | ' + v('m') + ' | "' + typed + '"';
	typed = 0;
});
</script>
</body></html>
EOF

t0=$(now)
wd_start "$tmp"
start_time=$(since "$t0")
echo "chromedriver start and session: $start_time s"
wd_open "file://$tmp/form.html"
r=$(wd_find '#r')
fq=$(wd_find '#fq')
m=$(wd_find '#m')
go=$(wd_find '#go')
out=$(wd_find '#out')

# Typed: 6 + 15 + 5 characters (the backslash is one).
wd_type "$r" 'Zürich'
wd_type "$fq" 'say "hi" \ back'
wd_type "$m" '東京 42'
wd_click "$go"
check "typed, clicked, read back" \
    'Größe: Zürich | say "hi" \ back | 東京 42 | "26"' "$(wd_text "$out")"
check "a property: the value typed" 'say "hi" \ back' "$(wd_prop "$fq" value)"
check "an attribute" 'Zürich "Größe"' "$(wd_attr "$out" data-word)"
check "no such attribute: nothing" '' "$(wd_attr "$out" data-none)"
check "the title, as JSON" '"Kunde \"prüfen\""' "$(wd_exec 'return document.title')"
wd_clear "$fq"
check "cleared" '' "$(wd_prop "$fq" value)"

check "the images loaded" true "$(wd_exec \
    'return [...document.images].every(i => i.complete && i.naturalWidth > 0)')"
check "an object, as JSON" '{"n":2,"s":["a",null]}' \
    "$(wd_exec 'return {n: 1 + 1, s: ["a", null]}')"
wd_exec 'var i = document.createElement("img"); i.src = "missing.png";
	document.body.appendChild(i); return null' >/dev/null
tries=0
while [ "$(wd_exec 'return [...document.images].every(i => i.complete)')" != true ] &&
    [ $tries -lt 50 ]; do
	sleep 0.1 2>/dev/null || sleep 1
	tries=$((tries + 1))
done
check "a broken image is seen" false "$(wd_exec \
    'return [...document.images].every(i => i.complete && i.naturalWidth > 0)')"

# Strings both ways: escaped when sent, unescaped when read.
check "unicode escapes decoded" 'é€😀"\/' "$(printf '%s' \
    '{"value":"\u00e9\u20AC\ud83d\ude00\"\\\/"}' | wd_jget value text)"
for s in 'plain' 'a "quoted" word' 'back\slash \\ \n' 'Größe 東京 😀' \
    "$(printf 'tab\there\001ctl\037 \177del')" "$(printf 'new\nline')"; do
	j=$(wd_jstr "$s")
	got=$(wd_exec "return $j" | wd_jget '' text)
	check "through the browser and back: $j" "$s" "$got"
done
raw=$(wd_exec 'return "a\u0001b\u001fc\nd"')
case $raw in
*'\u0001b\u001'[fF]'c\nd"') check "control characters come back as \\u escapes" 1 1 ;;
*) check "control characters come back as \\u escapes" '"a\u0001b\u001fc\nd"' "$raw" ;;
esac

# An error: a non-zero status and chromedriver's message.
if err=$(wd_find '#nothing-here' 2>&1); then
	check "a missing element fails" "non-zero" "0"
else
	case $err in
	*'wd_find: error: no such element'*)
		printf 'ok a missing element fails: %s\n' "$err" ;;
	*) check "a missing element fails with the message" \
	    "wd_find: error: no such element..." "$err" ;;
	esac
fi
if err=$(wd_exec 'throw new Error("Größe fehlt")' 2>&1); then
	check "a script that throws fails" "non-zero" "0"
else
	case $err in
	*'Größe fehlt'*)
		printf 'ok a script that throws fails: %s\n' "$err" ;;
	*) check "a script that throws fails with its message" \
	    "...Größe fehlt..." "$err" ;;
	esac
fi

wd_screenshot "$tmp/shot.png"
shot=$("$pngcheck" "$tmp/shot.png")
echo "screenshot: $shot (width height colours non-background)"
check "the screenshot is not blank" yes "$(echo "$shot" |
    awk '{ print ($3 > 2 && $4 > 0.01) ? "yes" : "no" }')"

dir=$WD_DIR
wd_stop
left=$(ps -e -o pid= -o args= | _d=$dir awk 'index($0, ENVIRON["_d"])' |
    wc -l | tr -d ' ')
check "wd_stop leaves no browser process" 0 "$left"
wd_stop
check "wd_stop twice" "" "$WD_SESSION$WD_PID"

[ $fail = 0 ] && echo "browser self-test passed" || echo "browser self-test FAILED"
exit $fail
