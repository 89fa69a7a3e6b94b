/*
 * partial.c - partial states of rfm-extract.  See partial.h and rfmkit-files(5).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cksum.h"
#include "date.h"
#include "infile.h"
#include "num.h"
#include "partial.h"
#include "tsv.h"
#include "xsum.h"
#include "zread.h"

#define VERSION_FIELD "partial1"

static const char *const returns_name[] = { "default", "keep-all",
	"net-returns" };
static const char *const frequency_name[] = { "invoices", "days", "rows" };

void
partial_policy(const extract_opts *o, char *buf, size_t size)
{
	char as_of[16] = "-", since[16] = "-";

	if (o->has_as_of)
		date_format(as_of, o->as_of);
	if (o->has_since)
		date_format(since, o->since);
	snprintf(buf, size, "%s,%s,%s,as-of=%s,since=%s",
	    returns_name[o->keep_all ? 1 : o->net_returns ? 2 : 0],
	    frequency_name[o->frequency], o->no_money ? "no-money" : "money",
	    as_of, since);
}

/* Which of names[0..n) s (len bytes) is; -1 when none. */
static int
which(const char *s, size_t len, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(s, names[i], len) == 0)
			return i;
	return -1;
}

/* A day after "as-of=" or "since=": "-" (0) or a day (1); -1 if neither. */
static int
policy_day(const char *s, size_t len, const char *label, int32_t *day)
{
	size_t n = strlen(label);

	if (len < n || memcmp(s, label, n) != 0)
		return -1;
	s += n;
	len -= n;
	if (len == 1 && *s == '-')
		return 0;
	return len == 10 && date_parse(s, len, day) == DATE_OK ? 1 : -1;
}

/* The options a policy stands for, into o; -1 when it is not one. */
static int
parse_policy(const char *s, extract_opts *o)
{
	static const char *const money_name[] = { "money", "no-money" };
	const char *f[5], *end = s + strlen(s), *q;
	size_t len[5];
	int i, r, fr, m, a, b;
	extract_opts t = *o;

	for (i = 0; i < 5; i++) {
		if ((q = memchr(s, ',', (size_t)(end - s))) == NULL)
			q = end;
		f[i] = s;
		len[i] = (size_t)(q - s);
		if (q == end && i < 4)
			return -1;
		s = q + 1;
	}
	if (s <= end ||
	    (r = which(f[0], len[0], returns_name, 3)) < 0 ||
	    (fr = which(f[1], len[1], frequency_name, 3)) < 0 ||
	    (m = which(f[2], len[2], money_name, 2)) < 0 ||
	    (a = policy_day(f[3], len[3], "as-of=", &t.as_of)) < 0 ||
	    (b = policy_day(f[4], len[4], "since=", &t.since)) < 0)
		return -1;
	t.keep_all = r == 1;
	t.net_returns = r == 2;
	t.frequency = fr;
	t.no_money = m;
	t.has_as_of = a;
	t.has_since = b;
	*o = t;
	return 0;
}

void
partial_init(partial_in *in)
{
	memset(in, 0, sizeof *in);
}

void
partial_free(partial_in *in)
{
	size_t i;

	for (i = 0; i < in->nfed; i++) {
		free(in->fed[i].name);
		free(in->fed[i].where);
	}
	free(in->fed);
	memset(in, 0, sizeof *in);
}

/* Undo the escapes of tsv_put_key and put_word in place; the new
 * length. */
static size_t
unescape(char *s, size_t len)
{
	size_t i, j = 0;

	if (memchr(s, '\\', len) == NULL)
		return len;
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			s[j++] = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' :
			    s[i] == 'r' ? '\r' : s[i] == 's' ? ' ' : s[i];
		} else {
			s[j++] = s[i];
		}
	}
	return j;
}

/* A state line being read: its place and its fields. */
typedef struct sline {
	const char *file;
	long line;
	char *f[12];
	size_t len[12];
	size_t n;
} sline;

