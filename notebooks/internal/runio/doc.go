// Package runio holds what the notebook commands share around a run: the writers of
// simulate's results into a run folder (Folder, RecordRows) and their reader
// (ReadResult), the -max-mem and -steps rules (Limits, ConfigOf, OverrideSteps), the
// figure-format list (ParseFormats), a progress line (Progress, TrainingCallback) and
// the commands a README documents (ReadmeCommands, for tests).
//
// The folder itself (atomic writes with a directory sync, the manifest, the ownership
// rule, the long-format metrics table and the per-replicate file names) belongs to
// internal/runfolder, the one run-folder package of every notebook and of figures; the
// study figures are notebooks/internal/studyplots, the reduction of records to traces
// figures/trace.
//
// RecordRows flattens a simulate.Result into rows of runfolder's metrics table: per
// recorded step (the value before that step's update) loss, lr, pair_prob (i, j),
// logits (i, j; free-logit model), metric_fn, conver_target, class_cosine (i, j),
// spread (i), effective_rank; the evaluation of the trained model as eval_pair_prob,
// eval_metric_fn, eval_conver_target, eval_class_cosine, eval_spread and
// eval_effective_rank at step = last recorded step + 1 (the number of updates made);
// and the mean-field target as target (i, j) at step −1.
package runio
