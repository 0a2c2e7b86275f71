package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/proofs"
)

// A claim's outcome is recorded in the run folder (outcomes/ID.json) the moment it is
// finished, so that a run stopped by a signal resumes without evaluating it again
// (runfolder.Interrupted with the same seed and -quick: resumeKey). The records are
// removed once ledger.md is written. Floats are recorded as strconv's shortest 'g'
// form, which reads back to the same float64 (NaN and ±Inf included), so that a
// resumed ledger is byte-identical to an uninterrupted one.

// outcomeDir is the folder of the recorded outcomes inside a run folder.
const outcomeDir = "outcomes/"

// outcomeFile is the name of claim id's recorded outcome.
func outcomeFile(id string) string { return outcomeDir + id + ".json" }

// resumeKey names the settings an outcome depends on (the manifest's config_hash): a
// run resumes only an interrupted run with the same key.
func resumeKey(o options) string {
	return fmt.Sprintf("seed=%d quick=%v", o.seed, o.quick)
}

type checkRecord struct {
	Route                         proofs.Route
	Quantity, Entry               string
	Predicted, Measured, Err, Tol string
	AtLeast                       bool
	Unit, Origin, Note            string
	Skipped                       bool
}

type outcomeRecord struct {
	ID, Statement string
	Routes        []proofs.Route
	Checks        []checkRecord
	Corrected     string
	Err           *string `json:",omitempty"`
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// encodeOutcome returns o's record.
func encodeOutcome(o *proofs.Outcome) []byte {
	r := outcomeRecord{ID: o.ID, Statement: o.Statement, Routes: o.Routes, Corrected: o.Corrected, Checks: []checkRecord{}}
	if o.Err != nil {
		s := o.Err.Error()
		r.Err = &s
	}
	for _, c := range o.Checks {
		r.Checks = append(r.Checks, checkRecord{
			Route: c.Route, Quantity: c.Quantity, Entry: c.Entry,
			Predicted: formatFloat(c.Predicted), Measured: formatFloat(c.Measured), Err: formatFloat(c.Err), Tol: formatFloat(c.Tol),
			AtLeast: c.AtLeast, Unit: c.Unit, Origin: c.Origin, Note: c.Note, Skipped: c.Skipped,
		})
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		panic(err) // strings, bools and string slices always marshal
	}
	return append(b, '\n')
}

// decodeOutcome reads the record of claim id; errors name what is wrong.
func decodeOutcome(b []byte, id string) (*proofs.Outcome, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var r outcomeRecord
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if r.ID != id {
		return nil, fmt.Errorf("it records claim %q, not %q", r.ID, id)
	}
	o := &proofs.Outcome{ID: r.ID, Statement: r.Statement, Routes: r.Routes, Corrected: r.Corrected}
	if r.Err != nil {
		o.Err = errors.New(*r.Err)
	}
	for i, c := range r.Checks {
		var x [4]float64
		for k, s := range []string{c.Predicted, c.Measured, c.Err, c.Tol} {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("check %d: value %q is not a number", i+1, s)
			}
			x[k] = v
		}
		o.Checks = append(o.Checks, proofs.Check{
			Route: c.Route, Quantity: c.Quantity, Entry: c.Entry,
			Predicted: x[0], Measured: x[1], Err: x[2], Tol: x[3],
			AtLeast: c.AtLeast, Unit: c.Unit, Origin: c.Origin, Note: c.Note, Skipped: c.Skipped,
		})
	}
	return o, nil
}

// keptOutcomes reads back the outcomes of entries that the folder kept from an
// interrupted run (runfolder.Options.Keep); nil for the others.
func keptOutcomes(f *runfolder.Folder, entries []proofs.Entry) ([]*proofs.Outcome, error) {
	kept := make([]*proofs.Outcome, len(entries))
	for i, e := range entries {
		name := outcomeFile(e.ID)
		if !f.Has(name) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(f.Dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("resuming: %w", err)
		}
		if kept[i], err = decodeOutcome(b, e.ID); err != nil {
			return nil, fmt.Errorf("resuming: %s: %w", filepath.Join(f.Dir, filepath.FromSlash(name)), err)
		}
	}
	return kept, nil
}

// recorder writes each finished outcome into the run folder until it is stopped: a
// claim that an interrupted run abandoned and that finishes later writes nothing.
type recorder struct {
	folder *runfolder.Folder

	mu      sync.Mutex
	stopped bool
	err     error
}

func (r *recorder) record(o *proofs.Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.stopped {
		r.err = errors.Join(r.err, r.folder.WriteFile(outcomeFile(o.ID), encodeOutcome(o)))
	}
}

// stop ends the recording and returns the errors of the writes.
func (r *recorder) stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	return r.err
}

// removeResumeState removes the recorded outcomes and ledger.incomplete.md once
// ledger.md is written (only files of this run or of the kept one whose checksums
// still match: runfolder.Folder.Remove).
func removeResumeState(f *runfolder.Folder) error {
	var names []string
	for _, name := range f.Manifest.Files {
		if strings.HasPrefix(name, outcomeDir) || name == incompleteLedger {
			names = append(names, name)
		}
	}
	var err error
	for _, name := range names {
		_, rerr := f.Remove(name)
		err = errors.Join(err, rerr)
	}
	return err
}
