#!/bin/sh
# run.sh - run the libFuzzer targets built by "make fuzz" / "make fuzz-regress".
#
# usage: sh tests/fuzz/run.sh run     FUZZ_DIR SECONDS TARGET...
#        sh tests/fuzz/run.sh regress FUZZ_DIR 0       TARGET...
#
# run: each target fuzzes for SECONDS on a copy of its corpus
# (tests/fuzz/corpus/TARGET, copied to FUZZ_DIR/work/TARGET/corpus, so new
# inputs stay out of the repository until merged on purpose), with its
# dictionary when there is one, and one line is printed per target:
# executions, final coverage (cov, ft), corpus size and findings.  A
# finding (crash, sanitizer report, leak, timeout, out of memory, failed
# oracle) is kept under FUZZ_DIR/work/TARGET/artifacts and its report is
# shown.
#
# regress: each target runs every input of its committed corpus once.
#
# FUZZ_ARGS adds libFuzzer options (e.g. FUZZ_ARGS=-max_len=8192);
# FUZZ_NO_REGRESS=1 runs without the corpus's regress-* inputs.
# Exit status: 0 when no target found anything.
set -u

mode=$1
dir=$2
secs=$3
shift 3
top=$(pwd)
status=0
opts="-timeout=10 -rss_limit_mb=2048 ${FUZZ_ARGS:-}"

# The summary of a libFuzzer log: the final stats and the last status line.
stat() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -1
}
last() {
	grep -E '^#[0-9]+' "$1" | tail -1 |
	    sed -n "s/.* $2: \([0-9a-zA-Z/]*\).*/\1/p"
}

for t in "$@"; do
	bin=$dir/fuzz_$t
	corpus=$top/tests/fuzz/corpus/$t
	dict=$top/tests/fuzz/$t.dict
	d=""
	[ -f "$dict" ] && d="-dict=$dict"
	if [ ! -x "$bin" ]; then
		echo "fuzz_$t: not built ($bin)"
		status=1
		continue
	fi
	if [ "$mode" = regress ]; then
		art=$dir/regress/$t
		rm -rf "$art"
		mkdir -p "$art"
		set -- "$corpus"/*
		if [ ! -e "$1" ]; then
			echo "fuzz_$t: no corpus in $corpus"
			status=1
			continue
		fi
		n=$#
		# shellcheck disable=SC2086
		if "$bin" $opts -artifact_prefix="$art/" "$@" \
		    > "$art/log" 2>&1; then
			echo "fuzz_$t: $n inputs, no findings"
		else
			echo "fuzz_$t: FAILED on its corpus ($n inputs); log: $art/log"
			# The input that failed and what was reported.
			awk '/^Running: / { run = $0; next }
			    /runtime error|ERROR|SUMMARY|oracle failed|^  [^ ]/ {
				if (run != "") { print "  " run; run = "" }
				print "  " $0 }' "$art/log" | head -8
			status=1
		fi
		continue
	fi
	work=$dir/work/$t
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts"
	cp "$corpus"/* "$work/corpus/" 2>/dev/null
	# An open bug's reproducer stops the run at once: FUZZ_NO_REGRESS=1
	# leaves the regress-* inputs out, to look for other bugs meanwhile.
	[ "${FUZZ_NO_REGRESS:-0}" = 1 ] && rm -f "$work/corpus"/regress-*
	before=$(ls "$work/corpus" | wc -l)
	# shellcheck disable=SC2086
	"$bin" $opts $d -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$work/artifacts/" "$work/corpus" \
	    > "$work/log" 2>&1
	rc=$?
	after=$(ls "$work/corpus" | wc -l)
	execs=$(stat number_of_executed_units "$work/log")
	took=$(grep -E '^#[0-9]+' "$work/log" | tail -1 | \
	    sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
	found=$(ls "$work/artifacts" | grep -cE '^(crash|leak|timeout|oom)-')
	cov=$(last "$work/log" cov)
	ft=$(last "$work/log" ft)
	printf 'fuzz_%s: %s execs (%s/s), cov %s, ft %s, corpus %s -> %s, findings %s\n' \
	    "$t" "${execs:-?}" "${took:-?}" "${cov:-?}" "${ft:-?}" "$before" \
	    "$after" "$found"
	if [ "$found" != 0 ] || [ $rc != 0 ]; then
		status=1
		echo "  log: $work/log"
		grep -E 'runtime error|ERROR|SUMMARY|oracle failed|^  [^ #]|Test unit written' \
		    "$work/log" | head -8 | sed 's/^/  /'
		for a in "$work/artifacts"/*; do
			[ -e "$a" ] && echo "  reproduce: $bin $a"
		done
	fi
done
exit $status
