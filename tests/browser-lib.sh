# browser-lib.sh - drive a headless Chromium from POSIX sh through
# chromedriver (the W3C WebDriver protocol), for the tests that load a
# page, fill in a form and read what it shows.  Sourced, not run.
# Needs chromedriver, chromium and curl (Debian: apt-get install chromium
# chromium-driver curl), and sed, awk, od, base64, ps from the base
# system; no bash, jq or python.
#
# One session per shell, kept in these variables:
#   WD_URL       chromedriver's base URL, http://127.0.0.1:PORT
#   WD_SESSION   the session id
#   WD_PID       chromedriver's process id
#   WD_BROWSER_PID  the browser's process id, as chromedriver reports it
#   WD_DIR       the directory wd_start made in TMPDIR: chromedriver.log,
#                the browser's profile and HOME
# Settings, read by wd_start and the calls:
#   WD_CHROMEDRIVER  the driver (default chromedriver, searched in PATH)
#   WD_CHROMIUM      the browser (default /usr/bin/chromium)
#   WD_ARGS          more browser arguments, separated by blanks
#   WD_TIMEOUT       seconds one request may take (default 60)
#   WD_VERBOSE       when set, chromedriver logs every command (--verbose)
#
# wd_start TMPDIR      start chromedriver on a free loopback port and open
#                      a headless session (1280x2000 window); its files go
#                      to a new directory in TMPDIR.  The browser runs with
#                      --no-sandbox, so root can run it.
# wd_stop              end the session, stop chromedriver and any browser
#                      process left; safe to call twice or with no session
#                      (for trap: trap 'wd_stop; rm -rf "$tmp"' EXIT, and
#                      trap 'exit 130' INT; trap 'exit 143' TERM so that a
#                      signal runs it too)
# wd_open URL          navigate and wait for the page to load
#                      (file:///abs/path.html)
# wd_find CSS          print the id of the first element CSS selects
# wd_clear EL          empty an input or textarea
# wd_type EL TEXT      type TEXT into element EL, key by key
# wd_click EL          click element EL
# wd_text EL           print EL's visible text
# wd_attr EL NAME      print EL's attribute NAME (nothing when it has none)
# wd_prop EL NAME      print EL's DOM property NAME (a string as its text,
#                      null as nothing, anything else as JSON)
# wd_exec JS           run JS as a function body with no arguments
#                      (execute/sync) and print the JSON of what it returns:
#                      wd_exec 'return document.title' prints "..." quoted
# wd_screenshot FILE   save a PNG of the viewport in FILE (1280 wide; less
#                      than 2000 high: the window's frame takes some)
# wd_jstr TEXT         print TEXT as a JSON string literal
# wd_jget PATH [text]  print the member at PATH of the JSON on standard
#                      input: a.b for a member, a[0] for an element, the
#                      empty PATH for the whole; as JSON, or with "text"
#                      as wd_prop prints it.  Exit 1 when there is no
#                      such member, 2 when the input is not JSON.
#
# Every function prints what it returns with a final newline and returns 0,
# or prints "FUNCTION: error: message" (WebDriver's error and message) on
# standard error and returns non-zero; a response is an error when its
# HTTP status is not 2xx, as the W3C protocol has it.  Strings go both
# ways as UTF-8: what is sent is escaped (backslash, double quote, control
# characters), and \uXXXX escapes in what comes back become UTF-8
# (surrogate pairs too).  The functions keep their temporaries in
# variables that start with _wd_; every other name is left alone.
# They work under set -eu (tried in dash and in bash --posix).

WD_URL=${WD_URL:-}
WD_SESSION=${WD_SESSION:-}
WD_PID=${WD_PID:-}
WD_BROWSER_PID=${WD_BROWSER_PID:-}
WD_DIR=${WD_DIR:-}
_wd_nl='
'
# The key under which WebDriver gives an element's id.
_wd_elkey=element-6066-11e4-a52e-4f735466cecf