static int
bad(rfm_error *e, const sline *l, const char *field, const char *fmt,
    const char *arg)
{
	return rfm_fail(e, RFM_EDATA, l->file, l->line, field, fmt, arg);
}

/* A day written YYYY-MM-DD, as date_format writes it, and only that. */
static int
iso_day(const char *s, size_t len, int32_t *day)
{
	static const char shape[] = "dddd-dd-dd";
	int y, m, d;
	size_t i;

	if (len != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || !date_valid(y, m, d))
		return 0;
	*day = date_from_ymd(y, m, d);
	return 1;
}

static int
get_day(const sline *l, size_t i, const char *field, int dash, int32_t *day,
    rfm_error *e)
{
	char show[4 * 20 + 8];

	if (dash && l->len[i] == 1 && l->f[i][0] == '-')
		return 1;
	if (!iso_day(l->f[i], l->len[i], day))
		return bad(e, l, field, "not a day (YYYY-MM-DD): %s",
		    tsv_show(show, l->f[i], l->len[i], 20)), -1;
	return 0;
}

/* Add a record of rows held; 65 when it is there already. */
static int
add_fed(partial_in *in, int kind, uint64_t id, long long size,
    const char *name, const char *where, rfm_error *e)
{
	partial_fed *f;
	size_t i;

	for (i = 0; i < in->nfed; i++) {
		f = &in->fed[i];
		if (f->kind != kind || f->id != id || f->size != size)
			continue;
		if (kind == 'r')
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "%s: the "
			    "rows of the --partial run %016llx (of %s) are "
			    "in the states twice (also %s): they would count "
			    "twice; a merged state holds the states it was "
			    "merged from", where, (unsigned long long)id,
			    name, f->where);
		return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "%s: the export "
		    "%s (cksum %llu, %lld bytes) was added already (%s, as "
		    "%s): its rows would count twice", where, name,
		    (unsigned long long)id, size, f->where, f->name);
	}
	if (in->nfed == in->fedcap) {
		in->fedcap = in->fedcap ? in->fedcap * 2 : 16;
		in->fed = rfm_xrealloc(in->fed, in->fedcap * sizeof *in->fed);
	}
	f = &in->fed[in->nfed++];
	f->kind = kind;
	f->id = id;
	f->size = size;
	f->name = rfm_xstrdup(name);
	f->where = rfm_xstrdup(where);
	return RFM_OK;
}

int
partial_feed(partial_in *in, const char *name, uint32_t sum,
    long long size, rfm_error *e)
{
	return add_fed(in, 'f', sum, size, name, name, e);
}

void
partial_run(partial_in *in, const char *names)
{
	uint64_t id = 0;
	unsigned char b[8];
	size_t i;

	if (getentropy(b, sizeof b) != 0)
		rfm_die(RFM_ESOFTWARE, "no random bytes: %s", strerror(errno));
	for (i = 0; i < sizeof b; i++)
		id = id << 8 | b[i];
	add_fed(in, 'r', id, -1, names, "this run", NULL);
}

/* An f or r line: rows the state holds. */
static int
fed_line(partial_in *in, const sline *l, rfm_error *e)
{
	char where[600], *end;
	unsigned long long id;
	long long size = -1;
	long v;
	double d;
	int r = l->f[3][0] == 'r';

	if (l->n != 7)
		return bad(e, l, NULL, "an f or r line has 7 fields, not %s",
		    l->n < 7 ? "fewer" : "more");
	l->f[4][l->len[4]] = '\0';
	if (r) {
		errno = 0;
		id = strtoull(l->f[4], &end, 16);
		if (l->len[4] != 16 || *end != '\0' || errno != 0 ||
		    l->len[5] != 1 || l->f[5][0] != '-')
			return bad(e, l, "run", "%s", "not a run id (16 hex "
			    "digits, then \"-\")");
	} else {
		if (num_parse_long(l->f[4], 0, 4294967295L, &v) != NUM_OK)
			return bad(e, l, "cksum", "not a cksum value: %s",
			    l->f[4]);
		if (num_parse(l->f[5], l->len[5], &d) != NUM_OK || d < 0 ||
		    d > 9e15 || d != (double)(long long)d)
			return bad(e, l, "size", "%s", "not a size in bytes");
		id = (unsigned long long)v;
		size = (long long)d;
	}
	l->f[6][unescape(l->f[6], l->len[6])] = '\0';
	snprintf(where, sizeof where, "%s:%ld", l->file, l->line);
	return add_fed(in, r ? 'r' : 'f', id, size, l->f[6], where, e);
}

