package studyplots

import (
	"io"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// Write encodes fig in each format (plots.Formats) as name.FORMAT in the run folder,
// atomically, at plots.DefaultDPI.
func Write(f *runfolder.Folder, name string, fig *plots.Figure, formats []string) error {
	for _, format := range formats {
		err := f.Write(name+"."+format, func(w io.Writer) error { return plots.Encode(w, fig, format, 0) })
		if err != nil {
			return err
		}
	}
	return nil
}
