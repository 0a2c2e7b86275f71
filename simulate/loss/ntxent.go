package loss

import "gonum.org/v1/gonum/mat"

// ntxentLoss is NT-Xent (SimCLR): the 2n views W = [z1; z2] are anchors and candidates
// of one 2n×2n similarity matrix with the self entries masked; the positive of view i
// is view (i+n) mod 2n, the other 2n−2 views are its negatives; mean over 2n anchors.
type ntxentLoss struct {
	p      Params
	r      run
	u, nrm []float64
	g1, g2 *mat.Dense
	n      int
	stage  int
	ph     phase
	lg     logitScratch
}

func newNTXent(p Params) *ntxentLoss {
	l := &ntxentLoss{p: p}
	l.r.rule, l.r.tau, l.r.mask = ruleInfoNCE, p.Tau, true
	return l
}

func (l *ntxentLoss) Name() string { return NTXent }

func (l *ntxentLoss) LogitSize(n int) int { return 2 * n }

func (l *ntxentLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(NTXent, z1, z2, g1, g2)
	grad := g1 != nil || g2 != nil
	r := &l.r
	r.posOff = n
	r.rp = ruleParams{inv: 1 / float64(2*n), k: float64(2*n - 2)}
	r.resize(2*n, 2*n, d, grad)
	dp := r.dp
	l.u, l.nrm = grow(l.u, 2*n*dp), grow(l.nrm, 2*n)
	normaliseRows(l.u, l.nrm, z1, 0, dp)
	normaliseRows(l.u, l.nrm, z2, n, dp)
	r.setAnchors(l.u)
	r.setCandidates(l.u)
	l.n = n
	l.stage = stageRows
	parallel(l, r.nChunks, &l.ph)
	v := r.finishRows()
	if grad {
		l.g1, l.g2 = g1, g2
		l.stage = stageCols
		parallel(l, r.nChunks, &l.ph)
		l.g1, l.g2 = nil, nil
	}
	return v
}

func (l *ntxentLoss) runTask(t int) {
	r := &l.r
	if l.stage == stageRows {
		r.rowTask(t)
		return
	}
	dp, n := r.dp, l.n
	j0, j1 := r.span(t, 2*n)
	r.colRange(j0, j1)
	inv := 1 / l.p.Tau
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

func (l *ntxentLoss) EvalLogits(s, gs *mat.Dense) float64 {
	n := checkLogits(NTXent, s, gs, 2)
	rp := ruleParams{inv: 1 / float64(2*n), k: float64(2*n - 2)}
	return l.lg.eval(s, gs, ruleInfoNCE, rp, n, true)
}
