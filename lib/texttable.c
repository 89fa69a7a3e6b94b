/*
 * texttable.c - cells collected row by row, written as TSV, aligned
 * text or HTML.  See texttable.h.
 */
#include "texttable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "num.h"

const char *const texttable_formats[TEXTTABLE_NFORMATS] = { "tsv", "text",
	"html" };

void
texttable_init(texttable *t, int format, const texttable_col *col,
    size_t ncol, const char *html_class)
{
	memset(t, 0, sizeof *t);
	t->format = format;
	t->col = col;
	t->ncol = ncol;
	t->html_class = html_class;
}

void
texttable_free(texttable *t)
{
	free(t->buf);
	free(t->off);
	memset(t, 0, sizeof *t);
}

static void
add_cell(texttable *t, const char *s, size_t len)
{
	if (t->ncell == t->offcap) {
		t->offcap = t->offcap ? t->offcap * 2 : 64;
		t->off = rfm_xrealloc(t->off, t->offcap * sizeof *t->off);
	}
	while (t->cap - t->len < len + 1) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->buf = rfm_xrealloc(t->buf, t->cap);
	}
	t->off[t->ncell++] = t->len;
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len++] = '\0';
}

/* Cell i and its length. */
static const char *
cell(const texttable *t, size_t i, size_t *len)
{
	size_t end = i + 1 < t->ncell ? t->off[i + 1] : t->len;

	*len = end - t->off[i] - 1;
	return t->buf + t->off[i];
}

void
texttable_text(texttable *t, const char *s, size_t len)
{
	add_cell(t, s, len);
}

void
texttable_empty(texttable *t)
{
	add_cell(t, "", 0);
}

void
texttable_count(texttable *t, size_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof buf, "%zu", n);

	add_cell(t, buf, (size_t)len);
}

void
texttable_num(texttable *t, double x)
{
	char buf[TEXTTABLE_NUMSZ];
	size_t len;

	if (t->format == TEXTTABLE_TSV) {
		add_cell(t, buf, num_format(buf, x));
		return;
	}
	switch (t->col[t->ncell % t->ncol].kind) {
	case TT_COUNT:
		len = texttable_fixed(buf, x, 0, 0);
		break;
	case TT_ONE:
		len = texttable_fixed(buf, x, 0, 1);
		break;
	case TT_MONEY:
		len = texttable_fixed(buf, x, 0, 2);
		break;
	case TT_SHARE:
		len = texttable_fixed(buf, x, 2, 1);
		buf[len++] = '%';
		break;
	default:
		len = num_format(buf, x);
		break;
	}
	add_cell(t, buf, len);
}

/*
 * The shortest form of |x| as its significant digits, dig[0..n), and
 * where the point goes: |x| = 0.dig x 10^*point.  Returns n, 0 for 0.
 */
static size_t
decimal(double x, char *dig, long *point)
{
	char s[NUM_BUFSZ], *p;
	size_t nd = 0;
	long exp = 0;
	int after = 0, minus;

	num_format(s, fabs(x));
	*point = 0;
	for (p = s; *p != '\0' && *p != 'e'; p++) {
		if (*p == '.') {
			after = 1;
		} else if (nd == 0 && *p == '0') {
			*point -= after;
		} else {
			dig[nd++] = *p;
			*point += !after;
		}
	}
	if (*p == 'e') {   /* %g's "1.5e+20" or "1e-05" */
		minus = *++p == '-';
		for (p += *p == '-' || *p == '+'; *p >= '0' && *p <= '9'; p++)
			exp = exp * 10 + (*p - '0');
		*point += minus ? -exp : exp;
	}
	return nd;
}

/* Add one to the decimal digits m[0..n), which has room for one more;
 * returns the new count. */
static size_t
increment(char *m, size_t n)
{
	size_t i;

	for (i = n; i > 0 && m[i - 1] == '9'; i--)
		m[i - 1] = '0';
	if (i > 0) {
		m[i - 1]++;
		return n;
	}
	memmove(m + 1, m, n);
	m[0] = '1';
	return n + 1;
}

size_t
texttable_fixed(char *buf, double x, int shift, int prec)
{
	char dig[NUM_BUFSZ], m[TEXTTABLE_NUMSZ];
	size_t nd, n = 0, at = 0, p = (size_t)prec, i;
	long point, keep, j;

	if (!isfinite(x))
		return num_format(buf, x);
	nd = decimal(x, dig, &point);
	/* m: the digits of |x| 10^(shift + prec), rounded to an integer,
	 * without leading zeros */
	keep = point + shift + prec;
	for (j = 0; nd > 0 && j < keep; j++)
		m[n++] = (size_t)j < nd ? dig[j] : '0';
	if (keep >= 0 && (size_t)keep < nd && dig[keep] >= '5')
		n = increment(m, n);
	for (i = 0; i < n && m[i] == '0'; i++)
		;
	if (x < 0 && i < n)
		buf[at++] = '-';
	if (n > p) {
		memcpy(buf + at, m, n - p);
		at += n - p;
	} else {
		buf[at++] = '0';
	}
	if (p > 0) {
		buf[at++] = '.';
		for (i = n; i < p; i++)
			buf[at++] = '0';
		i = n < p ? n : p;
		memcpy(buf + at, m + n - i, i);
		at += i;
	}
	buf[at] = '\0';
	return at;
}

