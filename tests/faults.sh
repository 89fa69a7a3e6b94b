#!/bin/sh
# faults.sh - I/O faults: a full disk and a closed pipe on stdout for
# every command and mode, input files that cannot be read, model and
# scaler files that cannot be written, and runs killed while they save.
#
# usage: sh tests/faults.sh BUILD_DIR
#
# BUILD_DIR holds the commands and tools/gen.  What each part expects:
#
#   /dev/full      exit 74, stderr exactly "CMD: <stdout>: write error: No
#                  space left on device", with outputs large enough to
#                  fail in the middle of the run, not only at exit.
#   closed pipe    with SIGPIPE ignored, exit 74 and "... Broken pipe".
#   unreadable     a 0600 root file read by another user (setpriv(1) as
#                  65534; root ignores permissions): exit 66 and "CMD:
#                  KIND file FILE: Permission denied", for inputs,
#                  scalers, models and warm-start models.  Skipped without root or setpriv.
#   cannot save    a --save into a directory the user cannot write, and
#                  write(2), fsync(2) or rename(2) failing (strace(1)
#                  fault injection): exit 74, "CMD: FILE: cannot write:
#                  ...", nothing on stdout, the previous file unchanged,
#                  no temporary file left.  strace parts skipped without it.
#   killed         kmeans-fit --save on 300000 generated points, SIGKILLed
#                  at 20 delays spread over its run and past its end, then
#                  at 8 that close in on the moment it saves (bisecting
#                  between the last kill that left the old model and the
#                  first that left the new), and (with strace) at each
#                  system call of the save: the model is then the previous
#                  one or the complete new one (segment-predict --model
#                  accepts it), and the directory holds nothing else but
#                  at most one temporary file .model.tsv.XXXXXX: a run
#                  killed by SIGKILL cannot remove its own, and the next
#                  save removes it, so they never accumulate; a save that
#                  completes leaves none.  The same strace kill points for
#                  rfm-scale --save.
#   signals        the same saves ended by TERM, INT and HUP, at each
#                  system call of the save (strace) and at delays over the
#                  run: the status is the signal's, the file the old or the
#                  complete new one, and no temporary file is left at all.
#                  A temporary file locked by a save still running (flock
#                  (1) stands in for it) is not removed by another save.
#   owner, mode    a save keeps the mode of the file it replaces, and, run
#                  by root, its owner and group (a file of user 65534 stays
#                  that user's); a save by a user who cannot give files
#                  away makes the file its own, mode kept.
#
# Input that ends in the middle of a row is in the case table
# (tests/cases/*-bad-cut-*.case).
set -eu

build=$(cd "$1" && pwd)
gen=$build/tools/gen
[ -x "$gen" ] || { echo "faults.sh: $gen is missing (make $1/tools/gen)" >&2; exit 2; }
PATH=$build:$PATH
LC_ALL=C
export PATH LC_ALL
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-faults.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
# Readable by the other user of the permission tests.
chmod 755 "$scratch"
cd "$scratch"
mkdir tmp
TMPDIR=$scratch/tmp
export TMPDIR

pass=0
fail=0
notes=""

bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

good() {
	pass=$((pass + 1))
}

note() {
	echo "note: $*"
	notes="$notes$*
"
}

# expect NAME STATUS STDERR CMD...: run CMD (stdout to out), check its
# status and its whole stderr.
expect() {
	name=$1 want=$2 msg=$3
	shift 3
	set +e
	"$@" > out 2> err
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		bad "$name: exit status $got, expected $want"
		sed 's/^/  stderr: /' err | head -5
		return 0
	fi
	if [ "$(cat err)" != "$msg" ]; then
		bad "$name: stderr is not \"$msg\""
		sed 's/^/  stderr: /' err | head -5
		return 0
	fi
	good
}

# Inputs for every command.
"$gen" transactions 300000 30000 1 > tx.csv
rfm-extract tx.csv > rfm.tsv
rfm-scale --save s.tsv rfm.tsv > z.tsv
kmeans-fit -k 4 --save m.tsv z.tsv > /dev/null
nrows=$(wc -l < rfm.tsv)
[ "$nrows" -gt 5000 ] || { echo "faults.sh: too few customers ($nrows)" >&2; exit 2; }

