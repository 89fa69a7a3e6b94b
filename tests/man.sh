#!/bin/sh
# man.sh - lint every manual page and run the commands of its EXAMPLES, so
# that the manual cannot drift from the programs (as jq's man.test does).
#
# usage: sh tests/man.sh BUILD_DIR [PAGE...]   (from the top of the repository;
#        every man/*.[1-8] when no PAGE is named)
#
# Lint: each man/*.[1-8] must pass "mandoc -T lint -W warning" without a
# word; without mandoc, "groff -mandoc -ww -z" must be silent instead.
#
# The EXAMPLES convention.  Only the EXAMPLES section (and a section
# EXPORT LAYOUTS, which is examples too) is run, and in it
# only the ".Bd -literal" displays (a ".Dl" line or prose is shown, never
# run).  Inside such a display:
#
#   - A line starting with "$ " is a command.  When the command line ends
#     with a backslash, the next line continues it (the shell's own line
#     continuation; write the backslash as \e in the page).
#   - The lines after a command, up to the next "$ " line or ".Ed", are
#     its exact expected standard output, every line ending with a newline.
#     A command followed by no lines must print nothing.  Standard error is
#     not compared: a command shows it with 2>&1 when it is part of the
#     lesson.
#   - Every command must exit 0.  An example of a failure shows the status
#     itself, as in: rfm-extract bad.csv 2>&1; echo "exit status $?"
#   - Before use, the mdoc escapes of the page text are undone: \e is a
#     backslash, \& is nothing, \- is a minus.  Any other escape, a line
#     of output before the first command, or a macro line other than a
#     .\" comment is an error of the page.  Tabs in output are written as
#     real tabs.
#
# The commands of one page run in order, each with sh -c, in one scratch
# directory made for that page, holding copies of data/sample.csv and
# data/online_retail.csv.xz (a command may read what an earlier one
# wrote), with BUILD_DIR first in PATH, LC_ALL=C and stdin from /dev/null.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: sh tests/man.sh BUILD_DIR [PAGE...]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- man/*.[1-8]
top=$(pwd)
if [ ! -f "$top/data/sample.csv" ] || [ ! -f "$top/data/online_retail.csv.xz" ]; then
	echo "man.sh: run from the top of the repository (no data/ here)" >&2
	exit 2
fi

if command -v mandoc >/dev/null 2>&1; then
	lint() { mandoc -T lint -W warning "$1" 2>&1 || true; }
elif command -v groff >/dev/null 2>&1; then
	lint() { groff -mandoc -ww -z "$1" 2>&1 || true; }
else
	echo "man.sh: neither mandoc nor groff is installed; on Debian or" \
	    "Ubuntu: apt-get install mandoc" >&2
	exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-man.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 1' HUP INT TERM

# extract PAGE DIR: write DIR/N.cmd, DIR/N.out (expected) and DIR/N.line
# for the Nth command of PAGE's EXAMPLES; print the number of commands.
extract() {
	LC_ALL=C awk -v page="$1" -v dir="$2" '
		function fail(msg) {
			printf "%s:%d: %s\n", page, NR, msg > "/dev/stderr"
			bad = 1
			exit 1
		}
		# Undo \e, \& and \-, left to right.
		function unescape(s,    out, i, c) {
			out = ""
			while ((i = index(s, "\\")) > 0) {
				out = out substr(s, 1, i - 1)
				c = substr(s, i + 1, 1)
				if (c == "e")
					out = out "\\"
				else if (c == "-")
					out = out "-"
				else if (c != "&")
					fail("escape \\" c " is not supported in EXAMPLES")
				s = substr(s, i + 2)
			}
			return out s
		}
		function flush() {
			if (n == 0 || done[n])
				return
			printf "%s", cmd > (dir "/" n ".cmd")
			close(dir "/" n ".cmd")
			printf "%s", out > (dir "/" n ".out")
			close(dir "/" n ".out")
			print line > (dir "/" n ".line")
			close(dir "/" n ".line")
			done[n] = 1
		}
		/^\.Sh / {
			if (disp)
				fail(".Sh inside a display")
			ex = ($0 == ".Sh EXAMPLES" || $0 == ".Sh EXPORT LAYOUTS")
			next
		}
		!ex { next }
		/^\.Bd[ \t]+-literal/ {
			if (disp)
				fail("nested display")
			disp = 1
			have = 0
			cont = 0
			next
		}
		!disp { next }
		/^\.Ed/ {
			if (cont)
				fail("the command continues past .Ed")
			flush()
			disp = 0
			next
		}
		/^\.\\"/ { next }
		/^[.\047]/ { fail("macro line inside an example display: " $0) }
		{
			s = unescape($0)
			if (cont) {
				cmd = cmd "\n" s
			} else if (substr(s, 1, 2) == "$ ") {
				flush()
				n++
				have = 1
				cmd = substr(s, 3)
				out = ""
				line = NR
			} else if (!have) {
				fail("output before any \"$ \" command: " $0)
			} else {
				out = out s "\n"
				next
			}
			cont = (substr(cmd, length(cmd), 1) == "\\")
		}
		END {
			if (bad)
				exit 1
			if (disp)
				fail("display not closed before the end of the page")
			print n + 0
		}
	' "$1"
}

status=0
for page in "$@"; do
	[ -f "$page" ] || continue
	msgs=$(lint "$page")
	if [ -n "$msgs" ]; then
		echo "FAIL $page: lint"
		printf '%s\n' "$msgs"
		status=1
		continue
	fi

	d=$scratch/$(basename "$page")
	mkdir -p "$d/ex" "$d/run"
	cp "$top/data/sample.csv" "$top/data/online_retail.csv.xz" "$d/run/"
	if ! count=$(extract "$page" "$d/ex"); then
		echo "FAIL $page: EXAMPLES cannot be read"
		status=1
		continue
	fi

	failed=0
	i=1
	while [ "$i" -le "$count" ]; do
		rc=0
		(cd "$d/run" && PATH="$build:$PATH" LC_ALL=C \
		    sh -c "$(cat "$d/ex/$i.cmd")" < /dev/null \
		    > "$d/ex/$i.got" 2> "$d/ex/$i.err") || rc=$?
		if [ "$rc" -ne 0 ] || ! cmp -s "$d/ex/$i.out" "$d/ex/$i.got"; then
			echo "FAIL $page:$(cat "$d/ex/$i.line"): example $i"
			echo "command:"
			sed 's/^/    /' "$d/ex/$i.cmd"
			echo
			if [ "$rc" -ne 0 ]; then
				echo "exit status: $rc (expected 0)"
			fi
			diff -u "$d/ex/$i.out" "$d/ex/$i.got" |
			    sed -e "1s|.*|--- expected|" -e "2s|.*|+++ actual|" || true
			if [ -s "$d/ex/$i.err" ]; then
				echo "stderr:"
				sed 's/^/    /' "$d/ex/$i.err"
			fi
			failed=$((failed + 1))
		fi
		i=$((i + 1))
	done
	if [ "$failed" -ne 0 ]; then
		echo "FAIL $page: $failed of $count examples"
		status=1
	else
		echo "ok $page: lint, $count examples"
	fi
done
exit "$status"
