package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/readmenum"
)

// TestReadmeNumbers checks the numbers of README.md's "What we found": the analytic ones
// against package feature, the optimum's and the trainings' against the committed report
// results/report.md (notebooks/internal/readmenum).
func TestReadmeNumbers(t *testing.T) {
	section, report, err := readmenum.Load("README.md", "## What we found", "results/report.md")
	if err != nil {
		t.Fatal(err)
	}
	// Training table of the report: model | final loss | gap to T1 | gap to the optimum.
	train := make(map[string][]float64)
	for _, r := range readmenum.TableRows(report, 4) {
		if v, err := readmenum.Numbers(r[2]+" "+r[3], "", " "); err == nil {
			train[r[0]] = v
		}
	}
	s := feature.Toy()
	lo, hi := s.RhoRange()
	quotes := []readmenum.Quote{
		{Text: "On the toy (N = 1000, τ = 1;"},
		{Text: "ρ ranges over [{0.867}, {1.222}], I(V1;V2) = {0.00572} nats (docs/theory.md §7's golden numbers)", Values: func() []float64 {
			return []float64{lo, hi, s.MutualInformation()}
		}},
		{Text: "At α = 1, β = 0, T2 is attainable and collapse is not stationary (α ρ_min = {0.867} < 1)", Values: func() []float64 { return []float64{lo} }},
		{Text: "below the line β = {0.867} α − 1: the reference code's CIFAR-10\n  (1, −0.2), DD/COLLAB (1, −0.3) and PROTEINS (2, −0.4)", Values: func() []float64 { return []float64{lo} }},
		{Text: "misses T1 by up to **{4.09} %** (C29)", Values: func() []float64 {
			v, err := readmenum.Numbers(report, "misses T1 by up to **")
			if err != nil {
				t.Fatal(err)
			}
			return v
		}},
		{Text: "300 steps of free logits land {0.58} % from T1 (and {4.31} % from the level-2 optimum); per-state\n  embeddings land {0.49} % from the level-2 optimum and {3.82} % from T1", Values: func() []float64 {
			l, e := train["logits"], train["embedding"]
			if len(l) != 2 || len(e) != 2 {
				t.Fatalf("results/report.md: training rows %v", train)
			}
			return []float64{l[0], l[1], e[1], e[0]}
		}},
		{Text: "as docs/theory.md §5 says"},
	}
	for _, p := range readmenum.Check("notebooks/explore/README.md", section, quotes) {
		t.Error(p)
	}
}
