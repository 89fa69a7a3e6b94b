# engine-lib.sh - what tests/engine-parallel.sh and tests/engine-contract.sh
# share: the order of the final table, and the real data cut into shards.
# Sourced, not run.

tab=$(printf '\t')

# final_table FILE... - the RFM tables of several reducers as one table:
# the header once, then every reducer's rows in rfm-extract's order
# (numerically when every id is an unsigned integer, equal numbers such as
# 7 and 007 bytewise; else bytewise).  Each reducer's table is in its own
# order already, but a reducer that saw only integer ids orders them
# numerically where the whole table, with one id that is not an integer,
# is in bytewise order: so the rows are sorted again, not merged.
final_table() {
	head -n 1 "$1"
	tail -q -n +2 "$@" >"$work/rows.unsorted"
	if LC_ALL=C grep -q -v "^[0-9][0-9]*$tab" "$work/rows.unsorted"; then
		LC_ALL=C sort -t "$tab" -k1,1 "$work/rows.unsorted"
	else
		LC_ALL=C sort -t "$tab" -k1,1n -k1,1 "$work/rows.unsorted"
	fi
	rm -f "$work/rows.unsorted"
}

# split_rows FILE N PREFIX - cut FILE (a header, then rows) into N shards
# PREFIX.1.csv ... PREFIX.N.csv of consecutive rows, each with the header,
# as an input split is cut: at line ends, wherever they fall, so that the
# lines of one invoice may be in two shards.
split_rows() {
	LC_ALL=C awk -v n="$2" -v p="$3" -v rows="$(($(wc -l <"$1") - 1))" '
	    NR == 1 { h = $0; for (i = 1; i <= n; i++) print h > (p "." i ".csv"); next }
	    { i = 1 + int((NR - 2) * n / rows); print > (p "." i ".csv") }' "$1"
}
