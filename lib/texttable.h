/*
 * texttable.h - a small table written as TSV for a program, as aligned
 * text for a person, or as an HTML table for a page: segment-predict's
 * summary and migration table (--format).
 *
 * Cells are added row by row, left to right.  Each column has a TSV
 * name, a title for people and a kind, which says how its numbers are
 * written and how it is aligned.  In TSV a number is written in its
 * shortest round-trip form (num.h) and a count as an integer, as every
 * rfmkit table has them.  In text and HTML, money has two decimals, a
 * share is a percentage with one ("13.1%"), a mean or median one
 * decimal and a count none: each rounded half away from zero from the
 * shortest form, the decimal the TSV shows (0.9995 is "100.0%", where
 * the double below 0.9995 would round down), without the locale.  An
 * empty cell (no value) stays empty in every format.
 *
 * Text, for a terminal: the columns not marked not_text; their titles
 * on two lines, each split at its last space ("recency" over "median"),
 * or one when no title has a space; then a line per row; columns two
 * spaces apart, text left-aligned and numbers right-aligned, widths
 * counted in UTF-8 code points; no line ends in spaces.  HTML: one
 * <table> with the class given, a <thead> row of <th> and a <tbody>
 * row of <td> per row, the cells of number columns with class="num",
 * every text escaped (& < > " ').
 */
#ifndef RFMKIT_TEXTTABLE_H
#define RFMKIT_TEXTTABLE_H

#include <stddef.h>
#include <stdio.h>

/* The formats, in the order of texttable_formats. */
enum {
	TEXTTABLE_TSV,
	TEXTTABLE_TEXT,
	TEXTTABLE_HTML,
	TEXTTABLE_NFORMATS
};

/* Their names: "tsv", "text", "html". */
extern const char *const texttable_formats[TEXTTABLE_NFORMATS];

/* The kinds of column. */
enum {
	TT_TEXT,    /* text, left-aligned */
	TT_COUNT,   /* a whole number */
	TT_ONE,     /* a number to one decimal */
	TT_MONEY,   /* money, to cents */
	TT_SHARE    /* a fraction, as a percentage to 0.1% */
};

typedef struct texttable_col {
	const char *name;        /* the TSV header */
	const char *title;       /* the header of text and HTML */
	int kind;
	int not_text;            /* left out of the text format */
} texttable_col;

typedef struct texttable {
	int format;
	const char *html_class;
	const texttable_col *col;
	size_t ncol;
	char *buf;               /* the cells, each NUL-terminated */
	size_t len, cap;
	size_t *off;             /* cell i starts at buf + off[i] */
	size_t ncell, offcap;
} texttable;

void texttable_init(texttable *t, int format, const texttable_col *col,
    size_t ncol, const char *html_class);
void texttable_free(texttable *t);

/* The next cell: text s[0..len), a number of the column's kind, a
 * count, or no value. */
void texttable_text(texttable *t, const char *s, size_t len);
void texttable_num(texttable *t, double x);
void texttable_count(texttable *t, size_t n);
void texttable_empty(texttable *t);

/* Write the table, its header first, in its format.  The rows must be
 * complete. */
void texttable_write(const texttable *t, FILE *out);

/* Longest text texttable_fixed writes, with its NUL. */
#define TEXTTABLE_NUMSZ 330

/*
 * x times 10^shift, rounded half away from zero to prec decimals from
 * its shortest form (shift and prec from 0 to 4), into buf
 * (TEXTTABLE_NUMSZ bytes): "344.66" for 344.66499999999996 (2 decimals),
 * "100.0" for 0.9995 (shift 2, 1 decimal), never "-0.00".  Not a
 * finite number: as num_format writes it.  Returns the length.
 */
size_t texttable_fixed(char *buf, double x, int shift, int prec);

/* Code points in the UTF-8 text s[0..len) (bytes that begin one). */
size_t texttable_width(const char *s, size_t len);

#endif
