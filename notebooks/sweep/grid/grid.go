package grid

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// MaxCells bounds the number of cells of one sweep (it bounds the memory of expanding a
// grid before anything runs).
const MaxCells = 1 << 20

// Grid holds the axes of a sweep. A nil axis (or Seeds = 0) takes the base scenario's
// value: its batch_size, tau, loss, alpha, beta or replicates. The JSON names are the
// flag names of the sweep command.
type Grid struct {
	N     []int     `json:"N"`     // sources per batch, each ≥ 2
	Tau   []float64 `json:"tau"`   // temperatures, each finite > 0
	Loss  []string  `json:"loss"`  // names of loss.Names()
	Alpha []float64 `json:"alpha"` // SC-InfoNCE scales α, finite
	Beta  []float64 `json:"beta"`  // SC-InfoNCE biases β, finite
	Seeds int       `json:"seeds"` // seed indices 0…Seeds−1
}

// scLosses are the losses that take α and β (each loss says so: loss.AlphaBeta).
var scLosses = loss.AlphaBetaLosses()

// takesAlphaBeta reports whether the named loss uses α and β.
func takesAlphaBeta(name string) bool { return loss.TakesAlphaBeta(name) }

// canonical returns the grid with every axis sorted ascending (losses by name) and
// −0 written as 0, or an error naming a value that is out of range or listed twice.
// Axes must be filled in (the base's values applied).
func (g Grid) canonical() (Grid, error) {
	c := Grid{Seeds: g.Seeds}
	if len(g.N) == 0 || len(g.Tau) == 0 || len(g.Loss) == 0 || len(g.Alpha) == 0 || len(g.Beta) == 0 {
		panic("grid: canonical of a grid with an empty axis") // New fills them in
	}
	c.N = slices.Clone(g.N)
	for _, n := range c.N {
		if n < 2 {
			return Grid{}, fmt.Errorf("grid: N = %d: need ≥ 2 sources per batch (one positive and at least one negative per anchor)", n)
		}
	}
	var err error
	if c.Tau, err = floatAxis("tau", g.Tau, func(v float64) string {
		if !(v > 0) || math.IsInf(v, 1) {
			return "need a finite temperature > 0"
		}
		return ""
	}); err != nil {
		return Grid{}, err
	}
	finite := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "need a finite number"
		}
		return ""
	}
	if c.Alpha, err = floatAxis("alpha", g.Alpha, finite); err != nil {
		return Grid{}, err
	}
	if c.Beta, err = floatAxis("beta", g.Beta, finite); err != nil {
		return Grid{}, err
	}
	c.Loss = slices.Clone(g.Loss)
	for _, l := range c.Loss {
		if !slices.Contains(loss.Names(), l) {
			return Grid{}, fmt.Errorf("grid: loss = %q: unknown loss, want one of %s", l, strings.Join(loss.Names(), ", "))
		}
	}
	if g.Seeds < 1 {
		return Grid{}, fmt.Errorf("grid: seeds = %d: need ≥ 1", g.Seeds)
	}
	slices.Sort(c.N)
	slices.Sort(c.Loss)
	if i := dupIndex(c.N); i >= 0 {
		return Grid{}, fmt.Errorf("grid: N = %d: listed twice", c.N[i])
	}
	if i := dupIndex(c.Loss); i >= 0 {
		return Grid{}, fmt.Errorf("grid: loss = %q: listed twice", c.Loss[i])
	}
	if !slices.ContainsFunc(c.Loss, takesAlphaBeta) {
		if len(c.Alpha) != 1 || c.Alpha[0] != 1 || len(c.Beta) != 1 || c.Beta[0] != 0 {
			return Grid{}, fmt.Errorf("grid: alpha = %s, beta = %s: no loss of the grid (%s) uses α and β; add %s to the losses or drop alpha and beta",
				formatList(c.Alpha), formatList(c.Beta), strings.Join(c.Loss, ", "), strings.Join(scLosses, " or "))
		}
	}
	return c, nil
}

// floatAxis returns the sorted copy of vals, or an error naming the axis and the first
// value that bad rejects (bad returns "" for a good value) or that is listed twice.
func floatAxis(name string, vals []float64, bad func(float64) string) ([]float64, error) {
	out := make([]float64, len(vals))
	for i, v := range vals {
		if msg := bad(v); msg != "" {
			return nil, fmt.Errorf("grid: %s = %v: %s", name, v, msg)
		}
		out[i] = v + 0 // −0 + 0 = +0
	}
	slices.Sort(out)
	if i := dupIndex(out); i >= 0 {
		return nil, fmt.Errorf("grid: %s = %s: listed twice", name, formatFloat(out[i]))
	}
	return out, nil
}

// dupIndex returns an index i with s[i] == s[i+1] in the sorted s, or −1.
func dupIndex[T comparable](s []T) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == s[i+1] {
			return i
		}
	}
	return -1
}

// formatFloat writes v in its shortest exact decimal form (strconv 'g', −1).
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func formatList(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = formatFloat(v)
	}
	return strings.Join(s, ",")
}

// cells expands the canonical grid into cells in canonical order: loss, N, τ, α, β,
// seed index, each ascending; one (α, β) = (1, 0) for losses that take none.
func (g Grid) cells() []ScenarioCell {
	var out []ScenarioCell
	for _, l := range g.Loss {
		alphas, betas := g.Alpha, g.Beta
		if !takesAlphaBeta(l) {
			alphas, betas = []float64{1}, []float64{0}
		}
		for _, n := range g.N {
			for _, tau := range g.Tau {
				for _, a := range alphas {
					for _, b := range betas {
						for s := 0; s < g.Seeds; s++ {
							out = append(out, ScenarioCell{Loss: l, N: n, Tau: tau, Alpha: a, Beta: b, SeedIndex: s})
						}
					}
				}
			}
		}
	}
	return out
}

// count returns the number of cells of the canonical grid, or an error when it has
// more than MaxCells (counted without expanding it).
func (g Grid) count() (int, error) {
	tooMany := fmt.Errorf("grid: the grid has more than %d cells (MaxCells); split it into several sweeps", MaxCells)
	total := 0
	for _, l := range g.Loss {
		k := 1
		if takesAlphaBeta(l) {
			k = len(g.Alpha) * len(g.Beta)
		}
		per := len(g.N) * len(g.Tau) * k
		if per > MaxCells || g.Seeds > MaxCells || per*g.Seeds > MaxCells {
			return 0, tooMany
		}
		total += per * g.Seeds
		if total > MaxCells {
			return 0, tooMany
		}
	}
	return total, nil
}
