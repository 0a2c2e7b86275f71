package simulate

import (
	"fmt"
	"math"
	"runtime"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Resources is an estimate of what training costs: the peak memory in bytes and the
// work in floating-point operations. The estimates count the buffers and products
// whose size grows with the configuration (runner, model, optimiser, loss, records)
// to within a small factor; they exist to refuse a configuration that cannot fit
// before anything is allocated, not to predict a run's time.
type Resources struct {
	Bytes float64
	Flops float64
	// RecordBytes is the part of Bytes that the result keeps after the run (its
	// records); the rest is working memory, freed when the run ends.
	RecordBytes float64
	// BytesField and FlopsField name the Config field whose term dominates each
	// estimate (e.g. "N", "Model.Widths", "Steps"), the one to change.
	BytesField, FlopsField string
}

// Limits bound the resources of training (Config.ValidateWithin, CheckReplicates,
// ReplicateOptions). They change no result, so they are not part of Config.
type Limits struct {
	// MaxMemory is the memory a run may need, in bytes (Config.Estimate; 0: the
	// machine's memory). MaxFlops is the work it may need (0: DefaultMaxFlops).
	MaxMemory int64
	MaxFlops  float64
}

// DefaultMaxFlops is the work limit when Config.MaxFlops is 0: 10¹⁵ floating-point
// operations, about a day of this lab's kernels on one core (~10¹⁰ flop/s), and six
// orders of magnitude above the paper's toy run (~3·10¹⁰).
const DefaultMaxFlops = 1e15

// floatBytes is the size of a float64.
const floatBytes = 8

// term is one summand of an estimate and the field it grows with.
type term struct {
	value float64
	field string
}

// sum adds terms and returns the total and the field of the largest.
func sum(terms ...term) (float64, string) {
	var total, big float64
	field := ""
	for _, t := range terms {
		total += t.value
		if t.value > big {
			big, field = t.value, t.field
		}
	}
	return total, field
}

// Estimate returns the estimated peak memory and work of one training run of c (one
// replicate, its records included). c's sizes must be ≥ 0; Validate calls it after
// the field checks.
func (c *Config) Estimate() Resources {
	n := float64(c.N)
	m := 0.0
	if c.Space != nil {
		m = float64(c.Space.Len())
	}
	k := n // side of the logit matrix: N×N cross-view, 2N×2N for the joint views of ntxent
	if l, err := loss.Lookup(c.Loss, c.Params, 0); err == nil {
		k = float64(l.Layout().Side(c.N))
	}
	steps := float64(c.Steps)
	evals := float64(c.evalBatches())
	records := 1.0
	if c.RecordEvery > 0 {
		records = math.Floor(float64(c.Steps-1)/float64(c.RecordEvery)) + 2
	}
	perRecord := 2 * m * m // pair_prob and logits or class geometry, m×m each
	var mem, work []term
	mem = append(mem, term{6 * 2 * n * floatBytes, "N"}) // states, probabilities, batch views (2N each)
	var perStep float64                                  // flops of one training step
	var perStepField string
	switch c.Model.Kind {
	case ModelLogits:
		// θ, its gradient and two optimiser moments (m² each), the k×k logits and
		// their gradient, and the count path's m×m matrices.
		mem = append(mem, term{(4*m*m + 2*k*k + 4*m*m) * floatBytes, "N"})
		perStep, perStepField = 10*k*k+10*m*m*m, "N"
	case ModelEmbedding:
		d := float64(c.Model.Dim)
		// parameters ×4 (value, gradient, two moments), 2N×d embeddings and gradient,
		// the N×N cross-view cosines (k×k for ntxent's measurement).
		mem = append(mem, term{4 * m * d * floatBytes, "Model.Dim"}, term{4 * 2 * n * d * floatBytes, "Model.Dim"}, term{k * k * floatBytes, "N"})
		perStep, perStepField = 6*k*k*d, "N"
		perRecord += 2 * m * m
	case ModelMLP:
		var params, acts, flops, widest float64
		for i, w := range c.Model.Widths {
			acts += float64(w)
			widest = max(widest, float64(w))
			if i > 0 {
				prev := float64(c.Model.Widths[i-1])
				params += prev*float64(w) + float64(w)
				flops += 6 * 2 * n * prev * float64(w) // forward and backward, 2N rows
			}
		}
		d := 0.0
		if len(c.Model.Widths) > 0 {
			d = float64(c.Model.Widths[len(c.Model.Widths)-1])
		}
		// parameters ×4, activations and their gradients for 2N rows (×3), the 2N×w₀
		// inputs and m×w₀ base vectors, embeddings, and the N×N cosines.
		mem = append(mem, term{4 * params * floatBytes, "Model.Widths"}, term{3 * 2 * n * acts * floatBytes, "Model.Widths"},
			term{(m + 2*n) * widest * floatBytes, "Model.Widths"}, term{k * k * floatBytes, "N"})
		perStep = flops + 6*k*k*d
		perStepField = "Model.Widths"
		if 6*k*k*d > flops {
			perStepField = "N"
		}
		perRecord += 2 * m * m
	}
	res := Resources{RecordBytes: records * perRecord * floatBytes}
	mem = append(mem, term{res.RecordBytes, "Steps"})
	res.Bytes, res.BytesField = sum(mem...)
	work = append(work, term{steps * perStep, "Steps"}, term{evals * perStep / 3, "EvalBatches"})
	res.Flops, res.FlopsField = sum(work...)
	if res.FlopsField == "Steps" && perStepField != "" && steps*perStep > 0 && steps < perStep {
		res.FlopsField = perStepField // a few huge steps: the size is what to change
	}
	return res
}

// memoryLimit returns the memory limit: MaxMemory, or the machine's memory (+Inf when
// unknown), and where it comes from.
func (l Limits) memoryLimit() (float64, string) {
	if l.MaxMemory > 0 {
		return float64(l.MaxMemory), "Limits.MaxMemory"
	}
	if b := machineMemory(); b > 0 {
		return float64(b), "the machine's memory or ulimit -v; raise it with Limits.MaxMemory (notebooks: -max-mem)"
	}
	return math.Inf(1), "unknown machine memory"
}

// ResourceError is the refusal of a configuration whose estimated memory or work
// exceeds its limit (Validate, CheckReplicates). Config is the configuration refused,
// so that a caller that holds only the error can raise a limit and validate again.
type ResourceError struct {
	Config Config
	Field  string // the field to lower: "N", "Model.Widths", "Model.Dim", "Steps", "EvalBatches" or "replicates"
	// Memory tells a memory refusal (Need and Limit in bytes) from a work refusal (in
	// floating-point operations).
	Memory      bool
	Need, Limit float64
	Msg         string
}

func (e *ResourceError) Error() string { return e.Msg }

// checkResources refuses c when the estimate of reps runs, workers of them at once,
// exceeds the limits: memory workers·(one run's working memory) + reps·(one run's
// records), work reps·(one run). repField names the replicate count in messages.
func (c *Config) checkResources(lim Limits, reps, workers int, repField string) error {
	if lim.MaxMemory < 0 {
		return fmt.Errorf("simulate: Limits.MaxMemory = %d: need ≥ 0 (0: the machine's memory)", lim.MaxMemory)
	}
	if !(lim.MaxFlops >= 0) || math.IsInf(lim.MaxFlops, 0) {
		return fmt.Errorf("simulate: Limits.MaxFlops = %v: need a finite number ≥ 0 (0: %g)", lim.MaxFlops, float64(DefaultMaxFlops))
	}
	one := c.Estimate()
	r, w := float64(reps), float64(max(1, min(workers, reps)))
	working := w * (one.Bytes - one.RecordBytes)
	kept := r * one.RecordBytes // every replicate's records stay until the end
	bytes := working + kept
	field := one.BytesField
	if reps > 1 && kept > working {
		field = repField
	}
	limit, from := lim.memoryLimit()
	if bytes > limit {
		return &ResourceError{Config: *c, Field: fieldName(field, repField), Memory: true, Need: bytes, Limit: limit,
			Msg: fmt.Sprintf("simulate: config needs about %s of memory, more than the limit %s (%s); lower %s",
				FormatBytes(bytes), FormatBytes(limit), from, field)}
	}
	flops, maxFlops := r*one.Flops, lim.MaxFlops
	if maxFlops == 0 {
		maxFlops = DefaultMaxFlops
	}
	field = one.FlopsField
	if reps > 1 && r > 1e3 && flops > maxFlops && one.Flops <= maxFlops {
		field = repField
	}
	if flops > maxFlops {
		return &ResourceError{Config: *c, Field: fieldName(field, repField), Need: flops, Limit: maxFlops, Msg: fmt.Sprintf("simulate: config needs about %.2g floating-point operations, more than the limit %.2g (Limits.MaxFlops); lower %s",
			flops, maxFlops, field)}
	}
	return nil
}

// fieldName is field, or "replicates" when it is the replicate count's description.
func fieldName(field, repField string) string {
	if field == repField {
		return "replicates"
	}
	return field
}

// CheckReplicates refuses n replicates of c trained on workers goroutines (≤ 0:
// GOMAXPROCS) when they would exceed the limits lim (ValidateWithin's bounds for n
// runs); call it before allocating anything per replicate.
func (c *Config) CheckReplicates(n, workers int, lim Limits) error {
	if n < 1 {
		return fmt.Errorf("simulate: %d replicates: need ≥ 1", n)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return c.checkResources(lim, n, workers, fmt.Sprintf("the replicates (%d)", n))
}

// FormatBytes prints b bytes with a binary unit and 3 significant digits ("1.5 GiB").
func FormatBytes(b float64) string {
	if math.IsInf(b, 1) {
		return "∞"
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	u := 0
	for b >= 1024 && u < len(units)-1 {
		b /= 1024
		u++
	}
	return fmt.Sprintf("%.3g %s", b, units[u])
}
