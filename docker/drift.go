package docker

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/basesys"
)

// Drift says how a stored base system differs from a fresh capture, leaving
// out what two builds of one recipe always differ in: times (docker export
// stamps /, /dev and /etc/mtab with the container's creation), sizes, the
// mirror's security revisions and the day of the last password change. What
// is left (paths, types, modes, owners, link targets, texts, versions) is a
// sorted line each, in the image and not stored, or stored and not in it.
func Drift(stored, fresh *basesys.Base) (missing, extra []string) {
	have, want := driftView(stored), driftView(fresh)
	for _, l := range want {
		if _, found := slices.BinarySearch(have, l); !found {
			missing = append(missing, l)
		}
	}
	for _, l := range have {
		if _, found := slices.BinarySearch(want, l); !found {
			extra = append(extra, l)
		}
	}
	return missing, extra
}

var (
	securityRevision = regexp.MustCompile(`\+deb(\d+)u\d+`)
	passwordChanged  = regexp.MustCompile(`(?m)^([^:]*:[^:]*:)\d+:`)
)

func driftView(b *basesys.Base) []string {
	norm := func(s string) string { return securityRevision.ReplaceAllString(s, "+deb${1}uN") }
	var out []string
	for k, v := range b.Versions {
		out = append(out, "version "+k+" "+norm(v))
	}
	for k, v := range b.Texts {
		out = append(out, fmt.Sprintf("text %s %q", k, norm(v)))
	}
	for _, e := range b.Entries {
		out = append(out, fmt.Sprintf("%c %v %d %d %s %s", e.Type, e.Mode, e.UID, e.GID, e.Path, e.Target))
		if e.Type != basesys.File {
			continue
		}
		text := norm(string(e.Content))
		if strings.HasPrefix(e.Path, "/etc/shadow") {
			text = passwordChanged.ReplaceAllString(text, "${1}DAY:")
		}
		out = append(out, fmt.Sprintf("content %s %q", e.Path, text))
	}
	slices.Sort(out)
	return out
}
