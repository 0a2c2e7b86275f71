package proofs

import (
	"fmt"
	"math"
	"strings"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Registry returns the ledger: one entry per claim C1–C30 of docs/theory.md §8, in order.
// The tests of this package (one per claim id) and the claims notebook run these same
// entries.
func Registry() []Entry {
	return []Entry{
		analytic("C1", "c1 is symmetric, non-negative, PSD and sums to 1", goldenMatrix("c1", func(s *feature.Space) mat.Matrix { return s.PositiveJoint() }, goldenC1, 6)),
		analytic("C2", "c2 is symmetric, rank-1 PSD and sums to 1", goldenMatrix("c2", func(s *feature.Space) mat.Matrix { return s.NegativeJoint() }, goldenC2, 6)),
		analytic("C3", "the row sums of c1 and c2 equal q", goldenMatrix("q", func(s *feature.Space) mat.Matrix { return mat.NewDense(1, 3, s.ViewMarginal()) }, [][]float64{goldenQ}, 6)),
		analytic("C4", "c1 − c2 is PSD with the all-ones vector in its kernel"),
		analytic("C5", "Σ_j q_j ρ_ij = 1 for every i", goldenMatrix("ρ", func(s *feature.Space) mat.Matrix { return s.DensityRatio() }, goldenRho, 6)),
		analytic("C6", "Σ c1 log ρ = I(V1;V2) ≥ 0, zero iff A is uninformative", goldenMI),
		analytic("C7", "A = I and an uninformative A give the closed forms of §2"),
		analytic("C8", "relabelling the states permutes every quantity"),
		{ID: "C9", Statement: "Monte Carlo pair frequencies converge to c1 and c2 within k standard errors", Routes: []Route{RouteMonteCarlo}, Run: runC9},
		analytic("C10", "0 < T1 < 1, increasing in ρ, decreasing in N", goldenMatrix("T1(N=1000)", func(s *feature.Space) mat.Matrix { return s.InfoNCETarget(feature.ToyBatchSize) }, goldenT1, 9)),
		{ID: "C11", Statement: "the mean-field InfoNCE gradient vanishes at T1", Routes: []Route{RouteProperty}, Run: runC11},
		{ID: "C12", Statement: "T1 is attained by e^s = Mρ", Routes: []Route{RouteProperty, RouteEnumeration}, Run: runC12},
		{ID: "C13", Statement: "free-logit training reaches T1 within 0.5 %", Routes: []Route{RouteTraining, RouteEnumeration}, Run: runC13},
		{ID: "C14", Statement: "learned logit differences equal log ρ differences", Routes: []Route{RouteTraining, RouteEnumeration, RouteProperty}, Run: runC14},
		{ID: "C15", Statement: "the InfoNCE row gradient sums to 0", Routes: []Route{RouteProperty, RouteEnumeration}, Run: runC15},
		analytic("C16", "the population loss at T1 is log(N−1) − I + O(1/N)"),
		{ID: "C17", Statement: "exact optimal free logits are log ρ + const at every N; the exactly averaged positive-pair probability approaches T1 with a relative gap ∝ 1/N", Routes: []Route{RouteProperty, RouteEnumeration, RouteClosedForm}, Run: runC17},
		{ID: "C18", Statement: "the scinfonce positive gradient is −α, the negative P + β/(N−1)", Routes: []Route{RouteProperty}, Run: runC18},
		{ID: "C19", Statement: "the SC row gradients sum to 1 + β − α − P_aa (decoupled: − p̃)", Routes: []Route{RouteProperty, RouteEnumeration}, Run: runC19},
		analytic("C20", "the mean-field SC gradient vanishes at T2"),
		analytic("C21", "T2(1, 0) = T1(1 + ρ/(N−1))", goldenMatrix("T2(1,0)(N=1000)", func(s *feature.Space) mat.Matrix { return s.SCTarget(feature.ToyBatchSize, 1, 0) }, goldenT2, 9)),
		analytic("C22", "Σ_j q_j T2_ij = (α − β)/(N−1)", goldenWeightedRowSums),
		{ID: "C23", Statement: "with α − β = 1 free-logit training reaches T2 within 0.5 %", Routes: []Route{RouteTraining, RouteEnumeration}, Run: runC23},
		{ID: "C24", Statement: "with α − β ≠ 1 the free logits drift and never reach T2", Routes: []Route{RouteProperty, RouteTraining, RouteEnumeration}, Run: runC24},
		analytic("C25", "T2 increases with α, decreases with β, and follows ρ across pairs when α > 0", goldenTargetOrder),
		analytic("C26", "T2 < 0 iff β > αρ_ij", goldenNegativePairs),
		{ID: "C27", Statement: "collapse criterion R2 (αρ_ij ≥ 1 + β for all pairs), confirmed by training: (1, −0.2) collapses, (0.5, 0.2) spreads", Routes: []Route{RouteProperty, RouteClosedForm, RouteOptimum, RouteTraining}, Run: runC27},
		analytic("C28", "the decoupled variant's exact fixed point p̃* = (αc1 − βc2)/((N−1)c2 − c1)"),
		{ID: "C29", Statement: "per-state unit embeddings cannot attain T1 unless all ρ_ii are equal; their optimum is computed and trained encoders reach it", Routes: []Route{RouteProperty, RouteOptimum, RouteTraining}, Run: runC29},
		{ID: "C30", Statement: "every hand-written gradient equals finite differences", Routes: []Route{RouteFiniteDiff}, Run: runC30},
	}
}

// Golden numbers of docs/theory.md §7 (the toy, N = 1000), as printed.
var (
	goldenQ   = []float64{0.3, 0.366667, 0.333333}
	goldenC1  = [][]float64{{0.110000, 0.103333, 0.086667}, {0.103333, 0.143333, 0.120000}, {0.086667, 0.120000, 0.126667}}
	goldenC2  = [][]float64{{0.090000, 0.110000, 0.100000}, {0.110000, 0.134444, 0.122222}, {0.100000, 0.122222, 0.111111}}
	goldenRho = [][]float64{{1.222222, 0.939394, 0.866667}, {0.939394, 1.066116, 0.981818}, {0.866667, 0.981818, 1.140000}}
	goldenT1  = [][]float64{{0.001221951, 0.000939451, 0.000866782}, {0.000939451, 0.001066045, 0.000981836}, {0.000866782, 0.000981836, 0.001139840}}
	goldenT2  = [][]float64{{0.001223446, 0.000940334, 0.000867534}, {0.000940334, 0.001067183, 0.000982801}, {0.000867534, 0.000982801, 0.001141141}}
)

// toyCheck is a closed-form check on the toy.
type toyCheck func(rc RunConfig) (Check, error)

// analytic is an entry whose claim is checked by the gopter properties of Ledger with
// its id, plus closed-form checks on the toy.
func analytic(id, statement string, toy ...toyCheck) Entry {
	routes := []Route{RouteProperty}
	if len(toy) > 0 {
		routes = append(routes, RouteClosedForm)
	}
	return Entry{ID: id, Statement: statement, Routes: routes, Run: func(rc RunConfig) Outcome {
		o := Outcome{ID: id}
		o.add(ledgerChecks(rc, id)...)
		for _, f := range toy {
			c, err := f(rc)
			if err != nil {
				o.fail(err)
				continue
			}
			o.add(c)
		}
		return o
	}}
}

// goldenMatrix compares a toy quantity with docs/theory.md §7's printed values: a value
// printed with d decimals is within 0.5·10⁻ᵈ of the truth.
func goldenMatrix(name string, f func(s *feature.Space) mat.Matrix, want [][]float64, decimals int) toyCheck {
	return func(RunConfig) (Check, error) {
		got := f(feature.Toy())
		g := mat.NewDense(len(want), len(want[0]), nil)
		for i := range want {
			g.SetRow(i, want[i])
		}
		worst, wi, wj := math.Inf(-1), 0, 0
		for i := range want {
			for j := range want[i] {
				if d := math.Abs(got.At(i, j) - want[i][j]); d > worst || math.IsNaN(d) {
					worst, wi, wj = d, i, j
				}
			}
		}
		if math.IsNaN(worst) {
			worst = math.Inf(1)
		}
		return Check{Route: RouteClosedForm, Quantity: "toy " + name + " vs docs/theory.md §7", Entry: at(wi, wj), Predicted: want[wi][wj], Measured: got.At(wi, wj),
			Err: worst, Tol: 0.5 * math.Pow(10, -float64(decimals)), Origin: fmt.Sprintf("half a unit of the %d printed decimals", decimals)}, nil
	}
}

func goldenMI(RunConfig) (Check, error) {
	const want = 0.0057183
	got := feature.Toy().MutualInformation()
	return Check{Route: RouteClosedForm, Quantity: "toy I(V1;V2) vs docs/theory.md §7", Predicted: want, Measured: got,
		Err: math.Abs(got - want), Tol: 0.5e-7, Origin: "half a unit of the 7 printed decimals"}, nil
}

// goldenWeightedRowSums checks C22 on docs/theory.md §7's printed T2(1, 0): its rows weighted
// by the toy's q (feature.WeightedRowSums) sum to (α − β)/(N−1) = 1/999 within the
// printing error Σ_j q_j·½·10⁻⁹ = ½·10⁻⁹ (T2 printed to 9 decimals, Σ q = 1), plus
// relTol(3)/999 for the float64 sums.
func goldenWeightedRowSums(RunConfig) (Check, error) {
	t2 := mat.NewDense(3, 3, nil)
	for i := range goldenT2 {
		t2.SetRow(i, goldenT2[i])
	}
	want := 1 / float64(feature.ToyBatchSize-1)
	c := Check{Route: RouteClosedForm, Quantity: "toy Σ_j q_j T2_ij of the printed T2(1, 0) (docs/theory.md §7) vs (α − β)/(N−1)", Predicted: want, Err: math.Inf(-1),
		Tol: 0.5e-9 + relTol(3)*want, Origin: "the printing error Σ_j q_j·½·10⁻⁹ of the 9 printed decimals, plus float64 rounding"}
	for i, v := range feature.Toy().WeightedRowSums(t2) {
		if d := math.Abs(v - want); d > c.Err || math.IsNaN(d) {
			c.Entry, c.Measured, c.Err = fmt.Sprintf("row %d", i), v, d
			if math.IsNaN(d) {
				c.Err = math.Inf(1)
			}
		}
	}
	return c, nil
}

// goldenTargetOrder checks C25's "T2 follows ρ across pairs" on the toy against docs/theory.md
// §7's printed ρ: for α = 1.5, β = 0.5 and α = 0.5, β = −1, feature's T2 orders the six
// distinct pairs exactly as the printed ρ does (the printed ρ entries differ by ≥ 0.01 ≫
// their ½·10⁻⁶ printing error, so their order is exact). Err counts inversions.
func goldenTargetOrder(RunConfig) (Check, error) {
	s := feature.Toy()
	n := feature.ToyBatchSize
	var inversions int
	for _, ab := range [][2]float64{{1.5, 0.5}, {0.5, -1}} {
		t2 := s.SCTarget(n, ab[0], ab[1])
		for a := 0; a < 9; a++ {
			for b := 0; b < 9; b++ {
				i, j, k, l := a/3, a%3, b/3, b%3
				if i > j || k > l || goldenRho[i][j] >= goldenRho[k][l] {
					continue
				}
				if !(t2.At(i, j) < t2.At(k, l)) {
					inversions++
				}
			}
		}
	}
	return Check{Route: RouteClosedForm, Quantity: "toy T2 at (1.5, 0.5) and (0.5, −1): pairs ordered as the printed ρ of docs/theory.md §7", Unit: "inversions",
		Measured: float64(inversions), Err: float64(inversions), Origin: "exact (an order; printed ρ entries 0.01 or more apart)"}, nil
}

// goldenNegativePairs checks C26 on the toy against docs/theory.md §7's printed ρ: at α = 1,
// β = 0.9 exactly the pair with printed ρ < 0.9, (0, 2), has T2 < 0, and at β = 0.95 also
// (0, 1) (ρ = 0.939394); feature.NegativeTargetPairs (pairs i ≤ j) must return exactly
// those. The β sit ≥ 0.03 from every printed ρ, far outside its printing error.
func goldenNegativePairs(RunConfig) (Check, error) {
	s := feature.Toy()
	var mism int
	var notes []string
	for _, beta := range []float64{0.9, 0.95} {
		want := map[feature.Pair]bool{}
		for i := range goldenRho {
			for j := i; j < len(goldenRho[i]); j++ { // pairs i ≤ j, as NegativeTargetPairs lists them
				if beta > goldenRho[i][j] {
					want[feature.Pair{I: i, J: j}] = true
				}
			}
		}
		got := map[feature.Pair]bool{}
		for _, p := range s.NegativeTargetPairs(1, beta) {
			got[p] = true
		}
		for p := range want {
			if !got[p] {
				mism++
				notes = append(notes, fmt.Sprintf("β = %g: %v missing", beta, p))
			}
		}
		for p := range got {
			if !want[p] {
				mism++
				notes = append(notes, fmt.Sprintf("β = %g: %v not negative", beta, p))
			}
		}
	}
	return Check{Route: RouteClosedForm, Quantity: "toy feature.NegativeTargetPairs(α = 1, β = 0.9 and 0.95) vs the pairs with printed ρ < β (docs/theory.md §7)", Unit: "mismatches",
		Measured: float64(mism), Err: float64(mism), Origin: "exact (β ≥ 0.03 from every printed ρ)", Note: strings.Join(notes, "; ")}, nil
}

func runC9(rc RunConfig) Outcome {
	o := Outcome{ID: "C9"}
	draws, toyDraws := 20000, 200000
	if rc.Quick {
		draws, toyDraws = 5000, 20000
	}
	inputs := max(10, rc.inputs()/4)
	o.add(propertyCheck(rc, RouteMonteCarlo, "C9 frequencies on generated spaces", c9Property(draws, inputs), inputs,
		fmt.Sprintf("exact two-sided binomial tails, Bonferroni α = %g over every entry of every input, %d draws each", FamilyAlpha, draws)))
	c, err := MonteCarloC9(feature.Toy(), feature.ToyBatchSize, toyDraws, DeriveSeed(rc.Seed, "C9/toy"))
	o.fail(err)
	if err == nil {
		c.Quantity = "toy: " + c.Quantity
		o.add(c)
	}
	return o
}

// jensenGapCheck compares the exact batch-averaged probability at s = log ρ with T1 at
// n: the relative gap must equal the delta-method term of enumerate.LeadingGap within the
// first omitted order, |−(N−1)κ3_i/a³| + 3(N−1)²v_i²/a⁴ (a = ρ_ij + N − 1, κ3_i =
// Σ_l q_l(ρ_il − 1)³; enumerate.LeadingGap doc), doubled to cover the O(N⁻³) rest.
func jensenGapCheck(s *feature.Space, n int) (Check, error) {
	if err := enumerate.CheckSize(s.Len(), n); err != nil {
		return Check{}, err
	}
	gap := enumerate.RelativeGap(nil, s, n)
	lead := enumerate.LeadingGap(nil, s, n)
	v := enumerate.RowChiSquare(s)
	q := s.ViewMarginal()
	rho := s.DensityRatio()
	m := s.Len()
	k := float64(n - 1)
	c := Check{Route: RouteEnumeration, Quantity: fmt.Sprintf("relative gap E[P](log ρ)/T1 − 1 vs (N−1)v_i/(ρ+N−1)², N = %d", n), Unit: "rel",
		Origin: "first omitted order of the delta method, doubled (enumerate.LeadingGap)"}
	worst := math.Inf(-1)
	for i := 0; i < m; i++ {
		var k3 float64
		for l := 0; l < m; l++ {
			d := rho.At(i, l) - 1
			k3 += q[l] * d * d * d
		}
		for j := 0; j < m; j++ {
			a := rho.At(i, j) + k
			tol := 2 * (math.Abs(k*k3)/(a*a*a) + 3*k*k*v[i]*v[i]/(a*a*a*a))
			d := math.Abs(gap.At(i, j) - lead.At(i, j))
			if r := d / tol; r > worst || math.IsNaN(r) {
				worst = r
				c.Entry, c.Predicted, c.Measured, c.Err, c.Tol = at(i, j), lead.At(i, j), gap.At(i, j), d, tol
				if math.IsNaN(r) {
					c.Err = math.Inf(1)
				}
			}
		}
	}
	return c, nil
}

func runC11(rc RunConfig) Outcome {
	o := Outcome{ID: "C11"}
	o.add(ledgerChecks(rc, "C11")...)
	s := feature.Toy()
	n := feature.ToyBatchSize
	t1 := s.InfoNCETarget(n)
	rho := s.DensityRatio()
	var d []float64
	for i := 0; i < s.Len(); i++ {
		for j := 0; j < s.Len(); j++ {
			d = append(d, math.Log(t1.At(i, j)/rho.At(i, j)))
		}
	}
	lo, hi := minMax(d)
	o.Corrected = fmt.Sprintf("the mean-field loss is stationary at s = log T1 + const, i.e. e^s = M·ρ/(ρ + N − 1): e^s = Mρ holds there only to O(ρ/N) (toy, N = %d: logit differences off by up to %.2g), while the exact sampled-batch optimum is log ρ + const at every N (C17)", n, hi-lo)
	return o
}

func runC12(rc RunConfig) Outcome {
	o := Outcome{ID: "C12"}
	o.add(ledgerChecks(rc, "C12")...)
	c, err := jensenGapCheck(feature.Toy(), feature.ToyBatchSize)
	o.fail(err)
	if err == nil {
		o.add(c)
		o.Corrected = fmt.Sprintf("e^s = Mρ gives exactly T1 in the per-pair mean field; averaged exactly over batches it exceeds T1 by the relative Jensen gap v_i/N + O(N⁻²) (toy, N = %d: %.2g)", feature.ToyBatchSize, c.Measured)
	}
	return o
}

// claimTol is the 0.5 % of C13 and C23 (docs/theory.md §5, level 1).
const claimTol = 0.005

func runC13(rc RunConfig) Outcome {
	o := Outcome{ID: "C13"}
	s := feature.Toy()
	runs, err := sharedFreeLogits(rc, loss.InfoNCE, 1, 0)
	if err != nil {
		o.fail(err)
		return o
	}
	fp, err := sharedFixedPoint(rc, loss.InfoNCE, 1, 0)
	if err != nil {
		o.fail(err)
		return o
	}
	t1 := s.InfoNCETarget(feature.ToyBatchSize)
	mean, se := replicateMatrix(len(runs.Results), func(k int) mat.Matrix { return runs.Results[k].PairProb })
	seRel := maxRatio(se, mean)
	reach := runs.ReachesWithin(t1, "T1", claimTol, fmt.Sprintf("the claim's 0.5 %% (docs/theory.md §5: T1 is exactly attainable at level 1, so only noise remains: SE of P̄ ≤ %.2g %%, Jensen gap %.1e)", 100*seRel, feature.MaxRelGap(fp.Prob, t1)))
	o.add(reach, quotedCheck(rc, RouteTraining, fmt.Sprintf("max_ij |P̄_ij − T1_ij|/T1_ij (mean of %d runs)", len(runs.Results)), quoteC13Mean, reach.Err))
	z := runs.AgreesWith(fp.Prob, "E[P](log ρ)")
	z.Quantity += " (exact fixed point of training, enumeration)"
	o.add(z)
	// The claim on the enumeration route: where sampled-batch SGD goes, exactly.
	o.add(relGapCheck(RouteEnumeration, fp.Prob, t1, "max_ij |E[P](θ*)_ij − T1_ij|/T1_ij, θ* = log ρ the exact fixed point of sampled-batch SGD", claimTol, "the claim's 0.5 % (docs/theory.md §5)"))
	return o
}

func maxRatio(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	var mx float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			mx = math.Max(mx, math.Abs(a.At(i, j)/b.At(i, j)))
		}
	}
	return mx
}

