/*
 * tsv.c - escaped keys and round-trip numbers on TSV output.
 */
#include "tsv.h"

#include <string.h>

#include "num.h"

void
tsv_put_key(FILE *out, const char *key, size_t len)
{
	const char *p = key, *e = key + len, *q;

	while (p < e) {
		for (q = p; q < e && *q != '\t' && *q != '\n' && *q != '\r' &&
		    *q != '\\'; q++)
			;
		if (q > p)
			fwrite(p, 1, (size_t)(q - p), out);
		if (q == e)
			break;
		putc('\\', out);
		putc(*q == '\t' ? 't' : *q == '\n' ? 'n' : *q == '\r' ? 'r' :
		    '\\', out);
		p = q + 1;
	}
}

void
tsv_put_num(FILE *out, double x)
{
	char buf[NUM_BUFSZ];
	size_t n = num_format(buf, x);

	fwrite(buf, 1, n, out);
}

const char *
tsv_show(char *buf, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	char *o = buf;
	size_t i;
	unsigned char c;

	*o++ = '"';
	for (i = 0; i < len && i < max; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	if (len > max) {
		memcpy(o, "...", 3);
		o += 3;
	}
	*o = '\0';
	return buf;
}

void
tsv_join(char *buf, size_t size, char *const *names, size_t n, int show)
{
	char shown[4 * 40 + 8];
	size_t i, at = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < n && at < size; i++) {
		w = snprintf(buf + at, size - at, "%s%s", i ? ", " : "",
		    show ? tsv_show(shown, names[i], strlen(names[i]), 40) :
		    names[i]);
		at += w < 0 ? 0 : (size_t)w;
	}
}