static int add_keys(extract *x, const sline *l, uint32_t i, long rows,
    rfm_error *e);

/* A number of money: the rounded sum in decimal, a rest in hexadecimal. */
static int
money_part(const char *p, size_t len, double *v)
{
	const char *h = len > 0 && *p == '-' ? p + 1 : p;

	if ((size_t)(h - p) + 2 <= len && h[0] == '0' && h[1] == 'x')
		return num_parse_hex(p, len, v);
	if (num_parse(p, len, v) != NUM_OK || !isfinite(*v))
		return NUM_SYNTAX;
	return NUM_OK;
}

/* A c line, merged into its customer. */
static int
customer_line(extract *x, const sline *l, rfm_error *e)
{
	char show[4 * 40 + 8], *p, *q;
	int32_t first = 0, last = 0, seen;
	int dash1, dash2;
	customer *c;
	uint32_t i;
	size_t at;
	double v;
	long rows;

	if (l->n != 10)
		return bad(e, l, NULL, "a c line has 10 fields, not %s",
		    l->n < 10 ? "fewer" : "more");
	if ((dash1 = get_day(l, 4, "first", 1, &first, e)) < 0 ||
	    (dash2 = get_day(l, 5, "last", 1, &last, e)) < 0 ||
	    get_day(l, 6, "seen", 0, &seen, e) < 0)
		return e->code;
	l->f[7][l->len[7]] = '\0';
	for (at = 0, rows = 0; at < l->len[7] && at < 10 &&
	    l->f[7][at] >= '0' && l->f[7][at] <= '9'; at++)
		rows = rows * 10 + (l->f[7][at] - '0');
	if (at == 0 || at < l->len[7] || rows > (long)UINT32_MAX ||
	    (l->f[7][0] == '0' && at > 1))
		return bad(e, l, "rows", "not a count of rows: %s", l->f[7]);
	if (dash1 != dash2 || dash1 != (rows == 0) ||
	    (!dash1 && (first > last || last > seen)))
		return bad(e, l, NULL, "%s", "the days and rows do not agree "
		    "(first <= last <= seen; \"-\" when rows is 0)");
	i = extract_customer(x, l->f[0], l->len[0]);
	c = &x->cust[i];
	if (c->rows == 0 && c->money.n == 0)
		c->seen = seen;
	else if (seen > c->seen)
		c->seen = seen;
	if (rows > 0) {
		if (c->rows == 0 || first < c->first)
			c->first = first;
		if (c->rows == 0 || last > c->last)
			c->last = last;
		if (!x->any_kept || last > x->max_day)
			x->max_day = last;
		x->any_kept = 1;
	}
	if ((unsigned long)rows > UINT32_MAX - c->rows)
		return bad(e, l, "rows", "%s", "more rows than 2^32 for one "
		    "customer");
	c->rows += (uint32_t)rows;
	if (x->o.frequency == EXTRACT_ROWS)
		c->freq += (uint32_t)rows;
	/* the parts of the sum, separated by spaces */
	p = l->f[8];
	p[l->len[8]] = '\0';
	do {
		q = p + strcspn(p, " ");
		if (money_part(p, (size_t)(q - p), &v) != NUM_OK)
			return bad(e, l, "money", "not a number: %s",
			    tsv_show(show, p, (size_t)(q - p), 40));
		if (xsum_add(&c->money, v) != 0)
			return rfm_fail(e, RFM_EDATA, l->file, l->line, NULL,
			    "the monetary total of customer %s is out of range",
			    tsv_show(show, l->f[0], l->len[0], 40));
		p = *q ? q + 1 : q;
	} while (*p != '\0');
	return add_keys(x, l, i, rows, e);
}

