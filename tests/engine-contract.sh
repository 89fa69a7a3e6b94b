#!/bin/sh
# engine-contract.sh - rfm-extract under the contract of Hadoop Streaming
# and of Spark's RDD.pipe(), played here without either: what they do to
# the commands and to the lines between them, done by sort, awk and env.
#
# usage: sh tests/engine-contract.sh BUILD_DIR  (from the top of the repository)
#
# The contract, as the two document it:
#   - a task is one process, started from a command line split at spaces,
#     without a shell (here: env -i PATH=... with the words as argv);
#   - a mapper reads its input split on stdin: whole lines of the input,
#     cut wherever a split ends (here: the real data without its header,
#     as it is stored for them, cut into 4 splits of unequal size, so
#     that the lines of an invoice fall into two splits);
#   - the key of an output line is its text up to the first TAB; lines
#     go to a reducer by their key (Hadoop's HashPartitioner: the Java
#     hash of the key's bytes, or key ranges as TotalOrderPartitioner
#     cuts them), and a reducer of Hadoop reads its lines sorted by key
#     (LC_ALL=C sort -t TAB -k1,1: bytewise), the lines of one key in no
#     particular order (here: shuffled); one of Spark (partitionBy, then
#     pipe) reads them in no order at all;
#   - the combiner may run zero times, once, or several times (on each
#     spill of a map output, then on the merged spills); a spill ends
#     where the sort buffer filled, which may be between two lines of one
#     customer, so the combiner may see some of a customer's lines and
#     not the others;
#   - a task that exits non-zero fails the job.
# Whatever the partitions and the combiners, the reducers' tables, the
# header once, must be byte for byte that of one rfm-extract over the
# whole file.  The mappers are given --as-of, as a job with several
# reducers must; a job with one reducer may instead give it --as-of
# latest, which is tried too.
#
# segment-predict is row-wise, a map-only job: shards of a table (each
# with the header) labelled separately, and concatenated with the header
# once, must be the table labelled in one run.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh tests/engine-contract.sh BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
top=$(pwd)
prog=engine-contract.sh
LC_ALL=C
export LC_ALL
. "$top/tests/engine-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-contract.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

pass=0
fail=0
ok() {
	echo "$prog: $*"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $prog: $*"
	fail=$((fail + 1))
}

asof=2011-12-10
cols='--no-header --customer-col 7 --invoice-col 1 --date-col 5 --quantity-col 4 --price-col 6'
mapper="rfm-extract --partial $cols --as-of $asof"
combiner="rfm-extract --merge --partial"
reducer="rfm-extract --merge --as-of $asof"

# task CMD IN OUT - run CMD as Hadoop and Spark run a task: its words as
# argv, no shell, a bare environment; stdin from IN, stdout to OUT,
# stderr kept in the task log.
task() {
	set -f
	# shellcheck disable=SC2086	# the split at spaces is the point
	env -i PATH="$build:/usr/bin:/bin" $1 <"$2" >"$3" 2>>"$work/tasks.err"
	t_status=$?
	set +f
	return $t_status
}

# A fixed random source, so that a failure can be run again.
shuffle() {
	shuf --random-source="$work/all.csv" "$@"
}

# Hadoop's HashPartitioner on a Text key: String.hashCode's rule over the
# key's bytes (h = 31 h + b, 32 bits), made non-negative, modulo R.  The
# bytes of the ids are ASCII, where Java's signed bytes are the same.
partition_hash() {
	awk -F '\t' -v r="$1" -v d="$2" '
	    BEGIN { for (i = 1; i < 128; i++) ord[sprintf("%c", i)] = i }
	    {
		h = 0
		n = length($1)
		for (i = 1; i <= n; i++)
			h = (31 * h + ord[substr($1, i, 1)]) % 4294967296
		print > (d "/in." (h % 2147483648) % r)
	    }'
}

# partition_range R DIR FILE - cut the keys, sorted bytewise, into R
# ranges of about as many keys each: TotalOrderPartitioner's split points.
partition_range() {
	cut -f 1 "$3" | sort -u >"$work/keys"
	awk -F '\t' -v r="$1" -v d="$2" -v n="$(wc -l <"$work/keys")" '
	    FILENAME == ARGV[1] { p[$1] = int((FNR - 1) * r / n); next }
	    { print > (d "/in." p[$1]) }' "$work/keys" "$3"
}

