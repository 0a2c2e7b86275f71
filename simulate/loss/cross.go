package loss

import "gonum.org/v1/gonum/mat"

const (
	stageRows = iota
	stageCols
)

// crossLoss is a cross-view loss (infonce, dcl, scinfonce, scinfonce-decoupled):
// anchors are the view-1 rows, candidates the view-2 rows, the positive of anchor a is
// candidate a and the other n−1 candidates are its negatives.
type crossLoss struct {
	name   string
	rule   rule
	p      Params
	r      run
	u1, u2 []float64
	n1, n2 []float64
	g1, g2 *mat.Dense
	n      int
	stage  int
	ph     phase
	lg     logitScratch
}

func newCross(name string, rl rule, p Params) *crossLoss {
	l := &crossLoss{name: name, rule: rl, p: p}
	l.r.rule, l.r.tau, l.r.posOff = rl, p.Tau, 0
	return l
}

func (l *crossLoss) Name() string { return l.name }

func (l *crossLoss) LogitSize(n int) int { return n }

func (l *crossLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(l.name, z1, z2, g1, g2)
	grad := g1 != nil || g2 != nil
	r := &l.r
	r.rp = ruleParams{inv: 1 / float64(n), k: float64(n - 1), alpha: l.p.Alpha, beta: l.p.Beta}
	r.resize(n, n, d, grad)
	dp := r.dp
	l.u1, l.u2 = grow(l.u1, n*dp), grow(l.u2, n*dp)
	l.n1, l.n2 = grow(l.n1, n), grow(l.n2, n)
	normaliseRows(l.u1, l.n1, z1, 0, dp)
	normaliseRows(l.u2, l.n2, z2, 0, dp)
	r.setAnchors(l.u1)
	r.setCandidates(l.u2)
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

func (l *crossLoss) runTask(t int) {
	r := &l.r
	if l.stage == stageRows {
		r.rowTask(t)
		return
	}
	dp := r.dp
	j0, j1 := r.span(t, l.n)
	if l.g2 != nil {
		r.colRange(j0, j1)
	}
	for j := j0; j < j1; j++ {
		if l.g1 != nil {
			backNorm(l.g1, j, r.gA[j*dp:(j+1)*dp], l.u1[j*dp:(j+1)*dp], l.n1[j], 1/l.p.Tau)
		}
		if l.g2 != nil {
			backNorm(l.g2, j, r.gB[j*dp:(j+1)*dp], l.u2[j*dp:(j+1)*dp], l.n2[j], 1)
		}
	}
}

func (l *crossLoss) EvalLogits(s, gs *mat.Dense) float64 {
	n := checkLogits(l.name, s, gs, 1)
	rp := ruleParams{inv: 1 / float64(n), k: float64(n - 1), alpha: l.p.Alpha, beta: l.p.Beta}
	return l.lg.eval(s, gs, l.rule, rp, 0, false)
}