# --- A full disk on stdout, every command and mode -------------------------

full="No space left on device"
expect "rfm-extract > /dev/full" 74 \
    "rfm-extract: <stdout>: write error: $full" \
    sh -c 'rfm-extract tx.csv > /dev/full'
expect "rfm-scale (fit) > /dev/full" 74 \
    "rfm-scale: <stdout>: write error: $full" \
    sh -c 'rfm-scale rfm.tsv > /dev/full'
expect "rfm-scale --save > /dev/full" 74 \
    "rfm-scale: <stdout>: write error: $full" \
    sh -c 'rfm-scale --save s2.tsv rfm.tsv > /dev/full'
expect "rfm-scale --load > /dev/full" 74 \
    "rfm-scale: <stdout>: write error: $full" \
    sh -c 'rfm-scale --load s.tsv rfm.tsv > /dev/full'
expect "rfm-scale (fit, piped input) > /dev/full" 74 \
    "rfm-scale: <stdout>: write error: $full" \
    sh -c 'cat rfm.tsv | rfm-scale > /dev/full'
expect "kmeans-fit > /dev/full" 74 \
    "kmeans-fit: <stdout>: write error: $full" \
    sh -c 'kmeans-fit -k 4 z.tsv > /dev/full'
expect "kmeans-fit --save > /dev/full" 74 \
    "kmeans-fit: <stdout>: write error: $full" \
    sh -c 'kmeans-fit -k 4 --save m2.tsv z.tsv > /dev/full'
expect "kmeans-fit --k-range > /dev/full" 74 \
    "kmeans-fit: <stdout>: write error: $full" \
    sh -c 'kmeans-fit --k-range 2-3 z.tsv > /dev/full'
expect "segment-predict > /dev/full" 74 \
    "segment-predict: <stdout>: write error: $full" \
    sh -c 'segment-predict --scaler s.tsv --model m.tsv rfm.tsv > /dev/full'
expect "segment-predict -D > /dev/full" 74 \
    "segment-predict: <stdout>: write error: $full" \
    sh -c 'segment-predict -D --scaler s.tsv --model m.tsv rfm.tsv > /dev/full'
expect "segment-predict --summary > /dev/full" 74 \
    "segment-predict: <stdout>: write error: $full" \
    sh -c 'segment-predict --summary --scaler s.tsv --model m.tsv rfm.tsv > /dev/full'
expect "segment-predict -r -f -m > /dev/full" 74 \
    "segment-predict: <stdout>: write error: $full" \
    sh -c 'segment-predict --scaler s.tsv --model m.tsv -r 10 -f 2 -m 300 > /dev/full'
# The models saved by the failed runs are complete.
for f in s2.tsv m2.tsv; do
	if cmp -s "$f" "${f%2.tsv}.tsv"; then good; else bad "$f saved by a run whose stdout failed differs from a good run's"; fi
done

# --- A closed pipe, SIGPIPE ignored ------------------------------------------

pipe="Broken pipe"
# The reader closes the pipe after 10 bytes; the status is the writer's.
for c in "rfm-extract tx.csv" "rfm-scale rfm.tsv" "rfm-scale --load s.tsv rfm.tsv" \
    "kmeans-fit -k 4 z.tsv" \
    "segment-predict --scaler s.tsv --model m.tsv rfm.tsv"; do
	set +e
	st=$(sh -c "trap '' PIPE; { $c 2> err; echo \$? > st; } | head -c 10 > /dev/null"; cat st)
	set -e
	if [ "$st" = 74 ] && [ "$(cat err)" = "${c%% *}: <stdout>: write error: $pipe" ]; then
		good
	else
		bad "$c | head -c 10 with SIGPIPE ignored: exit $st, stderr: $(cat err)"
	fi
done

# --- Files that cannot be read -------------------------------------------------

if [ "$(id -u)" != 0 ]; then
	note "unreadable files: skipped (not root: the run cannot switch users)"
elif ! command -v setpriv > /dev/null 2>&1; then
	note "unreadable files: skipped (no setpriv(1), util-linux)"