# combine_task IN OUT - the combiner on IN.  Hadoop writes a combiner's
# output into the spill as it comes and later merges the spills as
# sorted runs: the output must keep its input's order, bytewise by key.
combine_task() {
	task "$combiner" "$1" "$2" || return
	sort -c -t "$tab" -k1,1 "$2" 2>/dev/null || {
		echo "$prog: the combiner's output is not in bytewise key order" \
		    >>"$work/tasks.err"
		return 1
	}
}

# combine HOW IN OUT - a map task's output through the combiner HOW
# times: 0, 1 (the sorted output once), or several (each of three spills
# sorted and combined, then their merge combined again).  Scratch files
# are OUT.c.*.
combine() {
	case $1 in
	0)	cp "$2" "$3" ;;
	1)	sort -t "$tab" -k1,1 "$2" >"$3.c.sorted" &&
		combine_task "$3.c.sorted" "$3" ;;
	several)
		n=$(wc -l <"$2")
		split -l $((n / 3 + 1)) "$2" "$3.c.spill." &&
		for s in "$3".c.spill.??; do
			sort -t "$tab" -k1,1 "$s" >"$s.sorted" &&
			combine_task "$s.sorted" "$s.combined" || return
		done
		sort -m -t "$tab" -k1,1 "$3".c.spill.??.combined >"$3.c.merged" &&
		combine_task "$3.c.merged" "$3" ;;
	esac
}

# job NAME MAPPER COMBINE PARTITION R REDUCER - the whole job over the
# splits: each split's mapper and combiner; the shuffle (PARTITION: hash,
# range, or spark, a hash partition read unsorted) to R reducers; the
# reducers' tables in NAME/part.*, and the final table, NAME/table.tsv.
job() {
	d=$work/$1
	mkdir "$d"
	: >"$d/shuffle"
	for s in "$work"/split.?; do
		i=${s##*.}
		task "$2" "$s" "$d/map.$i" || return
		combine "$3" "$d/map.$i" "$d/out.$i" || return
		cat "$d/out.$i" >>"$d/shuffle"
	done
	case $4 in
	hash | spark) partition_hash "$5" "$d" <"$d/shuffle" ;;
	range) partition_range "$5" "$d" "$d/shuffle" ;;
	esac
	r=0
	while [ $r -lt "$5" ]; do
		[ -f "$d/in.$r" ] || : >"$d/in.$r"
		if [ "$4" = spark ]; then
			shuffle "$d/in.$r" >"$d/reduce.$r"
		else
			# Grouped by key, each key's lines in a random order.
			shuffle "$d/in.$r" | sort -s -t "$tab" -k1,1 >"$d/reduce.$r"
		fi
		task "$6" "$d/reduce.$r" "$d/part.$r" || return
		r=$((r + 1))
	done
	if [ "$4" = range ]; then
		# Ranges of bytewise-sorted keys are the table's order when
		# the ids are integers of one length, as in the real data.
		head -n 1 "$d/part.0" >"$d/table.tsv"
		r=0
		while [ $r -lt "$5" ]; do
			tail -n +2 "$d/part.$r" >>"$d/table.tsv"
			r=$((r + 1))
		done
	else
		final_table "$d"/part.* >"$d/table.tsv"
	fi
}

# check NAME WANT DESCRIPTION...
check() {
	c_name=$1
	c_want=$2
	shift 2
	if [ ! -f "$work/$c_name/table.tsv" ]; then
		bad "$*: a task failed"
		sed 's/^/  /' "$work/tasks.err" | tail -n 5
	elif cmp -s "$c_want" "$work/$c_name/table.tsv"; then
		ok "$*: the single run's table"
	else
		bad "$*: the table differs from the single run's"
		diff "$c_want" "$work/$c_name/table.tsv" | head -10
	fi
}

# --- The data ----------------------------------------------------------------

