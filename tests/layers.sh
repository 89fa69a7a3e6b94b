#!/bin/sh
# layers.sh - the library never calls the command-line layer.
#
# usage: sh tests/layers.sh LIBRARY_ARCHIVE   (from the top of the tree)
#
# lib/cli.c is the layer of the commands' main(): it exits on a usage
# error and prints --help.  The other modules of lib/ fill an rfm_error
# and return, so that a unit test or a fuzzer can call them; none of
# them may include cli.h, nor (checked on the archive, which also
# catches a declaration written by hand) refer to a cli_ symbol.
set -eu

lib=$1
fail=0
for f in lib/*.c lib/*.h; do
	case $f in lib/cli.c|lib/cli.h) continue ;; esac
	if grep -q '#include "cli.h"' "$f"; then
		echo "FAIL $f includes cli.h: the library must not call the command-line layer"
		fail=1
	fi
done
# nm -A: "archive:member: address type name"
syms=$(nm -A "$lib")	# fails the test when the archive cannot be read
calls=$(printf '%s\n' "$syms" | awk '$(NF-1) == "U" && $NF ~ /^cli_/ && $1 !~ /:cli\.o:$/ { print $1 " " $NF }')
if [ -n "$calls" ]; then
	echo "FAIL library modules call the command-line layer:"
	echo "$calls" | sed 's/^/  /'
	fail=1
fi
[ $fail = 0 ] && echo "ok layers: no library module calls lib/cli.c"
exit $fail