// CheckC14MeanFieldOffset checks the bound behind the subtlety of C14 on s at n: the
// mean-field stationary logits log T1 + const (C11) differ from the exact optimum
// log ρ + const (C17) by d_ij = −log(ρ_ij + N − 1), and for any two pairs
// |d_ij − d_kl| ≤ |ρ_ij − ρ_kl|/(N − 1) ≤ (ρ_max − ρ_min)/(N − 1) (mean value theorem).
// Tolerance: each d is a log of a rounded sum, accurate to relTol·(1 + |log|) absolute.
func CheckC14MeanFieldOffset(s *feature.Space, n int) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	t1 := s.InfoNCETarget(n)
	rho := s.DensityRatio()
	m := s.Len()
	k := float64(n - 1)
	var d, r []float64
	var mag float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if !(rho.At(i, j) > 0) {
				continue
			}
			d = append(d, math.Log(t1.At(i, j))-math.Log(rho.At(i, j)))
			r = append(r, rho.At(i, j))
			mag = math.Max(mag, math.Abs(math.Log(t1.At(i, j)))+math.Abs(math.Log(rho.At(i, j))))
		}
	}
	lo, hi := minMax(d)
	rlo, rhi := minMax(r)
	bound := (rhi - rlo) / k
	tol := 4 * relTol(m) * (1 + mag)
	if !(hi-lo <= bound+tol) {
		return &Violation{Claim: "C14", Quantity: "range of log T1 − log ρ", Got: hi - lo, Relation: "≤", Want: bound, Tol: tol, Detail: "(ρ_max − ρ_min)/(N − 1)"}
	}
	return nil
}

