package scenario

import (
	"fmt"
	"strings"
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
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("scenario: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if !strings.HasPrefix(e.Msg, ":") {
			b.WriteString(" ")
		}
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// fieldErr returns an Error for path with a formatted message.
func fieldErr(path, format string, args ...any) *Error {
	return &Error{Field: path, Msg: fmt.Sprintf(format, args...)}
}

// wrapErr returns an Error for path whose message is msg followed by err's text.
func wrapErr(path string, err error, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if msg != "" {
		msg += ": "
	}
	return &Error{Field: path, Msg: msg + err.Error(), Err: err}
}

// join returns the path of field key inside the object at path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index returns the path of element i of the array at path.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