/* The order of the keys on a line: bytewise, a prefix first. */
static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/*
 * The invoice keys of a c line kept as its text, when they are the
 * customer's first and can be counted without a lookup: no escapes, and
 * in strictly increasing order (as partial_write writes them), so
 * distinct.  Anything else (other orders, escapes, empty keys: states
 * of other writers, or damaged) takes add_keys' general way, which
 * finds the same count or the error.
 */
static int
keep_keys(extract *x, const sline *l, uint32_t i, long rows)
{
	const char *p = l->f[9], *end = p + l->len[9], *q, *prev = NULL;
	size_t n = 0, plen = 0;

	if (x->o.frequency != EXTRACT_INVOICES || x->cust[i].freq != 0 ||
	    x->cust[i].kept != 0 || rows == 0 || l->len[9] == 0 ||
	    end[-1] == ' ' || memchr(p, '\\', l->len[9]) != NULL)
		return 0;
	for (; p < end; p = q + 1) {
		if ((q = memchr(p, ' ', (size_t)(end - p))) == NULL)
			q = end;
		if (q == p || (prev != NULL &&
		    key_cmp(prev, plen, p, (size_t)(q - p)) >= 0))
			return 0;
		prev = p;
		plen = (size_t)(q - p);
		n++;
	}
	extract_keep_keys(x, i, l->f[9], l->len[9]);
	x->cust[i].freq = (uint32_t)n;
	return 1;
}

/* The purchase keys of a c line, separated by spaces, to customer i:
 * as many as make its frequency, none when it counts rows. */
static int
add_keys(extract *x, const sline *l, uint32_t i, long rows, rfm_error *e)
{
	char *p = l->f[9], *end = p + l->len[9], *q;
	size_t n = 0;
	int32_t day;
	sline k = *l;

	if (x->o.frequency == EXTRACT_ROWS && l->len[9] > 0)
		return bad(e, l, "keys", "%s", "purchase keys in a state that "
		    "counts rows");
	if (keep_keys(x, l, i, rows))
		return RFM_OK;
	while (p < end) {
		if ((q = memchr(p, ' ', (size_t)(end - p))) == NULL)
			q = end;
		if (q == p)
			return bad(e, l, "keys", "%s", "an empty key");
		if (x->o.frequency == EXTRACT_DAYS) {
			k.f[9] = p;
			k.len[9] = (size_t)(q - p);
			if (get_day(&k, 9, "keys", 0, &day, e) < 0)
				return e->code;
			if (extract_new_key(x, i, (const char *)&day,
			    sizeof day))
				x->cust[i].freq++;
		} else if (extract_new_key(x, i, p, unescape(p,
		    (size_t)(q - p)))) {
			x->cust[i].freq++;
		}
		n++;
		p = q + 1;
	}
	if (x->o.frequency != EXTRACT_ROWS && (n > 0) != (rows > 0))
		return bad(e, l, "keys", "%s", rows > 0 ? "purchase rows "
		    "without their keys" : "purchase keys without rows");
	return RFM_OK;
}

/* Whether a and b read rows alike (and, with as_of, to the same day). */
static int
same_policy(const extract_opts *a, const extract_opts *b, int as_of)
{
	return a->keep_all == b->keep_all &&
	    a->net_returns == b->net_returns &&
	    a->frequency == b->frequency && a->no_money == b->no_money &&
	    a->has_since == b->has_since &&
	    (!a->has_since || a->since == b->since) &&
	    (!as_of || (a->has_as_of == b->has_as_of &&
	    (!a->has_as_of || a->as_of == b->as_of)));
}

