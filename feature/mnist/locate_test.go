package mnist

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// TestDataDirLooksInGOMODCACHEFirst: $GOMODCACHE is the first cache DataDir tries; a
// cache holding the module's training images is chosen, one without them is passed
// over (to the next cache, or to the error naming where it looked).
func TestDataDirLooksInGOMODCACHEFirst(t *testing.T) {
	cache := t.TempDir()
	data := filepath.Join(cache, escapePath(Module)+"@"+Version, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOMODCACHE", cache)
	if got := modCaches(); len(got) == 0 || got[0] != cache {
		t.Errorf("modCaches() = %v, want %s first", got, cache)
	}
	if dir, err := DataDir(); err == nil && dir == data {
		t.Errorf("DataDir() = %s, which has no %s", dir, TrainImagesFile)
	}
	writeFile(t, data, TrainImagesFile, nil)
	if dir, err := DataDir(); err != nil || dir != data {
		t.Errorf("DataDir() = %q, %v; want %s", dir, err, data)
	}
	t.Setenv("GOMODCACHE", "")
	if got := modCaches(); slices.Contains(got, "") {
		t.Errorf("modCaches() = %q with GOMODCACHE empty: an empty cache root", got)
	}
}

// TestModCachesFallbacks: without $GOMODCACHE, `go env GOMODCACHE` (which is then
// $GOPATH's first entry + pkg/mod, with the user's go.env off), the first entry of
// $GOPATH's list and then ~/go hold a pkg/mod cache.
func TestModCachesFallbacks(t *testing.T) {
	home, a, b := t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("GOMODCACHE", "")
	t.Setenv("GOENV", "off")
	t.Setenv("GOPATH", a+string(os.PathListSeparator)+b)
	t.Setenv("HOME", home)
	testutil.GoTelemetryOff(t) // modCaches runs `go env` with this HOME
	mod := filepath.Join(a, "pkg", "mod")
	want := []string{mod, mod, filepath.Join(home, "go", "pkg", "mod")}
	if got := modCaches(); !slices.Equal(got, want) {
		t.Errorf("modCaches() = %q, want %q", got, want)
	}
}

// moduleVersion reads the build's dependency list as go.mod writes it: the listed version
// of Module, a replacement module's version, a local directory replacement's path (no
// version), and Version when Module is absent (a test binary's build info lists no
// dependencies, so DataDir itself only ever sees the last case under go test).
func TestModuleVersion(t *testing.T) {
	other := &debug.Module{Path: "example.com/other", Version: "v9.9.9"}
	for _, c := range []struct {
		name           string
		deps           []*debug.Module
		version, local string
	}{
		{"no build info", nil, Version, ""},
		{"another module only", []*debug.Module{other}, Version, ""},
		{"listed", []*debug.Module{other, {Path: Module, Version: "v1.2.3"}}, "v1.2.3", ""},
		{"replaced by a module", []*debug.Module{{Path: Module, Version: "v1.2.3", Replace: &debug.Module{Path: "example.com/fork", Version: "v0.4.0"}}}, "v0.4.0", ""},
		{"replaced by a directory", []*debug.Module{{Path: Module, Version: "v1.2.3", Replace: &debug.Module{Path: "/src/gomnist"}}}, "", "/src/gomnist"},
	} {
		if v, l := moduleVersion(c.deps); v != c.version || l != c.local {
			t.Errorf("%s: moduleVersion = %q, %q; want %q, %q", c.name, v, l, c.version, c.local)
		}
	}
}

// TestDataDirReadsBuildInfo: a binary whose build info replaces the GoMNIST module by a
// local directory reads the files there, one whose build info pins another version
// looks for that version in the cache, and a binary without build info (ok false, bi
// nil) looks for Version.
func TestDataDirReadsBuildInfo(t *testing.T) {
	local := t.TempDir()
	replaced := &debug.BuildInfo{Deps: []*debug.Module{{Path: Module, Version: Version, Replace: &debug.Module{Path: local}}}}
	if dir, err := dataDir(replaced, true); err != nil || dir != filepath.Join(local, "data") {
		t.Errorf("dataDir(replaced by %s) = %q, %v; want %s", local, dir, err, filepath.Join(local, "data"))
	}
	cache := t.TempDir()
	t.Setenv("GOMODCACHE", cache)
	const other = "v0.0.0-20990101000000-000000000000"
	for _, c := range []struct {
		name    string
		bi      *debug.BuildInfo
		ok      bool
		version string
	}{
		{"pinned to another version", &debug.BuildInfo{Deps: []*debug.Module{{Path: Module, Version: other}}}, true, other},
		{"no build info", nil, false, Version},
	} {
		data := filepath.Join(cache, escapePath(Module)+"@"+c.version, "data")
		if err := os.MkdirAll(data, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, data, TrainImagesFile, nil)
		if dir, err := dataDir(c.bi, c.ok); err != nil || dir != data {
			t.Errorf("%s: dataDir = %q, %v; want %s", c.name, dir, err, data)
		}
		if err := os.RemoveAll(data); err != nil {
			t.Fatal(err)
		}
	}
}
