package simulate

import (
	"gonum.org/v1/gonum/mat"
)

// Record is what a run measures at one step (package doc), before that step's update.
type Record struct {
	Step int
	LR   float64
	Loss float64
	// PairProb is the mean positive-pair probability by (view-1, view-2) state pair
	// on the step's batch; NaN where the batch had no such anchor.
	PairProb *mat.Dense
	// Logits is θ of the free-logit model (nil for other models).
	Logits *mat.SymDense
	// Geometry is measured on the step's 2N views (embedding models only; its
	// Metric only when Config.ReferenceMetrics is set).
	Geometry *Geometry
}

// Result is one training run.
type Result struct {
	Seed      uint64
	Replicate int
	Loss      string
	Model     string
	// Target is the mean-field target of the positive-pair probability (TargetFor);
	// nil when the loss has none or the fixed point does not exist (see Warnings).
	Target  mat.Matrix
	Records []Record
	// PairProb is the positive-pair probability by state pair of the trained model,
	// averaged over Config.EvalBatches fresh batches after the last step.
	PairProb *mat.Dense
	// Geometry of the trained model on the evaluation batches' views (embedding models).
	Geometry *Geometry
	// Incomplete is set when the run was cancelled before its end (in training or in
	// the evaluation); the records so far are kept and PairProb is not computed.
	Incomplete bool
	Warnings   []error
}

// Progress reports a run's position to a callback.
type Progress struct {
	Replicate   int
	Step, Steps int
	Loss        float64
}
