package runfolder

import (
	"flag"
	"fmt"
)

// ForceUsage is the help text of every command's -force flag.
const ForceUsage = "write into an output folder that holds files this command did not write (they are left alone; one with the name of an output is replaced)"

// DefaultOut returns out when it is set, else def, or def + "-quick" for a quick
// (smoke-test) run, so that a smoke test never writes over a real run's folder.
func DefaultOut(out, def string, quick bool) string {
	switch {
	case out != "":
		return out
	case quick:
		return def + "-quick"
	}
	return def
}

// ParseFlags parses args with fs and refuses a negative value of any int flag, naming
// the flag: every int flag of the lab's commands is a count or a size (-workers,
// -replicates, -steps, -n, …), so a negative one is a typing error, never clipped.
// What 0 means, and any larger lower bound, is the command's own rule, checked after.
// -h gives flag.ErrHelp (Run and ExitCode treat it as success).
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok || err != nil {
			return
		}
		if v, ok := g.Get().(int); ok && v < 0 {
			err = fmt.Errorf("-%s = %d: need a count ≥ 0 (see -h)", f.Name, v)
		}
	})
	return err
}
