/*
 * migrate.c - the previous file, read once; the current rows, matched
 * as they stream past; the migration table.
 */
#include "migrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csum.h"
#include "texttable.h"
#include "tsv.h"

#define MATCHED 0x80000000u

static const char *const reserved[2] = { MIGRATE_NEW, MIGRATE_GONE };

static int
is_reserved(const char *s, size_t len)
{
	int i;

	for (i = 0; i < 2; i++)
		if (strlen(reserved[i]) == len && memcmp(s, reserved[i], len) ==
		    0)
			return 1;
	return 0;
}

/* The model's names take the first slots, so that a previous file of
 * the same model needs no other. */
static int
model_slots(migrate *mg, char *const *names, size_t k, rfm_error *e)
{
	size_t c;
	int added;

	mg->cluster_slot = rfm_xmalloc(k * sizeof *mg->cluster_slot);
	for (c = 0; c < k; c++) {
		if (is_reserved(names[c], strlen(names[c])))
			return rfm_fail(e, RFM_EDATA, NULL, 0, NULL, "the model "
			    "names cluster %zu \"%s\", which the migration "
			    "table uses for customers absent from one run",
			    c, names[c]);
		mg->cluster_slot[c] = strmap_intern(&mg->names, names[c],
		    strlen(names[c]), &added);
	}
	mg->nmodel = strmap_count(&mg->names);
	return RFM_OK;
}

/* Find the columns: "segment" required, "monetary" when wanted and
 * there (each once). */
static int
columns(const tsv_reader *r, int want_money, long *seg, long *money,
    rfm_error *e)
{
	static const char *const both[2] = { "segment", "monetary" };
	size_t n = want_money && tsv_column(r, "monetary") > 0 ? 2 : 1;
	long idx[2];
	int rc;

	if ((rc = tsv_columns(r, both, n, idx, e)) != RFM_OK)
		return rc;
	*seg = idx[0];
	*money = n == 2 ? idx[1] : -1;
	return RFM_OK;
}

/* The slot of a segment name: a few names repeat on every row, so they
 * are compared in turn before the name is hashed (hashing it was a
 * tenth of the time of reading a previous file). */
static uint32_t
name_slot(migrate *mg, const char *name, size_t len)
{
	size_t i, n = strmap_count(&mg->names), klen;
	const char *k;
	int added;

	for (i = 0; i < n && i < 16; i++) {
		k = strmap_key(&mg->names, (uint32_t)i, &klen);
		if (klen == len && memcmp(k, name, len) == 0)
			return (uint32_t)i;
	}
	return strmap_intern(&mg->names, name, len, &added);
}

/* Rows whose mean length sizes the table of customers. */
#define SAMPLE_ROWS 256

static int
read_rows(migrate *mg, tsv_reader *r, off_t size, long seg, long money,
    rfm_error *e)
{
	char show[4 * 40 + 8];
	const tsv_field *key, *name;
	size_t cap = 0, n, len, sampled = 0;
	uint32_t id, s;
	double v;
	int got, added;

	while ((got = tsv_next(r, e)) > 0) {
		key = &r->f[0];
		name = &r->f[seg];
		/*
		 * A file's size over its mean row length is about its
		 * customers: the table made that large at once is not
		 * rebuilt a score of times as it grows (a third of the
		 * time of reading a million customers).
		 */
		if (size > 0 && r->line <= SAMPLE_ROWS + 1) {
			tsv_row_text(r, &len);
			sampled += len + 1;
			if (r->line == SAMPLE_ROWS + 1)
				strmap_reserve(&mg->keys, (size_t)size /
				    (sampled / SAMPLE_ROWS));
		}
		id = strmap_intern(&mg->keys, key->p, key->len, &added);
		/* Rows before this one were distinct customers, one a line
		 * from line 2: customer id sits on line id + 2. */
		if (!added)
			return rfm_fail(e, RFM_EDATA, r->name, r->line, NULL,
			    "customer %s appears twice (lines %lu and %ld): "
			    "the previous file has one row a customer",
			    tsv_show(show, key->p, key->len, 40),
			    (unsigned long)id + 2, r->line);
		if (name->len == 0)
			return rfm_fail(e, RFM_EDATA, r->name, r->line,
			    "segment", "empty (customer %s)",
			    tsv_show(show, key->p, key->len, 40));
		if (is_reserved(name->p, name->len))
			return rfm_fail(e, RFM_EDATA, r->name, r->line,
			    "segment", "%s is what the migration table calls a "
			    "customer absent from one run, not a segment",
			    tsv_show(show, name->p, name->len, 40));
		s = name_slot(mg, name->p, name->len);
		if (id >= cap) {
			cap = cap ? cap * 2 : 4096;
			mg->slot = rfm_xrealloc(mg->slot, cap * sizeof *mg->slot);
			if (money >= 0)
				mg->money = rfm_xrealloc(mg->money,
				    cap * sizeof *mg->money);
		}
		mg->slot[id] = s;
		if (money >= 0) {
			if (tsv_number(r, money, &v, e) != RFM_OK)
				return e->code;
			mg->money[id] = v;
		}
	}
	if (got < 0)
		return e->code;
	n = strmap_count(&mg->names);
	mg->old_count = rfm_xcalloc(n, sizeof *mg->old_count);
	for (id = 0; id < strmap_count(&mg->keys); id++)
		mg->old_count[mg->slot[id]]++;
	return RFM_OK;
}

