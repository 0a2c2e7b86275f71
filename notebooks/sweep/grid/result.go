package grid

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// Float is a float64 whose JSON form keeps every value: a number in its shortest exact
// form, null for NaN, and the strings "+Inf" and "-Inf" for the infinities.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte("null"), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null":
		*f = Float(math.NaN())
		return nil
	case `"+Inf"`:
		*f = Float(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = Float(math.Inf(-1))
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("grid: %s is not a number, null, \"+Inf\" or \"-Inf\"", b)
	}
	*f = Float(v)
	return nil
}

// Result is the outcome of one cell: what cells/<id>.json holds.
type Result struct {
	CellHeader
	Loss      string  `json:"loss"`
	N         int     `json:"N"`
	Tau       float64 `json:"tau"`
	Alpha     float64 `json:"alpha"` // 1 for losses that take no α
	Beta      float64 `json:"beta"`  // 0 for losses that take no β
	SeedIndex int     `json:"seed_index"`
	Seed      uint64  `json:"seed"` // the training run's seed (Cell.Seed)
	Steps     int     `json:"steps"`
	// FinalLoss is the loss of the last training step's batch.
	FinalLoss Float `json:"final_loss"`
	// GapMaxRel and GapMeanRel are the maximum and mean over state pairs of
	// |P_ij − T_ij| / |T_ij|, over the pairs that had anchors; NaN without a target.
	GapMaxRel  Float `json:"gap_max_rel"`
	GapMeanRel Float `json:"gap_mean_rel"`
	// PairProb is P, the trained model's positive-pair probability by state pair
	// (NaN where the evaluation batches had no anchor of the pair).
	PairProb [][]Float `json:"pair_prob"`
	// Target is T, the mean-field target in the loss's normalisation; nil when the
	// loss has none (see Warnings).
	Target   [][]Float `json:"target"`
	Warnings []string  `json:"warnings"`
	// Error is the error of a training run that failed (a NaN loss); its measurements
	// are then NaN.
	Error string `json:"error,omitempty"`
}

// Failed reports whether the cell's training failed.
func (r *Result) Failed() bool { return r.Error != "" }

// newResult builds the result of cell c from its training run (res may be nil when
// trainErr is set); the sweep fills in the header.
func (k *ScenarioKind) newResult(c ScenarioCell, res *simulate.Result, trainErr error) *Result {
	r := &Result{
		Loss: c.Loss, N: c.N, Tau: c.Tau, Alpha: c.Alpha, Beta: c.Beta,
		SeedIndex: c.SeedIndex, Seed: c.Seed(k.seed), Steps: k.sc.Steps,
		FinalLoss: Float(math.NaN()), GapMaxRel: Float(math.NaN()), GapMeanRel: Float(math.NaN()),
		Warnings: []string{},
	}
	m := k.space.Len()
	r.PairProb = nanMatrix(m)
	if trainErr != nil {
		r.Error = trainErr.Error()
	}
	if res == nil {
		return r
	}
	for _, w := range res.Warnings {
		r.Warnings = append(r.Warnings, w.Error())
	}
	if res.Target != nil {
		r.Target = toRows(res.Target)
	}
	if trainErr != nil {
		return r
	}
	if k := len(res.Records); k > 0 {
		r.FinalLoss = Float(res.Records[k-1].Loss)
	}
	if res.PairProb != nil {
		r.PairProb = toRows(res.PairProb)
		if res.Target != nil {
			mx, mean := RelGap(res.PairProb, res.Target)
			r.GapMaxRel, r.GapMeanRel = Float(mx), Float(mean)
		}
	}
	return r
}

// RelGap returns the maximum and the mean of |p_ij − t_ij| / |t_ij| over the entries
// where p is not NaN; both NaN when there is none.
func RelGap(p, t mat.Matrix) (maxGap, meanGap float64) {
	r, c := t.Dims()
	if pr, pc := p.Dims(); pr != r || pc != c {
		panic(fmt.Sprintf("grid: RelGap of a %d×%d and a %d×%d matrix", pr, pc, r, c))
	}
	var sum float64
	var n int
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			pv := p.At(i, j)
			if math.IsNaN(pv) {
				continue
			}
			g := math.Abs(pv-t.At(i, j)) / math.Abs(t.At(i, j))
			if n == 0 || g > maxGap || math.IsNaN(g) {
				maxGap = g
			}
			sum += g
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return maxGap, sum / float64(n)
}

func nanMatrix(m int) [][]Float {
	out := make([][]Float, m)
	for i := range out {
		out[i] = make([]Float, m)
		for j := range out[i] {
			out[i][j] = Float(math.NaN())
		}
	}
	return out
}

func toRows(a mat.Matrix) [][]Float {
	r, c := a.Dims()
	out := make([][]Float, r)
	for i := range out {
		out[i] = make([]Float, c)
		for j := range out[i] {
			out[i][j] = Float(a.At(i, j))
		}
	}
	return out
}

// encodeOutcome returns the JSON of o, indented, with a final newline.
func encodeOutcome(o Outcome) []byte {
	b, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("grid: encode cell result: %v", err)) // Float encodes every value
	}
	return append(b, '\n')
}
