package loss

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// DHELLoss is the decoupled hyperspherical energy loss of Koromilas et al. (2024) in
// its default form (include_augs = true of the authors' code):
//
//	ℓ_a = −u_a·v_a/τ + log Σ_{b≠a} exp(u_a·u_b/τ) + log Σ_{b≠a} exp(v_a·v_b/τ),
//
// with u, v the unit view-1 and view-2 embeddings: the positive is cross-view, the
// negatives are within-view. It has no cross-view logit form. Its positive-pair
// probability is measured in the cross-view logits (Layout CrossView) in the decoupled
// normalisation (its positive is not in its denominators); it has no mean-field target.
type DHELLoss struct {
	Tau     float64 // temperature τ > 0 (New checks it)
	Workers int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)

	ru, rv run
	u, v   []float64
	nu, nv []float64
	align  []float64
	g1, g2 *mat.Dense
	n      int
	runner chunks.Runner
	// rowTask and colTask, bound once: a call allocates nothing
	rowTask, colTask func(c int)
}

// Name returns "dhel".
func (l *DHELLoss) Name() string { return DHEL }

// Layout returns CrossView: the positive-pair probability is measured in the
// cross-view logits.
func (l *DHELLoss) Layout() Layout { return CrossView }

// Decoupled returns true: the positive is in none of dhel's denominators.
func (l *DHELLoss) Decoupled() bool { return true }

// Target returns an error: docs/theory.md §4 derives no mean-field target for dhel.
func (l *DHELLoss) Target(*feature.Space, int) (mat.Matrix, error) { return nil, noTarget(DHEL) }

// noTarget is the error of a loss without a mean-field target.
func noTarget(name string) error {
	return fmt.Errorf("loss: %s has no mean-field target in docs/theory.md §4", name)
}

// Eval implements Loss.
func (l *DHELLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(DHEL, z1, z2, g1, g2)
	if l.rowTask == nil {
		l.rowTask, l.colTask = l.rowChunk, l.colRange
	}
	for _, r := range [2]*run{&l.ru, &l.rv} {
		r.rule, r.tau, r.mask, r.posOff = ruleLSE, l.Tau, true, -1
	}
	grad := g1 != nil || g2 != nil
	rp := ruleParams{inv: 1 / float64(n), k: float64(n - 1)}
	l.ru.rp, l.rv.rp = rp, rp
	l.ru.resize(n, n, d, grad)
	l.rv.resize(n, n, d, grad)
	dp := l.ru.dp
	l.u, l.v = grow(l.u, n*dp), grow(l.v, n*dp)
	l.nu, l.nv = grow(l.nu, n), grow(l.nv, n)
	l.align = grow(l.align, n)
	normaliseRows(l.u, l.nu, z1, 0, dp)
	normaliseRows(l.v, l.nv, z2, 0, dp)
	l.ru.setAnchors(l.u)
	l.ru.setCandidates(l.u)
	l.rv.setAnchors(l.v)
	l.rv.setCandidates(l.v)
	l.n = n
	w := chunks.Workers(l.Workers)
	l.runner.For(2*l.ru.nChunks, w, l.rowTask)
	v := l.ru.finishRows() + l.rv.finishRows()
	a := 0.0
	for i := 0; i < n; i++ {
		ui, vi := l.u[i*dp:(i+1)*dp], l.v[i*dp:(i+1)*dp]
		s := 0.0
		for k, x := range ui {
			s += x * vi[k]
		}
		a += s
	}
	v -= a / l.Tau / float64(n)
	if grad {
		l.g1, l.g2 = g1, g2
		l.runner.For(l.ru.nChunks, w, l.colTask)
		l.g1, l.g2 = nil, nil
	}
	return v
}

// rowChunk runs row chunk t of view 1's run, or t − c of view 2's for t ≥ c chunks.
func (l *DHELLoss) rowChunk(t int) {
	if c := l.ru.nChunks; t >= c {
		l.rv.rowTask(t - c)
		return
	}
	l.ru.rowTask(t)
}

// colRange writes the gradient rows of column task t.
func (l *DHELLoss) colRange(t int) {
	dp, n := l.ru.dp, l.n
	j0, j1 := l.ru.span(t, n)
	l.ru.colRange(j0, j1)
	l.rv.colRange(j0, j1)
	inv := 1 / l.Tau
	al := inv / float64(n) // the alignment term −u_a·v_a/τ, batch mean
	for j := j0; j < j1; j++ {
		uj, vj := l.u[j*dp:(j+1)*dp], l.v[j*dp:(j+1)*dp]
		gu, gv := l.ru.gB[j*dp:(j+1)*dp], l.rv.gB[j*dp:(j+1)*dp]
		au, av := l.ru.gA[j*dp:(j+1)*dp], l.rv.gA[j*dp:(j+1)*dp]
		for k := range gu {
			gu[k] += au[k]*inv - al*vj[k]
			gv[k] += av[k]*inv - al*uj[k]
		}
		if l.g1 != nil {
			backNorm(l.g1, j, gu, uj, l.nu[j], 1)
		}
		if l.g2 != nil {
			backNorm(l.g2, j, gv, vj, l.nv[j], 1)
		}
	}
}