else
	as() {
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	}
	for f in tx.csv rfm.tsv z.tsv s.tsv m.tsv; do
		cp "$f" "secret-$f"
		chmod 600 "secret-$f"
		chmod 644 "$f"
	done
	# The other user reads the readable files: the denials below are
	# the permissions, not the path.
	if as rfm-extract tx.csv > /dev/null 2>&1 &&
	    as segment-predict --scaler s.tsv --model m.tsv rfm.tsv > /dev/null 2>&1; then
		unreadable=1
	else
		note "unreadable files: skipped (user 65534 cannot run the commands on readable files here: a directory on the way is closed to it)"
		unreadable=0
	fi
fi
if [ "${unreadable:-0}" = 1 ]; then
	denied="Permission denied"
	expect "rfm-extract on an unreadable file" 66 \
	    "rfm-extract: input file secret-tx.csv: $denied" as rfm-extract secret-tx.csv
	expect "rfm-extract, the second file unreadable" 66 \
	    "rfm-extract: input file secret-tx.csv: $denied" as rfm-extract tx.csv secret-tx.csv
	[ -s out ] && bad "rfm-extract wrote output before failing on its second file" || good
	expect "rfm-scale on an unreadable file" 66 \
	    "rfm-scale: input file secret-rfm.tsv: $denied" as rfm-scale secret-rfm.tsv
	expect "rfm-scale --load on an unreadable input" 66 \
	    "rfm-scale: input file secret-rfm.tsv: $denied" as rfm-scale --load s.tsv secret-rfm.tsv
	expect "rfm-scale --load of an unreadable scaler" 66 \
	    "rfm-scale: scaler file secret-s.tsv: $denied" as rfm-scale --load secret-s.tsv rfm.tsv
	expect "kmeans-fit on an unreadable file" 66 \
	    "kmeans-fit: input file secret-z.tsv: $denied" as kmeans-fit secret-z.tsv
	expect "kmeans-fit --k-range on an unreadable file" 66 \
	    "kmeans-fit: input file secret-z.tsv: $denied" as kmeans-fit --k-range 2-3 secret-z.tsv
	expect "kmeans-fit --warm-start of an unreadable model" 66 \
	    "kmeans-fit: model file secret-m.tsv: $denied" as kmeans-fit --warm-start secret-m.tsv z.tsv
	expect "segment-predict on an unreadable file" 66 \
	    "segment-predict: input file secret-rfm.tsv: $denied" \
	    as segment-predict --scaler s.tsv --model m.tsv secret-rfm.tsv
	expect "segment-predict --summary on an unreadable file" 66 \
	    "segment-predict: input file secret-rfm.tsv: $denied" \
	    as segment-predict --summary --scaler s.tsv --model m.tsv secret-rfm.tsv
	expect "segment-predict with an unreadable model" 66 \
	    "segment-predict: model file secret-m.tsv: $denied" \
	    as segment-predict --scaler s.tsv --model secret-m.tsv rfm.tsv
	expect "segment-predict with an unreadable scaler" 66 \
	    "segment-predict: scaler file secret-s.tsv: $denied" \
	    as segment-predict --scaler secret-s.tsv --model m.tsv -r 1 -f 1 -m 1

	# A save into a directory the user cannot write: the previous file
	# stays, nothing is written.
	mkdir ro
	cp s.tsv m.tsv ro/
	chmod 644 ro/s.tsv ro/m.tsv
	expect "rfm-scale --save into a read-only directory" 74 \
	    "rfm-scale: ro/s.tsv: cannot write: $denied" \
	    as rfm-scale --save ro/s.tsv rfm.tsv
	[ -s out ] && bad "rfm-scale wrote rows after its save failed" || good
	expect "kmeans-fit --save into a read-only directory" 74 \
	    "kmeans-fit: ro/m.tsv: cannot write: $denied" \
	    as kmeans-fit -k 3 --save ro/m.tsv z.tsv
	[ -s out ] && bad "kmeans-fit wrote rows after its save failed" || good
	if cmp -s ro/s.tsv s.tsv && cmp -s ro/m.tsv m.tsv &&
	    [ "$(ls -A ro | tr '\n' ' ')" = "m.tsv s.tsv " ]; then
		good
	else
		bad "a failed save into a read-only directory changed it: $(ls -A ro)"
	fi
fi

# --- Saves that fail, and saves killed (strace) ---------------------------------

if ! command -v strace > /dev/null 2>&1; then
	note "failing and killed saves by fault injection: skipped (no strace(1))"
	have_strace=0
