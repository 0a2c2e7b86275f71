package runfolder

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteFileAtomic writes data to path atomically (package doc, the file rule). The
// file gets mode 0644.
func WriteFileAtomic(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// tmpMarker is the part of a temporary file's name between the destination's name
// and the random suffix: ".NAME.tmp-RANDOM".
const tmpMarker = ".tmp-"

// isTemp reports whether the base name is a temporary file of WriteAtomic.
func isTemp(base string) bool {
	return strings.HasPrefix(base, ".") && strings.Contains(base, tmpMarker)
}

// WriteAtomic writes path atomically with the content that write produces; when
// write returns an error, path is left untouched and the error is returned.
func WriteAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tmpMarker+"*")
	if err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("runfolder: write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable; best effort (not every system can sync a
// directory, and the rename is already atomic for readers).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
