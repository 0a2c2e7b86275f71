package runfolder

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Format is the format tag of a run folder's manifest (package doc).
const Format = "infonce-lab run folder 1"

// Manifest describes one run: what was run, with which configuration, by which code,
// whether it completed, and the files it wrote with their checksums (package doc). It
// is written as manifest.json.
type Manifest struct {
	// Format is the format tag Format; Notebook names the notebook that owns the
	// folder (e.g. "run", "sweep", "figures").
	Format     string          `json:"format"`
	Notebook   string          `json:"notebook"`
	Command    string          `json:"command"`
	Args       []string        `json:"args"`
	Seed       uint64          `json:"seed"`
	ConfigHash string          `json:"config_hash,omitempty"`
	Config     json.RawMessage `json:"config,omitempty"`
	// GitRevision is the commit the binary was built from; GitModified reports
	// uncommitted changes in the work tree at that time (when known).
	GitRevision string            `json:"git_revision"`
	GitModified bool              `json:"git_modified"`
	GoVersion   string            `json:"go_version"`
	Modules     map[string]string `json:"modules"`
	Start       time.Time         `json:"start"`
	End         time.Time         `json:"end"`
	Complete    bool              `json:"complete"`
	Error       string            `json:"error,omitempty"`
	// Files lists the files the run wrote (slash-separated, relative to the folder),
	// and SHA256 their hex SHA-256 checksums by name (package doc).
	Files  []string          `json:"files,omitempty"`
	SHA256 map[string]string `json:"sha256,omitempty"`
}

// ManifestFile is the name of the manifest in a run folder.
const ManifestFile = "manifest.json"

// NewManifest returns the manifest of a run of notebook's command with args started
// now. It
// fills GoVersion (runtime.Version), Modules (path → version of the main module's
// dependencies) and GitRevision from the build information (vcs.revision); when the
// binary carries none (go run with -buildvcs=false), it asks git in the module
// directory (found from the working directory), and says "unknown" if that fails.
func NewManifest(notebook, command string, args []string) *Manifest {
	m := &Manifest{
		Format:    Format,
		Notebook:  notebook,
		SHA256:    map[string]string{},
		Command:   command,
		Args:      append([]string{}, args...),
		GoVersion: runtime.Version(),
		Modules:   map[string]string{},
		Start:     time.Now(),
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v += " => " + d.Replace.Path + " " + d.Replace.Version
			}
			m.Modules[d.Path] = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				m.GitRevision = s.Value
			case "vcs.modified":
				m.GitModified = s.Value == "true"
			}
		}
	}
	if m.GitRevision == "" {
		m.GitRevision, m.GitModified = gitRevision()
	}
	return m
}

// gitRevision asks git for HEAD and the work tree's state in the module directory.
func gitRevision() (string, bool) {
	dir := moduleDir()
	if dir == "" {
		return "unknown", false
	}
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown", false
	}
	rev := strings.TrimSpace(string(out))
	st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	return rev, err == nil && len(strings.TrimSpace(string(st))) > 0
}

// moduleDir returns the nearest directory at or above the working directory that
// holds a go.mod, or "".
func moduleDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Finish records the end of the run: End is now, Complete is err == nil and Error is
// err's message.
func (m *Manifest) Finish(err error) {
	m.End = time.Now()
	m.Complete = err == nil
	m.Error = ""
	if err != nil {
		m.Error = err.Error()
	}
}

// Write writes the manifest as dir/manifest.json, atomically.
func (m *Manifest) Write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, ManifestFile), append(b, '\n'))
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// verify returns nil when m is a manifest of notebook that this package can check: the
// format tag, the notebook's name, and a checksum for each listed file that is a
// relative path inside the folder. Otherwise it says what is missing.
func (m *Manifest) verify(notebook string) error {
	if m.Format != Format {
		return fmt.Errorf("its format is %q, not %q", m.Format, Format)
	}
	if m.Notebook != notebook {
		return fmt.Errorf("it belongs to notebook %q, not %q", m.Notebook, notebook)
	}
	for _, name := range m.Files {
		if !localName(name) {
			return fmt.Errorf("it lists %q, which is not a file inside the folder", name)
		}
		if len(m.SHA256[name]) != 64 {
			return fmt.Errorf("it lists %q without a SHA-256", name)
		}
	}
	return nil
}

// Interrupted returns the manifest of dir when dir holds a run of notebook that did
// not complete (the format tag, the notebook's name, complete=false), and nil
// otherwise: a command that finds one with its own settings resumes it
// (Options.Keep).
func Interrupted(dir, notebook string) *Manifest {
	m, err := ReadManifest(dir)
	if err != nil || m.Format != Format || m.Notebook != notebook || m.Complete {
		return nil
	}
	return m
}
