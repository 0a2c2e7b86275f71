package grid

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MaxPairStates is the largest number of states m for which results.csv has per-pair
// columns (2m² of them); the cell files always hold the full matrices.
const MaxPairStates = 16

// CSVHeader returns the columns of results.csv for a space of m states:
//
//	cell, loss, N, tau, alpha, beta, seed_index, seed, steps, final_loss,
//	gap_max_rel, gap_mean_rel, error, warnings, p_<i>_<j>…, t_<i>_<j>…
//
// p_i_j is the trained positive-pair probability of state pair (i, j) and t_i_j its
// target, row-major, present only when m ≤ MaxPairStates.
func CSVHeader(m int) []string {
	h := []string{"cell", "loss", "N", "tau", "alpha", "beta", "seed_index", "seed", "steps",
		"final_loss", "gap_max_rel", "gap_mean_rel", "error", "warnings"}
	if m <= MaxPairStates {
		h = appendMatrixHeader(h, m, "p", "t")
	}
	return h
}

// WriteCSV writes results.csv of the outcomes of kind k to w: k.Header(), then one row
// per outcome in the given order (k.Row).
func WriteCSV(w io.Writer, k Kind, outcomes []Outcome) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(k.Header()); err != nil {
		return fmt.Errorf("grid: write csv: %w", err)
	}
	for _, o := range outcomes {
		row, err := k.Row(o)
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("grid: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("grid: write csv: %w", err)
	}
	return nil
}

// Row returns the results.csv row of a scenario outcome (CSVHeader): floats in their
// shortest exact form ("NaN" for NaN); alpha and beta are empty for losses that take
// none, t_i_j empty for a loss without a target.
func (k *ScenarioKind) Row(o Outcome) ([]string, error) {
	r := o.(*Result)
	m := k.space.Len()
	if len(r.PairProb) != m {
		return nil, fmt.Errorf("grid: cell %s has a %d-state pair_prob, want %d states", r.Cell, len(r.PairProb), m)
	}
	alpha, beta := "", ""
	if takesAlphaBeta(r.Loss) {
		alpha, beta = csvFloat(r.Alpha), csvFloat(r.Beta)
	}
	row := []string{r.Cell, r.Loss, strconv.Itoa(r.N), csvFloat(r.Tau), alpha, beta,
		strconv.Itoa(r.SeedIndex), strconv.FormatUint(r.Seed, 10), strconv.Itoa(r.Steps),
		csvFloat(float64(r.FinalLoss)), csvFloat(float64(r.GapMaxRel)), csvFloat(float64(r.GapMeanRel)),
		r.Error, strings.Join(r.Warnings, "; ")}
	if m <= MaxPairStates {
		row = appendMatrix(row, r.PairProb, m)
		if r.Target == nil {
			row = append(row, make([]string, m*m)...)
		} else {
			if len(r.Target) != m {
				return nil, fmt.Errorf("grid: cell %s has a %d-state target, want %d states", r.Cell, len(r.Target), m)
			}
			row = appendMatrix(row, r.Target, m)
		}
	}
	return row, nil
}

// appendMatrixHeader appends to h the columns <name>_<i>_<j> of an m×m matrix,
// row-major, for each name in turn.
func appendMatrixHeader(h []string, m int, names ...string) []string {
	for _, p := range names {
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				h = append(h, fmt.Sprintf("%s_%d_%d", p, i, j))
			}
		}
	}
	return h
}

func appendMatrix(row []string, a [][]Float, m int) []string {
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			v := math.NaN()
			if j < len(a[i]) {
				v = float64(a[i][j])
			}
			row = append(row, csvFloat(v))
		}
	}
	return row
}

func csvFloat(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
