#!/bin/sh
# completion.sh - data/rfmkit.bash-completion completes what each
# command's --help says it takes.
#
# usage: sh tests/completion.sh BUILD_DIR     (from the top of the repository)
#
# The file is sourced in a non-interactive bash and a completion is
# simulated: COMP_WORDS and COMP_CWORD set, the function that
# `complete -p CMD` names called, COMPREPLY printed.  For each command
# (rfmkit-demo only once BUILD_DIR has it):
#
#   CMD - and CMD -- offer exactly the options of BUILD_DIR/CMD --help:
#   the first words of its option list, read with help.sh's options(),
#   which must hold every option of its usage lines; a long option may
#   be offered with a trailing '='
#   the value of each option that takes one, as -x V, --long V,
#   --long=V, and --long = V (bash splits at '=' by default): a fixed
#   list below exactly, each value accepted by the command (its status
#   is not 64, the usage error of every page's EXIT STATUS) where a bad
#   value is refused with 64, and every value that refusal names in the
#   list; the files of the directory when --help calls the value a file
#   (file, model, scaler, ...); else nothing, or those files
#   an operand: the files a.csv and b.tsv of a directory (rfmkit-demo:
#   its directories)
set -eu

build=$(cd "$1" && pwd)
top=$(pwd)
file=$top/data/rfmkit.bash-completion
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-completion.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
PATH=$build:$PATH
LC_ALL=C
export PATH LC_ALL
fail=0

# The fixed value lists: command, option, values, and where the command
# defines them.
lists='
rfm-extract --delimiter tab
rfm-extract --encoding utf-8 utf8 latin1 latin-1 iso-8859-1 iso8859-1 cp1252 windows-1252 utf-16 utf16 utf-16le utf16le utf-16be utf16be
rfm-extract --frequency invoices days rows
rfm-extract --as-of latest today
rfm-scale --rule quantile rfm
kmeans-fit --init k-means++ random
kmeans-fit --algorithm auto lloyd hamerly
segment-predict --format tsv text html
'
# --delimiter: delimiter() of cmd/rfm-extract.c (or any one byte);
# --encoding: aliases[] of lib/textenc.c; --frequency: frequency() of
# cmd/rfm-extract.c; --as-of: days() there and date_parse_as_of() of
# lib/date.c (or a date); --rule: rules[] of cmd/rfm-scale.c; --init and
# --algorithm: km_init_name and km_algorithm_name of lib/kmeans.c;
# --format: texttable_formats of lib/texttable.c.

# The words of a message refusing a bad value that name no value.
stop=' a byte date encoding is neither nor not one or recognised unknown use '

# The names --help gives a value that is a file.
files=' file model scaler old rules scores k.tsv page '

ok() { echo "ok $*"; }
not_ok() { echo "FAIL $*"; fail=1; }

# same WHAT WANT GOT: WANT and GOT, lists one per line, are the same;
# else the diff.
same() {
	if [ "$2" = "$3" ]; then
		return 0
	fi
	not_ok "$1"
	: > "$tmp/want"
	: > "$tmp/got"
	[ -z "$2" ] || printf '%s\n' "$2" > "$tmp/want"
	[ -z "$3" ] || printf '%s\n' "$3" > "$tmp/got"
	diff "$tmp/want" "$tmp/got" | sed '1d; s/^/  /' || :
	return 1
}

