package loss

import "gonum.org/v1/gonum/mat"

// dhelLoss is the decoupled hyperspherical energy loss of Koromilas et al. (2024) in
// its default form (include_augs = true of the authors' code):
//
//	ℓ_a = −u_a·v_a/τ + log Σ_{b≠a} exp(u_a·u_b/τ) + log Σ_{b≠a} exp(v_a·v_b/τ),
//
// with u, v the unit view-1 and view-2 embeddings: the positive is cross-view, the
// negatives are within-view. It has no cross-view logit form.
type dhelLoss struct {
	p      Params
	ru, rv run
	u, v   []float64
	nu, nv []float64
	align  []float64
	g1, g2 *mat.Dense
	n      int
	stage  int
	ph     phase
}

func newDHEL(p Params) *dhelLoss {
	l := &dhelLoss{p: p}
	for _, r := range []*run{&l.ru, &l.rv} {
		r.rule, r.tau, r.mask, r.posOff = ruleLSE, p.Tau, true, -1
	}
	return l
}

func (l *dhelLoss) Name() string { return DHEL }

func (l *dhelLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(DHEL, z1, z2, g1, g2)
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
	l.stage = stageRows
	parallel(l, 2*l.ru.nChunks, &l.ph)
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
	v -= a / l.p.Tau / float64(n)
	if grad {
		l.g1, l.g2 = g1, g2
		l.stage = stageCols
		parallel(l, l.ru.nChunks, &l.ph)
		l.g1, l.g2 = nil, nil
	}
	return v
}

func (l *dhelLoss) runTask(t int) {
	c := l.ru.nChunks
	if l.stage == stageRows {
		if t < c {
			l.ru.rowTask(t)
		} else {
			l.rv.rowTask(t - c)
		}
		return
	}
	dp, n := l.ru.dp, l.n
	j0, j1 := l.ru.span(t, n)
	l.ru.colRange(j0, j1)
	l.rv.colRange(j0, j1)
	inv := 1 / l.p.Tau
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
