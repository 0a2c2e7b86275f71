package main

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// clusterRuns are the losses of the clustering figure: InfoNCE and SC-InfoNCE on the
// attainable line at three scales α (β = α − 1), where T2_ij(N−1) = α(ρ_ij − 1) + 1 up
// to O(1/N): α scales how strongly the pairs' similarities follow ρ.
var clusterRuns = []struct {
	loss        string
	alpha, beta float64
}{
	{loss.InfoNCE, 1, 0},
	{loss.SCInfoNCE, 0.5, -0.5},
	{loss.SCInfoNCE, 1, 0},
	{loss.SCInfoNCE, 2, 1},
}

// buildClustering draws the clustering figure (clusteringPanels).
func buildClustering(in inputs) (*plots.Figure, error) {
	panels, opt, err := clusteringPanels(in)
	if err != nil {
		return nil, err
	}
	return plots.Clustering(panels, opt)
}

// clusteringPanels returns the panels of the clustering figure: the class-mean cosines
// learned by per-state embeddings and the unit-embedding optimum of each loss.
func clusteringPanels(in inputs) ([]plots.ClusterPanel, plots.ClusterOptions, error) {
	s := in.Space
	var panels []plots.ClusterPanel
	for _, run := range clusterRuns {
		title := "InfoNCE"
		if run.loss == loss.SCInfoNCE {
			title = "SC: α = " + num(run.alpha) + ", β = " + num(run.beta)
		}
		cfg := in.embeddingConfig(run.loss, run.alpha, run.beta, in.Set.ClusterSteps, "warmup-cosine")
		res, err := in.train(run.loss+", embeddings, "+title, cfg, in.Set.ClusterSeeds)
		if err != nil {
			return nil, plots.ClusterOptions{}, err
		}
		learned, err := meanClassCosine(res)
		if err != nil {
			return nil, plots.ClusterOptions{}, fmt.Errorf("%s: %w", title, err)
		}
		o := optimum.Options{Dim: in.Set.Dim, Tau: cfg.Params.Tau, N: in.N, Seed: in.Set.Seed}
		var opt *optimum.Result
		if run.loss == loss.InfoNCE {
			opt, err = optimum.InfoNCE(s, o)
		} else {
			opt, err = optimum.SC(s, run.alpha, run.beta, o)
		}
		if err != nil {
			return nil, plots.ClusterOptions{}, fmt.Errorf("%s: optimum: %w", title, err)
		}
		panels = append(panels, plots.ClusterPanel{Title: title, Learned: learned, Optimum: opt.Cosine})
	}
	return panels, plots.ClusterOptions{
		Title: "Learned clustering: class-mean cosines of per-state embeddings",
		Subtitle: fmt.Sprintf("d = %d, N = %d, τ = 1, Adam lr %g, warm-up then cosine, %d steps, mean over %d seeds; "+
			"second row: learned minus the unit-embedding optimum of the same loss", in.Set.Dim, in.N, embeddingLR, in.Set.ClusterSteps, in.Set.ClusterSeeds),
		States: stateNames(s),
	}, nil
}

// meanClassCosine returns the mean over replicates of the trained model's class-mean
// cosine matrix.
func meanClassCosine(res []*simulate.Result) (*mat.Dense, error) {
	var out *mat.Dense
	for r, x := range res {
		if x.Geometry == nil {
			return nil, fmt.Errorf("replicate %d has no geometry", r)
		}
		if out == nil {
			m, n := x.Geometry.ClassCosine.Dims()
			out = mat.NewDense(m, n, nil)
		}
		out.Add(out, x.Geometry.ClassCosine)
	}
	out.Scale(1/float64(len(res)), out)
	return out, nil
}
