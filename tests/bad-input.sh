#!/bin/sh
# bad-input.sh - the bad-input corpus is complete: every case that
# tests/bad-input.txt names exists, and at least 50 distinct error cases
# are named.
#
# usage: sh tests/bad-input.sh
#
# An error case is one whose expected exit status is not 0: its
# "status:" line, or, for a case that runs several commands and prints
# their statuses, an "exit N" line (N not 0) in its expected stdout.
set -eu

list=tests/bad-input.txt
cases=tests/cases
min=50
fail=0

names=$(sed -e '/^#/d' -e '/^[ 	]*$/d' -e 's/^[^:]*://' "$list" |
    tr ' \t' '\n\n' | sed '/^$/d' | sort -u)
kinds=$(sed -e '/^#/d' -e '/^[ 	]*$/d' "$list" | wc -l)
errors=0
for n in $names; do
	c=$cases/$n.case
	if [ ! -f "$c" ]; then
		echo "FAIL bad-input.txt names $n, but there is no $c"
		fail=1
		continue
	fi
	if awk '
		/^status: *[0-9]+ *$/ && $2 != 0 { found = 1 }
		/^>>> / { out = ($2 == "stdout") }
		/^(<<<) / { out = 0 }
		out && /^exit [1-9][0-9]*$/ { found = 1 }
		END { exit !found }
	' "$c"; then
		errors=$((errors + 1))
	fi
done
# A kind without a case.
if sed -e '/^#/d' -e '/^[ 	]*$/d' "$list" | grep -v ':.*[^ 	]' > /dev/null; then
	echo "FAIL bad-input.txt has a kind without a case:"
	sed -e '/^#/d' -e '/^[ 	]*$/d' "$list" | grep -v ':.*[^ 	]'
	fail=1
fi
total=$(printf '%s\n' "$names" | wc -l)
if [ "$errors" -lt $min ]; then
	echo "FAIL bad-input.txt names $errors error cases, fewer than $min"
	fail=1
fi
echo "bad-input: $kinds kinds, $total cases, $errors of them error cases"
[ $fail = 0 ]
