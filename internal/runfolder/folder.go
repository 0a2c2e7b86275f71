package runfolder

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Options say who claims a folder and how (Create).
type Options struct {
	// Notebook names the notebook that owns the folder ("run", "sweep", "figures", …);
	// it must not be empty.
	Notebook string
	// Command is recorded in the manifest (empty: Notebook).
	Command string
	// Args are the command's arguments, recorded in the manifest.
	Args []string
	// Force writes into a folder that holds foreign files (package doc); they are
	// left alone unless an output has the same name.
	Force bool
	// Keep keeps the own files of the earlier run in the folder (and in the new
	// manifest) instead of removing them: a command that resumes sets it.
	Keep bool
	// Own, when non-nil, claims files of an own run folder by their slash-separated
	// name: the notebook checks their content itself. runfolder never removes them.
	Own func(name string) bool
}

// Folder is a run folder being written (package doc). Its methods are safe for
// concurrent use.
type Folder struct {
	Dir      string
	Manifest *Manifest

	mu sync.Mutex
}

// ForeignError is Create's refusal of a folder that holds a file the notebook did not
// write.
type ForeignError struct {
	Dir, File, Notebook string
	Reason              string // why File is not the notebook's
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("runfolder: refusing to write into %s: it holds %s, which notebook %q did not write (%s); choose a new or empty folder, or pass -force to write beside it (no file that %s did not write is removed)",
		e.Dir, e.File, e.Notebook, e.Reason, e.Notebook)
}

// Create claims dir for a run of o.Notebook by the ownership rule of the package doc
// and writes its first manifest (complete=false). dir and its parents are created
// when missing. It returns a *ForeignError for a folder with a foreign file unless
// o.Force is set.
func Create(dir string, o Options) (*Folder, error) {
	if o.Notebook == "" {
		panic("runfolder: Create without a notebook name")
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("runfolder: %s is a file, not a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("runfolder: run folder: %w", err)
	}
	old, manifestProblem := readOwnManifest(dir, o.Notebook)
	own, foreign, err := survey(dir, o, old, manifestProblem)
	if err != nil {
		return nil, err
	}
	if foreign != nil && !o.Force {
		return nil, foreign
	}
	cmd := o.Command
	if cmd == "" {
		cmd = o.Notebook
	}
	f := &Folder{Dir: dir, Manifest: NewManifest(o.Notebook, cmd, o.Args)}
	for _, name := range own {
		if o.Keep {
			f.list(name, old.SHA256[name])
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("runfolder: replacing the run in %s: %w", dir, err)
		}
		removeEmptyParents(dir, name)
	}
	if err := f.Manifest.Write(dir); err != nil {
		return nil, err
	}
	return f, nil
}

// readOwnManifest returns dir's manifest when it is a verifiable manifest of notebook;
// otherwise nil and, when dir has a manifest.json at all, why it is not one.
func readOwnManifest(dir, notebook string) (*Manifest, string) {
	m, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ""
	}
	if err != nil {
		return nil, "it does not read as a manifest: " + err.Error()
	}
	if err := m.verify(notebook); err != nil {
		return nil, err.Error()
	}
	return m, ""
}

