package faults

// RCNoise makes the user's rc file print text for every session, as an `echo`
// in ~/.bashrc or ~/.profile does: on stdout it is the classic breaker of sftp
// and scp (sshd runs the subsystem through the user's shell, so the client
// reads the text as the start of a binary packet: "Received message too
// long"), and of every parser of `ssh host cmd` output. On stderr it is
// harmless to sftp but shows on every command.
type RCNoise struct {
	Text   string `json:"text" help:"what the rc file prints (a newline is added when missing)"`
	Stream string `json:"stream" help:"where it goes" enum:"stdout,stderr"`
	// Channels picks the sessions that print it. The host's rc hook knows a
	// login shell (shell) from the rest; exec and subsystem are told apart only
	// by scope.channel.
	Channels []string `json:"channels" help:"session kinds that print it: exec, shell, subsystem" enum:"exec,shell,subsystem"`
}

func init() {
	Register(Type{Name: "rc-noise", Depth: Shell,
		Summary: "the login shell's rc file prints text for every session (breaks sftp and scp on stdout)",
		New: func() Fault {
			return &RCNoise{Text: "Welcome to the production database server!", Stream: "stdout",
				Channels: []string{"exec", "shell", "subsystem"}}
		}})
}

// Validate checks the stream and channels.
func (r *RCNoise) Validate() error {
	if err := Check(r.Text == "", "text", "empty: there is nothing to print"); err != nil {
		return err
	}
	return Check(len(r.Channels) == 0, "channels", "empty: name at least one of exec, shell, subsystem")
}

// RC prints the text from the rc file, for the session kinds asked for.
func (r *RCNoise) RC(_ string, login bool) string {
	want := false
	for _, c := range r.Channels {
		if (c == "shell") == login {
			want = true
		}
	}
	if !want {
		return ""
	}
	line := "printf '%s' " + rcQuote(nlTerminated(r.Text))
	if r.Stream == "stderr" {
		line += " >&2"
	}
	return line
}