elif ! strace -o /dev/null true 2> /dev/null; then
	note "failing and killed saves by fault injection: skipped (strace cannot trace here)"
	have_strace=0
else
	have_strace=1
fi

# strace(1) with its options: LeakSanitizer cannot run under ptrace, so
# a SANITIZE=1 build runs without it there.
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -o /dev/null "$@"
}

# A tool's save made to fail by an injected error: 74, the message,
# nothing on stdout, the old file unchanged, no temporary file left.
# save_error CMD FILE SYSCALL ERRNO MESSAGE ARGS...
save_error() {
	c=$1 file=$2 call=$3 errno=$4 msg=$5
	shift 5
	rm -rf d
	mkdir d
	cp "$file" d/
	expect "$c --save with $call failing ($errno)" 74 \
	    "$c: d/$file: cannot write: $msg" \
	    traced -e trace="$call" \
	    -e inject="$call":error="$errno":when=1 "$c" "$@"
	[ -s out ] && bad "$c wrote rows after its save failed ($call)" || good
	if cmp -s "d/$file" "$file" && [ "$(ls -A d)" = "$file" ]; then
		good
	else
		bad "$c --save with $call failing: the directory holds $(ls -A d | tr '\n' ' ')"
	fi
}

if [ $have_strace = 1 ]; then
	save_error kmeans-fit m.tsv write ENOSPC "No space left on device" \
	    -k 3 --save d/m.tsv z.tsv
	save_error kmeans-fit m.tsv fsync EIO "Input/output error" \
	    -k 3 --save d/m.tsv z.tsv
	save_error kmeans-fit m.tsv rename EXDEV "Invalid cross-device link" \
	    -k 3 --save d/m.tsv z.tsv
	save_error rfm-scale s.tsv write ENOSPC "No space left on device" \
	    --log1p '' --save d/s.tsv rfm.tsv
	save_error rfm-scale s.tsv fsync EIO "Input/output error" \
	    --log1p '' --save d/s.tsv rfm.tsv
	save_error rfm-scale s.tsv rename EXDEV "Invalid cross-device link" \
	    --log1p '' --save d/s.tsv rfm.tsv
fi

# A save killed: the file is the old one or the complete new one, and the
# directory holds nothing else but at most MAX temporary files (the one of
# a run killed by SIGKILL: 1; a run that could clean up: 0).  The largest
# number seen after a SIGKILL is kept in $temps.
# judge WHAT DIR FILE OLD NEW [MAX]
temps=0
judge() {
	what=$1 dir=$2 file=$3 old=$4 new=$5 max=${6:-1}
	if cmp -s "$dir/$file" "$old"; then
		state=old
	elif cmp -s "$dir/$file" "$new"; then
		state=new
	else
		bad "$what: $dir/$file is neither the old nor the new file"
		state=broken
	fi
	others=$(ls -A "$dir" | grep -v -x -F "$file" | grep -v -x "\.$file\.[A-Za-z0-9]\{6\}" || true)
	[ -z "$others" ] || bad "$what: left in $dir: $others"
	n=$(ls -A "$dir" | grep -c -x "\.$file\.[A-Za-z0-9]\{6\}" || true)
	[ "$n" -le "$max" ] ||
	    bad "$what: $n temporary files in $dir (at most $max): $(ls -A "$dir" | tr '\n' ' ')"
	[ "$n" -le "$temps" ] || temps=$n
	[ $state = broken ] || good
}

# The directory holds FILE alone after a save that completed: the
# temporary files of the runs killed before are gone.
# only_file WHAT DIR FILE
only_file() {
	if [ "$(ls -A "$2")" = "$3" ]; then
		good
	else
		bad "$1: $2 holds $(ls -A "$2" | tr '\n' ' ')"
	fi
}

