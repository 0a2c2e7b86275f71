package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// panicText runs f and returns the text of its panic ("" if it did not panic).
func panicText(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			switch v := r.(type) {
			case string:
				msg = v
			case error:
				msg = v.Error()
			default:
				msg = "panic of another type"
			}
		}
	}()
	f()
	return ""
}

// TestBatchZero: Batch documents a panic only for n < 0, so n = 0 is a valid empty
// batch: no panic, three empty slices, and no random number consumed (the stream is
// where it was: its next number equals a fresh stream's first).
func TestBatchZero(t *testing.T) {
	sp := NewSampler(feature.Toy())
	b := Batch{Source: []int{7}, View1: []int{7}, View2: []int{7}}
	rng := Stream(3, 0)
	if msg := panicText(func() { sp.Batch(&b, 0, rng) }); msg != "" {
		t.Fatalf("Batch(0) panicked: %s", msg)
	}
	if b.Len() != 0 || len(b.View1) != 0 || len(b.View2) != 0 {
		t.Errorf("Batch(0): lengths %d, %d, %d, want 0", len(b.Source), len(b.View1), len(b.View2))
	}
	if got, want := rng.Uint64(), Stream(3, 0).Uint64(); got != want {
		t.Errorf("Batch(0) consumed random numbers")
	}
}

// TestBatchDrawOrder: Batch draws k ~ π, then i ~ A[k,·], then j ~ A[k,·] for each
// source in turn, each with Alias.Draw on the same rng. Replaying that order with
// alias tables built from π and the rows of A reproduces the batch exactly.
func TestBatchDrawOrder(t *testing.T) {
	space := dirichletSpace(t, 4, 1, 5)
	sp := NewSampler(space)
	if sp.Len() != 4 {
		t.Fatalf("Len = %d, want 4", sp.Len())
	}
	src, err := NewAlias(space.Source())
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]*Alias, 4)
	for k := range rows {
		if rows[k], err = NewAlias(space.Augmentation().Row(nil, k)); err != nil {
			t.Fatal(err)
		}
	}
	var b Batch
	sp.Batch(&b, 300, Stream(4, 1))
	rng := Stream(4, 1)
	for a := range 300 {
		k := src.Draw(rng)
		i, j := rows[k].Draw(rng), rows[k].Draw(rng)
		if b.Source[a] != k || b.View1[a] != i || b.View2[a] != j {
			t.Fatalf("source %d: batch (%d, %d, %d), replay (%d, %d, %d)", a, b.Source[a], b.View1[a], b.View2[a], k, i, j)
		}
	}
}

