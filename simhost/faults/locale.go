package faults

import (
	"io"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Locale makes commands answer in another language, as on a host whose
// LANG is de_DE.UTF-8 or fr_FR.UTF-8: error messages, prompts, `ls -l`'s
// "total" and dates, `date`, df's header come out in the glibc, coreutils,
// bash and sudo catalogue texts of that language, which breaks every parser
// that matches English ("No such file or directory", "Permission denied",
// "rm: remove regular file"). Commands still run; their output is translated
// line by line on its way out, however they split their writes.
type Locale struct {
	Lang string `json:"lang" help:"the language commands answer in (de_DE or fr_FR, .UTF-8 may follow)"`
	// Export sets LANG in the login shell too, so `echo $LANG` agrees.
	Export bool `json:"export" help:"also export LANG=<lang>.UTF-8 from the rc file"`

	cat *localeCatalogue
}

func init() {
	Register(Type{Name: "locale", Depth: Shell,
		Summary: "commands answer in another language (de_DE, fr_FR): translated errors, prompts, dates, ls and df headers",
		New:     func() Fault { return &Locale{Lang: "de_DE", Export: true} }})
}

// Validate checks the language.
func (l *Locale) Validate() error {
	lang, _, _ := strings.Cut(l.Lang, ".")
	cat, ok := localeCatalogues[lang]
	if !ok {
		var known []string
		for k := range localeCatalogues {
			known = append(known, k)
		}
		sort.Strings(known)
		return Check(true, "lang", "%q is not a language the host speaks (known: %s)", l.Lang, strings.Join(known, ", "))
	}
	l.Lang, l.cat = lang, cat
	return nil
}

// RC exports LANG from the rc file.
func (l *Locale) RC(_ string, _ bool) string {
	if !l.Export {
		return ""
	}
	return "LANG=" + l.Lang + ".UTF-8; export LANG"
}

// Command puts the translating writers in front of the command's output: its
// stderr always, its stdout only for the commands whose regular output is
// localised (ls, date, df, du), so that data a command copies (cat, scp) is
// never touched. A command run by another (sudo pvs) already writes through
// its parent's writers and is not wrapped twice.
func (l *Locale) Command(p *shell.Proc) (bool, int) {
	if _, done := p.Stderr.(*localeWriter); !done {
		p.Stderr = l.cat.writer(p.Stderr, l.cat.errRules)
	}
	if rules := l.cat.outRules[p.Name()]; rules != nil {
		if _, done := p.Stdout.(*localeWriter); !done {
			p.Stdout = l.cat.writer(p.Stdout, rules())
		}
	}
	return false, 0
}

// localeWriter marks a stream the locale fault already translates.
type localeWriter struct{ *lineWriter }

func (c *localeCatalogue) writer(w io.Writer, rules []localeRule) *localeWriter {
	keys := localeKeys(rules)
	return &localeWriter{newLineWriter(w,
		func(line string) string { return c.translate(line, rules) },
		func(tail string) bool { return localeHold(tail, keys) })}
}

// translate rewrites one line with the rules, then the C library's error text
// standing alone or ending it.
func (c *localeCatalogue) translate(line string, rules []localeRule) string {
	for _, r := range rules {
		if r.key != "" && !strings.Contains(line, r.key) {
			continue
		}
		line = r.apply(c, line)
	}
	tail := line
	if i := strings.LastIndex(line, ": "); i >= 0 {
		tail = line[i+2:]
	}
	if t, ok := c.errno[tail]; ok {
		return line[:len(line)-len(tail)] + t
	}
	return line
}

// localeKeys are the English fragments that can start a translatable message.
func localeKeys(rules []localeRule) []string {
	keys := make([]string, 0, len(rules)+len(localeErrnoTexts))
	for _, r := range rules {
		if r.key != "" {
			keys = append(keys, r.key)
		}
	}
	return append(keys, localeErrnoTexts...)
}

// localeHold reports whether an unfinished line may still become a message the
// catalogue translates: it holds one of the English fragments, or ends with the
// start of one. A prompt (ending "? " or ": ") is complete as it is.
func localeHold(tail string, keys []string) bool {
	if strings.HasSuffix(tail, "? ") || strings.HasSuffix(tail, ": ") {
		return false
	}
	for _, k := range keys {
		if strings.Contains(tail, k) {
			return true
		}
		for n := min(len(k)-1, len(tail)); n >= 3; n-- {
			if strings.HasSuffix(tail, k[:n]) {
				return true
			}
		}
	}
	return false
}

// localeRule rewrites one kind of message in a line.
type localeRule struct {
	key   string // a literal fragment the line must contain, for speed
	apply func(c *localeCatalogue, line string) string
}
