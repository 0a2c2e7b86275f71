package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
)

// Claims of the paper's own synthetic experiment run as the reference code runs it
// (docs/theory.md §7; simulate/graphtoy, notebooks/reference): what its monitor measures
// and what the trained GIN shows. Registered in claimGroups (registry.go).
var referenceClaims = []Entry{
	{
		ID: "C35",
		Statement: "The reference prints T1 = c1/(c1 + (N−1)c2), but its monitor softmaxes N test SOURCES (law π, " +
			"not q) with the self pair in: at T1's logits it measures R = ρ/(ρ_aa + (N−1)Σ_k π_k ρ_ak), which on the " +
			"toy at N = 1000 differs from T1 by about 1 % (0.97 % at most; exact over batch compositions within the Jensen gap " +
			"of the mean field): a correction small beside the trained GIN's gaps of C37",
		Routes: []Route{RouteClosedForm, RouteEnumeration},
		Run:    runC35,
	},
	{
		ID:        "C36",
		Statement: "The exact monitor expectation (enumeration of batch compositions) is what the monitor's own sampling procedure converges to",
		Routes:    []Route{RouteMonteCarlo}, // the enumeration is its prediction
		Run:       runC36,
	},
	{
		ID: "C37",
		Statement: "After the reference's full run (loss 0, 300+1 epochs, N = 1000, τ = 1), the GIN's monitored matrix × N " +
			"reaches neither the printed T1 nor the derived target R: both gaps exceed 3 standard errors of the seed mean " +
			"(a negative result: the paper's figure shows a less contrasted matrix than either target)",
		Routes: []Route{RouteTraining},
		Run:    runC37,
	},
}

// referenceN is the reference's batch size.
const referenceN = 1000

func runC35(cfg RunConfig) Outcome {
	var o Outcome
	s := feature.Toy()
	derived := s.ReferenceMonitorTarget(referenceN)
	t1 := s.InfoNCETarget(referenceN)
	gap, at := worstRelGap(derived, t1)
	o.add(Check{Route: RouteClosedForm, Quantity: "max_ab |R_ab − T1_ab| / T1_ab", Entry: at,
		Predicted: 0.005, Measured: gap, Err: gap, Tol: 0.005, AtLeast: true, Unit: "rel",
		Origin: "0.5 %: about one standard error of a 5-seed mean of a monitored entry (seed SD ≈ 1.2 %, notebooks/reference/README.md)",
		Note:   "toy space, N = 1000"})
	exact, err := s.ReferenceMonitorExpectation(s.DensityRatio(), referenceN)
	if err != nil {
		o.fail(err)
		return o
	}
	g, at2 := worstRelGap(exact, derived)
	// Jensen gap of E[1/Z]: CV²/(N−1) relative (feature/referencetarget.go); allow 2×.
	pi := s.Source()
	rho := s.DensityRatio()
	worstCV := 0.0
	for a := range s.Len() {
		var m1, m2 float64
		for k := range s.Len() {
			m1 += pi[k] * rho.At(a, k)
			m2 += pi[k] * rho.At(a, k) * rho.At(a, k)
		}
		worstCV = math.Max(worstCV, m2/(m1*m1)-1)
	}
	tol := 2 * worstCV / (referenceN - 1)
	o.add(Check{Route: RouteEnumeration, Quantity: "max_ab |E_ab − R_ab| / R_ab (exact vs mean field)", Entry: at2,
		Predicted: 0, Measured: g, Err: g, Tol: tol, Unit: "rel",
		Origin: "2× the Jensen gap CV²/(N−1) of E[1/Z]", Note: "500 500 compositions of N − 1 = 999 sources"})
	return o
}