// TestAliasDrawConsumption: Draw takes one IntN for the column and a Float64 only
// when the column may return its alias (accept < 1). A uniform law has every column
// accepting with probability 1, so its draws are exactly rng.IntN(m) of the same
// stream; a point mass is one column and always its state.
func TestAliasDrawConsumption(t *testing.T) {
	a, err := NewAlias([]float64{0.25, 0.25, 0.25, 0.25})
	if err != nil {
		t.Fatal(err)
	}
	got, want := Stream(8, 0), Stream(8, 0)
	for d := range 1000 {
		if g, w := a.Draw(got), want.IntN(4); g != w {
			t.Fatalf("draw %d = %d, want rng.IntN(4) = %d of the same stream", d, g, w)
		}
	}
	point, err := NewAlias([]float64{0, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if point.Len() != 3 {
		t.Errorf("Len = %d, want 3 (zero-probability states count)", point.Len())
	}
	rng := Stream(8, 1)
	for range 100 {
		if s := point.Draw(rng); s != 2 {
			t.Fatalf("point mass at 2 drew %d", s)
		}
	}
}

// TestAliasTwoPoint: p = (1/4, 3/4) has the table worked by hand: s = 2, scaled
// (1/2, 3/2); state 0 is small and takes its rest from state 1, so column 0 accepts
// state 0 with probability 1/2 else gives 1, and column 1 accepts 1 with probability 1.
// (All numbers are exact in float64.)
func TestAliasTwoPoint(t *testing.T) {
	a, err := NewAlias([]float64{0.25, 0.75})
	if err != nil {
		t.Fatal(err)
	}
	want := []aliasColumn{{accept: 0.5, own: 0, alias: 1}, {accept: 1, own: 1, alias: 1}}
	if !slices.Equal(a.cols, want) {
		t.Errorf("columns %+v, want %+v", a.cols, want)
	}
	// Three states with one of probability 0: p = (1/2, 0, 1/2) has two columns,
	// both scaled exactly 1, both accepting with probability 1.
	b, err := NewAlias([]float64{0.5, 0, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	wantB := []aliasColumn{{accept: 1, own: 0, alias: 0}, {accept: 1, own: 2, alias: 2}}
	if !slices.Equal(b.cols, wantB) {
		t.Errorf("columns %+v, want %+v", b.cols, wantB)
	}
}

// TestAliasRoundingLeftovers: Vose's loop can end with a column still in the small
// list, its scaled value 1 − O(s·ε) only through rounding; such a column was never
// given an alias (its alias is its own state) and must accept with probability 1, so
// that Draw spends no Float64 on it. These laws leave such a column (found by
// replaying the construction over laws of two-decimal entries).
func TestAliasRoundingLeftovers(t *testing.T) {
	for _, p := range [][]float64{{0.08, 0.09, 0.83}, {0.05, 0.19, 0.2, 0.56}, {0.19, 0.19, 0.03, 0.16, 0.43}} {
		a, err := NewAlias(p)
		if err != nil {
			t.Fatal(err)
		}
		for c, col := range a.cols {
			if col.alias == col.own && col.accept != 1 {
				t.Errorf("p = %v: column %d has no alias but accepts with probability %v, want 1", p, c, col.accept)
			}
		}
	}
}

// TestSamplerRowsIndependent: NewSampler reuses one scratch space for π and every row
// of A; each row's table must still draw from its own row. With A a permutation
// (rows one-hot, of different lengths of support from π), every view is perm[source].
func TestSamplerRowsIndependent(t *testing.T) {
	perm := []int{2, 0, 3, 1}
	aug, err := markov.Permutation(perm)
	if err != nil {
		t.Fatal(err)
	}
	space, err := feature.NewSpace([]float64{0.1, 0.2, 0.3, 0.4}, aug)
	if err != nil {
		t.Fatal(err)
	}
	var b Batch
	NewSampler(space).Batch(&b, 2000, Stream(9, 0))
	seen := make([]int, 4)
	for a := range b.Len() {
		k := b.Source[a]
		seen[k]++
		if b.View1[a] != perm[k] || b.View2[a] != perm[k] {
			t.Fatalf("source %d in state %d: views %d, %d, want perm = %d", a, k, b.View1[a], b.View2[a], perm[k])
		}
	}
	for k, c := range seen {
		if c == 0 {
			t.Errorf("state %d of probability %v never drawn in 2000 sources", k, space.Source()[k])
		}
	}
}

// TestNewStateVectorsNonFiniteAnywhere: every entry is checked, the first row and
// column included, and the error names the first offending entry in row order.
func TestNewStateVectorsNonFiniteAnywhere(t *testing.T) {
	for _, tc := range []struct {
		r, c int
		v    float64
		want string
	}{
		{0, 0, math.NaN(), "entry [0][0] = NaN"},
		{0, 2, math.NaN(), "entry [0][2] = NaN"},
		{0, 1, math.Inf(1), "entry [0][1] = +Inf"},
		{1, 0, math.Inf(-1), "entry [1][0] = -Inf"},
		{1, 2, math.NaN(), "entry [1][2] = NaN"},
	} {
		base := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
		base.Set(tc.r, tc.c, tc.v)
		if tc.r == 1 && tc.c == 2 {
			base.Set(1, 1, math.NaN()) // an earlier entry of the same row is named first
			tc.want = "entry [1][1] = NaN"
		}
		v, err := NewStateVectors(base)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("entry [%d][%d] = %v: NewStateVectors = %v, %v; want an error naming %q", tc.r, tc.c, tc.v, v, err, tc.want)
		}
	}
}

// TestStateVectorsSmallest: one state or one dimension is allowed (the checks are
// m ≥ 1 and dim ≥ 1).
func TestStateVectorsSmallest(t *testing.T) {
	for _, md := range [][2]int{{1, 1}, {1, 4}, {4, 1}} {
		if v, err := NewGaussianStateVectors(md[0], md[1], Stream(1, 0)); err != nil || v.Len() != md[0] || v.Dim() != md[1] {
			t.Errorf("NewGaussianStateVectors(%d, %d) = %v, %v", md[0], md[1], v, err)
		}
		v, err := NewStateVectors(mat.NewDense(md[0], md[1], nil))
		if err != nil || v.Len() != md[0] || v.Dim() != md[1] {
			t.Fatalf("NewStateVectors(%d×%d) = %v, %v", md[0], md[1], v, err)
		}
		// One view of one state: a 1×dim matrix.
		if r, c := v.NoisyTo(nil, []int{0}, 0.5, Stream(1, 0)).Dims(); r != 1 || c != md[1] {
			t.Errorf("NoisyTo of one state: %d×%d, want 1×%d", r, c, md[1])
		}
	}
}

// emptyMatrix is a mat.Matrix with the given dimensions and no entries (gonum's own
// matrices cannot have a zero dimension).
type emptyMatrix struct{ r, c int }

func (e emptyMatrix) Dims() (int, int)    { return e.r, e.c }
func (e emptyMatrix) At(i, j int) float64 { panic("emptyMatrix has no entries") }
func (e emptyMatrix) T() mat.Matrix       { return emptyMatrix{e.c, e.r} }

// TestNewStateVectorsEmpty: a base with no rows or no columns is an error naming its
// shape, whichever dimension is zero.
func TestNewStateVectorsEmpty(t *testing.T) {
	for _, e := range []emptyMatrix{{0, 3}, {3, 0}, {0, 0}} {
		want := fmt.Sprintf("base matrix is %d×%d", e.r, e.c)
		if v, err := NewStateVectors(e); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewStateVectors(%d×%d) = %v, %v; want an error naming %q", e.r, e.c, v, err, want)
		}
	}
}

// TestStateVectorsDocumentedDraws: NewGaussianStateVectors fills the base row by row
// with rng.NormFloat64, and NoisyTo writes base[states[a]] + σ·ε with ε the next
// rng.NormFloat64 row by row (package doc); replaying the stream gives the same bits.
func TestStateVectorsDocumentedDraws(t *testing.T) {
	const m, dim, sigma = 3, 4, 0.3
	v, err := NewGaussianStateVectors(m, dim, Stream(2, 0))
	if err != nil {
		t.Fatal(err)
	}
	base := v.Base()
	rng := Stream(2, 0)
	for s := range m {
		for k := range dim {
			if w := rng.NormFloat64(); base.At(s, k) != w {
				t.Fatalf("base[%d][%d] = %v, want the stream's normal %v", s, k, base.At(s, k), w)
			}
		}
	}
	states := []int{2, 2, 0, 1}
	got := v.NoisyTo(nil, states, sigma, Stream(3, 0))
	rng = Stream(3, 0)
	for a, s := range states {
		for k := range dim {
			// one product and one sum, the same operations in the same order: exact.
			if w := base.At(s, k) + sigma*rng.NormFloat64(); got.At(a, k) != w {
				t.Fatalf("row %d [%d] = %v, want base[%d][%d] + σ·ε = %v", a, k, got.At(a, k), s, k, w)
			}
		}
	}
}

// TestNoisyToShapePanics: a state outside [0, m) panics naming it, and a dst of the
// wrong width panics even when its row count is right (writing it would silently
// leave columns stale).
func TestNoisyToShapePanics(t *testing.T) {
	v, err := NewGaussianStateVectors(3, 4, Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		states []int
		want   string
	}{
		{[]int{0, 3}, "states[1] = 3, want a state in [0, 3)"},
		{[]int{-1}, "states[0] = -1, want a state in [0, 3)"},
	} {
		if msg := panicText(func() { v.NoisyTo(nil, tc.states, 0.1, Stream(1, 0)) }); !strings.Contains(msg, tc.want) {
			t.Errorf("states %v: panic %q, want one naming %q", tc.states, msg, tc.want)
		}
	}
	for _, dims := range [][2]int{{3, 5}, {3, 3}, {4, 4}} {
		msg := panicText(func() { v.NoisyTo(mat.NewDense(dims[0], dims[1], nil), []int{0, 1, 2}, 0.1, Stream(1, 0)) })
		if !strings.Contains(msg, "want 3×4") {
			t.Errorf("dst %d×%d: panic %q, want one naming the shape 3×4", dims[0], dims[1], msg)
		}
	}
}

// TestPairCounterOneState: a single state is allowed (m ≥ 1); every pair is (0, 0),
// so q̂ = ĉ1 = ĉ2 = 1 with standard error 0.
func TestPairCounterOneState(t *testing.T) {
	c := NewPairCounter(1)
	c.Add(&Batch{Source: make([]int, 6), View1: make([]int, 6), View2: make([]int, 6)})
	e := c.Estimate()
	if e.Draws != 2 || e.Q[0] != 1 || e.QSE[0] != 0 || e.C1.At(0, 0) != 1 || e.C2.At(0, 0) != 1 || e.C1SE.At(0, 0) != 0 || e.C2SE.At(0, 0) != 0 {
		t.Errorf("one state: draws %d, q̂ %v ± %v, ĉ1 %v ± %v, ĉ2 %v ± %v; want 2, 1 ± 0, 1 ± 0, 1 ± 0",
			e.Draws, e.Q[0], e.QSE[0], e.C1.At(0, 0), e.C1SE.At(0, 0), e.C2.At(0, 0), e.C2SE.At(0, 0))
	}
}

// TestPairCounterPanicTexts: the programmer-error panics say what is wrong, so a batch
// with too short view slices is refused by the length check (naming the lengths), not
// by an index fault later, and a batch with views of exactly n sources is fine.
func TestPairCounterPanicTexts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v1, v2   int
		wantText string
	}{
		{"short view 1", 2, 3, "3 sources but 2 view-1 and 3 view-2 states"},
		{"short view 2", 3, 2, "3 sources but 3 view-1 and 2 view-2 states"},
		{"both exact", 3, 3, ""},
	} {
		b := &Batch{Source: make([]int, 3), View1: make([]int, tc.v1, 3), View2: make([]int, tc.v2, 3)}
		msg := panicText(func() { NewPairCounter(2).Add(b) })
		if tc.wantText == "" && msg != "" || !strings.Contains(msg, tc.wantText) {
			t.Errorf("%s: panic %q, want %q", tc.name, msg, tc.wantText)
		}
	}
	if msg := panicText(func() { EstimatePairs(NewSampler(feature.Toy()), 1, Stream(1, 0)) }); msg != "" {
		t.Errorf("EstimatePairs of 1 draw panicked: %s", msg)
	}
}

