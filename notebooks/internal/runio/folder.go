package runio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// Folder is a run folder being written (package doc, the file rule). CreateFolder
// marks it as running with a manifest of complete=false; every file written through
// the Folder is atomic and listed in the manifest; Close writes the final manifest.
type Folder struct {
	Dir      string
	Manifest *Manifest
}

// ConfigFile and MetricsFile are the names of a run folder's configuration and
// metrics; IncompleteMetricsFile holds the records of a run that did not finish.
const (
	ConfigFile            = "config.json"
	MetricsFile           = "metrics.csv"
	IncompleteMetricsFile = "metrics.incomplete.csv"
)

// CreateFolder makes dir (and its parents) a run folder of command with args. A run
// folder left there by an earlier run is replaced: its manifest, then the files that
// manifest lists, are removed first, so that no file of the old run can be mistaken
// for a result of the new one. Other files in dir are left alone. The new folder
// starts with a manifest saying complete=false.
func CreateFolder(dir, command string, args []string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("runio: run folder: %w", err)
	}
	if old, err := ReadManifest(dir); err == nil {
		if err := os.Remove(filepath.Join(dir, ManifestFile)); err != nil {
			return nil, fmt.Errorf("runio: replacing run folder %s: %w", dir, err)
		}
		for _, name := range old.Files {
			if !localName(name) {
				continue // never remove outside the folder, whatever a manifest says
			}
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("runio: replacing run folder %s: %w", dir, err)
			}
			removeEmptyParents(dir, name)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("runio: %s holds a %s that does not read as a manifest (%v); choose another folder or remove it", dir, ManifestFile, err)
	}
	f := &Folder{Dir: dir, Manifest: NewManifest(command, args)}
	if err := f.Manifest.Write(dir); err != nil {
		return nil, err
	}
	return f, nil
}

// localName reports whether name is a relative path inside its folder.
func localName(name string) bool {
	return name != "" && filepath.IsLocal(name)
}

// removeEmptyParents removes the directories of name below dir that are empty.
func removeEmptyParents(dir, name string) {
	for d := filepath.Dir(name); d != "."; d = filepath.Dir(d) {
		if os.Remove(filepath.Join(dir, d)) != nil {
			return
		}
	}
}

// WriteFile writes dir/name atomically and lists it in the manifest. name may contain
// slashes (its directories are created).
func (f *Folder) WriteFile(name string, data []byte) error {
	return f.Write(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write writes dir/name atomically with the content write produces and lists it in
// the manifest.
func (f *Folder) Write(name string, write func(io.Writer) error) error {
	if !localName(name) {
		return fmt.Errorf("runio: file name %q: want a relative path inside the run folder", name)
	}
	path := filepath.Join(f.Dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("runio: %w", err)
	}
	if err := WriteAtomic(path, write); err != nil {
		return err
	}
	name = filepath.ToSlash(name)
	if !slices.Contains(f.Manifest.Files, name) {
		f.Manifest.Files = append(f.Manifest.Files, name)
	}
	return nil
}

// WriteConfig writes config.json (the resolved scenario, JSON) and records it, its
// hash and seed in the manifest.
func (f *Folder) WriteConfig(resolved []byte, hash string, seed uint64) error {
	if !json.Valid(resolved) {
		return errors.New("runio: config is not valid JSON")
	}
	f.Manifest.Config = json.RawMessage(slices.Clone(resolved))
	f.Manifest.ConfigHash = hash
	f.Manifest.Seed = seed
	return f.WriteFile(ConfigFile, resolved)
}

// Close finishes the manifest with runErr (complete iff runErr is nil) and writes it
// last. It returns runErr, or the error of writing the manifest when runErr is nil.
func (f *Folder) Close(runErr error) error {
	f.Manifest.Finish(runErr)
	slices.Sort(f.Manifest.Files)
	if err := f.Manifest.Write(f.Dir); err != nil {
		if runErr != nil {
			return fmt.Errorf("%w (and the manifest was not written: %v)", runErr, err)
		}
		return err
	}
	return runErr
}

// ReplicateFile returns the name of a per-replicate file base (e.g. "metrics.csv") of
// replicate rep of n (package doc): base itself for a single replicate,
// replicate-RRR/base for several; an incomplete result gets ".incomplete" before the
// extension (metrics.incomplete.csv).
func ReplicateFile(rep, n int, base string, incomplete bool) string {
	if incomplete {
		ext := path.Ext(base)
		base = strings.TrimSuffix(base, ext) + ".incomplete" + ext
	}
	if n == 1 {
		return base
	}
	return fmt.Sprintf("replicate-%03d/%s", rep, base)
}

// WriteResults writes the metrics of every replicate that has a result (nil results
// are skipped), each by ReplicateFile.
func (f *Folder) WriteResults(results []*simulate.Result) error {
	for rep, res := range results {
		if res == nil {
			continue
		}
		rows := RecordRows(res)
		name := ReplicateFile(rep, len(results), MetricsFile, res.Incomplete)
		if err := f.Write(name, func(w io.Writer) error { return EncodeMetricsCSV(w, rows) }); err != nil {
			return err
		}
	}
	return nil
}
