// Package runio writes the files of a run folder (docs/design.md "Runs and files") and the
// small pieces every notebook command shares: atomic file writes, the run manifest,
// the long-format metrics table, a progress line, and a context cancelled by SIGINT or
// SIGTERM.
//
// A run folder holds config.json (the resolved scenario), manifest.json (command,
// arguments, seed, configuration hash, git revision, Go and module versions, start and
// end time, whether the run completed), metrics.csv and the run's figures.
//
// The file rule. Every file is written by WriteFileAtomic or WriteAtomic: the bytes go
// to a temporary file in the destination's directory, which is synced and then renamed
// over the destination, so a reader sees either no file or the whole file, never a
// prefix. A file is written only once its content is final. A command that is
// interrupted therefore keeps every file it finished, writes nothing it has not
// finished, and always ends by writing manifest.json with complete=false and the
// error; results of an unfinished computation, when kept, go under a name that
// contains "incomplete" (e.g. metrics.incomplete.csv), never under the name a complete
// result would have (ReplicateFile). CreateFolder writes manifest.json first with
// complete=false and Folder.Close rewrites it last, so complete=true in it means every
// file it lists is final; a run into a folder that holds an earlier run deletes the
// files the earlier manifest lists first. With several replicates, per-replicate files
// go to replicate-RRR/ (ReplicateFile).
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
