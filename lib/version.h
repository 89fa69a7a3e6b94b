/* version.h - the package version, set by the Makefile. */
#ifndef RFMKIT_VERSION_H
#define RFMKIT_VERSION_H

#ifndef RFMKIT_VERSION
#define RFMKIT_VERSION "unknown"
#endif

#endif
