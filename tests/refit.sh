#!/bin/sh
# refit.sh - the weekly refit of rfmkit(7), killed at each of
# its steps, never leaves a model that labels customers with a mix of old
# and new segments.
#
# usage: sh tests/refit.sh BUILD_DIR       (from the top of the repository)
#
# The recipe is taken from rfmkit(7) (its literal display holding
# "rfm-weekly").  It
# runs in a directory that holds last week's model (fitted with --scaler
# on 700 of the real data's customers) and this week's table (1000
# customers, tests/fixtures/rfm-default.tsv); the old labels are those of
# last week's model on this table, the new ones those of a run left alone.
#
# Each command of the recipe (rfm-scale, kmeans-fit, rm) is replaced by a
# shim, first in PATH, that kills it and the recipe (SIGKILL, as a cron
# timeout or kill -9 would) at one point of the run:
#
#   NAME:before          before the command starts
#   NAME:after           once it has ended
#   NAME:SYSCALL:N       at the Nth call of SYSCALL (strace -e inject): every
#                        call of the file and descriptor system calls the
#                        command makes, but of the writes to its standard
#                        output and error only the first and the last
#
# After each kill, "segment-predict --model model.tsv" on the table, as
# the nightly job runs it, must give every customer the old segment or
# every customer the new one: the same bytes as one of the two.  Up to
# kmeans-fit's rename of the model the old one is expected, from then on
# the new one.  Files a killed run leaves (the temporary scaler and table,
# a .model.tsv.XXXXXX) are counted, not refused.  Without strace(1) only
# the points between the commands are tried.
#
# A control shows the check can fail: the recipe the README gave before,
# which replaced scaler.tsv and then model.tsv, killed once kmeans-fit has
# read its input, leaves a new scaler beside the old model, whose labels
# are neither.
set -eu

build=$(cd "$1" && pwd)
top=$(pwd)
PATH=$build:$PATH
LC_ALL=C
export PATH LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-refit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

pass=0
fail=0
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# --- The recipe, as rfmkit(7) shows it ---------------------------------------

awk '/^\.Bd -literal/ { inb = 1; buf = ""; next }
    /^\.Ed/ { if (inb && buf ~ /# rfm-weekly:/) printf "%s", buf; inb = 0; next }
    inb { buf = buf $0 "\n" }' "$top/man/rfmkit.7" | sed 's/\\e/\\/g' > weekly.sh
if [ ! -s weekly.sh ] || ! grep -q 'cd /srv/rfm ||' weekly.sh; then
	echo "refit.sh: no rfm-weekly script in man/rfmkit.7" >&2
	exit 2
fi

# --- Last week, this week ------------------------------------------------------

head -701 "$top/tests/fixtures/rfm-default.tsv" > last.tsv
head -1001 "$top/tests/fixtures/rfm-default.tsv" > rfm.tsv
rfm-scale --save s-old.tsv last.tsv | kmeans-fit --scaler s-old.tsv \
    --save old.tsv > /dev/null
segment-predict --model old.tsv rfm.tsv > labels-old

# The shims: each runs the real command, or kills it and the recipe at
# $KILL_AT.  rm is the system's.
mkdir shim
real_rm=$(command -v rm)
for c in rfm-scale kmeans-fit rm; do
	case $c in rm) real=$real_rm ;; *) real=$build/$c ;; esac
	cat > "shim/$c" <<-EOF
	#!/bin/sh
	real='$real'
	case "\$KILL_AT" in
	'$c:before')
		kill -KILL \$PPID; exit 137 ;;
	'$c:after')
		"\$real" "\$@"; kill -KILL \$PPID; exit 137 ;;
	'$c:drain')
		cat > /dev/null; kill -KILL \$PPID; exit 137 ;;
	'$c:'*)
		spec=\${KILL_AT#$c:}
		call=\${spec%%:*}
		ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0" \\
		    strace -f -o /dev/null -e trace="\$call" \\
		    -e inject="\$call":signal=KILL:when="\${spec#*:}" "\$real" "\$@"
		kill -KILL \$PPID; exit 137 ;;
	esac
	exec "\$real" "\$@"
	EOF
	chmod +x "shim/$c"
done

# Run the recipe in a fresh site/ holding last week's model, killed at $1.
run_recipe() {
	rm -rf site
	mkdir site
	cp rfm.tsv site/rfm.tsv
	cp old.tsv site/model.tsv
	sed "s#^cd /srv/rfm #cd '$tmp/site' #" weekly.sh > site.sh
	KILL_AT=$1 PATH="$tmp/shim:$PATH" sh site.sh > /dev/null 2>&1 || true
}

run_recipe none
cp site/model.tsv new.tsv
segment-predict --model new.tsv rfm.tsv > labels-new
if cmp -s labels-old labels-new; then
	echo "refit.sh: the old and the new model label alike: nothing to see" >&2
	exit 2
fi
[ "$(ls site)" = "model.tsv
rfm.tsv" ] || bad "a complete run left: $(ls site | tr '\n' ' ')"

# --- The kill points ------------------------------------------------------------

# The state the model on disk leaves: old, new or mixed.
temps=0
n_old=0
n_new=0
last_old=
first_new=
judge() {   # POINT WANT
	if ! segment-predict --model site/model.tsv rfm.tsv > labels 2> err; then
		bad "killed at $1: segment-predict refuses the model: $(cat err)"
		state=broken
	elif cmp -s labels labels-old; then
		state=old
	elif cmp -s labels labels-new; then
		state=new
	else
		bad "killed at $1: the model gives $(diff labels-old labels |
		    grep -c '^>') customers other segments than the old one" \
		    "and $(diff labels-new labels | grep -c '^>') other than" \
		    "the new one"
		state=mixed
	fi
	if [ $state = old ] || [ $state = new ]; then
		if [ $state = "$2" ]; then
			pass=$((pass + 1))
		else
			bad "killed at $1: the $state model is left, expected the $2 one"
		fi
	fi
	others=$(ls -A site | grep -v -x -e model.tsv -e rfm.tsv \
	    -e scaler.tsv.new -e scaled.tsv.tmp \
	    -e '\.model\.tsv\.[A-Za-z0-9]\{6\}' \
	    -e '\.scaler\.tsv\.new\.[A-Za-z0-9]\{6\}' || true)
	[ -z "$others" ] || bad "killed at $1: left in the directory: $others"
	temps=$((temps + $(ls -A site | grep -c -v -x -e model.tsv -e rfm.tsv || true)))
	case $state in
	old) n_old=$((n_old + 1)); last_old=$1 ;;
	new) n_new=$((n_new + 1)); [ -n "$first_new" ] || first_new=$1 ;;
	esac
}

