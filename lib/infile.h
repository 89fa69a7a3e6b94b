/*
 * infile.h - opening the files a command reads.
 *
 * A command reads several kinds of file (its input, a scaler, a model),
 * and a path alone does not say which one failed: the messages name the
 * kind, as in "scaler file s.tsv: No such file or directory".
 */
#ifndef RFMKIT_INFILE_H
#define RFMKIT_INFILE_H

#include "err.h"

/*
 * Open path for reading; what says what it is ("scaler file").  Returns
 * the descriptor, or -1 with e filled: RFM_ENOINPUT when it cannot be
 * opened or is a directory.
 */
int infile_open(const char *path, const char *what, rfm_error *e);

/*
 * An input table: path, or the standard input for "-".  Sets *name to
 * what later messages call it ("<stdin>" for the standard input).
 */
int infile_input(const char *path, const char **name, rfm_error *e);

#endif
