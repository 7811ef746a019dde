package recorder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// ScenarioOptions say how a recording becomes a scenario.
type ScenarioOptions struct {
	// Name is the scenario's name; "recorded-HOSTNAME" when empty.
	Name string
	// KeepTiming makes each recorded command take as long as it took on the host.
	KeepTiming bool
	// Reference is what each profile of the reference client gets on the
	// scenario, and ReferenceNote how that was found; both "pass" when empty.
	Reference     scenarios.Reference
	ReferenceNote string
}

// Scenario is the recording as a scenario: the host inferred from the probe
// and the sessions, every command the host answered as a line-override, and a
// stimulus and expectations inferred from the product's first operation.
func (rec *Recording) Scenario(opts ScenarioOptions) *scenarios.Scenario {
	return rec.build(opts).s
}

// YAML is the scenario as a file meant to be read and edited: comments say
// where each part came from and what was not replayed.
func (rec *Recording) YAML(opts ScenarioOptions) ([]byte, error) {
	b := rec.build(opts)
	var doc yaml.Node
	if err := yaml.Unmarshal(b.s.YAML(), &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	header := b.header
	if len(b.moved) > 0 {
		header = append(header, "", "Files the products moved over sftp and scp:")
		header = append(header, indent(b.moved)...)
	}
	if len(b.unreplayed) > 0 {
		header = append(header, "", "Seen but not replayed:")
		header = append(header, indent(b.unreplayed)...)
	}
	doc.HeadComment = strings.Join(header, "\n")
	comment := func(n *yaml.Node, note string) {
		if n != nil && note != "" {
			n.HeadComment = note
		}
	}
	host := valueOf(root, "host")
	comment(keyOf(root, "host"), b.notes["host"])
	for _, field := range []string{"personality", "hostname", "users", "groups", "sudoers", "files", "lvm"} {
		comment(keyOf(host, field), b.notes[field])
	}
	if files := valueOf(host, "files"); files != nil {
		for i, item := range files.Content {
			comment(item, b.fileNotes[i])
		}
	}
	if fs := valueOf(root, "faults"); fs != nil {
		for i, item := range fs.Content {
			comment(item, b.faultNotes[i])
			if params := valueOf(item, "params"); params != nil {
				orderKeys(params, paramOrder)
			}
		}
	}
	for _, field := range []string{"stimulus", "expect", "reference"} {
		if k := keyOf(root, field); k != nil && b.notes[field] != "" {
			k.HeadComment = strings.TrimSpace(k.HeadComment + "\n\n" + b.notes[field])
		}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	enc.Close()
	return out.Bytes(), nil
}

// paramOrder is how a line-override reads best: the line, then its answer.
var paramOrder = []string{"line", "tty", "prompt", "stdout", "stderr", "exit", "delay", "hang", "times", "text", "stream", "channels"}

// builder gathers the scenario and the notes that become its comments.
type builder struct {
	rec        *Recording
	opts       ScenarioOptions
	s          *scenarios.Scenario
	facts      Facts
	header     []string
	notes      map[string]string
	fileNotes  []string
	faultNotes []string
	moved      []string // transfers and sftp operations
	unreplayed []string
}

func (rec *Recording) build(opts ScenarioOptions) *builder {
	b := &builder{rec: rec, opts: opts, s: &scenarios.Scenario{}, notes: map[string]string{}}
	b.facts = rec.Identity.Facts(rec.User)
	b.host()
	b.noise()
	b.commands()
	b.transfers()
	b.stimulus()
	b.finish()
	return b
}

func (b *builder) host() {
	rec, f, h := b.rec, b.facts, &b.s.Host
	ranked := f.Closest()
	best := ranked[0]
	h.Personality = best.Personality
	b.notes["personality"] = "the closest personality to the probed host; same: " + orNothing(best.Same)
	if len(best.Differs) > 0 {
		b.notes["personality"] += "\ndiffers: " + strings.Join(best.Differs, "; ")
	}
	if f.Nodename != "" && !strings.ContainsAny(f.Nodename, " /\t") {
		h.Hostname = f.Nodename
		b.notes["hostname"] = "uname -n on the host"
	}
	u := machine.User{Name: rec.User}
	if rec.User != "root" {
		u.UID, u.Home, u.Shell = f.UID, absOrEmpty(f.Home), absOrEmpty(f.Shell)
		if f.PrimaryGroup != "" && f.PrimaryGroup != rec.User {
			u.GID = f.GID
			h.Groups = append(h.Groups, machine.Group{Name: f.PrimaryGroup, GID: f.GID})
		}
		for _, name := range sortedKeys(f.Groups) {
			if name == f.PrimaryGroup || name == rec.User {
				continue
			}
			u.Groups = append(u.Groups, name)
			if !slices.ContainsFunc(h.Groups, func(g machine.Group) bool { return g.Name == name }) {
				h.Groups = append(h.Groups, machine.Group{Name: name, GID: f.Groups[name]})
			}
		}
	}
	h.Users = []machine.User{u}
	b.notes["users"] = fmt.Sprintf("%s as getent passwd and id told the probe. Its password is not kept:\n"+
		"hostile replay logs in with its own key, hostile serve adds ops/ops.", rec.User)
	if len(h.Groups) > 0 {
		b.notes["groups"] = "the user's groups, from id"
	}
	for _, s := range rec.Sessions {
		if s.Kind == "exec" && strings.HasPrefix(s.Line, "sudo ") && s.Exit != nil && *s.Exit == 0 && rec.User != "root" {
			h.Sudoers = []string{rec.User + " ALL=(ALL) NOPASSWD: ALL"}
			b.notes["sudoers"] = fmt.Sprintf("inferred: %q ran through sudo without a password; the host's own sudoers is not read", s.Line)
			break
		}
	}
	for _, s := range rec.Sessions {
		if lvm, ok := lvmFromPVS(s); ok {
			h.LVM = lvm
			b.notes["lvm"] = fmt.Sprintf("from the report of %q, so that pvs run any other way lists the same volumes", s.Line)
			break
		}
	}
	b.header = []string{
		fmt.Sprintf("Recorded by hostile record from %s@%s, starting %s.", rec.User, rec.Upstream, rec.Started.UTC().Format(time.RFC3339)),
		"The host: " + orUnknown(f.OSName) + ", " + orUnknown(rec.Identity.ServerVersion) + ", host key " + orUnknown(rec.Identity.HostKey) + ".",
		"  uname -a: " + orUnknown(lastLine(rec.Identity.probeOut("uname -a"))),
	}
	if f.Libc != "" {
		b.header = append(b.header, "  getconf GNU_LIBC_VERSION: glibc "+f.Libc)
	}
	if rec.Identity.Banner != "" {
		b.header = append(b.header, "  its SSH banner (not replayed; see the auth-banner fault): "+strconv.Quote(rec.Identity.Banner))
	}
	b.header = append(b.header,
		"Every command a product ran through the recorder is a line-override below: the",
		"simulated host answers that exact line with what the host printed, stdout and",
		"stderr apart, and its exit status. Any other command runs on the emulated shell.",
		"Secrets (passwords, private keys, --redact-env values) read "+Redacted+".")
	if st := rec.Stopped; st != nil {
		b.header = append(b.header, "The recording stopped early: "+st.Error()+".")
	}
}

// noise turns what a subsystem printed before sftp began into the rc-noise
// that printed it.
func (b *builder) noise() {
	for _, s := range b.rec.Sessions {
		text := strings.TrimSuffix(s.Noise, "\n")
		if text == "" || !utf8.ValidString(text) {
			continue
		}
		b.addFault(faults.Spec{Name: "rc-noise-sftp", Type: "rc-noise", Scope: faults.Scope{User: b.rec.User},
			Params: map[string]any{"text": text, "stream": "stdout", "channels": []string{"subsystem"}}},
			fmt.Sprintf("the sftp stream of connection %d began with %d bytes before the SFTP version packet:\n"+
				"the user's shell printed them before sftp-server started (an rc file)", s.Conn, len(s.Noise)))
		return
	}
}

// answer is one recorded command as the override that replays it.
type answer struct {
	s      Session
	params map[string]any
	note   string
}

func (b *builder) commands() {
	var answers []answer
	seen := map[string]bool{}
	for _, s := range b.rec.Sessions {
		where := fmt.Sprintf("connection %d, session %d", s.Conn, s.Number)
		switch {
		case s.Kind == "shell":
			typed, ok := typedCommands(s)
			if !ok || s.PTY == nil {
				b.unreplayed = append(b.unreplayed, fmt.Sprintf("not replayed: a shell session (%s, %d bytes typed, %d printed) whose lines could not be told apart",
					where, len(s.Stdin), len(s.Stdout)))
				continue
			}
			for _, t := range typed {
				answers = append(answers, answer{s: t, params: b.override(t), note: b.describe(t, where)})
			}
			continue
		case s.Kind != "exec":
			continue
		case newSCPWatcher(s.Line) != nil:
			continue // the emulated scp serves it; its files are in host.files
		case s.End == "upstream lost" || s.End == "running":
			b.unreplayed = append(b.unreplayed, fmt.Sprintf("not replayed: %q (%s) was cut short when the connection to the host dropped", s.Line, where))
			continue
		case s.Truncated:
			b.unreplayed = append(b.unreplayed, fmt.Sprintf("not replayed: %q (%s) printed more than the %d MiB kept", s.Line, where, maxOutput>>20))
			continue
		case !utf8.ValidString(s.Line + s.Stdout + s.Stderr):
			b.unreplayed = append(b.unreplayed, fmt.Sprintf("not replayed: %q (%s) printed bytes that are not text (UTF-8)", s.Line, where))
			continue
		}
		a := answer{s: s, params: b.override(s)}
		a.note = b.describe(s, where)
		answers = append(answers, a)
		seen[s.Line] = true
	}
	b.addAnswers(answers, "")
	var probes []answer
	for _, p := range b.rec.Identity.Probes {
		// What failed (cat /etc/release on Linux) the emulated host fails alike.
		if seen[p.Line] || !utf8.ValidString(p.Line+p.Stdout+p.Stderr) || p.Exit == nil || *p.Exit != 0 {
			continue
		}
		s := Session{Kind: "exec", Command: p, End: "exit"}
		probes = append(probes, answer{s: s, params: b.override(s), note: "from the identity probe hostile record ran at the start"})
	}
	b.addAnswers(probes, "probe-")
}

// addAnswers adds one override per distinct answer: a line answered the same
// way every time gets one that answers every time; a line whose answers
// changed gets one per time in order, the last answering from then on.
func (b *builder) addAnswers(answers []answer, prefix string) {
	// A line sent with a terminal is answered apart from the same line without.
	key := func(a answer) string { return fmt.Sprint(a.s.PTY != nil, a.s.Line) }
	byLine := map[string][]int{}
	var lines []string
	for i, a := range answers {
		if byLine[key(a)] == nil {
			lines = append(lines, key(a))
		}
		byLine[key(a)] = append(byLine[key(a)], i)
	}
	n := 0
	for _, line := range lines {
		idx := byLine[line]
		same := true
		for _, i := range idx[1:] {
			same = same && sameAnswer(answers[i].params, answers[idx[0]].params)
		}
		if same {
			a := answers[idx[0]]
			note := a.note
			if len(idx) > 1 {
				note += fmt.Sprintf("\nsent %d times, answered the same way every time", len(idx))
			}
			n++
			b.addFault(faults.Spec{Name: fmt.Sprintf("%sseen-%d", prefix, n), Type: "line-override", Scope: faults.Scope{User: b.rec.User}, Params: a.params}, note)
			continue
		}
		for k, i := range idx {
			a := answers[i]
			params := a.params
			note := a.note + fmt.Sprintf("\nanswer %d of %d to this line", k+1, len(idx))
			if k < len(idx)-1 {
				params["times"] = 1
			} else {
				note += "; it answers every later time too"
			}
			n++
			b.addFault(faults.Spec{Name: fmt.Sprintf("%sseen-%d", prefix, n), Type: "line-override", Scope: faults.Scope{User: b.rec.User}, Params: params}, note)
		}
	}
}

func sameAnswer(a, b map[string]any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// override is the line-override parameters that replay s.
func (b *builder) override(s Session) map[string]any {
	p := map[string]any{"line": s.Line}
	stdout, stderr := s.Stdout, s.Stderr
	if s.PTY != nil {
		// The simulated terminal turns \n into \r\n again, as the host's did.
		p["tty"] = true
		stdout = strings.ReplaceAll(stdout, "\r\n", "\n")
	}
	prompt := ""
	switch {
	case s.PromptBefore > 0 && s.PromptBefore <= len(stderr):
		prompt, stderr = stderr[:s.PromptBefore], stderr[s.PromptBefore:]
	case s.End == "client closed" && stderr != "" && !strings.HasSuffix(stderr, "\n") && s.Stdin == "":
		// Waiting on a question nobody answered when the client gave up.
		prompt, stderr = stderr, ""
	}
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set("prompt", prompt)
	set("stdout", stdout)
	set("stderr", stderr)
	switch s.End {
	case "exit":
		if *s.Exit != 0 {
			p["exit"] = *s.Exit
		}
	case "signal":
		p["exit"] = 128 + machine.SignalNumber(machine.LinuxSignals, s.Signal)
	case "client closed":
		p["hang"] = true
	}
	if b.opts.KeepTiming && s.Took > 0 {
		p["delay"] = s.Took.Round(time.Millisecond).String()
	}
	return p
}

// describe says where an answer came from, for its comment.
func (b *builder) describe(s Session, where string) string {
	var parts []string
	parts = append(parts, fmt.Sprintf("%s, at +%s, took %s", where, s.Began.Round(time.Millisecond), s.Took.Round(10*time.Microsecond)))
	switch s.End {
	case "exit":
		parts[0] += fmt.Sprintf(", exit %d", *s.Exit)
	case "signal":
		parts = append(parts, fmt.Sprintf("the host reported death by signal %s; the override exits %d instead", s.Signal, 128+machine.SignalNumber(machine.LinuxSignals, s.Signal)))
	case "client closed":
		parts = append(parts, "never finished: the client closed the session first, so the override never exits (hang)")
	case "typed":
		parts[0] = where + ", typed at the shell's prompt; a shell session shows no exit status per line, so the override exits 0"
	case "no exit status":
		parts = append(parts, "the host closed the session without an exit status; the override exits 0 (add the no-exit-status fault to replay that too)")
	}
	if s.PTY != nil {
		parts = append(parts, fmt.Sprintf("with a terminal (%s %dx%d): stdout and stderr came merged", s.PTY.Term, s.PTY.Columns, s.PTY.Rows))
	}
	switch {
	case s.Stdin != "" && s.PromptBefore > 0:
		parts = append(parts, fmt.Sprintf("the client answered the prompt with %s", quoteShort(s.Stdin)))
	case s.Stdin != "":
		parts = append(parts, fmt.Sprintf("stdin sent: %s", quoteShort(s.Stdin)))
	}
	for _, e := range s.Env {
		parts = append(parts, fmt.Sprintf("env %s=%s", e.Name, e.Value))
	}
	if len(s.Signals) > 0 {
		parts = append(parts, "signals sent by the client: "+strings.Join(s.Signals, ", "))
	}
	return strings.Join(parts, "\n")
}

// transfers puts the files the products read into host.files (when their
// content was kept) and the directories they wrote into, and notes the rest.
func (b *builder) transfers() {
	h := &b.s.Host
	home := b.userHome()
	dirs := map[string]bool{"/": true, "/tmp": true, "/var/tmp": true, home: true}
	for _, s := range b.rec.Sessions {
		for _, t := range s.Transfers {
			what := fmt.Sprintf("%s %s over %s (connection %d), %d bytes", t.Direction, t.Path, t.Via, s.Conn, t.Size)
			switch {
			case t.Failed != "":
				b.moved = append(b.moved, fmt.Sprintf("%s failed on the host: %s", strings.SplitN(what, ",", 2)[0], t.Failed))
			case !path.IsAbs(t.Path):
				b.moved = append(b.moved, what+": not on the simulated host (a relative path)")
			case t.Direction == "download" && t.Content == "" && t.Size > 0:
				b.moved = append(b.moved, what+": content not kept (binary, or larger than 64 KiB), so not on the simulated host")
			case t.Direction == "download":
				if slices.ContainsFunc(h.Files, func(f machine.File) bool { return f.Path == t.Path }) {
					continue
				}
				h.Files = append(h.Files, machine.File{Path: t.Path, Content: t.Content, Owner: b.ownerOf(t.Path, home)})
				b.fileNotes = append(b.fileNotes, what+"; owner and mode guessed")
			case t.Direction == "upload":
				dir := path.Dir(t.Path)
				b.moved = append(b.moved, what+" (the product writes it again on replay)")
				if dirs[dir] {
					continue
				}
				dirs[dir] = true
				h.Files = append(h.Files, machine.File{Path: dir, Dir: true, Owner: b.ownerOf(dir, home)})
				b.fileNotes = append(b.fileNotes, fmt.Sprintf("the product uploaded %s here; the owner is guessed", t.Path))
			}
		}
		for _, op := range s.FileOps {
			b.moved = append(b.moved, fmt.Sprintf("sftp (connection %d): %s", s.Conn, op))
		}
	}
	if len(h.Files) > 0 {
		b.notes["files"] = "files the products read or wrote over sftp or scp"
	}
}

func (b *builder) userHome() string {
	if b.rec.User == "root" {
		return "/root"
	}
	if b.facts.Home != "" {
		return b.facts.Home
	}
	return "/home/" + b.rec.User
}

// ownerOf guesses: the user owns what is under its home, root the rest.
func (b *builder) ownerOf(p, home string) string {
	if b.rec.User != "root" && (p == home || strings.HasPrefix(p, home+"/")) {
		return b.rec.User
	}
	if strings.HasPrefix(p, "/tmp/") || strings.HasPrefix(p, "/var/tmp/") {
		return b.rec.User
	}
	return ""
}

// stimulus infers the product's operation from the first command that looks
// like one of the reference client's, and what a correct product achieves.
func (b *builder) stimulus() {
	st, e := &b.s.Stimulus, &b.s.Expect
	st.User = b.rec.User
	zero := 0
	e.MaxOpenSessions, e.Settle = &zero, faults.Duration(time.Second)
	e.Outcome = scenarios.OutcomeSuccess
	for _, s := range b.rec.Sessions {
		if s.Kind != "exec" {
			continue
		}
		if strings.HasPrefix(s.Line, "sudo ") && strings.Contains(s.Line, "pvs") {
			st.Operation = scenarios.OpListPVs
			for _, pv := range b.s.Host.LVM.PVs {
				e.Volumes = append(e.Volumes, scenarios.Volume{Name: pv.Name, VG: pv.VG})
			}
			b.notes["stimulus"] = fmt.Sprintf("inferred from %q: the product lists the physical volumes", s.Line)
			b.notes["expect"] = "a correct product lists the volumes the host's report held"
			return
		}
		if p, ok := removedPath(s.Line); ok {
			st.Operation, st.Path = scenarios.OpRemoveFile, p
			e.FilesAbsent = []string{p}
			b.notes["stimulus"] = fmt.Sprintf("inferred from %q: the product removes a file", s.Line)
			b.notes["expect"] = "a correct product removes it, and says so"
			return
		}
	}
	for _, s := range b.rec.Sessions {
		if s.Kind != "exec" || newSCPWatcher(s.Line) != nil || s.End != "exit" {
			continue
		}
		st.Operation, st.Command = scenarios.OpRun, s.Line
		out, code := s.Stdout, *s.Exit
		e.Stdout, e.ExitStatus = &out, &code
		b.notes["stimulus"] = fmt.Sprintf("the first command the product ran (connection %d, session %d); edit to the operation that matters", s.Conn, s.Number)
		b.notes["expect"] = "a correct product returns what the host printed, and its exit status"
		return
	}
	st.Operation = scenarios.OpConnectCheck
	b.notes["stimulus"] = "no command finished through the recorder: the product only connects"
}

// removedPath recognises the reference client's clean-ups: `rm -f PATH` and
// `command rm -f -- 'PATH'; test ...`.
func removedPath(line string) (string, bool) {
	first, _, _ := strings.Cut(line, ";")
	f := strings.Fields(first)
	if len(f) > 0 && f[0] == "command" {
		f = f[1:]
	}
	if len(f) < 3 || f[0] != "rm" || f[1] != "-f" {
		return "", false
	}
	p := strings.Trim(f[len(f)-1], `'"`)
	return p, path.IsAbs(p) && !strings.ContainsAny(p, "*?[")
}

func (b *builder) finish() {
	rec, s := b.rec, b.s
	s.Name = nameWord(b.opts.Name)
	if s.Name == "" {
		s.Name = "recorded-" + nameWord(orDefault(s.Host.Hostname, "host"))
	}
	commands := 0
	for _, f := range s.Faults {
		if f.Type == "line-override" && !strings.HasPrefix(f.Name, "probe-") {
			commands++
		}
	}
	s.Summary = fmt.Sprintf("%s as recorded from %s@%s: %d command(s) answered as the host answered them",
		orDefault(b.facts.OSName, s.Host.Personality), rec.User, orDefault(s.Host.Hostname, rec.Upstream), commands)
	s.Story = fmt.Sprintf("Recorded with hostile record on %s. Tell the escalation here.", rec.Started.UTC().Format("2006-01-02"))
	s.Reference = b.opts.Reference
	if s.Reference.Legacy == "" {
		s.Reference.Legacy = scenarios.Pass
	}
	if s.Reference.Hardened == "" {
		s.Reference.Hardened = scenarios.Pass
	}
	b.notes["reference"] = orDefault(b.opts.ReferenceNote, "what each profile of the reference client must get: set it to what a correct product gets")
}

func (b *builder) addFault(spec faults.Spec, note string) {
	b.s.Faults = append(b.s.Faults, spec)
	b.faultNotes = append(b.faultNotes, note)
}

// lvmFromPVS reads the LVM physical volumes from a successful pvs report of
// s: separated columns named by -o, or --reportformat json.
func lvmFromPVS(s Session) (machine.LVM, bool) {
	if s.Kind != "exec" || s.End != "exit" || *s.Exit != 0 || !strings.Contains(s.Line, "pvs") {
		return machine.LVM{}, false
	}
	args := shellWords(s.Line)
	var columns []string
	sep := ""
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-o", "--options":
			columns = strings.Split(args[i+1], ",")
		case "--separator":
			sep = args[i+1]
		}
	}
	var rows []map[string]string
	if slices.Contains(args, "json") {
		start := strings.Index(s.Stdout, "{")
		var doc struct {
			Report []struct {
				PV []map[string]string `json:"pv"`
			} `json:"report"`
		}
		if start < 0 || json.Unmarshal([]byte(s.Stdout[start:]), &doc) != nil {
			return machine.LVM{}, false
		}
		for _, r := range doc.Report {
			rows = append(rows, r.PV...)
		}
	} else if sep != "" && slices.Contains(columns, "pv_name") {
		for _, line := range strings.Split(s.Stdout, "\n") {
			f := strings.Split(strings.TrimSpace(line), sep)
			if len(f) != len(columns) {
				continue
			}
			row := map[string]string{}
			for i, c := range columns {
				row[c] = f[i]
			}
			rows = append(rows, row)
		}
	}
	var lvm machine.LVM
	for _, r := range rows {
		if !strings.HasPrefix(r["pv_name"], "/dev/") {
			continue
		}
		pv := machine.PV{Name: r["pv_name"], VG: r["vg_name"]}
		pv.Size, _ = strconv.ParseInt(r["pv_size"], 10, 64)
		pv.Free, _ = strconv.ParseInt(r["pv_free"], 10, 64)
		if pv.Free > pv.Size {
			pv.Free = 0
		}
		lvm.PVs = append(lvm.PVs, pv)
		if pv.VG != "" && !slices.ContainsFunc(lvm.VGs, func(v machine.VG) bool { return v.Name == pv.VG }) {
			lvm.VGs = append(lvm.VGs, machine.VG{Name: pv.VG})
		}
	}
	return lvm, len(lvm.PVs) > 0
}

// shellWords splits a command line the way a shell would for plain words and
// single or double quotes, enough to read a command's options.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == ';' || r == '|':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// nameWord makes a text fit a scenario name: lower-case words joined by dashes.
func nameWord(s string) string {
	return strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

func quoteShort(s string) string {
	if len(s) > 60 {
		return strconv.Quote(s[:60]) + fmt.Sprintf(" (%d bytes in all)", len(s))
	}
	return strconv.Quote(s)
}

func orNothing(xs []string) string {
	if len(xs) == 0 {
		return "nothing"
	}
	return strings.Join(xs, ", ")
}

func orUnknown(s string) string { return orDefault(s, "unknown") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func absOrEmpty(p string) string {
	if path.IsAbs(p) {
		return p
	}
	return ""
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// valueOf and keyOf find a key's value and key nodes in a mapping node.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	if i := indexOf(m, key); i >= 0 {
		return m.Content[i+1]
	}
	return nil
}

func keyOf(m *yaml.Node, key string) *yaml.Node {
	if i := indexOf(m, key); i >= 0 {
		return m.Content[i]
	}
	return nil
}

func indexOf(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// orderKeys puts a mapping's keys in the given order, the others after.
func orderKeys(m *yaml.Node, order []string) {
	type pair struct{ k, v *yaml.Node }
	var pairs []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a.k.Value) - rank(b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}
