#!/bin/sh
# engine-parallel.sh - rfm-extract as a distributed job, run for real: GNU
# parallel sends the mappers and the reducers over ssh to two "hosts",
# which are one private sshd on 127.0.0.1 named twice.
#
# usage: sh tests/engine-parallel.sh BUILD_DIR  (from the top of the repository)
#
# The sshd is the test's own: a host key, a client key, its authorized
# keys, sshd_config and PidFile in a temporary directory, listening on a
# free port of 127.0.0.1 only, run as the current user (root in CI, or
# anyone: a non-root sshd can log in only its own user), without PAM;
# the client reads only the test's ssh_config and known_hosts.  It is
# stopped, and the directory removed, on every way out.
#
# The job is the recipe of rfmkit(7), SCALING OUT: the real data
# (data/online_retail.csv.xz) cut into 8 shards of consecutive rows, each
# with the header; the mappers (rfm-extract --partial --as-of 2011-12-10)
# read their shard by name (127.0.0.1 shares this file system) and send
# their partial states back through ssh; the states are shuffled by
# customer id (parallel --pipe --shard 1 --colsep TAB) to 4 reducers
# (rfm-extract --merge --as-of 2011-12-10), whose tables, the header
# once, must be byte for byte the table of one rfm-extract --as-of
# 2011-12-10 over the whole file.  Then one shard gets a malformed row:
# its mapper fails, and parallel --halt now,fail=1 must fail the whole
# job.
#
# Without sshd, ssh, ssh-keygen or GNU parallel the test fails and names
# the Debian package to install (openssh-server, openssh-client, parallel).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh tests/engine-parallel.sh BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
top=$(pwd)
prog=engine-parallel.sh
LC_ALL=C
export LC_ALL
. "$top/tests/engine-lib.sh"

missing() {
	echo "FAIL $prog: $1 was not found; on Debian or Ubuntu:" \
	    "apt-get install $2" >&2
	exit 1
}
# sshd refuses to run unless started by its absolute path.
sshd=
for s in $(command -v sshd 2>/dev/null) /usr/sbin/sshd /usr/local/sbin/sshd; do
	if [ -x "$s" ]; then
		sshd=$s
		break
	fi
done
[ -n "$sshd" ] || missing sshd openssh-server
command -v ssh >/dev/null 2>&1 || missing ssh openssh-client
command -v ssh-keygen >/dev/null 2>&1 || missing ssh-keygen openssh-client
parallel --version 2>/dev/null | grep -q '^GNU parallel' ||
	missing 'GNU parallel' parallel
