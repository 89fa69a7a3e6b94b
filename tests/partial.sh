#!/bin/sh
# partial.sh - partial states merge into the table of one run, for any
# split of the rows, any tree of merges, every policy.
#
# usage: sh tests/partial.sh BUILD_DIR      (from the top of the tree)
#
# Each trial takes rows of the real data (a random run of 1 to 4000 rows,
# or, in every 50th trial, all 541,909), splits them into 1 to 50 parts
# (rows dealt at random, so a customer's rows and an invoice's lines land
# in several parts; or cut in runs; or one row a part; empty parts
# included), runs rfm-extract --partial on each part, then merges the
# states in a random tree: a few at a time with --merge --partial (the
# combiner), the lines of a state shuffled or not, states given as files
# or concatenated on stdin, until one final --merge writes the table.
# That table must be byte-identical to rfm-extract on all the rows, under
# a policy drawn from: the default, --keep-all, --net-returns, --clv,
# --frequency days or rows, each with and without --as-of.
#
# PARTIAL_TRIALS (default 200) and PARTIAL_SEED (default 1) set the
# trials; a failure prints the seed and the commands to repeat it.
set -eu

build=$(cd "$1" && pwd)
trials=${PARTIAL_TRIALS:-200}
seed=${PARTIAL_SEED:-1}
x=$build/rfm-extract
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-partial.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
xz -dc data/online_retail.csv.xz > "$tmp/all.csv"
rows=$(($(wc -l < "$tmp/all.csv") - 1))
head -1 "$tmp/all.csv" > "$tmp/header"

# rnd N: a number in 0..N-1 from the seeded sequence
state=$seed
rnd() {
	state=$(( (state * 1103515245 + 12345) % 2147483648 ))
	echo $(( (state / 65536) % $1 ))
}

policies='
--keep-all
--net-returns
--clv
--frequency days
--frequency rows
--net-returns --frequency days
'
npol=$(printf '%s\n' "$policies" | grep -c .)
fail=0
t=0
while [ $t -lt $trials ]; do
	t=$((t + 1))
	d=$tmp/t
	rm -rf "$d"
	mkdir "$d"
	# the rows
	if [ $((t % 50)) = 0 ]; then
		cp "$tmp/all.csv" "$d/in.csv"
	else
		n=$(($(rnd 4000) + 1))
		from=$(($(rnd $((rows - n + 1))) + 2))
		{ cat "$tmp/header"; tail -n "+$from" "$tmp/all.csv" |
		    head -n "$n"; } > "$d/in.csv"
	fi
	# the policy: the default or one of the list; --as-of or not
	p=$(rnd $((npol + 1)))
	pol=
	[ "$p" -gt 0 ] && pol=$(printf '%s\n' "$policies" | grep . | sed -n "${p}p")
	asof=
	[ "$(rnd 2)" = 1 ] && asof="--as-of 2011-0$(($(rnd 9) + 1))-15"
	clv=
	case $pol in --clv) clv=--clv; pol= ;; esac
	# shellcheck disable=SC2086
	"$x" $pol $asof $clv "$d/in.csv" > "$d/want" 2>/dev/null
	# the parts
	k=$(($(rnd 50) + 1))
	how=$(rnd 3)
	awk -v k="$k" -v how="$how" -v s="$(rnd 100000)" -v d="$d" '
		BEGIN { srand(s) }
		NR == 1 { h = $0; for (i = 0; i < k; i++) print h > (d "/p" i ".csv"); next }
		{
			if (how == 0) i = int(rand() * k)          # dealt
			else if (how == 1) i = int((NR - 2) * k / n) # runs
			else i = (NR - 2) % k                    # round
			print > (d "/p" i ".csv")
		}' n="$(($(wc -l < "$d/in.csv") - 1))" "$d/in.csv"
	i=0
	while [ $i -lt $k ]; do
		# shellcheck disable=SC2086
		"$x" --partial $pol $asof "$d/p$i.csv" > "$d/s$i" 2>/dev/null
		i=$((i + 1))
	done
	# the merge tree: combine a few states at a time into one
	left=$k
	next=$k
	while [ $left -gt 1 ] && [ "$(rnd 4)" != 0 ]; do
		g=$(($(rnd 4) + 2))
		[ $g -gt $left ] && g=$left
		set --
		for s in $(ls "$d" | grep '^s' | head -n "$g"); do
			set -- "$@" "$d/$s"
		done
		case $(rnd 3) in
		0) "$x" --merge --partial "$@" > "$d/m" ;;
		1) cat "$@" | "$x" --merge --partial > "$d/m" ;;
		*) cat "$@" | awk -v s="$(rnd 100000)" 'BEGIN { srand(s) }
			{ print rand() "\t" $0 }' | sort | cut -f 2- |
			"$x" --merge --partial > "$d/m" ;;
		esac
		rm -f "$@"
		mv "$d/m" "$d/s$next"
		next=$((next + 1))
		left=$((left - g + 1))
	done
	final=--as-of\ latest
	[ -n "$asof" ] && final=
	# shellcheck disable=SC2086
	if ! cat "$d"/s* | "$x" --merge $final $clv > "$d/got" 2>"$d/err" ||
	    ! cmp -s "$d/want" "$d/got"; then
		echo "FAIL trial $t (PARTIAL_SEED=$seed): $k parts (split $how), policy '$pol $asof $clv'"
		cat "$d/err"
		diff "$d/want" "$d/got" | head -5
		fail=1
		break
	fi
done
[ $fail = 0 ] && echo "ok partial: $trials trials, tables byte-identical to one run"
exit $fail