// TestEstimatePairsChunks: EstimatePairs counts in chunks of 1024 draws; across the
// chunk boundary (1024, 1025, 2048 + 1 draws) it still counts exactly `pairs` draws and
// equals one PairCounter.Add of 3·pairs sources from the same stream.
func TestEstimatePairsChunks(t *testing.T) {
	sp := NewSampler(feature.Toy())
	for _, pairs := range []int{1, 1024, 1025, 2049} {
		e := EstimatePairs(sp, pairs, Stream(6, 0))
		c := NewPairCounter(3)
		var b Batch
		sp.Batch(&b, 3*pairs, Stream(6, 0))
		c.Add(&b)
		want := c.Estimate()
		if e.Draws != pairs || !slices.Equal(e.Q, want.Q) || !mat.Equal(e.C1, want.C1) || !mat.Equal(e.C2, want.C2) {
			t.Errorf("EstimatePairs(%d): %d draws, q̂ %v; one batch: %d draws, q̂ %v", pairs, e.Draws, e.Q, want.Draws, want.Q)
		}
	}
}

// TestReplicatesEdges: workers beyond n and n = 1 run every replicate once, each on
// its own stream.
func TestReplicatesEdges(t *testing.T) {
	f := func(rep int, rng *rand.Rand) uint64 { return rng.Uint64() + uint64(rep) }
	for _, tc := range []struct{ n, workers int }{{1, 1}, {1, 8}, {3, 100}, {5, -1}} {
		got := Replicates(4, tc.n, tc.workers, f)
		if len(got) != tc.n {
			t.Fatalf("Replicates(n=%d, workers=%d): %d results", tc.n, tc.workers, len(got))
		}
		for r, g := range got {
			if w := f(r, Stream(4, r)); g != w {
				t.Errorf("Replicates(n=%d, workers=%d)[%d] = %d, want %d", tc.n, tc.workers, r, g, w)
			}
		}
	}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"negative n", func() { Replicates(1, -1, 1, f) }, "n = -1"},
		{"negative replicate", func() { Stream(1, -1) }, "replicate -1"},
	} {
		if msg := panicText(tc.f); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: panic %q, want one naming %q", tc.name, msg, tc.want)
		}
	}
	if msg := panicText(func() { Stream(1, 0) }); msg != "" {
		t.Errorf("Stream(1, 0) panicked: %s", msg)
	}
}
