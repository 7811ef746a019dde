package files

import (
	"io"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "tee", Run: tee})
}

var teeSyntax = fsSyntax{
	opts: []fsOpt{{'a', "append", fsNoArg}, {'i', "ignore-interrupts", fsNoArg},
		{'p', "", fsNoArg}, {0, "output-error", fsOptionalArg}},
	solOpts:  "ai",
	solUsage: "usage: tee [-ai] [file ...]\n",
}

// tee copies stdin to stdout and to files; a file it cannot open is
// reported and skipped.
func tee(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), teeSyntax)
	if !ok {
		return code
	}
	flag := syscall.O_WRONLY | syscall.O_CREAT | syscall.O_TRUNC
	if parsed.has("a") {
		flag = syscall.O_WRONLY | syscall.O_CREAT | syscall.O_APPEND
	}
	status := 0
	type output struct {
		w    io.Writer
		name string
	}
	outs := []output{{w: p.Stdout}}
	var files []io.Closer
	for _, name := range parsed.operands {
		if name == "-" && !p.Solaris() {
			outs = append(outs, output{w: p.Stdout}) // GNU tee writes "-" to stdout again
			continue
		}
		if d, ok := p.OpenDescriptor(name, flag); ok { // a process substitution's /dev/fd/N
			files = append(files, d)
			outs = append(outs, output{w: d, name: name})
			continue
		}
		f, err := fsCreate(p, name, flag, 0o666)
		if err != nil {
			if p.Solaris() {
				p.Errorf("cannot open %s", name)
			} else {
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			}
			status = 1
			continue
		}
		files = append(files, f)
		outs = append(outs, output{w: f, name: name})
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	buf := make([]byte, 32*1024)
	for {
		n, err := p.Stdin.Read(buf)
		if n > 0 {
			for i, o := range outs {
				if o.w == nil {
					continue
				}
				if _, werr := o.w.Write(buf[:n]); werr != nil {
					if o.name != "" {
						p.Errorf("%s: %s", progkit.QuoteNameColon(p, o.name), p.Strerror(werr))
					}
					outs[i].w = nil
					status = 1
				}
			}
		}
		if err != nil {
			if err != io.EOF && p.Ctx.Err() == nil {
				p.Errorf("read error: %s", p.Strerror(err))
				status = 1
			}
			break
		}
	}
	return status
}
