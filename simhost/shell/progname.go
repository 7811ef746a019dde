package shell

// Prog is the name a program starts its own messages with: argv[0] as it was
// invoked on a GNU userland, as glibc's program_invocation_name gives it
// ("/bin/rm: cannot remove 'x'"), the base name on Solaris and for the
// programs registered with ShortName.
func (p *Proc) Prog() string {
	if p.M.P.Userland != "gnu" {
		return p.Name()
	}
	if c, ok := Lookup(p.Name(), p.M.P.Userland); ok && c.ShortName {
		return p.Name()
	}
	return p.Argv[0]
}