func runC14(rc RunConfig) Outcome {
	o := Outcome{ID: "C14"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	runs, err := sharedFreeLogits(rc, loss.InfoNCE, 1, 0)
	if err != nil {
		o.fail(err)
		return o
	}
	lr, err := logRho(s)
	if err != nil {
		o.fail(err)
		return o
	}
	sym := symOf(lr)
	c, maxSE := runs.LogitDifferences(sym, "log ρ")
	o.add(c)
	// The mean-field alternative, log T1 + const: how far it is, and whether training
	// could see it.
	logT1 := mat.NewSymDense(s.Len(), nil)
	t1 := s.InfoNCETarget(n)
	for i := 0; i < s.Len(); i++ {
		for j := i; j < s.Len(); j++ {
			logT1.SetSym(i, j, math.Log(t1.At(i, j)))
		}
	}
	alt, _ := runs.LogitDifferences(logT1, "log T1")
	offP := packSym(logT1)
	refP := packSym(sym)
	for i := range offP {
		offP[i] -= refP[i]
	}
	lo, hi := minMax(offP)
	mn, err := sharedMinimiser(rc, 128)
	if err != nil {
		o.fail(err)
	} else {
		o.add(Check{Route: RouteEnumeration, Quantity: "exact optimum at N = 128: max |Δ(s*) − Δ(log ρ)| over row differences", Predicted: 0, Measured: mn.MaxDiff,
			Err: mn.MaxDiff, Tol: mn.Bound, Origin: "strong convexity ‖s − s*‖ ≤ ‖∇‖/λ_min at the minimiser found (C17)"})
	}
	o.add(propertyCheck(rc, RouteProperty, "C14 mean-field offset", prop.ForAll(func(sp Spec, n int) string {
		return onSpace(sp, func(s *feature.Space) error { return CheckC14MeanFieldOffset(s, n) })
	}, GenSpec(nil, nil), GenBatchSize()), rc.inputs(), roundingOrigin))
	kz := c.Tol
	o.Corrected = fmt.Sprintf("the learned logits are log ρ + const, the exact sampled-batch optimum (C17; training: max %.2f SE from it); the mean-field loss's stationary logits log T1 + const differ in their differences by ≤ (ρmax − ρmin)/(N−1) (toy, N = %d: %.2g) — below this training's resolution k·SE = %.2g (max %.2f SE from log T1), so enumeration, not training, separates them",
		c.Err, n, hi-lo, kz*maxSE, alt.Err)
	return o
}

// sharedMinimiser returns the shared exact minimisation of C17 on the toy at n.
func sharedMinimiser(rc RunConfig, n int) (*ExactMinimiser, error) {
	return sharedDo(rc.shared(), fmt.Sprintf("minimiser/N=%d", n), func() (*ExactMinimiser, error) {
		return MinimiseC17(feature.Toy(), n)
	})
}

// CheckC15ExactGradientSum checks the expectation form of C15 by enumeration: the exact
// expected InfoNCE gradient (enumerate) sums to 0 over all state pairs at any logits.
// Tolerance: m² entries, each accurate to ε·A_ik + u·c1_ik (GradientRoundingBound) with
// Σ A_ik = 2·(Σ of the positive parts) ≤ 2, plus m²u for the summation: (2ε + m²u)·2.
func CheckC15ExactGradientSum(s *feature.Space, n int, logits mat.Matrix) error {
	ex, err := enumerate.New(s, n)
	if err != nil {
		return err
	}
	m := s.Len()
	g := mat.NewDense(m, m, nil)
	ex.InfoNCE(g, logits)
	total := mat.Sum(g)
	tol := 2 * (2*ex.GradientRoundingBound(logits) + float64(m*m)*unitRoundoff)
	if !equalAbs(total, 0, tol) {
		return &Violation{Claim: "C15", Quantity: "Σ_ik exact ∂E[ℓ]/∂s_ik", Got: total, Relation: "=", Want: 0, Tol: tol, Detail: fmt.Sprintf("N = %d", n)}
	}
	return nil
}

// enumerationProperty runs check on enumerable generated spaces with N ∈ [2, 40], random
// m×m logits and generated α, β.
func enumerationProperty(check func(s *feature.Space, n int, logits mat.Matrix, alpha, beta float64) error) gopter.Prop {
	return prop.ForAll(func(sp Spec, n int, scale float64, seed uint64, alpha, beta float64) string {
		return onSpace(sp, func(s *feature.Space) error {
			return check(s, n, RandomLogits(s.Len(), scale, seed), alpha, beta)
		})
	}, enumerableSpecs(), gen.IntRange(2, 40), GenLogitScale(), gen.UInt64(), GenAlpha(), GenBeta())
}

func runC15(rc RunConfig) Outcome {
	o := Outcome{ID: "C15"}
	o.add(propertyCheck(rc, RouteProperty, "C15 infonce logit field", logitProperty(func(s *mat.Dense, _, _ float64) error { return CheckC15InfoNCERowGradient(s) }), rc.inputs(), "softmax rounding (n + 4 + spread)u per side (proofs/logitgrad.go)"))
	o.add(propertyCheck(rc, RouteEnumeration, "C15 exact expected gradient sums to 0", enumerationProperty(func(s *feature.Space, n int, l mat.Matrix, _, _ float64) error {
		return CheckC15ExactGradientSum(s, n, l)
	}), max(10, rc.inputs()/4), "enumerate.GradientRoundingBound"))
	return o
}

// c17Ns are the batch sizes of C17's minimisations on the toy.
func (c RunConfig) c17Ns() []int {
	if c.Quick {
		return []int{2, 16}
	}
	return []int{2, 4, 16, 128}
}

func runC17(rc RunConfig) Outcome {
	o := Outcome{ID: "C17"}
	s := feature.Toy()
	o.add(propertyCheck(rc, RouteProperty, "C17 exact gradient vanishes at log ρ", prop.ForAll(func(sp Spec, n int) string {
		return onSpace(sp, func(s *feature.Space) error { return CheckC17GradientVanishesAtLogRho(s, n) })
	}, enumerableSpecs(), gen.IntRange(2, 40)), max(10, rc.inputs()/4), "enumerate.GradientRoundingBound"))
	// The minimiser from zero logits at several N.
	worst := Check{Route: RouteEnumeration, Err: math.Inf(-1), Unit: "", Origin: "strong convexity: ‖s − s*‖ ≤ ‖∇‖₂/λ_min at the minimiser found (λ_min by central differences of the exact gradient)"}
	ratio := math.Inf(-1)
	for _, n := range rc.c17Ns() {
		mn, err := sharedMinimiser(rc, n)
		if err != nil {
			o.fail(err)
			continue
		}
		if r := mn.MaxDiff / mn.Bound; r > ratio || math.IsNaN(r) {
			ratio = r
			worst.Quantity = fmt.Sprintf("toy exact minimiser: max |(s*_ij − s*_i0) − log(ρ_ij/ρ_i0)| (worst of N = %v)", rc.c17Ns())
			worst.Entry = fmt.Sprintf("N = %d", n)
			worst.Predicted, worst.Measured, worst.Err, worst.Tol = 0, mn.MaxDiff, mn.MaxDiff, mn.Bound
		}
	}
	if !math.IsInf(ratio, -1) {
		o.add(worst)
	}
	if err := CheckC17GradientVanishesAtLogRho(s, feature.ToyBatchSize); err != nil {
		o.add(Check{Route: RouteEnumeration, Quantity: "toy exact gradient at log ρ, N = 1000", Err: 1, Tol: 0, Unit: "violations", Origin: "enumerate.GradientRoundingBound", Note: err.Error()})
	} else {
		o.add(Check{Route: RouteEnumeration, Quantity: "toy exact gradient at log ρ, N = 1000 (the training's N)", Err: 0, Tol: 0, Unit: "violations", Origin: "enumerate.GradientRoundingBound"})
	}
	// Jensen gap: the numbers quoted by README.md (and docs/theory.md §4), and the 1/N law.
	golden := []struct {
		n int
		q quote
	}{{2, quoteC17N2}, {16, quoteC17N16}, {128, quoteC17N128}}
	rows := enumerate.GapTable(s, []int{2, 16, 128})
	for k, g := range golden {
		o.add(quotedCheck(rc, RouteEnumeration, fmt.Sprintf("toy max relative gap E[P](log ρ)/T1 − 1 at N = %d", g.n), g.q, rows[k].Gap))
	}
	lawNs := []int{16, 128, feature.ToyBatchSize}
	var law Check
	lr := math.Inf(-1)
	for _, n := range lawNs {
		c, err := jensenGapCheck(s, n)
		if err != nil {
			o.fail(err)
			continue
		}
		if r := c.Err / c.Tol; r > lr || math.IsNaN(r) {
			lr, law = r, c
		}
	}
	if !math.IsInf(lr, -1) {
		law.Quantity = "toy relative gap vs the 1/N law (N−1)v_i/(ρ+N−1)² (worst of N = 16, 128, 1000)"
		o.add(law)
	}
	lim := enumerate.GapLimit(s)
	o.add(quotedCheck(rc, RouteClosedForm, "toy lim N·gap = max_i Σ_j q_j(ρ_ij − 1)² (enumerate.GapLimit)", quoteC17Limit, lim))
	full := enumerate.GapTable(s, []int{2, 16, 128, feature.ToyBatchSize})
	o.Corrected = fmt.Sprintf("log ρ + const is the exact optimum at every N (checked N = 2 … 1000); T1 is the exactly averaged probability only to O(1/N): relative gap v/N + O(N⁻²) — toy %.2g, %.2g, %.2g, %.2g at N = 2, 16, 128, 1000 (N·gap → %.4f)",
		full[0].Gap, full[1].Gap, full[2].Gap, full[3].Gap, lim)
	return o
}

func runC18(rc RunConfig) Outcome {
	o := Outcome{ID: "C18"}
	o.add(propertyCheck(rc, RouteProperty, "C18 scinfonce logit field", logitProperty(CheckC18SCLogitGradient), rc.inputs(), "softmax rounding (n + 4 + spread)u per side (proofs/logitgrad.go)"))
	return o
}

func runC19(rc RunConfig) Outcome {
	o := Outcome{ID: "C19"}
	o.add(propertyCheck(rc, RouteProperty, "C19 SC row sums (paper and decoupled)", logitProperty(CheckC19SCRowSums), rc.inputs(), "softmax rounding (n + 4 + spread)u per side plus n·u summation (proofs/logitgrad.go)"))
	o.add(propertyCheck(rc, RouteEnumeration, "C19 exact SC field total", enumerationProperty(CheckC19ExactFieldTotal), max(10, rc.inputs()/4), "enumerate.GradientRoundingBound"))
	return o
}

// onLine are the (α, β) of C23 on the attainable line α − β = 1; offLine those of C24
// (the reference code's CIFAR-10 and CIFAR-100 settings).
var (
	onLine  = [][2]float64{{1, 0}, {1.5, 0.5}, {0.8, -0.2}}
	offLine = [][2]float64{{1, -0.2}, {0.5, 0.2}}
)

func runC23(rc RunConfig) Outcome {
	o := Outcome{ID: "C23"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	lo, hi := math.Inf(1), math.Inf(-1)
	gapLo, gapHi := math.Inf(1), math.Inf(-1)
	var zT2 float64
	for _, ab := range onLine {
		alpha, beta := ab[0], ab[1]
		runs, err := sharedFreeLogits(rc, loss.SCInfoNCE, alpha, beta)
		if err != nil {
			o.fail(err)
			continue
		}
		fp, err := sharedFixedPoint(rc, loss.SCInfoNCE, alpha, beta)
		if err != nil {
			o.fail(err)
			continue
		}
		t2 := s.SCTarget(n, alpha, beta)
		mean, se := replicateMatrix(len(runs.Results), func(k int) mat.Matrix { return runs.Results[k].PairProb })
		c := runs.ReachesWithin(t2, "T2", claimTol, fmt.Sprintf("the claim's 0.5 %% (docs/theory.md §5; SE of P̄ ≤ %.2g %%; exact fixed point %.2g %% from T2)", 100*maxRatio(se, mean), 100*feature.MaxRelGap(fp.Prob, t2)))
		c.Quantity = fmt.Sprintf("(α, β) = (%g, %g): ", alpha, beta) + c.Quantity
		z := runs.AgreesWith(fp.Prob, "E[P](θ*)")
		z.Quantity = fmt.Sprintf("(α, β) = (%g, %g): ", alpha, beta) + z.Quantity + " (θ* the exact quasi-stationary logits, enumeration)"
		o.add(c, z, relGapCheck(RouteEnumeration, fp.Prob, t2, fmt.Sprintf("(α, β) = (%g, %g): max_ij |E[P](θ*)_ij − T2_ij|/T2_ij, θ* the exact quasi-stationary logits of sampled-batch SGD", alpha, beta), claimTol, "the claim's 0.5 % (docs/theory.md §5)"))
		gapLo, gapHi = math.Min(gapLo, c.Err), math.Max(gapHi, c.Err)
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				g := fp.Prob.At(i, j)/t2.At(i, j) - 1
				lo, hi = math.Min(lo, g), math.Max(hi, g)
			}
		}
		zT2 = math.Max(zT2, runs.AgreesWith(t2, "T2").Err)
	}
	// T2 is correct to O(1/N) only: the exact fixed point at small N (README.md).
	for _, sn := range []struct {
		n int
		q quote
	}{{16, quoteC23SmallN16}, {100, quoteC23SmallN100}} {
		fp, err := ExactFreeLogitFixedPoint(s, sn.n, loss.SCInfoNCE, 1, 0)
		if err != nil {
			o.fail(err)
			continue
		}
		o.add(quotedCheck(rc, RouteEnumeration, fmt.Sprintf("(α, β) = (1, 0), N = %d: max_ij |E[P](θ*)_ij − T2_ij|/T2_ij, θ* the exact quasi-stationary logits", sn.n), sn.q, feature.MaxRelGap(fp.Prob, s.SCTarget(sn.n, 1, 0))))
	}
	o.add(quotedCheck(rc, RouteTraining, "smallest over the three (α, β) of max_ij |P̄_ij − T2_ij|/T2_ij", quoteC23Low, gapLo),
		quotedCheck(rc, RouteTraining, "largest over the three (α, β) of max_ij |P̄_ij − T2_ij|/T2_ij", quoteC23High, gapHi))
	o.Corrected = fmt.Sprintf("T2 is reached to O(ρ/N) only: the exact quasi-stationary probability of free-logit SGD is %+.2g %% to %+.2g %% from T2 at N = %d (enumeration); training agrees with it, and is up to %.1f SE from T2 itself",
		100*lo, 100*hi, n, zT2)
	return o
}

