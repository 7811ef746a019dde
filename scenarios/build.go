package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// maxBuildErrors bounds what one load reports of a host that cannot be built.
const maxBuildErrors = 20

// checkBuild builds the host as hostile serve would (with the ops twin),
// so a file that cannot be made is refused at load, not when the host starts.
// Building stops at the first bad file; each is reported where the scenario
// set it (its files entry, or the generate entry that made it), left out, and
// the build tried again, so every such mistake shows at once. A generate
// entry is reported once, whatever the number of files it made.
func (d *decoder) checkBuild(s *Scenario) {
	desc := s.WithOps().Host
	files := slices.Clone(desc.Files)
	origin := make([]int, len(files)) // each file's index in s.Host.Files
	for i := range origin {
		origin[i] = i
	}
	reported := 0
	for {
		desc.Files = files
		m, err := machine.New(desc, nil)
		if err == nil {
			if err := shell.Install(m); err != nil {
				d.failAt("host", "the host cannot start: %v", err)
			}
			return
		}
		var fe *machine.FieldError
		if !errors.As(err, &fe) {
			d.failAt("host", "the host cannot be built: %v", err)
			return
		}
		k, tail, isFile := fileIndex(fe.Field)
		if !isFile || k >= len(files) {
			d.failAt(d.hostField(fe.Field), "the host cannot be built: %s", fe.Msg)
			return
		}
		field := d.hostField(fmt.Sprintf("files[%d]%s", origin[k], tail))
		if reported++; reported > maxBuildErrors {
			d.failAt("host", "more files cannot be made; fix the ones above first")
			return
		}
		d.failAt(field, "the host cannot be built: %s", d.explainBuild(fe.Msg, files[k].Path, files, origin))
		// Leave out the file, and every other file its generate entry made.
		entry, _, _ := strings.Cut(field, "]")
		for i := len(files) - 1; i >= 0; i-- {
			if i == k || (strings.HasPrefix(entry, "generate[") && strings.HasPrefix(d.hostField(fmt.Sprintf("files[%d]", origin[i])), entry+"]")) {
				files = slices.Delete(files, i, i+1)
				origin = slices.Delete(origin, i, i+1)
			}
		}
	}
}

// explainBuild words the filesystem's complaint about making path in the
// scenario's terms: which entry made the file that stands in its way.
func (d *decoder) explainBuild(msg, path string, files []machine.File, origin []int) string {
	m := notDirRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	for j, f := range files {
		if f.Path == m[1] && !f.Dir && f.Link == "" {
			return fmt.Sprintf("%s cannot be made: %s is a file (%s), not a directory", path, m[1], d.hostField(fmt.Sprintf("files[%d]", origin[j])))
		}
	}
	return fmt.Sprintf("%s cannot be made: %s is a file on the host, not a directory", path, m[1])
}

var notDirRE = regexp.MustCompile(`^mkdir (/\S*): not a directory$`)

// failedUnder reports whether an error was found in one of the fields.
func (d *decoder) failedUnder(fields ...string) bool {
	for _, e := range d.errs {
		for _, f := range fields {
			if e.Field == f || strings.HasPrefix(e.Field, f+".") || strings.HasPrefix(e.Field, f+"[") {
				return true
			}
		}
	}
	return false
}

// fileIndex reads "files[3].owner" as 3 and ".owner".
func fileIndex(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, "files[")
	if !ok {
		return 0, "", false
	}
	idx, tail, _ := strings.Cut(rest, "]")
	k, err := strconv.Atoi(idx)
	return k, tail, err == nil
}
