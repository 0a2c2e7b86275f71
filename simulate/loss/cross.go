package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// cross is the engine of the cross-view losses (InfoNCELoss, DCLLoss, SCInfoNCELoss,
// SCInfoNCEDecoupledLoss): anchors are the view-1 rows, candidates the view-2 rows,
// the positive of anchor a is candidate a and the other n−1 candidates are its
// negatives. Each of those types embeds one and passes its rule and parameters
// (crossSpec) to every call.
type cross struct {
	r       run
	u1, u2  []float64
	n1, n2  []float64
	g1, g2  *mat.Dense
	n       int
	invTau  float64
	runner  chunks.Runner
	rowTask func(c int) // r.rowTask and colTask, bound once: a call allocates nothing
	colTask func(c int)
	lg      logitScratch
}

// crossSpec is what a cross-view loss type tells the engine: its name (for panics),
// rule, parameters and worker count.
type crossSpec struct {
	name             string
	rule             rule
	tau, alpha, beta float64
	workers          int
}

// params returns the rule constants of a batch of n sources.
func (sp crossSpec) params(n float64) ruleParams {
	return ruleParams{inv: 1 / n, k: n - 1, alpha: sp.alpha, beta: sp.beta}
}

// Layout of every cross-view loss: CrossView.
func (c *cross) Layout() Layout { return CrossView }

// LogitSize returns n: the cross-view logits are n×n.
func (c *cross) LogitSize(n int) int { return n }

// CountsOf for the cross-view losses: anchors are view-1 views, candidates view-2.
func (c *cross) CountsOf(dst *Counts, m int, view1, view2 []int) {
	dst.reset(m)
	for a, i := range view1 {
		dst.Anchors[i*m+view2[a]]++
		dst.Candidates[view2[a]]++
	}
}

func (c *cross) eval(sp crossSpec, z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(sp.name, z1, z2, g1, g2)
	if c.rowTask == nil {
		c.rowTask, c.colTask = c.r.rowTask, c.colRange
	}
	grad := g1 != nil || g2 != nil
	r := &c.r
	r.rule, r.tau, r.posOff, r.mask = sp.rule, sp.tau, 0, false
	r.rp = sp.params(float64(n))
	r.resize(n, n, d, grad)
	dp := r.dp
	c.u1, c.u2 = grow(c.u1, n*dp), grow(c.u2, n*dp)
	c.n1, c.n2 = grow(c.n1, n), grow(c.n2, n)
	normaliseRows(c.u1, c.n1, z1, 0, dp)
	normaliseRows(c.u2, c.n2, z2, 0, dp)
	r.setAnchors(c.u1)
	r.setCandidates(c.u2)
	c.n, c.invTau = n, 1/sp.tau
	w := chunks.Workers(sp.workers)
	c.runner.For(r.nChunks, w, c.rowTask)
	v := r.finishRows()
	if grad {
		c.g1, c.g2 = g1, g2
		c.runner.For(r.nChunks, w, c.colTask)
		c.g1, c.g2 = nil, nil
	}
	return v
}

// colRange writes the gradient rows of column task t.
func (c *cross) colRange(t int) {
	r := &c.r
	dp := r.dp
	j0, j1 := r.span(t, c.n)
	if c.g2 != nil {
		r.colRange(j0, j1)
	}
	for j := j0; j < j1; j++ {
		if c.g1 != nil {
			backNorm(c.g1, j, r.gA[j*dp:(j+1)*dp], c.u1[j*dp:(j+1)*dp], c.n1[j], c.invTau)
		}
		if c.g2 != nil {
			backNorm(c.g2, j, r.gB[j*dp:(j+1)*dp], c.u2[j*dp:(j+1)*dp], c.n2[j], 1)
		}
	}
}

func (c *cross) evalLogits(sp crossSpec, s, gs *mat.Dense) float64 {
	n := checkLogits(sp.name, s, gs, 1)
	return c.lg.eval(s, gs, sp.rule, sp.params(float64(n)), 0, false)
}

func (c *cross) evalCounts(sp crossSpec, theta mat.Matrix, cn *Counts, g *mat.Dense) float64 {
	return evalCounts(theta, cn, g, sp.rule, sp.params(sumOf(cn.Candidates)))
}
