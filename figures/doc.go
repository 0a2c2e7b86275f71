// Command figures redraws the lab's figures from the embedded default, the paper's toy
// (theory.md §7: feature.Toy at N = feature.ToyBatchSize), into one folder:
//
//	go run ./figures [-out figures/out] [-formats png,svg,pdf] [-only tpm,targets] [-dpi 150] [-list]
//
// Figures (registry.go; the drawing functions are in the importable package
// figures/plots):
//
//	tpm       A, c1, c2 and ρ of the toy, annotated heatmaps            plots.PairStatistics
//	targets   T1·N, T2·N (α = 1, β = 0) and (T2 − T1)/T1 at N = 1000     plots.Targets
//
// Each figure is written as NAME.FORMAT, and index.md shows the figures of the run with
// their captions. Every file is written to a temporary file in the same folder and then
// renamed, so an interrupted run never leaves a half-written file that looks complete.
// The same flags give byte-identical files on every run (plots package doc). One line
// per figure reports progress on stdout:
//
//	[1/2] tpm: tpm.png, tpm.svg, tpm.pdf done in 0.1s
//
// A new figure is one registry entry: a name, a caption and a function from the
// command's inputs (inputs in registry.go) to a *plots.Figure.
package main
