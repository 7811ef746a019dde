package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// dd is coreutils' dd: copy in blocks between the host's files, with its
// three-line report on stderr (status=none, noxfer, progress).
func init() {
	shell.Register(shell.Command{Name: "dd", Only: "gnu", Run: ddCmd})
}

// ddSize reads a dd number: digits with an optional multiplier (c, w, b, K,
// KB, KiB, M, MB, G, ..., and xN products).
func ddSize(s string) (int64, bool) {
	if a, b, ok := strings.Cut(s, "x"); ok {
		x, ok1 := ddSize(a)
		y, ok2 := ddSize(b)
		return x * y, ok1 && ok2
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return 0, false
	}
	suffix := s[i:]
	mult := int64(1)
	units := "KMGTPE"
	switch {
	case suffix == "":
	case suffix == "c":
	case suffix == "w":
		mult = 2
	case suffix == "b":
		mult = 512
	default:
		u := strings.IndexByte(units, strings.ToUpper(suffix[:1])[0])
		if u < 0 {
			return 0, false
		}
		base := int64(1024)
		switch suffix[1:] {
		case "", "iB":
		case "B":
			base = 1000
		default:
			return 0, false
		}
		for range u + 1 {
			mult *= base
		}
	}
	return n * mult, true
}

func ddCmd(p *shell.Proc) int {
	ibs, obs := int64(512), int64(512)
	count, skip, seek := int64(-1), int64(0), int64(0)
	in, out, status := "", "", ""
	inGiven, outGiven := false, false
	notrunc := false
	for _, arg := range p.Args() {
		key, val, ok := strings.Cut(arg, "=")
		if !ok {
			p.Errorf("unrecognized operand %s", progkit.QuoteC(arg))
			return fsTryHelp(p, 1)
		}
		num := func(dst *int64) bool {
			n, ok := ddSize(val)
			if !ok {
				p.Errorf("invalid number: %s", progkit.QuoteC(val))
				return false
			}
			*dst = n
			return true
		}
		var good = true
		switch key {
		case "if":
			in, inGiven = val, true
		case "of":
			out, outGiven = val, true
		case "bs":
			good = num(&ibs)
			obs = ibs
		case "ibs":
			good = num(&ibs)
		case "obs":
			good = num(&obs)
		case "count":
			good = num(&count)
		case "skip":
			good = num(&skip)
		case "seek":
			good = num(&seek)
		case "status":
			switch val {
			case "none", "noxfer", "progress":
				status = val
			default:
				p.Errorf("invalid status level: %s", progkit.QuoteC(val))
				return fsTryHelp(p, 1)
			}
		case "conv":
			for _, cv := range strings.Split(val, ",") {
				switch cv {
				case "notrunc":
					notrunc = true
				case "fsync", "fdatasync", "sync", "noerror":
				default:
					p.NotEmulated("conv=" + cv)
					p.Errorf("invalid conversion: %s", progkit.QuoteC(cv))
					return fsTryHelp(p, 1)
				}
			}
		case "iflag", "oflag":
			// Flags tune how the kernel is asked (direct, sync, fullblock); the
			// host's memory files answer the same either way.
		default:
			p.Errorf("unrecognized operand %s", progkit.QuoteC(arg))
			return fsTryHelp(p, 1)
		}
		if !good {
			return 1
		}
	}
	if ibs <= 0 || obs <= 0 {
		p.Errorf("invalid number: '0'")
		return 1
	}
	var r io.Reader = p.Stdin
	if dev, ok := progkit.HostDevice(p, p.Abs(in)); in != "" && ok {
		r = dev
	} else if inGiven { // if= names a file, an empty name too
		f, err := p.M.FS.OpenFile(p.Cred(), p.Abs(in), os.O_RDONLY, 0)
		if err != nil {
			return p.Fail(1, "failed to open %s: %s", progkit.QuoteC(in), p.Strerror(err))
		}
		defer f.Close()
		r = f
	}
	var w io.Writer = p.Stdout
	if dev, ok := progkit.HostDevice(p, p.Abs(out)); out != "" && ok {
		w = dev
	} else if outGiven {
		flag := os.O_WRONLY | os.O_CREATE
		if !notrunc && seek == 0 {
			flag |= os.O_TRUNC
		}
		f, err := p.M.FS.OpenFile(p.Cred(), p.Abs(out), flag, 0o666&^fs.FileMode(p.Umask))
		if err != nil {
			return p.Fail(1, "failed to open %s: %s", progkit.QuoteC(out), p.Strerror(err))
		}
		defer f.Close()
		if seek > 0 {
			if _, err := f.Seek(seek*obs, io.SeekStart); err != nil {
				return p.Fail(1, "%s: cannot seek: %s", progkit.QuoteC(out), p.Strerror(err))
			}
		}
		w = f
	}
	start := time.Now()
	if skip > 0 {
		if _, err := io.CopyN(io.Discard, r, skip*ibs); err != nil && !errors.Is(err, io.EOF) {
			return p.Fail(1, "%s: cannot skip: %s", progkit.QuoteC(in), p.Strerror(err))
		}
	}
	var fullIn, partIn, fullOut, partOut, total int64
	buf := make([]byte, ibs)
	var pending []byte
	flush := func(all bool) error {
		for int64(len(pending)) >= obs || all && len(pending) > 0 {
			n := min(int64(len(pending)), obs)
			if _, err := w.Write(pending[:n]); err != nil {
				return err
			}
			if n == obs {
				fullOut++
			} else {
				partOut++
			}
			total += n
			pending = pending[n:]
		}
		return nil
	}
	var failure error
	for count < 0 || fullIn+partIn < count {
		n, err := r.Read(buf)
		if n > 0 {
			if int64(n) == ibs {
				fullIn++
			} else {
				partIn++
			}
			pending = append(pending, buf[:n]...)
			if failure = flush(false); failure != nil {
				break
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				failure = err
			}
			break
		}
	}
	if failure == nil {
		failure = flush(true)
	}
	if failure != nil {
		name := in
		if name == "" {
			name = "standard input"
		}
		p.Errorf("error reading %s: %s", progkit.QuoteC(name), p.Strerror(failure))
	}
	if status != "none" {
		fmt.Fprintf(p.Stderr, "%d+%d records in\n%d+%d records out\n", fullIn, partIn, fullOut, partOut)
		if status != "noxfer" {
			fmt.Fprintln(p.Stderr, ddTransfer(total, time.Since(start)))
		}
	}
	if failure != nil {
		return 1
	}
	return 0
}

