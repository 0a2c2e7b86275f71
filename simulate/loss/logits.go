package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

// logitScratch evaluates a rule on a logit matrix row by row (the free-logit path).
type logitScratch struct{ e []float64 }

// eval returns the mean of the rule over the rows of s (positive of row i at column
// (i+posOff) mod side, self column masked if mask) and writes ∂L/∂s into gs if non-nil.
// Each row is shifted by its maximum (over the negatives for decoupled rules).
func (ls *logitScratch) eval(s, gs *mat.Dense, rl rule, rp ruleParams, posOff int, mask bool) float64 {
	raw := s.RawMatrix()
	ns := raw.Rows
	ls.e = grow(ls.e, ns)
	total := 0.0
	for i := 0; i < ns; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+ns]
		p, m := (i+posOff)%ns, -1
		if mask {
			m = i
		}
		in := rowIn{sPos: row[p]}
		skip := -1
		if rl.decoupled() {
			skip = p
		}
		in.shift = rowMax(row, skip, m)
		if rl.usesSum() {
			for j, v := range row {
				if j != p && j != m {
					in.sumNeg += v
				}
			}
		}
		in.ePos = kernels.Exp(in.sPos - in.shift)
		e := ls.e[:ns]
		copy(e, row)
		in.zNeg = expExcept(e, p, m, in.shift)
		o := rl.apply(in, rp)
		total += o.loss
		if gs == nil {
			continue
		}
		g := gs.RawMatrix()
		gr := g.Data[i*g.Stride : i*g.Stride+ns]
		for j, v := range e {
			gr[j] = o.cNeg*v + o.cConst
		}
		gr[p] = o.gPos
		if m >= 0 {
			gr[m] = 0
		}
	}
	return total * rp.inv
}

// checkLogits panics unless s (and gs if non-nil) is square of side factor·n with
// n ≥ 2; it returns n.
func checkLogits(name string, s, gs *mat.Dense, factor int) int {
	if s == nil {
		panic("loss: " + name + ": nil logit matrix")
	}
	r, c := s.Dims()
	if r != c || r%factor != 0 {
		panic(mat.ErrShape)
	}
	if gs != nil {
		if gr, gc := gs.Dims(); gr != r || gc != c {
			panic(mat.ErrShape)
		}
	}
	if n := r / factor; n < 2 {
		panic("loss: " + name + ": logits of n < 2 sources: each anchor needs at least one negative (callers validate the batch size)")
	}
	return r / factor
}