int
migrate_read(migrate *mg, int fd, const char *path, char *const *names,
    size_t k, int want_money, rfm_error *e)
{
	char msg[sizeof e->msg];
	struct stat st;
	tsv_reader r;
	long seg, money;
	size_t n, i, len;
	const char *s;
	int rc;

	memset(mg, 0, sizeof *mg);
	mg->path = path;
	strmap_init(&mg->keys);
	strmap_init(&mg->names);
	if ((rc = model_slots(mg, names, k, e)) != RFM_OK)
		return rc;
	if ((rc = tsv_open(&r, fd, path, e)) != RFM_OK)
		return rc;
	if ((rc = columns(&r, want_money, &seg, &money, e)) != RFM_OK) {
		memcpy(msg, e->msg, sizeof msg);
		rfm_fail(e, rc, NULL, 0, NULL, "the previous file needs a "
		    "\"segment\" column: %s", msg);
		tsv_close(&r);
		return rc;
	}
	mg->has_money = money >= 0;
	rc = read_rows(mg, &r, fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ?
	    st.st_size : 0, seg, money, e);
	tsv_close(&r);
	if (rc != RFM_OK)
		return rc;
	n = strmap_count(&mg->names);
	mg->name = rfm_xmalloc(n * sizeof *mg->name);
	for (i = 0; i < n; i++) {
		s = strmap_key(&mg->names, (uint32_t)i, &len);
		mg->name[i] = rfm_xmalloc(len + 1);
		memcpy(mg->name[i], s, len);
		mg->name[i][len] = '\0';
	}
	mg->cell = rfm_xcalloc((n + 1) * (mg->nmodel + 1), sizeof *mg->cell);
	return RFM_OK;
}

void
migrate_free(migrate *mg)
{
	size_t i;

	for (i = 0; mg->name != NULL && i < strmap_count(&mg->names); i++)
		free(mg->name[i]);
	free(mg->name);
	strmap_free(&mg->keys);
	strmap_free(&mg->names);
	free(mg->slot);
	free(mg->money);
	free(mg->cluster_slot);
	free(mg->old_count);
	free(mg->cell);
	memset(mg, 0, sizeof *mg);
}

size_t
migrate_customers(const migrate *mg)
{
	return strmap_count(&mg->keys);
}

/* Slots only the previous file has, bytewise sorted. */
static const migrate *sort_mg;