func runC24(rc RunConfig) Outcome {
	o := Outcome{ID: "C24"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	o.add(propertyCheck(rc, RouteProperty, "C24 SC potential shift F(s + t) − F(s) = t(1 + β − α)", prop.ForAll(func(sp Spec, n int, alpha, beta float64, seed uint64, t float64) string {
		return onSpace(sp, func(s *feature.Space) error {
			return CheckC24PotentialDrift(s, n, alpha, beta, RandomLogits(s.Len(), 3, seed), t)
		})
	}, GenSpec(nil, nil), GenBatchSize(), GenAlpha(), GenBeta(), gen.UInt64(), GenShift()), rc.inputs(), roundingOrigin))
	k := float64(s.Len() * (s.Len() + 1) / 2)
	var parts []string
	driftQuotes := []quote{quoteC24DriftUp, quoteC24DriftDown}
	settleQuotes := []quote{quoteC24SettleUp, quoteC24SettleDown}
	for idx, ab := range offLine {
		alpha, beta := ab[0], ab[1]
		tag := fmt.Sprintf("(α, β) = (%g, %g): ", alpha, beta)
		runs, err := sharedFreeLogits(rc, loss.SCInfoNCE, alpha, beta)
		if err != nil {
			o.fail(err)
			continue
		}
		fp, err := sharedFixedPoint(rc, loss.SCInfoNCE, alpha, beta)
		if err != nil {
			o.fail(err)
			continue
		}
		// Drift: each packed logit moves by −η·μ per step at θ*; the only varying term of
		// the exact per-step drift η(α − β − 1 + P̄_t)/k is the batch-mean positive
		// probability P̄_t ≈ E[P](θ*) (≈ 1e-3), which cannot move by more than its own
		// size during the transient.
		var ep float64
		c1 := s.PositiveJoint()
		for i := 0; i < s.Len(); i++ {
			for j := 0; j < s.Len(); j++ {
				ep += c1.At(i, j) * fp.Prob.At(i, j)
			}
		}
		eta := runs.Config.Opt.LR
		pred := -eta * fp.Drift
		t2 := s.SCTarget(n, alpha, beta)
		o.add(quotedCheck(rc, RouteEnumeration, tag+"drift per step −η·μ at θ* (exact quasi-stationary logits)", driftQuotes[idx], pred),
			c24SettleCheck(rc, tag, settleQuotes[idx], fp.Prob, t2))
		slopes := runs.DriftRate(FreeLogitAverageFrom)
		mu, se := meanSE(slopes)
		kz := studentK(FamilyAlpha, 1, len(slopes))
		o.add(Check{Route: RouteTraining, Quantity: tag + fmt.Sprintf("drift of the mean packed logit per step (steps %d–%d)", FreeLogitAverageFrom, FreeLogitSteps-1),
			Predicted: pred, Measured: mu, Err: math.Abs(mu - pred), Tol: kz*se + eta*ep/k, Unit: "/step",
			Origin: fmt.Sprintf("k·SE (Student t, %d replicates, α = %g) + η·E[P](θ*)/(m(m+1)/2), the transient of the only varying term", len(slopes), FamilyAlpha)})
		z := runs.AgreesWith(fp.Prob, "E[P](θ*)")
		z.Quantity = tag + z.Quantity + " (θ* the exact quasi-stationary logits, enumeration)"
		o.add(z)
		mean, _ := replicateMatrix(len(runs.Results), func(k int) mat.Matrix { return runs.Results[k].PairProb })
		miss := relGapCheck(RouteTraining, mean, t2, tag+"max_ij |P̄_ij − T2_ij|/T2_ij (must stay ≥ C23's 0.5 %)", claimTol, "C23's tolerance: T2 is not reached")
		miss.AtLeast = true
		// R1 lower bound from the exact quasi-stationary rows: (N−1)Σ_j q_j P_ij vs α − β.
		rows := s.WeightedRowSums(fp.Prob)
		var bound float64
		for _, r := range rows {
			bound = math.Max(bound, math.Abs(float64(n-1)*r-(alpha-beta))/(alpha-beta))
		}
		miss.Note = fmt.Sprintf("R1: softmax rows have (N−1)Σ_j q_j P_ij ≈ 1 while T2 rows have α − β = %g, so no free logits come closer than %.3g %% (exact quasi-stationary rows)", alpha-beta, 100*bound)
		o.add(miss)
		parts = append(parts, fmt.Sprintf("(%g, %g): drift %+.4f per step at η = %g, P settles %.3g %% from T2 (exact quasi-stationary value %.3g %%; R1 bound %.3g %%)", alpha, beta, pred, eta, 100*miss.Err, 100*feature.MaxRelGap(fp.Prob, t2), 100*bound))
	}
	o.Corrected = "off α − β = 1 free logits have no stationary point: every logit drifts by η(α − β − 1 + E[P])/(m(m+1)/2) per step while P settles at the softmax-constrained quasi-stationary value (enumeration) — " + strings.Join(parts, "; ")
	return o
}

// c24SettleCheck pins where P settles off the line: the exact quasi-stationary
// probability E[P](θ*) (enumeration) misses T2 by max_ij |E[P]_ij − T2_ij|/T2_ij, the number
// q quotes; the trained runs are tied to E[P](θ*) by their k·SE check.
func c24SettleCheck(rc RunConfig, tag string, q quote, prob, t2 mat.Matrix) Check {
	return quotedCheck(rc, RouteEnumeration, tag+"max_ij |E[P](θ*)_ij − T2_ij|/T2_ij (where P settles)", q, feature.MaxRelGap(prob, t2))
}

func runC27(rc RunConfig) Outcome {
	o := Outcome{ID: "C27"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	o.add(propertyCheck(rc, RouteProperty, "C27 collapsed configuration stationary iff αρ ≥ 1 + β", prop.ForAll(func(sp Spec, n int, alpha, beta, c float64) string {
		return onSpace(sp, func(s *feature.Space) error { return CheckC27CollapsedStationary(s, n, alpha, beta, c) })
	}, GenSpec(nil, nil), GenBatchSize(), GenAlpha(), GenBeta(), GenShift()), rc.inputs(), roundingOrigin))
	mism := 0
	for k, ab := range offLine {
		if s.Collapses(ab[0], ab[1]) != (k == 0) {
			mism++
		}
	}
	lo, _ := s.RhoRange()
	o.add(Check{Route: RouteClosedForm, Quantity: "toy feature.Collapses: (1, −0.2) collapses, (0.5, 0.2) does not", Predicted: 0, Measured: float64(mism), Err: float64(mism), Tol: 0, Unit: "mismatches",
		Origin: "exact (a comparison of ρ_ij with (1 + β)/α)", Note: fmt.Sprintf("min ρ = %.6f ≥ 0.8 = (1 + β)/α for (1, −0.2); max 0.5ρ < 1.2 for (0.5, 0.2)", lo)})
	o.add(quotedCheck(rc, RouteClosedForm, "toy min ρ (feature.RhoRange), R2's threshold (1 + β)/α for (1, −0.2) lies below it", quoteC27RhoMin, lo))
	o.add(c27BoundaryCheck(s, n, s.Collapses))
	// Level-2 SC optimum for both settings: the predicted cosines.
	opts := make([]*optimum.Result, len(offLine))
	for k, ab := range offLine {
		res, err := optimum.SC(s, ab[0], ab[1], optimum.Options{Dim: EncoderDim, Tau: 1, N: n})
		if err != nil {
			o.fail(err)
			return o
		}
		opts[k] = res
	}
	// Collapsed means every off-diagonal cosine is 1 to the optimum's accuracy (1e-6 ≫
	// the 1e-10 gradient tolerance; ≪ the scale 1 on which cosines differ).
	minCos := func(c mat.Matrix) float64 {
		mn := math.Inf(1)
		r, _ := c.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < r; j++ {
				if i != j {
					mn = math.Min(mn, c.At(i, j))
				}
			}
		}
		return mn
	}
	optMism := 0
	for k, ab := range offLine {
		if (minCos(opts[k].Cosine) >= 1-1e-6) != s.Collapses(ab[0], ab[1]) {
			optMism++
		}
	}
	o.add(Check{Route: RouteOptimum, Quantity: "level-2 SC optimum (feature/optimum) collapsed iff R2", Predicted: 0, Measured: float64(optMism), Err: float64(optMism), Tol: 0, Unit: "mismatches",
		Origin: "collapsed = every cosine ≥ 1 − 1e-6 (optimum accurate to GradTol 1e-10)",
		Note:   fmt.Sprintf("min off-diagonal cosine %.6f at (1, −0.2), %.4f at (0.5, 0.2)", minCos(opts[0].Cosine), minCos(opts[1].Cosine))})
	// Training, judged by noise bounds over replicates (c27Training).
	for _, model := range []string{simulate.ModelEmbedding, simulate.ModelMLP} {
		for k, ab := range offLine {
			tag := fmt.Sprintf("%s (α, β) = (%g, %g): ", model, ab[0], ab[1])
			if rc.Quick {
				o.add(skipped(RouteTraining, tag+"class geometry after training"))
				continue
			}
			runs, err := sharedEncoderRuns(rc, c27Config(model, ab), c27Replicates)
			if err != nil {
				o.fail(err)
				continue
			}
			o.add(c27TrainingCheck(tag, model, k == 0, runs, opts[k].Cosine))
		}
	}
	return o
}

// C27's encoder runs. Level 2: per-state embeddings trained like C29's (sgdEmbedding, SGD
// at rate 2, relaxation time ≈ 9 steps) for 400 steps with the Polyak mean after step 100.
// Level 3: the MLP with Adam at lr 1e-2 for 300 steps, which moves each coordinate by about
// the rate per step, so the run crosses the O(1) distances between the initial,
// collapsed and spread configurations several times over. c27Replicates independent runs
// of each give the standard errors of the checks (6: Student t with 5 degrees of freedom).
const (
	c27EmbeddingSteps       = 400
	c27EmbeddingAverageFrom = 100
	c27MLPSteps             = 300
	c27Replicates           = 6
)

// c27Family is the number of entries C27's training checks judge together, among which
// FamilyAlpha is shared (Bonferroni): 3 pairs for each setting of the embeddings, 3 pairs
// and 3 spreads for the collapsing MLP, 3 pairs for the spreading one.
const c27Family = 3 + 3 + 6 + 3

// c27Config is C27's training configuration of model at ab.
func c27Config(model string, ab [2]float64) simulate.Config {
	if model == simulate.ModelEmbedding {
		return EncoderConfig(model, loss.SCInfoNCE, ab[0], ab[1], sgdEmbedding, c27EmbeddingSteps, c27EmbeddingAverageFrom, 0)
	}
	return EncoderConfig(model, loss.SCInfoNCE, ab[0], ab[1], adamConstant, c27MLPSteps, 0, 0)
}

// c27TrainingCheck judges C27's trained runs of one model at one setting against noise
// bounds, every tolerance k·SE with SE the standard error over the replicates and k the
// Student t quantile with R − 1 degrees of freedom at the family α = FamilyAlpha shared
// by Bonferroni over the c27Family entries of C27's four training checks (significance.go):
//
//   - level 2 (per-state embeddings): the replicate mean of every class cosine equals the
//     level-2 SC optimum's cosine cos*, |mean − cos*| ≤ k·SE. No systematic allowance:
//     the Polyak mean sits at the sampled-batch optimum, which differs from the mean-field
//     one by O(1/N) (C23: 0.06–0.16 % in P on the line), below k·SE here.
//   - level 3 (MLP), collapse: every 1 − cos_ij and every within-class spread 1 − ‖μ_i‖²
//     (a squared distance, like 1 − cos = ½‖u_i − u_j‖²) has replicate mean within k·SE
//     of 0, its collapsed value. The class-mean cosines of the MLP are not the level-2
//     ones when the classes have spread, so only the collapsed geometry is predicted.
//   - level 3 (MLP), spreading (α − β < 1, R1: every similarity is pushed down): every
//     class cosine falls, by at least k·SE of its change over training (a one-sided test
//     at the same level; Err is the smallest fall in SE).
func c27TrainingCheck(tag, model string, collapse bool, runs []*simulate.Result, optCos mat.Matrix) Check {
	r := len(runs)
	k := studentK(FamilyAlpha, c27Family, r)
	origin := fmt.Sprintf("k·SE (Student t, %d replicates, Bonferroni α = %g over the %d entries of C27's training checks)", r, FamilyAlpha, c27Family)
	m, _ := optCos.Dims()
	switch {
	case model == simulate.ModelEmbedding:
		mean, se := replicateMatrix(r, func(i int) mat.Matrix { return runs[i].Geometry.ClassCosine })
		i, j, z := zWorst(mean, se, optCos, func(i, j int) bool { return i < j })
		return Check{Route: RouteTraining, Quantity: tag + fmt.Sprintf("max_{i<j} |mean cos_ij − cos*_ij|/SE_ij of class means (mean of %d runs; cos* the level-2 SC optimum)", r),
			Entry: at(i, j), Predicted: optCos.At(i, j), Measured: mean.At(i, j), Err: z, Tol: k, Unit: "SE", Origin: origin}
	case collapse:
		// Rows 0..m−1: 1 − cos_ij; row m: the spreads.
		dist := func(i int) mat.Matrix {
			d := mat.NewDense(m+1, m, nil)
			g := runs[i].Geometry
			for a := 0; a < m; a++ {
				for b := 0; b < m; b++ {
					d.Set(a, b, 1-g.ClassCosine.At(a, b))
				}
				d.Set(m, a, g.Spread[a])
			}
			return d
		}
		mean, se := replicateMatrix(r, dist)
		i, j, z := zWorst(mean, se, mat.NewDense(m+1, m, nil), func(i, j int) bool { return i < j || i == m })
		entry := "1 − cos" + at(i, j)
		if i == m {
			entry = fmt.Sprintf("spread[%d]", j)
		}
		return Check{Route: RouteTraining, Quantity: tag + fmt.Sprintf("max over i<j of 1 − cos_ij and over i of the spread 1 − ‖μ_i‖², mean of %d runs, in SE from 0 (collapsed)", r),
			Entry: entry, Predicted: 0, Measured: mean.At(i, j), Err: z, Tol: k, Unit: "SE", Origin: origin}
	default:
		change, se := replicateMatrix(r, func(i int) mat.Matrix {
			d := mat.NewDense(m, m, nil)
			d.Sub(runs[i].Geometry.ClassCosine, runs[i].Records[0].Geometry.ClassCosine)
			return d
		})
		c := Check{Route: RouteTraining, Quantity: tag + fmt.Sprintf("min_{i<j} fall of the class cosine over %d Adam steps, in SE of its mean over %d runs", c27MLPSteps, r),
			Predicted: math.NaN(), Err: math.Inf(1), Tol: k, AtLeast: true, Unit: "SE", Origin: origin + ", one-sided: spreading (α − β < 1, R1) pushes every similarity down, so every class cosine must fall"}
		var spread float64
		for _, run := range runs {
			for _, v := range run.Geometry.Spread {
				spread = math.Max(spread, v)
			}
		}
		for i := 0; i < m; i++ {
			for j := i + 1; j < m; j++ {
				z := -change.At(i, j) / se.At(i, j)
				if se.At(i, j) == 0 && change.At(i, j) < 0 {
					z = math.Inf(1)
				}
				if z < c.Err || math.IsNaN(z) {
					c.Err, c.Entry, c.Measured = z, at(i, j), change.At(i, j)
					if math.IsNaN(z) {
						c.Err = math.Inf(-1)
					}
				}
			}
		}
		c.Note = fmt.Sprintf("measured = the mean change of the class cosine at the entry; the within-class spread rose to %.3g", spread)
		return c
	}
}

func runC29(rc RunConfig) Outcome {
	o := Outcome{ID: "C29"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	o.add(propertyCheck(rc, RouteProperty, "C29 any unit embeddings: P_ii P_ji = P_jj P_ij and gap ≥ bound", prop.ForAll(func(sp Spec, n int, extra int, seed uint64, tau float64) string {
		return onSpace(sp, func(s *feature.Space) error {
			return CheckC29UnitEmbeddings(s, n, RandomUnitEmbeddings(s.Len(), s.Len()+extra, seed), tau)
		})
	}, GenSpec(nil, nil), GenBatchSize(), gen.IntRange(-1, 2), gen.UInt64(), gen.Float64Range(0.1, 10)), rc.inputs(), "P accurate to relTol + 4u(1 + 2/τ) relative (C11's bound)"))
	bound, pair := UnitEmbeddingGapBound(s, n)
	opt, err := optimum.InfoNCE(s, optimum.Options{Dim: EncoderDim, Tau: 1, N: n})
	if err != nil {
		o.fail(err)
		return o
	}
	o.add(Check{Route: RouteOptimum, Quantity: "toy level-2 optimum: max_ij |P*_ij − T1_ij|/T1_ij ≥ the unit-embedding bound", Predicted: bound, Measured: opt.MaxRelGap, Err: opt.MaxRelGap, Tol: bound - 1e-6, AtLeast: true, Unit: "rel",
		Origin: fmt.Sprintf("bound 1 − exp(−|log(T1_%d%d/T1_%d%d)|/4) (proofs/unitembedding.go), less the optimum's 1e-6 accuracy", pair.I, pair.I, pair.J, pair.J)})
	t1 := s.InfoNCETarget(n)
	o.add(c29OptimumGapCheck(rc, fmt.Sprintf("d = %d, τ = 1", EncoderDim), opt.Prob, t1))
	o.add(quotedCheck(rc, RouteOptimum, "τ* at which J + τ(G(1) − J) leaves the PSD cone (optimum.SlackLimit of the τ = 1 optimum)", quoteC29TauStar, optimum.SlackLimit(opt.Cosine)))
	// "The same for every τ up to τ* and every d ≥ m": the optimum recomputed at d = m
	// and at two other temperatures below τ* misses T1 by the same quoted amount.
	for _, tau := range []float64{0.5, 5} {
		other, err := optimum.InfoNCE(s, optimum.Options{Dim: s.Len(), Tau: tau, N: n})
		if err != nil {
			o.fail(err)
			continue
		}
		o.add(c29OptimumGapCheck(rc, fmt.Sprintf("d = %d, τ = %g", s.Len(), tau), other.Prob, t1))
	}
	// The trained encoders are compared with the exact batch average at the optimum's
	// logits (enumeration at N = 1000), which is what simulate measures.
	pred := enumerate.ExactPositiveProb(s, n, mat.DenseCopyOf(opt.Cosine))
	rlo, rhi := s.RhoRange()
	meanField := (rhi - rlo) / float64(n-1) // C14's bound on the mean-field/exact optimum offset
	var gaps []string
	toOptLo, toOptHi, toT1Lo, toT1Hi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	var spreadNote string
	for _, model := range []string{simulate.ModelEmbedding, simulate.ModelMLP} {
		tag := "level 2 (per-state embeddings): "
		if model == simulate.ModelMLP {
			tag = "level 3 (MLP on noisy features): "
		}
		if rc.Quick {
			o.add(skipped(RouteTraining, tag+"trained P vs the level-2 optimum"))
			continue
		}
		cfg, reps, how := EncoderConfig(model, loss.InfoNCE, 1, 0, sgdEmbedding, 600, 200, 0), 8, "600 SGD steps at rate 2, Polyak mean after step 200"
		if model == simulate.ModelMLP {
			cfg, reps, how = EncoderConfig(model, loss.InfoNCE, 1, 0, adamCosine, 500, 0, 0), 6, "500 Adam steps, lr 1e-2 with warm-up and cosine decay"
		}
		runs, err := sharedEncoderRuns(rc, cfg, reps)
		if err != nil {
			o.fail(err)
			continue
		}
		mean, se := pairProbStats(runs)
		origin := fmt.Sprintf("k·SE (Student t, %d runs, Bonferroni α = %g over 9 entries) + (ρmax − ρmin)/(N−1) = %.1e relative (mean-field vs exact optimum, C14)", reps, FamilyAlpha, meanField)
		var c Check
		if model == simulate.ModelEmbedding {
			c = withinNoise(RouteTraining, tag+"max_ij |P̄_ij − E[P*_ij]|/E[P*_ij] (P* at the level-2 optimum)", mean, se, pred, studentK(FamilyAlpha, 9, reps), meanField, origin)
		} else {
			// Level 3: the MLP's views of a state spread around their class mean, which
			// moves P away from the value at the class means by an amount no bound
			// derived here makes small (proofs/doc.go, "Statistical tolerances"). The
			// claim is checked on the class-mean
			// geometry Ḡ (cosines of the class means, simulate's Geometry): P(Ḡ), the exact
			// batch average at logits Ḡ/τ, against P* at the optimum's Gram matrix; the
			// spread's effect, P̄ against P(Ḡ), is measured and reported.
			cm, cmSE := replicateMatrix(len(runs), func(k int) mat.Matrix {
				return enumerate.ExactPositiveProb(s, n, runs[k].Geometry.ClassCosine)
			})
			c = withinNoise(RouteTraining, tag+"max_ij |P(Ḡ)_ij − E[P*_ij]|/E[P*_ij] (Ḡ the class means' cosines, mean over runs; P* at the level-2 optimum)", cm, cmSE, pred, studentK(FamilyAlpha, 9, reps), meanField, origin)
			var spread float64
			for _, r := range runs {
				for _, v := range r.Geometry.Spread {
					spread = math.Max(spread, v)
				}
			}
			spreadNote = fmt.Sprintf("; the MLP's within-class spread (≤ %.2g) moves its P̄ by %.2g %% from the value at its class means", spread, 100*feature.MaxRelGap(mean, cm))
		}
		toOpt, toT1 := feature.MaxRelGap(mean, pred), feature.MaxRelGap(mean, t1)
		toOptLo, toOptHi = math.Min(toOptLo, toOpt), math.Max(toOptHi, toOpt)
		toT1Lo, toT1Hi = math.Min(toT1Lo, toT1), math.Max(toT1Hi, toT1)
		c.Note = fmt.Sprintf("both gaps: to the optimum %.3g %%, to T1 %.3g %% (optimum to T1 %.3g %%); P̄ = mean of %d runs of %s", 100*toOpt, 100*toT1, 100*opt.MaxRelGap, reps, how)
		o.add(c)
		gaps = append(gaps, fmt.Sprintf("%s%.2g %% from the optimum, %.2g %% from T1", tag, 100*toOpt, 100*toT1))
	}
	const both = " over level 2 and level 3 of max_ij |P̄_ij − %s_ij|/%s_ij"
	o.add(quotedCheck(rc, RouteTraining, "smallest"+fmt.Sprintf(both, "E[P*]", "E[P*]"), quoteC29ToOptLow, toOptLo),
		quotedCheck(rc, RouteTraining, "largest"+fmt.Sprintf(both, "E[P*]", "E[P*]"), quoteC29ToOptHigh, toOptHi),
		quotedCheck(rc, RouteTraining, "smallest"+fmt.Sprintf(both, "T1", "T1"), quoteC29ToT1Low, toT1Lo),
		quotedCheck(rc, RouteTraining, "largest"+fmt.Sprintf(both, "T1", "T1"), quoteC29ToT1High, toT1Hi))
	o.Corrected = fmt.Sprintf("T1 is not attainable by unit embeddings when the ρ_ii differ: any configuration misses it by ≥ %.3g %% (toy, derived bound), the level-2 optimum by %.3g %%; trained encoders reach the optimum, not T1", 100*bound, 100*opt.MaxRelGap)
	if len(gaps) > 0 {
		o.Corrected += " — " + strings.Join(gaps, "; ") + spreadNote
	}
	return o
}

// c29OptimumGapCheck pins how far the level-2 optimum's positive-pair probability prob
// misses t1 (T1 in the ledger): max_ij |prob_ij − t1_ij|/t1_ij, the number README.md
// quotes; at is the optimum's dimension and temperature.
func c29OptimumGapCheck(rc RunConfig, at string, prob, t1 mat.Matrix) Check {
	return quotedCheck(rc, RouteOptimum, "toy level-2 optimum ("+at+"): max_ij |P*_ij − T1_ij|/T1_ij", quoteC29Gap, feature.MaxRelGap(prob, t1))
}

// withinNoise compares replicate means with pred entrywise: per entry the tolerance is
// k·SE_ij + bias·pred_ij; Err and Tol are reported relative to pred at the entry with the
// largest |mean − pred|/tolerance.
func withinNoise(route Route, quantity string, mean, se, pred mat.Matrix, k, bias float64, origin string) Check {
	r, cc := pred.Dims()
	c := Check{Route: route, Quantity: quantity, Unit: "rel", Origin: origin}
	worst := math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < cc; j++ {
			p := pred.At(i, j)
			d := math.Abs(mean.At(i, j)-p) / p
			tol := (k*se.At(i, j) + bias*p) / p
			ratio := d / tol
			if math.IsNaN(ratio) {
				ratio = math.Inf(1)
			}
			if ratio > worst {
				worst = ratio
				c.Entry, c.Predicted, c.Measured, c.Err, c.Tol = at(i, j), p, mean.At(i, j), d, tol
				if math.IsNaN(d) {
					c.Err = math.Inf(1)
				}
			}
		}
	}
	return c
}

func runC30(rc RunConfig) Outcome {
	o := Outcome{ID: "C30"}
	inputs := max(10, rc.inputs()/4)
	for _, gc := range GradientCases() {
		gc := gc
		o.add(propertyCheck(rc, RouteFiniteDiff, "C30 "+gc.Name, prop.ForAll(func(seed uint64) string {
			return errString(CheckC30Gradient(gc, seed))
		}, gen.UInt64()), inputs, "Richardson: |D(h) − D(h/2)| + 5δ/h, δ = (len(x) + 64)u(1 + |f|), h = 1e-4 (proofs/finitediff.go)"))
	}
	return o
}
