package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

func init() { register(recordCommand) }

// recordOptions are record's flags.
type recordOptions struct {
	upstream, identity, passwordEnv, listen, out, name, reference string
	keepTiming                                                    bool
	redactEnv                                                     []string
}

func recordCommand() *cobra.Command {
	var o recordOptions
	cmd := &cobra.Command{
		Use:   "record --upstream USER@HOST[:PORT] (--identity KEY | --password-env VAR) --out FILE [flags]",
		Short: "record a real host's sessions through an SSH proxy into a scenario",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(record(o, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.upstream, "upstream", "", "the real host: user@host[:port], port 22 when left out")
	f.StringVar(&o.identity, "identity", "", "a private key file (unencrypted) to log in to the host with")
	f.StringVar(&o.passwordEnv, "password-env", "", "the environment variable that holds the password to log in to the host with")
	f.StringVar(&o.listen, "listen", "127.0.0.1:2222", "where products connect; loopback unless you say otherwise")
	f.StringVar(&o.out, "out", "", "the scenario file to write")
	f.BoolVar(&o.keepTiming, "keep-timing", false, "each recorded command takes as long on replay as it took on the host")
	f.StringVar(&o.name, "name", "", "the scenario's name (default: --out's file name)")
	f.StringVar(&o.reference, "reference", "", "what each profile of the reference client must get, legacy=pass|fail,hardened=pass|fail\n(default: what each gets when replayed right after recording)")
	f.StringArrayVar(&o.redactEnv, "redact-env", nil, "an environment variable whose value is a secret, redacted wherever it appears\nand in env requests of that name (repeatable)")
	return cmd
}

func record(o recordOptions, stdout, stderr io.Writer) int {
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "hostile record: "+format+"\n", args...)
		return 2
	}
	user, addr, err := parseUpstream(o.upstream)
	if err != nil {
		return usage("--upstream: %v", err)
	}
	if o.out == "" {
		return usage("--out: missing: the scenario file to write")
	}
	ref, err := parseReference(o.reference)
	if err != nil {
		return usage("--reference: %v", err)
	}
	auth, secrets, err := upstreamAuth(o.identity, o.passwordEnv)
	if err != nil {
		return usage("%v", err)
	}
	for _, n := range o.redactEnv {
		if v := os.Getenv(n); v != "" {
			secrets = append(secrets, v)
		}
	}
	if host, _, err := net.SplitHostPort(o.listen); err != nil {
		return usage("--listen %q: %v", o.listen, err)
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "hostile record: warning: listening on %s, beyond this machine\n", o.listen)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := recorder.Start(ctx, recorder.Config{Upstream: addr, User: user, Auth: auth, Listen: o.listen,
		Secrets: secrets, RedactEnv: o.redactEnv, Log: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "hostile record: %v\n", err)
		return 1
	}
	facts := r.Identity().Facts(user)
	fmt.Fprintf(stdout, "hostile record: recording %s@%s (%s) on %s\n", user, addr, orUnknown(facts.OSName), r.Addr())
	fmt.Fprintf(stdout, "  point the product at %s as %s, with any password or key\n", r.Addr(), user)
	fmt.Fprintf(stdout, "  Ctrl-C stops the recording and writes %s\n", o.out)
	dir, err := os.MkdirTemp("", "hostile-record-") // for the reference replay at the end
	if err != nil {
		fmt.Fprintf(stderr, "hostile record: %v\n", err)
		r.Close()
		return 1
	}
	defer os.RemoveAll(dir)
	if !confine(stdout, "record", confinement{dirs: []string{dir}, files: []string{o.out}, rmdirIn: []string{filepath.Dir(dir)}, readAll: true}) {
		r.Close()
		return 1
	}
	select {
	case <-ctx.Done():
	case <-r.Lost():
	}
	stop() // a second Ctrl-C ends hostile at once
	stopped := r.Close()
	rec := r.Recording()

	opts := recorder.ScenarioOptions{Name: o.name, KeepTiming: o.keepTiming, Reference: ref,
		ReferenceNote: "as given with --reference"}
	if opts.Name == "" {
		opts.Name = strings.TrimSuffix(filepath.Base(o.out), filepath.Ext(o.out))
	}
	if o.reference == "" {
		fmt.Fprintln(stdout, "hostile record: replaying the recording with the reference client, legacy and hardened")
		opts.Reference, opts.ReferenceNote, err = measureReference(rec, opts, dir)
		if err != nil {
			fmt.Fprintf(stderr, "hostile record: %v\n", err)
			return 1
		}
	}
	data, err := rec.YAML(opts)
	if err == nil {
		err = os.WriteFile(o.out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hostile record: %v\n", err)
		return 1
	}
	if _, err := scenarios.Load(o.out); err != nil {
		fmt.Fprintf(stderr, "hostile record: wrote %s, but it does not load back:\n%v\n", o.out, err)
		return 1
	}
	commands, transfers := 0, 0
	for _, s := range rec.Sessions {
		if s.Kind == "exec" {
			commands++
		}
		transfers += len(s.Transfers)
	}
	fmt.Fprintf(stdout, "hostile record: wrote %s: %d command(s), %d file transfer(s); reference: legacy %s, hardened %s\n",
		o.out, commands, transfers, opts.Reference.Legacy, opts.Reference.Hardened)
	var lost *recorder.StopError
	if errors.As(stopped, &lost) {
		fmt.Fprintf(stderr, "hostile record: %v; what was recorded until then is in %s\n", lost, o.out)
		return 1
	}
	return 0
}

// parseUpstream reads user@host[:port].
func parseUpstream(s string) (user, addr string, err error) {
	user, host, ok := strings.Cut(s, "@")
	if !ok || user == "" || host == "" {
		return "", "", fmt.Errorf("%q: want user@host[:port]", s)
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(strings.Trim(host, "[]"), "22")
	}
	return user, host, nil
}

// upstreamAuth is how the recorder logs in: a key file or a password from the
// environment, and the secrets that must never be written.
func upstreamAuth(identity, passwordEnv string) ([]gossh.AuthMethod, []string, error) {
	switch {
	case identity != "" && passwordEnv != "":
		return nil, nil, errors.New("give --identity or --password-env, not both")
	case identity != "":
		pem, err := os.ReadFile(identity)
		if err != nil {
			return nil, nil, fmt.Errorf("--identity: %v", err)
		}
		signer, err := gossh.ParsePrivateKey(pem)
		var encrypted *gossh.PassphraseMissingError
		if errors.As(err, &encrypted) {
			return nil, nil, fmt.Errorf("--identity %s: the key is encrypted; give an unencrypted copy, or use --password-env", identity)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("--identity %s: %v", identity, err)
		}
		return []gossh.AuthMethod{gossh.PublicKeys(signer)}, []string{string(pem)}, nil
	case passwordEnv != "":
		pw := os.Getenv(passwordEnv)
		if pw == "" {
			return nil, nil, fmt.Errorf("--password-env %s: the variable is empty or not set", passwordEnv)
		}
		return []gossh.AuthMethod{gossh.Password(pw), gossh.KeyboardInteractive(answerAll(pw))}, []string{pw}, nil
	}
	return nil, nil, errors.New("missing: --identity KEY or --password-env VAR, to log in to the host")
}

// answerAll answers every keyboard-interactive question with the password,
// as a host that asks "Password:" that way expects.
func answerAll(pw string) gossh.KeyboardInteractiveChallenge {
	return func(_, _ string, questions []string, _ []bool) ([]string, error) {
		answers := make([]string, len(questions))
		for i := range answers {
			answers[i] = pw
		}
		return answers, nil
	}
}

// parseReference reads legacy=pass,hardened=fail.
func parseReference(s string) (scenarios.Reference, error) {
	var ref scenarios.Reference
	if s == "" {
		return ref, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, text, _ := strings.Cut(part, "=")
		v := scenarios.Result(text)
		if v != scenarios.Pass && v != scenarios.Fail {
			return ref, fmt.Errorf("%q: want pass or fail after %s=", part, k)
		}
		switch k {
		case "legacy":
			ref.Legacy = v
		case "hardened":
			ref.Hardened = v
		default:
			return ref, fmt.Errorf("%q: want legacy= or hardened=", part)
		}
	}
	if ref.Legacy == "" || ref.Hardened == "" {
		return ref, fmt.Errorf("%q: give both legacy= and hardened=", s)
	}
	return ref, nil
}

// measureReference replays the recorded scenario with both profiles of the
// reference client, each on a fresh simulated host, and says what each got.
func measureReference(rec *recorder.Recording, opts recorder.ScenarioOptions, dir string) (scenarios.Reference, string, error) {
	draft, err := rec.YAML(opts)
	if err != nil {
		return scenarios.Reference{}, "", err
	}
	s, err := scenarios.Parse("recorded", draft)
	if err != nil {
		return scenarios.Reference{}, "", fmt.Errorf("the recording does not make a valid scenario: %w", err)
	}
	id, err := harness.NewIdentity(dir)
	if err != nil {
		return scenarios.Reference{}, "", err
	}
	startSim, err := harness.LookupTarget("simulated")
	if err != nil {
		return scenarios.Reference{}, "", err
	}
	got := map[product.Profile]scenarios.Result{}
	var notes []string
	for _, p := range []product.Profile{product.Legacy, product.Hardened} {
		v, err := replayOne(context.Background(), startSim, s, string(p), id, nil)
		if err != nil {
			return scenarios.Reference{}, "", err
		}
		got[p] = v.Result()
		notes = append(notes, fmt.Sprintf("%s %s (%s)", p, v.Result(), strings.Join(v.Why, "; ")))
	}
	note := "what each profile got when hostile record replayed the recording right after recording it:\n" +
		strings.Join(notes, "\n") + "\nedit to what a correct product must get"
	return scenarios.Reference{Legacy: got[product.Legacy], Hardened: got[product.Hardened]}, note, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