# The fit that is killed: 300000 points; the old model has k = 3, the
# new one k = 4.
"$gen" points 300000 3 > pts.tsv
head -1000 pts.tsv > pts-head.tsv
rm -rf k
mkdir k
kmeans-fit -k 3 --save k/old.tsv pts.tsv > /dev/null
start=$(date +%s%N)
kmeans-fit -k 4 --save k/new.tsv pts.tsv > /dev/null
end=$(date +%s%N)
total=$(( (end - start) / 1000000 ))   # ms
kmeans-fit -k 4 --save k/new2.tsv pts.tsv > /dev/null
cmp -s k/new.tsv k/new2.tsv || bad "kmeans-fit -k 4 is not reproducible"
mv k/old.tsv old.tsv
mv k/new.tsv new.tsv
rm -f k/new2.tsv
segment-predict --model new.tsv pts-head.tsv > /dev/null || bad "the new model is not accepted"

states=""
kill_at() {   # delay in ms
	cp old.tsv k/m.tsv
	kmeans-fit -k 4 --save k/m.tsv pts.tsv > /dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -KILL $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
	judge "kmeans-fit killed after ${1} ms" k m.tsv old.tsv new.tsv
	if [ $state != broken ] &&
	    ! segment-predict --model k/m.tsv pts-head.tsv > /dev/null 2> err; then
		bad "kmeans-fit killed after ${1} ms: segment-predict refuses the model: $(cat err)"
	fi
	states="$states $1:$state"
}
# 20 delays over the run and beyond its end (to 1.3 times its time)...
lo=0
hi=
i=1
while [ $i -le 20 ]; do
	d=$((total * 13 * i / 200))
	kill_at $d
	# (Runs vary in speed: the first new model ends the range.)
	if [ -z "$hi" ] && [ $state = old ]; then
		lo=$d
	elif [ -z "$hi" ] && [ $state = new ]; then
		hi=$d
	fi
	i=$((i + 1))
done
# ... then 8 more that close in on the moment the model is saved (the
# last delay that left the old model and the first that left the new).
if [ -z "$hi" ]; then
	note "kmeans-fit was never killed after its save (the runs were slower than $total ms)"
else
	i=1
	while [ $i -le 8 ] && [ $((hi - lo)) -gt 1 ]; do
		d=$(( (lo + hi) / 2 ))
		kill_at $d
		if [ $state = old ]; then lo=$d; else hi=$d; fi
		i=$((i + 1))
	done
fi
echo "faults.sh: kmeans-fit --save runs $total ms; killed at (ms:model left):$states"
# The temporary file of the last run killed goes with the next save.
kmeans-fit -k 4 --save k/m.tsv pts.tsv > /dev/null
only_file "a save after runs killed by SIGKILL" k m.tsv

# Killed at each system call of the save (strace): at the temporary
# file's fchmod, write, fsync and at the rename the old file must be
# there; at the fsync of the directory, after the rename, the new one.
kill_call() {   # CMD FILE OLD NEW SYSCALL WHEN WANT ARGS...
	c=$1 file=$2 old=$3 new=$4 call=$5 when=$6 want=$7
	shift 7
	rm -rf k
	mkdir k
	cp "$old" "k/$file"
	set +e
	traced -e trace="$call" \
	    -e inject="$call":signal=KILL:when="$when" "$c" "$@" > /dev/null 2>&1
	set -e
	judge "$c killed at $call #$when" k "$file" "$old" "$new"
	[ "$state" = "$want" ] || [ "$state" = broken ] ||
	    bad "$c killed at $call #$when: the $state file is left, expected the $want one"
}
head -20001 pts.tsv > p20k.tsv
kmeans-fit -k 3 --save old-k.tsv p20k.tsv > /dev/null
kmeans-fit -k 4 --save new-k.tsv p20k.tsv > /dev/null
rfm-scale --columns recency --save old-s.tsv rfm.tsv > /dev/null
rfm-scale --save new-s.tsv rfm.tsv > /dev/null
if [ $have_strace = 1 ]; then
	for spec in fchmod:1:old write:1:old fsync:1:old rename:1:old fsync:2:new; do
		IFS=: read call when want <<-EOF
		$spec
		EOF
		kill_call kmeans-fit m.tsv old-k.tsv new-k.tsv "$call" "$when" "$want" \
		    -k 4 --save k/m.tsv p20k.tsv
	done
	for spec in fchmod:1:old write:1:old fsync:1:old rename:1:old fsync:2:new; do
		IFS=: read call when want <<-EOF
		$spec
		EOF
		kill_call rfm-scale s.tsv old-s.tsv new-s.tsv "$call" "$when" "$want" \
		    --save k/s.tsv rfm.tsv
	done
	# Five saves killed while they write, in one directory: each
	# removes the temporary file of the one before, and the save that
	# completes leaves none.
	rm -rf k
	mkdir k
	cp old-k.tsv k/m.tsv
	for i in 1 2 3 4 5; do
		set +e
		traced -e trace=write -e inject=write:signal=KILL:when=1 \
		    kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null 2>&1
		set -e
		judge "kmeans-fit killed while it writes, run $i" k m.tsv \
		    old-k.tsv new-k.tsv
	done
	kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null
	only_file "a save after five killed while they write" k m.tsv