/* The policy of a line: the first sets it (or must be the one wanted). */
static int
check_policy(extract *x, partial_in *in, const sline *l, rfm_error *e)
{
	char show[PARTIAL_POLICY_MAX * 4 + 8], want[PARTIAL_POLICY_MAX];
	extract_opts o = x->o;

	if (in->have_policy && l->len[2] == strlen(in->policy) &&
	    memcmp(l->f[2], in->policy, l->len[2]) == 0)
		return RFM_OK;
	tsv_show(show, l->f[2], l->len[2], PARTIAL_POLICY_MAX);
	if (l->len[2] >= PARTIAL_POLICY_MAX)
		return bad(e, l, "policy", "not a policy: %s", show);
	l->f[2][l->len[2]] = '\0';
	if (parse_policy(l->f[2], &o) != 0)
		return bad(e, l, "policy", "not a policy: %s", show);
	if (in->have_policy)
		return rfm_fail(e, RFM_EDATA, l->file, l->line, "policy",
		    "%s, but the states before (%s) were made with %s: "
		    "states merge only when made under the same options",
		    l->f[2], in->first, in->policy);
	if (in->have_want && !same_policy(&o, &in->want,
	    in->have_want == PARTIAL_WANT_EXACT)) {
		partial_policy(&in->want, want, sizeof want);
		return rfm_fail(e, RFM_EDATA, l->file, l->line, "policy",
		    "%s, but %s say %s: a state merges only with the "
		    "options it was made with", l->f[2], in->want_from, want);
	}
	snprintf(in->policy, sizeof in->policy, "%s", l->f[2]);
	snprintf(in->first, sizeof in->first, "%s:%ld", l->file, l->line);
	in->have_policy = 1;
	x->o = o;
	return RFM_OK;
}

static int
state_line(extract *x, partial_in *in, sline *l, char *p, size_t len,
    rfm_error *e)
{
	char show[64];
	size_t i;
	char *end = p + len, *q;

	for (l->n = 0; l->n < 12; l->n++) {
		q = memchr(p, '\t', (size_t)(end - p));
		if (q == NULL)
			q = end;
		l->f[l->n] = p;
		l->len[l->n] = (size_t)(q - p);
		p = q + 1;
		if (q == end) {
			l->n++;
			break;
		}
	}
	if (l->n < 4 || l->len[1] != strlen(VERSION_FIELD) ||
	    memcmp(l->f[1], VERSION_FIELD, l->len[1]) != 0) {
		if (l->n >= 2 && l->len[1] > 7 &&
		    memcmp(l->f[1], "partial", 7) == 0)
			return bad(e, l, NULL, "a partial state of version "
			    "%s; this rfm-extract reads version 1",
			    tsv_show(show, l->f[1] + 7, l->len[1] - 7, 10));
		return bad(e, l, NULL, "%s", "not a line of a partial state "
		    "(id, \"partial1\", policy, kind, ...): rfm-extract "
		    "--merge reads what rfm-extract --partial writes");
	}
	for (i = 0; i < l->n; i++)
		if (memchr(l->f[i], '\r', l->len[i]) != NULL)
			return bad(e, l, NULL, "%s", "a carriage return: "
			    "partial states end lines with \\n only");
	if (check_policy(x, in, l, e) != RFM_OK)
		return e->code;
	if (l->len[3] != 1 || strchr("cfr", l->f[3][0]) == NULL)
		return bad(e, l, "kind", "not c, f or r: %s",
		    tsv_show(show, l->f[3], l->len[3], 10));
	if (l->f[3][0] == 'f' || l->f[3][0] == 'r') {
		if (l->len[0] != 0)
			return bad(e, l, NULL, "%s", "an f or r line with an "
			    "id");
		return fed_line(in, l, e);
	}
	if (l->len[0] == 0)
		return bad(e, l, "customer", "%s", "empty customer id");
	l->len[0] = unescape(l->f[0], l->len[0]);
	return customer_line(x, l, e);
}

