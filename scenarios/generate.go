package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// maxGenerated bounds the files one scenario may generate, so a typo in a
// count cannot build a host that eats the machine's memory.
const maxGenerated = 2000

// expandGenerate checks the generate entries and appends the files they make
// to Host.Files; genOf remembers which entry made each, so that a mistake the
// host description's checks find in one points back at its entry.
func (d *decoder) expandGenerate(s *Scenario) {
	d.genFirst = len(s.Host.Files)
	total := 0
	for i, g := range s.Generate {
		field := fmt.Sprintf("generate[%d]", i)
		switch {
		case g.Count < 1 || total+g.Count > maxGenerated:
			d.failAt(field+".count", "%d is outside 1..%d (all generate entries together)", g.Count, maxGenerated-total)
			continue
		case g.Count > 1 && !strings.Contains(g.Path, "{n}"):
			d.failAt(field+".path", "%q must hold {n}, the file's number, or all %d files get the same name", g.Path, g.Count)
			continue
		}
		total += g.Count
		for n := 1; n <= g.Count; n++ {
			num := strconv.Itoa(n)
			s.Host.Files = append(s.Host.Files, machine.File{
				Path:    strings.ReplaceAll(g.Path, "{n}", num),
				Content: strings.ReplaceAll(g.Content, "{n}", num),
				Mode:    g.Mode, Owner: g.Owner, Group: g.Group,
			})
			d.genOf = append(d.genOf, i)
		}
	}
	s.generated = total
}

// hostField maps a field of the host description to the scenario's: a
// generated file's field becomes its generate entry's.
func (d *decoder) hostField(field string) string {
	if rest, ok := strings.CutPrefix(field, "files["); ok {
		idx, tail, _ := strings.Cut(rest, "]")
		if k, err := strconv.Atoi(idx); err == nil && k >= d.genFirst && k-d.genFirst < len(d.genOf) {
			return fmt.Sprintf("generate[%d]%s", d.genOf[k-d.genFirst], tail)
		}
	}
	return "host." + field
}
