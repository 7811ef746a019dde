package system

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// top (procps) in batch mode, as monitoring collectors run it (top -bn1,
// node_exporter's instant_per_process_cpu_mem_usage.sh's top -w 120 -cbn 1):
// the summary of /proc/uptime, /proc/loadavg, /proc/stat and /proc/meminfo,
// then one line per process. Layouts captured with docker run of the
// hostile-os images (procps-ng 4.0.2 and 3.3.17). The interactive screen is
// not emulated.
func init() {
	shell.Register(shell.Command{Name: "top", Only: "gnu", ShortName: true, Run: topCmd})
}

type topOptions struct {
	batch, full bool
	frames      int // -n; 0 for ever
	delay       time.Duration
	width       int
}

// topParse reads top's clustered options: -bn1, -cbn 1, -w 120, -d 0.5.
func topParse(p *shell.Proc, args []string) (topOptions, bool) {
	o := topOptions{delay: 3 * time.Second, width: 80}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			p.Errorf("unknown option '%s'", a)
			return o, false
		}
		for j := 1; j < len(a); j++ {
			letter := a[j]
			value := func() (string, bool) {
				if j+1 < len(a) {
					v := a[j+1:]
					j = len(a)
					return v, true
				}
				if i+1 < len(args) {
					i++
					return args[i], true
				}
				return "", false
			}
			switch letter {
			case 'b':
				o.batch = true
			case 'c':
				o.full = !o.full
			case 'i', 'H', 'S', 's', '1':
			case 'n':
				v, _ := value()
				n, err := strconv.Atoi(v)
				if err != nil {
					p.Errorf("bad iterations arg '%s'", v)
					return o, false
				}
				o.frames = n
			case 'd':
				v, _ := value()
				secs, err := strconv.ParseFloat(v, 64)
				if err != nil || secs < 0 {
					p.Errorf("bad delay interval '%s'", v)
					return o, false
				}
				o.delay = time.Duration(secs * float64(time.Second))
			case 'w':
				// an optional width, attached or the next argument if a number
				if j+1 < len(a) {
					o.width, _ = strconv.Atoi(a[j+1:])
					j = len(a)
				} else if i+1 < len(args) {
					if n, err := strconv.Atoi(args[i+1]); err == nil {
						o.width = n
						i++
					}
				} else {
					o.width = 512
				}
			default:
				p.NotEmulated("top -" + string(letter))
				if strings.ContainsRune("pPuUoOEe", rune(letter)) {
					value()
				}
			}
		}
	}
	return o, true
}

func topCmd(p *shell.Proc) int {
	o, ok := topParse(p, p.Args())
	if !ok {
		return 1
	}
	if !o.batch {
		p.NotEmulated("top's interactive screen (shown as -b)")
	}
	for frame := 0; o.frames == 0 || frame < o.frames; frame++ {
		if frame > 0 && !p.Sleep(o.delay) {
			return 130
		}
		p.Printf("%s", topFrame(p, o))
		if frame+1 != o.frames {
			p.Printf("\n")
		}
	}
	return 0
}

// topFrame is one screen: the summary, a blank line, the processes.
func topFrame(p *shell.Proc, o topOptions) string {
	v4 := procpsNG4(p)
	var b strings.Builder
	now := time.Now()
	up := time.Duration(0)
	if boot, ok := bootTime(p); ok {
		up = now.Sub(boot)
	}
	procs := p.M.Procs.List()
	fmt.Fprintf(&b, "top - %s\n", uptimeLine(p, now, up))
	fmt.Fprintf(&b, "Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie\n", len(procs), 1, len(procs)-1, 0, 0)
	cpu := make([]float64, 8)
	if text, ok := readProc(p, "/proc/stat"); ok {
		for _, l := range strings.Split(text, "\n") {
			if f := strings.Fields(l); len(f) > 8 && f[0] == "cpu" {
				for i := range cpu {
					cpu[i], _ = strconv.ParseFloat(f[i+1], 64)
				}
			}
		}
	}
	total := 0.0
	for _, v := range cpu {
		total += v
	}
	pct := func(i int) float64 {
		if total == 0 {
			return 0
		}
		return cpu[i] * 100 / total
	}
	// the fields' order: user nice system idle iowait irq softirq steal
	fmt.Fprintf(&b, "%%Cpu(s): %4.1f us, %4.1f sy, %4.1f ni, %4.1f id, %4.1f wa, %4.1f hi, %4.1f si, %4.1f st",
		pct(0), pct(2), pct(1), pct(3), pct(4), pct(5), pct(6), pct(7))
	mem := map[string]float64{}
	if text, ok := readProc(p, "/proc/meminfo"); ok {
		for _, l := range strings.Split(text, "\n") {
			if f := strings.Fields(l); len(f) >= 2 {
				mem[strings.TrimSuffix(f[0], ":")], _ = strconv.ParseFloat(f[1], 64)
			}
		}
	}
	mib := func(kb float64) float64 { return kb / 1024 }
	cache := mem["Buffers"] + mem["Cached"] + mem["SReclaimable"]
	used := mem["MemTotal"] - mem["MemFree"] - cache // 3.3: what is not free or cache
	if v4 {
		used = mem["MemTotal"] - mem["MemAvailable"] // 4: what is not available
	}
	pad := ""
	if v4 {
		pad = " " // 4.0.2 leaves room after the CPU line and (wider) the memory one
		b.WriteString(pad)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache", mib(mem["MemTotal"]), mib(mem["MemFree"]), mib(used), mib(cache))
	if v4 {
		b.WriteString("     ")
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "MiB Swap: %8.1f total, %8.1f free, %8.1f used. %8.1f avail Mem \n\n",
		mib(mem["SwapTotal"]), mib(mem["SwapFree"]), mib(mem["SwapTotal"]-mem["SwapFree"]), mib(mem["MemAvailable"]))
	b.WriteString(topCut("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND", o.width) + "\n")
	for _, pr := range procs {
		b.WriteString(topCut(topRow(p, pr, o, mem["MemTotal"]), o.width) + "\n")
	}
	return b.String()
}

func topRow(p *shell.Proc, pr machine.Proc, o topOptions, memTotal float64) string {
	vsz, rss := psMem(pr)
	state := "S"
	if pr.PID == p.PID {
		state = "R"
	}
	user := pr.User
	if len(user) > 8 {
		user = user[:7] + "+"
	}
	memPct := 0.0
	if memTotal > 0 {
		memPct = float64(rss) * 100 / memTotal
	}
	command := psComm(pr)
	if o.full {
		command = psArgs(pr)
	}
	return fmt.Sprintf("%7d %-8s %3d %3d %7d %6d %6d %s %5.1f %5.1f %9s %s",
		pr.PID, user, 20+pr.Nice, pr.Nice, vsz, rss, rss*9/10, state, 0.0, memPct, "0:00.00", command)
}

// topCut fits a line to the screen's width, a cut line ending in "+".
func topCut(line string, width int) string {
	if width > 0 && len(line) > width {
		return line[:width-1] + "+"
	}
	return line
}
