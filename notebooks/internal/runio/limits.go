package runio

import (
	"errors"
	"fmt"

	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// MaxMemUsage is the help text of the -max-mem flag.
const MaxMemUsage = "memory a run may use, in GiB (0: the machine's); a scenario whose estimated need is larger is refused before anything is allocated"

// Limits returns the resource limits of a -max-mem flag in GiB (0: the machine's
// memory).
func Limits(maxMemGiB float64) (simulate.Limits, error) {
	if !(maxMemGiB >= 0) || maxMemGiB > 1<<30 {
		return simulate.Limits{}, fmt.Errorf("-max-mem = %v: need a size in GiB ≥ 0 (0: the machine's memory)", maxMemGiB)
	}
	return simulate.Limits{MaxMemory: int64(maxMemGiB * (1 << 30))}, nil
}

// ConfigOf returns the training configuration of s (replicate 0) and checks it, and
// its replicates trained on workers goroutines, against the wider of lim (the -max-mem
// flag) and the scenario's own limits field, per limit
// (simulate.Config.CheckReplicates), before anything per replicate is allocated. A
// refusal names the scenario field to lower.
func ConfigOf(s *scenario.Scenario, lim simulate.Limits, workers int) (simulate.Config, error) {
	lim = widest(lim, s.Limits)
	cfg, err := s.Config(0) // validated within the scenario's limits
	var re *simulate.ResourceError
	if errors.As(err, &re) && lim != s.Limits {
		cfg, err = re.Config, nil // refused at the scenario's limits; try the wider ones
	}
	if err == nil {
		if err = cfg.ValidateWithin(lim); err == nil {
			err = cfg.CheckReplicates(s.Replicates, workers, lim)
		}
	}
	if errors.As(err, &re) {
		return simulate.Config{}, fmt.Errorf("scenario field %s: %w", scenario.FieldPath(re.Field), err)
	}
	return cfg, err
}

// widest returns, per limit, the larger of a and b (0, the default, is the smallest):
// a flag and a scenario field each raise a limit, neither lowers the other's.
func widest(a, b simulate.Limits) simulate.Limits {
	return simulate.Limits{MaxMemory: max(a.MaxMemory, b.MaxMemory), MaxFlops: max(a.MaxFlops, b.MaxFlops)}
}

// Plan is a scenario ready to train: its configuration, checked against the limits of
// a -max-mem flag, and the resolved scenario the run folder records (config.json).
type Plan struct {
	Config   simulate.Config
	Limits   simulate.Limits
	Resolved []byte
}

// PlanOf returns the Plan of s for a -max-mem of maxMemGiB and replicates trained on
// workers goroutines (Limits, ConfigOf, scenario.Scenario.Resolved), before anything
// per replicate is allocated.
func PlanOf(s *scenario.Scenario, maxMemGiB float64, workers int) (Plan, error) {
	lim, err := Limits(maxMemGiB)
	if err != nil {
		return Plan{}, err
	}
	cfg, err := ConfigOf(s, lim, workers)
	if err != nil {
		return Plan{}, err
	}
	resolved, err := s.Resolved()
	if err != nil {
		return Plan{}, err
	}
	return Plan{Config: cfg, Limits: lim, Resolved: resolved}, nil
}
