package machine

// LinuxSignals are x86 Linux's signal names by number, without SIG (index 0
// unused).
var LinuxSignals = []string{"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
	"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
	"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS"}

// SolarisSignals are Solaris's.
var SolarisSignals = []string{"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE", "KILL", "BUS",
	"SEGV", "SYS", "PIPE", "ALRM", "TERM", "USR1", "USR2", "CLD", "PWR", "WINCH", "URG", "POLL", "STOP", "TSTP",
	"CONT", "TTIN", "TTOU", "VTALRM", "PROF", "XCPU", "XFSZ"}

// SignalNumber is the number of a signal named in table (without SIG), 0 when
// it has none.
func SignalNumber(table []string, name string) int {
	for n, s := range table[1:] {
		if s == name {
			return n + 1
		}
	}
	return 0
}

// SignalBit is signal n's bit in a set of signals (SigIgn's), 0 for none.
func SignalBit(n int) uint64 {
	if n < 1 || n > 64 {
		return 0
	}
	return 1 << (n - 1)
}

// Ignores is whether a process ignoring the signals of mask ignores sig:
// KILL (9) and STOP (19) cannot be ignored.
func Ignores(mask uint64, sig int) bool {
	return sig != 9 && sig != 19 && mask&SignalBit(sig) != 0
}