static int
cmp_slot(const void *a, const void *b)
{
	size_t la, lb;
	const char *x = strmap_key(&sort_mg->names, *(const uint32_t *)a, &la);
	const char *y = strmap_key(&sort_mg->names, *(const uint32_t *)b, &lb);
	int c = memcmp(x, y, la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

static uint32_t *
slot_order(const migrate *mg, size_t *n)
{
	uint32_t *order;
	size_t i;

	*n = strmap_count(&mg->names);
	order = rfm_xmalloc((*n + 1) * sizeof *order);
	for (i = 0; i < *n; i++)
		order[i] = (uint32_t)i;
	sort_mg = mg;
	qsort(order + mg->nmodel, *n - mg->nmodel, sizeof *order, cmp_slot);
	sort_mg = NULL;
	return order;
}

size_t
migrate_unmatched(const migrate *mg, int old, char *buf, size_t size)
{
	char shown[4 * 40 + 8];
	size_t i, n, len, count = 0, at = 0, from, to;
	uint32_t *order = slot_order(mg, &n);
	const char *s;
	int w;

	buf[0] = '\0';
	from = old ? mg->nmodel : 0;
	to = old ? n : mg->nmodel;
	for (i = from; i < to; i++) {
		if (!old && mg->old_count[order[i]] > 0)
			continue;
		s = strmap_key(&mg->names, order[i], &len);
		if (at < size) {
			w = snprintf(buf + at, size - at, "%s%s", count ? ", " :
			    "", tsv_show(shown, s, len, 40));
			at += w < 0 ? 0 : (size_t)w;
		}
		count++;
	}
	free(order);
	return count;
}

int
migrate_row(migrate *mg, const tsv_reader *r, size_t cluster,
    const double *money, uint32_t *prev, rfm_error *e)
{
	char show[4 * 40 + 8];
	const tsv_field *key = &r->f[0];
	const char *k;
	migrate_cell *c;
	size_t row, klen;
	int64_t id = -1;

	/*
	 * Two runs over the same customers list them in the same order
	 * (rfm-extract sorts its rows, segment-predict keeps them), so the
	 * customer after the last one matched is tried first: a row then
	 * costs a comparison, where a lookup in a table of a million keys
	 * missed the cache and took half the time of the run.
	 */
	if (mg->next < strmap_count(&mg->keys)) {
		k = strmap_key(&mg->keys, (uint32_t)mg->next, &klen);
		if (klen == key->len && memcmp(k, key->p, klen) == 0)
			id = (int64_t)mg->next;
	}
	if (id < 0)
		id = strmap_find(&mg->keys, key->p, key->len);
	if (id >= 0)
		mg->next = (size_t)id + 1;

	if (id < 0) {
		*prev = MIGRATE_NONE;
		row = strmap_count(&mg->names);
	} else {
		if (mg->slot[id] & MATCHED)
			return rfm_fail(e, RFM_EDATA, r->name, r->line, NULL,
			    "customer %s appears twice in the input: a "
			    "customer of the previous file %s is matched once",
			    tsv_show(show, key->p, key->len, 40), mg->path);
		*prev = mg->slot[id];
		mg->slot[id] |= MATCHED;
		row = *prev;
	}
	c = &mg->cell[row * (mg->nmodel + 1) + mg->cluster_slot[cluster]];
	c->customers++;
	if (money != NULL)
		csum_kahan(&c->money, &c->money_c, *money);
	if (id >= 0 && mg->has_money)
		csum_kahan(&c->prev, &c->prev_c, mg->money[id]);
	return RFM_OK;
}

/* The columns: the TSV's names, the titles of text and HTML. */
static const texttable_col table_cols[] = {
	{ "previous_segment", "previous segment", TT_TEXT, 0 },
	{ "segment", "segment", TT_TEXT, 0 },
	{ "customers", "customers", TT_COUNT, 0 },
	{ "monetary", "monetary", TT_MONEY, 0 },
	{ "previous_monetary", "previous monetary", TT_MONEY, 0 }
};

/* A sum, or an empty field when the side has no value. */
static void
put_sum(texttable *t, int have, double v)
{
	if (have)
		texttable_num(t, v);
	else
		texttable_empty(t);
}

/* The name of slot s, or what stands for no slot. */
static void
put_name(texttable *t, const migrate *mg, uint32_t s, uint32_t none,
    const char *what)
{
	const char *name;
	size_t len;

	if (s == none) {
		texttable_text(t, what, strlen(what));
	} else {
		name = strmap_key(&mg->names, s, &len);
		texttable_text(t, name, len);
	}
}

/* The customers not met are gone, in the file's order: 0, or -1 when
 * a sum overflows. */
static int
count_gone(migrate *mg)
{
	size_t n = strmap_count(&mg->names), i, cols = mg->nmodel + 1;
	uint32_t id, s;
	migrate_cell *c;

	for (id = 0; id < strmap_count(&mg->keys); id++) {
		if (mg->slot[id] & MATCHED)
			continue;
		s = mg->slot[id];
		c = &mg->cell[s * cols + mg->nmodel];
		c->customers++;
		if (mg->has_money)
			csum_kahan(&c->prev, &c->prev_c, mg->money[id]);
		mg->slot[id] |= MATCHED;   /* written once, however called */
	}
	for (i = 0; i < (n + 1) * cols; i++)
		if (!isfinite(mg->cell[i].money) || !isfinite(mg->cell[i].prev))
			return -1;
	return 0;
}

int
migrate_write(migrate *mg, int format, FILE *out)
{
	size_t n, i, j, cols = mg->nmodel + 1;
	uint32_t *order;
	migrate_cell *c;
	texttable t;

	if (count_gone(mg) != 0)
		return -1;
	order = slot_order(mg, &n);
	order[n] = (uint32_t)n;   /* (new) last */
	texttable_init(&t, format, table_cols, sizeof table_cols / sizeof
	    table_cols[0], "rfmkit-migration");
	for (i = 0; i <= n; i++) {
		for (j = 0; j < cols; j++) {
			if (i == n && j == mg->nmodel)
				continue;   /* neither before nor now */
			c = &mg->cell[order[i] * cols + j];
			put_name(&t, mg, order[i], (uint32_t)n, MIGRATE_NEW);
			put_name(&t, mg, (uint32_t)j, (uint32_t)mg->nmodel,
			    MIGRATE_GONE);
			texttable_count(&t, c->customers);
			put_sum(&t, j != mg->nmodel, c->money);
			put_sum(&t, i != n && mg->has_money, c->prev);
		}
	}
	texttable_write(&t, out);
	texttable_free(&t);
	free(order);
	return 0;
}
