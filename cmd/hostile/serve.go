package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/hostile-lab/hostile/simhost"
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
	opts := []simhost.Option{simhost.WithAddr(*addr)}
	if *transcripts != "" {
		opts = append(opts, simhost.WithTranscripts(*transcripts))
	}
	if *hostKeys != "" {
		opts = append(opts, simhost.WithHostKeyDir(*hostKeys))
	}
	h, err := simhost.Start(ctx, defaultDescription(*pers, *hostname), opts...)
	if err != nil {
		fmt.Fprintf(stderr, "hostile serve: %v\n", err)
		return 1
	}
	if !*quiet {
		cancel := h.Events().Subscribe(func(e events.Event) { fmt.Fprintln(stdout, e) })
		defer cancel()
	}
	fmt.Fprintf(stdout, "hostile: serving %s (%s) on %s\n", *hostname, *pers, h.Addr())
	fmt.Fprintf(stdout, "  ssh -p %d ops@%s          password: ops (may sudo)\n", h.Port(), hostOf(h.Addr()))
	fmt.Fprintf(stdout, "  ssh -p %d root@%s         password: root\n", h.Port(), hostOf(h.Addr()))
	fmt.Fprintln(stdout, "  (host keys change every start unless --host-keys is given; add -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null)")
	<-ctx.Done()
	fmt.Fprintln(stdout, "hostile: stopping; flushing transcripts")
	if err := h.Close(); err != nil {
		fmt.Fprintf(stderr, "hostile serve: %v\n", err)
		return 1
	}
	return 0
}

func hostOf(addr string) string {
	host, _, _ := net.SplitHostPort(addr)
	return host
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
