package scenario_test

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// A scenario names only what differs from the paper's toy.
func ExampleParse() {
	s, err := scenario.Parse([]byte(`{
		"tpm": {"family": "lazy", "m": 4, "eps": 0.2},
		"loss": "scinfonce", "beta": -0.2,
		"model": {"kind": "embedding", "dim": 8}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := s.Config(0)
	if err != nil {
		fmt.Println(err)
		return
	}
	sp := cfg.Space
	fmt.Printf("m = %d, π = %.2f, A[0] = %.2f\n", sp.Len(), sp.Source(), sp.Augmentation().Row(nil, 0))
	fmt.Printf("N = %d, loss %s, τ = %g, α = %g, β = %g\n", cfg.N, cfg.Loss, cfg.Params.Tau, cfg.Params.Alpha, cfg.Params.Beta)
	fmt.Printf("model %+v\n", cfg.Model)
	fmt.Printf("%s lr %g, %s with %d warm-up steps, %d steps\n", cfg.Opt.Name, cfg.Opt.LR, cfg.Opt.Schedule, cfg.Opt.Warmup, cfg.Steps)
	// Output:
	// m = 4, π = [0.25 0.25 0.25 0.25], A[0] = [0.85 0.05 0.05 0.05]
	// N = 1000, loss scinfonce, τ = 1, α = 1, β = -0.2
	// model {Kind:embedding Dim:8 Widths:[] Noise:0}
	// adam lr 0.001, warmup-cosine with 10 warm-up steps, 600 steps
}

// Errors name the field, the value and what was expected.
func ExampleParse_errors() {
	for _, in := range []string{
		`{"tpm": {"rows": [[0.5, 0.5], [0.5, 0.4]]}}`,
		`{"loss": "triplet"}`,
		`{"batch_size": 1}`,
		`{"model": {"kind": "mlp", "dim": 8}}`,
		`{"tau": 1,}`,
	} {
		_, err := scenario.Parse([]byte(in))
		fmt.Println(err)
	}
	// Output:
	// scenario: tpm.rows[1] sums to 0.9, want 1 (within 1e-09)
	// scenario: line 1, column 10: loss = "triplet": unknown loss, want one of [infonce ntxent dcl scinfonce scinfonce-decoupled dhel spectral ref-infonce ref-scinfonce ref-isinfonce ref-dcl ref-dhel ref-gkcl ref-linear ref-fmicl-js]
	// scenario: line 1, column 16: batch_size = 1: need ≥ 2 (one positive and at least one negative per anchor)
	// scenario: line 1, column 34: model.dim = 8: not used by kind "mlp"; its fields are [kind widths noise]
	// scenario: line 1, column 11: invalid JSON: invalid character '}' looking for beginning of object key string
}

// The resolved form is what a run records: every default filled in.
func ExampleScenario_Resolved() {
	s, err := scenario.Parse([]byte(`{"tpm": {"family": "identity", "m": 2}, "model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := s.Resolved()
	fmt.Print(string(b))
	// Output:
	// {
	//   "source": [0.5, 0.5],
	//   "tpm": {
	//     "family": "identity",
	//     "m": 2
	//   },
	//   "batch_size": 1000,
	//   "loss": "infonce",
	//   "tau": 1,
	//   "model": {
	//     "kind": "logits"
	//   },
	//   "optimizer": {
	//     "name": "sgd",
	//     "lr": 0.5,
	//     "momentum": 0
	//   },
	//   "schedule": {
	//     "kind": "warmup-cosine",
	//     "warmup": 10
	//   },
	//   "steps": 600,
	//   "record_every": 10,
	//   "eval_batches": 10,
	//   "average_from": 0,
	//   "seed": 1,
	//   "replicates": 1,
	//   "output": {
	//     "formats": ["png", "svg", "pdf"],
	//     "reference_metrics": false
	//   }
	// }
}