func runC36(cfg RunConfig) Outcome {
	var o Outcome
	s := feature.Toy()
	const n = 6
	w := mat.NewDense(3, 3, []float64{2.7, 0.8, 1.1, 0.8, 1.9, 0.6, 1.1, 0.6, 3.2})
	exact, err := s.ReferenceMonitorExpectation(w, n)
	if err != nil {
		o.fail(err)
		return o
	}
	draws := 400_000
	if cfg.Quick {
		draws = 40_000
	}
	rng := rand.New(rand.NewPCG(DeriveSeed(cfg.Seed, "C36"), 0))
	pi := s.Source()
	var sum, sum2 [3][3]float64
	var cnt [3]float64
	states := make([]int, n)
	for range draws {
		seen := [3]bool{}
		for k := range states {
			u, c := rng.Float64(), 0
			for c < 2 && u >= pi[c] {
				u -= pi[c]
				c++
			}
			states[k], seen[c] = c, true
		}
		if !seen[0] || !seen[1] || !seen[2] {
			continue // the reference stops at a batch missing a state
		}
		a := states[0] // one row per batch: iid samples
		z := 0.0
		for _, c := range states {
			z += w.At(a, c)
		}
		for b := range 3 {
			v := w.At(a, b) / z
			sum[a][b] += v
			sum2[a][b] += v * v
		}
		cnt[a]++
	}
	worst, entry := 0.0, ""
	var pred, meas float64
	for a := range 3 {
		for b := range 3 {
			mean := sum[a][b] / cnt[a]
			se := math.Sqrt((sum2[a][b]/cnt[a] - mean*mean) / cnt[a])
			if z := math.Abs(mean-exact.At(a, b)) / se; !(z <= worst) {
				worst, entry, pred, meas = z, fmt.Sprintf("(%d, %d)", a, b), exact.At(a, b), mean
			}
		}
	}
	o.add(Check{Route: RouteMonteCarlo, Quantity: "max_ab |MC_ab − E_ab| / SE", Entry: entry, Predicted: pred, Measured: meas,
		Err: worst, Tol: 4, Unit: "SE", Origin: "4 standard errors over 9 entries (two-sided, family level ≈ 6e-4)",
		Note: fmt.Sprintf("N = %d, %d batches, fixed weights w", n, draws)})
	return o
}

// c37Seeds is the number of full reference runs of C37.
const c37Seeds = 3

func runC37(cfg RunConfig) Outcome {
	var o Outcome
	if cfg.Quick {
		o.add(skipped(RouteTraining, "monitor × N vs T1 and R after the reference's run"))
		return o
	}
	s := feature.Toy()
	finals := make([]*mat.Dense, c37Seeds)
	errs := make([]error, c37Seeds)
	chunks.For(c37Seeds, c37Seeds, func(k int) {
		c := graphtoy.Default()
		c.Seed = DeriveSeed(cfg.Seed, fmt.Sprintf("C37/%d", k))
		tr, err := graphtoy.New(c)
		if err != nil {
			errs[k] = err
			return
		}
		for range c.Epochs + 1 {
			tr.Epoch()
		}
		mon, err := tr.Monitor()
		if err != nil {
			errs[k] = err
			return
		}
		finals[k] = mon.Metric
	})
	for _, err := range errs {
		if err != nil {
			o.fail(err)
			return o
		}
	}
	for _, tg := range []struct {
		name string
		t    mat.Matrix
	}{{"T1", s.InfoNCETarget(referenceN)}, {"R (derived)", s.ReferenceMonitorTarget(referenceN)}} {
		worst, entry := math.Inf(1), ""
		var pred, meas, gapRel float64
		for a := range 3 {
			for b := range 3 {
				var m1, m2 float64
				for _, f := range finals {
					m1 += f.At(a, b)
					m2 += f.At(a, b) * f.At(a, b)
				}
				mean := m1 / c37Seeds
				sd := math.Sqrt(math.Max(0, (m2-c37Seeds*mean*mean)/(c37Seeds-1)))
				se := sd / math.Sqrt(c37Seeds)
				// The largest gap in SE decides whether the target is reached.
				z := math.Abs(mean-tg.t.At(a, b)) / se
				if worst == math.Inf(1) || z > worst {
					worst, entry, pred, meas, gapRel = z, fmt.Sprintf("(%d, %d)", a, b), tg.t.At(a, b)*referenceN, mean*referenceN, mean/tg.t.At(a, b)-1
				}
			}
		}
		o.add(Check{Route: RouteTraining, Quantity: "max_ab |mean metric_ab − " + tg.name + "_ab| / SE(seeds)", Entry: entry,
			Predicted: pred, Measured: meas, Err: worst, Tol: 3, AtLeast: true, Unit: "SE",
			Origin: fmt.Sprintf("3 standard errors of the mean over %d seeds", c37Seeds),
			Note:   fmt.Sprintf("relative gap %.2f %% at %s (values × N)", 100*gapRel, entry)})
	}
	return o
}

// worstRelGap returns max_ab |a_ab − b_ab| / |b_ab| and its entry.
func worstRelGap(a, b mat.Matrix) (float64, string) {
	r, c := b.Dims()
	worst, at := 0.0, ""
	for i := range r {
		for j := range c {
			g := math.Abs(a.At(i, j)-b.At(i, j)) / math.Abs(b.At(i, j))
			if !(g <= worst) {
				worst, at = g, fmt.Sprintf("(%d, %d)", i, j)
			}
		}
	}
	return worst, at
}
