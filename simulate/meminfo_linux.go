package simulate

import "syscall"

// machineMemory returns the memory this process can have, in bytes: the machine's
// total memory (syscall.Sysinfo), or the process's address-space limit (RLIMIT_AS,
// `ulimit -v`) when that is smaller; 0 when unknown.
func machineMemory() uint64 {
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil {
		return 0
	}
	total := uint64(info.Totalram) * uint64(info.Unit)
	var lim syscall.Rlimit // Cur is RLIM_INFINITY (2⁶⁴ − 1) when unlimited
	if syscall.Getrlimit(syscall.RLIMIT_AS, &lim) == nil && lim.Cur < total {
		return lim.Cur
	}
	return total
}