have_strace=0
if command -v strace > /dev/null 2>&1 && strace -o /dev/null true 2> /dev/null; then
	have_strace=1
fi

# The system calls of CMD ARGS... run in site/ with its output to OUT,
# as "name:N" for the Nth call of that name in its first process.
calls() {   # OUT CMD ARGS...
	out=$1
	shift
	(cd site && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -qq -o ../trace "$@" > "$out" 2> /dev/null) || true
	awk 'NR == 1 { pid = $1 } $1 == pid && match($2, /^[a-z_0-9]+\(/) {
		name = substr($2, 1, RLENGTH - 1)
		n[name]++
		if (name ~ /^(openat|open|read|close|fchmod|fsync|fdatasync|rename|renameat|renameat2|unlink|unlinkat|lseek|newfstatat|fstat|umask|fcntl|ftruncate|dup2|dup3)$/)
			print name ":" n[name]
		else if (name == "write") {
			fd = substr($2, RLENGTH + 1) + 0
			if (fd > 2 || ++out[fd] == 1)
				print name ":" n[name]
			else
				last = name ":" n[name]
		}
	}
	END { if (last != "") print last }' trace
}

# In the order of the run: each command's start, its calls, its end.
points="rfm-scale:before"
if [ $have_strace = 1 ]; then
	rm -rf site
	mkdir site
	cp rfm.tsv site/rfm.tsv
	cp old.tsv site/model.tsv
	for p in $(calls scaled.tsv.tmp "$build/rfm-scale" --save scaler.tsv.new \
	    rfm.tsv); do
		points="$points rfm-scale:$p"
	done
	points="$points rfm-scale:after kmeans-fit:before"
	for p in $(calls /dev/null "$build/kmeans-fit" -v --scaler \
	    scaler.tsv.new --warm-start model.tsv --save model.tsv \
	    scaled.tsv.tmp); do
		points="$points kmeans-fit:$p"
	done
else
	points="$points rfm-scale:after kmeans-fit:before"
fi
points="$points kmeans-fit:after rm:before rm:after none"

# The model is old up to kmeans-fit's rename, and new from then on.
want=old
n=0
for p in $points; do
	case $p in kmeans-fit:after | rm:* | none) want=new ;; esac
	run_recipe "$p"
	judge "$p" $want
	case $p in kmeans-fit:rename:1 | kmeans-fit:renameat*:1) want=new ;; esac
	n=$((n + 1))
done
[ $have_strace = 1 ] ||
    echo "refit.sh: note: no strace(1): killed between the steps only"
echo "refit.sh: the recipe killed at $n points: the old model left at" \
    "$n_old (the last $last_old), the new one at $n_new (the first" \
    "$first_new)"
echo "refit.sh: files left by killed runs: $temps (allowed: nothing reads them)"

# --- The control: the recipe of before leaves a mixed pair ----------------------

cat > old-recipe.sh <<EOF
cd '$tmp/site' || exit 1
rfm-scale --save scaler.tsv < rfm.tsv |
    kmeans-fit --warm-start model.tsv --save model.tsv > /dev/null
EOF
rm -rf site
mkdir site
cp rfm.tsv site/rfm.tsv
cp s-old.tsv site/scaler.tsv
rfm-scale --load s-old.tsv last.tsv > z-last.tsv
kmeans-fit --save site/model.tsv z-last.tsv > /dev/null
segment-predict --scaler site/scaler.tsv --model site/model.tsv rfm.tsv > pair-old
KILL_AT=kmeans-fit:drain PATH="$tmp/shim:$PATH" sh old-recipe.sh > /dev/null 2>&1 || true
segment-predict --scaler site/scaler.tsv --model site/model.tsv rfm.tsv > pair-mixed 2> /dev/null || true
if cmp -s pair-old pair-mixed; then
	bad "control: the recipe of before, killed in kmeans-fit, left its old pair: the check could not have seen a mix"
else
	pass=$((pass + 1))
	echo "refit.sh: control: the recipe of before, killed in kmeans-fit," \
	    "relabels $(diff pair-old pair-mixed | grep -c '^>') of 1000 customers"
fi

echo "refit: $pass passed, $fail failed"
[ $fail = 0 ]
