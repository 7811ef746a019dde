package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
)

func init() {
	commands["serve"] = command{"serve a simulated host over SSH until interrupted", serve}
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hostile serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pers := fs.String("personality", "debian12", "the OS to pretend to be: "+joinNames(personality.Names()))
	addr := fs.String("addr", "127.0.0.1:2222", "listen address; loopback unless you say otherwise")
	hostname := fs.String("hostname", "hostile", "the host's name")
	transcripts := fs.String("transcripts", "", "write an asciicast transcript of every session into this directory")
	hostKeys := fs.String("host-keys", "", "keep host keys in this directory so the host keeps its identity across restarts")
	quiet := fs.Bool("quiet", false, "do not log one line per event")
	keepEvents := fs.Int("keep-events", 100000, "events each host keeps in memory for the control API (the newest); 0 keeps all")
	controlAddr := fs.String("control", "127.0.0.1:8474", `serve the control API (hostile fault) here; "" disables it`)
	pprofAddr := fs.String("pprof", "", "serve Go's profiles of this process (heap, goroutines, CPU) here, on loopback")
	token := fs.String("token", os.Getenv("HOSTILE_TOKEN"), "require this token on the control API, needed beyond loopback (default $HOSTILE_TOKEN)")
	target := fs.String("target", "simulated", `"container" serves each host as a real Debian container (real sshd, sudo, PAM, glibc) behind a fault proxy on --addr; needs a Docker engine`)
	var scenarioArgs []string
	fs.Func("scenario", "serve this scenario's host instead: a built-in name (hostile scenarios list) or a file; repeat it to serve several hosts on consecutive ports", func(v string) error {
		scenarioArgs = append(scenarioArgs, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hostile serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := personality.Lookup(*pers); err != nil {
		fmt.Fprintf(stderr, "hostile serve: --personality: %v\n", err)
		return 2
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(stderr, "hostile serve: --addr %q: %v\n", *addr, err)
		return 2
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "hostile serve: warning: listening on %s, beyond this machine\n", *addr)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch *target {
	case "simulated":
	case "container":
		return serveContainers(ctx, scenarioArgs, defaultDescription(*pers, *hostname), *addr, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "hostile serve: --target %q: want simulated or container\n", *target)
		return 2
	}
	opts := []simhost.Option{simhost.WithAddr(*addr)}
	if *transcripts != "" {
		opts = append(opts, simhost.WithTranscripts(*transcripts))
	}
	if *hostKeys != "" {
		opts = append(opts, simhost.WithHostKeyDir(*hostKeys))
	}
	var hosts []servedHost
	if len(scenarioArgs) > 0 {
		var err error
		if hosts, err = serveScenarios(ctx, scenarioArgs, *addr, opts, stdout); err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			return 1
		}
	} else {
		h, err := simhost.Start(ctx, defaultDescription(*pers, *hostname), opts...)
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			return 1
		}
		hosts = []servedHost{{*hostname, h}}
		fmt.Fprintf(stdout, "hostile: serving %s (%s) on %s\n", *hostname, *pers, h.Addr())
		fmt.Fprintf(stdout, "  ssh -p %d ops@%s          password: ops (may sudo)\n", h.Port(), hostOf(h.Addr()))
		fmt.Fprintf(stdout, "  ssh -p %d root@%s         password: root\n", h.Port(), hostOf(h.Addr()))
	}
	closeAll := func() (err error) {
		for _, s := range hosts {
			err = errors.Join(err, s.h.Close())
		}
		return err
	}
	for _, s := range hosts {
		s.h.Events().Retain(*keepEvents) // a host served for days must not grow without bound
		if *quiet {
			continue
		}
		prefix := "" // with several hosts, each event line names its host
		if len(hosts) > 1 {
			prefix = s.name + " "
		}
		colour := colourOutput(stdout)
		cancel := s.h.Events().Subscribe(func(e events.Event) { fmt.Fprintf(stdout, "%s%s\n", prefix, eventLine(e, colour)) })
		defer cancel()
	}
	fmt.Fprintln(stdout, "  (host keys change every start unless --host-keys is given; add -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null)")
	stopControl, err := serveControl(ctx, fs, *controlAddr, *token, hosts, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "hostile serve: --control: %v\n", err)
		closeAll()
		return 1
	}
	if *pprofAddr != "" {
		stopPprof, err := servePprof(ctx, *pprofAddr, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: --pprof: %v\n", err)
			stopControl()
			closeAll()
			return 1
		}
		defer stopPprof()
	}
	<-ctx.Done()
	stopControl()
	fmt.Fprintln(stdout, "hostile: stopping; flushing transcripts")
	if err := closeAll(); err != nil {
		fmt.Fprintf(stderr, "hostile serve: %v\n", err)
		return 1
	}
	return 0
}

// serveControl starts the control API with each host registered under its
// name. A busy default address only disables the API, with a warning.
func serveControl(ctx context.Context, fs *flag.FlagSet, addr, token string, hosts []servedHost, stdout, stderr io.Writer) (stop func() error, err error) {
	stop = func() error { return nil }
	if addr == "" {
		return stop, nil
	}
	srv := control.New(token)
	for _, s := range hosts {
		srv.AddHost(s.name, s.h)
	}
	bound, stop, err := control.Listen(ctx, addr, srv)
	if err != nil {
		explicit := false
		fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "control" })
		if explicit {
			return nil, err
		}
		fmt.Fprintf(stderr, "hostile serve: warning: no control API: %v (choose another with --control)\n", err)
		return func() error { return nil }, nil
	}
	fmt.Fprintf(stdout, "hostile: control API on http://%s\n", bound)
	fmt.Fprintf(stdout, "  hostile fault --control http://%s ls\n", bound)
	return stop, nil
}

func hostOf(addr string) string {
	host, _, _ := net.SplitHostPort(addr)
	return host
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// defaultDescription is the host `hostile serve` gives without a scenario: root
// and ops, who may sudo with his password.
func defaultDescription(pers, hostname string) machine.Description {
	return machine.Description{
		Personality: pers,
		Hostname:    hostname,
		Users: []machine.User{
			{Name: "root", Password: "root"},
			{Name: "ops", Password: "ops"},
		},
		Sudoers: []string{"ops ALL=(ALL:ALL) ALL"},
	}
}
