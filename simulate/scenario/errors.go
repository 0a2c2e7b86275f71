package scenario

import (
	"errors"
	"fmt"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Error is a problem with a scenario: the field it concerns, as a path of JSON names
// ("tpm.rows[1]", "model.widths[0]"), and what is wrong, naming the value and what
// was expected. Syntax errors carry the line and column (1-based; columns count
// characters) instead of a field. Err, when set, is the underlying error of markov,
// feature or simulate, so errors.As still finds their typed errors.
type Error struct {
	File         string // Load's path; "" for Parse
	Line, Column int    // position of a syntax error or of trailing data; 0 otherwise
	Field        string // JSON path of the offending field; "" for the whole document
	Msg          string // what is wrong, e.g. `= 1: need ≥ 2` or `sums to 0.9, want 1`
	Err          error  // underlying error, if any
	// why is Msg after "= value: " when the message quotes the field's value, so that
	// Parse can quote it as the file writes it (0.9, 1e3) instead of as Go prints it.
	why string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("scenario: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	// The place, path and message are written as strictjson writes them.
	b.WriteString((&strictjson.Error{Line: e.Line, Column: e.Column, Path: e.Field, Msg: e.Msg}).Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// fieldErr returns an Error for path with a formatted message.
func fieldErr(path, format string, args ...any) *Error {
	return &Error{Field: path, Msg: fmt.Sprintf(format, args...)}
}

// valueErr returns an Error for the member at path whose number v (printed with %v)
// is wrong; Parse quotes the value as the file writes it.
func valueErr(path string, v any, format string, args ...any) *Error {
	value := fmt.Sprint(v)
	why := fmt.Sprintf(format, args...)
	return &Error{Field: path, Msg: "= " + value + ": " + why, why: why}
}

// place gives err, an Error of Validate, the line and column of its field in doc and
// the value as doc writes it.
func place(err error, doc *strictjson.Document) error {
	var e *Error
	if !errors.As(err, &e) || !doc.Has(e.Field) {
		return err
	}
	at := doc.At(e.Field, "")
	e.Line, e.Column = at.Line, at.Column
	if v := doc.Value(e.Field); e.why != "" && !strings.ContainsAny(v[:1], "[{") {
		e.Msg = "= " + v + ": " + e.why // a scalar as written; arrays as Go prints them, in full
	}
	return e
}

// configPaths maps the fields of simulate.Config to the members of the format.
var configPaths = map[string]string{
	"N": "batch_size", "Loss": "loss", "Params": "loss", "Params.Tau": "tau", "Params.Alpha": "alpha", "Params.Beta": "beta",
	"Model.Kind": "model.kind", "Model.Dim": "model.dim", "Model.Widths": "model.widths", "Model.Noise": "model.noise",
	"Opt.Name": "optimizer.name", "Opt.LR": "optimizer.lr", "Opt.Momentum": "optimizer.momentum",
	"Opt.Schedule": "schedule.kind", "Opt.Warmup": "schedule.warmup",
	"Steps": "steps", "RecordEvery": "record_every", "EvalBatches": "eval_batches", "AverageFrom": "average_from",
	"Seed": "seed", "Replicate": "replicates", "replicates": "replicates",
}

// FieldPath returns the member of the format that sets the simulate.Config field
// (simulate.FieldError.Field, simulate.ResourceError.Field): "N" → "batch_size",
// "Model.Widths[1]" → "model.widths[1]"; "" for a field no member sets (Space,
// Workers).
func FieldPath(field string) string {
	base, rest, indexed := strings.Cut(field, "[")
	p, ok := configPaths[base]
	if !ok {
		return ""
	}
	if indexed {
		p += "[" + rest
	}
	return p
}

// fromConfig maps an error of simulate.Config's validation within the limits lim onto
// the members of the format: simulate owns the rules, the scenario only names its
// fields.
func fromConfig(err error, lim simulate.Limits) error {
	var fe *simulate.FieldError
	var re *simulate.ResourceError
	switch {
	case errors.As(err, &fe) && FieldPath(fe.Field) != "":
		return &Error{Field: FieldPath(fe.Field), Msg: "= " + fe.Value + ": " + fe.Msg, why: fe.Msg, Err: err}
	case errors.As(err, &re) && FieldPath(re.Field) != "":
		p := FieldPath(re.Field)
		need, limit, raise, from := fmt.Sprintf("%.2g floating-point operations", re.Need), fmt.Sprintf("%.2g", re.Limit), "limits.max_flops", "the default"
		if lim.MaxFlops > 0 {
			from = "limits.max_flops"
		}
		if re.Memory {
			need, limit, raise, from = simulate.FormatBytes(re.Need)+" of memory", simulate.FormatBytes(re.Limit), "limits.max_memory_gib", "the machine's memory or ulimit -v"
			if lim.MaxMemory > 0 {
				from = "limits.max_memory_gib"
			}
		}
		return &Error{Field: p, Err: err, Msg: fmt.Sprintf(": the run needs about %s, more than the limit %s (%s); lower %s or raise %s", need, limit, from, p, raise)}
	}
	return &Error{Msg: err.Error(), Err: err}
}

// wrapErr returns an Error for path whose message is msg followed by err's text.
func wrapErr(path string, err error, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if msg != "" {
		msg += ": "
	}
	return &Error{Field: path, Msg: msg + err.Error(), Err: err}
}

// fromJSON converts an error of strictjson (syntax, names, types, or a check of
// decode placed by the Document) into an Error.
func fromJSON(err error) error {
	var je *strictjson.Error
	if !errors.As(err, &je) {
		return &Error{Msg: err.Error(), Err: err}
	}
	return &Error{Line: je.Line, Column: je.Column, Field: je.Path, Msg: je.Msg}
}

// join returns the path of field key inside the object at path.
func join(path, key string) string { return strictjson.Join(path, key) }

// index returns the path of element i of the array at path.
func index(path string, i int) string { return strictjson.Index(path, i) }
