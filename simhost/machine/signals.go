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