fi

# --- Saves ended by TERM, INT and HUP ---------------------------------------------

# A background job of sh ignores INT, and the commands keep a signal
# ignored: reset it to the default where env(1) can.
if env --default-signal=INT true 2> /dev/null; then
	dfl="env --default-signal=INT"
else
	dfl=
	note "INT at delays: sent to a job that ignores it (env --default-signal is missing)"
fi

# At each system call of the save (strace): the status is the signal's,
# the file the old one (at rename, the signal waits for the rename and
# may find the new one), no temporary file.
sig_call() {   # CMD FILE OLD NEW SIG SYSCALL ARGS...
	c=$1 file=$2 old=$3 new=$4 sig=$5 call=$6
	shift 6
	rm -rf k
	mkdir k
	cp "$old" "k/$file"
	set +e
	traced -e trace="$call" -e inject="$call":signal="$sig":when=1 \
	    "$c" "$@" > /dev/null 2>&1
	st=$?
	set -e
	judge "$c ended by $sig at $call" k "$file" "$old" "$new" 0
	case $sig in HUP) n=1 ;; INT) n=2 ;; TERM) n=15 ;; esac
	want=$((128 + n))
	[ "$st" = "$want" ] ||
	    bad "$c ended by $sig at $call: exit status $st, expected $want"
	[ "$call" = rename ] || [ "$state" != new ] ||
	    bad "$c ended by $sig at $call: the new file is in place"
}
if [ $have_strace = 1 ]; then
	for sig in TERM INT HUP; do
		for call in fchmod write fsync rename; do
			sig_call kmeans-fit m.tsv old-k.tsv new-k.tsv $sig $call \
			    -k 4 --save k/m.tsv p20k.tsv
			sig_call rfm-scale s.tsv old-s.tsv new-s.tsv $sig $call \
			    --save k/s.tsv rfm.tsv
		done
	done
fi

# At delays over the run and past its end: the old or the new model,
# and never a temporary file.
rm -rf k
mkdir k
sigstates=""
for sig in TERM INT HUP; do
	i=1
	while [ $i -le 6 ]; do
		d=$((total * 13 * i / 60))
		cp old.tsv k/m.tsv
		$dfl kmeans-fit -k 4 --save k/m.tsv pts.tsv > /dev/null 2>&1 &
		pid=$!
		sleep "$(awk -v ms="$d" 'BEGIN { printf "%.3f", ms / 1000 }')"
		kill -"$sig" $pid 2> /dev/null || true
		wait $pid 2> /dev/null || true
		judge "kmeans-fit ended by $sig after $d ms" k m.tsv old.tsv new.tsv 0
		sigstates="$sigstates $sig:$d:$state"
		i=$((i + 1))
	done
done
echo "faults.sh: kmeans-fit --save ended by a signal at (signal:ms:model left):$sigstates"

# A temporary file whose save is still running is locked, and stays;
# once its writer is gone, the next save removes it.
rm -rf k fifo
mkdir k
cp old.tsv k/m.tsv
mkfifo fifo
flock -o k/.m.tsv.LiVe12 sh -c 'read x < fifo' &
holder=$!
i=0
while flock -n k/.m.tsv.LiVe12 true 2> /dev/null && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null
if [ "$(ls -A k | tr '\n' ' ')" = ".m.tsv.LiVe12 m.tsv " ]; then
	good
else
	bad "a save removed the temporary file of a save still running: $(ls -A k | tr '\n' ' ')"
fi
echo > fifo
wait $holder
kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null
only_file "a save after the other save ended" k m.tsv
rm -f fifo

# --- Owner and mode of the file replaced --------------------------------------------