# The JSON reader: prints the member at path "want" of the JSON on
# standard input (mode "text": a string decoded, null as nothing).
# LC_ALL=C: bytes, and %c prints one byte.
# shellcheck disable=SC2016 # awk's $, not the shell's
_wd_awk_get='
function fail(m) {
	printf "invalid JSON: %s at byte %d\n", m, pos | "cat 1>&2"
	exit 2
}
function skipws(   c) {
	while (pos <= n) {
		c = substr(s, pos, 1)
		if (c != " " && c != "\t" && c != "\n" && c != "\r")
			return
		pos++
	}
}
# The position of the quote that closes the string opened at pos.
function strend(   p, chunk, q, k) {
	p = pos + 1
	for (;;) {
		chunk = substr(s, p, 65536)
		if (chunk == "")
			fail("unterminated string")
		q = index(chunk, "\"")
		if (q == 0) {
			p += length(chunk)
			continue
		}
		q += p - 1
		for (k = q - 1; k > pos && substr(s, k, 1) == "\\"; k--)
			;
		if ((q - 1 - k) % 2 == 0)
			return q
		p = q + 1
	}
}
function hex4(h,   v, i, d) {
	if (length(h) != 4)
		return -1
	v = 0
	for (i = 1; i <= 4; i++) {
		d = index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
		if (d < 0)
			return -1
		v = v * 16 + d
	}
	return v
}
function utf8(cp) {
	if (cp == 0)
		return ""
	if (cp < 128)
		return sprintf("%c", cp)
	if (cp < 2048)
		return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
	if (cp < 65536)
		return sprintf("%c%c%c", 224 + int(cp / 4096),
		    128 + int(cp / 64) % 64, 128 + cp % 64)
	return sprintf("%c%c%c%c", 240 + int(cp / 262144),
	    128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}
# The text of a string literal without its quotes.
function unstr(t,   o, i, c, cp, lo, adv) {
	if (index(t, "\\") == 0)
		return t
	o = ""
	while ((i = index(t, "\\")) > 0) {
		o = o substr(t, 1, i - 1)
		c = substr(t, i + 1, 1)
		adv = 2
		if (c == "u") {
			cp = hex4(substr(t, i + 2, 4))
			adv = 6
			if (cp < 0) {
				cp = 65533
				adv = 2
			} else if (cp >= 55296 && cp < 56320 &&
			    substr(t, i + 6, 2) == "\\u" &&
			    (lo = hex4(substr(t, i + 8, 4))) >= 56320 && lo < 57344) {
				cp = 65536 + (cp - 55296) * 1024 + lo - 56320
				adv = 12
			} else if (cp >= 55296 && cp < 57344)
				cp = 65533
			o = o utf8(cp)
		} else if (c in esc)
			o = o esc[c]
		else
			o = o c
		t = substr(t, i + adv)
	}
	return o t
}
function found(raw) {
	if (mode == "text" && substr(raw, 1, 1) == "\"")
		printf "%s", unstr(substr(raw, 2, length(raw) - 2))
	else if (mode != "text" || raw != "null")
		printf "%s", raw
	exit 0
}
function val(path,   c, start, k, key, i) {
	skipws()
	if (pos > n)
		fail("unexpected end")
	c = substr(s, pos, 1)
	start = pos
	if (c == "{") {
		pos++
		skipws()
		if (substr(s, pos, 1) == "}")
			pos++
		else for (;;) {
			skipws()
			if (substr(s, pos, 1) != "\"")
				fail("expected a member name")
			k = strend()
			key = unstr(substr(s, pos + 1, k - pos - 1))
			pos = k + 1
			skipws()
			if (substr(s, pos++, 1) != ":")
				fail("expected :")
			val((path == "") ? key : path "." key)
			skipws()
			c = substr(s, pos++, 1)
			if (c == "}")
				break
			if (c != ",")
				fail("expected , or }")
		}
	} else if (c == "[") {
		pos++
		skipws()
		i = 0
		if (substr(s, pos, 1) == "]")
			pos++
		else for (;;) {
			val(path "[" i "]")
			i++
			skipws()
			c = substr(s, pos++, 1)
			if (c == "]")
				break
			if (c != ",")
				fail("expected , or ]")
		}
	} else if (c == "\"") {
		pos = strend() + 1
	} else if (match(substr(s, pos, 400),
	    /^(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null)/)) {
		pos += RLENGTH
	} else
		fail("unexpected character")
	if (path == want)
		found(substr(s, start, pos - start))
}
BEGIN {
	esc["n"] = "\n"; esc["t"] = "\t"; esc["r"] = "\r"; esc["b"] = "\b"
	esc["f"] = "\f"; esc["/"] = "/"; esc["\\"] = "\\"; esc["\""] = "\""
}
{ s = s (NR > 1 ? "\n" : "") $0 }
END {
	n = length(s)
	pos = 1
	val("")
	exit 1
}'

# The JSON string literal of ENVIRON["_wd_s"].
_wd_awk_str='BEGIN {
	s = ENVIRON["_wd_s"]
	n = length(s)
	for (i = 1; i < 32; i++)
		e[sprintf("%c", i)] = sprintf("\\u%04x", i)
	e["\n"] = "\\n"; e["\t"] = "\\t"; e["\r"] = "\\r"
	e["\""] = "\\\""; e["\\"] = "\\\\"
	o = "\""
	st = 1
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c in e) {
			o = o substr(s, st, i - st) e[c]
			st = i + 1
		}
	}
	printf "%s\"", o substr(s, st)
}'

