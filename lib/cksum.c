/*
 * cksum.c - the CRC of POSIX cksum(1), a bit at a time.
 *
 * The files it checks are small (a model of k = 4 is about a kilobyte),
 * so a table would buy nothing worth its 1 KB.
 */
#include "cksum.h"

#define CKSUM_POLY 0x04C11DB7u

static uint32_t
crc_byte(uint32_t crc, unsigned char b)
{
	int i;

	crc ^= (uint32_t)b << 24;
	for (i = 0; i < 8; i++)
		crc = crc & 0x80000000u ? (crc << 1) ^ CKSUM_POLY : crc << 1;
	return crc;
}

void
cksum_init(cksum *c)
{
	c->crc = 0;
	c->len = 0;
}

void
cksum_add(cksum *c, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		c->crc = crc_byte(c->crc, b[i]);
	c->len += n;
}

uint32_t
cksum_value(const cksum *c)
{
	uint32_t crc = c->crc;
	uint64_t n;

	/* The count follows the bytes, least significant byte first, in as
	 * few bytes as it needs (none for 0). */
	for (n = c->len; n != 0; n >>= 8)
		crc = crc_byte(crc, (unsigned char)(n & 0xff));
	return ~crc;
}
