#!/bin/sh
# readme.sh - the README's examples are the current code's real output.
#
# usage: sh tests/readme.sh BUILD_DIR
#
# Every ```console block of README.md is run: a line starting with "$ " is
# a command; the lines after it, up to the next "$ " line or the end of
# the block, are its exact expected output.  The commands run in order in
# one session, as a reader's shell would: the first in a scratch
# directory that holds a copy of data/ and BUILD_DIR as build/, each next
# one where the last ended (cd), with what it exported (export PATH=...).
# "$ make demo" runs BUILD_DIR/rfmkit-demo (it draws pictures only with
# gnuplot, so without gnuplot it is skipped).
set -eu

build=$(cd "$1" && pwd)
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/run"
cp -R data "$tmp/run/data"
# The build directory where the README says it is, beside data/.
ln -s "$build" "$tmp/run/build"
echo "$tmp/run" > "$tmp/cwd"

# Split the blocks into numbered command and expected-output files.
LC_ALL=C awk -v d="$tmp" '
	/^```console$/ { inblock = 1; next }
	/^```/ { inblock = 0; next }
	!inblock { next }
	/^\$ / {
		n++
		sub(/^\$ /, "")
		print > (d "/" n ".cmd"); close(d "/" n ".cmd")
		printf "" > (d "/" n ".want"); close(d "/" n ".want")
		next
	}
	n { print >> (d "/" n ".want"); close(d "/" n ".want") }
	END { print n + 0 > (d "/count") }
' README.md

count=$(cat "$tmp/count")
fail=0
ran=0
i=1
while [ "$i" -le "$count" ]; do
	cmd=$(cat "$tmp/$i.cmd")
	if [ "$cmd" = "make demo" ]; then
		if ! command -v gnuplot >/dev/null 2>&1; then
			echo "skipped README example $i ($cmd): the README shows its output with gnuplot"
			i=$((i + 1))
			continue
		fi
		cmd="'$build/rfmkit-demo' out"
	fi
	# One shell session, as the reader's: each command starts in the
	# directory the last one ended in, with the variables it exported.
	if LC_ALL=C sh -c '
		[ ! -f "$2" ] || . "$2"
		cd "$1" || exit 98
		eval "$3"
		rc=$?
		export -p > "$2"
		pwd > "$4"
		exit $rc' sh "$(cat "$tmp/cwd")" "$tmp/env" "$cmd" "$tmp/cwd" \
	    < /dev/null > "$tmp/$i.got" 2> "$tmp/$i.err"; then
		:
	else
		echo "FAIL README example $i: exit status $?: $cmd"
		sed 's/^/  /' "$tmp/$i.err"
		fail=1
	fi
	if ! cmp -s "$tmp/$i.want" "$tmp/$i.got"; then
		echo "FAIL README example $i: $cmd"
		diff -u "$tmp/$i.want" "$tmp/$i.got" | sed 1,2d | head -20
		fail=1
	fi
	ran=$((ran + 1))
	i=$((i + 1))
done
[ "$fail" = 1 ] || echo "ok README.md: $ran examples"
[ "$ran" -gt 0 ] && exit $fail
