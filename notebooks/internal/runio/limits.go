package runio

import (
	"errors"
	"fmt"

	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// MaxMemUsage is the help text of the -max-mem flag.
const MaxMemUsage = "memory a run may use, in GiB (0: the machine's); a scenario whose estimated need is larger is refused before anything is allocated"

// ConfigOf returns the training configuration of s (replicate 0) with the memory
// limit maxMemGiB (0: the machine's memory), and checks that its replicates, trained
// on workers goroutines, fit the limits (simulate.Config.CheckReplicates) before
// anything per replicate is allocated.
func ConfigOf(s *scenario.Scenario, maxMemGiB float64, workers int) (simulate.Config, error) {
	if !(maxMemGiB >= 0) || maxMemGiB > 1<<30 {
		return simulate.Config{}, fmt.Errorf("-max-mem = %v: need a size in GiB ≥ 0 (0: the machine's memory)", maxMemGiB)
	}
	limit := int64(maxMemGiB * (1 << 30))
	cfg, err := s.Config(0)
	var re *simulate.ResourceError
	if errors.As(err, &re) && limit > 0 {
		cfg, err = re.Config, nil // refused at the default limit; try the one given
	}
	if err == nil {
		cfg.MaxMemory = limit
		if err = cfg.Validate(); err == nil {
			err = cfg.CheckReplicates(s.Replicates, workers)
		}
	}
	if errors.As(err, &re) {
		return simulate.Config{}, fmt.Errorf("scenario field %s: %w", scenarioField[re.Field], err)
	}
	return cfg, err
}

// scenarioField maps the fields of a simulate.ResourceError to the scenario's
// (simulate/scenario/README.md).
var scenarioField = map[string]string{
	"N": "batch_size", "Model.Widths": "model.widths", "Model.Dim": "model.dim",
	"Steps": "steps", "EvalBatches": "eval_batches", "replicates": "replicates",
}