# ENVIRON["_wd_s"] percent-encoded for a URL path.
_wd_awk_url='BEGIN {
	s = ENVIRON["_wd_s"]
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c ~ /[A-Za-z0-9._~-]/)
			printf "%s", c
		else
			printf "%%%02X", ord[c]
	}
}'

wd_jstr() {
	case $1 in
	*[\"\\]* | *[[:cntrl:]]*)
		_wd_s=$1 LC_ALL=C awk "$_wd_awk_str" || return 1
		echo ;;
	*)
		printf '"%s"\n' "$1" ;;
	esac
}

wd_jget() {
	LC_ALL=C awk -v want="$1" -v mode="${2:-json}" "$_wd_awk_get" || return
	echo
}

# _wd_urlpart TEXT: TEXT for a URL path, in _wd_u.
_wd_urlpart() {
	case $1 in
	*[!A-Za-z0-9._~-]* | '')
		_wd_u=$(_wd_s=$1 LC_ALL=C awk "$_wd_awk_url") || return 1 ;;
	*)
		_wd_u=$1 ;;
	esac
}

# _wd_err WORDS: a message on standard error (printf: echo would take
# the backslashes of a message as escapes).
_wd_err() {
	printf '%s\n' "$*" >&2
}

# _wd_nap: a tenth of a second where sleep takes fractions, else a second;
# _wd_waited counts the tenths.
_wd_nap() {
	if sleep 0.1 2>/dev/null; then
		_wd_waited=$((_wd_waited + 1))
	else
		sleep 1
		_wd_waited=$((_wd_waited + 10))
	fi
}

# _wd_msg FUNCTION: the error in the response _wd_body, on stderr.
_wd_msg() {
	_wd_e=$(printf '%s' "$_wd_body" | wd_jget value.error text 2>/dev/null) ||
	    _wd_e=
	_wd_m=$(printf '%s' "$_wd_body" | wd_jget value.message text 2>/dev/null) ||
	    _wd_m=
	# The message's first line: the rest is chromedriver's version.
	_wd_m=${_wd_m%%"$_wd_nl"*}
	if [ -n "$_wd_e" ]; then
		case $_wd_m in
		"$_wd_e"*) _wd_err "$1: error: $_wd_m" ;;
		*) _wd_err "$1: error: $_wd_e${_wd_m:+: $_wd_m}" ;;
		esac
	else
		_wd_err "$1: error: HTTP status $_wd_code:" \
		    "$(printf '%s' "$_wd_body" | head -c 300)"
	fi
}

