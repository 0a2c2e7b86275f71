// Command reference runs the paper's own synthetic experiment the way the reference code
// does (docs/theory.md §7; package simulate/graphtoy): a GIN on random graphs whose state
// moves by the TPM, one of the reference's eight losses (-loss-type 0–7), the reference's
// schedule quirk (or -corrected), and its monitors every -log-every epochs.
//
// It writes a run folder: out_0.log (the reference's CSV: header epoch,m00,…,m22, then
// per logged epoch the probability row and the cosine row), metrics.csv (long format:
// loss, lr, metric_fn, class_cosine by epoch), summary.md (the final metric × N beside
// the printed target c1/(c1 + (N−1)c2), the SC target, the derived target of what the
// monitor measures, and the level-2 optimum) and manifest.json. See README.md.
package main
