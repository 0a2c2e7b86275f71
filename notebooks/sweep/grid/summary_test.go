package grid

import (
	"encoding/csv"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// TestWriteSummaryTableSingleSeed: one seed has no standard deviation, and a point
// without a gap has none at all; both are written "–".
func TestWriteSummaryTableSingleSeed(t *testing.T) {
	nan := Float(math.NaN())
	sums := Summarize([]*Result{
		{Loss: "infonce", N: 16, Tau: 1, Alpha: 1, GapMaxRel: 0.0123, GapMeanRel: 0.005},
		{Loss: "infonce", N: 64, Tau: 1, Alpha: 1, GapMaxRel: nan, GapMeanRel: nan},
	})
	var b strings.Builder
	if err := WriteSummaryTable(&b, sums); err != nil {
		t.Fatal(err)
	}
	// 100·0.0123 = 1.23 %, 100·0.005 = 0.5 %.
	for _, row := range []string{"| infonce | 16 | 1 | – | – | 1 | 1.23 ± – | 0.5 | 0 |\n", "| infonce | 64 | 1 | – | – | 1 | – ± – | – | 0 |\n"} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("summary table has no row %q:\n%s", row, b.String())
		}
	}
}

// TestRelGapMaxAnywhere: the maximum is found wherever it lies, not only first.
func TestRelGapMaxAnywhere(t *testing.T) {
	// |0.1 − 0.1| = 0, |0.3 − 0.2|/0.2 = 0.5, |0.33 − 0.3|/0.3 = 0.1.
	mx, _ := RelGap(matrix(1, 3, 0.1, 0.3, 0.33), matrix(1, 3, 0.1, 0.2, 0.3))
	// tolerance: a few float64 roundings of the quotients (≤ 1e-15 relative).
	if !(math.Abs(mx-0.5) <= 1e-14) {
		t.Errorf("RelGap max = %v, want 0.5 (the second entry)", mx)
	}
}

// TestNewAlphaBetaDefaults: a grid without α and β axes takes the base's α and β when
// one of its losses uses them, and α = 1, β = 0 when none does.
func TestNewAlphaBetaDefaults(t *testing.T) {
	base, err := scenario.Parse([]byte(strings.Replace(tinyJSON, `"steps": 60`, `"loss": "scinfonce", "alpha": 1.5, "beta": 0.5, "steps": 60`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		loss        string
		alpha, beta float64
	}{{"scinfonce", 1.5, 0.5}, {"infonce", 1, 0}} {
		g := mustNew(t, base, Grid{Loss: []string{tc.loss}}).Kind().(*ScenarioKind).Grid()
		if !slices.Equal(g.Alpha, []float64{tc.alpha}) || !slices.Equal(g.Beta, []float64{tc.beta}) {
			t.Errorf("%s grid: α %v, β %v; want [%v], [%v]", tc.loss, g.Alpha, g.Beta, tc.alpha, tc.beta)
		}
	}
}

// TestCountAtMaxCells: a grid of exactly MaxCells cells counts them; one more is an
// error.
func TestCountAtMaxCells(t *testing.T) {
	g := Grid{N: []int{2}, Tau: []float64{1}, Loss: []string{"infonce"}, Alpha: []float64{1}, Beta: []float64{0}, Seeds: MaxCells}
	if got, err := g.count(); got != MaxCells || err != nil {
		t.Errorf("count of %d seeds = %d, %v; want %d", MaxCells, got, err, MaxCells)
	}
	for _, tc := range []struct {
		loss  []string
		seeds int
	}{{[]string{"infonce", "scinfonce"}, MaxCells}, {[]string{"infonce"}, MaxCells + 1}} {
		g.Loss, g.Seeds = tc.loss, tc.seeds
		if _, err := g.count(); err == nil || !strings.Contains(err.Error(), "more than 1048576 cells") {
			t.Errorf("count of %d losses × %d seeds: error %v, want one naming MaxCells", len(tc.loss), tc.seeds, err)
		}
	}
}

// TestCSVAlphaBetaColumns: results.csv leaves α and β empty for a loss that takes none
// and writes them for an SC loss.
func TestCSVAlphaBetaColumns(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce", "scinfonce"}, Alpha: []float64{1.5}, Beta: []float64{0.5}, Seeds: 1})
	dir := t.TempDir()
	runAll(t, s, dir, Options{})
	rows, err := csv.NewReader(strings.NewReader(string(readFile(t, filepath.Join(dir, ResultsFile))))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][4] != "alpha" || rows[0][5] != "beta" {
		t.Fatalf("results.csv: %v", rows)
	}
	if got := rows[1][1:6]; !slices.Equal(got, []string{"infonce", "16", "1", "", ""}) {
		t.Errorf("infonce row %v, want α and β empty", got)
	}
	if got := rows[2][1:6]; !slices.Equal(got, []string{"scinfonce", "16", "1", "1.5", "0.5"}) {
		t.Errorf("scinfonce row %v, want α 1.5 and β 0.5", got)
	}
}
