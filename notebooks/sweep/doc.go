// Command sweep runs a grid of training runs over N, τ, the loss, α, β and seeds on a
// base scenario — or of another kind of cells: the reference experiment's (loss type,
// seed) runs, MNIST encoders' (loss, seed) — on all cores and, through shards, on many
// machines, and merges the shards' outputs (README.md; the core is package grid).
//
//	go run ./notebooks/sweep -N 16,64,256 -loss infonce -seeds 3 -out out
//	go run ./notebooks/sweep -grid grid.json -shard 0/4 -out out/shard-0
//	go run ./notebooks/sweep merge -out merged out/shard-0 out/shard-1 …
//
// Subcommands: run (the default) trains the cells of a grid, or of one shard of it,
// into a sweep folder and skips the cells already there; merge combines the folders of
// one sweep's shards and refuses folders of different sweeps; summary tabulates a
// folder, seeds aggregated (mean ± sample sd of the maximum relative gap |P − T|/|T|),
// and draws the gap over the (α, β) plane. Ctrl-C stops a run cleanly (finished cells
// kept, manifest complete=false). jobs/ holds the array-job files that run one shard
// per task: jobs/slurm.sbatch for Slurm (tested live by .ci/slurm-live) and
// jobs/k8s-job.yaml, a Kubernetes indexed Job (jobs_test.go runs both without a
// cluster).
package main
