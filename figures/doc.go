// Command figures redraws the lab's figures from the embedded default, the paper's toy
// (docs/theory.md §7: feature.Toy at N = feature.ToyBatchSize), into one folder:
//
//	go run ./figures [-out figures/out] [-formats png,svg,pdf] [-only tpm,targets] [-dpi 150] [-quick] [-list]
//
// Figures (registry.go; the drawing functions are in the importable package
// figures/plots, the computations in this command's fig_*.go builders):
//
//	tpm                  A, c1, c2 and ρ of the toy, annotated heatmaps              plots.PairStatistics
//	targets              T1·N, T2·N (α = 1, β = 0) and (T2 − T1)/T1 at N = 1000       plots.Targets
//	infonce-convergence  P·N by state pair over training: free logits, per-state
//	                     embeddings (d = 8), the MLP; T1·N and the level-2 optimum   plots.Convergence
//	sc-convergence       free-logit SC-InfoNCE on α − β = 1 reaching T2               plots.Convergence
//	sc-off-line          class cosines off the line: collapse (1, −0.2), spreading
//	                     (0.5, 0.2), with the R1/R2 predictions                       plots.Convergence
//	phase-diagram        the (α, β) plane: R1 line, R2 collapse, negative targets,
//	                     the reference code's benchmark settings                      plots.PhaseDiagram
//	batch-size           T1·N and T2(1, 0)·N against N with free-logit training;
//	                     exact enumeration: the O(1/N) gap of E[P] at log ρ to T1     plots.BatchSize
//	temperature          gap of the level-2 optimum to T1 and its cosines against τ   plots.Temperature
//	clustering           learned class-mean cosines: InfoNCE and SC at α = 0.5, 1, 2  plots.Clustering
//	monte-carlo          convergence of ĉ1 to c1 with the number of draws (C9)        plots.MonteCarlo
//
// The training runs use simulate.Replicates (replicate streams of one seed), so the
// figures are the same for any number of goroutines; the sizes (steps, seeds, grids)
// are the settings of settings.go, stated in each caption. -quick swaps in tiny
// settings that run every code path in about a second (a test runs it); its figures
// are not meaningful, and index.md says so. The batch-size figure's exact-enumeration
// column (feature/enumerate.GapTable at the settings' GapSizes, N = 2 … 512) is
// analytic and costs about 0.05 s; its caption computes the gaps it quotes.
//
// Each figure is written as NAME.FORMAT, and index.md shows the figures of the run with
// their captions. Every file is written to a temporary file in the same folder and then
// renamed, so an interrupted run never leaves a half-written file that looks complete.
// The same flags give byte-identical files on every run (plots package doc). One line
// per figure reports progress on stdout, after indented lines for its long
// computations:
//
//	      infonce, MLP 8→16→16→16: 5 × 600 steps in 8.0s (replicates × steps)
//	[3/10] infonce-convergence: infonce-convergence.png, … done in 16.3s
//
// A new figure is one registry entry: a name, a caption and a function from the
// command's inputs (inputs in registry.go) to a *plots.Figure. The computed figures
// keep what they draw apart from the drawing (scConvergence, batchSizeOptions,
// temperatureData, …), so that the tests check the drawn numbers themselves against
// closed forms and the optimum package (data_test.go), not only pixels.
package main