# comp WORD...: what completing the last WORD of the command line
# WORD... offers, one per line, sorted; a long option's '=' dropped.
comp() {
	bash --norc --noprofile -c '
		. "$0" || exit 2
		spec=$(complete -p "$1") || exit 2
		f=${spec#*-F }
		f=${f%% *}
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' "$file" "$@" < /dev/null | sed -e '/^$/d' -e 's/^\(--[^=]*\)=$/\1/' | sort
}

# The options named in the text on stdin, one per line, sorted: the
# options() of tests/help.sh.
options() {
	grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' |
	    sed 's/^[^-]*//' | sort -u
}

# The option list of the --help on stdin: "SHORT LONG NAME" for each
# option, "." for a form it lacks, NAME the name --help gives its value,
# empty for a flag.  An option's line is indented less than the text,
# which names options too; the name is one blank after the option, the
# text two or more.
optlist() {
	awk '{
		if (!match($0, /^ +-/) || RLENGTH > 9)
			next
		line = substr($0, RLENGTH)
		s = "."; l = "."; n = ""
		if (match(line, /^-[A-Za-z0-9]/)) {
			s = substr(line, 1, 2)
			line = substr(line, 3)
			if (substr(line, 1, 2) == ", ")
				line = substr(line, 3)
		}
		if (match(line, /^--[A-Za-z0-9-]+/)) {
			l = substr(line, 1, RLENGTH)
			line = substr(line, RLENGTH + 1)
		}
		if (match(line, /^ [^ ]+/))
			n = substr(line, 2, RLENGTH - 1)
		print s, l, n
	}'
}

# value CMD OPTION VALUE: CMD run on the scratch inputs with OPTION
# VALUE; its exit status.
value() {
	case $1:$2 in
	rfm-extract:--delimiter)
		rfm-extract "$2" "$3" in/tab.tsv ;;
	rfm-extract:--encoding)
		case $3 in
		*16le) enc=UTF-16LE ;;
		*16be) enc=UTF-16BE ;;
		*16) enc=UTF-16 ;;
		*) enc=UTF-8 ;;
		esac
		iconv -f UTF-8 -t $enc in/sample.csv > in/enc.csv ||
		    cp in/sample.csv in/enc.csv
		rfm-extract "$2" "$3" in/enc.csv ;;
	rfm-extract:*)
		rfm-extract "$2" "$3" in/sample.csv ;;
	rfm-scale:*)
		rfm-scale --score "$2" "$3" in/rfm.tsv ;;
	kmeans-fit:*)
		kmeans-fit -k 2 "$2" "$3" in/z.tsv ;;
	segment-predict:*)
		segment-predict --model in/m.tsv --summary "$2" "$3" in/rfm.tsv ;;
	*)
		echo "no way to run $1 $2" >&2
		return 99 ;;
	esac < /dev/null > /dev/null 2> in/err
}

cd "$tmp"
mkdir in ops dirs dirs/out
: > ops/a.csv
: > ops/b.tsv
: > dirs/x.csv
# The inputs of the values: the sample's first 200 lines (no quotes, so
# commas can become tabs), their table, scaled, and a model with its
# scaler.
head -n 200 "$top/data/sample.csv" > in/sample.csv
tr , '	' < in/sample.csv > in/tab.tsv
rfm-extract in/sample.csv > in/rfm.tsv
rfm-scale --save in/s.tsv in/rfm.tsv > in/z.tsv
kmeans-fit -k 2 --scaler in/s.tsv --save in/m.tsv in/z.tsv > /dev/null

bash --norc --noprofile -c '. "$0"' "$file" ||
    { echo "FAIL $file: sourcing it fails"; exit 1; }

