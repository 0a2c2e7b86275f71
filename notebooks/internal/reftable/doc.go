// Package reftable is the loss-type table of the reference experiment (docs/theory.md
// §7; simulate/graphtoy), shared by the notebooks that compute it: `notebooks/reference
// -table` runs every (loss type, seed) in one process, and the sweep's reference cells
// (notebooks/sweep/grid) run them one cell each, sharded, resumable and merged. Both
// train a run with Train and tabulate the runs with Markdown, so a cell's numbers are
// the table's, bit for bit.
//
// Train runs Epochs+1 epochs (the reference's quirk) and returns the final monitor:
// the metric M_ab (softmax entries over N test sources, O(1/N)) and the class cosines.
// Markdown tabulates, per loss type, the mean ± standard error over seeds of
//
//	max_ab |M_ab − T_ab| / T_ab
//
// against T1 = c1/(c1 + (N−1)c2) and against the derived target R of what the monitor
// measures at T1's logits (feature.Space.ReferenceMonitorTarget), the mean
// off-diagonal class cosine, and the mean over seeds of diag(M)·N.
package reftable
