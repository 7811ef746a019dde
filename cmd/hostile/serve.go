package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
)

func init() { register(serveCommand) }

// serveOptions are serve's flags.
type serveOptions struct {
	personality, addr, hostname, transcripts, hostKeys, control, pprof, token, target string
	quiet                                                                             bool
	keepEvents                                                                        int
	scenarios                                                                         []string
	hostPorts                                                                         portRange
}

func serveCommand() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--scenario NAME|FILE ...] [flags]",
		Short: "serve a simulated host over SSH until interrupted",
		Long: `Serve a simulated host (or each scenario's host) over SSH until SIGINT or SIGTERM,
logging one line per event.

--target is where each host runs:
  simulated  the simulated host in this process (the default): every command emulated,
             every event logged, faults switchable through the control API
  container  a real Debian container (real sshd, bash, sudo, PAM, glibc) behind a fault
             proxy on --addr; needs a Docker engine. It takes only --scenario, --addr,
             --personality and --hostname: the other flags act on a simulated host.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(serve(cmd, o, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.personality, "personality", "debian12", "the OS to pretend to be: "+joinNames(personality.Names()))
	f.StringVar(&o.addr, "addr", "127.0.0.1:2222", "listen address; loopback unless you say otherwise")
	f.StringVar(&o.hostname, "hostname", "hostile", "the host's name")
	f.StringVar(&o.transcripts, "transcripts", "", "write an asciicast transcript of every session into this directory")
	f.StringVar(&o.hostKeys, "host-keys", "", "keep host keys in this directory so the host keeps its identity across restarts")
	f.BoolVar(&o.quiet, "quiet", false, "do not log one line per event")
	f.IntVar(&o.keepEvents, "keep-events", 100000, "events each host keeps in memory for the control API (the newest); 0 keeps all")
	f.StringVar(&o.control, "control", "127.0.0.1:8474", `serve the control API (hostile fault) here; "" disables it`)
	f.StringVar(&o.pprof, "pprof", "", "serve Go's profiles of this process (heap, goroutines, CPU) here, on loopback")
	f.StringVar(&o.token, "token", "", "require this token on the control API, needed beyond loopback (default $HOSTILE_TOKEN)")
	f.Var(&o.hostPorts, "host-ports", "ports for hosts a test starts over the control API (POST /hosts), as FROM-TO, on --addr's\naddress; ephemeral ports when not given (a lab in a container publishes these)")
	f.StringVar(&o.target, "target", "simulated", "where each host runs: simulated or container (see above)")
	f.StringArrayVar(&o.scenarios, "scenario", nil, "serve this scenario's host instead: a built-in name (hostile scenarios list) or a file;\nrepeat it to serve several hosts on consecutive ports")
	return cmd
}

// simulatedOnly are serve's flags that act on a simulated host only.
var simulatedOnly = []string{"transcripts", "host-keys", "control", "pprof", "quiet", "keep-events", "token", "host-ports"}

func serve(cmd *cobra.Command, o serveOptions, stdout, stderr io.Writer) int {
	if o.token == "" {
		o.token = os.Getenv("HOSTILE_TOKEN") // read here, so -h never prints it
	}
	if _, err := personality.Lookup(o.personality); err != nil {
		fmt.Fprintf(stderr, "hostile serve: --personality: %v\n", err)
		return 2
	}
	if host, _, err := net.SplitHostPort(o.addr); err != nil {
		fmt.Fprintf(stderr, "hostile serve: --addr %q: %v\n", o.addr, err)
		return 2
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "hostile serve: warning: listening on %s, beyond this machine\n", o.addr)
	}
	if o.target == "container" {
		for _, name := range simulatedOnly {
			if cmd.Flags().Changed(name) {
				fmt.Fprintf(stderr, "hostile serve: --%s: acts on a simulated host only; a container target does not take it (hostile serve -h)\n", name)
				return 2
			}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch o.target {
	case "simulated":
	case "container":
		return serveContainers(ctx, o.scenarios, defaultDescription(o.personality, o.hostname), o.addr, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "hostile serve: --target %q: want simulated or container\n", o.target)
		return 2
	}
	opts := []simhost.Option{simhost.WithAddr(o.addr)}
	if o.transcripts != "" {
		opts = append(opts, simhost.WithTranscripts(o.transcripts))
	}
	if o.hostKeys != "" {
		opts = append(opts, simhost.WithHostKeyDir(o.hostKeys))
	}
	var hosts []servedHost
	if len(o.scenarios) > 0 {
		var err error
		if hosts, err = serveScenarios(ctx, o.scenarios, o.addr, opts, stdout); err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			return 1
		}
	} else {
		h, err := simhost.Start(ctx, defaultDescription(o.personality, o.hostname), opts...)
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			return 1
		}
		hosts = []servedHost{{o.hostname, h, nil}}
		fmt.Fprintf(stdout, "hostile: serving %s (%s) on %s\n", o.hostname, o.personality, h.Addr())
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
		s.h.Events().Retain(o.keepEvents) // a host served for days must not grow without bound
		if o.quiet {
			continue
		}
		prefix := "" // with several hosts, each event line names its host
		if len(hosts) > 1 {
			prefix = s.name + " "
		}
		colour := colourOutput(stdout)
		// Follow, not Subscribe: a client may connect as soon as the host
		// listens, before this line runs, and its events must print too.
		cancel := s.h.Events().Follow(func(e events.Event) { fmt.Fprintf(stdout, "%s%s\n", prefix, eventLine(e, colour)) })
		defer cancel()
	}
	fmt.Fprintln(stdout, "  (host keys change every start unless --host-keys is given; add -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null)")
	stopControl, err := serveControl(ctx, cmd.Flags().Changed("control"), o.control, o.token, hosts, hostOf(o.addr), o.hostPorts, opts, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "hostile serve: --control: %v\n", err)
		closeAll()
		return 1
	}
	if o.pprof != "" {
		stopPprof, err := servePprof(ctx, o.pprof, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: --pprof: %v\n", err)
			stopControl()
			closeAll()
			return 1
		}
		defer stopPprof()
	}
	// Hosts a test starts over the control API bind after the restriction.
	var bindPorts []int
	if o.control != "" {
		bindPorts = []int(o.hostPorts)
		if len(bindPorts) == 0 {
			bindPorts = []int{0}
		}
	}
	if !confine(stdout, "serve", serveConfinement(o.transcripts, o.hostKeys, bindPorts)) {
		stopControl()
		closeAll()
		return 1
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
func serveControl(ctx context.Context, explicit bool, addr, token string, hosts []servedHost, hostIP string, hostPorts portRange, opts []simhost.Option, stdout, stderr io.Writer) (stop func() error, err error) {
	stop = func() error { return nil }
	if addr == "" {
		return stop, nil
	}
	srv := control.New(token)
	for _, s := range hosts {
		srv.AddScenarioHost(s.name, s.h, s.scenario)
	}
	// Hosts a test starts over the API (POST /hosts) listen where serve's own do.
	srv.SetHostDefaults(hostIP, hostPorts, opts...)
	bound, stopListening, err := control.Listen(ctx, addr, srv)
	if err != nil {
		if explicit {
			return nil, err
		}
		fmt.Fprintf(stderr, "hostile serve: warning: no control API: %v (choose another with --control)\n", err)
		return func() error { return nil }, nil
	}
	fmt.Fprintf(stdout, "hostile: control API on http://%s\n", bound)
	fmt.Fprintf(stdout, "  hostile fault --control http://%s ls\n", bound)
	return func() error { return errors.Join(stopListening(), srv.Close()) }, nil
}

// portRange is a flag of the form FROM-TO.
type portRange []int

func (r *portRange) String() string {
	if len(*r) == 0 {
		return ""
	}
	return fmt.Sprintf("%d-%d", (*r)[0], (*r)[len(*r)-1])
}

func (r *portRange) Type() string { return "FROM-TO" }

func (r *portRange) Set(v string) error {
	from, to, ok := strings.Cut(v, "-")
	a, errA := strconv.Atoi(from)
	b, errB := strconv.Atoi(to)
	if !ok || errA != nil || errB != nil || a < 1 || b > 65535 || a > b || b-a >= 1000 {
		return fmt.Errorf("want FROM-TO, two ports at most 1000 apart (2300-2309), got %q", v)
	}
	*r = nil
	for p := a; p <= b; p++ {
		*r = append(*r, p)
	}
	return nil
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