for cmd in rfm-extract rfm-scale kmeans-fit segment-predict rfmkit-report \
    rfmkit-demo; do
	if [ ! -x "$build/$cmd" ]; then
		echo "skip $cmd: no $build/$cmd yet"
		continue
	fi
	"$build/$cmd" --help > help.out

	# The options: --help's option list, which has those of the usage
	# lines ("-av" being -a and -v).
	optlist < help.out > list.out
	want=$(cut -d ' ' -f 1,2 list.out | tr ' ' '\n' | options)
	missing=
	for o in $(sed '/^$/q' help.out | options); do
		case $o in
		--*) ;;
		-??*) o=$(echo "${o#-}" | sed 's/./-& /g') ;;
		esac
		for p in $o; do
			echo "$want" | grep -qx -- "$p" || missing="$missing $p"
		done
	done
	[ -z "$missing" ] ||
	    not_ok "$cmd: its usage lines have options its option list lacks:$missing"
	same "$cmd -: the options offered are not those of --help (< help, > offered)" \
	    "$want" "$(comp "$cmd" -)" &&
	    ok "$cmd -: the $(echo "$want" | wc -l) options of --help"
	long=$(echo "$want" | grep -- '^--')
	same "$cmd --: the long options offered are not those of --help (< help, > offered)" \
	    "$long" "$(comp "$cmd" --)" &&
	    ok "$cmd --: the $(echo "$long" | wc -l) long options of --help"

	# The value of each option that takes one, in each form.
	while read -r short opt name; do
		[ -n "$name" ] || continue
		[ "$opt" != . ] || { opt=$short; short=.; }
		list=$(echo "$lists" | sed -n "s/^$cmd $opt //p" | tr ' ' '\n' |
		    sort)
		if [ -n "$list" ]; then
			kind="the list $(echo $list)"
			want=$list
		elif case $files in *" $name "*) true ;; *) false ;; esac; then
			kind="the files"
			want=$(printf 'a.csv\nb.tsv\n')
		else
			kind="nothing"
			want=
		fi
		bad=0
		for form in "$short" "$opt" "$opt=" "$opt ="; do
			case $form in
			.* | -[!-]?*) continue ;;	# none, -x=, -x =
			*' =') got=$(cd ops && comp "$cmd" "$opt" = '') ;;
			*=) got=$(cd ops && comp "$cmd" "$form" |
			    sed "s/^$opt=//") ;;
			*) got=$(cd ops && comp "$cmd" "$form" '') ;;
			esac
			# where nothing is due, files will do
			[ "$kind" != nothing ] || [ "$got" != "a.csv
b.tsv" ] || got=
			same "$cmd $form ${name}: not $kind (< want, > offered)" \
			    "$want" "$got" || bad=1
		done
		[ "$short" = . ] && forms=$opt || forms="$short, $opt"
		[ "$bad" = 1 ] || ok "$cmd $forms $name: $kind"
		[ -n "$list" ] || continue

		# Each value accepted; the values the refusal names listed.
		if value "$cmd" "$opt" bogus-value; then st=0; else st=$?; fi
		if [ "$st" != 64 ]; then
			not_ok "$cmd $opt bogus-value: exit $st, not the usage error 64"
			continue
		fi
		named=$(head -n 1 in/err |
		    sed "s/^$cmd: $opt: //; s/'bogus-value'//" |
		    tr -cs 'A-Za-z0-9+-' '\n' | while read -r w; do
			case $stop in *" $w "*) ;; *) echo "$w" ;; esac
		done)
		unlisted=
		for w in $named; do
			echo "$list" | grep -qx -- "$w" || unlisted="$unlisted $w"
		done
		[ -z "$unlisted" ] ||
		    not_ok "$cmd $opt: its refusal of a bad value names$unlisted, not in the list"
		refused= sts=
		: > refused.out
		for v in $list; do
			if value "$cmd" "$opt" "$v"; then st=0; else st=$?; fi
			sts="$sts $st"
			if [ "$st" = 64 ]; then
				refused="$refused $v"
				sed 's/^/  /' in/err >> refused.out
			fi
		done
		sts=$(echo $sts | tr ' ' '\n' | sort -u | tr '\n' ' ')
		if [ -n "$refused" ]; then
			not_ok "$cmd $opt: values refused as a usage error:$refused"
			cat refused.out
		else
			ok "$cmd $opt: each value accepted (exit ${sts% }), a bad one refused (64)"
		fi
	done < list.out

	# An operand.
	if [ "$cmd" = rfmkit-demo ]; then
		same "$cmd DIR: not the directories (< want, > offered)" \
		    out "$(cd dirs && comp "$cmd" '')" &&
		    ok "$cmd DIR: the directories"
	else
		same "$cmd FILE: not the files (< want, > offered)" \
		    "$(printf 'a.csv\nb.tsv\n')" "$(cd ops && comp "$cmd" '')" &&
		    ok "$cmd FILE: the files"
	fi
done
exit $fail