// ddTransfer is the report's last line: "8 bytes copied, 0.0001 s, 69.2 kB/s",
// with SI and IEC sizes once there are more than a thousand bytes.
func ddTransfer(n int64, d time.Duration) string {
	var b strings.Builder
	switch {
	case n == 1:
		b.WriteString("1 byte")
	case n < 1000:
		fmt.Fprintf(&b, "%d bytes", n)
	default:
		fmt.Fprintf(&b, "%d bytes (%s, %s)", n, ddHuman(float64(n), 1000, "B"), ddHuman(float64(n), 1024, "iB"))
	}
	secs := d.Seconds()
	fmt.Fprintf(&b, " copied, %g s, ", secs)
	if secs > 0 {
		b.WriteString(ddHuman(float64(n)/secs, 1000, "B") + "/s")
	} else {
		b.WriteString("Infinity B/s")
	}
	return b.String()
}

// ddHuman scales v to k, M, G... with one decimal under 100, as dd prints.
func ddHuman(v, base float64, unit string) string {
	prefixes := []string{"", "k", "M", "G", "T", "P", "E"}
	if base == 1024 {
		prefixes = []string{"", "K", "M", "G", "T", "P", "E"}
	}
	i := 0
	for v >= base && i < len(prefixes)-1 {
		v /= base
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", v)
	}
	if v < 100 {
		return fmt.Sprintf("%.1f %s%s", v, prefixes[i], unit)
	}
	return fmt.Sprintf("%.0f %s%s", v, prefixes[i], unit)
}
