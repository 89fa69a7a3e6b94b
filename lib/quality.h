/*
 * quality.h - how good a clustering is, as scikit-learn scores it.
 *
 * silhouette: the mean over points of (b - a) / max(a, b), a the mean
 * distance to the other points of its cluster, b the least mean distance
 * to the points of another cluster (0 for a point alone in its cluster);
 * exact, or over a seeded uniform sample of points.  Calinski-Harabasz:
 * between-cluster over within-cluster dispersion, times (n - k)/(k - 1).
 * Davies-Bouldin: the mean over clusters of the largest (s_i + s_j) /
 * d_ij, s the mean distance to the centroid, d between centroids.  All
 * three need at least two clusters.
 */
#ifndef RFMKIT_QUALITY_H
#define RFMKIT_QUALITY_H

#include <stddef.h>
#include <stdint.h>

/* sample 0 or >= n: every point. */
double q_silhouette(const double *x, size_t n, size_t d, const uint16_t *lab,
    size_t k, size_t sample, uint64_t seed, int nthreads);
double q_calinski_harabasz(const double *x, size_t n, size_t d,
    const uint16_t *lab, size_t k);
double q_davies_bouldin(const double *x, size_t n, size_t d,
    const uint16_t *lab, size_t k);

#endif
