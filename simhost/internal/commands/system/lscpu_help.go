package system

import "fmt"

// lscpuHelp is lscpu --help of util-linux 2.38 (Debian 12) or, before the
// 2.37 rewrite, 2.36 (Debian 11), captured with `docker run --rm IMAGE lscpu
// -h`: 2.37 added the BOGOMIPS, CLUSTER, MHZ and SCALMHZ% columns.
func lscpuHelp(rewrite bool) string {
	text := lscpuHelpHead + "Available output columns for -e or -p:\n"
	for _, c := range lscpuHelpColumns {
		if !c.since237 || rewrite {
			text += fmt.Sprintf(" %13s  %s\n", c.name, c.text)
		}
	}
	return text + "\nAvailable output columns for -C:\n" + lscpuHelpCaches
}

// lscpuHelpColumns are the -e and -p columns, as --help lists them.
var lscpuHelpColumns = []struct {
	name, text string
	since237   bool
}{
	{"BOGOMIPS", "crude measurement of CPU speed", true},
	{"CPU", "logical CPU number", false},
	{"CORE", "logical core number", false},
	{"SOCKET", "logical socket number", false},
	{"CLUSTER", "logical cluster number", true},
	{"NODE", "logical NUMA node number", false},
	{"BOOK", "logical book number", false},
	{"DRAWER", "logical drawer number", false},
	{"CACHE", "shows how caches are shared between CPUs", false},
	{"POLARIZATION", "CPU dispatching mode on virtual hardware", false},
	{"ADDRESS", "physical address of a CPU", false},
	{"CONFIGURED", "shows if the hypervisor has allocated the CPU", false},
	{"ONLINE", "shows if Linux currently makes use of the CPU", false},
	{"MHZ", "shows the currently MHz of the CPU", true},
	{"SCALMHZ%", "shows scaling percentage of the CPU frequency", true},
	{"MAXMHZ", "shows the maximum MHz of the CPU", false},
	{"MINMHZ", "shows the minimum MHz of the CPU", false},
}

const lscpuHelpHead = `
Usage:
 lscpu [options]

Display information about the CPU architecture.

Options:
 -a, --all               print both online and offline CPUs (default for -e)
 -b, --online            print online CPUs only (default for -p)
 -B, --bytes             print sizes in bytes rather than in human readable format
 -C, --caches[=<list>]   info about caches in extended readable format
 -c, --offline           print offline CPUs only
 -J, --json              use JSON for default or extended format
 -e, --extended[=<list>] print out an extended readable format
 -p, --parse[=<list>]    print out a parsable format
 -s, --sysroot <dir>     use specified directory as system root
 -x, --hex               print hexadecimal masks rather than lists of CPUs
 -y, --physical          print physical instead of logical IDs
     --output-all        print all available columns for -e, -p or -C

 -h, --help              display this help
 -V, --version           display version

`

const lscpuHelpCaches = `      ALL-SIZE  size of all system caches
         LEVEL  cache level
          NAME  cache name
      ONE-SIZE  size of one cache
          TYPE  cache type
          WAYS  ways of associativity
  ALLOC-POLICY  allocation policy
  WRITE-POLICY  write policy
      PHY-LINE  number of physical cache line per cache t
          SETS  number of sets in the cache; set lines has the same cache index
 COHERENCY-SIZE  minimum amount of data in bytes transferred from memory to cache

For more details see lscpu(1).
`
