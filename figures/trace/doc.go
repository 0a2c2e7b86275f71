// Package trace reduces the records of training replicates to what the lab's figures
// draw: per state pair, at each recorded step, the mean, minimum and maximum over
// replicates of a symmetrised matrix entry. It is the one reducer of the figures of
// figures/ and of the notebooks (notebooks/internal/studyplots), with one NaN rule.
//
// The symmetrised value of a matrix a at the unordered pair {i, j} is
//
//	s_ij(a) = (a_ij + a_ji)/2,
//
// since a per-batch mean by ordered pair (anchor state i, positive state j) estimates a
// symmetric quantity twice (docs/theory.md §6). The NaN rule: a NaN entry is a pair that
// no anchor had in the batch, not a number to average. So s_ij(a) is whichever of a_ij
// and a_ji is a number when only one is, and NaN when neither is (Symmetric); a mean,
// minimum and maximum over replicates skip the NaN values (Spread, Mean); a step at which
// no replicate has a number for a pair is left out of that pair's trace (Pairs). A
// missing measurement (a nil matrix) is an error, not a NaN.
package trace