rm -rf k
mkdir k
cp old-k.tsv k/m.tsv
chmod 640 k/m.tsv
kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null
m=$(stat -c %a k/m.tsv)
[ "$m" = 640 ] && good || bad "a save changed the mode 640 of the file it replaced to $m"
if [ "$(id -u)" = 0 ]; then
	chown 65534:65534 k/m.tsv
	kmeans-fit -k 3 --save k/m.tsv p20k.tsv > /dev/null
	rfm-scale --save k/s.tsv rfm.tsv > /dev/null
	chown 65534:65534 k/s.tsv
	chmod 604 k/s.tsv
	rfm-scale --columns recency --save k/s.tsv rfm.tsv > /dev/null
	o=$(stat -c %u:%g:%a k/m.tsv):$(stat -c %u:%g:%a k/s.tsv)
	if [ "$o" = 65534:65534:640:65534:65534:604 ]; then
		good
	else
		bad "a save by root gave the files of user 65534 the owner, group and mode (model, scaler) $o"
	fi
	if [ "${unreadable:-0}" = 1 ]; then
		# Another user, who cannot give files away, replaces root's
		# file in a directory it may write: the file is then its own.
		rm k/s.tsv
		chown root:root k/m.tsv
		chmod 644 k/m.tsv
		chmod 777 k
		as kmeans-fit -k 4 --save k/m.tsv p20k.tsv > /dev/null
		o=$(stat -c %u:%a k/m.tsv)
		[ "$o" = 65534:644 ] && good ||
		    bad "a save by user 65534 over root's file left owner and mode $o, expected 65534:644"
		only_file "a save by user 65534" k m.tsv
	fi
else
	note "owner kept: skipped (not root: only root may give a file away)"
fi

# --- A nightly --state killed --------------------------------------------------

# Last night's state holds the first 240,000 rows of tx.csv; tonight's
# export is the 60,000 after them.  Killed at delays over the run and
# past its end, and at each system call of its save, the state is always
# last night's or tonight's, complete; the run that completes after them
# gives the table of one run over all the rows.
head -240001 tx.csv > hist.csv
{ head -1 tx.csv; tail -n +240002 tx.csv; } > night.csv
rm -rf k
mkdir k
rfm-extract --state k/st hist.csv > /dev/null
mv k/st old.st
cp old.st k/st
start=$(date +%s%N)
rfm-extract --state k/st night.csv > night.tsv
end=$(date +%s%N)
total=$(( (end - start) / 1000000 ))
mv k/st new.st
rfm-extract tx.csv | cmp -s - night.tsv && good ||
    bad "--state: tonight's table is not that of one run over all the rows"
ststates=""
i=1
while [ $i -le 16 ]; do
	d=$((total * 13 * i / 160))
	cp old.st k/st
	rfm-extract --state k/st night.csv > /dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$d" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -KILL $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
	judge "rfm-extract --state killed after $d ms" k st old.st new.st
	ststates="$ststates $d:$state"
	i=$((i + 1))
done
echo "faults.sh: rfm-extract --state runs $total ms; killed at (ms:state left):$ststates"
if [ $have_strace = 1 ]; then
	for spec in fchmod:1:old write:1:old write:50:old write:200:old \
	    fsync:1:old rename:1:old fsync:2:new; do
		IFS=: read call when want <<-EOF
		$spec
		EOF
		kill_call rfm-extract st old.st new.st "$call" "$when" "$want" \
		    --state k/st night.csv
	done
fi
# Fed again, tonight's export is refused and the state stays.
cp new.st k/st
expect "rfm-extract --state with an export it holds" 65 \
    "rfm-extract: night.csv: the export night.csv (cksum $(cksum < night.csv | cut -d' ' -f1), $(wc -c < night.csv) bytes) was added already (k/st:2, as night.csv): its rows would count twice" \
    rfm-extract --state k/st night.csv
cmp -s k/st new.st && good || bad "--state fed twice changed the state"

[ -z "$(ls -A tmp)" ] || bad "files left in TMPDIR: $(ls -A tmp)"
echo "faults.sh: temporary files beside the file after a SIGKILL: at most $temps (1 allowed)"

echo "faults: $pass passed, $fail failed"
[ -z "$notes" ] || printf 'faults.sh: %s' "$notes"
[ $fail = 0 ]