# _wd_call FUNCTION METHOD PATH [BODY]: one request to the session (PATH
# after /session/ID) or, with PATH starting /, to chromedriver; the
# response's body in _wd_body.  Non-zero and a message on failure.
_wd_call() {
	if [ -z "$WD_URL" ]; then
		_wd_err "$1: error: no WebDriver session (wd_start first)"
		return 1
	fi
	case $3 in
	/*) _wd_path=$3 ;;
	*)
		if [ -z "$WD_SESSION" ]; then
			_wd_err "$1: error: no WebDriver session (wd_start first)"
			return 1
		fi
		_wd_path=/session/$WD_SESSION/$3 ;;
	esac
	_wd_rc=0
	if [ $# -ge 4 ]; then
		_wd_out=$(printf '%s' "$4" | curl -sS -X "$2" \
		    --max-time "${WD_TIMEOUT:-60}" \
		    -H 'Content-Type: application/json; charset=utf-8' \
		    --data-binary @- -w '\n%{http_code}' "$WD_URL$_wd_path" \
		    2>&1) || _wd_rc=$?
	else
		_wd_out=$(curl -sS -X "$2" --max-time "${WD_TIMEOUT:-60}" \
		    -w '\n%{http_code}' "$WD_URL$_wd_path" 2>&1) || _wd_rc=$?
	fi
	_wd_code=${_wd_out##*"$_wd_nl"}
	_wd_body=${_wd_out%"$_wd_nl"*}
	if [ "$_wd_rc" != 0 ]; then
		_wd_err "$1: error: no answer from chromedriver at $WD_URL$_wd_path:" \
		    "$_wd_body"
		return 1
	fi
	case $_wd_code in
	2??) return 0 ;;
	esac
	_wd_msg "$1"
	return 1
}

# _wd_value MODE: print the "value" of _wd_body, as JSON or as text.
_wd_value() {
	case $_wd_body in
	'{"value":null}')
		if [ "$1" = text ]; then echo; else echo null; fi
		return 0 ;;
	'{"value":"'*'"}')
		_wd_v=${_wd_body#'{"value":"'}
		_wd_v=${_wd_v%'"}'}
		case $_wd_v in
		*[\"\\]*) ;;
		*)
			if [ "$1" = text ]; then
				printf '%s\n' "$_wd_v"
			else
				printf '"%s"\n' "$_wd_v"
			fi
			return 0 ;;
		esac ;;
	esac
	printf '%s' "$_wd_body" | wd_jget value "$1"
}

# _wd_el FUNCTION EL: the element's URL path part in _wd_u.
_wd_el() {
	if [ -z "$2" ]; then
		_wd_err "$1: error: no element id"
		return 1
	fi
	_wd_urlpart "$2"
}

wd_open() {
	[ $# = 1 ] || { _wd_err "usage: wd_open URL"; return 2; }
	_wd_call wd_open POST url "{\"url\":$(wd_jstr "$1")}"
}

wd_find() {
	[ $# = 1 ] || { _wd_err "usage: wd_find CSS"; return 2; }
	_wd_call wd_find POST element \
	    "{\"using\":\"css selector\",\"value\":$(wd_jstr "$1")}" || return
	_wd_v=${_wd_body#"{\"value\":{\"$_wd_elkey\":\""}
	_wd_v=${_wd_v%'"}}'}
	case $_wd_v in
	*[\"\\{}]* | '')
		_wd_v=$(printf '%s' "$_wd_body" |
		    wd_jget "value.$_wd_elkey" text) || {
			_wd_err "wd_find: error: no element id in $_wd_body"
			return 1
		} ;;
	esac
	printf '%s\n' "$_wd_v"
}

wd_clear() {
	[ $# = 1 ] || { _wd_err "usage: wd_clear EL"; return 2; }
	_wd_el wd_clear "$1" &&
	    _wd_call wd_clear POST "element/$_wd_u/clear" '{}'
}

wd_type() {
	[ $# = 2 ] || { _wd_err "usage: wd_type EL TEXT"; return 2; }
	_wd_el wd_type "$1" &&
	    _wd_call wd_type POST "element/$_wd_u/value" \
		"{\"text\":$(wd_jstr "$2")}"
}

wd_click() {
	[ $# = 1 ] || { _wd_err "usage: wd_click EL"; return 2; }
	_wd_el wd_click "$1" &&
	    _wd_call wd_click POST "element/$_wd_u/click" '{}'
}

wd_text() {
	[ $# = 1 ] || { _wd_err "usage: wd_text EL"; return 2; }
	_wd_el wd_text "$1" &&
	    _wd_call wd_text GET "element/$_wd_u/text" && _wd_value text
}

wd_attr() {
	[ $# = 2 ] || { _wd_err "usage: wd_attr EL NAME"; return 2; }
	_wd_el wd_attr "$1" && _wd_e=$_wd_u && _wd_urlpart "$2" &&
	    _wd_call wd_attr GET "element/$_wd_e/attribute/$_wd_u" &&
	    _wd_value text
}

wd_prop() {
	[ $# = 2 ] || { _wd_err "usage: wd_prop EL NAME"; return 2; }
	_wd_el wd_prop "$1" && _wd_e=$_wd_u && _wd_urlpart "$2" &&
	    _wd_call wd_prop GET "element/$_wd_e/property/$_wd_u" &&
	    _wd_value text
}

wd_exec() {
	[ $# = 1 ] || { _wd_err "usage: wd_exec JS"; return 2; }
	_wd_call wd_exec POST execute/sync \
	    "{\"script\":$(wd_jstr "$1"),\"args\":[]}" && _wd_value json
}

wd_screenshot() {
	[ $# = 1 ] || { _wd_err "usage: wd_screenshot FILE.png"; return 2; }
	_wd_call wd_screenshot GET screenshot || return
	# Base64 has no character JSON escapes but the slash, which it may.
	_wd_v=${_wd_body#'{"value":"'}
	_wd_v=${_wd_v%'"}'}
	case $_wd_v in
	*[!A-Za-z0-9+/=]*)
		printf '%s' "$_wd_body" | wd_jget value text ;;
	*)
		printf '%s\n' "$_wd_v" ;;
	esac | base64 -d > "$1" && [ -s "$1" ] && return 0
	_wd_err "wd_screenshot: error: cannot decode the screenshot into $1"
	rm -f "$1"
	return 1
}

# _wd_port: a random port in 20000-60000.
_wd_port() {
	_wd_r=$(od -An -N2 -tu2 /dev/urandom 2>/dev/null | tr -d ' ') ||
	    _wd_r=
	case $_wd_r in
	'' | *[!0-9]*)
		# No /dev/urandom: the time, the shell's pid and the attempt.
		_wd_r=$(awk -v s="$$" -v t="$_wd_try" 'BEGIN { srand();
		    srand(srand() + s * 101 + t * 7919); print int(rand() * 65536) }') ;;
	esac
	echo $((20000 + _wd_r % 40001))
}

wd_start() {
	if [ $# != 1 ] || [ ! -d "$1" ]; then
		_wd_err "usage: wd_start TMPDIR (an existing directory)"
		return 2
	fi
	if [ -n "$WD_PID" ]; then
		_wd_err "wd_start: error: already started (chromedriver $WD_PID)"
		return 1
	fi
	_wd_cd=${WD_CHROMEDRIVER:-chromedriver}
	_wd_br=${WD_CHROMIUM:-/usr/bin/chromium}
	for _wd_x in curl "$_wd_cd"; do
		command -v "$_wd_x" >/dev/null 2>&1 || {
			_wd_err "wd_start: error: $_wd_x was not found"
			return 1
		}
	done
	[ -x "$_wd_br" ] || {
		_wd_err "wd_start: error: $_wd_br was not found"
		return 1
	}
	WD_DIR=$(mktemp -d "$(cd "$1" && pwd)/webdriver.XXXXXX") || return 1
	mkdir "$WD_DIR/home" "$WD_DIR/profile" || return 1

	# chromedriver on a random port until one binds: it says "started
	# successfully" once it listens, and exits when the port is taken.
	_wd_try=0
	_wd_waited=0
	while :; do
		_wd_try=$((_wd_try + 1))
		_wd_p=$(_wd_port)
		: >"$WD_DIR/chromedriver.log"
		HOME=$WD_DIR/home XDG_CONFIG_HOME=$WD_DIR/home/.config \
		    XDG_CACHE_HOME=$WD_DIR/home/.cache \
		    "$_wd_cd" --port="$_wd_p" ${WD_VERBOSE:+--verbose} </dev/null \
		    >"$WD_DIR/chromedriver.log" 2>&1 &
		WD_PID=$!
		while ! grep -q 'started successfully' "$WD_DIR/chromedriver.log" &&
		    kill -0 "$WD_PID" 2>/dev/null && [ "$_wd_waited" -lt 200 ]; do
			_wd_nap
		done
		grep -q 'started successfully' "$WD_DIR/chromedriver.log" && break
		if kill -0 "$WD_PID" 2>/dev/null; then
			_wd_err "wd_start: error: chromedriver did not start in 20 s;" \
			    "its log:"
		elif [ "$_wd_try" -lt 20 ] &&
		    grep -q -i -e 'in use' -e 'not available' \
			"$WD_DIR/chromedriver.log"; then
			wait "$WD_PID" 2>/dev/null || :
			continue
		else
			_wd_err "wd_start: error: chromedriver failed; its log:"
		fi
		cat "$WD_DIR/chromedriver.log" >&2
		wd_stop
		return 1
	done
	WD_URL=http://127.0.0.1:$_wd_p

	# Ready when /status says so.
	while :; do
		if _wd_call wd_start GET /status 2>/dev/null; then
			case $_wd_body in
			*'"ready":true'* | *'"ready": true'*) break ;;
			esac
		fi
		if [ "$_wd_waited" -ge 200 ] || ! kill -0 "$WD_PID" 2>/dev/null; then
			_wd_err "wd_start: error: chromedriver at $WD_URL is not ready;" \
			    "its log:"
			cat "$WD_DIR/chromedriver.log" >&2
			wd_stop
			return 1
		fi
		_wd_nap
	done

	_wd_a="\"--headless\",\"--no-sandbox\",\"--disable-gpu\""
	_wd_a="$_wd_a,\"--window-size=1280,2000\",\"--disable-dev-shm-usage\""
	_wd_a="$_wd_a,\"--no-first-run\",\"--no-default-browser-check\""
	_wd_a="$_wd_a,$(wd_jstr "--user-data-dir=$WD_DIR/profile")"
	for _wd_x in ${WD_ARGS:-}; do
		_wd_a="$_wd_a,$(wd_jstr "$_wd_x")"
	done
	if ! _wd_call wd_start POST /session "{\"capabilities\":{\"alwaysMatch\":{
\"browserName\":\"chrome\",\"pageLoadStrategy\":\"normal\",
\"timeouts\":{\"pageLoad\":60000,\"script\":30000},
\"goog:chromeOptions\":{\"binary\":$(wd_jstr "$_wd_br"),\"args\":[$_wd_a]}}}}"
	then
		_wd_err "wd_start: chromedriver's log:"
		cat "$WD_DIR/chromedriver.log" >&2
		wd_stop
		return 1
	fi
	WD_SESSION=$(printf '%s' "$_wd_body" | wd_jget value.sessionId text) ||
	    WD_SESSION=
	if [ -z "$WD_SESSION" ]; then
		_wd_err "wd_start: error: no session id in $_wd_body"
		wd_stop
		return 1
	fi
	WD_BROWSER_PID=$(printf '%s' "$_wd_body" |
	    wd_jget 'value.capabilities.goog:processID' 2>/dev/null) ||
	    WD_BROWSER_PID=
	return 0
}

# _wd_left: the processes whose command line names WD_DIR (the browser's
# profile and HOME are in it), that is the browser and its helpers.
_wd_left() {
	ps -e -o pid= -o args= 2>/dev/null |
	    _wd_d=$WD_DIR awk 'index($0, ENVIRON["_wd_d"]) && $1 != "'"$$"'" {
		print $1 }'
}

wd_stop() {
	if [ -n "$WD_SESSION" ] && [ -n "$WD_URL" ]; then
		curl -s --max-time 20 -X DELETE "$WD_URL/session/$WD_SESSION" \
		    >/dev/null 2>&1 || :
	fi
	WD_SESSION=
	if [ -n "$WD_PID" ]; then
		kill "$WD_PID" 2>/dev/null || :
		_wd_waited=0
		while kill -0 "$WD_PID" 2>/dev/null && [ "$_wd_waited" -lt 50 ]; do
			_wd_nap
		done
		kill -9 "$WD_PID" 2>/dev/null || :
		wait "$WD_PID" 2>/dev/null || :
	fi
	WD_PID=
	WD_URL=
	if [ -n "$WD_DIR" ]; then
		_wd_k=$(_wd_left)
		if [ -n "$_wd_k" ]; then
			# shellcheck disable=SC2086 # a list of pids
			kill $_wd_k 2>/dev/null || :
			_wd_waited=0
			while [ -n "$(_wd_left)" ] && [ "$_wd_waited" -lt 30 ]; do
				_wd_nap
			done
			_wd_k=$(_wd_left)
			# shellcheck disable=SC2086
			[ -z "$_wd_k" ] || kill -9 $_wd_k 2>/dev/null || :
		fi
	fi
	WD_BROWSER_PID=
	return 0
}
