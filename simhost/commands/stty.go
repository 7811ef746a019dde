package commands

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// stty is GNU coreutils' stty over the session's terminal: the settings a
// script changes (echo, the window size) and the reports it reads (size, -g, -a,
// the settings that differ from sane). Any other setting is refused as stty
// refuses one it does not know, so a script never silently gets a no-op.
func init() {
	shell.Register(shell.Command{Name: "stty", Run: stty})
}

// sttyAll is `stty -a` on a Debian container's pty as sshd makes it, with the
// window and the echo flag filled in.
const sttyAll = `speed 38400 baud; rows %d; columns %d; line = 0;
intr = ^C; quit = ^\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;
eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;
werase = ^W; lnext = ^V; discard = ^O; min = 1; time = 0;
-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts
-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff
-iuclc -ixany -imaxbel -iutf8
opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0
isig icanon iexten %secho echoe echok -echonl -noflsh -xcase -tostop -echoprt
echoctl echoke -flusho -extproc
`

func stty(p *shell.Proc) int {
	args := p.Args()
	type change func(shell.Terminal)
	var changes []change
	report := ""
	usage := func(format string, a ...any) int {
		p.Errorf(format, a...)
		fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
		return 1
	}
	number := func(i int, name string) (int, bool) {
		if i+1 >= len(args) {
			usage("missing argument to ‘%s’", name)
			return 0, false
		}
		n, err := strconv.Atoi(args[i+1])
		if err != nil || n < 0 {
			usage("invalid integer argument: ‘%s’", args[i+1])
			return 0, false
		}
		return n, true
	}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "size", "-g", "-a", "--all", "--save":
			report = a
		case "echo", "sane":
			changes = append(changes, func(t shell.Terminal) { t.SetEcho(true) })
		case "-echo":
			changes = append(changes, func(t shell.Terminal) { t.SetEcho(false) })
		case "rows":
			n, ok := number(i, a)
			if !ok {
				return 1
			}
			i++
			changes = append(changes, func(t shell.Terminal) { _, c := t.Size(); t.SetSize(n, c) })
		case "cols", "columns":
			n, ok := number(i, a)
			if !ok {
				return 1
			}
			i++
			changes = append(changes, func(t shell.Terminal) { r, _ := t.Size(); t.SetSize(r, n) })
		default:
			return usage("invalid argument ‘%s’", a)
		}
	}
	t := p.Terminal()
	if t == nil {
		return p.Fail(1, "'standard input': Inappropriate ioctl for device")
	}
	for _, c := range changes {
		c(t)
	}
	rows, cols := t.Size()
	off := ""
	lflag := 0x8a3b // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
	if !t.Echo() {
		off = "-"
		lflag &^= 0x8
	}
	switch report {
	case "size":
		p.Printf("%d %d\n", rows, cols)
	case "-g", "--save":
		p.Printf("500:5:bf:%x:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0\n", lflag)
	case "-a", "--all":
		p.Printf(sttyAll, rows, cols, off)
	case "":
		if len(changes) == 0 {
			p.Printf("speed 38400 baud; line = 0;\n-brkint -imaxbel\n%s", strings.Repeat("-echo\n", len(off)))
		}
	}
	return 0
}