xz -dc "$top/data/online_retail.csv.xz" >"$work/all.csv"
"$build/rfm-extract" --as-of $asof "$work/all.csv" >"$work/single.tsv"
"$build/rfm-extract" "$work/all.csv" >"$work/single-latest.tsv"
# Splits of 10%, 40%, 15% and 35% of the rows, without the header.
tail -n +2 "$work/all.csv" >"$work/body.csv"
awk -v d="$work" -v n="$(wc -l <"$work/body.csv")" '
    { f = NR / n; print > (d "/split." (f <= 0.10 ? 0 : f <= 0.50 ? 1 : \
	f <= 0.65 ? 2 : 3)) }' "$work/body.csv"

# --- Mappers, combiners, partitions and reducers ------------------------------

for how in 0 1 several; do
	case $how in
	0) what='no combiner' ;;
	1) what='the combiner once' ;;
	several) what='the combiner on 3 spills cut at any line, then on their merge' ;;
	esac
	for part in hash range spark; do
		job "$part-$how" "$mapper" "$how" "$part" 3 "$reducer" || true
		check "$part-$how" "$work/single.tsv" \
		    "3 reducers, $part partition, $what"
	done
done

# One reducer sees every customer: the mappers need no --as-of, and the
# reducer takes the day after the latest purchase it reads.
job latest "rfm-extract --partial $cols" 1 hash 1 \
    "rfm-extract --merge --as-of latest" || true
check latest "$work/single-latest.tsv" \
    "1 reducer, mappers without --as-of, reducer --as-of latest"

# More reducers than some partitions have keys for is no error: 40
# reducers over 4,338 customers, the empty ones included.
job many "$mapper" 1 hash 40 "$reducer" || true
check many "$work/single.tsv" "40 reducers, hash partition"

# --- A failing task fails ----------------------------------------------------

# A malformed row in a split: its mapper exits non-zero, which fails the
# job (Hadoop: stream.non.zero.exit.is.failure, true by default; Spark:
# pipe(..., checkCode=True)).
cp "$work/split.2" "$work/bad.csv"
echo '581588,22961,JAM MAKING SET PRINTED,six,2011-12-09 12:50:00,1.45,12680,France' \
    >>"$work/bad.csv"
: >"$work/tasks.err"
if task "$mapper" "$work/bad.csv" "$work/bad.out"; then
	bad "the mapper exits 0 on a malformed row"
elif [ ! -s "$work/tasks.err" ]; then
	bad "the mapper fails on a malformed row without a word on stderr"
else
	ok "a malformed row fails its mapper: $(head -n 1 "$work/tasks.err")"
fi
# A line that is no partial state fails the combiner and the reducer.
printf '12680\tsix\t2011-12-09\n' >"$work/notstate"
for c in "$combiner" "$reducer"; do
	: >"$work/tasks.err"
	if task "$c" "$work/notstate" "$work/notstate.out"; then
		bad "$c exits 0 on a line that is no partial state"
	else
		ok "a line that is no partial state fails $c"
	fi
done

# --- segment-predict as a map-only job ---------------------------------------

"$build/rfm-scale" --save "$work/scaler.tsv" <"$work/single.tsv" |
    "$build/kmeans-fit" -k 4 --save "$work/model.tsv" >/dev/null
predict="segment-predict --scaler $work/scaler.tsv --model $work/model.tsv"
task "$predict" "$work/single.tsv" "$work/labelled.tsv"
mkdir "$work/predict"
split_rows "$work/single.tsv" 5 "$work/predict/shard"
for s in "$work/predict"/shard.*.csv; do
	task "$predict" "$s" "${s%.csv}.out" || bad "segment-predict failed on ${s##*/}"
done
# The shards in order, the header once.
head -n 1 "$work/predict/shard.1.out" >"$work/predict/table.tsv"
tail -q -n +2 "$work/predict"/shard.*.out >>"$work/predict/table.tsv"
if cmp -s "$work/labelled.tsv" "$work/predict/table.tsv"; then
	ok "segment-predict on 5 shards, concatenated: the single run's"
else
	bad "segment-predict on shards differs from one run"
	diff "$work/labelled.tsv" "$work/predict/table.tsv" | head -10
fi

echo "engine-contract: $pass passed, $fail failed"
[ $fail = 0 ]