size_t
texttable_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static int
is_num(const texttable *t, size_t j)
{
	return t->col[j].kind != TT_TEXT;
}

static void
write_tsv(const texttable *t, FILE *out)
{
	const char *s;
	size_t i, len;

	for (i = 0; i < t->ncol; i++) {
		if (i > 0)
			putc('\t', out);
		fputs(t->col[i].name, out);
	}
	putc('\n', out);
	for (i = 0; i < t->ncell; i++) {
		s = cell(t, i, &len);
		fwrite(s, 1, len, out);
		putc((i + 1) % t->ncol ? '\t' : '\n', out);
	}
}

static void
spaces(FILE *out, size_t n)
{
	while (n-- > 0)
		putc(' ', out);
}

/* A cell padded to its column: the spaces wait for text to follow them,
 * so that no line ends in spaces. */
static void
text_cell(FILE *out, const char *s, size_t len, size_t pad, int right,
    size_t *pending)
{
	if (right)
		*pending += pad;
	if (len > 0) {
		spaces(out, *pending);
		fwrite(s, 1, len, out);
		*pending = 0;
	}
	if (!right)
		*pending += pad;
}

/* Text titles take two lines: a title splits at its last space ("avg
 * order" over "value"); one without a space stands on the second. */
static const char *
title_part(const char *title, int line, size_t *len)
{
	const char *sp = strrchr(title, ' ');

	if (sp == NULL) {
		*len = line == 0 ? 0 : strlen(title);
		return title;
	}
	if (line == 0) {
		*len = (size_t)(sp - title);
		return title;
	}
	*len = strlen(sp + 1);
	return sp + 1;
}

/* Row r of the text (-2, -1: the two lines of titles) in columns of
 * widths w; the columns left out of text have width 0. */
static void
text_line(const texttable *t, long r, const size_t *w, FILE *out)
{
	const char *s;
	size_t j, len, pending = 0;
	int first = 1;

	for (j = 0; j < t->ncol; j++) {
		if (t->col[j].not_text)
			continue;
		if (r < 0)
			s = title_part(t->col[j].title, (int)(r + 2), &len);
		else
			s = cell(t, (size_t)r * t->ncol + j, &len);
		if (!first)
			pending += 2;
		first = 0;
		text_cell(out, s, len, w[j] - texttable_width(s, len),
		    is_num(t, j), &pending);
	}
	putc('\n', out);
}

static void
write_text(const texttable *t, FILE *out)
{
	size_t *w = rfm_xcalloc(t->ncol, sizeof *w), i, j, len, cw;
	const char *s;
	long r, top = -1;
	int line;

	for (j = 0; j < t->ncol; j++)
		for (line = 0; line < 2; line++) {
			s = title_part(t->col[j].title, line, &len);
			if ((cw = texttable_width(s, len)) > w[j])
				w[j] = cw;
			if (line == 0 && len > 0 && !t->col[j].not_text)
				top = -2;
		}
	for (i = 0; i < t->ncell; i++) {
		s = cell(t, i, &len);
		j = i % t->ncol;
		if ((cw = texttable_width(s, len)) > w[j])
			w[j] = cw;
	}
	for (r = top; r < (long)(t->ncell / t->ncol); r++)
		text_line(t, r, w, out);
	free(w);
}

static void
html_escaped(FILE *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			putc(s[i], out);
			break;
		}
	}
}

static void
html_cell(FILE *out, const char *tag, int num, const char *s, size_t len)
{
	fprintf(out, "<%s%s>", tag, num ? " class=\"num\"" : "");
	html_escaped(out, s, len);
	fprintf(out, "</%s>", tag);
}

static void
write_html(const texttable *t, FILE *out)
{
	const char *s;
	size_t i, j, len;

	fputs("<table class=\"", out);
	html_escaped(out, t->html_class, strlen(t->html_class));
	fputs("\">\n<thead>\n<tr>", out);
	for (j = 0; j < t->ncol; j++)
		html_cell(out, "th", is_num(t, j), t->col[j].title,
		    strlen(t->col[j].title));
	fputs("</tr>\n</thead>\n<tbody>\n", out);
	for (i = 0; i < t->ncell; i++) {
		j = i % t->ncol;
		if (j == 0)
			fputs("<tr>", out);
		s = cell(t, i, &len);
		html_cell(out, "td", is_num(t, j), s, len);
		if (j + 1 == t->ncol)
			fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

void
texttable_write(const texttable *t, FILE *out)
{
	if (t->format == TEXTTABLE_TEXT)
		write_text(t, out);
	else if (t->format == TEXTTABLE_HTML)
		write_html(t, out);
	else
		write_tsv(t, out);
}