int
partial_read_fd(extract *x, partial_in *in, int fd, const char *name,
    rfm_error *e)
{
	zread *z = zread_open(fd, name);
	size_t cap = 1 << 16, len = 0, start, i;
	char *buf = rfm_xmalloc(cap + 1), *nl;
	ssize_t got;
	sline l;
	int rc = RFM_OK;

	memset(&l, 0, sizeof l);
	l.file = name;
	for (;;) {
		if (len == cap) {
			cap *= 2;
			buf = rfm_xrealloc(buf, cap + 1);
		}
		if ((got = zread_read(z, buf + len, cap - len, e)) < 0) {
			rc = e->code;
			break;
		}
		if (got == 0) {
			if (len > 0)
				rc = rfm_fail(e, RFM_EDATA, name, l.line + 1,
				    NULL, "cut short: the last line has no "
				    "newline");
			break;
		}
		i = len;
		len += (size_t)got;
		start = 0;
		while ((nl = memchr(buf + i, '\n', len - i)) != NULL) {
			l.line++;
			x->st.state_lines++;
			rc = state_line(x, in, &l, buf + start,
			    (size_t)(nl - buf) - start, e);
			if (rc != RFM_OK)
				goto out;
			start = i = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + start, len - start);
		len -= start;
	}
out:
	free(buf);
	zread_close(z);
	return rc;
}

int
partial_read_path(extract *x, partial_in *in, const char *path,
    rfm_error *e)
{
	int fd, rc;

	if (access(path, F_OK) != 0 && errno == ENOENT)
		return RFM_OK;
	if ((fd = infile_open(path, "state file", e)) < 0)
		return e->code;
	rc = partial_read_fd(x, in, fd, path, e);
	close(fd);
	return rc;
}

int
partial_fingerprint(partial_in *in, int fd, const char *name, rfm_error *e)
{
	char buf[1 << 16];
	long long size = 0;
	ssize_t got;
	cksum c;

	cksum_init(&c);
	while ((got = read(fd, buf, sizeof buf)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return rfm_fail(e, RFM_EIO, NULL, 0, NULL,
			    "input file %s: read error: %s", name,
			    strerror(errno));
		cksum_add(&c, buf, (size_t)got);
		size += got;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		return rfm_fail(e, RFM_EDATA, name, 0, NULL, "%s", "--state "
		    "reads an export twice, for its checksum and for its "
		    "rows: give a file, not a pipe");
	return partial_feed(in, name, cksum_value(&c), size, e);
}

int
partial_reference(extract *x, const partial_in *in, int has_as_of,
    int32_t as_of, int latest, rfm_error *e)
{
	char a[16], b[16], show[4 * 40 + 8];
	const char *id;
	size_t i, len;

	if (x->o.has_as_of) {            /* the states' own */
		if (has_as_of && as_of != x->o.as_of) {
			date_format(a, as_of);
			date_format(b, x->o.as_of);
			return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL,
			    "--as-of %s, but the states were made with "
			    "--as-of %s (%s)", a, b, in->first);
		}
		return RFM_OK;
	}
	if (has_as_of) {
		for (i = 0; i < strmap_count(&x->ids); i++) {
			if (x->cust[i].seen <= as_of)
				continue;
			id = strmap_key(&x->ids, (uint32_t)i, &len);
			date_format(a, as_of);
			date_format(b, x->cust[i].seen);
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL,
			    "--as-of %s, but the states hold rows after it "
			    "(customer %s, %s): give --as-of to the runs "
			    "that make the states, so that they leave those "
			    "rows out", a, tsv_show(show, id, len, 40), b);
		}
		x->o.has_as_of = 1;
		x->o.as_of = as_of;
		return RFM_OK;
	}
	if (!latest)
		return rfm_fail(e, RFM_EUSAGE, NULL, 0, NULL, "%s", "the "
		    "states were made without --as-of, and a merge sees only "
		    "the customers given to it: give --as-of DATE (the same "
		    "to every reducer of a job), or --as-of latest when this "
		    "merge reads every customer's state");
	return RFM_OK;
}

