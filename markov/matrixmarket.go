package markov

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MatrixMarketError names the line of a Matrix Market file that is malformed.
type MatrixMarketError struct {
	Line int // 1-based line number (0 when the problem is the file as a whole)
	Msg  string
}

func (e *MatrixMarketError) Error() string {
	if e.Line == 0 {
		return "markov: Matrix Market: " + e.Msg
	}
	return fmt.Sprintf("markov: Matrix Market line %d: %s", e.Line, e.Msg)
}

// mmMaxPrealloc bounds the entries preallocated from a header's count, so a header
// that lies about a huge count cannot exhaust memory before the body is read.
const mmMaxPrealloc = 1 << 16

// ReadMatrixMarket reads a TPM from a Matrix Market coordinate file (NIST Matrix Market
// exchange format): the banner "%%MatrixMarket matrix coordinate real general" (integer
// values are accepted as reals), '%' comment lines, a size line "M N NNZ" with M = N,
// then NNZ lines "i j value" with 1-based indices. Duplicate entries are summed, as the
// format specifies. Pattern, complex, array (dense) and symmetric/skew/hermitian files
// are refused. The matrix must then be a valid TPM (see NewSparse). Errors name the line
// (a *MatrixMarketError) or, for a row that does not sum to 1, the row.
func ReadMatrixMarket(r io.Reader) (*SparseTPM, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	next := func() ([]byte, bool) {
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			return b, true
		}
		return nil, false
	}
	scanErr := func() error {
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return &MatrixMarketError{Line: line + 1, Msg: "line longer than 1 MiB"}
			}
			return fmt.Errorf("markov: Matrix Market: reading after line %d: %w", line, err)
		}
		return nil
	}
	// Banner.
	if !sc.Scan() {
		if err := scanErr(); err != nil {
			return nil, err
		}
		return nil, &MatrixMarketError{Msg: "empty file: want the banner \"%%MatrixMarket matrix coordinate real general\""}
	}
	line = 1
	if err := checkBanner(strings.Fields(sc.Text())); err != nil {
		return nil, &MatrixMarketError{Line: 1, Msg: err.Error()}
	}
	// Comments, then the size line.
	var size []byte
	for {
		b, ok := next()
		if !ok {
			if err := scanErr(); err != nil {
				return nil, err
			}
			return nil, &MatrixMarketError{Line: line, Msg: "file ends before the size line \"M N NNZ\""}
		}
		if b[0] != '%' {
			size = b
			break
		}
	}
	f := strings.Fields(string(size))
	if len(f) != 3 {
		return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("size line %q: want three integers \"M N NNZ\"", size)}
	}
	var dims [3]int
	for i, s := range f {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("size line %q: %q is not a non-negative integer", size, s)}
		}
		dims[i] = v
	}
	m, n, nnz := dims[0], dims[1], dims[2]
	if m != n {
		return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("matrix is %d×%d: a TPM is square", m, n)}
	}
	if m < 1 {
		return nil, &MatrixMarketError{Line: line, Msg: "matrix has 0 rows: " + ErrEmpty.Error()}
	}
	if m > MaxSparseStates {
		return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("matrix has %d rows: at most %d", m, MaxSparseStates)}
	}
	if nnz < m {
		return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("size line declares %d rows but only %d entries: every row of a TPM needs at least one", m, nnz)}
	}
	entries := make([]Triplet, 0, min(nnz, mmMaxPrealloc))
	for len(entries) < nnz {
		b, ok := next()
		if !ok {
			if err := scanErr(); err != nil {
				return nil, err
			}
			return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("file ends after %d of the %d entries the size line declares (truncated body or a header that lies)", len(entries), nnz)}
		}
		if b[0] == '%' {
			continue
		}
		e, err := parseEntry(b, m)
		if err != nil {
			return nil, &MatrixMarketError{Line: line, Msg: err.Error()}
		}
		entries = append(entries, e)
	}
	for {
		b, ok := next()
		if !ok {
			break
		}
		if b[0] != '%' {
			return nil, &MatrixMarketError{Line: line, Msg: fmt.Sprintf("entry beyond the %d the size line declares (a header that lies about the count)", nnz)}
		}
	}
	if err := scanErr(); err != nil {
		return nil, err
	}
	t, err := buildSparse(m, entries)
	if err != nil {
		return nil, fmt.Errorf("markov: Matrix Market (indices below are 0-based; add 1 for the file's): %w", err)
	}
	return t, nil
}

