/*
 * fuzz_model_file.c - reading a model file (model_read in lib/model.c,
 * over kv_read in lib/kvfile.c).
 *
 * The input is the file: written to a file of this process (see
 * fuzz_file in fuzz.h) and read with model_read.
 *
 * Asserted: model_read returns RFM_OK or RFM_EDATA with a message; a
 * model it accepts is sound (1 <= k <= 65535, at least one feature, names
 * non-empty and distinct, segment names pass model_name_ok, every centre,
 * tol and inertia finite, tol >= 0, n_init and max_iter >= 1); every
 * centre is its own nearest cluster (model_nearest gives it, or a lower id
 * with the same centre, at distance 0); and it survives a round trip:
 * model_write, then model_read of what was written, gives the same model,
 * every number bit for bit (but 0 and -0, which num_format writes alike
 * by design), and writing that again gives the same bytes.  A model that
 * carries a scaler has every feature among its outputs, and keeps it
 * through the round trip.
 *
 * Each input is read as it is and, when it has no cksum line, once more
 * with a matching one (fuzz_sealed), so that the parsing of version 2
 * lies open to the fuzzer behind the cksum.
 */
#define FUZZ_READ_IMPL
#include "fuzz.h"

#include <math.h>

#include "model.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s quoted and escaped for a message, in one of two buffers. */
static const char *
show(int i, const char *s)
{
	static char buf[2][4 * 60 + 8];

	return tsv_show(buf[i], s, strlen(s), 60);
}

static char *
write_model(const model *m, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL && model_write(f, m) == 0 && fclose(f) == 0,
	    "model_write failed");
	return buf;
}

static void
check_sound(const model *m)
{
	size_t i, j, near;
	double dist = -1, t;

	FUZZ_CHECK(m->k >= 1 && m->k <= 65535 && m->d >= 1, "k %zu, d %zu",
	    m->k, m->d);
	FUZZ_CHECK(isfinite(m->tol) && m->tol >= 0 && isfinite(m->inertia),
	    "tol %a, inertia %a", m->tol, m->inertia);
	FUZZ_CHECK(m->n_init >= 1 && m->max_iter >= 1 && m->iterations >= 0 &&
	    m->rows >= 0, "n_init %ld max_iter %ld iterations %ld rows %ld",
	    m->n_init, m->max_iter, m->iterations, m->rows);
	FUZZ_CHECK(m->algorithm != NULL && m->init != NULL, "strings");
	for (j = 0; j < m->d; j++) {
		FUZZ_CHECK(*m->features[j] != '\0', "feature %zu empty", j);
		for (i = 0; i < j; i++)
			FUZZ_CHECK(strcmp(m->features[i], m->features[j]) != 0,
			    "feature \"%s\" twice", m->features[j]);
	}
	/* a scaler it carries makes every feature */
	for (j = 0; m->scaler != NULL && j < m->d; j++)
		FUZZ_CHECK(scaler_output(m->scaler, m->features[j]) >= 0,
		    "feature %s is no output of the model's scaler",
		    show(0, m->features[j]));
	for (i = 0; i < m->k; i++) {
		FUZZ_CHECK(m->names[i] != NULL && model_name_ok(m->names[i]),
		    "cluster %zu: name", i);
		for (j = 0; j < m->d; j++)
			FUZZ_CHECK(isfinite(m->centres[i * m->d + j]),
			    "cluster %zu: centre %a", i,
			    m->centres[i * m->d + j]);
		/*
		 * A centre is nearest to itself or, on a tie at distance 0,
		 * to an earlier cluster whose centre it cannot be told from:
		 * in every coordinate the same value (0 and -0 are the same)
		 * or a difference whose square is 0 in doubles.
		 */
		near = model_nearest(m, m->centres + i * m->d, &dist);
		FUZZ_CHECK(near <= i && dist == 0,
		    "the centre of cluster %zu is nearest to %zu (at %g)", i,
		    near, dist);
		for (j = 0; j < m->d; j++) {
			t = m->centres[near * m->d + j] -
			    m->centres[i * m->d + j];
			FUZZ_CHECK(t * t == 0, "the centre of cluster %zu is "
			    "nearest to %zu, %a away in coordinate %zu", i,
			    near, t, j);
		}
	}
}

static void
check_same(const model *a, const model *b)
{
	char why[512];
	size_t i;

	FUZZ_CHECK(a->d == b->d && a->k == b->k && a->seed == b->seed &&
	    a->n_init == b->n_init && a->max_iter == b->max_iter &&
	    a->iterations == b->iterations && a->rows == b->rows &&
	    a->converged == b->converged, "a scalar changed");
	FUZZ_CHECK(fuzz_same_double(a->tol, b->tol) &&
	    fuzz_same_double(a->inertia, b->inertia), "tol %a -> %a, "
	    "inertia %a -> %a", a->tol, b->tol, a->inertia, b->inertia);
	FUZZ_CHECK(strcmp(a->algorithm, b->algorithm) == 0, "algorithm %s "
	    "-> %s", show(0, a->algorithm), show(1, b->algorithm));
	FUZZ_CHECK(strcmp(a->init, b->init) == 0, "init %s -> %s",
	    show(0, a->init), show(1, b->init));
	FUZZ_CHECK((a->scaler == NULL) == (b->scaler == NULL) &&
	    (a->scaler == NULL || !scaler_differs(a->scaler, "a", b->scaler,
	    "b", why, sizeof why)), "the scaler changed: %s",
	    a->scaler == NULL || b->scaler == NULL ? "one is missing" : why);
	for (i = 0; i < a->d; i++)
		FUZZ_CHECK(strcmp(a->features[i], b->features[i]) == 0,
		    "feature %zu: %s -> %s", i, show(0, a->features[i]),
		    show(1, b->features[i]));
	for (i = 0; i < a->k; i++)
		FUZZ_CHECK(strcmp(a->names[i], b->names[i]) == 0 &&
		    a->sizes[i] == b->sizes[i], "cluster %zu: %s (%zu) -> "
		    "%s (%zu)", i, show(0, a->names[i]), a->sizes[i],
		    show(1, b->names[i]), b->sizes[i]);
	for (i = 0; i < a->k * a->d; i++)
		FUZZ_CHECK(fuzz_same_double(a->centres[i], b->centres[i]),
		    "centre value %zu: %a -> %a", i, a->centres[i],
		    b->centres[i]);
}

/* One file: read, checked, written and read again. */
static int
one(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(0, "model", data, size), *path2;
	model m, m2;
	rfm_error e;
	char *out, *out2;
	size_t len, len2;
	int rc;

	memset(&e, 0, sizeof e);
	rc = model_read(path, &m, &e);
	FUZZ_CHECK(rc == RFM_OK || (rc == RFM_EDATA && e.msg[0] != '\0'),
	    "model_read gave %d: %s", rc, e.msg);
	if (rc != RFM_OK) {
		FUZZ_CHECK(m.k == 0 && m.d == 0 && m.centres == NULL,
		    "a failed read left a model");
		return 0;
	}
	check_sound(&m);
	out = write_model(&m, &len);
	path2 = fuzz_file(1, "model", out, len);
	rc = model_read(path2, &m2, &e);
	FUZZ_CHECK(rc == RFM_OK, "model_read of model_write's file: %s\n"
	    "---\n%s---", e.msg, out);
	check_same(&m, &m2);
	out2 = write_model(&m2, &len2);
	FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0,
	    "the second write differs:\n%s---\n%s", out, out2);
	free(out);
	free(out2);
	model_free(&m);
	model_free(&m2);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_as_is_and_sealed(one, data, size);
	return 0;
}