/* A line being written: bytes appended, written with one fwrite. */
typedef struct lbuf {
	char *p;
	size_t n, cap;
} lbuf;

static char *
room(lbuf *b, size_t more)
{
	if (b->n + more > b->cap) {
		b->cap = (b->n + more) * 2;
		b->p = rfm_xrealloc(b->p, b->cap);
	}
	return b->p + b->n;
}

static void
put(lbuf *b, const char *s, size_t len)
{
	memcpy(room(b, len), s, len);
	b->n += len;
}

static void
put_c(lbuf *b, char c)
{
	*room(b, 1) = c;
	b->n++;
}

static void
put_day(lbuf *b, int32_t day)
{
	date_format(room(b, 16), day);
	b->n += strlen(b->p + b->n);
}

static void
put_count(lbuf *b, uint32_t v)
{
	char tmp[12];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		put_c(b, tmp[--n]);
}

/*
 * A customer id, escaped as tsv_put_key escapes it; and, with space set,
 * a purchase key, whose spaces are \s as well.
 */
static void
put_word(lbuf *b, const char *s, size_t len, int space)
{
	size_t i;
	char c;

	for (i = 0; i < len && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
	    s[i] != '\\' && (!space || s[i] != ' '); i++)
		;
	if (i == len) {                 /* nothing to escape */
		put(b, s, len);
		return;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '\t' || c == '\n' || c == '\r' || c == '\\' ||
		    (space && c == ' ')) {
			put_c(b, '\\');
			put_c(b, c == '\t' ? 't' : c == '\n' ? 'n' :
			    c == '\r' ? 'r' : c == ' ' ? 's' : '\\');
		} else {
			put_c(b, c);
		}
	}
}

/*
 * Money as its value rounded to the nearest double, as the table shows
 * it, then what the exact sum has beyond it, in as few parts as that
 * takes (none, or one, for most customers), each in the exact
 * hexadecimal form of %a, which is quick to write and to read.
 */
static void
put_money(lbuf *b, const xsum *s)
{
	const double *p;
	double v = xsum_value(s);
	xsum rest;
	size_t n, i;

	b->n += num_format(room(b, NUM_BUFSZ), v);
	xsum_init(&rest);
	xsum_add_sum(&rest, s);
	xsum_add(&rest, -v);
	p = xsum_parts(&rest, &n);
	for (i = n; i-- > 0;) {
		if (p[i] == 0)
			continue;
		put_c(b, ' ');
		b->n += num_format_hex(room(b, NUM_BUFSZ), p[i]);
	}
	xsum_free(&rest);
}

/* For qsort_r: two pairs of one customer in key_cmp's order of their
 * keys, the order keep_keys reads as text. */
static int
pair_cmp(const void *a, const void *b, void *arg)
{
	const extract *x = arg;
	uint32_t pa = *(const uint32_t *)a, pb = *(const uint32_t *)b;
	const char *ka, *kb;
	size_t la, lb;

	ka = strmap_key(&x->pairs, pa, &la);
	kb = strmap_key(&x->pairs, pb, &lb);
	return key_cmp(ka + sizeof pa, la - sizeof pa, kb + sizeof pb,
	    lb - sizeof pb);
}

