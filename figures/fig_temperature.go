package main

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// temperatureDims are the embedding dimensions of the temperature figure: d = 2 < m,
// where the rank constraint binds at every τ, d = m and a d > m.
var temperatureDims = []int{2, 3, 8}

// logGrid returns n ≥ 1 points from lo to hi, evenly spaced in log, the last exactly
// hi (n = 1: hi alone).
func logGrid(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for k := range n - 1 {
		t := float64(k) / float64(n-1)
		out[k] = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
	}
	out[n-1] = hi
	return out
}

// buildTemperature draws the temperature figure (temperatureData).
func buildTemperature(in inputs) (*plots.Figure, error) {
	data, err := temperatureData(in)
	if err != nil {
		return nil, err
	}
	return plots.Temperature(data)
}

// temperatureData returns what the temperature figure draws: the gap of the level-2
// optimum to T1 against τ for several d, and the optimum's off-diagonal cosines in the
// largest d, with τ* marked.
func temperatureData(in inputs) (plots.TemperatureData, error) {
	s, n := in.Space, in.N
	taus := logGrid(in.Set.TauMin, in.Set.TauMax, in.Set.Taus)
	cosDim := temperatureDims[len(temperatureDims)-1]
	pairs := offDiagonalPairs(s.Len())
	data := plots.TemperatureData{Tau: taus, CosDim: cosDim, States: stateNames(s)}
	cos := make([]plots.TemperatureCosine, len(pairs))
	for k, p := range pairs {
		cos[k] = plots.TemperatureCosine{I: p.I, J: p.J, Cos: make([]float64, len(taus))}
	}
	for _, d := range temperatureDims {
		g := plots.TemperatureGap{Dim: d, Gap: make([]float64, len(taus))}
		for k, tau := range taus {
			r, err := optimum.InfoNCE(s, optimum.Options{Dim: d, Tau: tau, N: n, Seed: in.Set.Seed})
			if err != nil {
				return plots.TemperatureData{}, fmt.Errorf("optimum at d = %d, τ = %g: %w", d, tau, err)
			}
			g.Gap[k] = r.MaxRelGap
			if d == cosDim {
				for c, p := range pairs {
					cos[c].Cos[k] = r.Cosine.At(p.I, p.J)
				}
			}
		}
		data.Gaps = append(data.Gaps, g)
	}
	data.Cosines = cos
	one, err := optimum.InfoNCE(s, optimum.Options{Dim: cosDim, Tau: 1, N: n, Seed: in.Set.Seed})
	if err != nil {
		return plots.TemperatureData{}, fmt.Errorf("optimum at τ = 1: %w", err)
	}
	data.TauStar = optimum.SlackLimit(one.Cosine)
	in.logf("optima at %d τ × %d dimensions; τ* = %.4g", len(taus), len(temperatureDims), data.TauStar)
	data.Title = "Temperature: the level-2 optimum is τ-independent up to τ*"
	data.Subtitle = fmt.Sprintf("unit-embedding optimum of the population InfoNCE loss (optimum.InfoNCE), N = %d\n"+
		"τ* = %.3g: its Gram matrix G(τ) = J + τ(G(1) − J) reaches the boundary of the PSD cone", n, data.TauStar)
	return data, nil
}
