package scenario

import (
	"reflect"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
)

// The JSON form of a scenario file, in the order of README.md. Parse decodes it
// (strictjson: a nil pointer or slice is an omitted field); Resolved encodes it
// with every field a run uses set and the others nil.
type (
	form struct {
		Description *string        `json:"description,omitempty"`
		Source      []float64      `json:"source,omitempty"`
		TPM         *tpmForm       `json:"tpm,omitempty"`
		Labels      []string       `json:"labels,omitempty"`
		BatchSize   *int           `json:"batch_size,omitempty"`
		Loss        *string        `json:"loss,omitempty"`
		Tau         *float64       `json:"tau,omitempty"`
		Alpha       *float64       `json:"alpha,omitempty"`
		Beta        *float64       `json:"beta,omitempty"`
		Model       *modelForm     `json:"model,omitempty"`
		Optimizer   *optimizerForm `json:"optimizer,omitempty"`
		Schedule    *scheduleForm  `json:"schedule,omitempty"`
		Steps       *int           `json:"steps,omitempty"`
		RecordEvery *int           `json:"record_every,omitempty"`
		EvalBatches *int           `json:"eval_batches,omitempty"`
		AverageFrom *int           `json:"average_from,omitempty"`
		Seed        *uint64        `json:"seed,omitempty"`
		Replicates  *int           `json:"replicates,omitempty"`
		Limits      *limitsForm    `json:"limits,omitempty"`
		Output      *outputForm    `json:"output,omitempty"`
	}
	tpmForm struct {
		Rows   [][]float64 `json:"rows,omitempty"`
		Family *string     `json:"family,omitempty"`
		M      *int        `json:"m,omitempty"`
		Eps    *float64    `json:"eps,omitempty"`
		Sizes  []int       `json:"sizes,omitempty"`
		Within *float64    `json:"within,omitempty"`
		Perm   []int       `json:"perm,omitempty"`
		Row    []float64   `json:"row,omitempty"`
		Kappa  *float64    `json:"kappa,omitempty"`
		Seed   *uint64     `json:"seed,omitempty"`
	}
	modelForm struct {
		Kind   *string  `json:"kind,omitempty"`
		Dim    *int     `json:"dim,omitempty"`
		Widths []int    `json:"widths,omitempty"`
		Noise  *float64 `json:"noise,omitempty"`
	}
	optimizerForm struct {
		Name     *string  `json:"name,omitempty"`
		LR       *float64 `json:"lr,omitempty"`
		Momentum *float64 `json:"momentum,omitempty"`
	}
	scheduleForm struct {
		Kind   *string `json:"kind,omitempty"`
		Warmup *int    `json:"warmup,omitempty"`
	}
	limitsForm struct {
		MaxMemoryGiB *float64 `json:"max_memory_gib,omitempty"`
		MaxFlops     *float64 `json:"max_flops,omitempty"`
	}
	outputForm struct {
		Formats          []string `json:"formats"`
		ReferenceMetrics *bool    `json:"reference_metrics,omitempty"`
	}
)

// Field names of the format (README.md), in the order Resolved writes them.
var (
	topFields       = strictjson.Names(reflect.TypeFor[form]())
	tpmFields       = strictjson.Names(reflect.TypeFor[tpmForm]())
	modelFields     = strictjson.Names(reflect.TypeFor[modelForm]())
	optimizerFields = strictjson.Names(reflect.TypeFor[optimizerForm]())
	scheduleFields  = strictjson.Names(reflect.TypeFor[scheduleForm]())
	outputFields    = strictjson.Names(reflect.TypeFor[outputForm]())
)
