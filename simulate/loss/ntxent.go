package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// NTXentLoss is NT-Xent (SimCLR): the 2n views W = [z1; z2] are anchors and candidates
// of one 2n×2n similarity matrix with the self entries masked; the positive of view i
// is view (i+n) mod 2n, the other 2n−2 views are its negatives; mean over 2n anchors
// (Layout JointViews). Its positive-pair probability is the softmax over the 2n−1
// other views, so its mean-field target is T1 at 2n−1 candidates.
type NTXentLoss struct {
	Tau     float64 // temperature τ > 0 (New checks it)
	Workers int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)

	r       run
	u, nrm  []float64
	g1, g2  *mat.Dense
	n       int
	runner  chunks.Runner
	rowTask func(c int) // r.rowTask and colTask, bound once: a call allocates nothing
	colTask func(c int)
	lg      logitScratch
}

// Name returns "ntxent".
func (l *NTXentLoss) Name() string { return NTXent }

// Layout returns JointViews.
func (l *NTXentLoss) Layout() Layout { return JointViews }

// LogitSize returns 2n.
func (l *NTXentLoss) LogitSize(n int) int { return JointViews.Side(n) }

// Decoupled returns false.
func (l *NTXentLoss) Decoupled() bool { return false }

// Target returns T1 at 2n−1 candidates: each of the 2n views is an anchor against the
// 2n−2 views of other sources and its positive (feature.Space.InfoNCETarget(2n−1)).
func (l *NTXentLoss) Target(s *feature.Space, n int) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	return s.InfoNCETarget(2*n - 1), nil
}

// ntxentParams are the rule constants of 2n anchors with 2n−2 negatives each.
func ntxentParams(n2 float64) ruleParams { return ruleParams{inv: 1 / n2, k: n2 - 2} }

// Eval implements Loss.
func (l *NTXentLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(NTXent, z1, z2, g1, g2)
	if l.rowTask == nil {
		l.rowTask, l.colTask = l.r.rowTask, l.colRange
	}
	grad := g1 != nil || g2 != nil
	r := &l.r
	r.rule, r.tau, r.mask, r.posOff = ruleInfoNCE, l.Tau, true, n
	r.rp = ntxentParams(float64(2 * n))
	r.resize(2*n, 2*n, d, grad)
	dp := r.dp
	l.u, l.nrm = grow(l.u, 2*n*dp), grow(l.nrm, 2*n)
	normaliseRows(l.u, l.nrm, z1, 0, dp)
	normaliseRows(l.u, l.nrm, z2, n, dp)
	r.setAnchors(l.u)
	r.setCandidates(l.u)
	l.n = n
	w := chunks.Workers(l.Workers)
	l.runner.For(r.nChunks, w, l.rowTask)
	v := r.finishRows()
	if grad {
		l.g1, l.g2 = g1, g2
		l.runner.For(r.nChunks, w, l.colTask)
		l.g1, l.g2 = nil, nil
	}
	return v
}

// colRange writes the gradient rows of column task t.
func (l *NTXentLoss) colRange(t int) {
	r := &l.r
	dp, n := r.dp, l.n
	j0, j1 := r.span(t, 2*n)
	r.colRange(j0, j1)
	inv := 1 / l.Tau
	for j := j0; j < j1; j++ {
		// ∂L/∂û_j = gA_j/τ + gB_j (row and column of the symmetric similarity).
		g, row := l.g1, j
		if j >= n {
			g, row = l.g2, j-n
		}
		if g == nil {
			continue
		}
		gj := r.gB[j*dp : (j+1)*dp]
		ga := r.gA[j*dp : (j+1)*dp]
		for k := range gj {
			gj[k] += ga[k] * inv
		}
		backNorm(g, row, gj, l.u[j*dp:(j+1)*dp], l.nrm[j], 1)
	}
}

// EvalLogits implements LogitLoss on the 2n×2n joint logits.
func (l *NTXentLoss) EvalLogits(s, gs *mat.Dense) float64 {
	n := checkLogits(NTXent, s, gs, 2)
	return l.lg.eval(s, gs, ruleInfoNCE, ntxentParams(float64(2*n)), n, true)
}

// CountsOf for ntxent: all 2N views are anchors and candidates, self masked.
func (l *NTXentLoss) CountsOf(dst *Counts, m int, view1, view2 []int) {
	dst.reset(m)
	dst.Self = true
	for a, i := range view1 {
		j := view2[a]
		dst.Anchors[i*m+j]++
		dst.Anchors[j*m+i]++
		dst.Candidates[i]++
		dst.Candidates[j]++
	}
}

// EvalCounts implements CountLoss.
func (l *NTXentLoss) EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64 {
	return evalCounts(theta, c, g, ruleInfoNCE, ntxentParams(sumOf(c.Candidates)))
}