/* The c line of customer k, whose keys are pairs[from..to). */
static void
customer_out(const extract *x, lbuf *b, const char *head, uint32_t k,
    const uint32_t *pairs, size_t from, size_t to)
{
	const customer *c = &x->cust[k];
	char first[16], last[16];
	const char *key;
	size_t len, j;
	int32_t d;

	key = strmap_key(&x->ids, k, &len);
	put_word(b, key, len, 0);
	put(b, head, strlen(head));
	/* the days, each formatted once when they are the same day */
	if (c->rows > 0) {
		date_format(first, c->first);
		put(b, first, 10);
		put_c(b, '\t');
		if (c->last != c->first)
			date_format(last, c->last);
		else
			memcpy(last, first, 11);
		put(b, last, 10);
	} else {
		put(b, "-\t-", 3);
	}
	put_c(b, '\t');
	if (c->rows > 0 && c->seen == c->last)
		put(b, last, 10);
	else
		put_day(b, c->seen);
	put_c(b, '\t');
	put_count(b, c->rows);
	put_c(b, '\t');
	put_money(b, &c->money);
	put_c(b, '\t');
	if ((key = extract_kept_keys(x, k, &len)) != NULL) {
		put(b, key, len);
		put_c(b, '\n');
		return;
	}
	for (j = from; j < to; j++) {
		if (j > from)
			put_c(b, ' ');
		key = strmap_key(&x->pairs, pairs[j], &len);
		if (x->o.frequency == EXTRACT_DAYS) {
			memcpy(&d, key + sizeof k, sizeof d);
			put_day(b, d);
		} else {
			put_word(b, key + sizeof k, len - sizeof k, 1);
		}
	}
	put_c(b, '\n');
}

void
partial_write(extract *x, const partial_in *in, FILE *out)
{
	size_t n = strmap_count(&x->ids), np = strmap_count(&x->pairs), i;
	uint32_t k, *start, *pairs;
	char policy[PARTIAL_POLICY_MAX], head[PARTIAL_POLICY_MAX + 16];
	lbuf b = { NULL, 0, 0 };
	size_t len;

	partial_policy(&x->o, policy, sizeof policy);
	for (i = 0; i < in->nfed; i++) {
		if (in->fed[i].kind == 'r')
			fprintf(out, "\t" VERSION_FIELD "\t%s\tr\t%016llx\t-\t",
			    policy, (unsigned long long)in->fed[i].id);
		else
			fprintf(out, "\t" VERSION_FIELD "\t%s\tf\t%llu\t%lld\t",
			    policy, (unsigned long long)in->fed[i].id,
			    in->fed[i].size);
		tsv_put_key(out, in->fed[i].name, strlen(in->fed[i].name));
		putc('\n', out);
	}
	/* the purchase keys of each customer (invoices sorted below) */
	start = rfm_xcalloc(n + 1, sizeof *start);
	pairs = rfm_xmalloc((np ? np : 1) * sizeof *pairs);
	for (i = 0; i < np; i++) {
		memcpy(&k, strmap_key(&x->pairs, (uint32_t)i, &len), sizeof k);
		start[k + 1]++;
	}
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (i = 0; i < np; i++) {
		memcpy(&k, strmap_key(&x->pairs, (uint32_t)i, &len), sizeof k);
		pairs[start[k]++] = (uint32_t)i;
	}
	for (i = n; i > 0; i--)          /* back to where each began */
		start[i] = start[i - 1];
	start[0] = 0;
	snprintf(head, sizeof head, "\t" VERSION_FIELD "\t%s\tc\t", policy);
	/* in the order the customers came: a merge reads any order */
	for (k = 0; k < n; k++) {
		b.n = 0;
		if (x->o.frequency == EXTRACT_INVOICES)
			qsort_r(pairs + start[k], start[k + 1] - start[k],
			    sizeof *pairs, pair_cmp, x);
		customer_out(x, &b, head, k, pairs, start[k], start[k + 1]);
		fwrite(b.p, 1, b.n, out);
	}
	free(b.p);
	free(start);
	free(pairs);
}