// survey walks dir and returns the listed files of the earlier run old whose checksums
// still match (in lexical order), and the first foreign file as a *ForeignError (nil if
// none).
func survey(dir string, o Options, old *Manifest, manifestProblem string) (own []string, foreign *ForeignError, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, werr error) error {
		if werr != nil {
			return werr
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		reason := ""
		switch {
		case isTemp(d.Name()):
			return nil // an interrupted atomic write: unreadable to anyone, harmless
		case name == ManifestFile:
			reason = manifestProblem
		case old == nil && manifestProblem != "":
			reason = "the folder's manifest.json is not this notebook's: " + manifestProblem
		case old == nil:
			reason = "the folder has no manifest.json"
		case !d.Type().IsRegular():
			reason = "not a regular file"
		case old.SHA256[name] != "" && slices.Contains(old.Files, name):
			sum, err := fileSHA256(path)
			if err != nil {
				return err
			}
			if sum != old.SHA256[name] {
				reason = "it changed since the notebook wrote it"
			} else {
				own = append(own, name)
			}
		case o.Own != nil && o.Own(name):
		default:
			reason = "the manifest does not list it"
		}
		if reason != "" && foreign == nil {
			foreign = &ForeignError{Dir: dir, File: name, Notebook: o.Notebook, Reason: reason}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("runfolder: reading %s: %w", dir, err)
	}
	return own, foreign, nil
}

// fileSHA256 returns the hex SHA-256 of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// localName reports whether name is a relative path inside its folder.
func localName(name string) bool {
	return name != "" && filepath.IsLocal(filepath.FromSlash(name))
}

// removeEmptyParents removes the directories of name below dir that are empty.
func removeEmptyParents(dir, name string) {
	for d := filepath.Dir(filepath.FromSlash(name)); d != "."; d = filepath.Dir(d) {
		if os.Remove(filepath.Join(dir, d)) != nil {
			return
		}
	}
}

// list records name with its checksum in the manifest (Files kept sorted); the caller
// holds mu or owns f alone.
func (f *Folder) list(name, sum string) {
	if k, found := slices.BinarySearch(f.Manifest.Files, name); !found {
		f.Manifest.Files = slices.Insert(f.Manifest.Files, k, name)
	}
	f.Manifest.SHA256[name] = sum
}

// WriteFile writes dir/name atomically and lists it, with its checksum, in the
// manifest. name may contain slashes (its directories are created).
func (f *Folder) WriteFile(name string, data []byte) error {
	return f.Write(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write writes dir/name atomically with the content write produces, lists it with its
// checksum in the manifest, and rewrites the manifest (complete=false).
func (f *Folder) Write(name string, write func(io.Writer) error) error {
	if !localName(name) || name == ManifestFile {
		return fmt.Errorf("runfolder: file name %q: want a relative path inside the run folder other than %s", name, ManifestFile)
	}
	name = filepath.ToSlash(filepath.Clean(filepath.FromSlash(name)))
	path := filepath.Join(f.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("runfolder: %w", err)
	}
	var h hash.Hash
	err := WriteAtomic(path, func(w io.Writer) error {
		h = sha256.New() // afresh: nothing of a failed attempt counts
		return write(io.MultiWriter(w, h))
	})
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list(name, hex.EncodeToString(h.Sum(nil)))
	return f.Manifest.Write(f.Dir)
}

// Remove removes dir/name if the run wrote it and its checksum still matches, and
// unlists it; any other file is left alone (reported by the result false).
func (f *Folder) Remove(name string) (removed bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	sum, listed := f.Manifest.SHA256[name]
	if !listed {
		return false, nil
	}
	path := filepath.Join(f.Dir, filepath.FromSlash(name))
	got, err := fileSHA256(path)
	if errors.Is(err, fs.ErrNotExist) {
		f.unlist(name)
		return false, f.Manifest.Write(f.Dir)
	}
	if err != nil || got != sum {
		return false, err
	}
	if err := os.Remove(path); err != nil {
		return false, fmt.Errorf("runfolder: %w", err)
	}
	removeEmptyParents(f.Dir, name)
	f.unlist(name)
	return true, f.Manifest.Write(f.Dir)
}

// unlist drops name from the manifest; the caller holds mu.
func (f *Folder) unlist(name string) {
	f.Manifest.Files = slices.DeleteFunc(f.Manifest.Files, func(s string) bool { return s == name })
	delete(f.Manifest.SHA256, name)
}

// WriteConfig writes config.json (the resolved scenario, JSON) and records it, its
// hash and seed in the manifest.
func (f *Folder) WriteConfig(resolved []byte, hash string, seed uint64) error {
	if !json.Valid(resolved) {
		return errors.New("runfolder: config is not valid JSON")
	}
	f.mu.Lock()
	f.Manifest.Config = json.RawMessage(slices.Clone(resolved))
	f.Manifest.ConfigHash = hash
	f.Manifest.Seed = seed
	f.mu.Unlock()
	return f.WriteFile(ConfigFile, resolved)
}

// ConfigFile is the name of a run folder's configuration.
const ConfigFile = "config.json"

// Close finishes the manifest with runErr (complete iff runErr is nil) and writes it
// last. It returns runErr, or the error of writing the manifest when runErr is nil.
func (f *Folder) Close(runErr error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Manifest.Finish(runErr)
	if err := f.Manifest.Write(f.Dir); err != nil {
		if runErr != nil {
			return fmt.Errorf("%w (and the manifest was not written: %v)", runErr, err)
		}
		return err
	}
	return runErr
}

// Has reports whether the manifest lists name: a file this run wrote, or one of the
// earlier run's that Create kept (Options.Keep) after checking its checksum.
func (f *Folder) Has(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.Manifest.SHA256[name]
	return ok
}
