// Package runio writes the files of a run folder (docs/design.md "Runs and files") and the
// small pieces every notebook command shares: the long-format metrics table, a
// progress line, and a context cancelled by SIGINT or SIGTERM.
//
// A run folder holds config.json (the resolved scenario), manifest.json (command,
// arguments, seed, configuration hash, git revision, Go and module versions, start and
// end time, whether the run completed), metrics.csv and the run's figures.
//
// The folder itself (atomic writes, the manifest with its checksums, which folders a
// command may write into and which files it may remove) belongs to internal/runfolder;
// Folder adds the writers of simulate's results and figures. Results of an unfinished
// computation, when kept, go under a name that contains "incomplete" (e.g.
// metrics.incomplete.csv), never under the name a complete result would have
// (ReplicateFile). With several replicates, per-replicate files go to replicate-RRR/.
//
// The metrics table (WriteMetricsCSV) is long format, one value per row:
//
//	step,metric,i,j,value
//
// with i = j = −1 for a scalar and j = −1 for a per-state vector. RecordRows flattens a
// simulate.Result into rows: per recorded step (the value before that step's update)
// loss, lr, pair_prob (i, j), logits (i, j; free-logit model), metric_fn, conver_target,
// class_cosine (i, j), spread (i), effective_rank; the evaluation of the trained model
// as eval_pair_prob, eval_metric_fn, eval_conver_target, eval_class_cosine, eval_spread
// and eval_effective_rank at step = last recorded step + 1 (the number of updates
// made); and the mean-field target as target (i, j) at step −1. Values are printed in
// the shortest form that reads back exactly (strconv 'g', −1); NaN is "NaN".
package runio
