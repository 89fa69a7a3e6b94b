/*
 * cksum.h - the checksum of POSIX cksum(1): a CRC-32 (polynomial
 * 0x04C11DB7, most significant bit first) over the bytes and then their
 * count, complemented.
 *
 * The scaler and model files carry it (see rfmkit-files(5)) so that a damaged
 * file is refused, and so that anyone can compute it again with the
 * standard cksum command.
 */
#ifndef RFMKIT_CKSUM_H
#define RFMKIT_CKSUM_H

#include <stddef.h>
#include <stdint.h>

typedef struct cksum {
	uint32_t crc;       /* the CRC of the bytes so far */
	uint64_t len;       /* their count */
} cksum;

void cksum_init(cksum *c);
void cksum_add(cksum *c, const void *p, size_t n);

/* The value cksum(1) prints for the bytes added (the count is its other
 * number, c->len). */
uint32_t cksum_value(const cksum *c);

#endif