func checkBanner(f []string) error {
	want := "want \"%%MatrixMarket matrix coordinate real general\""
	if len(f) == 0 || !strings.EqualFold(f[0], "%%MatrixMarket") {
		return fmt.Errorf("banner %q: not a Matrix Market file; %s", strings.Join(f, " "), want)
	}
	if len(f) != 5 {
		return fmt.Errorf("banner %q: want 5 words; %s", strings.Join(f, " "), want)
	}
	obj, format, field, sym := strings.ToLower(f[1]), strings.ToLower(f[2]), strings.ToLower(f[3]), strings.ToLower(f[4])
	switch {
	case obj != "matrix":
		return fmt.Errorf("object %q: only \"matrix\" is a TPM", f[1])
	case format == "array":
		return fmt.Errorf("format \"array\" (dense) is not supported: write the TPM in \"coordinate\" format")
	case format != "coordinate":
		return fmt.Errorf("format %q: want \"coordinate\"", f[2])
	case field == "pattern":
		return fmt.Errorf("field \"pattern\" has no values: a TPM needs its probabilities (\"real\")")
	case field == "complex":
		return fmt.Errorf("field \"complex\": a TPM is real")
	case field != "real" && field != "integer" && field != "double":
		return fmt.Errorf("field %q: want \"real\"", f[3])
	case sym != "general":
		return fmt.Errorf("symmetry %q: a TPM is row-stochastic, not symmetric in general; write all entries with \"general\"", f[4])
	}
	return nil
}

func parseEntry(b []byte, m int) (Triplet, error) {
	f := strings.Fields(string(b))
	if len(f) != 3 {
		return Triplet{}, fmt.Errorf("entry %q: want \"row column value\"", b)
	}
	var idx [2]int
	for i := range 2 {
		v, err := strconv.Atoi(f[i])
		if err != nil {
			return Triplet{}, fmt.Errorf("entry %q: index %q is not an integer", b, f[i])
		}
		if v < 1 || v > m {
			return Triplet{}, fmt.Errorf("entry %q: index %d out of range [1, %d]", b, v, m)
		}
		idx[i] = v - 1
	}
	v, err := strconv.ParseFloat(f[2], 64)
	if err != nil {
		return Triplet{}, fmt.Errorf("entry %q: value %q is not a number", b, f[2])
	}
	if why := checkEntry(v); why != "" {
		return Triplet{}, fmt.Errorf("entry %q: value %v at (row %d, column %d): %s", b, v, idx[0]+1, idx[1]+1, why)
	}
	return Triplet{Row: idx[0], Col: idx[1], Value: v}, nil
}

// WriteMatrixMarket writes t as a Matrix Market "coordinate real general" file, one
// 1-based entry per line in row order, values in the shortest form that reads back
// exactly, so ReadMatrixMarket(WriteMatrixMarket(t)) equals t.
func (t *SparseTPM) WriteMatrixMarket(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "%%%%MatrixMarket matrix coordinate real general\n%% row-stochastic TPM written by infonce-lab markov\n%d %d %d\n", t.m, t.m, len(t.vals))
	buf := make([]byte, 0, 64)
	for k := 0; k < t.m; k++ {
		for p := t.rowPtr[k]; p < t.rowPtr[k+1]; p++ {
			buf = strconv.AppendInt(buf[:0], int64(k+1), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(t.cols[p])+1, 10)
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, t.vals[p], 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return fmt.Errorf("markov: writing Matrix Market: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("markov: writing Matrix Market: %w", err)
	}
	return nil
}