command -v xz >/dev/null 2>&1 || missing xz xz-utils
[ -x "$build/rfm-extract" ] || {
	echo "FAIL $prog: $build/rfm-extract is not built" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-engine.XXXXXX")
# sshd runs in the foreground (-D): the process started is the daemon,
# and only it is stopped (its PidFile names the same process).
stop_sshd() {
	if [ -n "${sshd_pid:-}" ]; then
		kill "$sshd_pid" 2>/dev/null || true
		wait "$sshd_pid" 2>/dev/null || true
	fi
	sshd_pid=
	rm -f "$work/sshd.pid"
}
trap 'stop_sshd; rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# --- The sshd ----------------------------------------------------------------

user=$(id -un)
ssh-keygen -q -t ed25519 -N '' -C rfmkit-test-host -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -C rfmkit-test-client -f "$work/id"
cp "$work/id.pub" "$work/authorized_keys"
chmod 600 "$work/authorized_keys"
# Root's sshd separates privileges into an empty directory that Debian's
# init scripts make at boot; a container that never ran them lacks it.
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd
	chmod 755 /run/sshd
fi

# free_port - a TCP port nobody listens on (/proc/net/tcp, state 0A).
# Another program may take it before sshd binds it: the caller retries.
free_port() {
	listening=$(awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' \
	    /proc/net/tcp /proc/net/tcp6 2>/dev/null || true)
	awk -v seed="$$$(date +%N 2>/dev/null || true)" -v used="$listening" '
	    BEGIN {
		srand(seed % 2147483647)
		n = split(used, u, " ")
		for (i = 1; i <= n; i++) busy[u[i]] = 1
		for (;;) {
			p = 20000 + int(rand() * 40000)
			if (!(sprintf("%04X", p) in busy)) { print p; exit }
		}
	    }'
}

write_configs() {
	cat >"$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
LogLevel ERROR
EOF
	cat >"$work/ssh_config" <<EOF
Host rfmkit-a rfmkit-b
	HostName 127.0.0.1
	Port $port
	User $user
	IdentityFile $work/id
	IdentitiesOnly yes
	HostKeyAlias rfmkit-test-sshd
	UserKnownHostsFile $work/known_hosts
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking yes
	BatchMode yes
	ConnectTimeout 10
	LogLevel ERROR
EOF
	echo "rfmkit-test-sshd $(cat "$work/host_key.pub")" >"$work/known_hosts"
}

sshd_pid=
tries=0
while :; do
	tries=$((tries + 1))
	port=$(free_port)
	write_configs
	"$sshd" -t -f "$work/sshd_config" 2>"$work/sshd.log" || {
		echo "FAIL $prog: sshd refuses the test's sshd_config:" >&2
		cat "$work/sshd.log" >&2
		exit 1
	}
	"$sshd" -D -f "$work/sshd_config" -E "$work/sshd.log" &
	sshd_pid=$!
	up=0
	i=0
	while [ $i -lt 50 ] && kill -0 "$sshd_pid" 2>/dev/null; do
		if ssh -F "$work/ssh_config" rfmkit-a true 2>"$work/ssh.err"; then
			up=1
			break
		fi
		sleep 0.2
		i=$((i + 1))
	done
	[ $up = 0 ] || break
	stop_sshd
	if [ $tries -ge 5 ]; then
		echo "FAIL $prog: no sshd answered on 127.0.0.1 (last port $port)" >&2
		sed 's/^/  sshd: /' "$work/sshd.log" >&2
		sed 's/^/  ssh: /' "$work/ssh.err" >&2
		exit 1
	fi
done
echo "$prog: sshd on 127.0.0.1:$port as $user"

# --- The job -----------------------------------------------------------------

pass=0
fail=0
bad() {
	echo "FAIL $prog: $*"
	fail=$((fail + 1))
}

asof=2011-12-10
xz -dc "$top/data/online_retail.csv.xz" >"$work/all.csv"
"$build/rfm-extract" --as-of $asof "$work/all.csv" >"$work/single.tsv"

# GNU parallel keeps its state in PARALLEL_HOME, here the test's own; the
# "hosts" are two names of the one sshd, two job slots each.
PARALLEL_HOME=$work/parallel
export PARALLEL_HOME
engine() {
	parallel --will-cite --ssh "ssh -F $work/ssh_config" \
	    -S 2/rfmkit-a,2/rfmkit-b --halt now,fail=1 "$@"
}

# job DIR - the whole job on the shards DIR/shard.*.csv: the mappers,
# then the shuffle and the reducers, then the table, DIR/table.tsv.  Its
# status is the first failing step's.
job() {
	engine "$build/rfm-extract --partial --as-of $asof < {}" \
	    ::: "$1"/shard.*.csv >"$1/states" 2>"$1/map.err" || return
	engine -j 2 --pipe --block 1M --shard 1 --colsep '\t' \
	    "$build/rfm-extract --merge --as-of $asof" \
	    <"$1/states" >"$1/reduced" 2>"$1/reduce.err" || return
	# The reducers' tables came back one after the other through ssh:
	# the header once, the rows in the order of the ids, integers all.
	{ head -n 1 "$1/reduced"
	  grep -v "^customer_id$tab" "$1/reduced" | sort -t "$tab" -k1,1n -k1,1
	} >"$1/table.tsv"
}

# The shards as rfmkit(7) cuts them: 8 of consecutive lines, cut at line
# ends (the lines of an invoice may fall in two), each with the header;
# split runs its --filter with $SHELL, here sh whatever the caller's.
mkdir "$work/good"
tail -n +2 "$work/all.csv" >"$work/body.csv"
(cd "$work/good" && SHELL=/bin/sh split -d -n l/8 \
    --filter='{ head -n 1 ../all.csv; cat; } > $FILE.csv' ../body.csv shard.)
if job "$work/good"; then
	parts=$(grep -c "^customer_id$tab" "$work/good/reduced")
	if [ "$parts" -lt 2 ]; then
		bad "the states went to $parts reducer(s), expected several"
	elif cmp -s "$work/single.tsv" "$work/good/table.tsv"; then
		echo "$prog: 8 mappers, $parts reducers over ssh: the single run's table, $(($(wc -l <"$work/single.tsv") - 1)) customers"
		pass=$((pass + 1))
	else
		bad "the job's table differs from the single run's"
		diff "$work/single.tsv" "$work/good/table.tsv" | head -20
	fi
else
	bad "the job failed on good shards (status $?)"
	sed 's/^/  /' "$work/good/map.err" "$work/good/reduce.err" 2>/dev/null |
	    head -20
fi

# One malformed row (a quantity that is no number) in the fourth shard.
mkdir "$work/bad"
cp "$work/good"/shard.*.csv "$work/bad/"
echo '581588,22961,JAM MAKING SET PRINTED,six,2011-12-09 12:50:00,1.45,12680,France' \
    >>"$work/bad/shard.03.csv"
if job "$work/bad"; then
	bad "the job exited 0 with a malformed row in a shard"
elif ! grep -q . "$work/bad/map.err"; then
	bad "the job failed, but no mapper said why"
else
	echo "$prog: a malformed row in one shard fails the job"
	pass=$((pass + 1))
fi

echo "engine-parallel: $pass passed, $fail failed"
[ $fail = 0 ]
