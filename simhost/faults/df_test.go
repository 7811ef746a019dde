package faults_test

import (
	"strconv"
	"strings"
	"unicode/utf8"

	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// dfFigures are one row of df's output in KiB, and its Use%.
type dfFigures struct{ Size, Used, Avail, Pct int64 }

// statfsFigures is what df must print for the filesystem holding p: statfs's
// answer in 1K blocks, Use% rounded up as GNU df rounds it.
func statfsFigures(h *simhost.Host, p string) dfFigures {
	size, free, _, err := h.Machine().FS.StatFS(vfs.Root, p)
	Expect(err).NotTo(HaveOccurred())
	f := dfFigures{Size: size / 1024, Used: (size - free + 1023) / 1024, Avail: free / 1024}
	if f.Used+f.Avail > 0 {
		f.Pct = (f.Used*100 + f.Used + f.Avail - 1) / (f.Used + f.Avail)
	}
	return f
}

// dfRow reads df's output (a header and one row) as GNU df lays it out: every
// number right-aligned under its heading, the mount point under the last
// heading's start. It fails the spec when the layout is not that.
func dfRow(out string) dfFigures {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	Expect(lines).To(HaveLen(2), "df prints a header and one row:\n%s", out)
	header, row := fieldSpans(lines[0]), fieldSpans(lines[1])
	Expect(header).To(HaveLen(7), "df's header: %q", lines[0]) // Mounted on is two words
	Expect(row).To(HaveLen(6), "df's row: %q", lines[1])
	for i := 1; i <= 4; i++ {
		Expect(row[i].end).To(Equal(header[i].end), "df's column %d ends under its heading %q:\n%s", i, header[i].text, out)
	}
	Expect(row[5].start).To(Equal(header[5].start), "the mount point starts under its heading:\n%s", out)
	num := func(s string) int64 {
		n, err := strconv.ParseInt(strings.TrimSuffix(s, "%"), 10, 64)
		Expect(err).NotTo(HaveOccurred(), "df's figure %q", s)
		return n
	}
	return dfFigures{Size: num(row[1].text), Used: num(row[2].text), Avail: num(row[3].text), Pct: num(row[4].text)}
}

// span is a field of a line and its columns, in characters.
type span struct {
	text       string
	start, end int
}

func fieldSpans(line string) []span {
	var out []span
	col := 0
	for _, f := range strings.Fields(line) {
		at := strings.Index(line, f)
		col += utf8.RuneCountInString(line[:at])
		n := utf8.RuneCountInString(f)
		out = append(out, span{f, col, col + n})
		col += n
		line = line[at+len(f):]
	}
	return out
}
