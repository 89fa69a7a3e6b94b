#!/bin/sh
# run-cases.sh - table-driven end-to-end tests of the commands.
#
# usage: sh tests/run-cases.sh BUILD_DIR CASE_DIR [NAME_PATTERN]
#
# Each CASE_DIR/*.case file is one case:
#
#   # what the case shows (comment lines, anywhere before the sections)
#   cmd: rfm-extract --keep-all -
#   status: 0
#   <<< stdin            the command's standard input (else /dev/null)
#   ...
#   <<< file NAME        a file created in the scratch directory
#   ...
#   >>> stdout           the exact expected standard output
#   ...
#   >>> stderr           the exact expected standard error
#   ...
#
# A missing >>> section means that stream must be empty.  A section's text
# is taken verbatim up to the next "<<< " or ">>> " line.  Modifiers after
# an input section's name: "crlf" turns its line ends into CRLF, "noeol"
# drops its final newline, "printf" runs it through printf(1) (for \t, \0,
# \377 ...).  The command runs with sh -c in a scratch directory, with
# BUILD_DIR first in PATH, LC_ALL=C, and $DATA set to the repository's
# data/ directory.
set -eu

build=$(cd "$1" && pwd)
cases=$2
pattern=${3:-*}
top=$(pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-cases.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

pass=0
fail=0
for c in "$cases"/$pattern.case; do
	[ -e "$c" ] || continue
	name=${c##*/}
	name=${name%.case}
	d=$scratch/$name
	mkdir -p "$d/run"
	# Split the case into cmd, status and one file per section.
	LC_ALL=C awk -v d="$d" '
		function flush() {
			if (out == "") return
			if (mode ~ /noeol/) sub(/\n$/, "", buf)
			if (mode ~ /crlf/) gsub(/\n/, "\r\n", buf)
			if (mode ~ /printf/) {
				printf "%s", buf > (out ".fmt")
				close(out ".fmt")
			} else {
				printf "%s", buf > out
				close(out)
			}
			out = ""; buf = ""
		}
		/^(<<<|>>>) / {
			flush()
			n = split($0, w, " ")
			mode = ""
			if (w[2] == "file") {
				out = d "/run/" w[3]; first = 4
			} else {
				out = d "/" w[2]; first = 3
			}
			for (i = first; i <= n; i++) mode = mode " " w[i]
			if (mode ~ /printf/) print out > (d "/printf.list")
			next
		}
		out != "" { buf = buf $0 "\n"; next }
		/^cmd: / { sub(/^cmd: /, ""); print > (d "/cmd"); next }
		/^status: / { sub(/^status: /, ""); print > (d "/status"); next }
		/^#/ || /^[ \t]*$/ { next }
		{ print "bad line in case: " $0 > "/dev/stderr"; exit 1 }
		END { flush() }
	' "$c"
	if [ -f "$d/printf.list" ]; then
		while IFS= read -r f; do
			printf "$(cat "$f.fmt"; echo x)" > "$f.tmp"
			# drop the x that kept command substitution from eating
			# trailing newlines
			head -c -1 "$f.tmp" > "$f"
			rm -f "$f.tmp" "$f.fmt"
		done < "$d/printf.list"
	fi
	[ -f "$d/stdout" ] || : > "$d/stdout"
	[ -f "$d/stderr" ] || : > "$d/stderr"
	[ -f "$d/stdin" ] || cp /dev/null "$d/stdin"
	want_status=$(cat "$d/status" 2>/dev/null || echo 0)
	set +e
	(cd "$d/run" && PATH="$build:$PATH" LC_ALL=C DATA="$top/data" \
	    sh -c "$(cat "$d/cmd")" < "$d/stdin" > "$d/out" 2> "$d/err")
	status=$?
	set -e
	ok=1
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, expected $want_status"
		ok=0
	fi
	if ! cmp -s "$d/stdout" "$d/out"; then
		echo "FAIL $name: stdout differs"
		diff -u "$d/stdout" "$d/out" | head -40 || true
		ok=0
	fi
	if ! cmp -s "$d/stderr" "$d/err"; then
		echo "FAIL $name: stderr differs"
		diff -u "$d/stderr" "$d/err" | head -40 || true
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		echo "  case: $c"
		echo "  cmd:  $(cat "$d/cmd")"
		fail=$((fail + 1))
	fi
done
echo "cases: $pass passed, $fail failed ($cases)"
[ $fail = 0 ] && [ $pass -gt 0 ]
